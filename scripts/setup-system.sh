#!/usr/bin/env bash
# Installs the Debian packages TileLang-TT needs (idempotent): libfmt-dev (fmt::print for the emulator's
# TT-Metalium package), GoogleTest, Ninja, and for the SDK conformance check (tests/python/tt/sdk_build.py) the
# bare-metal RISC-V GCC with its C library (the device's type model: rv32im, ilp32) and the RISC-V C++ headers, and
# Chromium (tests/python/tt/test_tt_report.py renders the report page in it headless and checks a screenshot;
# docs/make_profiling_pictures.py takes the docs' pictures with it).
# Installs only what is missing and only when run as root.
set -euo pipefail
need=()
for pkg in libfmt-dev libgtest-dev ninja-build gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf \
           libstdc++-12-dev-riscv64-cross chromium; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then need+=("$pkg"); fi
done
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "setup-system.sh: missing Debian packages: ${need[*]} (run as root to install them)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq "${need[@]}" >/dev/null
