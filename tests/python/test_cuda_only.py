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
