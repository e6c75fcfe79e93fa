"""The timing model's calibration (docs/benchmarks.md, "Calibration"): bench/calibration.py's data-movement
experiments — our TT-Metalium host program and kernels performing the vendor's published measurements — must
model bandwidths within the documented band (±15 %) of the published figures: one kernel streaming one DRAM
bank, one kernel multicasting to the 8×8 grid (plain and linked), and twelve kernels saturating the DRAM banks.
These pin the calibrated NoC rates, the per-bank rate and the chip's DRAM bandwidth (a change to any of them
moves a row out of its band). The GEMM rows take minutes and are left to the benchmark.
"""
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "calibration.py"


@pytest.fixture(scope="module")
def calibration(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("calibration", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.EXE = mod.build_host(tmp_path_factory.mktemp("calibration"))
    return mod


def dm_row(mod, name):
    (row,) = [r for r in mod.DM_ROWS if r[0] == name]
    return row


@pytest.mark.parametrize("name", ["DRAM read, one bank", "DRAM write, interleaved pages", "multicast to 8x8",
                                  "linked multicast to 8x8"])
def test_one_kernel_bandwidth_within_band(calibration, name):
    _, published, _, args = dm_row(calibration, name)
    kernels, _ = calibration.run_host(calibration.EXE, args)
    (_, _, nbytes, cycles), = [k for k in kernels if k[2] > 0]
    assert nbytes == 128 * 8192
    assert abs(nbytes / cycles / published - 1) <= calibration.DM_TOLERANCE, (name, nbytes / cycles, published)


def test_dram_saturation_within_band(calibration):
    _, published, _, args = calibration.SATURATION
    kernels, total = calibration.run_host(calibration.EXE, args)
    assert len(kernels) == 12 and all(k[2] == 128 * 8192 for k in kernels)
    gbps = sum(k[2] for k in kernels) / total  # bytes per cycle at 1 GHz
    assert abs(gbps / published - 1) <= calibration.DM_TOLERANCE, (gbps, published)


def test_twelve_readers_of_one_bank_share_it(calibration):
    # The same twelve kernels all streaming bank 0 (page 0): each alone would get the bank's single-kernel 22
    # B/cycle, together they share the bank's 267/12 B/cycle, so the program takes about 12× as long.
    _, spread_total = calibration.run_host(calibration.EXE, ["dram", "8192", "128", "0", "0", "12"])
    hot, hot_total = calibration.run_host(calibration.EXE, ["dram_one_bank", "8192", "128", "0", "0", "12"])
    nbytes = sum(k[2] for k in hot)
    assert nbytes == 12 * 128 * 8192
    assert hot_total >= nbytes / (267 / 12)
    assert hot_total > 10 * spread_total
