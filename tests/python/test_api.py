"""Package surface: spellings of tensor types, jit on a prim_func, get_ir, the CLI, exception types from C++."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt import _core
from tilelang_tt.cli import main as cli_main


def test_tensor_spellings_and_jit_on_prim_func(rng):
    @tilelang.jit(out_idx=-1)
    @T.prim_func
    def f(A: T.Tensor[(4, 8), "float32"], B: T.Buffer((4, 8), T.float32)):
        with T.Kernel(4) as bx:
            for j in T.Parallel(8):
                B[bx, j] = A[bx, j] + 1
    kernel = f()
    a = rng.standard_normal((4, 8)).astype(np.float32)
    np.testing.assert_array_equal(kernel(a), a + 1)
    ir = kernel.get_ir()
    assert ir.startswith("func f(A: float32[4, 8], B: float32[4, 8])")
    assert f.get_ir() == ir


def test_cpp_user_error_translation(tmp_path):
    src = tmp_path / "k.py"
    src.write_text("x = 1\n    y = bad(z)\n")
    with pytest.raises(tilelang.TileLangError) as e:
        _core._raise_user_error("copy", "expected a, got b", str(src), 2, 9)
    assert str(e.value) == f"{src}:2:9: error: [copy] expected a, got b\n    y = bad(z)\n        ^"
    assert (e.value.op, e.value.line, e.value.col) == ("copy", 2, 9)
    with pytest.raises(tilelang.InternalError):
        _core._raise_internal_error()


def test_cli(capsys):
    assert cli_main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == tilelang.__version__
    assert cli_main(["targets"]) == 0
    assert "interpret" in capsys.readouterr().out.split()


def test_register_backend_plugs_in(rng):
    calls = []

    class Recording:
        def __init__(self, func, options):
            self.options = options
            self.inner = tilelang.kernel.InterpretBackend(func, options)

        def run(self, arrays):
            calls.append(len(arrays))
            self.inner.run(arrays)

        def source(self):
            return "recorded"

    tilelang.register_backend("recording-test", Recording)
    try:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32"), B: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.copy(A, B)
        k = tilelang.compile(f, out_idx=1, target="recording-test", pass_configs={tilelang.PassConfigKey.TL_DISABLE_TMA_LOWER: True})
        assert k.backend.options["pass_configs"] == {"tl.disable_tma_lower": True}
        a = rng.standard_normal(8).astype(np.float32)
        np.testing.assert_array_equal(k(a), a)
        assert calls == [2] and k.get_kernel_source() == "recorded"
    finally:
        del tilelang.kernel._BACKENDS["recording-test"]


def test_jit_kernels_are_cached_per_default_target(monkeypatch):
    """A jitted kernel compiled under one TILELANG_TT_DEFAULT_TARGET is not reused under another."""
    @tilelang.jit(out_idx=-1)
    def add_one(n):
        @T.prim_func
        def main(A: T.Tensor((32, n), "float32"), B: T.Tensor((32, n), "float32")):
            with T.Kernel(1):
                A_s = T.alloc_shared((32, n), "float32")
                T.copy(A, A_s)
                for i, j in T.Parallel(32, n):
                    A_s[i, j] = A_s[i, j] + 1
                T.copy(A_s, B)
        return main

    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "interpret")
    first = add_one(32)
    assert first.target == "interpret" and add_one(32) is first
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")
    assert add_one(32).target == "tenstorrent"
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "interpret")
    assert add_one(32) is first
