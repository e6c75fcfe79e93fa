"""python -m tilelang_tt.fuzz: the differential fuzzer's command line (docs/fuzzing.md)."""
from __future__ import annotations

import argparse
import json
import sys

from . import campaign, mutate


def main(argv=None, prog="python -m tilelang_tt.fuzz"):
    ap = argparse.ArgumentParser(prog=prog,
                                 description="Differential fuzzing of TileLang-TT: generated kernels and mutants of "
                                             "the examples, each run on 'interpret' and 'tenstorrent' and classified.")
    ap.add_argument("--seed", type=int, default=0, help="campaign seed (cases are reproducible from it)")
    ap.add_argument("--count", type=int, default=20, help="generated kernels")
    ap.add_argument("--mutants", type=int, default=10, help="mutants of the examples and tests' factories")
    ap.add_argument("--jobs", type=int, default=1, help="cases run at once (each runs its targets one by one)")
    ap.add_argument("--out", default="fuzz-out", help="directory for cases, results, findings, summary")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per target run before it is a hang")
    ap.add_argument("--minimize", type=int, default=30, help="runs spent minimizing each failing case (0: none)")
    ap.add_argument("--root", default=mutate.ROOT, help="the repository whose examples/ and tests/ are mutated")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON instead of a table")
    ap.add_argument("--quiet", action="store_true", help="no line per case")
    ap.add_argument("--summarize", metavar="DIR", help="only print the summary of DIR's results.jsonl (a campaign "
                                                       "that was interrupted)")
    ap.add_argument("--reclassify", action="store_true", help="with --summarize: classify the stored results "
                                                              "again (after a change of the classifier)")
    a = ap.parse_args(argv)
    if a.summarize:
        records = (campaign.reclassify if a.reclassify else campaign.load_records)(a.summarize)
        summary = campaign.summarize(records)
        print(json.dumps(summary, indent=1) if a.json else campaign.table(summary))
        return 0
    mutate.ROOT = a.root
    c = campaign.Campaign(a.out, a.seed, a.timeout, a.minimize, log=(lambda s: None) if a.quiet else
                          (lambda s: print(s, flush=True)))
    summary = c.run(a.count, a.mutants, a.jobs)
    print(json.dumps(summary, indent=1) if a.json else campaign.table(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
