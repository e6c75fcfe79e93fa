"""Every kernel an example in examples/tenstorrent compiles exports a project that configures, builds against the
emulator's CMake package and passes its own check (the tolerance comes from the kernel's math,
codegen/tt/self_check_tolerance.h), for each TT-Metalium API version (pass config tt.metalium_api: the project
asks the emulator's package for that version); the README's float32 GEMM is checked by test_docs.py. One build
per kernel and version: about 15 s each on 2 cores."""
import re

import pytest

import tilelang_tt as tilelang
from test_tt_examples import NAMES
from tt_check import example, run_exported


@pytest.mark.parametrize("api", ("0.66", "0.81"))
@pytest.mark.parametrize("name", NAMES)
def test_example_exports_pass_their_own_check(name, api, tmp_path, monkeypatch, capsys):
    kernels = []
    compile_ = tilelang.compile

    def recording(*args, **kwargs):
        if (kwargs.get("target") or "interpret").startswith("tenstorrent"):  # compile()'s default: interpret
            kwargs["pass_configs"] = {**(kwargs.get("pass_configs") or {}), "tt.metalium_api": api}
        k = compile_(*args, **kwargs)
        if k.target.startswith("tenstorrent"):
            kernels.append(k)
        return k

    monkeypatch.setattr(tilelang, "compile", recording)
    assert example(name).main() == 0
    capsys.readouterr()
    assert kernels, f"{name} compiled no tenstorrent kernel"
    assert all(f"set(TL_TT_METALIUM_API {api})" in k.get_kernel_source()["CMakeLists.txt"] for k in kernels)
    seen = set()
    for i, k in enumerate(kernels):
        key = tuple(sorted(k.get_kernel_source().items()))
        if key in seen:
            continue
        seen.add(key)
        r = run_exported(k, str(tmp_path / f"{name}_{i}"), k.func.name)
        assert r.returncode == 0 and "PASS" in r.stdout, f"{name} kernel {i}:\n{r.stdout}\n{r.stderr}"


def test_low_fidelity_export_passes_its_own_check(tmp_path):
    """At LoFi the matrix engine drops mantissa fields (about 2^-4 per product): the tolerance grows with the
    fidelity, so the export of a LoFi GEMM checks itself (with the HiFi4 tolerance it fails)."""
    from test_tt_pass_configs import gemm_kernel
    k = tilelang.compile(gemm_kernel(), out_idx=-1, target="tenstorrent", pass_configs={"tt.math_fidelity": "LoFi"})
    r = run_exported(k, str(tmp_path / "lofi"), "gemm")
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
    got, expected = map(float, re.search(r"got (\S+), expected (\S+)", r.stdout).groups())
    assert abs(got - expected) > 1e-3 + 2 * 32 * 32 * 2.0**-24  # beyond the HiFi4 tolerance of this GEMM
