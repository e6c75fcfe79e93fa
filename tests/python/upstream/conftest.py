"""The upstream examples copied here import each other as top-level modules, as in upstream's examples/."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
