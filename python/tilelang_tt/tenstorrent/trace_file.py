"""Reading a timeline written by kernel.trace / TT_EMU_TRACE (docs/profiling.md): check it against the Trace Event
Format's rules as Perfetto applies them, and summarize it (`tilelang-tt trace FILE`).

Rules: a {"traceEvents": [...]} object; every event has ph, name and pid; every non-metadata event a numeric ts >= 0;
X events a tid and dur >= 0; B/E pairs balanced per thread; every pid named by a process_name metadata event and every
thread with slices by a thread_name one (each named once); per (pid, tid) the X slices nest — a slice that starts
inside another ends inside it (a partial overlap is what Perfetto mis-nests or drops). Pure Python (json only).
"""
from __future__ import annotations

from collections import defaultdict

_METADATA = ("process_name", "process_sort_index", "thread_name", "thread_sort_index")


class TraceFormatError(ValueError):
    """The file breaks a rule of the format (the message names the event or the slices)."""


def _ns(t):
    """A timestamp in µs (the emulator writes them exact to the ns) in integer ns."""
    return round(t * 1000)


def _require(ok, message):
    if not ok:
        raise TraceFormatError(message)


def check(doc):
    """Checks doc (the parsed JSON) against the rules above. Returns (processes {pid: name}, threads {(pid, tid):
    name}, slices {(pid, tid): [(begin_ns, end_ns, name, depth)]} in nesting order, counters {(pid, name):
    [(ts_ns, args)]}). Raises TraceFormatError."""
    _require(isinstance(doc, dict) and isinstance(doc.get("traceEvents"), list), "expected {\"traceEvents\": [...]}")
    procs, threads, spans, counters, open_b = {}, {}, defaultdict(list), defaultdict(list), defaultdict(list)
    used_pids, used_threads = set(), set()
    for ev in doc["traceEvents"]:
        _require(isinstance(ev, dict) and {"ph", "name", "pid"} <= ev.keys(), f"event without ph, name or pid: {ev}")
        _require(isinstance(ev["pid"], int) and isinstance(ev["name"], str), f"pid or name of the wrong type: {ev}")
        ph = ev["ph"]
        if ph == "M":
            _require(ev["name"] in _METADATA, f"unknown metadata event: {ev}")
            if ev["name"] == "process_name":
                _require(ev["pid"] not in procs, f"process {ev['pid']} named twice")
                procs[ev["pid"]] = ev["args"]["name"]
            elif ev["name"] == "thread_name":
                key = (ev["pid"], ev["tid"])
                _require(key not in threads, f"thread {key} named twice")
                threads[key] = ev["args"]["name"]
            else:
                _require(isinstance(ev["args"]["sort_index"], int), f"sort_index is not an int: {ev}")
            continue
        _require(isinstance(ev.get("ts"), (int, float)) and ev["ts"] >= 0, f"event without a ts >= 0: {ev}")
        used_pids.add(ev["pid"])
        if ph == "X":
            _require(isinstance(ev.get("tid"), int) and ev.get("dur", -1) >= 0, f"X event without tid or dur: {ev}")
            key = (ev["pid"], ev["tid"])
            used_threads.add(key)
            spans[key].append((_ns(ev["ts"]), _ns(ev["ts"]) + _ns(ev["dur"]), ev["name"]))
        elif ph == "B":
            open_b[(ev["pid"], ev.get("tid"))].append(ev)
        elif ph == "E":
            _require(bool(open_b[(ev["pid"], ev.get("tid"))]), f"E event without a B: {ev}")
            open_b[(ev["pid"], ev.get("tid"))].pop()
        elif ph == "C":
            args = ev.get("args")
            _require(bool(args) and all(isinstance(v, (int, float)) for v in args.values()),
                     f"counter without numeric args: {ev}")
            counters[(ev["pid"], ev["name"])].append((_ns(ev["ts"]), args))
        else:
            raise TraceFormatError(f"unexpected phase {ph!r}: {ev}")
    _require(not any(open_b.values()), "B events without E")
    _require(used_pids <= procs.keys(), f"processes without a name: {sorted(used_pids - procs.keys())}")
    _require(used_threads <= threads.keys(), f"threads without a name: {sorted(used_threads - threads.keys())}")
    nested = {}
    for key, ss in spans.items():
        stack, out = [], []
        for b, e, name in sorted(ss, key=lambda s: (s[0], -s[1])):
            while stack and stack[-1][1] <= b:
                stack.pop()
            if stack and e > stack[-1][1]:
                raise TraceFormatError(f"{threads[key]}: {name} [{b}, {e}) ns overlaps {stack[-1][2]} "
                                       f"[{stack[-1][0]}, {stack[-1][1]}) partially")
            out.append((b, e, name, len(stack)))
            stack.append((b, e, name))
        nested[key] = out
    return procs, threads, nested, counters


def summary(doc, top=5):
    """Text: per process, its threads, slices and modeled end, and the `top` waits (slices inside a thread's outermost
    one, grouped by name) by total time."""
    procs, threads, spans, _ = check(doc)
    lines = []
    for pid in sorted(procs):
        mine = {key: ss for key, ss in spans.items() if key[0] == pid}
        end = max((e for ss in mine.values() for _, e, _, _ in ss), default=0)
        waits = defaultdict(lambda: [0, 0])
        for ss in mine.values():
            for b, e, name, depth in ss:
                if depth > 0:
                    waits[name][0] += e - b
                    waits[name][1] += 1
        n_threads = sum(1 for key in threads if key[0] == pid)
        lines.append(f"{procs[pid]}: {n_threads} threads, {sum(map(len, mine.values()))} slices, "
                     f"ends at {end / 1000:.3f} us (modeled)")
        for name, (total, count) in sorted(waits.items(), key=lambda w: -w[1][0])[:top]:
            lines.append(f"  {name}: {total / 1000:.3f} us blocked in {count} waits (summed over threads)")
    return "\n".join(lines)
