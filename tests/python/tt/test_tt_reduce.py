"""Reductions on target "tenstorrent" (T.reduce_sum/max/min/abssum/absmax along dim 1 → a per-row column vector,
along dim 0 → a per-column row vector; clear=True and clear=False across a loop over blocks), run on the
emulator and compared with numpy (float64) and with target "interpret".

Tiles outside a tensor are read as zeros (docs/tenstorrent.md) on both targets, so the numpy reference reduces
the input zero-padded to whole blocks: that is what the kernels compute for the partial blocks.

Error bounds (n = number of reduced elements, S = Σ|x| of a row/column, u as in tt_check.py):
  * reduce_tile multiplies each input by the scaler (1.0) on the FPU, for max too: a float32 input is truncated
    to TF32 in SrcA and the multiplier keeps 9 of its mantissa bits (relative error < 2^-9 per element, see the
    emulator's tile_math.h); bf16 inputs (7 bits) are exact. The sum accumulates in
    DST (fp32 with float32 buffers; bf16 otherwise, one rounding per input tile) and the interpreter adds
    sequentially in the buffer dtype, so both are within the recursive-summation bound n·u·S (+ 2^-9·S for float32).
  * max/min/absmax are exact for bf16; for float32 they are off by at most that truncation, 2^-9·max|x|.
  * tenstorrent vs interpret: the sum of the two bounds.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, f64, inputs

TF32 = 2.0**-9  # float32 operands of reduce_tile: 9 mantissa bits in the multiplier
KINDS = ["sum", "max", "min", "abssum", "absmax"]


def reduce_kernel(M, N, bM, bN, dtype, kind, dim, loop):
    """dim=1: each bM-row block of A reduced along its rows into m (M,); dim=0: each bN-column block along its
    columns into m (N,). With loop, the block walks the other dimension and folds into m with clear=False."""
    red = getattr(T, "reduce_" + kind)
    if dtype == "int32":  # test_tt_int_reduce.py: the identities of int32 sum / max / min
        init = {"sum": 0, "max": -2**31, "min": 2**31 - 1}[kind]
    else:
        init = {"sum": 0.0, "abssum": 0.0, "max": -T.infinity(dtype), "absmax": -T.infinity(dtype),
                "min": T.infinity(dtype)}[kind]
    L, G = (bM, T.ceildiv(M, bM)) if dim == 1 else (bN, T.ceildiv(N, bN))
    steps = T.ceildiv(N, bN) if dim == 1 else T.ceildiv(M, bM)

    @T.prim_func
    def reduce_k(A: T.Tensor((M, N), dtype), m: T.Tensor((M if dim == 1 else N,), dtype)):
        with T.Kernel(G, threads=128) as bx:
            A_s = T.alloc_shared((bM, bN), dtype)
            m_l = T.alloc_fragment((L,), dtype)
            if loop:
                T.fill(m_l, init)
                for k in T.serial(steps):
                    if dim == 1:
                        T.copy(A[bx * bM, k * bN], A_s)
                    else:
                        T.copy(A[k * bM, bx * bN], A_s)
                    red(A_s, m_l, dim=dim, clear=False)
            else:
                if dim == 1:
                    T.copy(A[bx * bM, 0], A_s)
                else:
                    T.copy(A[0, bx * bN], A_s)
                red(A_s, m_l, dim=dim)
            if dim == 1:
                T.copy(m_l, m[bx * bM])
            else:
                T.copy(m_l, m[bx * bN])
    return reduce_k


def padded(a, rows, cols):
    out = np.zeros((rows, cols))
    out[:a.shape[0], :a.shape[1]] = f64(a)
    return out


def reference(A, kind, dim, rows, cols):
    """(reference, bound) over A zero-padded to rows×cols."""
    x = padded(A, rows, cols)
    ax = 1 if dim == 1 else 0
    n = x.shape[ax]
    s = np.abs(x).sum(axis=ax)
    fn = {"sum": lambda v: v.sum(axis=ax), "abssum": lambda v: np.abs(v).sum(axis=ax),
          "max": lambda v: v.max(axis=ax), "min": lambda v: v.min(axis=ax),
          "absmax": lambda v: np.abs(v).max(axis=ax)}[kind]
    return fn(x), s, np.abs(x).max(axis=ax), n


# (M, N, bM, bN, loop): whole-row blocks with clear=True, and blocks walking the reduced dim with clear=False.
CASES = [(64, 64, 32, 64, False), (100, 96, 32, 96, False), (70, 200, 64, 64, True), (300, 130, 32, 32, True)]
CASE_IDS = ["64x64", "100x96_edge_rows", "70x200_loop", "300x130_loop"]


# reduce_abssum/absmax take no clear argument (as upstream): only the clear=True cases.
KIND_CASES = [pytest.param(kind, case, id=f"{cid}-{kind}") for kind in KINDS for case, cid in zip(CASES, CASE_IDS)
              if not (case[4] and kind.startswith("abs"))]


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("kind,case", KIND_CASES)
@pytest.mark.parametrize("dim", [1, 0])
def test_reduce(dim, kind, case, dtype):
    M, N, bM, bN, loop = case
    if dim == 0:  # the same block shapes, transposed problem
        M, N, bM, bN = N, M, bN, bM
    rng = np.random.default_rng(7)
    A = inputs(rng, (M, N), dtype)
    rows = -(-M // bM) * bM
    cols = -(-N // bN) * bN
    ref, s, amax, n = reference(A, kind, dim, rows, cols)
    ref = ref[:M] if dim == 1 else ref[:N]
    s = s[:ref.size]
    amax = amax[:ref.size]
    tf32 = TF32 if dtype == "float32" else 0.0
    if kind in ("sum", "abssum"):
        bound = (n * U[dtype] + tf32) * s
    else:
        bound = tf32 * amax
    check(reduce_kernel(M, N, bM, bN, dtype, kind, dim, loop), [A], ref, bound, dtype, extra_interp=2 * bound)
