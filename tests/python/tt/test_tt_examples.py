"""Every example in examples/tenstorrent/ runs, checks its own result against numpy and reports ok."""
import importlib.util
import pathlib

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "examples" / "tenstorrent"


def load(name):
    spec = importlib.util.spec_from_file_location(f"tt_example_{name}", EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_example_is_listed():
    assert sorted(p.stem for p in EXAMPLES.glob("*.py")) == sorted(NAMES)


NAMES = ["elementwise_add", "gemm", "bias_relu", "splitk_gemm", "gemv", "conv2d"]


@pytest.mark.parametrize("name", NAMES)
def test_example_runs_and_checks_itself(name, capsys):
    assert load(name).main() == 0
    out = capsys.readouterr().out
    assert "tenstorrent" in out and "MISMATCH" not in out and "ok" in out
    assert "modeled device time" in out
