"""kernel.stats: the emulator's counters of a kernel's last call, summed and rated (docs/profiling.md).

Input: the per-program lines the host program appends to $TL_TT_STATS (backend.last_run["programs"]), each with
the emulator's full record of the run under "detail" (emu::run_stats_json: the device model, per-kernel counters
of every core, DRAM bytes per bank). Output: one dict for the call — totals over its programs, the utilisation of
the chip's compute engines and DRAM bandwidth in modeled time, and per program the same plus per-core counters.
Every number is an exact emulator counter or a ratio of them against the device model's limits; none is measured
on the host except wall_ms.
"""
from __future__ import annotations

_NOC_KEYS = ("noc_read_bytes_dram", "noc_read_bytes_l1", "noc_write_bytes_dram", "noc_write_bytes_l1",
             "noc_write_bytes_mcast")


def _math_cycles(kernel):
    """Modeled cycles of a kernel's tile operations on its MATH and UNPACK threads (packs run on PACK)."""
    return sum(c for kind, c in kernel["tile_op_cycles"].items() if kind != "pack")


def _core_summary(kernels):
    """Per core (sorted by y, x): NoC bytes of all its kernels, its compute engines' busy cycles, the cycles each
    kernel spent blocked on each CB and on semaphores, and when its last kernel ended."""
    cores = {}
    for k in kernels:
        x, y = k["core"]
        c = cores.setdefault((y, x), {"core": [x, y], **{key: 0 for key in _NOC_KEYS}, "math_cycles": 0,
                                      "cb_blocked_cycles": {}, "sem_blocked_cycles": 0, "end_cycle": 0})
        for key in _NOC_KEYS:
            c[key] += k[key]
        c["math_cycles"] += _math_cycles(k)
        blocked = {int(cb): n for cb, n in k["cb_blocked_cycles"].items()}
        if blocked:
            c["cb_blocked_cycles"][k["kernel"]] = blocked
        c["sem_blocked_cycles"] += k["sem_blocked_cycles"]
        c["end_cycle"] = max(c["end_cycle"], k["end_cycle"])
    return [cores[key] for key in sorted(cores)]


def _utilisation(math_cycles, matmul_cycles, dram_bytes, modeled_cycles, detail):
    """Busy fractions in modeled time: "fpu" — tile-op cycles of every core's compute engines ÷ (modeled cycles ×
    the worker grid's cores); "matmul" — the same for matmul tiles only (a tile product's modeled cycles include
    its issue cost and any unpack bound, so this is the FLOP rate ÷ the grid's peak (bench/gemm.py's
    modeled_utilization) times the modeled cycles per product ÷ the FPU's, e.g. 70/64 at HiFi4); "dram" — DRAM
    bytes ÷ (modeled cycles × the chip's DRAM bytes per cycle)."""
    gx, gy = detail["grid"]
    if modeled_cycles == 0:
        return {"fpu": 0.0, "matmul": 0.0, "dram": 0.0}
    return {"fpu": math_cycles / (modeled_cycles * gx * gy), "matmul": matmul_cycles / (modeled_cycles * gx * gy),
            "dram": dram_bytes / (modeled_cycles * detail["dram_bytes_per_cycle"])}


def _program(p):
    d = p["detail"]
    math = sum(_math_cycles(k) for k in d["kernels"])
    matmul = sum(k["tile_op_cycles"].get("matmul", 0) for k in d["kernels"])
    return {
        "program": p["program"],
        "modeled_ms": d["modeled_seconds"] * 1e3,
        "modeled_cycles": d["modeled_cycles"],
        "wall_ms": d["wall_seconds"] * 1e3,
        "dram_bytes": d["dram_bytes"],
        "dram_bank_bytes": list(d["dram_bank_bytes"]),
        "noc_bytes": {key: p[key] for key in _NOC_KEYS},
        "tile_ops": dict(p["tile_ops"]),
        "math_cycles": math,
        "matmul_cycles": matmul,
        "utilisation": _utilisation(math, matmul, d["dram_bytes"], d["modeled_cycles"], d),
        "cb_peak_pages": {int(cb): n for cb, n in p["cb_peak_pages"].items()},
        "cores": _core_summary(d["kernels"]),
    }


def summarize(function, programs):
    """The kernel.stats dict of one call whose host program wrote `programs` (see the module docstring)."""
    if not programs:
        return None
    progs = [_program(p) for p in programs]
    detail = programs[0]["detail"]
    cycles = sum(p["modeled_cycles"] for p in progs)
    dram = sum(p["dram_bytes"] for p in progs)
    math = sum(p["math_cycles"] for p in progs)
    matmul = sum(p["matmul_cycles"] for p in progs)
    tile_ops = {}
    for p in progs:
        for kind, n in p["tile_ops"].items():
            tile_ops[kind] = tile_ops.get(kind, 0) + n
    return {
        "function": function,
        "device": detail["device"],
        "modeled_ms": sum(p["modeled_ms"] for p in progs),
        "modeled_cycles": cycles,
        "wall_ms": sum(p["wall_ms"] for p in progs),
        "dram_bytes": dram,
        "noc_bytes": {key: sum(p["noc_bytes"][key] for p in progs) for key in _NOC_KEYS},
        "tile_ops": tile_ops,
        "math_cycles": math,
        "matmul_cycles": matmul,
        "utilisation": _utilisation(math, matmul, dram, cycles, detail),
        "programs": progs,
    }
