#!/usr/bin/env bash
# Builds and runs the vendor's TT-Metalium programming examples on the emulator, unchanged.
# Usage: run_vendor_examples.sh <tt-metal checkout> <emulator build dir (contains emulator/TT-MetaliumConfig.cmake)>
# Prints one line per example: name, exit code, last line of its output. Nothing is copied into this repository.
set -uo pipefail
root=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
pe=$root/tt_metal/programming_examples
work=${WORK:-/tmp/emu_vendor_examples}
here=$(cd "$(dirname "$0")" && pwd)
cmake -S "$here" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVENDOR_EXAMPLES="$pe" \
  -DTT-Metalium_DIR="$build/emulator" -DTT_METALIUM_API=0.66 > "$work.configure.log" 2>&1 || { echo "configure failed: $work.configure.log"; exit 1; }
cmake --build "$work" -j2 > "$work.build.log" 2>&1 || { echo "build failed: $work.build.log"; exit 1; }
# The mcast example names its kernels tt_metal/programming_examples/matmul_common/...: resolve them via
# TT_METAL_HOME plus a link to where matmul_common lives.
[ -e "$pe/matmul_common" ] || ln -s matmul/matmul_common "$pe/matmul_common"
cd "$pe"
for exe in $(find "$work" -name 'metal_example_*' -type f -executable | sort); do
  name=$(basename "$exe")
  TT_METAL_HOME=$root timeout 600 "$exe" > "$work/$name.log" 2>&1
  rc=$?
  printf '%-48s rc=%-3d %s\n' "$name" "$rc" "$(grep -v '^\s*$' "$work/$name.log" | tail -1 | cut -c1-80)"
done
