"""pass_configs: one table of settings (tilelang_tt/pass_config.py). An unknown key or a bad value is a TileLangError
at the compile (or @jit) line naming the key, with close matches; upstream TileLang's keys are accepted (ignored
where they mean nothing) and tilelang.PassConfigKey spells them as upstream does; tt.math_fidelity reaches the
emitted program."""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.transform import PassConfigKey
from test_tt_call_arguments import copy_kernel
from tt_check import assert_error_at


def compile_error(configs, target="tenstorrent"):
    f = copy_kernel(dtype="bfloat16")
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(f, out_idx=-1, target=target, pass_configs=configs)  # compile
    return e.value


@pytest.mark.parametrize("target", ["interpret", "tenstorrent"])
def test_misspelt_key(target):
    assert_error_at(compile_error({"tt.math_fidelty": "LoFi"}, target), __file__, "compile", "tilelang.compile",
                    "compile", "unknown pass_configs key 'tt.math_fidelty'; did you mean 'tt.math_fidelity'?")


def test_bad_values():
    assert_error_at(compile_error({"tt.math_fidelity": "lofi"}), __file__, "compile", "tilelang.compile", "compile",
                    "pass_configs['tt.math_fidelity'] = 'lofi': expected one of 'LoFi', 'HiFi2', 'HiFi3', 'HiFi4'")
    assert_error_at(compile_error({"tl.disable_tma_lower": "yes"}), __file__, "compile", "tilelang.compile",
                    "compile", "pass_configs['tl.disable_tma_lower'] = 'yes': expected True or False")
    assert_error_at(compile_error({"tl.config_index_bitwidth": 64}), __file__, "compile", "tilelang.compile",
                    "compile", "pass_configs['tl.config_index_bitwidth'] = 64: 64-bit indexing is not supported: "
                    "tensor dims, extents and indices are 32-bit here")
    assert_error_at(compile_error(["tt.math_fidelity"]), __file__, "compile", "tilelang.compile", "compile",
                    "pass_configs must be a dict of setting names to values, got list")


def test_jit_checks_at_the_decorator():
    with pytest.raises(tilelang.TileLangError) as e:
        @tilelang.jit(out_idx=-1, pass_configs={"tl.disable_warp_specialised": True})  # jit
        def factory():
            return copy_kernel(dtype="bfloat16")
    assert_error_at(e.value, __file__, "jit", "tilelang.jit", "jit",
                    "unknown pass_configs key 'tl.disable_warp_specialised'; did you mean "
                    "'tl.disable_warp_specialized'?")


def test_upstream_keys_are_accepted():
    """Every key of upstream's PassConfigKey compiles (ignored here), by enum or by string; tilelang.PassConfigKey is
    the same enum, with upstream's member names and values."""
    assert tilelang.PassConfigKey is PassConfigKey
    assert PassConfigKey.TL_DISABLE_WARP_SPECIALIZED.value == "tl.disable_warp_specialized"
    assert PassConfigKey.TIR_DISABLE_VECTORIZE.value == "tirx.disable_vectorize"
    configs = {PassConfigKey.TL_DISABLE_TMA_LOWER: True, PassConfigKey.TL_DISABLE_WARP_SPECIALIZED: True,
               "tir.disable_vectorize": True, PassConfigKey.TL_SIMPLIFY: {"enable_simplify_let_inline": False},
               PassConfigKey.TL_DEVICE_COMPILE_FLAGS: ["-O3"], "tl.enable_fast_math": False}
    k = tilelang.compile(copy_kernel(dtype="bfloat16"), out_idx=-1, target="interpret", pass_configs=configs)
    assert k.options["pass_configs"]["tl.disable_tma_lower"] is True
    a = np.arange(1024, dtype=np.float32).reshape(32, 32).astype(ml_dtypes.bfloat16)
    np.testing.assert_array_equal(k(a), a)


def gemm_kernel():
    @T.prim_func
    def gemm(A: T.Tensor((32, 32), "bfloat16"), B: T.Tensor((32, 32), "bfloat16"), C: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((32, 32), "bfloat16")
            b = T.alloc_shared((32, 32), "bfloat16")
            c = T.alloc_fragment((32, 32), "float32")
            T.copy(A, a)
            T.copy(B, b)
            T.gemm(a, b, c, clear_accum=True)
            T.copy(c, C)
    return gemm


@pytest.mark.parametrize("fidelity", ["LoFi", "HiFi2", "HiFi4"])
def test_math_fidelity_reaches_the_program(fidelity):
    """The setting selects the compute kernel's fidelity; LoFi changes the result (bf16 operands of 1.0 + 2^-7:
    LoFi keeps 4 of in1's 7 mantissa bits), HiFi4 is exact."""
    k = tilelang.compile(gemm_kernel(), out_idx=-1, target="tenstorrent",
                         pass_configs={PassConfigKey.TT_MATH_FIDELITY: fidelity})
    assert f"MathFidelity::{fidelity}" in k.get_kernel_source()["host.cpp"]
    x = np.full((32, 32), 1 + 2.0**-7, np.float32).astype(ml_dtypes.bfloat16)
    c = k(x, x)
    exact = 32 * (1 + 2.0**-7) ** 2
    assert (c == np.float32(exact)).all() == (fidelity == "HiFi4"), (fidelity, c[0, 0], exact)


def test_docs_list_every_ignored_key():
    """docs/language.md lists every key that is accepted and ignored (the table's entries without a meaning here)."""
    import pathlib
    from tilelang_tt.pass_config import SETTINGS
    docs = (pathlib.Path(__file__).resolve().parents[3] / "docs" / "language.md").read_text()
    listed = docs.split("The upstream keys accepted and ignored on every target:", 1)[1].split(".\n", 1)[0]
    ignored = sorted(k for k, (_, meaning) in SETTINGS.items() if meaning is None)
    assert sorted(w.strip("` \n") for w in listed.split(",")) == ignored
