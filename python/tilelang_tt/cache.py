"""Where built programs are cached, and the switches for it (docs/tenstorrent.md, "The JIT cache").

Two on-disk caches, both content-addressed by SHA-256 and made of self-verifying entries (a directory per
build with a MANIFEST of its files' digests; see emulator/shared/tt_jit/cache_entry.h): host programs built
by the compiler in <root>/tt, and kernel objects built by the emulator in <root>/emu ($TT_EMU_CACHE_DIR if
set). <root> is $TILELANG_TT_CACHE_DIR (or upstream's $TILELANG_CACHE_DIR), else
$XDG_CACHE_HOME/tilelang_tt (~/.cache/tilelang_tt). Each cache keeps at most $TILELANG_TT_CACHE_MAX_MB
megabytes (default 2048; 0 = no cap), least recently used entries going first.

disable_cache() (or TILELANG_TT_DISABLE_CACHE=1, or upstream's TILELANG_DISABLE_CACHE=1) makes every kernel
compiled afterwards build in a private directory of its own, removed with the kernel: nothing is reused.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref

DEFAULT_MAX_MB = 2048
_disabled = False


def _truthy(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def disable_cache():
    """Kernels compiled from now on neither use nor fill the on-disk caches."""
    global _disabled
    _disabled = True


def enable_cache():
    """Undoes disable_cache() (the environment variables still disable it)."""
    global _disabled
    _disabled = False


def is_cache_enabled() -> bool:
    return not (_disabled or _truthy("TILELANG_TT_DISABLE_CACHE") or _truthy("TILELANG_DISABLE_CACHE"))


def root() -> str:
    d = os.environ.get("TILELANG_TT_CACHE_DIR") or os.environ.get("TILELANG_CACHE_DIR")
    return d or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                             "tilelang_tt")


def program_dir() -> str:
    """The cache of built host programs."""
    return os.path.join(root(), "tt")


def kernel_dir() -> str:
    """The emulator's cache of kernel objects, as the host programs this package runs are told."""
    return os.environ.get("TT_EMU_CACHE_DIR") or os.path.join(root(), "emu")


def max_bytes() -> int:
    """The size cap of each cache in bytes (0: none), from $TILELANG_TT_CACHE_MAX_MB."""
    from .errors import fail
    v = os.environ.get("TILELANG_TT_CACHE_MAX_MB", str(DEFAULT_MAX_MB)).strip()
    if not v.isdigit():
        fail("cache", f"TILELANG_TT_CACHE_MAX_MB must be a size in megabytes (a non-negative integer), got {v!r}")
    return int(v) << 20


def host_pch() -> bool:
    """Whether host programs are compiled with the support header's includes precompiled, a header kept in the
    program cache (docs/tenstorrent.md, "The JIT cache"): with the cache enabled, unless $TILELANG_TT_HOST_PCH
    is 0 (the program is the same either way; only its build takes longer)."""
    return is_cache_enabled() and os.environ.get("TILELANG_TT_HOST_PCH", "1").strip() != "0"


def places(owner):
    """(program dir, kernel dir) for a backend: the shared caches, or — with the cache disabled — a private
    directory removed when `owner` is."""
    if is_cache_enabled():
        return program_dir(), kernel_dir()
    private = tempfile.mkdtemp(prefix="tilelang_tt_nocache_")
    weakref.finalize(owner, shutil.rmtree, private, True)
    return os.path.join(private, "tt"), os.path.join(private, "emu")


def clear_cache():
    """Removes every entry of both caches. Kernels compiled before rebuild what they need at their next call."""
    for d in (program_dir(), kernel_dir()):
        try:
            names = os.listdir(d)
        except FileNotFoundError:
            continue
        for name in names:
            path = os.path.join(d, name)
            if not os.path.isfile(os.path.join(path, "MANIFEST")):
                continue  # not an entry (another process's build in progress, or not the cache's)
            gone = f"{path}.work.gone.{os.getpid()}"
            try:
                os.rename(path, gone)  # nobody sees a half-deleted entry
            except OSError:
                gone = path
            shutil.rmtree(gone, ignore_errors=True)
