"""User errors: exact message, file:line:col, source line and caret; never an internal traceback."""
import linecache
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

FILE = __file__


def where(marker, token):
    """(line, col) of `token` on the line of this file that carries `# <marker>`."""
    for n, line in enumerate(open(FILE).read().splitlines(), 1):
        if line.rstrip().endswith("# " + marker):
            return n, line.index(token) + 1
    raise AssertionError(marker)


def expected(marker, token, op, message):
    line, col = where(marker, token)
    src = linecache.getline(FILE, line).rstrip("\n")
    return f"{FILE}:{line}:{col}: error: [{op}] {message}\n{src}\n{' ' * (col - 1)}^"


def check(exc_info, marker, token, op, message):
    assert str(exc_info.value) == expected(marker, token, op, message)
    assert exc_info.value.op == op


def test_unknown_name():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                T.fancy_op(A)  # E1
    check(e, "E1", "T.fancy_op", "T",
          "unknown name 'T.fancy_op': it is not part of the TileLang-TT language (see docs/language.md)")


def test_wrong_argument_count():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(A)  # E2
    check(e, "E2", "T.copy", "copy", "missing a required argument: 'dst'")


def test_wrong_argument_type():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(A, 3)  # E3
    check(e, "E3", "T.copy", "copy", "expected a buffer, a slice of a buffer or a buffer element for dst, got int")


def test_copy_shape_mismatch():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((64, 64), "float32")):
            with T.Kernel(1) as bx:
                S = T.alloc_shared((32, 16), "float32")
                T.copy(A[0:32, 0:32], S)  # E4
    check(e, "E4", "T.copy", "copy",
          "expected regions of the same shape, got source 'A' (32, 32) and destination 'S' (32, 16)")


def test_gemm_shape_mismatch():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                a = T.alloc_shared((16, 32), "float16")
                b = T.alloc_shared((16, 8), "float16")
                c = T.alloc_fragment((16, 8), "float32")
                T.gemm(a, b, c)  # E5
    check(e, "E5", "T.gemm", "gemm", "expected A's K (32) to equal B's K (16)")


def test_buffer_outside_its_kernel():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                S = T.alloc_shared((8,), "float32")
            with T.Kernel(1) as bx:
                T.copy(S, A)  # E6
    check(e, "E6", "T.copy", "copy", "buffer 'S' (shared) is used outside the T.Kernel that allocated it")


def test_store_outside_kernel_buffer():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                S = T.alloc_fragment((8,), "float32")
            S[0] = 1.0  # E7
    check(e, "E7", "S[0]", "store", "buffer 'S' (fragment) is used outside the T.Kernel that allocated it")


def test_unsupported_syntax():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                while A[0] > 0:  # E8
                    A[0] = A[0] - 1.0
    check(e, "E8", "A[0] > 0", "while",
          "a `while` loop on a symbolic condition is not supported; use T.serial with an `if`")
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def g(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                try:  # E9
                    A[0] = 1.0
                finally:
                    pass
    check(e, "E9", "try", "syntax", "try/except is not supported in a kernel")


def test_break_in_ir_loop():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.serial(8):
                    break  # E10
    check(e, "E10", "break", "break", "`break` out of a symbolic loop or `if` is not supported")


def test_tile_op_inside_parallel_and_outside_kernel():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.Parallel(8):
                    T.fill(A, 0)  # E11
    check(e, "E11", "T.fill", "fill", "T.fill is a tile operation and is not allowed inside T.Parallel")
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def g(A: T.Tensor((8,), "float32")):
            T.clear(A)  # E12
    check(e, "E12", "T.clear", "clear", "T.clear must be used inside a T.Kernel block")


def test_symbolic_truth_value_outside_rewrite():
    def helper(x):
        # a plain helper is not rewritten: Python needs a bool
        return 1 if x > 0 else 2  # E13

    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                A[0] = helper(A[1])
    # Python >= 3.11 reports the exact expression; 3.10 has no column table, so the statement's start
    token = "x > 0" if sys.version_info >= (3, 11) else "return"
    check(e, "E13", token, "expr",
          "a symbolic value has no Python truth value here; use it in an `if` inside the kernel body or "
          "T.if_then_else")


def test_reduce_shape_and_dim():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                t = T.alloc_fragment((4, 8), "float32")
                o = T.alloc_fragment((8,), "float32")
                T.reduce_sum(t, o, dim=1)  # E14
    check(e, "E14", "T.reduce_sum", "reduce_sum", "expected out of shape (4,) (or with dim 1 kept as 1), got (8,)")


def test_kernel_arguments():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1, 2, 3, 4) as bx:  # E15
                pass
    check(e, "E15", "T.Kernel", "Kernel", "expected 1 to 3 grid dimensions, got 4")


def test_param_annotation():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32"), n):  # E16
            pass
    check(e, "E16", "n)", "prim_func", "parameter 'n' must be annotated with T.Tensor(shape, dtype) or a dtype "
                                       "(a scalar: `n: T.int32`)")


def test_unknown_dtype():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((8,), "float7")  # E17
    check(e, "E17", "T.alloc_shared", "alloc_shared", "unknown dtype 'float7'")


@T.prim_func
def _copy8(A: T.Tensor((8,), "float32"), B: T.Tensor((8,), "float32")):
    with T.Kernel(1) as bx:
        T.copy(A, B)


def test_call_errors():
    kernel = tilelang.compile(_copy8, out_idx=1)
    with pytest.raises(tilelang.TileLangError) as e:
        kernel(np.zeros(8, np.float16))  # C1
    check(e, "C1", "kernel(", "call", "parameter 'A': expected dtype float32, got float16")
    with pytest.raises(tilelang.TileLangError) as e:
        kernel(np.zeros(9, np.float32))  # C2
    check(e, "C2", "kernel(", "call", "parameter 'A': expected shape (8,), got (9,)")
    with pytest.raises(tilelang.TileLangError) as e:
        kernel(np.zeros(8, np.float32), np.zeros(8, np.float32))  # C3
    check(e, "C3", "kernel(", "call", "expected 1 tensor argument (A), got 2")
    with pytest.raises(tilelang.TileLangError) as e:
        kernel([1.0] * 8)  # C4
    check(e, "C4", "kernel(", "call", "parameter 'A': expected a numpy array, a torch tensor or an object with "
                                      "__dlpack__, got list")
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(_copy8, out_idx=5)  # C5
    check(e, "C5", "tilelang.compile", "compile", "out_idx 5 is out of range for 2 parameters")
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(_copy8, target="cuda")  # C6
    check(e, "C6", "tilelang.compile", "compile",
          f"unknown target 'cuda'; expected one of: {', '.join(tilelang.kernel.backends())}")
    assert "interpret" in tilelang.kernel.backends()


@tilelang.jit
def _eager_copy(A):
    N = T.const("N")
    A: T.Tensor((N, 4), "float32")  # C7
    B = T.empty((N, 4), "float32")
    with T.Kernel(1) as bx:
        T.copy(A, B)
    return B


def test_eager_argument_errors():
    with pytest.raises(tilelang.TileLangError) as e:
        _eager_copy(np.zeros((3, 5), np.float32))
    check(e, "C7", "A: T.Tensor", "Tensor", "parameter 'A': expected dim 1 to be 4, got 5")
    with pytest.raises(tilelang.TileLangError) as e:
        _eager_copy(np.zeros((3, 4), np.int32))
    check(e, "C7", "A: T.Tensor", "Tensor", "parameter 'A': expected dtype float32, got int32")


def test_runtime_error_from_interpreter():
    @T.prim_func
    def f(A: T.Tensor((8,), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_fragment((4,), "float32")
            for i in T.serial(8):
                s[i] = A[i]  # R1
    kernel = tilelang.compile(f)
    with pytest.raises(tilelang.TileLangError) as e:
        kernel(np.zeros(8, np.float32))
    check(e, "R1", "s[i]", "interpret", "index (4) is out of bounds for fragment buffer s of shape (4)")


def test_no_internal_traceback(tmp_path):
    script = tmp_path / "bad_kernel.py"
    script.write_text(textwrap.dedent("""\
        import tilelang_tt.language as T

        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(A, A, A)
    """))
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.rstrip().endswith(
        f"tilelang_tt.errors.TileLangError: {script}:6:9: error: [copy] too many positional arguments\n"
        "        T.copy(A, A, A)\n        ^")
    frames = [ln for ln in r.stderr.splitlines() if ln.strip().startswith('File "')]
    internal = [ln for ln in frames if "tilelang_tt" in ln]
    assert internal == [], r.stderr  # the printed traceback shows the user's frames only
    assert "Segmentation" not in r.stderr and "Abort" not in r.stderr


@tilelang.jit
def _eager_missing_annotation(A, B):  # C8
    N = T.const("N")
    A: T.Tensor((N,), "float32")
    C = T.empty((N,), "float32")
    with T.Kernel(1) as bx:
        T.copy(A, C)
    return C


def test_eager_unannotated_tensor():
    with pytest.raises(tilelang.TileLangError) as e:
        _eager_missing_annotation(np.zeros(4, np.float32), np.zeros(4, np.float32))
    check(e, "C8", "def", "jit",
          "tensor argument 'B' has no `B: T.Tensor(shape, dtype)` annotation in the function body")


def test_debug_env_shows_internal_frames(tmp_path):
    script = tmp_path / "bad_kernel.py"
    script.write_text(textwrap.dedent("""\
        import tilelang_tt.language as T

        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.nope(A)
    """))
    import os
    env = dict(os.environ, TILELANG_TT_DEBUG="1")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "unknown name 'T.nope'" in r.stderr
    frames = [ln for ln in r.stderr.splitlines() if ln.strip().startswith('File "')]
    assert sum("tilelang_tt" in ln for ln in frames) >= 3, r.stderr


def test_name_bound_in_symbolic_if_used_after():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                if A[0] > 0:
                    x = A[1]
                else:
                    x = A[2]
                A[3] = x  # S1
    check(e, "S1", "A[3]", "store", "'x' is out of scope here: it was defined inside a symbolic `if` that has ended")


def test_loop_var_used_after_loop():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.serial(8):
                    A[i] = 0.0
                A[i] = 1.0  # S2
    check(e, "S2", "A[i]", "index", "'i' is out of scope here: it was defined inside a T.serial loop that has ended")


def test_tensor_of_another_function():
    @T.prim_func
    def g(X: T.Tensor((8,), "float32")):
        with T.Kernel(1) as bx:
            X[0] = 1.0
    other = g.params[0]
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(other, A)  # S3
    check(e, "S3", "T.copy", "copy", "tensor 'X' belongs to another kernel function")


def test_symbolic_extent_against_constant():
    N = T.dynamic("N")
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((64, N), "float32")):
            with T.Kernel(2) as bx:
                S = T.alloc_shared((32, 16), "float32")
                T.copy(A[bx * 32:(bx + 1) * 32, :], S)  # S4
    check(e, "S4", "T.copy", "copy",
          "expected regions of the same shape, got source 'A' (32, N) and destination 'S' (32, 16)")


def test_local_region_out_of_bounds():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((64,), "float32")):
            with T.Kernel(1) as bx:
                S = T.alloc_shared((32,), "float32")
                T.copy(A[0:16], S[24:40])  # S5
    check(e, "S5", "T.copy", "copy", "region [24, 40) is out of bounds for dim 0 of 'S' (size 32)")


def test_symbolic_value_as_python_int():
    tiles = [0.5, 2.0]
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((2,), "float32")):
            with T.Kernel(1) as bx:
                for i in range(2):
                    A[i] = tiles[i]  # S6
    check(e, "S6", "tiles[i]", "expr",
          "a symbolic value cannot be used where Python needs an int (`range` in a kernel is an IR loop; to unroll "
          "at trace time iterate over a Python list, e.g. `for i in [0, 1, 2]`)")


def test_user_python_error_in_kernel_shows_user_frames(tmp_path):
    script = tmp_path / "typo_kernel.py"
    script.write_text(textwrap.dedent("""\
        import tilelang_tt.language as T

        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(A, B_typo)
    """))
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.rstrip().endswith("NameError: name 'B_typo' is not defined")
    frames = [ln for ln in r.stderr.splitlines() if ln.strip().startswith('File "')]
    assert frames == [f'  File "{script}", line 3, in <module>', f'  File "{script}", line 6, in f'], r.stderr


def test_dynamic_var_not_in_any_shape():
    n = T.dynamic("n")
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.serial(n):  # S7
                    A[i] = 0.0
    check(e, "S7", "T.serial", "serial", "T.dynamic 'n' is not part of any tensor parameter's shape in this function")


@tilelang.jit
def _eager_output_only_dynamic(A):  # S8
    M = T.dynamic("M")
    A: T.Tensor((4,), "float32")
    out = T.empty((M,), "float32")
    with T.Kernel(1) as bx:
        out[0] = A[0]
    return out


def test_dynamic_only_in_output():
    with pytest.raises(tilelang.TileLangError) as e:
        _eager_output_only_dynamic(np.zeros(4, np.float32))
    check(e, "S8", "def", "dynamic", "T.dynamic 'M' appears only in T.empty shapes; it must be part of an input "
                                     "tensor's shape")
