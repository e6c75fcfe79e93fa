"""The report of one call as a static HTML page (`kernel.report(path)`, `tilelang-tt report FILE...`;
docs/profiling.md, "The report").

Input: the emulator's records of the call's programs (TT_EMU_STATS lines, or backend.last_run["programs"][i]
["detail"]: emu::run_stats_json) and, optionally, the call's timeline (kernel.trace / TT_EMU_TRACE, checked by
trace_file.check). Output: one self-contained page (inline SVG, no script, no external resource) with, per program,
the per-core timeline (from the trace: each thread's kernel and its waits by cause), per-core utilisation (FPU busy,
NoC busy, waiting), DRAM traffic per bank; and one roofline with a point per program. Every number is an emulator
counter or a ratio of counters against the device model's limits carried in the record.
"""
from __future__ import annotations

import re
from collections import defaultdict
from html import escape

from . import report_svg as svg
from .stats import _NOC_KEYS, _math_cycles
from .trace_file import check

TILE_FLOPS = {"matmul": 2 * 32 ** 3, "fpu_binary": 32 * 32, "sfpu": 32 * 32, "reduce": 32 * 32}
LOFI_CYCLES_PER_MATMUL_TILE = 16  # the FPU's fastest rate (docs/emulator.md, "Tile ops"): the device's FPU ceiling
LANES = ("NCRISC", "TRISC0 UNPACK", "TRISC1 MATH", "TRISC2 PACK", "BRISC")
WAIT_COLOURS = {"cb_wait_front": "#d62728", "cb_reserve_back": "#9467bd", "tile_regs_acquire": "#e7ba52",
                "tile_regs_wait": "#8c6d31", "noc_semaphore_wait": "#17becf"}
LIFE_COLOUR = "#b9d3b0"
THREAD = re.compile(r"core \(x=(\d+),y=(\d+)\) (\S+) \[(.+)\]$")


def label(record, i):
    """The program's name in the page and in the trace's process names: "<function> <program>"."""
    name = f"{record.get('function', '')} {record.get('program', '')}".strip()
    return name or f"run {i}"


def latest_records(records):
    """The last record of each program label (a TT_EMU_STATS file appends every run), in order of first
    appearance; and how many earlier ones were dropped."""
    by_label = {}
    for i, r in enumerate(records):
        by_label[label(r, i)] = r
    return list(by_label.items()), len(records) - len(by_label)


def program_flops(record):
    return sum(TILE_FLOPS.get(kind, 0) * n for k in record["kernels"] for kind, n in k["tile_ops"].items())


def core_utilisation(record):
    """{(x, y): (fpu, noc, waiting)} as fractions of the program's modeled cycles: the core's compute engines'
    tile-op cycles; its kernels' NoC bytes ÷ one link's bytes per cycle (multicast counted per destination, so a
    multicast sender can exceed 1); its kernels' cycles blocked on CBs and semaphores ÷ its kernels' count."""
    cycles = record["modeled_cycles"] or 1
    per = defaultdict(lambda: [0, 0, 0, 0])
    for k in record["kernels"]:
        c = per[tuple(k["core"])]
        c[0] += _math_cycles(k)
        c[1] += sum(k[key] for key in _NOC_KEYS)
        c[2] += sum(k["cb_blocked_cycles"].values()) + k["sem_blocked_cycles"]
        c[3] += 1
    link = record.get("noc_bytes_per_cycle") or 0
    return {core: (m / cycles, b / (cycles * link) if link else float("nan"), w / (cycles * n))
            for core, (m, b, w, n) in per.items()}


def timeline(procs, threads, spans, name, max_cores, width=1000):
    """The per-core timeline of the trace process named `name`: a row per core (sorted by y, x; the first
    max_cores), a lane per thread (reader, UNPACK, MATH, PACK, writer), the kernel's life in green and each wait in
    its cause's colour. None when the trace has no such process."""
    pid = next((p for p, n in procs.items() if n == name), None)
    if pid is None:
        return None, ""
    rows = defaultdict(dict)
    for (p, tid), tname in threads.items():
        m = THREAD.match(tname)
        if p == pid and m and spans.get((p, tid)):
            rows[(int(m.group(2)), int(m.group(1)))][m.group(4)] = spans[(p, tid)]
    cores = sorted(rows)
    shown = cores[:max_cores]
    end = max((e for lanes in rows.values() for ss in lanes.values() for _, e, _, _ in ss), default=1)
    lanes = list(LANES) + sorted({r for c in shown for r in rows[c]} - set(LANES))
    lane_h, left, top = 4, 96, 34
    row_h = lane_h * len(lanes) + 5
    plot_w = width - left - 10
    x_of = lambda ns: left + plot_w * ns / end  # noqa: E731
    body = svg.legend([("kernel running", LIFE_COLOUR)] + [(cause, c) for cause, c in WAIT_COLOURS.items()], left, 12)
    height = top + row_h * len(shown) + 24
    for t in svg.nice_ticks(end / 1000, 8):
        body += [svg.line(x_of(t * 1000), top - 4, x_of(t * 1000), height - 20, "#e4e4e4", "grid"),
                 svg.text(x_of(t * 1000), height - 6, f"{t:g} us", "middle")]
    for r, core in enumerate(shown):
        y0 = top + r * row_h
        body.append(svg.text(left - 6, y0 + row_h / 2 + 3, f"core (x={core[1]},y={core[0]})", "end"))
        for li, lane in enumerate(lanes):
            for b, e, what, depth in rows[core].get(lane, []):
                y = y0 + li * lane_h
                if depth == 0:
                    body.append(svg.rect(x_of(b), y, x_of(e) - x_of(b), lane_h - 0.5, LIFE_COLOUR, "life"))
                else:
                    colour = WAIT_COLOURS.get(what.split(" ")[0], "#7f7f7f")
                    body.append(svg.rect(x_of(b), y, x_of(e) - x_of(b), lane_h - 0.5, colour, "wait",
                                         f"{lane}: {what} {(e - b) / 1000:.3f} us"))
    note = (f"lanes per core, top to bottom: {', '.join(lanes)}. "
            + (f"The first {len(shown)} of {len(cores)} cores shown." if len(shown) < len(cores) else ""))
    return svg.svg(width, height, body, "timeline"), note


def roofline(programs):
    """One point per program: FLOPs ÷ DRAM bytes against FLOPs ÷ modeled seconds, under the DRAM ceiling
    (bytes per cycle × clock) and the FPU's (the grid's cores at the fastest matmul rate); a dashed FPU ceiling
    at the rate the programs' matmuls ran at when slower (their math fidelity)."""
    r0 = programs[0][1]
    clock = r0["clock_ghz"] * 1e9
    cores = r0["grid"][0] * r0["grid"][1]
    dram = r0["dram_bytes_per_cycle"] * clock
    peak = cores * clock * TILE_FLOPS["matmul"] / LOFI_CYCLES_PER_MATMUL_TILE
    ceilings = [(f"DRAM {dram / 1e9:.0f} GB/s", lambda x: dram * x, "#4c72b0", None),
                (f"FPU peak {peak / 1e12:.1f} TFLOP/s (LoFi)", lambda x: peak, "#c44e52", None)]
    tiles = sum(k["tile_ops"].get("matmul", 0) for _, r in programs for k in r["kernels"])
    cyc = sum(k["tile_op_cycles"].get("matmul", 0) for _, r in programs for k in r["kernels"])
    if tiles and cyc / tiles > LOFI_CYCLES_PER_MATMUL_TILE:
        at = cores * clock * TILE_FLOPS["matmul"] * tiles / cyc
        ceilings.append((f"FPU at the matmuls' fidelity {at / 1e12:.2f} TFLOP/s ({cyc / tiles:.0f} cycles/tile)",
                         lambda x: at, "#c44e52", "6,4"))
    points, skipped = [], []
    for name, r in programs:
        flops = program_flops(r)
        if flops and r["dram_bytes"] and r["modeled_seconds"]:
            points.append((flops / r["dram_bytes"], flops / r["modeled_seconds"], name))
        else:
            skipped.append(name)
    chart = svg.loglog(points, ceilings, "Roofline (one point per program)", "FLOP per DRAM byte",
                       "FLOP/s (modeled)") if points else ""
    note = f"Not on the chart (no FLOPs or no DRAM traffic): {', '.join(skipped)}." if skipped else ""
    return chart, note


def program_section(i, name, r, trace, max_cores):
    out = [f"<section class='program' id='program-{i}'><h2>{escape(name)}</h2>",
           f"<p>modeled {r['modeled_seconds'] * 1e6:.2f} us ({r['modeled_cycles']} cycles at {r['clock_ghz']:g} "
           f"GHz), DRAM {r['dram_bytes'] / 2 ** 20:.2f} MiB, {program_flops(r) / 1e9:.3f} GFLOP, "
           f"{len(r['kernels'])} kernels on the {r['grid'][0]}x{r['grid'][1]} grid of {escape(r['device'])}"
           f"{'; error: ' + escape(str(r['error'])) if r.get('error') else ''}</p>",
           "<h3>Per-core timeline</h3>"]
    chart, note = timeline(*trace, name, max_cores) if trace else (None, "")
    if chart:
        out.append(f"<div class='chart' id='timeline-{i}'>{chart}</div><p class='note'>{escape(note)}</p>")
    else:
        out.append("<p class='note'>No timeline for this program: pass its trace (kernel.trace(path) or "
                   "TT_EMU_TRACE=path before the call; tilelang-tt report TRACE STATS).</p>")
    util = core_utilisation(r)
    out.append("<h3>Per-core utilisation (fraction of the program's modeled time)</h3>"
               f"<div class='chart' id='utilisation-{i}'>")
    for j, title in enumerate(("FPU busy", "NoC busy", "waiting")):
        out.append(svg.heatmap(r["grid"], {c: v[j] for c, v in util.items() if v[j] == v[j]}, title))
    out.append("</div>")
    banks = r["dram_bank_bytes"]
    if banks:
        mean = sum(banks) / len(banks)
        out.append(f"<h3>DRAM traffic per bank</h3><div class='chart' id='dram-{i}'>"
                   + svg.bars(banks, [str(b) for b in range(len(banks))], f"bytes per bank ({len(banks)} banks)",
                              lambda v: f"{v / 2 ** 10:.0f} KiB", mark=(mean, f"mean {mean / 2 ** 10:.0f} KiB"))
                   + "</div>")
    return "".join(out) + "</section>"


STYLE = ("body{font-family:sans-serif;margin:16px;max-width:1040px}h1{font-size:20px}h2{font-size:17px;"
         "border-top:1px solid #ccc;padding-top:8px}h3{font-size:14px;margin-bottom:4px}.note{color:#555;"
         "font-size:12px}.chart svg{margin:0 12px 8px 0;vertical-align:top}")


def render(records, trace_doc=None, max_cores=16, title=None):
    """The page (HTML text) for the emulator records of a call and, optionally, its trace (parsed JSON)."""
    if not records:
        raise ValueError("no program records to report (a TT_EMU_STATS file or kernel.stats of a call)")
    programs, dropped = latest_records(records)
    trace = check(trace_doc)[:3] if trace_doc is not None else None
    head = title or ", ".join(dict.fromkeys(r.get("function") or "program" for _, r in programs))
    total = sum(r["modeled_seconds"] for _, r in programs)
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(head)} — TileLang-TT report</title>"
             f"<style>{STYLE}</style></head><body><h1>{escape(head)}: {len(programs)} program"
             f"{'s' if len(programs) != 1 else ''}, {total * 1e6:.2f} us modeled</h1>"]
    if dropped:
        parts.append(f"<p class='note'>{dropped} earlier record(s) of the same programs left out: the last run of "
                     "each is shown.</p>")
    chart, note = roofline(programs)
    parts.append(f"<section id='roofline'><h2>Roofline</h2><div class='chart' id='roofline-chart'>{chart}</div>"
                 f"<p class='note'>{escape(note)}</p></section>")
    for i, (name, r) in enumerate(programs):
        parts.append(program_section(i, name, r, trace, max_cores))
    return "".join(parts) + "</body></html>"


def write(path, records, trace_doc=None, max_cores=16, title=None):
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(records, trace_doc, max_cores, title))
    return path
