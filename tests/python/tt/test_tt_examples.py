"""Every example in examples/tenstorrent/ runs, checks its own result against numpy and reports ok."""
import pytest
from tt_check import EXAMPLES, example as load


def test_every_example_is_listed():
    assert sorted(p.stem for p in EXAMPLES.glob("*.py")) == sorted(NAMES)


NAMES = ["elementwise_add", "gemm", "bias_relu", "splitk_gemm", "gemv", "conv2d", "online_softmax"]


@pytest.mark.parametrize("name", NAMES)
def test_example_runs_and_checks_itself(name, capsys):
    assert load(name).main() == 0
    out = capsys.readouterr().out
    assert "tenstorrent" in out and "MISMATCH" not in out and "ok" in out
    assert "modeled device time" in out
