"""`tilelang-tt` command line: `tilelang-tt --version`, `tilelang-tt targets`,
`tilelang-tt emulator cmake-prefix` (the CMAKE_PREFIX_PATH that finds the emulator's TT-Metalium package)."""
from __future__ import annotations

import sys


def main(argv=None) -> int:
    import tilelang_tt
    from tilelang_tt.kernel import backends
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: tilelang-tt [--version | targets | emulator cmake-prefix]")
        return 0
    if argv[0] == "--version":
        print(tilelang_tt.__version__)
        return 0
    if argv[:2] == ["emulator", "cmake-prefix"]:
        from tilelang_tt.tenstorrent import emulator
        print(emulator.cmake_prefix())
        return 0
    if argv[0] == "targets":
        print("\n".join(backends()))
        return 0
    print(f"tilelang-tt: unknown command {argv[0]!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
