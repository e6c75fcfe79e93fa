#!/usr/bin/env bash
# Builds TileLang-TT with its C++ tests and runs every test: C++ (ctest) and Python (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
export TILELANG_TT_BUILD_TESTS=ON
bash scripts/install.sh
bash scripts/fetch-sdk.sh  # the SDK's device headers for the conformance check (cached)
build_dir=$(python3 -c "import sysconfig,sys; print('build/cp%d%d-cp%d%d-%s' % (sys.version_info[0], sys.version_info[1], sys.version_info[0], sys.version_info[1], sysconfig.get_platform().replace('-', '_').replace('.', '_')))")
if [ ! -d "$build_dir" ]; then build_dir=$(ls -d build/*/ | head -n 1); fi
echo "== C++ tests (ctest in $build_dir)"
ctest --test-dir "$build_dir" --output-on-failure -j2
echo "== Python tests (pytest)"
# The kernels of every function the tests compile for tenstorrent (a cover of their line forms; every example's kernel) are built as the SDK
# would, for both API versions, at the end of the session (tests/python/tt/sdk_session.py; passes are cached in
# ~/.cache/tilelang_tt/sdk/passed). TILELANG_TT_SDK_CHECK_ALL=1 compiles every kernel: about 12 minutes more cold.
python3 -m pytest -q -p no:cacheprovider -n auto --durations=25  # one worker per core (pytest-xdist); the 25 slowest tests listed
