#!/usr/bin/env bash
# Builds this checkout (C++ core, emulator, extension, C++ tests) into a private directory without installing
# anything, and makes a Python overlay there that imports tilelang_tt from this checkout. For working on several
# checkouts (git worktrees) side by side while another one is pip-installed.
#   bash scripts/dev-build.sh DIR          # configure + build into DIR (incremental)
#   DIR/env python3 -m pytest tests/...    # run Python with this checkout's package and extension
#   ctest --test-dir DIR -j2               # the C++ tests
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: dev-build.sh BUILD_DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S "$src" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTILELANG_TT_BUILD_TESTS=ON >/dev/null
fi
cmake --build "$dir" -j2
py="$dir/py/tilelang_tt"
rm -rf "$dir/py" && mkdir -p "$py"
for f in "$src"/python/tilelang_tt/*; do ln -s "$f" "$py/"; done
ln -s "$dir"/python/src/_core*.so "$py/"
# An editable install of another checkout registers a meta-path finder for tilelang_tt: drop it here.
cat > "$dir/py/sitecustomize.py" <<'PY'
import sys
sys.meta_path[:] = [f for f in sys.meta_path if "skbc" not in type(f).__module__]
PY
cat > "$dir/env" <<SH
#!/usr/bin/env bash
export PYTHONPATH="$dir/py\${PYTHONPATH:+:\$PYTHONPATH}"
exec "\$@"
SH
chmod +x "$dir/env"
echo "built $dir; run Python through $dir/env"
