#!/usr/bin/env bash
# Downloads the vendor's TT-Metalium programming examples of early 2026 (tt_metal/programming_examples of the
# tt-metal tree of 2026-02-03, the tree the emulator follows) for tests/emulator/vendor/run_vendor_examples.sh (run by hand), which builds them
# unchanged against the emulator in the 0.66 API mode. A sparse, blob-less fetch of that one commit (a few MB) into
# ${TILELANG_TT_SDK_CACHE:-~/.cache/tilelang_tt/sdk}/tt-metal-examples/. Idempotent. TT_METAL_REPO overrides the
# repository (a URL or a local clone holding the commit). Nothing is copied into this repository.
set -euo pipefail
commit=923191064229b23d448e8ff2cc5a7d5e23ebc343  # tt-metal, 2026-02-03
repo=${TT_METAL_REPO:-https://github.com/caryzoumvp/tt-metal-sim}
cache=${TILELANG_TT_SDK_CACHE:-$HOME/.cache/tilelang_tt/sdk}
dest="$cache/tt-metal-examples"
if [ -f "$dest/.complete-$commit" ]; then exit 0; fi
rm -rf "$dest"
mkdir -p "$dest"
git -C "$dest" init -q
git -C "$dest" sparse-checkout set --no-cone /tt_metal/programming_examples/
git -C "$dest" fetch -q --depth 1 --filter=blob:none "$repo" "$commit"
git -C "$dest" -c advice.detachedHead=false checkout -q FETCH_HEAD
touch "$dest/.complete-$commit"
