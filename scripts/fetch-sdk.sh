#!/usr/bin/env bash
# Downloads the TT-Metalium SDK's device headers for the SDK conformance check (tests/sdk): the `ttnn` wheels of the
# API versions TileLang-TT targets (0.66 = ttnn 0.66.0, tt-metal of early 2026; 0.81 = ttnn 0.81.1, 2026-10) from
# PyPI, into ${TILELANG_TT_SDK_CACHE:-~/.cache/tilelang_tt/sdk}/ttnn-<version>/, keeping only the device side
# (ttnn/tt_metal without tests, pre-compiled firmware and fabric). Idempotent: a version already there is skipped.
# The wheels are about 32 MB and 100 MB; they are deleted once extracted.
set -euo pipefail
cache=${TILELANG_TT_SDK_CACHE:-$HOME/.cache/tilelang_tt/sdk}
mkdir -p "$cache"
for version in 0.66.0 0.81.1; do
  dest="$cache/ttnn-$version"
  if [ -f "$dest/.complete" ]; then continue; fi
  rm -rf "$dest" "$cache/wheel-$version"
  mkdir -p "$cache/wheel-$version"
  python3 -m pip download -q --no-deps --python-version 3.10 --only-binary=:all: "ttnn==$version" \
    -d "$cache/wheel-$version"
  python3 - "$cache/wheel-$version"/ttnn-*.whl "$dest" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
skip = ("/tests/", "/pre-compiled/", "ttnn/tt_metal/fabric/", "/docs/", "/soc_descriptors/", "/core_descriptors/")
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith("ttnn/tt_metal/") and not any(s in name for s in skip):
            z.extract(name, dest)
PY
  rm -rf "$cache/wheel-$version"
  touch "$dest/.complete"
done
