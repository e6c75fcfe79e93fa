"""The JIT caches repair themselves (docs/tenstorrent.md, "The JIT cache"): every fault of an entry — a host
program truncated, corrupted or deleted, a kernel object corrupted, a cached kernel source edited, the cache
deleted under a running process — is found when the entry is used and the entry rebuilt; a copied cache works
from its new place; the switches (disable_cache, clear_cache, the environment variables) do what they say. And
the process faults: SIGCHLD ignored, a call interrupted, a host program killed."""
import gc
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import tilelang_tt as tilelang
from tilelang_tt import cache
from tilelang_tt.tenstorrent import DeviceError
from test_tt_jit import scaled
from tt_check import inputs


def compile_scaled(scale):
    """A new kernel object each time (not the in-process jit cache of test_tt_jit.scaled): it goes to the cache."""
    return tilelang.compile(scaled.fn(64, 64, scale), out_idx=-1, target="tenstorrent")


def check(kernel, scale, rng):
    a = inputs(rng, (64, 64), "float32")
    np.testing.assert_array_equal(kernel(a), a * np.float32(scale))  # one correctly rounded fp32 product each


@pytest.fixture
def root(tmp_path, monkeypatch):
    """An empty cache root of this test's own (host programs in <root>/tt, kernel objects in <root>/emu)."""
    for var in ("TT_EMU_CACHE_DIR", "TILELANG_CACHE_DIR", "TILELANG_TT_DISABLE_CACHE", "TILELANG_DISABLE_CACHE",
                "TILELANG_TT_CACHE_MAX_MB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(d):
    return sorted(p for p in d.iterdir() if (p / "MANIFEST").is_file()) if d.is_dir() else []


def manifest(entry):
    return dict(line.split("\t") for line in (entry / "MANIFEST").read_text().splitlines())


def test_entries_are_keyed_and_verified_by_sha256(root, rng):
    check(compile_scaled(0.375), 0.375, rng)
    for sub in ("tt", "emu"):
        found = entries(root / sub)
        assert found, f"no entries in {sub}"
        for e in found:
            assert len(e.name) == 64 and int(e.name, 16) >= 0
            for path, digest in manifest(e).items():
                assert hashlib.sha256((e / path).read_bytes()).hexdigest() == digest, (e, path)


def stop_server(kernel):
    """Ends the kernel's served host program (a running executable cannot be written: ETXTBSY)."""
    kernel.backend._server.close()


def truncate(p):
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def corrupt(p):
    data = bytearray(p.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 4096] = bytes(4096)  # same size, a page of code gone
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("fault", [truncate, corrupt, os.remove], ids=["truncated", "corrupted", "deleted"])
def test_a_broken_host_program_is_rebuilt_once(root, rng, fault):
    first = compile_scaled(0.4375)
    check(first, 0.4375, rng)
    stop_server(first)
    fault(root / "tt" / os.path.basename(first.backend.dir) / "host")
    again = compile_scaled(0.4375)
    assert again.backend.cache_hit is False and again.backend.dir == first.backend.dir
    check(again, 0.4375, rng)
    check(first, 0.4375, rng)  # the kernel compiled before the fault works too
    assert compile_scaled(0.4375).backend.cache_hit is True  # repaired: not rebuilt at every run


def test_a_corrupted_kernel_object_is_rebuilt(root, rng):
    kernel = compile_scaled(0.5625)
    check(kernel, 0.5625, rng)
    stop_server(kernel)
    objects = [e / "kernel.so" for e in entries(root / "emu")]
    assert len(objects) == 3  # reader, compute, writer
    for o in objects:
        corrupt(o)
    check(compile_scaled(0.5625), 0.5625, rng)  # a new host process loads the kernels again
    for o in objects:
        assert hashlib.sha256(o.read_bytes()).hexdigest() == manifest(o.parent)["kernel.so"]


def test_a_copied_cache_works_from_its_new_place(root, rng, monkeypatch, tmp_path):
    first = compile_scaled(0.6875)
    check(first, 0.6875, rng)
    moved = tmp_path / "moved"
    shutil.copytree(root, moved)
    shutil.rmtree(root)
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(moved))
    again = compile_scaled(0.6875)
    assert again.backend.cache_hit is True and again.backend.dir.startswith(str(moved))
    assert str(root).encode() not in (moved / "tt" / os.path.basename(again.backend.dir) / "host").read_bytes()
    check(again, 0.6875, rng)


def test_an_edited_kernel_source_is_restored(root, rng):
    k1, k2 = compile_scaled(0.8125), compile_scaled(0.9375)
    d1, d2 = root / "tt" / os.path.basename(k1.backend.dir), root / "tt" / os.path.basename(k2.backend.dir)
    differ = [f for f in k1.backend.files if f.startswith("kernels/") and k1.backend.files[f] != k2.backend.files[f]]
    assert differ, "the two programs' kernels differ"
    check(k1, 0.8125, rng)  # its server is running
    for f in differ:  # k1's cached kernels now compute k2's result
        shutil.copyfile(d2 / f, d1 / f)
    check(k1, 0.8125, rng)
    for f in differ:
        assert (d1 / f).read_text() == k1.backend.files[f]


def test_the_cache_deleted_under_a_running_process(root, rng):
    kernel = compile_scaled(1.0625)
    check(kernel, 1.0625, rng)
    shutil.rmtree(root)
    check(kernel, 1.0625, rng)
    assert entries(root / "tt") and entries(root / "emu")


def pch_entries(d):
    return [e for e in entries(d) if (e / "tl_host_prelude.hpp.gch").is_file()]


def test_host_programs_share_one_verified_precompiled_header(root, rng, monkeypatch, tmp_path):
    first = compile_scaled(0.8125)
    check(first, 0.8125, rng)
    [pch] = pch_entries(root / "tt")
    gch = pch / "tl_host_prelude.hpp.gch"
    err = (root / "tt" / os.path.basename(first.backend.dir) / "build.err").read_text()
    assert "not used because" not in err and "invalid" not in err, err  # -Winvalid-pch: g++ took the header
    built = gch.stat().st_mtime_ns
    check(compile_scaled(0.9375), 0.9375, rng)
    assert pch_entries(root / "tt") == [pch] and gch.stat().st_mtime_ns == built  # built once, not per program
    corrupt(gch)
    check(compile_scaled(1.0625), 1.0625, rng)
    assert hashlib.sha256(gch.read_bytes()).hexdigest() == manifest(pch)["tl_host_prelude.hpp.gch"]
    # Without it (another cache: the program is the same, so the first would be a hit) the build is the same
    # program: bitwise the same outputs.
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path / "plain"))
    monkeypatch.setenv("TILELANG_TT_HOST_PCH", "0")
    plain = compile_scaled(0.8125)
    assert plain.backend.cache_hit is False and not pch_entries(tmp_path / "plain" / "tt")
    a = inputs(rng, (64, 64), "float32")
    assert plain(a).tobytes() == first(a).tobytes()


def support_entries(d):
    return [e for e in entries(d) if (e / "tl_host_support.cpp.o").is_file()]


def test_host_programs_link_one_verified_support_object(root, rng):
    # tl_host_support.cpp is the same in every program: compiled once into an entry of its own, linked by each
    # host program (whose entry compiles host.cpp alone); a corrupted object is rebuilt before the next link.
    first = compile_scaled(0.8125)
    check(first, 0.8125, rng)
    [support] = support_entries(root / "tt")
    obj = support / "tl_host_support.cpp.o"
    built = obj.stat().st_mtime_ns
    second = compile_scaled(0.9375)
    check(second, 0.9375, rng)
    assert support_entries(root / "tt") == [support] and obj.stat().st_mtime_ns == built
    for k in (first, second):
        assert not list((root / "tt" / os.path.basename(k.backend.dir)).glob("*.o"))
    corrupt(obj)
    check(compile_scaled(1.0625), 1.0625, rng)
    assert hashlib.sha256(obj.read_bytes()).hexdigest() == manifest(support)["tl_host_support.cpp.o"]


def test_clear_cache(root, rng):
    kernel = compile_scaled(1.1875)
    check(kernel, 1.1875, rng)
    tilelang.clear_cache()
    assert not entries(root / "tt") and not entries(root / "emu")
    check(kernel, 1.1875, rng)


def test_disable_cache(root, rng):
    tilelang.disable_cache()
    try:
        assert tilelang.is_cache_enabled() is False
        kernel = compile_scaled(1.3125)
        private = os.path.dirname(os.path.dirname(kernel.backend.dir))
        assert not kernel.backend.dir.startswith(str(root))
        check(kernel, 1.3125, rng)
        assert not entries(root / "tt") and not entries(root / "emu")
        assert compile_scaled(1.3125).backend.cache_hit is False  # nothing is reused
        del kernel
        gc.collect()
        assert not os.path.exists(private), "the private directory goes with the kernel"
    finally:
        tilelang.enable_cache()
    assert tilelang.is_cache_enabled() is True


@pytest.mark.parametrize("var", ["TILELANG_TT_DISABLE_CACHE", "TILELANG_DISABLE_CACHE"])
def test_disable_cache_variables(root, monkeypatch, var):
    monkeypatch.setenv(var, "1")
    assert tilelang.is_cache_enabled() is False
    assert not compile_scaled(1.4375).backend.dir.startswith(str(root))


def test_upstream_cache_dir_variable(root, monkeypatch, tmp_path):
    monkeypatch.delenv("TILELANG_TT_CACHE_DIR")
    monkeypatch.setenv("TILELANG_CACHE_DIR", str(tmp_path / "upstream"))
    assert compile_scaled(1.5625).backend.dir.startswith(str(tmp_path / "upstream" / "tt"))


def test_cache_size_variable_is_checked(root, monkeypatch):
    monkeypatch.setenv("TILELANG_TT_CACHE_MAX_MB", "lots")
    with pytest.raises(tilelang.TileLangError, match="TILELANG_TT_CACHE_MAX_MB must be a size in megabytes"):
        compile_scaled(1.6875)
    monkeypatch.setenv("TILELANG_TT_CACHE_MAX_MB", "7")
    assert cache.max_bytes() == 7 << 20


def run_script(body, root):
    """Runs `body` in a new Python process with the test's cache root; it prints "ok" at its end."""
    script = textwrap.dedent("""
        import signal, sys
        import numpy as np
        sys.path.insert(0, {here!r})
        from test_tt_cache import compile_scaled
        a = np.arange(64 * 64, dtype=np.float32).reshape(64, 64) / 7
        """).format(here=os.path.dirname(__file__)) + textwrap.dedent(body) + "\nprint('ok')\n"
    env = {**os.environ, "TILELANG_TT_CACHE_DIR": str(root)}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stdout + r.stderr


def test_compiles_and_runs_while_sigchld_is_ignored(root):
    # Ignoring SIGCHLD makes the kernel reap children itself: waitpid() fails with ECHILD (it used to spin).
    run_script("""
        import os
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        k = compile_scaled(1.8125)
        assert (k(a) == a * np.float32(1.8125)).all()          # served
        os.environ["TL_TT_SERVE"] = "0"
        assert (compile_scaled(1.9375)(a) == a * np.float32(1.9375)).all()  # a process per call
        """, root)


def test_a_call_after_an_interrupted_one(root):
    # The first call (server start, kernel compilation) is interrupted; the next must not see its answer.
    run_script("""
        def interrupt(*_):
            raise KeyboardInterrupt
        signal.signal(signal.SIGALRM, interrupt)
        k = compile_scaled(2.0625)
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        try:
            k(a)
            raise SystemExit("the call was not interrupted")
        except KeyboardInterrupt:
            pass
        signal.setitimer(signal.ITIMER_REAL, 0)
        assert (k(a) == a * np.float32(2.0625)).all()
        """, root)


def test_a_killed_host_program_is_reported(root, rng):
    kernel = compile_scaled(2.1875)

    def kill_server():  # as soon as the first call's server exists (it then compiles the kernels for seconds)
        for _ in range(3000):
            server = getattr(kernel.backend, "_server", None)
            if server is not None:
                os.kill(server.proc.pid, signal.SIGKILL)
                return
            threading.Event().wait(0.01)

    killer = threading.Thread(target=kill_server)
    killer.start()
    with pytest.raises(DeviceError) as e:
        kernel(inputs(rng, (64, 64), "float32"))
    killer.join()
    msg = str(e.value)
    assert msg.startswith("[tenstorrent] scaled: the program failed on the device:"), msg
    assert "killed by signal 9 (SIGKILL) while running kernel0 (kernels/kernel0_compute.cpp, " in msg, msg
    check(kernel, 2.1875, rng)


def verified(entry):
    """An entry's VERIFIED record (the stat signature at which each file had its digest): {path: digest}."""
    return {f[0]: f[2] for f in (line.split("\t") for line in (entry / "VERIFIED").read_text().splitlines())}


def test_a_new_process_finds_a_file_rewritten_with_its_old_size_and_mtime(root, rng):
    # A new process trusts a file whose stat signature is the one its entry recorded with the digest (no hashing
    # of the 100 MB precompiled header per process; emu_tt_jit_test counts the bytes): a rewrite that keeps the
    # size and sets the mtime back still moved the ctime, and is found.
    first = compile_scaled(2.3125)
    check(first, 2.3125, rng)
    for sub in ("tt", "emu"):
        for e in entries(root / sub):
            assert verified(e) == manifest(e), e
    stop_server(first)
    host = root / "tt" / os.path.basename(first.backend.dir) / "host"
    st = host.stat()
    corrupt(host)
    os.utime(host, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (host.stat().st_size, host.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    run_script("""
        k = compile_scaled(2.3125)
        assert k.backend.cache_hit is False  # found and rebuilt
        assert (k(a) == a * np.float32(2.3125)).all()
        assert compile_scaled(2.3125).backend.cache_hit is True
        """, root)


def test_a_new_gemm_shape_loads_its_unchanged_compute_kernel_object(root, rng):
    # Two shapes of the example GEMM differing in M: new reader and writer (the tensor's tile count is in their
    # source), the same compute kernel, whose object (it includes nothing from its directory) is not built again.
    from tt_check import example, gemm_ref, assert_within
    gemm = example("gemm")
    kernels = []
    for m, objects in ((128, 3), (256, 5)):
        a, b = inputs(rng, (m, 64), "bfloat16", -1, 1), inputs(rng, (64, 128), "bfloat16", -1, 1)
        kernel = tilelang.compile(gemm.matmul(m, 128, 64), out_idx=-1, target="tenstorrent")
        c = kernel(a, b)
        ref, acc = gemm_ref(a, b)
        assert_within(c, ref, acc + 2.0**-8 * np.abs(ref), f"gemm {m}x128x64")  # fp32 sums, one bf16 rounding
        assert len(entries(root / "emu")) == objects
        kernels.append(kernel)
    compute = [k.get_kernel_source()["kernels/kernel0_compute.cpp"] for k in kernels]
    assert compute[0] == compute[1]
