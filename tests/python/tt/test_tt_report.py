"""The report of a call (kernel.report(path), `tilelang-tt report TRACE STATS`) on a two-program function (split-K
GEMM: a partial-product kernel and a combine kernel): its charts are computed from the call's counters (checked
against them here), and the page renders in a real headless browser — Chromium from Debian
(scripts/setup-system.sh installs it): the DOM has every chart, and each chart's box in a screenshot holds drawn
pixels of the chart's colours.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from test_tt_trace import splitk  # noqa: F401 (the fixture: a split-K GEMM and its arguments)
from tt_check import example

import tilelang_tt as tilelang
from tilelang_tt.errors import TileLangError
from tilelang_tt.tenstorrent import report

SPLITK = example("splitk_gemm")


@pytest.fixture(scope="module")
def call(splitk, tmp_path_factory):
    """A traced split-K call: (kernel, trace path, report path, its arguments)."""
    d = tmp_path_factory.mktemp("report")
    kernel, args = splitk
    trace = str(d / "splitk.json")
    kernel.trace(trace)(*args)
    return kernel, trace, kernel.report(d / "splitk.html"), args


def count(html, cls, within=None):
    if within is not None:
        html = re.search(f"<div class='chart' id='{within}'>(.*?)</div>", html, re.S).group(1)
    return len(re.findall(f"class='{cls}'", html))


def test_report_charts_follow_the_counters(call):
    kernel, _, path, _ = call
    html = open(path).read()
    programs = [p["detail"] for p in kernel.backend.last_run["programs"]]
    assert [p["program"] for p in programs] == ["kernel0", "kernel1"]
    # One roofline point per program, at its FLOPs ÷ DRAM bytes (matmul tiles: 2·32³ FLOPs each).
    assert count(html, "point") == 2
    m0 = sum(k["tile_ops"].get("matmul", 0) for k in programs[0]["kernels"])
    assert m0 == (128 // 32) * (128 // 32) * (512 // 32)  # every 32x32x32 product of C = A @ B once
    assert report.program_flops(programs[0]) == m0 * 2 * 32 ** 3
    for i, p in enumerate(programs):
        # Timeline: every wait of the program's trace is drawn (its first 16 cores: all of them here).
        assert count(html, "wait", f"timeline-{i}") > 0 and count(html, "life", f"timeline-{i}") > 0
        # Utilisation: three heatmaps of the grid's cells; DRAM: a bar per bank.
        gx, gy = p["grid"]
        assert count(html, "cell", f"utilisation-{i}") == 3 * gx * gy
        assert count(html, "bar", f"dram-{i}") == len(p["dram_bank_bytes"]) == 12
    # Per-core fractions: the compute engines' cycles of one core over the program's modeled cycles.
    p = programs[0]
    util = report.core_utilisation(p)
    core = tuple(p["kernels"][0]["core"])
    math = sum(c for k in p["kernels"] if tuple(k["core"]) == core for kind, c in k["tile_op_cycles"].items()
               if kind != "pack")
    assert util[core][0] == pytest.approx(math / p["modeled_cycles"]) and 0 < util[core][0] < 1
    assert all(0 <= w <= 1 for _, _, w in util.values())
    assert p["noc_bytes_per_cycle"] == 32  # Wormhole: one flit of 32 bytes per cycle per link


def test_report_of_an_untraced_call_says_how_to_get_the_timeline(call, tmp_path):
    kernel, trace, _, _ = call
    kernel.trace(None)
    old = os.environ.pop("TT_EMU_TRACE", None)
    try:
        kernel(*call[3])
        html = open(kernel.report(tmp_path / "r.html")).read()
    finally:
        if old is not None:
            os.environ["TT_EMU_TRACE"] = old
        kernel.trace(trace)(*call[3])  # the module's traced call again, for the tests after this one
    assert "No timeline for this program" in html and count(html, "wait") == 0 and count(html, "point") == 2
    # Tracing switched off after a traced call: that call's report still has its timeline.
    kernel.trace(None)
    try:
        assert count(open(kernel.report(tmp_path / "r2.html")).read(), "wait") > 0
    finally:
        kernel.trace(trace)


def test_report_errors(tmp_path):
    k = tilelang.compile(SPLITK.splitk_matmul(64, 64, 64, 32, 32, 32, 1, out_dtype="float32"), out_idx=[3],
                         target="tenstorrent")
    with pytest.raises(TileLangError, match="no call to report yet"):
        k.report(tmp_path / "r.html")


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tilelang_tt_cli", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_report(call, tmp_path):
    kernel, trace, _, _ = call
    stats = tmp_path / "stats.jsonl"
    stats.write_text("".join(json.dumps(p["detail"]) + "\n" for p in kernel.backend.last_run["programs"] * 2))
    out = tmp_path / "cli.html"
    r = cli("report", trace, str(stats), "-o", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    # The stats file holds two runs of each program: the last of each is shown, said so.
    assert count(html, "point") == 2 and "2 earlier record(s)" in html and count(html, "wait") > 0
    r = cli("report", trace, "-o", str(out))
    assert r.returncode == 2 and "no emulator records" in r.stderr
    r = cli("report", str(tmp_path / "missing.jsonl"))
    assert r.returncode == 2 and "cannot read" in r.stderr
    (tmp_path / "bad.json").write_text('{"traceEvents": [{"ph": "X"}]}')
    r = cli("report", str(tmp_path / "bad.json"), str(stats), "-o", str(out))
    assert r.returncode == 1 and "event without ph, name or pid" in r.stderr


# --- the browser -------------------------------------------------------------------------------------------------

BOXES = """<script>window.addEventListener('load', () => {
  const out = [...document.querySelectorAll('.chart svg')].map(s => {
    const r = s.getBoundingClientRect();
    return {cls: s.getAttribute('class'), x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height}; });
  const pre = document.createElement('pre'); pre.id = 'boxes'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre); });</script>"""


def chromium(*args):
    exe = shutil.which("chromium")
    assert exe, "chromium is not installed: run scripts/setup-system.sh as root (it installs Debian's chromium)"
    r = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def read_png(path):
    from PIL import Image  # Pillow: a test dependency (pyproject's [test] extra)
    return np.asarray(Image.open(path).convert("RGB"))


def test_report_renders_in_chromium(call, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(open(call[2]).read().replace("</body>", BOXES + "</body>"))
    # The same window width in both runs: the layout (charts side by side or wrapped) depends on it.
    dom = chromium("--window-size=1100,800", "--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    boxes = json.loads(re.search(r"<pre id=\"boxes\">(.*?)</pre>", dom, re.S).group(1).replace("&quot;", '"'))
    # Every chart is in the DOM with a size: a roofline, and per program a timeline, three heatmaps, a bar chart.
    assert sorted(b["cls"] for b in boxes) == sorted(["roofline"] + 2 * ["timeline", "heatmap", "heatmap", "heatmap",
                                                                             "bars"])
    assert all(b["w"] > 100 and b["h"] > 100 for b in boxes), boxes
    height = int(max(b["y"] + b["h"] for b in boxes)) + 20
    shot = tmp_path / "page.png"
    chromium(f"--window-size=1100,{height}", f"--screenshot={shot}", page.as_uri())
    img = read_png(shot)
    assert img.shape[0] == height
    for b in boxes:  # each chart's box holds drawn pixels, in several colours (not a blank or one-colour box)
        region = img[int(b["y"]):int(b["y"] + b["h"]), int(b["x"]):int(b["x"] + b["w"])]
        ink = (region.astype(int).sum(axis=2) < 720)  # not white nor near-white
        colours = {tuple(c) for c in region[::4, ::4].reshape(-1, 3)}
        assert ink.mean() > 0.02 and len(colours) > 5, (b, ink.mean(), len(colours))
    # The charts' own colours are on screen: waits (cb_wait_front red), kernels running (green), roofline point.
    for hexc in (report.WAIT_COLOURS["cb_wait_front"], report.LIFE_COLOUR, "#dd8452"):
        rgb = np.array([int(hexc[i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(img.astype(int) - rgb).sum(axis=2) <= 6).sum() > 20, hexc
