"""No kernel of the suite that compiles for "interpret" stops on tenstorrent with a "... yet" error (the messages
of constructs the lowering does not handle yet) unless docs/tenstorrent.md lists that construct and message, with
the reason and what will lift it; and every listed entry still occurs, so the list stays true. The errors that do
not say "yet" (hardware limits, annotations, lowering limits stated as rules) are checked the same way against the
docs' second table, so that every way such a kernel stops on tenstorrent is listed.

The suite is run "dry" in a subprocess (tt_inventory.py): each kernel a test compiles is lowered for tenstorrent,
none is built or run. Left out are the tests of building, caching, exporting and serving programs (their kernels
are those of the other tests, compiled again to exercise the runtime) and the fuzzer's (random kernels, whose
one-target errors its own campaign classifies).
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DOC = os.path.join(ROOT, "docs", "tenstorrent.md")
LEFT_OUT = ["tests/python/test_fuzz.py", "tests/python/test_docs.py", "tests/python/tt/test_tt_progress.py",
            "tests/python/tt/test_tt_cache.py",
            "tests/python/tt/test_tt_host_server.py", "tests/python/tt/test_tt_export_check.py",
            "tests/python/tt/test_tt_sdk_conformance.py", "tests/python/tt/test_tt_sdk_api_names.py",
            "tests/python/tt/test_tt_unsupported_inventory.py"]
NOT_YET = re.compile(r"\byet\b")  # how the lowering's messages mark a construct it does not handle yet


def listed_entries(heading):
    """(construct, message fragment) of each row of the docs' table in section `heading` (the rows after its
    header; construct cells hold one or more `names`)."""
    text = open(DOC).read()
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    entries = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 4 or cells[0] in ("Construct", "") or set(cells[0]) <= set("-: "):
            continue
        fragment = cells[1].strip("`")
        for construct in re.findall(r"`([^`]+)`", cells[0]):
            entries[(construct, fragment)] = cells
    return entries


def dry_run(tmp_path):
    out = tmp_path / "inventory.json"
    env = {**os.environ, "TT_INVENTORY_OUT": str(out),
           "PYTHONPATH": os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "tt_inventory", "-p", "no:cacheprovider", "-p", "no:xdist",
            "-p", "no:tt_sdk_session",  # nothing is built in a dry run: no SDK conformance check either
            "tests/python"] + [f"--ignore={f}" for f in LEFT_OUT]
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert out.exists(), f"the dry run wrote no inventory (exit {proc.returncode}):\n{proc.stdout[-3000:]}" \
                         f"\n{proc.stderr[-3000:]}"
    return json.loads(out.read_text())


def unmatched(records, entries):
    """(errors matching no entry: (op, message) → first test and place, entries no error matches)."""
    seen, unlisted = set(), {}
    for r in records:
        match = [k for k in entries if k[0] == r["op"] and k[1] in r["message"]]
        if match:
            seen.update(match)
        else:
            unlisted.setdefault((r["op"], r["message"]), f"{r['test']} ({r['file']}:{r['line']})")
    return unlisted, sorted(set(entries) - seen)


def test_tenstorrent_stops_are_the_listed_ones(tmp_path):
    records = dry_run(tmp_path)
    # the dry run saw the suite: every test file's kernels were lowered (about 1700 kernels on 2026-12-07's main)
    assert len(records) >= 1000, len(records)
    assert sum(r["target"] == "interpret" for r in records) >= 800
    errors = [r for r in records if "op" in r]
    for heading, kind in (("### Not supported yet", True), ("### Other tenstorrent-only stops", False)):
        entries = listed_entries(heading)
        assert entries, f"docs/tenstorrent.md has no table under {heading}"
        unlisted, stale = unmatched([r for r in errors if bool(NOT_YET.search(r["message"])) == kind], entries)
        assert not unlisted, f"kernels stop on tenstorrent at constructs the table {heading!r} does not list:\n" + \
            "\n".join(f"[{op}] {msg}\n    first in {where}" for (op, msg), where in unlisted.items())
        assert not stale, f"the table {heading!r} lists constructs no kernel of the suite stops at any more:\n" + \
            "\n".join(f"{c}: {f}" for c, f in stale)
