"""The JIT on target "tenstorrent": the eager @tilelang.jit style, @tilelang.jit over a factory, and the
content-addressed build cache ($TILELANG_TT_CACHE_DIR; its repairs and switches: test_tt_cache.py)."""
import os

import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_within, gemm_ref, inputs, ulp


@tilelang.jit(target="tenstorrent")
def eager_gemm(A, B, block_M=64, block_N=64, block_K=32):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), T.bfloat16)
    B: T.Tensor((K, N), T.bfloat16)
    C = T.empty((M, N), T.bfloat16)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_s = T.alloc_shared((block_M, block_K), T.bfloat16)
        B_s = T.alloc_shared((block_K, block_N), T.bfloat16)
        C_l = T.alloc_fragment((block_M, block_N), T.float32)
        T.clear(C_l)
        for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
            T.copy(A[by * block_M, k * block_K], A_s)
            T.copy(B[k * block_K, bx * block_N], B_s)
            T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[by * block_M, bx * block_N])
    return C


def test_eager_gemm(rng):
    M, N, K = 96, 160, 70
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    c = eager_gemm(a, b)
    ref, accum = gemm_ref(a, b)
    assert_within(c, ref, 2.0**-8 * np.abs(ref) + accum * 1.01, "eager gemm vs numpy")
    kernel = eager_gemm.compile(M=M, N=N, K=K)
    interp = tilelang.compile(kernel.func, out_idx=kernel.out_idx, target="interpret")
    ci = interp(a, b)
    assert_within(c, ci, ulp(ci, "bfloat16") + 2 * accum, "eager gemm: tenstorrent vs interpret")


@tilelang.jit(out_idx=[-1], target="tenstorrent")
def scaled(M, N, scale, block=32):
    @T.prim_func
    def scaled(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block), threads=128) as (bx, by):
            A_s = T.alloc_shared((block, block), "float32")
            C_l = T.alloc_fragment((block, block), "float32")
            T.copy(A[by * block, bx * block], A_s)
            for i, j in T.Parallel(block, block):
                C_l[i, j] = A_s[i, j] * scale
            T.copy(C_l, C[by * block, bx * block])
    return scaled


def test_build_cache_in_tilelang_tt_cache_dir(rng, tmp_path, monkeypatch):
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path))
    # A scale no other test uses: this program has never been built in this (empty) cache.
    first = scaled(64, 64, 0.3125)
    assert first.backend.cache_hit is False
    hosts = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path) for f in fs if f == "host.cpp"]
    assert len(hosts) == 1 and open(hosts[0]).read() == first.get_kernel_source()["host.cpp"]
    a = inputs(rng, (64, 64), "float32")
    np.testing.assert_array_equal(first(a), a * np.float32(0.3125))  # one correctly rounded fp32 product each
    # The same program again (a new kernel object, so the in-process jit cache is bypassed): a cache hit.
    again = tilelang.compile(first.func, out_idx=-1, target="tenstorrent")
    assert again.backend.cache_hit is True and again.backend.dir == first.backend.dir
    np.testing.assert_array_equal(again(a), a * np.float32(0.3125))
    # A different constant is a different program.
    other = scaled(64, 64, 0.625)
    assert other.backend.cache_hit is False and other.backend.dir != first.backend.dir
