"""The TT-Metalium API version option (pass config "tt.metalium_api", docs/tenstorrent.md): generated programs use
the 0.66 API (early 2026) or the 0.81 API (the default), the emulator offers exactly the version a program was
built for, and an exported project checks at configure time that the TT-Metalium it finds offers its version."""
import re
import subprocess

import numpy as np
import pytest

import tilelang_tt as tilelang
from tilelang_tt.errors import TileLangError
from tilelang_tt.tenstorrent import emulator
from tt_check import BF16, example, run_exported

API_VERSIONS = ("0.66", "0.81")


def compile_for(func, api):
    return tilelang.compile(func, out_idx=-1, target="tenstorrent", pass_configs={"tt.metalium_api": api})


@pytest.mark.parametrize("api", API_VERSIONS)
def test_generated_code_uses_the_versions_api(api):
    # online softmax: reductions, a column broadcast of a vector, SFPU math; bias_relu: an FPU row broadcast.
    sm = compile_for(example("online_softmax").online_softmax(64, 512, 32, 256), api).get_kernel_source()
    br = compile_for(example("bias_relu").bias_relu(64, 128), api).get_kernel_source()
    compute = sm["kernels/kernel0_compute.cpp"] + br["kernels/kernel0_compute.cpp"]
    old = [r'"compute_kernel_api/', r"copy_tile_to_dst_init_short\(", r"\binit_bcast<", r"unary_bcast_init<\w+::\w+>\(\d+, \d+\)"]
    new = [r'"api/compute/', r"\bcopy_init\(", r"\bbcast_init<", r"unary_bcast_init<\w+::\w+>\(\d+\)"]
    present, absent = (old, new) if api == "0.66" else (new, old)
    assert all(re.search(p, compute) for p in present), present
    assert not any(re.search(p, compute) for p in absent), absent
    assert "#define REDUCE_OP" in sm["kernels/kernel0_compute.cpp"]  # before reduce.h, in both versions
    assert f"set(TL_TT_METALIUM_API {api})" in sm["CMakeLists.txt"]
    assert f'"metalium_api": "{api}"' in sm["plan.json"]


def test_both_versions_compute_the_same():
    # The same kernel built against each API version runs on the emulator with identical results (the emulator's
    # numerics do not depend on the API), and matches numpy within bf16 rounding.
    rng = np.random.default_rng(3)
    x = rng.uniform(-4, 4, size=(64, 512)).astype(BF16)
    outs = [compile_for(example("online_softmax").online_softmax(64, 512, 32, 256), api)(x) for api in API_VERSIONS]
    np.testing.assert_array_equal(outs[0].astype(np.float32), outs[1].astype(np.float32))
    xf = x.astype(np.float64)
    ref = np.exp(xf - xf.max(axis=1, keepdims=True))
    ref /= ref.sum(axis=1, keepdims=True)
    assert np.all(np.abs(outs[1].astype(np.float64) - ref) <= 2.0**-5 * ref + 1e-6)


def test_an_unknown_version_is_an_error():
    with pytest.raises(TileLangError, match=r"pass_configs\['tt.metalium_api'\] = '0.70': expected one of '0.66', '0.81'"):
        compile_for(example("bias_relu").bias_relu(64, 128), "0.70")


def test_export_checks_the_api_it_is_built_against(tmp_path):
    kernel = compile_for(example("bias_relu").bias_relu(64, 128), "0.66")
    done = run_exported(kernel, str(tmp_path / "p"), "bias_relu")
    assert done.returncode == 0 and "PASS" in done.stdout, done.stdout + done.stderr
    # The emulator asked for the other version: the project refuses at configure time, saying why.
    r = subprocess.run(["cmake", "-S", str(tmp_path / "p"), "-B", str(tmp_path / "b81"),
                        "-DCMAKE_PREFIX_PATH=" + emulator.cmake_prefix(), "-DTT_METALIUM_API=0.81"],
                       capture_output=True, text=True)
    assert r.returncode != 0
    said = " ".join(r.stderr.split())  # CMake wraps its messages at 80 columns
    assert "generated for the TT-Metalium 0.66 API" in said and "offers the 0.81 API" in said, r.stderr
