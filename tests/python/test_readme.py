"""The README's quickstart code runs as written (it asserts its own result)."""
import pathlib
import re
import subprocess
import sys


def test_readme_quickstart(tmp_path):
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Quickstart", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    script = tmp_path / "quickstart.py"
    script.write_text(code)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "func " in r.stdout  # it prints the kernel's IR
    # The float32 GEMM it exports passes its own check (TF32 operands: the tolerance follows the kernel's math).
    sys.path.insert(0, str(pathlib.Path(__file__).parent / "tt"))
    from tt_check import build_exported
    r = build_exported(str(tmp_path / "gemm_tt"), "gemm")
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
