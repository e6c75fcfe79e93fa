"""2-D convolution on a Tenstorrent device (the emulator when no card is present), written as upstream TileLang's
convolution example: NHWC data, (KH, KW, C, F) weights viewed as a (KH·KW·C, F) matrix, the output viewed as
(N·OH·OW, F); per K step T.im2col gathers a block of the im2col matrix and T.gemm multiplies it with a block of
the weights (bfloat16 in, float32 accumulator). On tenstorrent the image stays row-major in DRAM (one page per
pixel) and the reader gathers each output pixel's channels of one kernel tap with a single read; compute tilizes.

Both of upstream's forms run: T.im2col, and the T.Parallel gather with T.if_then_else bounds (the compiler proves
that its indices read runs of whole channels and emits the same reads). Prints, for each, the error against a
numpy convolution and against target "interpret", the modeled device time, and the DRAM traffic against the
compulsory traffic (every input byte read once, the output written once).

Run: python examples/tenstorrent/conv2d.py   (exits nonzero on a mismatch)
"""
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def convolution(N, C, H, W, F, K, S, D, P, block_M=64, block_N=128, block_K=64, dtype="bfloat16",
                accum_dtype="float32", use_im2col=True):
    KH, KW = K, K
    OH = (H + 2 * P - D * (K - 1) - 1) // S + 1
    OW = (W + 2 * P - D * (K - 1) - 1) // S + 1

    @T.prim_func
    def conv(data: T.Tensor((N, H, W, C), dtype), kernel: T.Tensor((KH, KW, C, F), dtype),
             out: T.Tensor((N, OH, OW, F), dtype)):
        with T.Kernel(T.ceildiv(F, block_N), T.ceildiv(N * OH * OW, block_M), threads=128) as (bx, by):
            data_shared = T.alloc_shared((block_M, block_K), dtype)
            kernel_shared = T.alloc_shared((block_K, block_N), dtype)
            out_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            out_shared = T.alloc_shared((block_M, block_N), dtype)

            kernel_flat = T.Tensor((KH * KW * C, F), dtype, kernel.data)
            out_flat = T.Tensor((N * OH * OW, F), dtype, out.data)

            T.clear(out_local)
            for k_iter in T.Pipelined(T.ceildiv(KH * KW * C, block_K), num_stages=2):
                if use_im2col:
                    T.im2col(data, data_shared, by, k_iter, KH, S, D, P)
                else:  # upstream's other form: the im2col block gathered element by element
                    for i, j in T.Parallel(block_M, block_K):
                        k = k_iter * block_K + j
                        m = by * block_M + i
                        access_h = m % (OH * OW) // OW * S + k // (KW * C) * D - P
                        access_w = m % OW * S + k // C % KW * D - P
                        in_bound = (access_h >= 0) and (access_w >= 0) and (access_h < H) and (access_w < W)
                        data_shared[i, j] = T.if_then_else(in_bound, data[m // (OH * OW), access_h, access_w, k % C],
                                                           0)
                T.copy(kernel_flat[k_iter * block_K, bx * block_N], kernel_shared)
                T.gemm(data_shared, kernel_shared, out_local)

            T.copy(out_local, out_shared)
            T.copy(out_shared, out_flat[by * block_M, bx * block_N])
    return conv


SIZES = (2, 64, 16, 16, 128, 3, 1, 1, 1)  # N, C, H, W, F, K, S, D, P: a 3×3 "same" convolution


def reference(x, w, S, D, P):
    """out[n, oh, ow, f] = Σ x[n, oh·S + kh·D − P, ow·S + kw·D − P, c] · w[kh, kw, c, f] over taps inside the image,
    in float64, with Σ |x|·|w| for the error bound."""
    N, H, W, C = x.shape
    K, F = w.shape[0], w.shape[3]
    OH, OW = (H + 2 * P - D * (K - 1) - 1) // S + 1, (W + 2 * P - D * (K - 1) - 1) // S + 1
    out, mag = np.zeros((N, OH, OW, F)), np.zeros((N, OH, OW, F))
    for kh in range(K):
        for kw in range(K):
            for oh in range(OH):
                for ow in range(OW):
                    h, iw = oh * S + kh * D - P, ow * S + kw * D - P
                    if 0 <= h < H and 0 <= iw < W:
                        out[:, oh, ow] += x[:, h, iw] @ w[kh, kw]
                        mag[:, oh, ow] += np.abs(x[:, h, iw]) @ np.abs(w[kh, kw])
    return out, mag


def main():
    N, C, H, W, F, K, S, D, P = SIZES
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (N, H, W, C)).astype(np.float32).astype(ml_dtypes.bfloat16)
    w = rng.uniform(-1, 1, (K, K, C, F)).astype(np.float32).astype(ml_dtypes.bfloat16)
    # bf16 products are exact in fp32; KH·KW·C of them summed in fp32 (error <= KH·KW·C·2^-24·Σ|x||w|), then one
    # rounding to bfloat16 (2^-8 relative). Against "interpret": one bf16 ulp plus both summation-order errors.
    ref, mag = reference(x.astype(np.float64), w.astype(np.float64), S, D, P)
    accum = K * K * C * 2.0**-24 * mag * 1.01
    all_ok = True
    for use_im2col in (True, False):
        func = convolution(N, C, H, W, F, K, S, D, P, use_im2col=use_im2col)
        kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
        y = kernel(x, w).astype(np.float64)
        y_interp = tilelang.compile(func, out_idx=-1, target="interpret")(x, w).astype(np.float64)
        err = np.abs(y - ref)
        ok = bool((err <= 2.0**-8 * np.abs(ref) + accum).all())
        ok = ok and bool((np.abs(y - y_interp) <= 2.0**-7 * np.abs(y_interp) + 2 * accum).all())
        all_ok = all_ok and ok
        print(f"conv2d ({'T.im2col' if use_im2col else 'T.Parallel gather'}) N={N} C={C} H={H} W={W} F={F} {K}x{K} "
              f"stride {S} dilation {D} pad {P}, bfloat16 (float32 accumulate) on tenstorrent: max |error| "
              f"{err.max():.3g} vs numpy, {np.abs(y - y_interp).max():.3g} vs interpret: {'ok' if ok else 'MISMATCH'}")
        compulsory = x.nbytes + w.nbytes + y.size * 2
        flops = 2.0 * y.size * K * K * C
        for p in kernel.backend.last_run["programs"]:
            dram = p["noc_read_bytes_dram"] + p["noc_write_bytes_dram"]
            print(f"  {p['program']}: modeled device time {p['modeled_seconds'] * 1e6:.1f} us "
                  f"({flops / p['modeled_seconds'] / 1e12:.2f} TFLOP/s modeled); DRAM read "
                  f"{p['noc_read_bytes_dram']} B, write {p['noc_write_bytes_dram']} B = {dram / compulsory:.2f}x the "
                  f"compulsory {compulsory} B (the im2col gather reads each image pixel once per kernel tap that "
                  f"uses it)")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
