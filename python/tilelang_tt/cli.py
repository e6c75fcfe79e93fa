"""`python -m tilelang_tt.cli`: the `tilelang-tt` command line, which lives in the tilelang_tt_cli package (so that
its commands need not import this package; see there)."""
import sys

from tilelang_tt_cli import main

if __name__ == "__main__":
    sys.exit(main())
