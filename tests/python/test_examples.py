"""Every examples/*.py runs and passes its own check (each exits nonzero on a mismatch)."""
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).resolve().parents[2] / "examples").glob("*.py"))


def test_required_examples_exist():
    names = {p.stem for p in EXAMPLES}
    assert {"elementwise_add", "gemm", "softmax", "rmsnorm"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path):
    r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"{path.name} failed:\n{r.stdout}\n{r.stderr}"
    assert "MISMATCH" not in r.stdout
