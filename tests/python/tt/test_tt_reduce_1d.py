"""Reductions of 1-D buffers to a scalar (T.reduce_* of a (N,) buffer into a (1,) fragment, dim=0) on both targets,
against numpy (float64), and the scalar read back in element-wise code (`A_s[i, j] - s[0]`, `x[i] - s[0]`).

On "tenstorrent" a vector holds its values in column 0 (one value per row: a reduce along dim 1's result, or a vector
indexed by a row index) or in row 0 of its tiles (transform/tt_reduce_lowering.h): its T tiles are reduced along
that line (T×1 tiles with REDUCE_COL, 1×T with REDUCE_ROW) into element [0, 0] of one tile, which element-wise code
reads through a scalar broadcast (BroadcastType::SCALAR).

Error bounds (u as in tt_check.py; S = Σ|x| over what a scalar reduces, amax = max|x|):
  * the reductions read float32 operands as TF32 in the multiplier (9 mantissa bits, < 2^-9 relative per element,
    test_tt_reduce.py) and bf16 ones exactly; sums accumulate within the recursive-summation bound n·u·S. Two levels
    (rows, then the vector of row results): ((n1 + n2 + 1)·u + 2·2^-9)·S for float32 (the +1: the row results
    stored in the vector's dtype), ((n1 + n2 + 1)·u)·S for bfloat16; max/min/absmax: 2·2^-9·amax (float32), exact
    for bfloat16.
  * the scalar broadcast reads a float32 scalar through the FPU's source register as TF32 (10 mantissa bits:
    < 2^-10·|s|); bf16 exactly. The subtraction rounds once: u·|result|.
  * "interpret" sums sequentially in the buffer dtype: the same bounds; between the targets their sum.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, f64, inputs

TF32_MUL, TF32_BCAST = 2.0**-9, 2.0**-10
INIT = {"sum": 0.0, "abssum": 0.0, "max": -np.inf, "absmax": -np.inf, "min": np.inf}
NUMPY = {"sum": np.sum, "max": np.max, "min": np.min, "abssum": lambda v, axis=None: np.abs(v).sum(axis=axis),
         "absmax": lambda v, axis=None: np.abs(v).max(axis=axis)}


def block_minus_scalar(M, N, bM, dtype, rows_kind, vec_kind):
    """Each bM×N block: reduce_<rows_kind> along dim 1 (a column vector), reduce_<vec_kind> of that vector into
    s (1,), then B = A - s[0] over the block."""
    red1, red2 = getattr(T, "reduce_" + rows_kind), getattr(T, "reduce_" + vec_kind)

    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(M // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, N), dtype)
            r = T.alloc_fragment((bM,), dtype)
            s = T.alloc_fragment((1,), dtype)
            B_l = T.alloc_fragment((bM, N), dtype)
            T.copy(A[bx * bM, 0], A_s)
            red1(A_s, r, dim=1)
            red2(r, s, dim=0)
            for i, j in T.Parallel(bM, N):
                B_l[i, j] = A_s[i, j] - s[0]
            T.copy(B_l, B[bx * bM, 0])
    return k


def vector_minus_scalar(N, bN, dtype, kind):
    """A 1-D tensor walked in bN-element blocks (row vectors), folded with clear=False into s from the reduction's
    identity; then Y = X - s[0] in a 1-D T.Parallel over the blocks again."""
    red = getattr(T, "reduce_" + kind)

    @T.prim_func
    def k(X: T.Tensor((N,), dtype), Y: T.Tensor((N,), dtype)):
        with T.Kernel(1, threads=128) as bx:
            x = T.alloc_fragment((bN,), dtype)
            y = T.alloc_fragment((bN,), dtype)
            s = T.alloc_fragment((1,), dtype)
            T.fill(s, INIT[kind])
            for kb in T.serial(N // bN):
                T.copy(X[kb * bN], x)
                if kind.startswith("abs"):
                    red(x, s, dim=0)  # (upstream's abs forms take no clear argument: one block)
                else:
                    red(x, s, dim=0, clear=False)
            for kb in T.serial(N // bN):
                T.copy(X[kb * bN], x)
                for i in T.Parallel(bN):
                    y[i] = x[i] - s[0]
                T.copy(y, Y[kb * bN])
    return k


def scalar_bound(kind, dtype, S, amax, n):
    u = U[dtype]
    tf = TF32_MUL if dtype == "float32" else 0.0
    return (n * u + 2 * tf) * S if kind in ("sum", "abssum") else 2 * tf * amax


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("rows_kind,vec_kind", [("sum", "sum"), ("max", "max"), ("max", "min"), ("sum", "abssum"),
                                                ("min", "absmax")])
@pytest.mark.parametrize("M,N,bM", [(64, 64, 64), (128, 96, 64)])
def test_column_vector_to_scalar(M, N, bM, rows_kind, vec_kind, dtype):
    rng = np.random.default_rng(3)
    A = inputs(rng, (M, N), dtype)
    a = f64(A).reshape(M // bM, bM, N)
    r = NUMPY[rows_kind](a, axis=2)                       # (blocks, bM)
    s = NUMPY[vec_kind](r, axis=1)                        # (blocks,)
    S = np.abs(a).sum(axis=(1, 2))
    amax = np.abs(a).max(axis=(1, 2))
    s_err = scalar_bound(vec_kind if rows_kind == "sum" else "max", dtype, S, amax, N + bM + 1)
    ref = (a - s[:, None, None]).reshape(M, N)
    tf_b = TF32_BCAST if dtype == "float32" else 0.0
    bound = np.repeat(s_err + tf_b * np.abs(s), bM)[:, None] + U[dtype] * np.abs(ref)
    check(block_minus_scalar(M, N, bM, dtype, rows_kind, vec_kind), [A], ref, bound, dtype, extra_interp=2 * bound)


# Several blocks folded with clear=False, and one block; the abs forms (no clear argument) over one block only.
ROW_CASES = [(kind, N, bN) for kind in ["sum", "max", "min", "abssum", "absmax"] for N, bN in [(256, 64), (96, 96)]
             if not (kind.startswith("abs") and N != bN)]


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("kind,N,bN", ROW_CASES)
def test_row_vector_to_scalar(N, bN, kind, dtype):
    rng = np.random.default_rng(5)
    X = inputs(rng, (N,), dtype)
    x = f64(X)
    s = NUMPY[kind](x)
    s_err = scalar_bound(kind, dtype, np.abs(x).sum(), np.abs(x).max(), N + 1) / 2  # one level
    ref = x - s
    tf_b = TF32_BCAST if dtype == "float32" else 0.0
    bound = s_err + tf_b * abs(s) + U[dtype] * np.abs(ref)
    check(vector_minus_scalar(N, bN, dtype, kind), [X], ref, bound, dtype, extra_interp=2 * bound)


def reduce_3d():
    """A (2, 32, 64) block reduced along its last dimension into (2, 32) (marker lines for the error test)."""
    @T.prim_func
    def k(A: T.Tensor((2, 32, 64), "float32"), B: T.Tensor((2, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((2, 32, 64), "float32")  # R3
            m = T.alloc_fragment((2, 32), "float32")
            T.copy(A, A_s)
            T.reduce_max(A_s, m, dim=2)
            T.copy(m, B)
    return k


def test_reduce_of_3d_block_runs_on_interpret_and_is_a_located_error_on_tenstorrent():
    """Local blocks of rank 3 are not lowered (issue 13 (2)): the error names the block at its allocation."""
    import tilelang_tt as tilelang
    from tt_check import assert_error_at
    a = np.random.default_rng(1).standard_normal((2, 32, 64)).astype(np.float32)
    out = tilelang.compile(reduce_3d(), out_idx=-1, target="interpret")(a)
    np.testing.assert_array_equal(out, a.max(axis=2))
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(reduce_3d(), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "R3", "T.alloc_shared", "alloc", "buffer A_s has rank 3: local buffers of rank 3 "
                    "or more are not supported on tenstorrent yet; use 1-D or 2-D blocks")


def block_argmax_mask(M, N, bM, dtype):
    """Each block's maximum (the maximum of its row maxima, a scalar) selects its elements: B = (A == max)."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(M // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, N), dtype)
            r = T.alloc_fragment((bM,), dtype)
            s = T.alloc_fragment((1,), dtype)
            B_l = T.alloc_fragment((bM, N), dtype)
            T.copy(A[bx * bM, 0], A_s)
            T.reduce_max(A_s, r, dim=1)
            T.reduce_max(r, s, dim=0)
            for i, j in T.Parallel(bM, N):
                B_l[i, j] = T.if_then_else(A_s[i, j] == s[0], 1.0, 0.0)
            T.copy(B_l, B[bx * bM, 0])
    return k


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_scalar_maximum_selects_exactly(dtype):
    """A maximum that a comparison reads is a selection: computed and broadcast exactly (docs/tenstorrent.md, "Math"),
    so exactly the block's maximal elements are marked, for float32 values that differ below TF32's 10 bits too."""
    rng = np.random.default_rng(11)
    M, N, bM = 128, 64, 64
    A = inputs(rng, (M, N), dtype)
    if dtype == "float32":  # a runner-up one float32 ulp below each block's maximum, in another row
        for b in range(M // bM):
            blk = A[b * bM:(b + 1) * bM]
            i, j = np.unravel_index(np.argmax(blk), blk.shape)
            blk[(i + 1) % bM, (j + 1) % N] = np.nextafter(blk[i, j], np.float32(-np.inf))
    a = f64(A).reshape(M // bM, bM, N)
    ref = (a == a.max(axis=(1, 2), keepdims=True)).astype(np.float64).reshape(M, N)
    check(block_argmax_mask(M, N, bM, dtype), [A], ref, np.zeros_like(ref), dtype)
