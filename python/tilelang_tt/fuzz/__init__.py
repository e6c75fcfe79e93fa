"""The differential fuzzer (python -m tilelang_tt.fuzz --help; docs/fuzzing.md).

generate.py + kernels.py + expr.py make random valid kernels as Python source with a float64 reference
(reference.py); mutate.py makes mutants of the examples and tests' factories; case.py runs one case on one
target; runner.py runs both targets in child processes and classifies; minimize.py delta-debugs failures;
campaign.py runs a campaign and writes the summary and the reproducers.
"""
