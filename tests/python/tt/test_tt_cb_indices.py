"""Circular buffer indices: the reader's CBs from 0 up, compute's from 16 up to 31 and then from 15 down, so that a
kernel with more than 16 CBs of its own (upstream's sliding-window attention sink has 24 in all) runs; more than
32 in all is a located error."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at, assert_within, compile_both


def chain(M, N, steps):
    """f_0 = A; f_k = f_{k-1} + k, every f_k its own fragment (its own CB), Out = f_0 + … + f_steps."""

    @T.prim_func
    def chained(A: T.Tensor((M, N), "float32"), Out: T.Tensor((M, N), "float32")):
        with T.Kernel(1, 1) as (bx, by):  # cb-count
            a = T.alloc_shared((M, N), "float32")
            fs = [T.alloc_fragment((M, N), "float32") for _ in range(steps + 1)]
            total = T.alloc_fragment((M, N), "float32")
            T.copy(A[0, 0], a)
            T.copy(a, fs[0])
            for k in list(range(1, steps + 1)):
                for i, j in T.Parallel(M, N):
                    fs[k][i, j] = fs[k - 1][i, j] + float(k)
            T.copy(fs[0], total)
            for k in list(range(1, steps + 1)):
                for i, j in T.Parallel(M, N):
                    total[i, j] = total[i, j] + fs[k][i, j]
            T.copy(total, Out[0, 0])

    return chained


@pytest.mark.parametrize("steps", [20, 26])
def test_more_than_16_compute_cbs_run(rng, steps):
    tt, interp = compile_both(chain(32, 32, steps))
    a = rng.integers(-8, 9, (32, 32)).astype(np.float32)  # integers: exact sums, bound 0
    ref = (steps + 1) * a.astype(np.float64) + sum(k * (k + 1) / 2 for k in range(steps + 1))
    assert_within(tt(a), ref, 0.0, "tenstorrent")
    assert_within(interp(a), ref, 0.0, "interpret")


def test_more_than_32_cbs_is_a_located_error():
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(chain(32, 32, 34), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "cb-count", "T.Kernel", "T.Kernel",
                    "this kernel needs 38 circular buffers (1 filled by the reader); the device has 32 (at most 16 "
                    "filled by the reader): use fewer shared/fragment buffers")
