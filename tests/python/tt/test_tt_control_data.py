"""Control data on both targets (issue 14, item 3): values read from global tensors that decide what a kernel reads
and computes — a branch per block (`if flags[bx, k] != 0`, directly or through a fragment T.copy fills), a trip count
(`n = lengths[bx]`), gathered blocks (`T.copy(A[ids[bx] * 32, 0], A_s)`), a float scalar used by element-wise code,
rows at offsets read from a tensor (a row gather and a masked row scatter).
On tenstorrent the reader reads them and forwards them to the compute and writer kernels (lower_tt_control_data,
forward_tt_control), so all three follow one control flow; the numpy references are independent of both targets.

Tolerances: the kernels sum float32 blocks (one fp32 addition per block on both targets, in the same order: the
packer keeps fp32 and the SFPU adds in fp32) or scale them by a float32 value (one SFPU multiplication, exact in fp32
rounding): a few float32 ulps of the largest partial sum, 1e-5 relative plus 1e-5 absolute for values below 8."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at

TARGETS = ["interpret", "tenstorrent"]
RTOL, ATOL = 1e-5, 1e-5


def masked_block_sum(M, N, KB, via_fragment):
    """out[block bx] = Σ_k A[block (bx, k)] over the k with flags[bx, k] != 0 (skipped blocks are not read); the flag
    read from the tensor directly, or from a fragment that T.copy fills with the block's row of flags."""
    @T.prim_func
    def direct(A: T.Tensor((M, N * KB), "float32"), flags: T.Tensor((M // 32, KB), "int32"),
               Out: T.Tensor((M, N), "float32")):
        with T.Kernel(M // 32) as bx:
            a = T.alloc_shared((32, N), "float32")
            acc = T.alloc_fragment((32, N), "float32")
            T.clear(acc)
            for k in T.Pipelined(KB, num_stages=2):
                if flags[bx, k] != 0:
                    T.copy(A[bx * 32, k * N], a)
                    for i, j in T.Parallel(32, N):
                        acc[i, j] += a[i, j]
            T.copy(acc, Out[bx * 32, 0])

    @T.prim_func
    def fragment(A: T.Tensor((M, N * KB), "float32"), flags: T.Tensor((M // 32, KB), "int32"),
                 Out: T.Tensor((M, N), "float32")):
        with T.Kernel(M // 32) as bx:
            a = T.alloc_shared((32, N), "float32")
            acc = T.alloc_fragment((32, N), "float32")
            fl = T.alloc_fragment((KB,), "int32")
            T.clear(acc)
            T.copy(flags[bx, :], fl)
            for k in T.Pipelined(KB, num_stages=2):
                if fl[k] != 0:
                    T.copy(A[bx * 32, k * N], a)
                    for i, j in T.Parallel(32, N):
                        acc[i, j] += a[i, j]
            T.copy(acc, Out[bx * 32, 0])
    return fragment if via_fragment else direct


def varlen_sum(M, N, KB):
    """out[block bx] = Σ_{k < lengths[bx]} A[block (bx, k)]: a trip count read from a tensor (varlen)."""
    @T.prim_func
    def f(A: T.Tensor((M, N * KB), "float32"), lengths: T.Tensor((M // 32,), "int32"),
          Out: T.Tensor((M, N), "float32")):
        with T.Kernel(M // 32) as bx:
            a = T.alloc_shared((32, N), "float32")
            acc = T.alloc_fragment((32, N), "float32")
            n = T.alloc_var("int32")
            n = lengths[bx]
            T.clear(acc)
            for k in T.serial(n):
                T.copy(A[bx * 32, k * N], a)
                for i, j in T.Parallel(32, N):
                    acc[i, j] += a[i, j]
            T.copy(acc, Out[bx * 32, 0])
    return f


def gather_scale(M, N, G):
    """Out[block g] = A[block ids[g]] * scales[ids[g]]: gathered row blocks (MoE routing) and a float control value
    that the compute kernel uses."""
    @T.prim_func
    def f(A: T.Tensor((M, N), "float32"), ids: T.Tensor((G,), "int32"), scales: T.Tensor((M // 32,), "float32"),
          Out: T.Tensor((G * 32, N), "float32")):
        with T.Kernel(G) as g:
            a = T.alloc_shared((32, N), "float32")
            o = T.alloc_fragment((32, N), "float32")
            s = T.alloc_var("float32")
            s = scales[ids[g]]
            T.copy(A[ids[g] * 32, 0], a)
            for i, j in T.Parallel(32, N):
                o[i, j] = a[i, j] * s
            T.copy(o, Out[g * 32, 0])
    return f


def varlen_rows(rows, N, G):
    """Out[starts[g] + i] = 2 · A[starts[g] + i] · w[starts[g] + i] for i < lens[g]: each group's rows start at a row
    read from a tensor, not a multiple of 32 — the reader gathers them row by row (and w's elements one by one), the
    writer scatters those below lens[g]."""
    @T.prim_func
    def f(A: T.Tensor((rows + 32, N), "float32"), starts: T.Tensor((G,), "int32"), lens: T.Tensor((G,), "int32"),
          w: T.Tensor((rows + 32,), "float32"), Out: T.Tensor((rows, N), "float32")):
        with T.Kernel(G) as g:
            a = T.alloc_shared((32, N), "float32")
            o = T.alloc_fragment((32, N), "float32")
            s = starts[g]
            n = lens[g]
            T.copy(A[s:s + 32, 0:N], a)
            for i, j in T.Parallel(32, N):
                o[i, j] = a[i, j] * 2.0
            for i, j in T.Parallel(32, N):
                if i < n:
                    Out[s + i, j] = o[i, j] * w[s + i]
    return f


def per_block_values(M, N):
    """Out[block bx] = A[block bx] · scale[bx] where the row is below lens[bx], else 0: element-wise code reading one
    value per block from tensors (a scale, and a row count compared with the row index)."""
    @T.prim_func
    def f(A: T.Tensor((M, N), "float32"), scale: T.Tensor((M // 32,), "float32"), lens: T.Tensor((M // 32,), "int32"),
          Out: T.Tensor((M, N), "float32")):
        with T.Kernel(M // 32) as bx:
            a = T.alloc_shared((32, N), "float32")
            o = T.alloc_fragment((32, N), "float32")
            T.copy(A[bx * 32, 0], a)
            for i, j in T.Parallel(32, N):
                o[i, j] = T.if_then_else(i < lens[bx], a[i, j] * scale[bx], 0.0)
            T.copy(o, Out[bx * 32, 0])
    return f


def ref_masked(a, flags, M, N, KB):
    blocks = a.reshape(M // 32, 32, KB, N).astype(np.float64)
    return np.einsum("bikj,bk->bij", blocks, (flags != 0).astype(np.float64)).reshape(M, N)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("via_fragment", [False, True])
@pytest.mark.parametrize("M,N,KB", [(64, 64, 4), (96, 32, 5)])
def test_masked_blocks(target, via_fragment, M, N, KB):
    rng = np.random.default_rng(M + KB)
    a = rng.uniform(-1, 1, (M, N * KB)).astype(np.float32)
    flags = (rng.random((M // 32, KB)) < 0.5).astype(np.int32) * rng.integers(1, 5, (M // 32, KB), dtype=np.int32)
    flags[0, :] = 0  # a block that reads nothing
    k = tilelang.compile(masked_block_sum(M, N, KB, via_fragment), out_idx=-1, target=target)
    out = k(a, flags)
    np.testing.assert_allclose(out, ref_masked(a, flags, M, N, KB), rtol=RTOL, atol=ATOL)
    assert np.all(out[:32] == 0)
    if target == "tenstorrent":  # the skipped blocks are not read: DRAM bytes are the flagged blocks' and the flags'
        read = sum(p["noc_read_bytes_dram"] for p in k.backend.last_run["programs"])
        blocks = int((flags != 0).sum())
        assert blocks * N * 32 * 4 <= read < (blocks + 1) * N * 32 * 4, (read, blocks)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("M,N,KB", [(96, 64, 4), (64, 32, 6)])
def test_trip_count_from_a_tensor(target, M, N, KB):
    rng = np.random.default_rng(KB)
    a = rng.uniform(-1, 1, (M, N * KB)).astype(np.float32)
    lengths = rng.integers(0, KB + 1, (M // 32,), dtype=np.int32)
    lengths[0] = KB
    flags = (np.arange(KB)[None, :] < lengths[:, None]).astype(np.int32)
    out = tilelang.compile(varlen_sum(M, N, KB), out_idx=-1, target=target)(a, lengths)
    np.testing.assert_allclose(out, ref_masked(a, flags, M, N, KB), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("M,N,G", [(128, 64, 6), (96, 96, 3)])
def test_gathered_blocks_and_a_float_control_value(target, M, N, G):
    rng = np.random.default_rng(G)
    a = rng.uniform(-1, 1, (M, N)).astype(np.float32)
    ids = rng.integers(0, M // 32, (G,), dtype=np.int32)
    scales = rng.uniform(0.5, 2, (M // 32,)).astype(np.float32)
    out = tilelang.compile(gather_scale(M, N, G), out_idx=-1, target=target)(a, ids, scales)
    ref = (a.reshape(M // 32, 32, N)[ids].astype(np.float64) * scales[ids][:, None, None]).reshape(G * 32, N)
    np.testing.assert_allclose(out, ref, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("N,lens", [(64, (5, 32, 17, 1, 30)), (96, (32, 3, 29))])
def test_rows_at_offsets_from_a_tensor(target, N, lens):
    rng = np.random.default_rng(len(lens))
    rows = sum(lens)
    a = rng.uniform(-1, 1, (rows + 32, N)).astype(np.float32)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int32)
    w = rng.uniform(0.5, 2, (rows + 32,)).astype(np.float32)
    out = tilelang.compile(varlen_rows(rows, N, len(lens)), out_idx=-1, target=target)(a, starts, np.array(lens, np.int32),
                                                                                       w)
    # a doubling is exact, the product with w one float32 rounding on both targets
    np.testing.assert_array_equal(out, (2 * a[:rows]) * w[:rows, None])


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("M,N", [(96, 64), (64, 128)])
def test_one_value_per_block_in_element_wise_code(target, M, N):
    rng = np.random.default_rng(M)
    a = rng.uniform(-1, 1, (M, N)).astype(np.float32)
    scale = rng.uniform(0.5, 2, (M // 32,)).astype(np.float32)
    lens = rng.integers(0, 33, (M // 32,), dtype=np.int32)
    out = tilelang.compile(per_block_values(M, N), out_idx=-1, target=target)(a, scale, lens)
    rows = np.arange(M) % 32 < np.repeat(lens, 32)
    np.testing.assert_array_equal(out, np.where(rows[:, None], a * np.repeat(scale, 32)[:, None], 0))  # one rounding


def test_control_flow_on_a_computed_fragment_is_located():
    """A branch on a fragment the compute kernel computes is known to that kernel only: a located error."""
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            m = T.alloc_fragment((32,), "float32")
            T.copy(A, s)
            T.reduce_max(s, m, dim=1)
            if m[0] > 0:  # computed-if
                T.copy(s, B)
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(f, out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "computed-if", "if", "if",
                    "a branch on values of m read at run time (data-dependent control flow) is not supported on "
                    "tenstorrent yet for a buffer that tile code uses or a computation writes: the reader forwards "
                    "values of global tensors (directly, or through a buffer that only T.copy from one fills and only "
                    "scalar code reads) to the compute and writer kernels (issue 14); run it on target=\"interpret\"")
