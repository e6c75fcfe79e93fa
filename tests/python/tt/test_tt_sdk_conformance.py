"""SDK conformance: kernels compile as the TT-Metalium SDK's own kernel build compiles them (sdk_build.py), against
the device headers of both API versions (ttnn 0.66.0 and 0.81.1), with the device's type model.

* The checker itself is tested first: planted bugs (a missing argument, a sign comparison, a pointer that only
  fits x86's int32_t, the REDUCE_OP omission of issue 11) fail with the kernel's own line, a correct kernel passes.
* The examples' kernels are lowered for both API versions and must pass.
* Every kernel the session's other tests generate is checked at the end of the session, after every test of every
  pytest-xdist worker, by sdk_session.py; test_session_check_sees_every_worker runs that check in a session of its
  own, with two workers and a planted bug.
"""
import dataclasses

import pytest

import sdk_build
import sdk_kernels
from tt_check import EXAMPLES, example

READER_OK = """#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  const uint32_t addr = get_arg_val<uint32_t>(0);
  const uint32_t n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto t = TensorAccessor(args, addr, 2048);
  for (uint32_t i = 0; i < n; ++i) {
    cb_reserve_back(0, 1);
    noc_async_read_page(i, t, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
  }
}
"""

COMPUTE_OK = {
    "0.66": '#include "compute_kernel_api/common.h"\n#include "compute_kernel_api/tile_move_copy.h"\n',
    "0.81": '#include "api/compute/common.h"\n#include "api/compute/tile_move_copy.h"\n',
}
COMPUTE_BODY = """
void kernel_main() {
  const uint32_t n = get_arg_val<uint32_t>(0);
  compute_kernel_hw_startup(0, 0, 16);
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(0, 1);
    cb_reserve_back(16, 1);
    tile_regs_acquire();
    %s(0);
    copy_tile(0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(0, 16);
    tile_regs_release();
    cb_push_back(16, 1);
    cb_pop_front(0, 1);
  }
}
"""
COPY_INIT = {"0.66": "copy_tile_to_dst_init_short", "0.81": "copy_init"}
CBS = ((0, "Float16_b"), (16, "Float16_b"))


def reader(source, api):
    return sdk_build.Kernel(source, "reader", api, compile_args=tuple(sdk_kernels.accessor_args(
        {"memory": "dram", "page_bytes": 2048}, api)), cb_formats=CBS, name="planted_reader.cpp")


def compute(source, api):
    return sdk_build.Kernel(source, "compute", api, cb_formats=CBS, name="planted_compute.cpp")


def compute_ok(api):
    return COMPUTE_OK[api] + COMPUTE_BODY % COPY_INIT[api]


def failure_text(result):
    return "\n".join(f"[{target}]\n{out}" for target, out in result.failures)


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_correct_kernels_pass(api):
    for k in (reader(READER_OK, api), compute(compute_ok(api), api)):
        r = sdk_build.check(k)
        assert r.ok, failure_text(r)


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_checker_catches_a_missing_argument(api):
    r = sdk_build.check(reader(READER_OK.replace("cb_push_back(0, 1)", "cb_push_back(0)"), api))
    assert [t for t, _ in r.failures] == ["ncrisc"]
    assert "planted_reader.cpp:13" in failure_text(r) and "cb_push_back" in failure_text(r)
    # In a compute kernel every TRISC's build sees the call.
    r = sdk_build.check(compute(compute_ok(api).replace("pack_tile(0, 16)", "pack_tile(0)"), api))
    assert [t for t, _ in r.failures] == ["trisc0", "trisc1", "trisc2"]
    assert "pack_tile" in failure_text(r)


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_checker_catches_a_sign_comparison(api):
    # -Wall -Werror: comparing the signed loop index with the unsigned count is an error on the device.
    r = sdk_build.check(reader(READER_OK.replace("for (uint32_t i = 0;", "for (int i = 0;"), api))
    assert not r.ok and "-Werror=sign-compare" in failure_text(r) and "planted_reader.cpp:9" in failure_text(r)


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_checker_has_the_device_type_model(api):
    # On RV32 (ilp32) int32_t is long: an int32_t* is not an int*, which host x86 code would never notice.
    bad = READER_OK.replace("  const uint32_t n =", "  int32_t v = 0;\n  int* p = &v;\n  (void)p;\n  const uint32_t n =")
    r = sdk_build.check(reader(bad, api))
    assert not r.ok and "invalid conversion from 'int32_t*' {aka 'long int*'} to 'int*'" in failure_text(r)


def test_checker_catches_reduce_without_reduce_op():
    # Issue 11's bug: the 0.66 reduce.h names REDUCE_OP/REDUCE_DIM as default template arguments.
    src = ('#include "compute_kernel_api/common.h"\n#include "compute_kernel_api/reduce.h"\n'
           "void kernel_main() {}\n")
    r = sdk_build.check(compute(src, "0.66"))
    assert not r.ok and "'REDUCE_OP' was not declared" in failure_text(r)
    fixed = "#define REDUCE_OP PoolType::SUM\n#define REDUCE_DIM ReduceDim::REDUCE_ROW\n" + src
    r = sdk_build.check(compute(fixed, "0.66"))
    assert r.ok, failure_text(r)


def test_checker_rejects_the_other_versions_api():
    # A 0.66 kernel does not build against 0.81's headers and vice versa (the include trees moved).
    assert not sdk_build.check(compute(compute_ok("0.66"), "0.81")).ok
    assert not sdk_build.check(compute(compute_ok("0.81"), "0.66")).ok


def example_kernels():
    """Every example's kernels (its factories at the sizes its main() uses) for both API versions."""
    cases = {
        "elementwise_add": lambda m: [(m.elementwise_add(256, 256), [False, False, True])],
        "gemm": lambda m: [(m.matmul(*m.SIZES), [False, False, True])],
        "bias_relu": lambda m: [(m.bias_relu(*m.SIZES), [False, False, True])],
        "splitk_gemm": lambda m: [(m.splitk_matmul(*m.SIZES, 64, 64, 128, 4), [False, False, True, True])],
        "gemv": lambda m: [(m.gemv_rows(*m.SIZES, *m.BLOCKS), [False, False, True]),
                           (m.gemv_one_row(*m.SIZES, *m.BLOCKS), [False, False, True])],
        "conv2d": lambda m: [(m.convolution(*m.SIZES), [False, False, True])],
        "online_softmax": lambda m: [(m.online_softmax(*m.SIZES, *m.BLOCKS), [False, True])],
    }
    assert sorted(cases) == sorted(p.stem for p in EXAMPLES.glob("*.py"))
    out = []
    for name, make in cases.items():
        for func, outputs in make(example(name)):
            out += sdk_kernels.lowered_kernels(func.core, outputs)
    return out


def check_all(kernels):
    results = sdk_build.check_many(kernels)
    bad = [r for r in results if not r.ok]
    report = "\n\n".join(f"{r.kernel.name} (API {r.kernel.api}):\n{failure_text(r)}" for r in bad[:5])
    assert not bad, f"{len(bad)} of {len(results)} kernels do not build for the SDK:\n{report}"
    return results


def test_examples_build_for_both_api_versions():
    kernels = example_kernels()
    assert {k.api for k in kernels} == set(sdk_kernels.API_VERSIONS)
    assert {k.role for k in kernels} == {"reader", "writer", "compute"}
    check_all(kernels)


INNER_CONFTEST = '''
import sys
sys.path.insert(0, {tt_dir!r})
import sdk_kernels
import sdk_session

_project_kernels = sdk_kernels.project_kernels


def planted(files, api):
    # The reader of function "planted" gets a signed/unsigned comparison, for API 0.81 only.
    out = _project_kernels(files, api)
    return [k.__class__(**{{**k.__dict__, "source": k.source + "bool tl_planted(int a, unsigned b) {{ return a < b; }}\\n"}})
            if k.name.startswith("planted/") and k.role == "reader" and api == "0.81" else k for k in out]


sdk_kernels.project_kernels = planted


def pytest_configure(config):
    config.pluginmanager.register(sdk_session.SessionCheck(config), "tt_sdk_session")
'''

INNER_TEST = '''
import tilelang_tt as tilelang
import tilelang_tt.language as T


def test_{name}():
    @T.prim_func
    def {name}(A: T.Tensor(({rows}, 64), "float32"), C: T.Tensor(({rows}, 64), "float32")):
        with T.Kernel(T.ceildiv({rows}, 32), threads=128) as bx:
            for i, j in T.Parallel(32, 64):
                C[bx * 32 + i, j] = A[bx * 32 + i, j] * {rows}.0
    tilelang.compile({name}, out_idx=-1, target="tenstorrent")
'''


def test_session_check_sees_every_worker(tmp_path):
    """A session of its own with two pytest-xdist workers: the kernels of the functions every worker compiled are
    checked once, at the end, by the controller, as CI checks them (a cover of their line forms: the planted line
    is a form of its own); a kernel with a planted bug fails the session with its diagnostic."""
    import subprocess
    import sys
    tt_dir = str(sdk_build.HERE)
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST.format(tt_dir=tt_dir))
    for name, rows in (("scale_a", 64), ("scale_b", 96), ("scale_c", 128), ("planted", 160)):
        (tmp_path / f"test_{name}.py").write_text(INNER_TEST.format(name=name, rows=rows))
    env = {k: v for k, v in __import__("os").environ.items() if k != "TILELANG_TT_SDK_CHECK_ALL"}
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--rootdir",
                        str(tmp_path), str(tmp_path)], capture_output=True, text=True, env=env, cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "4 passed" in out and "1 failed" in out, out
    assert "FAILED sdk_conformance::every_kernel_of_the_session" in out, out
    assert "1 of " in out and "planted/kernels/kernel0_reader.cpp (API 0.81)" in out, out
    assert "-Werror=sign-compare" in out, out
    assert "SDK conformance: 4 functions, 24 distinct kernels; checked a cover of their line forms: " in out, out


def test_cover_keeps_every_line_form():
    """CI compiles a cover of the session's kernels (sdk_build.cover): every form of line any kernel has is in a
    chosen kernel. Kernels that differ only in numbers of one size class are one form; a line of its own, another
    size class of a literal or other compile settings make a kernel needed."""
    base = sdk_build.Kernel(source=READER_OK, role="reader", api="0.81", compile_args=(2, 2048), cb_formats=CBS)
    renumbered = dataclasses.replace(base, source=READER_OK.replace("2048", "4096"))
    planted = dataclasses.replace(base, source=READER_OK + "bool planted(int a, unsigned b) { return a < b; }\n")
    wide = dataclasses.replace(base, source=READER_OK.replace("2048", "4294967296"))
    other_formats = dataclasses.replace(base, cb_formats=((0, "Float32"), (16, "Float16_b")))
    other_api = dataclasses.replace(base, api="0.66")
    kernels = [base, renumbered, planted, wide, other_formats, other_api, base]
    chosen = sdk_build.cover(kernels)
    assert len({k.key() for k in chosen}) == len(chosen)
    assert set().union(*map(sdk_build.line_forms, chosen)) == set().union(*map(sdk_build.line_forms, kernels))
    keys = {k.key() for k in chosen}
    assert {planted.key(), wide.key(), other_formats.key(), other_api.key()} <= keys
    assert not {base.key(), renumbered.key()} <= keys  # the planted kernel has every line of theirs
    assert sdk_build.cover([base, renumbered]) == [min((base, renumbered), key=lambda k: k.key())]
