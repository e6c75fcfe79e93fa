"""T.fill and T.clear on whole buffers, regions and single elements, with constant and symbolic values."""
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def test_fill_forms(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 8), "float32"), S: T.Tensor((1,), "float32")):
        with T.Kernel(1) as bx:
            t = T.alloc_fragment((8, 8), "float32")
            T.fill(t, 1.0)                       # whole buffer
            T.clear(t[2:4, :])                   # a region
            T.fill(t[5, 0:8], S[0] * 2.0)        # a row, with a symbolic value
            T.fill(t[7, 7], -3.0)                # a single element (start-index form)
            T.copy(t, A)
    s = np.array([1.25], np.float32)
    a = tilelang.compile(f, out_idx=0)(s)
    ref = np.ones((8, 8), np.float32)
    ref[2:4] = 0
    ref[5] = 2.5
    ref[7, 7] = -3
    np.testing.assert_array_equal(a, ref)


def test_fill_casts_to_buffer_dtype_and_global_region(rng):
    @T.prim_func
    def f(A: T.Tensor((4, 6), "int32"), B: T.Tensor((4, 6), "bool")):
        with T.Kernel(1) as bx:
            T.fill(A[1:3, 2:5], 7.9)              # float value into int32: truncates to 7
            T.fill(B, True)
            T.clear(B[0, :])
    a, b = tilelang.compile(f, out_idx=[0, 1])()
    ref = np.zeros((4, 6), np.int32)
    ref[1:3, 2:5] = 7
    np.testing.assert_array_equal(a, ref)
    refb = np.ones((4, 6), bool)
    refb[0] = False
    np.testing.assert_array_equal(b, refb)
