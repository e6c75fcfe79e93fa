"""Every python and bash code block of README.md and docs/ runs as written: a page's blocks in order, python blocks
in one namespace (a later block uses what an earlier one defined), bash blocks in a shell, all in one scratch
directory that links the checkout's examples/, bench/ and docs/, on the default target ("tenstorrent": the test
suite's "interpret" default is undone). Each block asserts its own results where it claims any.

A block that must not run says so in its info string with the reason — ```bash norun: builds the C++ core
(minutes)``` — and test_norun_is_sparing keeps those few: each has a reason and their number is capped (raising the
cap is a reviewed change of this file). Blocks in other languages or without one (output samples, grammars) are
not code to run.
"""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ["README.md"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md"))
BLOCK = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```", re.S | re.M)
MAX_NORUN = 12  # today's: the setup and test commands, C++ builds, minutes-long campaigns, a real SDK, GitHub


def blocks(page):
    """[(line, language, info after the language, code)] of the page's python and bash blocks."""
    text = (ROOT / page).read_text()
    return [(text[:m.start()].count("\n") + 1, m.group(1), m.group(2).strip(), m.group(3))
            for m in BLOCK.finditer(text) if m.group(1) in ("python", "bash")]


def runnable(page):
    return [b for b in blocks(page) if not b[2].startswith("norun")]


def test_norun_is_sparing():
    marked = [(page, line, info) for page in PAGES for line, _, info, _ in blocks(page) if info]
    for page, line, info in marked:
        assert re.fullmatch(r"norun: \S.{8,}", info), f"{page}:{line}: expected 'norun: <reason>', got {info!r}"
    total = sum(len(blocks(p)) for p in PAGES)
    assert len(marked) <= MAX_NORUN, f"{len(marked)} of {total} blocks are not run: {marked}"
    assert total - len(marked) >= len(marked)  # most code on the pages runs


DRIVER = """import subprocess, sys
ns = {"__name__": "__main__"}
for kind, path in BLOCKS:
    print(f"== {path}", flush=True)
    if kind == "python":
        exec(compile(open(path).read(), path, "exec"), ns)
    else:
        subprocess.run(["bash", "-euo", "pipefail", path], check=True)
"""


@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)])
def test_page_code_runs(page, tmp_path):
    for name in ("examples", "bench", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    order = []
    for line, lang, _, code in runnable(page):
        path = tmp_path / f"{page.replace('/', '_')}-line{line}.{'py' if lang == 'python' else 'sh'}"
        path.write_text(code)
        order.append((lang, str(path)))
    (tmp_path / "run_page.py").write_text(f"BLOCKS = {order!r}\n" + DRIVER)
    env = dict(os.environ, TILELANG_TT_DEFAULT_TARGET="tenstorrent",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])  # python3, tilelang-tt
    r = subprocess.run([sys.executable, "run_page.py"], capture_output=True, text=True, timeout=900, cwd=tmp_path,
                       env=env)
    assert r.returncode == 0, f"{page}: {r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    if page == "README.md":
        # The float32 GEMM the quickstart exports passes its own check (TF32 operands: the tolerance follows the
        # kernel's math).
        sys.path.insert(0, str(pathlib.Path(__file__).parent / "tt"))
        from tt_check import build_exported
        r = build_exported(str(tmp_path / "gemm_tt"), "gemm")
        assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
