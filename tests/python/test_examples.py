"""Every examples/*.py runs and passes its own check (each exits nonzero on a mismatch). They run in this
process (as __main__), so the IR round-trip check of conftest.py covers their kernels too."""
import pathlib
import runpy

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).resolve().parents[2] / "examples").glob("*.py"))


def test_required_examples_exist():
    names = {p.stem for p in EXAMPLES}
    assert {"elementwise_add", "gemm", "softmax", "rmsnorm"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path, capsys):
    with pytest.raises(SystemExit) as e:
        runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert e.value.code in (0, None), f"{path.name} failed:\n{out}"
    assert "MISMATCH" not in out and out.strip()
