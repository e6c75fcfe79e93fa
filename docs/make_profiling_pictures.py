#!/usr/bin/env python3
"""Regenerates the pictures of docs/profiling.md from one real run: the GEMM of examples/tenstorrent/gemm.py
(512x512x256 bfloat16, 16 cores) traced on the emulated Wormhole, its report page (kernel.report), and one PNG per
chart of that page taken by headless Chromium (scripts/setup-system.sh installs it).

Run: python3 docs/make_profiling_pictures.py   (writes docs/profiling/*.png)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import ml_dtypes
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "tenstorrent"))

import tilelang_tt as tilelang  # noqa: E402
from gemm import SIZES, matmul  # noqa: E402

CHARTS = {"roofline-chart": "roofline.png", "timeline-0": "timeline.png", "utilisation-0": "utilisation.png",
          "dram-0": "dram_banks.png"}


def screenshot(chart_html, path, tmp):
    """One chart's <div> alone on a page, captured at its SVGs' size."""
    widths = [int(w) for w in re.findall(r"<svg [^>]*width='(\d+)'", chart_html)]
    heights = [int(h) for h in re.findall(r"<svg [^>]*height='(\d+)'", chart_html)]
    width, height = sum(widths) + 12 * len(widths) + 16, max(heights) + 16
    page = os.path.join(tmp, "chart.html")
    with open(page, "w") as f:
        f.write("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:8px;background:#fff}"
                f"svg{{margin-right:12px;vertical-align:top}}</style></head><body>{chart_html}</body></html>")
    subprocess.run([shutil.which("chromium") or sys.exit("chromium is not installed (scripts/setup-system.sh)"),
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width},{height}", f"--screenshot={path}", "file://" + page],
                   check=True, capture_output=True)


def main():
    out = os.path.join(HERE, "profiling")
    os.makedirs(out, exist_ok=True)
    M, N, K = SIZES
    kernel = tilelang.compile(matmul(M, N, K), out_idx=-1, target="tenstorrent")
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (M, K)).astype(ml_dtypes.bfloat16)
    b = rng.uniform(-1, 1, (K, N)).astype(ml_dtypes.bfloat16)
    with tempfile.TemporaryDirectory() as tmp:
        kernel.trace(os.path.join(tmp, "gemm.json"))(a, b)
        html_path = kernel.report(os.path.join(tmp, "gemm_report.html"))
        html = open(html_path).read()
        for chart_id, name in CHARTS.items():
            chart = re.search(f"<div class='chart' id='{chart_id}'>.*?</div>", html, re.S).group(0)
            screenshot(chart, os.path.join(out, name), tmp)
            print(os.path.join(out, name))
    s = kernel.stats
    print(f"{s['function']}: {s['modeled_ms'] * 1e3:.2f} us modeled, FPU {s['utilisation']['fpu']:.0%}, "
          f"DRAM {s['utilisation']['dram']:.0%}")


if __name__ == "__main__":
    main()
