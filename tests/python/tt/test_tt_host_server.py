"""Calls of a "tenstorrent" kernel run in one `host --serve` process with its device kept open: every call
starts from what the previous one left in L1, and must still give the same results and the same modeled
figures as a new process per call (TL_TT_SERVE=0)."""
import os
import signal

import numpy as np

import tilelang_tt as tilelang
from tilelang_tt.tenstorrent import host_server
from test_tt_gemm import matmul
from test_tt_jit import scaled
from tt_check import assert_within, gemm_ref, inputs

M = N = K = 256


def gemm_kernel():
    # 2×2 blocks of 128×128 on four cores, A and B multicast: CBs, semaphores and L1 all reused between calls.
    return tilelang.compile(matmul(M, N, K, 128, 128, 64), out_idx=-1, target="tenstorrent")


def check_gemm(c, a, b):
    ref, accum = gemm_ref(a, b)
    assert_within(c, ref, 2.0**-8 * np.abs(ref) + accum * 1.01, "gemm vs numpy")


def figures(kernel):
    (p,) = kernel.backend.last_run["programs"]
    return p["modeled_cycles"], p["dram_bytes"], p["noc_write_bytes_mcast"], p["tile_ops"]


def test_calls_share_one_process_and_agree(rng):
    kernel = gemm_kernel()
    runs = []
    for _ in range(3):
        a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
        c = kernel(a, b)
        check_gemm(c, a, b)
        runs.append((kernel.backend._server.proc.pid, figures(kernel)))
    assert len({pid for pid, _ in runs}) == 1, "all calls in one server process"
    assert runs[0][1] == runs[1][1] == runs[2][1], "modeled time and counters do not depend on the previous run"


def test_served_call_equals_a_new_process(rng, monkeypatch):
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    kernel = gemm_kernel()
    kernel(b.T.copy(), a.T.copy())  # leave other data in L1 first
    served = kernel(a, b)
    served_figures = figures(kernel)
    monkeypatch.setenv("TL_TT_SERVE", "0")
    fresh = gemm_kernel()
    alone = fresh(a, b)
    assert getattr(fresh.backend, "_server", None) is None
    np.testing.assert_array_equal(served.view(np.uint16), alone.view(np.uint16))
    assert served_figures == figures(fresh)


def test_a_killed_server_is_replaced(rng):
    kernel = gemm_kernel()
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    kernel(a, b)
    server = kernel.backend._server
    os.kill(server.proc.pid, signal.SIGKILL)
    server.proc.wait()
    # A request to a dead server fails at once with the shell's code for the signal, without hanging.
    code, _, _, _ = server.request("", ["/nonexistent"] * 2, ["/nonexistent"])
    assert code == 128 + signal.SIGKILL
    check_gemm(kernel(a, b), a, b)
    assert kernel.backend._server.proc.pid != server.proc.pid


def test_live_servers_are_capped(rng):
    kernels = [scaled(64, 64, 1.0 + i / 64) for i in range(host_server.MAX_LIVE + 2)]
    a = inputs(rng, (64, 64), "float32")
    for i, k in enumerate(kernels):
        np.testing.assert_array_equal(k(a), a * np.float32(1.0 + i / 64))
        assert len(host_server._live) <= host_server.MAX_LIVE
    assert kernels[0].backend._server.proc.poll() is not None, "the least recently used server was closed"
    np.testing.assert_array_equal(kernels[0](a), a * np.float32(1.0))  # and starts again when called


def test_calls_from_two_threads(rng):
    import threading
    kernel = scaled(64, 64, 1.5)
    arrays = [inputs(rng, (64, 64), "float32") for _ in range(6)]
    results = [None] * len(arrays)

    def call(i):
        results[i] = kernel(arrays[i])

    threads = [threading.Thread(target=lambda k=k: [call(i) for i in range(k, len(arrays), 2)]) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a, c in zip(arrays, results):
        np.testing.assert_array_equal(c, a * np.float32(1.5))


def test_changed_emulator_settings_start_a_new_server(rng, monkeypatch):
    kernel = scaled(64, 64, 1.25)
    a = inputs(rng, (64, 64), "float32")
    kernel(a)
    first = kernel.backend._server
    kernel(a)
    assert kernel.backend._server is first
    monkeypatch.setenv("TT_EMU_SEED", "7")  # the emulator reads it when the process starts
    np.testing.assert_array_equal(kernel(a), a * np.float32(1.25))
    assert kernel.backend._server is not first and first.proc.poll() is not None


def test_a_forked_child_starts_its_own_server(rng):
    kernel = scaled(64, 64, 0.75)
    a = inputs(rng, (64, 64), "float32")
    np.testing.assert_array_equal(kernel(a), a * np.float32(0.75))
    parent_server = kernel.backend._server
    pid = os.fork()
    if pid == 0:  # the child: its call must not use the parent's pipes
        ok = False
        try:
            ok = np.array_equal(kernel(a * 2), a * 2 * np.float32(0.75)) and kernel.backend._server is not parent_server
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    np.testing.assert_array_equal(kernel(a), a * np.float32(0.75))
    assert kernel.backend._server is parent_server and parent_server.alive()


def test_a_failed_run_is_reported_and_its_server_exits(rng, tmp_path):
    kernel = scaled(64, 64, 0.5)
    a = inputs(rng, (64, 64), "float32")
    kernel(a)
    server = kernel.backend._server
    missing = str(tmp_path / "missing.bin")
    # A malformed request, then one naming a missing input file (the kernel's two tensors are inputs, C also out).
    code, _, err, _ = server.request("", [missing], [])
    assert code == 3 and "error: bad request: expected 4 fields" in err, err
    np.testing.assert_array_equal(kernel(a), a * np.float32(0.5))
    server = kernel.backend._server
    code, _, err, _ = server.request("", [missing, missing], [str(tmp_path / "out.bin")])
    assert code == 3 and f"error: cannot open {missing}" in err, err
    assert server.proc.poll() == 3, "the server exits after reporting the error"
    np.testing.assert_array_equal(kernel(a), a * np.float32(0.5))  # the next call starts a new one
    assert kernel.backend._server is not server
