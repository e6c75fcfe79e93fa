"""The upstream examples copied here import each other as top-level modules, as in upstream's examples/; the torch
placeholders of upstream_check are installed before any copied example is imported."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import upstream_check  # noqa: E402,F401
