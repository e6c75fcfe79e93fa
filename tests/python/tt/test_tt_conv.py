"""2-D convolution (NHWC data, (KH, KW, C, F) weights, stride, padding, dilation) written as upstream TileLang's
convolution example does (examples/tenstorrent/conv2d.py) — T.im2col (or its T.Parallel gather with
T.if_then_else bounds) into a shared block, the weights viewed as a (KH·KW·C, F) matrix and the output
as (N·OH·OW, F) with T.Tensor(shape, dtype, x.data), a pipelined K loop of T.gemm — on target "tenstorrent" and
"interpret", compared with a numpy convolution written from the definition.

Bound (tt_check.py, GEMM): bf16 inputs, products exact in fp32, the fp32 sum of KH·KW·C products errs by at most
KH·KW·C·2^-24·Σ|a||w|, and the final rounding to bf16 by 2^-8·|out|. Against "interpret" one bf16 ulp plus twice
the accumulation bound (the two sum in different orders).
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at, check, example, f64, inputs, run_exported


CONV = example("conv2d")  # the kernel and the numpy reference of examples/tenstorrent/conv2d.py


def conv2d(N, C, H, W, F, K, S, D, P, bM, bN, bK, use_im2col=True, dtype="bfloat16"):
    """The kernel of examples/tenstorrent/conv2d.py: upstream's example_convolution.py, in its T.im2col form or its
    T.Parallel gather form."""
    return CONV.convolution(N, C, H, W, F, K, S, D, P, block_M=bM, block_N=bN, block_K=bK, use_im2col=use_im2col,
                            dtype=dtype)


# out[n, oh, ow, f] = Σ_{kh, kw, c} x[n, oh·S + kh·D − P, ow·S + kw·D − P, c] · w[kh, kw, c, f], zero outside the
# image, in float64 loops over the taps; also Σ |x|·|w| for the error bound.
conv_reference = CONV.reference


CASES = [
    # N, C, H, W, F, K, S, D, P, bM, bN, bK
    (1, 32, 8, 8, 32, 3, 1, 1, 1, 32, 32, 32),      # 3×3 same-size conv, one channel block per tap
    (2, 64, 9, 7, 64, 3, 2, 1, 1, 64, 32, 32),      # stride 2, odd image, 2 channel blocks per tap, N = 2
    (2, 64, 6, 10, 96, 1, 1, 1, 0, 32, 64, 64),     # 1×1 conv (a GEMM), F not a multiple of the block
    (1, 32, 12, 12, 32, 3, 1, 2, 2, 64, 32, 32),    # dilation 2 with padding 2
    (3, 32, 5, 5, 32, 3, 2, 1, 0, 32, 32, 32),      # stride 2, no padding; N·OH·OW = 12: a partial row block
    (1, 16, 8, 8, 32, 3, 1, 1, 1, 32, 32, 32),      # C = 16: two whole taps per column block (runs of 32 bytes)
    (1, 32, 6, 6, 32, 3, 1, 1, 1, 32, 32, 64),      # block_K = 64 = two taps of 32 channels
]


@pytest.mark.parametrize("form", ["im2col", "parallel"])
@pytest.mark.parametrize("N,C,H,W,F,K,S,D,P,bM,bN,bK", CASES,
                         ids=["3x3_s1_p1", "3x3_s2_p1_n2", "1x1", "3x3_d2_p2", "3x3_s2_p0_n3", "c16_taps", "bk64_taps"])
def test_conv2d(rng, N, C, H, W, F, K, S, D, P, bM, bN, bK, form):
    x = inputs(rng, (N, H, W, C), "bfloat16", -1, 1)
    w = inputs(rng, (K, K, C, F), "bfloat16", -1, 1)
    ref, mag = conv_reference(f64(x), f64(w), S, D, P)
    accum = K * K * C * 2.0**-24 * mag
    bound = 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8)
    kernel = check(conv2d(N, C, H, W, F, K, S, D, P, bM, bN, bK, form == "im2col"), [x, w], ref, bound, "bfloat16",
                   extra_interp=2 * accum)
    src = kernel.get_kernel_source()
    reader = src["kernels/kernel0_reader.cpp"]
    # The image is read row-major (pages of C channels), never as tiles, in runs of whole column blocks.
    assert f"TensorAccessor(tl_args0, get_arg_val<uint32_t>(2), {C * 2})" in reader
    assert f"noc_async_read(t_data.get_noc_addr(" in reader and f"tl_dst, {min(bK, C) * 2});" in reader
    assert "tilize_block(" in src["kernels/kernel0_compute.cpp"]


@pytest.mark.parametrize("form", ["im2col", "parallel"])
def test_conv2d_float32_and_blackhole(rng, form):
    # float32: the image rows are 4-byte elements (runs of 128 B); the matrix engine reads float32 operands as
    # TF32 (10 explicit mantissa bits: each operand within 2^-10 relative, so each product within 2^-9), the
    # accumulation is fp32. Blackhole (64-byte DRAM read alignment): bf16 with the bf16 bound above.
    N, C, H, W, F, K, S, D, P = 1, 32, 8, 8, 32, 3, 1, 1, 1
    func = conv2d(N, C, H, W, F, K, S, D, P, 32, 32, 32, form == "im2col", "float32")
    x = rng.uniform(-1, 1, (N, H, W, C)).astype(np.float32)
    w = rng.uniform(-1, 1, (K, K, C, F)).astype(np.float32)
    ref, mag = conv_reference(f64(x), f64(w), S, D, P)
    bound = 2.0**-9 * mag + K * K * C * 2.0**-24 * mag + 2.0**-24 * np.abs(ref)
    out = f64(tilelang.compile(func, out_idx=-1, target="tenstorrent")(x, w))
    assert (np.abs(out - ref) <= bound).all()
    out_i = f64(tilelang.compile(func, out_idx=-1, target="interpret")(x, w))
    assert (np.abs(out_i - ref) <= bound).all()

    N, C, H, W, F, K, S, D, P = 2, 64, 9, 7, 64, 3, 2, 1, 1
    func = conv2d(N, C, H, W, F, K, S, D, P, 64, 32, 32, form == "im2col")
    x = inputs(rng, (N, H, W, C), "bfloat16", -1, 1)
    w = inputs(rng, (K, K, C, F), "bfloat16", -1, 1)
    ref, mag = conv_reference(f64(x), f64(w), S, D, P)
    bound = 2.0**-8 * np.abs(ref) + K * K * C * 2.0**-24 * mag * (1 + 2.0**-8)
    out = f64(tilelang.compile(func, out_idx=-1, target="tenstorrent/blackhole")(x, w))
    assert (np.abs(out - ref) <= bound).all()


def test_annotations_on_viewed_parameters(rng):
    # kernel and out are used through their views (kernel_flat, out_flat): an annotation names the parameter and
    # applies to the tensor the view makes of it; the annotated function still runs on both targets.
    from tilelang_tt.tenstorrent import annotate_tt_layout, annotate_tt_schedule, attrs
    N, C, H, W, F, K, S, D, P = 1, 32, 6, 6, 32, 3, 1, 1, 1
    func = annotate_tt_layout(conv2d(N, C, H, W, F, K, S, D, P, 32, 32, 32), {"kernel": {"format": "bfp8_b"}})
    func = annotate_tt_schedule(func, cores=4)
    assert attrs(func)["tt.format.kernel_flat"] == "Bfp8_b" and "tt.format.kernel" not in attrs(func)
    x = inputs(rng, (N, H, W, C), "bfloat16", -1, 1)
    w = inputs(rng, (K, K, C, F), "bfloat16", -1, 1)
    outs = [tilelang.compile(func, out_idx=-1, target=t)(x, w) for t in ("tenstorrent", "interpret")]
    # Both compute with the bfp8_b-quantized weights: their results agree within the accumulation bound
    # (bf16 output: one ulp plus the fp32 sums in different orders); the weights are visibly quantized.
    ref, mag = conv_reference(f64(x), f64(w), S, D, P)
    accum = K * K * C * 2.0**-24 * mag
    assert (np.abs(f64(outs[0]) - f64(outs[1])) <= 2.0**-7 * np.abs(f64(outs[1])) + 2 * accum).all()
    assert not (np.abs(f64(outs[1]) - ref) <= 2.0**-8 * np.abs(ref) + accum).all()


def test_conv2d_interpret_any_channel_count(rng):
    # The "interpret" target follows the definition for any C and block (here 3 channels, K blocks that straddle
    # kernel taps and a last block past KH·KW·C = 27); tenstorrent rejects blocks that straddle taps.
    N, C, H, W, F, K, S, D, P = 2, 3, 7, 6, 8, 3, 1, 1, 1
    x = inputs(rng, (N, H, W, C), "bfloat16", -1, 1)
    w = inputs(rng, (K, K, C, F), "bfloat16", -1, 1)
    ref, mag = conv_reference(f64(x), f64(w), S, D, P)
    func = conv2d(N, C, H, W, F, K, S, D, P, 16, 8, 8)
    assert "im2col(data, data_shared, by, k_iter, kernel=3, stride=1, dilation=1, pad=1)" in func.script()
    out = f64(tilelang.compile(func, out_idx=-1, target="interpret")(x, w))
    bound = 2.0**-8 * np.abs(ref) + K * K * C * 2.0**-24 * mag * (1 + 2.0**-8)
    assert (np.abs(out - ref) <= bound).all()


# ---- errors: the construct, the user's line and what to change

FILE = __file__


def error_at(err, marker, token, op, message):
    assert_error_at(err, FILE, marker, token, op, message, whole=False)


def test_im2col_channels_not_multiple_of_block_K():
    # 24 channels and 32-column blocks: a block is neither part of one tap nor whole taps
    @T.prim_func
    def conv(data: T.Tensor((1, 8, 8, 24), "bfloat16"), w: T.Tensor((216, 32), "bfloat16"),
             out: T.Tensor((64, 32), "bfloat16")):
        with T.Kernel(1, 2, threads=128) as (bx, by):
            d_s = T.alloc_shared((32, 32), "bfloat16")
            w_s = T.alloc_shared((32, 32), "bfloat16")
            acc = T.alloc_fragment((32, 32), "float32")
            T.clear(acc)
            for k in T.Pipelined(7, num_stages=2):
                T.im2col(data, d_s, by, k, 3, 1, 1, 1)  # C1
                T.copy(w[k * 32, 0], w_s)
                T.gemm(d_s, w_s, acc)
            T.copy(acc, out[by * 32, 0])
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(conv, out_idx=-1, target="tenstorrent")
    error_at(e.value, "C1", "T.im2col", "T.im2col",
             "the image data has C = 24 channels, which is not a multiple of the column block's 32 columns: on "
             "tenstorrent each block of im2col columns must be channels of one kernel tap, or whole taps, each a "
             "multiple of 32 bytes; choose block_K dividing C, or C dividing block_K")


def test_view_must_keep_element_count():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((2, 3, 4), "float32"), B: T.Tensor((6, 4), "float32")):
            with T.Kernel(1) as bx:
                A2 = T.Tensor((6, 5), "float32", A.data)  # V1
                T.copy(A2[0:6, 0:4], B)
    error_at(e.value, "V1", "T.Tensor", "Tensor",
             "a view of 'A' must have its 24 elements, got shape (6, 5) (30 elements)")


def test_view_and_direct_use_of_one_parameter():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def f(A: T.Tensor((2, 32, 32), "float32"), B: T.Tensor((64, 32), "float32")):
            with T.Kernel(1) as bx:
                A2 = T.Tensor((64, 32), "float32", A.data)  # V2
                T.copy(A2[0:64, 0:32], B)
                T.copy(A[0, 0:32, 0:32], B[0:32, 0:32])
    error_at(e.value, "V2", "T.Tensor", "Tensor",
             "parameter 'A' is used both directly and through its view 'A2'; use one of them")


def test_parallel_gather_without_runs():
    # The last index 2·j % 64 skips every other channel: no run of 32 consecutive j reads consecutive elements.
    @T.prim_func
    def gather(data: T.Tensor((2, 8, 8, 64), "bfloat16"), out: T.Tensor((32, 32), "bfloat16")):
        with T.Kernel(1, threads=128) as bx:
            d_s = T.alloc_shared((32, 32), "bfloat16")
            for i, j in T.Parallel(32, 32):
                d_s[i, j] = data[0, i // 8, i % 8, (2 * j) % 64]  # G1
            T.copy(d_s, out[0, 0])
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(gather, out_idx=-1, target="tenstorrent")
    error_at(e.value, "G1", "d_s[i, j]", "T.Parallel",
             "the gather from data into d_s does not read runs of 32 (or more) consecutive elements of its last dim "
             "(64) for each 32 consecutive j: on tenstorrent the tensor is read in runs of whole channels; make the "
             "block's K and C multiples of 32, index the last dim by (k % C) with k = k_iter * block_K + j, and use "
             "k only through k // C, k // (KW * C) and k % C (last index: 2 * j % 64)")


def test_conv_export_builds_and_checks_itself(tmp_path):
    # The exported project writes the image row-major and the views' data under the IR parameters' names.
    kernel = tilelang.compile(conv2d(1, 32, 6, 6, 32, 3, 1, 1, 1, 32, 32, 32), out_idx=-1, target="tenstorrent")
    out = tmp_path / "conv_project"
    r = run_exported(kernel, str(out), "conv")
    assert sorted(p.name for p in (out / "data").iterdir()) == ["data.bin", "kernel_flat.bin", "out_flat.bin",
                                                                "out_flat.expected.bin"]
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
