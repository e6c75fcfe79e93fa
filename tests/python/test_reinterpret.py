"""int16/uint16 end to end on "interpret" (tensors in and out, local buffers, casts, bit operations) and
T.reinterpret between dtypes of one width (float <-> int: bf16/f16 <-> uint16/int16, float32 <-> int32/uint32,
float64 <-> int64, float8 <-> uint8), against numpy's view of the same bits; the widths must match."""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError


def reinterpret_kernel(n, src, dst):
    @T.prim_func
    def main(A: T.Tensor((n,), src), B: T.Tensor((n,), dst), C: T.Tensor((n,), src)):
        with T.Kernel(1):
            for i in T.Parallel(n):
                B[i] = T.reinterpret(A[i], dst)
                C[i] = T.reinterpret(T.reinterpret(A[i], dst), src)  # and back
    return tilelang.compile(main, out_idx=[1, 2])


PAIRS = [("uint16", "float16"), ("int16", "bfloat16"), ("float16", "int16"), ("bfloat16", "uint16"),
         ("int32", "float32"), ("float32", "uint32"), ("int64", "float64"), ("float64", "int64"),
         ("uint8", "float8_e4m3"), ("float8_e5m2", "int8")]


def np_dtype(name):
    return np.dtype({"bfloat16": ml_dtypes.bfloat16, "float8_e4m3": ml_dtypes.float8_e4m3fn,
                     "float8_e5m2": ml_dtypes.float8_e5m2}.get(name, name))


def finite_bits(rng, src, dst, n):
    """n values of src whose bits, read as src and as dst, are finite numbers (a NaN's payload is not kept)."""
    s = np_dtype(src)
    words = rng.integers(0, 1 << (8 * s.itemsize), 4 * n, dtype=np.uint64, endpoint=False)
    words = words.astype(f"u{s.itemsize}")
    ok = np.ones(words.size, bool)
    for d in (np_dtype(src), np_dtype(dst)):
        if d.kind not in "iu":  # a float format (ml_dtypes' are not of kind "f")
            ok &= np.isfinite(words.view(d).astype(np.float64))
    return words[ok][:n].view(s)


@pytest.mark.parametrize("src,dst", PAIRS)
def test_reinterpret_reads_the_same_bits(rng, src, dst):
    n = 64
    a = finite_bits(rng, src, dst, n)
    b, c = reinterpret_kernel(n, src, dst)(a)
    assert b.dtype == np_dtype(dst)
    np.testing.assert_array_equal(b.view(f"u{b.itemsize}"), a.view(f"u{a.itemsize}"))
    np.testing.assert_array_equal(c.view(f"u{c.itemsize}"), a.view(f"u{a.itemsize}"))


def int16_kernel(n):
    @T.prim_func
    def main(A: T.Tensor((n,), "uint16"), S: T.Tensor((n,), "int16"), Out: T.Tensor((5, n), "int16"),
             U: T.Tensor((n,), "uint16")):
        with T.Kernel(1, threads=n):
            t = T.get_thread_binding()
            x = T.alloc_local([1], "uint16")
            x[0] = A[t]
            Out[0, t] = T.cast(x[0] >> T.uint16(3), "int16")
            Out[1, t] = S[t] >> T.int16(2)  # arithmetic
            Out[2, t] = S[t] * T.int16(3) + T.int16(7)  # wraps at 16 bits
            Out[3, t] = T.reinterpret((x[0] << T.uint16(4)) | T.uint16(5), "int16")
            Out[4, t] = T.cast(T.cast(S[t], "float32") * 0.5, "int16")  # toward zero
            U[t] = T.max(x[0], T.uint16(40000)) - T.uint16(1)
    return tilelang.compile(main, out_idx=[2, 3])


def test_int16_uint16_end_to_end(rng):
    n = 64
    a = rng.integers(0, 1 << 16, n).astype(np.uint16)
    s = rng.integers(-(1 << 15), 1 << 15, n).astype(np.int16)
    out, u = int16_kernel(n)(a, s)
    np.testing.assert_array_equal(out[0], (a >> 3).astype(np.int16))
    np.testing.assert_array_equal(out[1], s >> 2)
    np.testing.assert_array_equal(out[2], (s.astype(np.int64) * 3 + 7).astype(np.int16))
    np.testing.assert_array_equal(out[3], ((a << 4) | 5).astype(np.uint16).view(np.int16))
    np.testing.assert_array_equal(out[4], np.trunc(s.astype(np.float32) * 0.5).astype(np.int16))
    np.testing.assert_array_equal(u, np.maximum(a, 40000) - 1)


@pytest.mark.parametrize("src,dst", [("float32", "int16"), ("bool", "int8"), ("float16", "int32")])
def test_reinterpret_needs_one_width(src, dst):
    with pytest.raises(TileLangError, match=f"cannot reinterpret {src} as {dst}: the two dtypes must have the same "
                                            "width"):
        reinterpret_kernel(8, src, dst)
