"""T.print on tenstorrent: DPRINT in the compute kernel (its UNPACK thread), shown on stdout as the interpreter
shows its prints. Each kernel runs on both targets; the tenstorrent lines are the interpreter's: the same text up
to the value, the same value as a number (a float may print with other digits: the 0.81 API's TSLICE prints the
shortest digits that read back as the same float), equal for copied data and within the dtype's rounding where
the kernel computed it. Lines of different blocks (cores) may interleave; each block's lines keep their order."""
import re

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from tt_check import assert_error_at, ulp

LINE = re.compile(r"^(msg='.*' at \((.*)\):.* value=)(\S+)$")


def run(func, target, args, capfd, api="0.81"):
    configs = {"tt.metalium_api": api} if target == "tenstorrent" else None
    kernel = tilelang.compile(func, out_idx=-1, target=target, pass_configs=configs)
    capfd.readouterr()
    out = kernel(*args)
    return kernel, out, capfd.readouterr().out.splitlines()


def by_block(lines):
    """{the line's `at` text: [(text before the value, value text)]}, each block's lines in order."""
    out = {}
    for line in lines:
        m = LINE.match(line)
        assert m, line
        out.setdefault(m.group(2), []).append((m.group(1), m.group(3)))
    return out


def value(text):
    """The printed number as the float32 it stands for (both targets print float32 values, or exact integers)."""
    return {"True": 1.0, "False": 0.0}[text] if text in ("True", "False") else float(np.float32(text))


def assert_same_prints(tt_lines, ref_lines, bound=lambda v: 0.0):
    """Per block, the same lines in the same order; values equal within bound(reference value)."""
    tt, ref = by_block(tt_lines), by_block(ref_lines)
    assert sorted(tt) == sorted(ref)
    for at, ref_block in ref.items():
        assert [head for head, _ in tt[at]] == [head for head, _ in ref_block], at
        for (head, got), (_, want) in zip(tt[at], ref_block):
            assert abs(value(got) - value(want)) <= bound(value(want)), (head, got, want)


def scalars():
    @T.prim_func
    def main(A: T.Tensor((64, 32), "float32"), B: T.Tensor((64, 32), "float32")):
        with T.Kernel(1, 2) as (bx, by):
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A[by * 32, 0], s)
            T.print(by * 10 + 3, msg="int")
            T.print(by > 0, msg="bool")
            T.print(T.float32(by) * 0.1, msg="float {braces} \"quoted\"")
            T.copy(s, B[by * 32, 0])
    return main


@pytest.mark.parametrize("api", ["0.66", "0.81"])
def test_scalars_print_the_interpreters_lines(api, capfd):
    a = np.zeros((64, 32), np.float32)
    _, _, ref = run(scalars(), "interpret", [a], capfd)
    kernel, _, tt = run(scalars(), "tenstorrent", [a], capfd, api)
    assert len(ref) == 6
    # Scalars print with the interpreter's 9 significant digits in both API versions: the same text.
    assert sorted(tt) == sorted(ref)
    assert_same_prints(tt, ref)
    assert "msg='float {braces} \"quoted\"' at (bx=0, by=1): dtype=float32 value=0.100000001" in tt
    # Moved off stderr, which keeps only the host program's own diagnostics.
    assert kernel.backend.last_run["dprint"].splitlines() == tt
    assert "msg=" not in kernel.backend.last_run["stderr"]


def whole_buffer():
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32"), B: T.Tensor((32, 64), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 64), "float32")
            T.copy(A, s)
            T.print(s, msg="copied")
            T.copy(s, B)
    return main


@pytest.mark.parametrize("api", ["0.66", "0.81"])
def test_a_whole_shared_buffer_after_a_copy(api, capfd):
    a = np.random.default_rng(1).uniform(-3, 3, (32, 64)).astype(np.float32)
    _, _, ref = run(whole_buffer(), "interpret", [a], capfd)
    _, out, tt = run(whole_buffer(), "tenstorrent", [a], capfd, api)
    assert len(ref) == 32 * 64 and ref[65].startswith("msg='copied' at (bx=0): s(1, 1) dtype=float32 value=")
    assert_same_prints(tt, ref)  # copied floats: the same numbers, exactly
    if api == "0.66":
        assert tt == ref  # SETPRECISION(9): the interpreter's digits too
    np.testing.assert_array_equal(out, a)  # printing changed nothing


def fragment_math():
    @T.prim_func
    def main(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2, 1) as (bx, by):
            s = T.alloc_shared((64, 32), "bfloat16")
            f = T.alloc_fragment((64, 32), "bfloat16")
            T.copy(A[0, bx * 32], s)
            for i, j in T.Parallel(64, 32):
                f[i, j] = s[i, j] * 3 + 1
            T.print(f[30:34, 30:32], msg="frag")  # a region across tile boundaries
            T.print(f[33, 1], msg="one")
            T.copy(f, B[0, bx * 32])
    return main


def test_a_fragment_region_after_elementwise_math(capfd):
    a = np.random.default_rng(2).uniform(-2, 2, (64, 64)).astype(np.float32)
    import ml_dtypes
    a = a.astype(ml_dtypes.bfloat16)
    _, _, ref = run(fragment_math(), "interpret", [a], capfd)
    _, out, tt = run(fragment_math(), "tenstorrent", [a], capfd)
    assert len(ref) == 2 * (4 * 2 + 1)
    # Computed in DST and packed to bfloat16: within one bfloat16 ulp of the interpreter's value.
    assert_same_prints(tt, ref, bound=lambda v: float(ulp(np.array([v]), "bfloat16")[0]))
    # The printed elements are the output's.
    printed = {m.group(1): float(m.group(2)) for m in
               (re.match(r"msg='frag' at \(bx=(\d), by=0\): f\(33, 31\) dtype=bfloat16 value=(\S+)", l) for l in tt) if m}
    assert printed == {str(b): float(out[33, b * 32 + 31]) for b in (0, 1)}


def pipelined():
    @T.prim_func
    def main(A: T.Tensor((32, 128), "float32"), B: T.Tensor((128, 32), "float32"), C: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            a_s = T.alloc_shared((32, 32), "float32")
            b_s = T.alloc_shared((32, 32), "float32")
            acc = T.alloc_fragment((32, 32), "float32")
            T.clear(acc)
            for k in T.Pipelined(4, num_stages=2):
                T.copy(A[0, k * 32], a_s)
                T.copy(B[k * 32, 0], b_s)
                T.print(k, msg="k")
                T.print(a_s[k, 0:2], msg="a")
                T.gemm(a_s, b_s, acc)
            T.print(acc[0, 0:2], msg="acc")
            T.copy(acc, C)
    return main


@pytest.mark.parametrize("api", ["0.66", "0.81"])
def test_inside_a_pipelined_loop(api, capfd):
    rng = np.random.default_rng(3)
    a = rng.integers(-4, 4, (32, 128)).astype(np.float32)
    b = rng.integers(-4, 4, (128, 32)).astype(np.float32)
    _, _, ref = run(pipelined(), "interpret", [a, b], capfd)
    _, out, tt = run(pipelined(), "tenstorrent", [a, b], capfd, api)
    assert len(ref) == 4 * 3 + 2
    # Small integers: exact in every format, so exact after the matmul too.
    assert_same_prints(tt, ref)
    np.testing.assert_array_equal(out, a @ b)


def conditional():
    @T.prim_func
    def main(A: T.Tensor((64, 128), "float32"), B: T.Tensor((64, 32), "float32")):
        with T.Kernel(1, 2) as (bx, by):
            s = T.alloc_shared((32, 32), "float32")
            f = T.alloc_fragment((32, 32), "float32")
            T.fill(f, 1.0)
            for k in range(4):
                T.copy(A[by * 32, k * 32], s)  # read by nothing but the print, in one iteration of four
                if k == by + 1:
                    T.print(s[0, 0], msg="only")
            start = by * 32 + 1
            T.print(start, msg="let")
            if by == 0:
                T.print(f[0, 0:2], msg="f")
            T.copy(f, B[by * 32, 0])
    return main


def test_prints_under_ifs_and_of_lets(capfd):
    # A version only a print under an `if` reads is still popped on the other paths (tt_pop_insertion).
    a = np.arange(64 * 128, dtype=np.float32).reshape(64, 128)
    _, _, ref = run(conditional(), "interpret", [a], capfd)
    _, out, tt = run(conditional(), "tenstorrent", [a], capfd)
    assert len(ref) == 6
    assert sorted(tt) == sorted(ref)
    np.testing.assert_array_equal(out, np.ones((64, 32), np.float32))


def test_a_vector_prints_in_its_orientation(capfd):
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32"), B: T.Tensor((32,), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 64), "float32")
            m = T.alloc_fragment((32,), "float32")
            T.copy(A, s)
            T.reduce_max(s, m, dim=1)  # one value per row: a column vector of tiles
            T.print(m[0:3], msg="rowmax")
            T.copy(m, B)
    a = np.random.default_rng(4).uniform(-3, 3, (32, 64)).astype(np.float32)
    _, _, ref = run(main, "interpret", [a], capfd)
    _, out, tt = run(main, "tenstorrent", [a], capfd)
    assert [l.split(" value=")[0] for l in ref][0] == "msg='rowmax' at (bx=0): m(0) dtype=float32"
    # The reduction reads float32 data through the FPU with 9 mantissa bits (docs/tenstorrent.md, numerics):
    # within 2^-9 relative of the interpreter's, and exactly what the kernel stores.
    assert_same_prints(tt, ref, bound=lambda v: abs(v) * 2.0**-9)
    assert [float(np.float32(l.split("value=")[1])) for l in tt] == [float(x) for x in out[0:3]]


def test_a_float16_buffer_prints_through_an_exact_float32_copy(capfd):
    # TSLICE decodes no Float16 tiles: the print reads a float32 copy (every float16 value is a float32 one).
    @T.prim_func
    def main(H: T.Tensor((32, 64), "float16"), B: T.Tensor((32, 64), "float16")):
        with T.Kernel(2) as bx:
            h = T.alloc_shared((32, 32), "float16")
            T.copy(H[0, bx * 32], h)
            T.print(h[3, 30:32], msg="half")
            T.copy(h, B[0, bx * 32])
    hv = np.random.default_rng(5).uniform(-3, 3, (32, 64)).astype(np.float16)
    _, _, ref = run(main, "interpret", [hv], capfd)
    _, out, tt = run(main, "tenstorrent", [hv], capfd, "0.66")
    assert len(ref) == 4 and "h(3, 31) dtype=float16" in ref[1]
    assert sorted(tt) == sorted(ref)  # the same float16 values, with the interpreter's 9 digits
    np.testing.assert_array_equal(out, hv)


def unprintable(which):
    @T.prim_func
    def global_region(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A, s)
            T.print(A[0:2, 0:2], msg="global")  # global tensor
            T.copy(s, B)

    @T.prim_func
    def expression(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A, s)
            T.print(s[0, 0] * 2)  # expression of elements
            T.copy(s, B)
    return {"global tensor": global_region, "expression of elements": expression}[which]


@pytest.mark.parametrize("marker, message", [
    ("global tensor", "printing global tensor A is not supported on tenstorrent"),
    ("expression of elements", "printing an expression of elements of s is not supported on tenstorrent")])
def test_unprintable_prints_are_located_errors(marker, message):
    with pytest.raises(TileLangError) as e:
        tilelang.compile(unprintable(marker), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, marker, "T.print", "T.print", message, whole=False)


def test_print_in_thread_level_code_is_a_located_error():
    @T.prim_func
    def main(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=32) as bx:
            t = T.get_thread_binding(0)  # thread-level
            T.print(t)
            T.copy(A, B)
    with pytest.raises(TileLangError) as e:
        tilelang.compile(main, out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "thread-level", "T.get_thread_binding", "T.get_thread_binding",
                    "thread-level code (per-thread indices, thread all-reduce, warp shuffles) has no Tenstorrent "
                    "form yet", whole=False)
