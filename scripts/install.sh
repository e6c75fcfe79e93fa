#!/usr/bin/env bash
# Sets up everything TileLang-TT needs on a fresh Debian machine and installs the package (editable).
# System libraries come from Debian (scripts/setup-system.sh), Python ones from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/setup-system.sh ]; then bash scripts/setup-system.sh; fi
python3 -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# -v: the C++ build shows its progress (ninja's [n/N] lines, a few minutes on two cores) instead of minutes of silence.
python3 -m pip install -v -e ".[test]"
