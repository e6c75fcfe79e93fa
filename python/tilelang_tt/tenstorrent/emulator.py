"""Where the TT-Metalium emulator this package was built with lives: its headers, its library and its CMake
package (the prefix to pass as CMAKE_PREFIX_PATH), and the flags that build a host program against it."""
from __future__ import annotations

from pathlib import Path

from .. import _core


def paths():
    """(include dir, library dir, CMake package dir). An installed package carries the emulator under
    tilelang_tt/emulator; an editable install uses the build tree it was built in."""
    installed = Path(__file__).resolve().parent.parent / "emulator"
    if (installed / "include").is_dir():
        libdir = installed / "lib"
        return str(installed / "include" / "tt_metalium_emu"), str(libdir), str(libdir / "cmake" / "TT-Metalium")
    return _core.emulator_build_paths()


def cmake_prefix() -> str:
    """The directory to pass as CMAKE_PREFIX_PATH (or TT-Metalium_DIR) so find_package(TT-Metalium) finds it."""
    return paths()[2]


def toolchain(metalium_api="0.81"):
    """(include flags, link flags, identity) for building an emitted host program against the emulator, offering
    TT-Metalium API `metalium_api` ("0.66" or "0.81"; the CMake package's -DTT_METALIUM_API)."""
    include, libdir, _ = paths()
    lib = Path(libdir) / "libtt_metalium_emu.so"
    st = lib.stat()
    identity = f"{st.st_size}:{st.st_mtime_ns}"
    link = f"-L{libdir} -ltt_metalium_emu -lfmt -lpthread -Wl,-rpath,{libdir}"
    api = metalium_api.replace("0.", "")
    return f"-I{include} -DTT_METALIUM_EMULATOR=1 -DTT_METALIUM_API={api}", link, identity
