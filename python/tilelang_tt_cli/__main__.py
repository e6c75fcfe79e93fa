"""python -m tilelang_tt_cli: the same as the `tilelang-tt` script."""
import sys

from . import main

sys.exit(main())
