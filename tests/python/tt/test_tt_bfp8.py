"""bfp8_b storage of global tensors (annotate_tt_layout(f, {"X": {"format": "bfp8_b"}})) on target "tenstorrent".

The reference quantizer below is written here from the format's definition (tt-metalium.md, BFP8_b): for each
16 values of a face row (32x32 tiles of 16x16 faces, i.e. columns 16j..16j+15 of one row), the shared exponent E
is the largest biased float32 exponent e of the 16; each value keeps sign and m = round_half_even(|v| / 2^(E-133))
(exact in float64: |v| has 24 significant bits), saturated at 127; values with e = 0 (zeros, denormals) become 0;
the stored value is ±m·2^(E-133).

  * cast: a float32 / bfloat16 tensor copied into a bfp8_b-stored output must read back exactly as the
    quantized input rounded to the output's dtype (the packer converts with the same definition);
  * GEMM with a bfp8_b-stored B (weights): B's quantized values have 7 significant bits, so products with bf16 A
    are exact in fp32 as for bf16 inputs — the bound of test_tt_gemm.py applies against numpy on quantized B;
  * element-wise on a bfp8_b input: A + B with bf16 B rounds once to bf16 (2^-8 relative) against the quantized A.
The "interpret" target quantizes the same tensors at the boundary, so check() also compares the two targets.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_layout
from test_tt_gemm import matmul
from test_tt_splitk import shifted_then_summed
from tt_check import NP, check, example, f64, gemm_ref, inputs, run_exported


def bfp8_reference(x):
    """x (any float array, 2-D) quantized to bfp8_b, as float64."""
    v = np.asarray(x, dtype=np.float32).astype(np.float64)
    rows, cols = v.shape
    width = -(-cols // 16) * 16
    g = np.zeros((rows, width))
    g[:, :cols] = v
    g = g.reshape(rows, width // 16, 16)
    normal = np.abs(g) >= 2.0**-126
    _, e2 = np.frexp(np.abs(g))          # |g| = f·2^e2 with f in [0.5, 1): biased exponent = e2 - 1 + 127
    biased = np.where(normal, e2 + 126, 0)
    shared = biased.max(axis=2, keepdims=True)
    scale = np.ldexp(1.0, shared - 133)
    m = np.minimum(np.rint(np.abs(g) / scale), 127.0)  # np.rint rounds halves to even
    q = np.where(normal, np.sign(g) * m * scale, 0.0)
    return q.reshape(rows, width)[:, :cols]


def test_reference_quantizer_on_known_values():
    row = np.zeros((1, 16))
    row[0, :5] = [1.0, 0.5, 0.75 + 2.0**-7, 1.0 + 2.0**-7, -1.0 - 3 * 2.0**-7]
    q = bfp8_reference(row)[0]
    # E = 127 (of 1.0): step 2^-6; 1 + 2^-7 is a tie → even (1.0); -(1 + 3·2^-7) is a tie → even (-(1 + 2^-5)).
    assert list(q[:5]) == [1.0, 0.5, 0.75, 1.0, -(1.0 + 2.0**-5)]
    big = np.array([[1.999] + [2.0**-30] * 15])
    assert bfp8_reference(big)[0, 0] == 127 / 64 and bfp8_reference(big)[0, 1] == 0.0  # saturates; underflows


def cast(M, N, dtype, bM=32, bN=32, out_dtype=None):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), out_dtype or dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(A_s, B[by * bM, bx * bN])
    return annotate_tt_layout(main, {"B": {"format": "bfp8_b"}})


def data(rng, shape, dtype):
    # Magnitudes over many binades, so that face rows share exponents far above some of their values.
    x = rng.uniform(-1, 1, shape) * np.exp2(rng.integers(-12, 4, shape))
    return x.astype(np.float32).astype(NP[dtype])


@pytest.mark.parametrize("dtype,out_dtype", [("float32", "float32"), ("bfloat16", "bfloat16"),
                                             ("float32", "bfloat16")])
@pytest.mark.parametrize("M,N", [(32, 32), (100, 72), (256, 160)])
def test_cast_into_bfp8_storage_is_exact(rng, dtype, out_dtype, M, N):
    # float32 → a bfloat16 tensor stored as bfp8_b: the values are rounded to bfloat16 (the tensor's dtype),
    # then quantized, on both targets; read back exactly into bfloat16.
    func = cast(M, N, dtype, out_dtype=out_dtype)
    a = data(rng, (M, N), dtype)
    want = bfp8_reference(a.astype(NP[out_dtype]))
    tt = tilelang.compile(func, out_idx=-1, target="tenstorrent")
    got = tt(a)
    assert got.dtype == NP[out_dtype]
    np.testing.assert_array_equal(f64(got), want)
    np.testing.assert_array_equal(f64(tilelang.compile(func, out_idx=-1, target="interpret")(a)), want)
    files = tt.get_kernel_source()
    assert '"name": "B", "dtype": "' + out_dtype + '", "format": "Bfp8_b"' in files["plan.json"].replace("\n", "")
    assert "tt::DataFormat::Bfp8_b" in files["host.cpp"]


def gemm(M, N, K, bM, bN, bK, stages=2):
    return annotate_tt_layout(matmul(M, N, K, bM, bN, bK, stages=stages), {"B": {"format": "bfp8_b"}})


@pytest.mark.parametrize("M,N,K,bM,bN,bK,stages", [(64, 64, 64, 32, 32, 32, 2), (100, 72, 80, 64, 64, 32, 3),
                                                   (256, 192, 128, 128, 64, 64, 1)])
def test_gemm_with_bfp8_weights(rng, M, N, K, bM, bN, bK, stages):
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = data(rng, (K, N), "bfloat16")
    qb = bfp8_reference(b)
    assert not np.array_equal(qb, f64(b))  # the quantization is visible in the data
    ref, accum = gemm_ref(a, qb)
    bound = 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8)
    tt = check(gemm(M, N, K, bM, bN, bK, stages), [a, b], ref, bound, "bfloat16", extra_interp=2 * accum)
    compute = tt.get_kernel_source()["kernels/kernel0_compute.cpp"]
    assert "reconfig_data_format_srca" in compute


def add(M, N, bM=32, bN=64, stored=("A",)):
    @T.prim_func
    def main(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] + B[by * bM + i, bx * bN + j]
    return annotate_tt_layout(main, {name: {"format": "bfp8_b"} for name in stored})


@pytest.mark.parametrize("M,N", [(32, 64), (96, 200), (256, 256)])
def test_elementwise_on_bfp8_input(rng, M, N):
    a = data(rng, (M, N), "bfloat16")
    b = inputs(rng, (M, N), "bfloat16", -1, 1)
    ref = bfp8_reference(a) + f64(b)
    tt = check(add(M, N), [a, b], ref, 2.0**-8 * np.abs(ref), "bfloat16")
    # A is read in Bfp8_b and unpacked once into bf16 (the unpacker reconfigured around that copy only).
    assert "reconfig_data_format_srca" in tt.get_kernel_source()["kernels/kernel0_compute.cpp"]


@pytest.mark.parametrize("M,N", [(32, 64), (96, 200), (256, 256)])
def test_elementwise_from_and_into_bfp8(rng, M, N):
    # C stored as bfp8_b too: the bf16 sum (one rounding, as the bf16 FPU does) is packed into Bfp8_b tiles.
    a = data(rng, (M, N), "bfloat16")
    b = inputs(rng, (M, N), "bfloat16", -1, 1)
    s = (bfp8_reference(a) + f64(b)).astype(np.float32).astype(NP["bfloat16"])
    want = bfp8_reference(s)
    func = add(M, N, stored=("A", "C"))
    for target in ("tenstorrent", "interpret"):
        np.testing.assert_array_equal(f64(tilelang.compile(func, out_idx=-1, target=target)(a, b)), want)


@pytest.mark.parametrize("N,K", [(64, 128), (96, 300), (256, 512)])
def test_gemv_with_a_bfp8_row_vector(rng, N, K):
    # x (1 × K) stored as bfp8_b: a one-row tensor whose tiles are read whole (a bf16/f32 row is read from row 0
    # of each face, but a Bfp8_b tile keeps its row 0 in exponents + face mantissas). y = x·Bᵀ in bf16.
    func = annotate_tt_layout(example("gemv").gemv_one_row(N, K, 32, 64), {"x": {"format": "bfp8_b"}})
    x = data(rng, (1, K), "bfloat16")
    b = inputs(rng, (N, K), "bfloat16", -1, 1)
    qx = bfp8_reference(x)
    ref, accum = gemm_ref(qx, f64(b).T)
    check(func, [x, b], ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), "bfloat16", extra_interp=2 * accum)


def test_bfp8_tensor_passed_between_kernels_is_an_error():
    # Y: written by the first T.Kernel, read by the second. Its ragged edge tiles' pad cannot be zeroed in the
    # block-float layout, and "interpret" would not quantize between the kernels: rejected at the reading copy.
    func = annotate_tt_layout(shifted_then_summed(50, 70, 64, 64, "float32"), {"Y": {"format": "bfp8_b"}})
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(func, out_idx=-1, target="tenstorrent")
    assert "[T.copy] tensor Y is stored as bfp8_b and read here after an earlier T.Kernel" in str(e.value)
    assert "test_tt_splitk.py:" in str(e.value) and "T.copy(Y[" in str(e.value)


def test_bad_format_annotations():

    @T.prim_func
    def f(A: T.Tensor((32,), "float32"), B: T.Tensor((32, 32), "int32"), C: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            pass

    with pytest.raises(tilelang.TileLangError, match="format must be 'bfp8_b', got 'bfp4_b'"):
        annotate_tt_layout(f, {"C": {"format": "bfp4_b"}})
    with pytest.raises(tilelang.TileLangError, match="bfp8_b storage needs a float32 or bfloat16 tensor, got int32"):
        annotate_tt_layout(f, {"B": {"format": "bfp8_b"}})
    with pytest.raises(tilelang.TileLangError, match="bfp8_b storage needs a 2-D tensor, got rank 1"):
        annotate_tt_layout(f, {"A": {"format": "bfp8_b"}})
    with pytest.raises(tilelang.TileLangError, match="unknown key"):
        annotate_tt_layout(f, {"C": {"dtype": "bfp8_b"}})


def test_exported_project_converts_bfp8_and_checks_itself(tmp_path):
    # The standalone project's host program tilizes into Bfp8_b itself; its expected output comes from the
    # "interpret" target, which quantizes at the same boundary.
    kernel = tilelang.compile(gemm(64, 96, 64, 32, 32, 32), out_idx=-1, target="tenstorrent")
    r = run_exported(kernel, str(tmp_path / "bfp8_project"), "gemm")
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
