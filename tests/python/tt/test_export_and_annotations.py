"""kernel.export() writes a standalone CMake project that builds against the emulator's TT-Metalium package and
checks itself; TT annotations change the emitted plan."""
import json
import os
import subprocess

import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_layout, annotate_tt_schedule, apply_tt_defaults, attrs
from tt_check import run_exported


def matmul(M, N, K, bM=64, bN=64, bK=32, dtype="bfloat16"):
    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), dtype)
            B_s = T.alloc_shared((bK, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])
    return gemm


def test_export_builds_with_cmake_and_checks_itself(tmp_path):
    kernel = tilelang.compile(matmul(96, 128, 96), out_idx=-1, target="tenstorrent")
    out = str(tmp_path / "gemm_project")
    r = run_exported(kernel, out, "gemm")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PASS" in r.stdout
    files = set(os.listdir(out))
    assert {"CMakeLists.txt", "host.cpp", "plan.json", "tl_host_support.hpp", "tl_host_support.cpp", "kernels", "data"} <= files
    assert sorted(os.listdir(os.path.join(out, "data"))) == ["A.bin", "B.bin", "C.bin", "C.expected.bin"]
    # The exported host program is the very source the tests run.
    with open(os.path.join(out, "host.cpp")) as f:
        assert f.read() == kernel.get_kernel_source()["host.cpp"]
    build = os.path.join(out, "build")
    # A corrupted expectation must make the same executable fail.
    exp = os.path.join(out, "data", "C.expected.bin")
    c = np.fromfile(exp, dtype=ml_dtypes.bfloat16)
    c[5] = c[5] + ml_dtypes.bfloat16(1.0)
    c.tofile(exp)
    r = subprocess.run([os.path.join(build, "gemm")], capture_output=True, text=True)
    assert r.returncode == 1 and "FAIL" in r.stdout, r.stdout


def plan_of(func):
    kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
    return json.loads(kernel.get_kernel_source()["plan.json"]), kernel


def core_blocks(kernel):
    """(core, first block, count) from the emitted host program's runtime args of the reader."""
    host = kernel.get_kernel_source()["host.cpp"]
    rows = []
    for line in host.splitlines():
        if line.strip().startswith("SetRuntimeArgs(program, k0,"):
            core = line.split("CoreCoord{")[1].split("}")[0]
            first, count = line.split("}, {")[1].split(",")[:2]
            rows.append((core, int(first.strip().rstrip("u")), int(count.strip().rstrip("u"))))
    return rows


def test_defaults_and_schedule_annotation_change_the_plan():
    f = matmul(256, 256, 64, bM=32, bN=32)  # 64 blocks
    assert attrs(apply_tt_defaults(f))["tt.schedule.policy"] == "contiguous"
    _, contiguous = plan_of(annotate_tt_schedule(f, cores=16))
    _, strided = plan_of(annotate_tt_schedule(f, policy="strided", cores=16))
    c, s = core_blocks(contiguous), core_blocks(strided)
    assert len(c) == len(s) == 16
    assert c[1][1:] == (4, 4)  # core 1 runs blocks 4..7
    assert s[1][1:] == (1, 4)  # core 1 runs blocks 1, 17, 33, 49
    a = np.random.default_rng(0).uniform(-1, 1, (256, 64)).astype(ml_dtypes.bfloat16)
    b = np.random.default_rng(1).uniform(-1, 1, (64, 256)).astype(ml_dtypes.bfloat16)
    np.testing.assert_array_equal(contiguous(a, b).astype(np.float32), strided(a, b).astype(np.float32))


def test_layout_annotation_places_a_tensor_in_l1():
    f = annotate_tt_layout(matmul(64, 64, 64), {"B": {"memory": "l1", "layout": "interleaved"}})
    plan, kernel = plan_of(f)
    memories = {t["name"]: t["memory"] for t in plan["tensors"]}
    assert memories == {"A": "dram", "B": "l1", "C": "dram"}
    a = np.random.default_rng(2).uniform(-1, 1, (64, 64)).astype(ml_dtypes.bfloat16)
    b = np.random.default_rng(3).uniform(-1, 1, (64, 64)).astype(ml_dtypes.bfloat16)
    ref = a.astype(np.float32) @ b.astype(np.float32)
    # bf16 output: one rounding of an exact-in-fp32 sum, half an ulp (2^-9 relative) plus margin for cancellation.
    np.testing.assert_allclose(kernel(a, b).astype(np.float32), ref, rtol=2**-8, atol=1e-3)


def test_bad_annotations_are_user_errors():
    f = matmul(64, 64, 64)
    with pytest.raises(tilelang.TileLangError, match=r"\[annotate_tt_schedule\] policy must be"):
        annotate_tt_schedule(f, policy="diagonal")
    with pytest.raises(tilelang.TileLangError, match=r"\[annotate_tt_layout\] no parameter named 'D'"):
        annotate_tt_layout(f, {"D": {"memory": "l1"}})
