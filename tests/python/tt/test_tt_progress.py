"""Progress on stderr (tilelang_tt/progress.py): a line for each wait longer than a second — a new kernel's host
program build and its first run (which builds its kernels) — and tqdm bars (autotuning, the fuzzer), shown with
TILELANG_TT_VERBOSE=1, absent with =0 and, unset, when stderr is not a terminal (tests, CI, pipes).

The end-to-end test compiles a kernel never built before in a child process (a real host build of seconds), quiet
and verbose.
"""
import os
import re
import subprocess
import sys
import time

import pytest

from tilelang_tt import progress

CHILD = r"""
import sys
import numpy as np, tilelang_tt as tilelang, tilelang_tt.language as T
n, scale = int(sys.argv[1]), float(sys.argv[2])
@T.prim_func
def scaled_add(A: T.Tensor((n, 64), "float32"), B: T.Tensor((n, 64), "float32"), C: T.Tensor((n, 64), "float32")):
    with T.Kernel(2, n // 32) as (bx, by):
        for i, j in T.Parallel(32, 32):
            C[by * 32 + i, bx * 32 + j] = A[by * 32 + i, bx * 32 + j] * scale + B[by * 32 + i, bx * 32 + j]
k = tilelang.compile(scaled_add, out_idx=-1, target="tenstorrent")
a = np.ones((n, 64), np.float32)
assert (k(a, a) == np.float32(scale) + 1).all()
print(k.backend.cache_hit, f"{k.backend.build_seconds:.3f}")
"""


def run_child(tmp_path, verbose):
    """Compiles and runs a kernel never built before (a constant of its own: a new host program and kernels; the
    cache's shared host support stays warm) in a child process."""
    env = {k: v for k, v in os.environ.items() if k != "TILELANG_TT_VERBOSE"}
    if verbose is not None:
        env["TILELANG_TT_VERBOSE"] = verbose
    script = tmp_path / "child.py"  # kernels are read from their file
    script.write_text(CHILD)
    scale = 1 + (time.time_ns() % 1_000_000_007) / 2 ** 40
    r = subprocess.run([sys.executable, str(script), "64", repr(scale)], capture_output=True, text=True, env=env,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    hit, seconds = r.stdout.split()
    assert hit == "False" and float(seconds) > progress.THRESHOLD_S  # a real build happened, long enough to show
    return r.stderr


def test_build_and_first_run_lines_when_verbose_only(tmp_path):
    assert "tilelang-tt:" not in run_child(tmp_path, None)  # unset, with stderr a pipe: quiet
    # =0 is test_step_prints_only_past_the_threshold's.
    err = run_child(tmp_path, "1")
    m = re.search(r"^tilelang-tt: building the host program of scaled_add \.\.\. done in (\d+\.\d) s$", err, re.M)
    assert m and float(m.group(1)) > progress.THRESHOLD_S, err


def test_step_prints_only_past_the_threshold(monkeypatch, capsys):
    monkeypatch.setenv("TILELANG_TT_VERBOSE", "1")
    with progress.step("a short wait"):
        pass
    assert capsys.readouterr().err == ""
    with progress.step("a long wait"):
        time.sleep(progress.THRESHOLD_S + 0.3)
    err = capsys.readouterr().err
    assert re.fullmatch(r"tilelang-tt: a long wait \.\.\. done in 1\.\d s\n", err), err
    with pytest.raises(RuntimeError):
        with progress.step("a failing wait"):
            time.sleep(progress.THRESHOLD_S + 0.3)
            raise RuntimeError("x")
    assert re.fullmatch(r"tilelang-tt: a failing wait \.\.\. failed after 1\.\d s\n", capsys.readouterr().err)
    monkeypatch.setenv("TILELANG_TT_VERBOSE", "0")
    with progress.step("a quiet long wait"):
        time.sleep(progress.THRESHOLD_S + 0.3)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("verbose, shown", [("1", True), ("0", False), (None, False)])
def test_bar(monkeypatch, capsys, verbose, shown):
    if verbose is None:
        monkeypatch.delenv("TILELANG_TT_VERBOSE", raising=False)  # pytest captures stderr: not a terminal
    else:
        monkeypatch.setenv("TILELANG_TT_VERBOSE", verbose)
    with progress.bar(3, "fuzz cases") as bar:
        for _ in range(3):
            bar.update(1)
    err = capsys.readouterr().err
    assert ("fuzz cases" in err and "3/3" in err) == shown, err
