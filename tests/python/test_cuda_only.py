"""Upstream's CUDA-only names (warp specialization, barriers, TMA, wgmma, ...) are located errors that say they are
CUDA-specific and name the portable form."""
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt.tt_check import assert_error_at


@pytest.mark.parametrize("name,portable", [("ws", "T.Pipelined"), ("alloc_barrier", "no barrier is needed"),
                                           ("tma_copy", "T.copy(src, dst)"), ("wgmma_gemm", "T.gemm(A, B, C)"),
                                           ("barrier_wait", "no barrier is needed")])
def test_cuda_only_name_is_a_located_error(name, portable):
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def main(C: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                getattr(T, name)  # CUDA-ONLY
    assert_error_at(e.value, __file__, "CUDA-ONLY", "getattr", "T", f"'T.{name}' is CUDA-specific: ", whole=False)
    assert portable in str(e.value)


def test_every_cuda_only_name_says_what_to_write():
    from tilelang_tt.language.cuda_only import CUDA_ONLY
    assert len(CUDA_ONLY) > 80
    for name, hint in CUDA_ONLY.items():
        assert name not in T.__all__
        with pytest.raises(tilelang.TileLangError, match=r"is CUDA-specific: .*(T\.|remove it)"):
            getattr(T, name)


def test_every_tvm_internal_name_says_what_to_write():
    from tilelang_tt.language.cuda_only import CUDA_ONLY, TVM_INTERNAL
    assert not set(TVM_INTERNAL) & set(CUDA_ONLY)
    for name, hint in TVM_INTERNAL.items():
        assert name not in T.__all__
        with pytest.raises(tilelang.TileLangError, match=r"is TVM-internal: .*(T\.|out_idx|get_profiler|itself|compile)"):
            getattr(T, name)


def test_layout_functions_are_accepted_hints(rng):
    """T.Layout / T.Fragment with layout functions in T.annotate_layout, and T.use_swizzle: accepted, results
    unchanged (buffers are dense row-major here)."""
    import numpy as np

    @T.prim_func
    def main(A: T.Tensor((8, 8), "float32"), B: T.Tensor((8, 8), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((8, 8), "float32")
            f = T.alloc_fragment((8, 8), "float32")
            T.annotate_layout({s: T.Layout((8, 8), lambda i, j: (j, i)),
                               f: T.Fragment((8, 8), forward_thread_fn=lambda i, j: i, replicate=1)})
            T.use_swizzle(4)
            T.copy(A, s)
            T.copy(s, f)
            T.copy(f, B)

    a = rng.standard_normal((8, 8)).astype(np.float32)
    b = np.zeros_like(a)
    tilelang.compile(main)(a, b)
    np.testing.assert_array_equal(b, a)


def test_layout_with_a_non_function_is_an_error():
    with pytest.raises(tilelang.TileLangError, match=r"\[Layout\] expected a function for forward_fn, got int"):
        T.Layout((8, 8), 3)
