"""One element of a global tensor read inside element-wise code at indices free of the nest's (upstream attention
sink's `sinks[i] = Sinks[by]`: one value per block): the reader reads the tile holding it and spreads it over the
nest's tiles (every element of a 2-D nest, the vector line of a 1-D one), on both targets."""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import assert_within, compile_both

NP = {"float32": np.float32, "float16": np.float16, "bfloat16": None}


def scale_rows(M, N, bM, bN, dtype):
    """Out = A * S[by] + V[by] where V[by] passes through a 1-D fragment (the sink example's form) and S2[by, 1]
    is an element of a 2-D tensor."""

    @T.prim_func
    def scale(A: T.Tensor((M, N), dtype), S: T.Tensor((M // bM,), dtype), V: T.Tensor((M // bM,), dtype),
              S2: T.Tensor((M // bM, 40), dtype), Out: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            a = T.alloc_shared((bM, bN), dtype)
            v = T.alloc_fragment((bM,), dtype)
            o = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], a)
            for i in T.Parallel(bM):
                v[i] = V[by]
            for i, j in T.Parallel(bM, bN):
                o[i, j] = a[i, j] * S[by] + v[i] - S2[by, 1]
            T.copy(o, Out[by * bM, bx * bN])

    return scale


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("M,N,bM,bN", [(128, 64, 32, 32), (96, 96, 32, 64)])
def test_element_spread_over_the_nest(rng, M, N, bM, bN, dtype):
    tt, interp = compile_both(scale_rows(M, N, bM, bN, dtype))
    nb = M // bM
    # small integers: every product and sum is exact in float16 and float32, so the bound is 0
    a = rng.integers(-4, 5, (M, N)).astype(NP[dtype])
    s, v = rng.integers(-3, 4, nb).astype(NP[dtype]), rng.integers(-8, 9, nb).astype(NP[dtype])
    s2 = rng.integers(-8, 9, (nb, 40)).astype(NP[dtype])
    rows = np.arange(M) // bM
    ref = a.astype(np.float64) * s[rows, None] + v[rows, None] - s2[rows, 1][:, None]
    assert_within(tt(a, s, v, s2), ref, 0.0, "tenstorrent")
    assert_within(interp(a, s, v, s2), ref, 0.0, "interpret")
