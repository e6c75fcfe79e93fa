"""A replay of the TT-Metalium SDK's kernel build, for checking that kernels compile for the device.

The SDK (tt_metal/jit_build) compiles each kernel per RISC-V core with its own compiler (SFPI's riscv-tt-elf-g++):
a data-movement kernel once (reader on NCRISC, writer on BRISC), a compute kernel three times (TRISC0 unpack,
TRISC1 math, TRISC2 pack), with -std=c++17 -Wall -Werror, the device's include tree, descriptor headers generated
from the kernel's circular buffers and compute settings, and a firmware translation unit that includes the
dataflow API (or the compute thread's LLK headers) before the kernel. This module does the same with the device
headers of the `ttnn` wheels (scripts/fetch-sdk.sh) and Debian's bare-metal RISC-V GCC, which has the
device's type model (rv32im, ilp32: int32_t is long). What it cannot do the same way:
  * SFPI's compiler and headers are not on any registry: tests/python/tt/sdk_standin/ declares sfpi.h / lltt.h with the
    names and call shapes the SDK's headers use, so the SFPU internals on the MATH thread are checked loosely;
  * GCC 12 evaluates two constructs of the SDK's SFPU headers at definition time that SFPI's newer GCC accepts
    (a non-dependent static_assert(false) in a discarded branch, `#pragma GCC unroll` of a template parameter):
    those two diagnostics, in those headers, on the MATH thread, are the only ones tolerated (MATH_TOLERATED);
  * vendor-specific flags (-mcpu=tt-wh, -ftt-*) and the vendor's attributes (rvtt_l1_ptr) are not known to GCC:
    -march=rv32im -mabi=ilp32 and -Wno-attributes stand in;
  * the C++ library comes from Debian's RISC-V libstdc++ headers with a two-file stand-in for their glibc parts.
A kernel passes when every compilation succeeds with no diagnostic at all (the SDK's -Wno-error relaxations
would let deprecation warnings through; here they fail too: generated code must compile warning-free).
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
STANDIN = HERE / "sdk_standin"
# The glibc parts of Debian's Linux libstdc++ headers, replaced for the device (shared with the emulator's own
# device type-model check, emulator/src/device_check.h).
DEVICE_LIBC = HERE.parents[2] / "emulator" / "include" / "emu" / "device_libc"

# API version -> the ttnn wheel whose device headers are that version's (scripts/fetch-sdk.sh downloads them).
WHEELS = {"0.66": "0.66.0", "0.81": "0.81.1"}

FORMATS = {"Float32": 0, "Float16": 1, "Bfp8": 2, "Bfp4": 3, "Tf32": 4, "Float16_b": 5, "Bfp8_b": 6, "Bfp4_b": 7,
           "Int32": 8, "UInt16": 9, "Int8": 14, "UInt32": 24, "UInt8": 30}
TILE_BYTES = {0: 4096, 1: 2048, 2: 1088, 3: 576, 4: 4096, 5: 2048, 6: 1088, 7: 576, 8: 4096, 9: 2048, 14: 1024,
              24: 4096, 30: 1024}
NUM_CBS = 32  # Wormhole
INVALID = 255

# The SDK's warning flags for kernels (jit_build/build.cpp): -Wall -Werror with these relaxations.
SDK_WARNINGS = ["-Wall", "-Werror", "-Wno-error=deprecated-declarations", "-Wno-error=multistatement-macros",
                "-Wno-error=parentheses", "-Wno-error=unused-but-set-variable", "-Wno-unused-variable",
                "-Wno-unused-function"]

# Diagnostics tolerated on the MATH thread only (see the module docstring): (path part, message part).
MATH_TOLERATED = [("/sfpu/", "static assertion failed"), ("/sfpu/", "'#pragma GCC unroll' requires")]

# Wormhole n150 device defines the SDK passes to every kernel (JitBuildEnv device_kernel_defines).
DEVICE_DEFINES = ["NUM_DRAM_BANKS=12", "IS_NOT_POW2_NUM_DRAM_BANKS=1", "NUM_L1_BANKS=64", "IS_NOT_POW2_NUM_L1_BANKS=0",
                  "PCIE_NOC_X=0", "PCIE_NOC_Y=3", "TENSIX_FIRMWARE", "LOCAL_MEM_EN=0", "ARCH_WORMHOLE",
                  "DISPATCH_MESSAGE_ADDR=0", "KERNEL_BUILD", "PROGRAMMABLE_CORE_TYPE=0"]


class SdkMissing(RuntimeError):
    """The SDK headers or the RISC-V toolchain are not installed (scripts/setup-system.sh, scripts/fetch-sdk.sh)."""


@dataclasses.dataclass(frozen=True)
class Kernel:
    """One kernel as the SDK would build it."""
    source: str                       # the kernel's text
    role: str                         # "reader" (NCRISC, NOC 0), "writer" (BRISC, NOC 1) or "compute"
    api: str                          # "0.66" or "0.81"
    compile_args: tuple = ()          # KERNEL_COMPILE_TIME_ARGS
    cb_formats: tuple = ()            # ((cb index, format name), ...)
    math_fidelity: int = 4
    fp32_dest_acc_en: bool = False
    math_approx_mode: bool = False
    name: str = "kernel.cpp"          # for messages

    def key(self):
        return hashlib.sha256(repr(dataclasses.astuple(self)[:-1]).encode()).hexdigest()[:24]


def sdk_cache():
    return pathlib.Path(os.environ.get("TILELANG_TT_SDK_CACHE", pathlib.Path.home() / ".cache" / "tilelang_tt" / "sdk"))


def sdk_root(api):
    """The extracted `ttnn` package of the wheel of API version `api` (holds tt_metal/)."""
    root = sdk_cache() / f"ttnn-{WHEELS[api]}" / "ttnn"
    if not (root / "tt_metal" / "hw" / "inc").is_dir():
        raise SdkMissing(f"the device headers of ttnn {WHEELS[api]} are not in {root.parent}: run scripts/fetch-sdk.sh")
    return root


def toolchain():
    """(g++, [include flags for the C++ and C libraries])."""
    gxx = shutil.which("riscv64-unknown-elf-g++")
    cxx = pathlib.Path("/usr/riscv64-linux-gnu/include/c++/12")
    libc = pathlib.Path("/usr/lib/picolibc/riscv64-unknown-elf/include")
    if not gxx or not cxx.is_dir() or not libc.is_dir():
        raise SdkMissing("the RISC-V toolchain is missing: run scripts/setup-system.sh (gcc-riscv64-unknown-elf, "
                         "picolibc-riscv64-unknown-elf, libstdc++-12-dev-riscv64-cross)")
    # Stand-ins first (they replace two glibc-only parts of the Linux libstdc++), then libstdc++, then picolibc.
    return gxx, ["-nostdinc++", "-isystem", str(DEVICE_LIBC), "-isystem", str(cxx), "-isystem",
                 str(cxx / "riscv64-linux-gnu"), "-isystem", str(libc)]


def include_dirs(api, compute):
    """The SDK's include list for a Wormhole kernel (jit_build/build.cpp + the HAL's per-core list)."""
    r = sdk_root(api)
    llk = "tt_metal/third_party/tt_llk" if api == "0.66" else "tt_metal/tt-llk"
    dirs = ["", "tt_metal", "tt_metal/hw/inc", "tt_metal/hostdevcommon/api", "tt_metal/api",
            "tt_metal/hw/ckernels/wormhole_b0/metal/common", "tt_metal/hw/ckernels/wormhole_b0/metal/llk_io",
            "tt_metal/hw/inc/internal/tt-1xx", "tt_metal/hw/inc/internal/tt-1xx/wormhole",
            "tt_metal/hw/inc/internal/tt-1xx/wormhole/wormhole_b0_defines",
            "tt_metal/hw/inc/internal/tt-1xx/wormhole/noc", f"{llk}/tt_llk_wormhole_b0/common/inc",
            f"{llk}/tt_llk_wormhole_b0/llk_lib", "tt_metal/hw/firmware/src/tt-1xx"]
    if api != "0.66":
        dirs += [f"{llk}/common", f"{llk}/tools/include"]
    if compute:
        dirs += ["tt_metal/hw/ckernels/wormhole_b0/metal/llk_api", "tt_metal/hw/ckernels/wormhole_b0/metal/llk_api/llk_sfpu"]
        if api == "0.66":
            dirs.append("tt_metal/include")
    return [str(r / d) for d in dirs] + ([str(STANDIN / "sfpi")] if compute else [])


def descriptor_headers(k):
    """The generated descriptor headers (genfiles): per-CB formats and tile shapes, compute settings. 0.66 writes
    one header per item; 0.81 one chlkc_descriptors.h (its compute settings only for the TRISCs), with the
    fidelity as a ckernel::MathFidelity and the faces per tile row and column."""
    fmts = [INVALID] * NUM_CBS
    for idx, name in k.cb_formats:
        fmts[idx] = FORMATS[name]

    def arr(ctype, name, vals):
        return f"constexpr {ctype} {name}[{NUM_CBS}] = {{{', '.join(str(v) for v in vals)}}};\n"

    def used(v):
        return [v if f != INVALID else 0 for f in fmts]

    shape = [("tile_num_faces", 4), ("partial_face", 0), ("tile_face_r_dim", 16), ("narrow_tile", 0),
             ("tile_r_dim", 32), ("tile_c_dim", 32)]
    small = {}
    if k.api != "0.66":  # 0.81 adds faces per tile row/column, and keeps face shapes in bytes
        shape += [("num_faces_r_dim", 2), ("num_faces_c_dim", 2)]
        small = {f: "std::uint8_t" for f in ("tile_face_r_dim", "num_faces_r_dim", "num_faces_c_dim")}
    files = {}
    for side in ("unpack", "pack"):
        files[f"chlkc_{side}_data_format.h"] = (arr("std::int32_t", f"{side}_src_format", fmts) +
                                                arr("std::int32_t", f"{side}_dst_format", fmts))
        files[f"chlkc_{side}_tile_dims.h"] = "".join(arr(small.get(f, "std::uint32_t"), f"{side}_{f}", used(v))
                                                      for f, v in shape) + \
            arr("std::uint32_t", f"{side}_tile_size", [TILE_BYTES.get(f, 0) for f in fmts])
    approx, acc = str(k.math_approx_mode).lower(), str(k.fp32_dest_acc_en).lower()
    settings = {
        "chlkc_math_fidelity.h": f"constexpr std::int32_t MATH_FIDELITY = {k.math_fidelity};\n",
        "chlkc_math_approx_mode.h": f"constexpr bool APPROX = {approx};\n",
        "chlkc_dst_accum_mode.h": f"constexpr bool DST_ACCUM_MODE = {acc};\n",
        "chlkc_dst_sync_mode.h": "#define DST_SYNC_MODE DstSync::SyncHalf\n"}
    head = "#pragma once\n#include <cstdint>\n"
    if k.api == "0.66":
        files.update(settings)
        files = {n: head + t for n, t in files.items()}
    else:
        fidelity = {0: "LoFi", 2: "HiFi2", 3: "HiFi3", 4: "HiFi4"}[k.math_fidelity]
        files = {"chlkc_descriptors.h": head + "".join(files.values()) +
                 "#if defined(COMPILE_FOR_TRISC)\n"
                 f"constexpr ckernel::MathFidelity MATH_FIDELITY = ckernel::MathFidelity::{fidelity};\n"
                 + "".join(t for n, t in settings.items() if n != "chlkc_math_fidelity.h") + "#endif\n"}
    files["defines_generated.h"] = "#pragma once\n"
    return files


# The firmware translation units' includes before the kernel (hw/firmware/src/tt-1xx/{brisck,ncrisck,trisck}.cc).
DM_PRELUDE = ["risc_common.h", "tensix.h", "tensix_types.h", "noc.h", "noc_overlay_parameters.h",
              "noc_nonblocking_api.h", "stream_io_map.h", "internal/firmware_common.h", "api/dataflow/dataflow_api.h"]


def translation_units(k, kernel_path):
    """[(target name, extra flags, {file name: text})]: what to compile for each RISC the kernel runs on."""
    common = ["-std=c++17", "-ffast-math", "-fno-exceptions", "-fno-rtti", "-fno-use-cxa-atexit", "-march=rv32im",
              "-mabi=ilp32", "-Wno-attributes", "--param=min-pagesize=0", *SDK_WARNINGS,
              *(f"-D{d}" for d in DEVICE_DEFINES)]
    ct = ",".join(str(v) for v in k.compile_args)
    ct_flag = [f"-DKERNEL_COMPILE_TIME_ARGS={ct}"] if ct else []
    if k.role in ("reader", "writer"):
        brisc = k.role == "writer"
        tu = "".join(f'#include "{h}"\n' for h in DM_PRELUDE) + f'#include "{kernel_path}"\n'
        flags = common + ["-O2", "-fno-tree-loop-distribute-patterns",
                          "-DCOMPILE_FOR_BRISC" if brisc else "-DCOMPILE_FOR_NCRISC",
                          f"-DPROCESSOR_INDEX={0 if brisc else 1}", f"-DNOC_INDEX={1 if brisc else 0}", "-DNOC_MODE=0"]
        return [("brisc" if brisc else "ncrisc", flags + ct_flag, {"kernel_tu.cpp": tu})]
    units = []
    for i, thread in enumerate(("unpack", "math", "pack")):
        body = f'#define TRISC_{thread.upper()}\n#include "defines_generated.h"\n#include "{kernel_path}"\n'
        if k.api == "0.66":
            # 0.66's firmware calls chlkc_<thread>::<thread>_main(); a kernel_main() kernel is called from there.
            body += "namespace NAMESPACE {\nvoid MAIN { ::kernel_main(); }\n}  // namespace NAMESPACE\n"
        tu = '#include "internal/firmware_common.h"\n#include "chlkc_list.h"\n'
        flags = common + ["-O3", f"-DUCK_CHLKC_{thread.upper()}", f"-DNAMESPACE=chlkc_{thread}",
                          f"-DCOMPILE_FOR_TRISC={i}", f"-DPROCESSOR_INDEX={2 + i}", "-DNOC_MODE=0"]
        units.append((f"trisc{i}", flags + ct_flag, {"kernel_tu.cpp": tu, f"chlkc_{thread}.cpp": body}))
    return units


@dataclasses.dataclass
class Result:
    kernel: Kernel
    failures: list  # [(target, compiler output)]
    cached: bool = False  # passed before (check_many), not compiled now

    @property
    def ok(self):
        return not self.failures


def _diagnostics(output):
    """Split GCC's output into diagnostics: each an error/warning line with the context lines before it."""
    groups, ctx = [], []
    for line in output.splitlines():
        if re.search(r": (error|warning|fatal error): ", line):
            groups.append((line, ctx + [line]))
            ctx = []
        elif re.match(r"(In file included|\s+from |In function|In instantiation|In member|.*required from)", line):
            ctx.append(line)
    return groups


def _tolerated(target, diag_line):
    return target == "trisc1" and any(p in diag_line and m in diag_line for p, m in MATH_TOLERATED)


def _compile(gxx, cmd_flags, src, target, kernel_path=None, name=None):
    """[diagnostic context] of compiling src with cmd_flags, and whether it failed without any."""
    p = subprocess.run([gxx, *cmd_flags, str(src)], capture_output=True, text=True)
    out = p.stdout + p.stderr
    if kernel_path is not None:
        out = out.replace(str(kernel_path), name)
    bad = [ctx for line, ctx in _diagnostics(out) if not _tolerated(target, line)]
    return bad, out, p.returncode != 0 and not _diagnostics(out)


def check(k, prefixes=None):
    """Compiles kernel k for every RISC it runs on; a failure is any diagnostic that is not tolerated.
    prefixes: {prefix key: precompiled prefix header} (shared_prefixes), used by the translation units whose
    leading includes they hold."""
    gxx, libs = toolchain()
    failures = []
    with tempfile.TemporaryDirectory(prefix="tl_sdk_") as tmp:
        tmp = pathlib.Path(tmp)
        kernel_path = tmp / k.name.replace("/", "_")
        kernel_path.write_text(k.source)
        for name, text in descriptor_headers(k).items():
            (tmp / name).write_text(text)
        for target, flags, files in translation_units(k, kernel_path):
            d = tmp / target
            d.mkdir()
            header = (prefixes or {}).get(prefix_key(k, target, flags))
            if header is not None:  # the same text, its leading includes read from their precompiled form
                files = {**files, "kernel_tu.cpp": f'#include "{header}"\n' + files["kernel_tu.cpp"]}
            for name, text in files.items():
                (d / name).write_text(text)
            incs = [f"-I{d}", f"-I{tmp}"] + [f"-I{p}" for p in include_dirs(k.api, k.role == "compute")]
            bad, out, silent = _compile(gxx, [*flags, *libs, *incs, "-Winvalid-pch", "-S", "-o", os.devnull],
                                        d / "kernel_tu.cpp", target, kernel_path, k.name)
            if bad or silent:
                failures.append((target, "\n".join("\n".join(c) for c in bad) or out))
    return Result(k, failures)


# Precompiled prefixes. Every translation unit of one RISC starts with the same headers (the firmware's prelude; on
# the TRISCs also the leading includes of the SDK's chlkc_list.h, which come before the kernel's own descriptor
# headers), and parsing them is most of a kernel's compile time. check_many compiles that prefix once per group of
# translation units with the same flags (the compile-time args are a -D the headers expand) and lets GCC read it
# precompiled: a translation unit then starts with `#include "prefix.h"` and sees the same tokens in the same
# order (the headers' include guards make their second inclusion empty). -Winvalid-pch turns a precompiled header
# GCC would not use into a failure, so a prefix can never change what is checked, only how fast.

def _prefix_text(k, target):
    """The leading includes every translation unit of this role and API shares."""
    if k.role != "compute":  # up to the firmware header: it includes the dataflow API, which reads the descriptors
        return "".join(f'#include "{h}"\n' for h in DM_PRELUDE[:DM_PRELUDE.index("internal/firmware_common.h")])
    return '#include "internal/firmware_common.h"\n' + "".join(f'#include "{h}"\n' for h in _chlkc_list_includes(k.api))


def _chlkc_list_includes(api):
    """The headers the SDK's chlkc_list.h includes before anything else (before the kernel's descriptors)."""
    text = (sdk_root(api) / "tt_metal/hw/ckernels/wormhole_b0/metal/common/chlkc_list.h").read_text()
    out = []
    for line in _strip_comments(text).splitlines():
        line = line.strip()
        if not line or line == "#pragma once":
            continue
        m = re.fullmatch(r'#include\s+"([^"]+)"', line)
        if not m:
            break
        out.append(m.group(1))
    return out


def _strip_comments(text):
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def prefix_key(k, target, flags):
    return hashlib.sha256(repr((k.api, k.role, target, tuple(flags), _prefix_text(k, target))).encode()).hexdigest()[:24]


def shared_prefixes(kernels, directory, jobs=None):
    """{prefix key: header path} of the prefixes two or more of the kernels' translation units share, each
    precompiled into directory (a prefix whose precompilation reports anything is left out: its translation
    units then parse it themselves and report it)."""
    from concurrent.futures import ThreadPoolExecutor
    gxx, libs = toolchain()
    groups = {}
    for k in kernels:
        for target, flags, _ in translation_units(k, pathlib.Path("kernel.cpp")):
            groups.setdefault(prefix_key(k, target, flags), []).append((k, target, flags))

    def build(item):
        key, (k, target, flags) = item
        d = pathlib.Path(directory) / key
        d.mkdir(parents=True, exist_ok=True)
        (d / "prefix.h").write_text(_prefix_text(k, target))
        incs = [f"-I{p}" for p in include_dirs(k.api, k.role == "compute")]
        bad, out, silent = _compile(gxx, [*flags, *libs, *incs, "-x", "c++-header", "-o", str(d / "prefix.h.gch")],
                                    d / "prefix.h", target)
        return key, (None if bad or silent or out.strip() else d / "prefix.h")

    shared = [(key, members[0]) for key, members in groups.items() if len(members) > 1]
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        return {key: path for key, path in pool.map(build, shared) if path is not None}


def _identity():
    """What a result depends on besides the kernel: this replay, the stand-ins, the compiler, the SDK headers."""
    h = hashlib.sha256(pathlib.Path(__file__).read_bytes())
    for f in sorted([*STANDIN.rglob("*.h"), *DEVICE_LIBC.rglob("*.h")]):
        h.update(f.read_bytes())
    gxx, _ = toolchain()
    h.update(subprocess.run([gxx, "--version"], capture_output=True, text=True).stdout.encode())
    for api in WHEELS:
        h.update(str(sdk_root(api)).encode())
    return h.hexdigest()[:16]


def check_many(kernels, jobs=None):
    """Checks each distinct kernel once, `jobs` at a time (default: the machine's CPUs), with the prefixes their
    translation units share precompiled. A kernel that passed before with the same replay, stand-ins, compiler and
    headers is not compiled again (sdk_cache()/passed)."""
    from concurrent.futures import ThreadPoolExecutor
    distinct = {k.key(): k for k in kernels}
    passed = sdk_cache() / "passed" / _identity()
    passed.mkdir(parents=True, exist_ok=True)
    results = {key: Result(k, [], True) for key, k in distinct.items() if (passed / key).exists()}
    pending = [k for key, k in distinct.items() if key not in results]
    with tempfile.TemporaryDirectory(prefix="tl_sdk_pch_") as pch_dir:
        prefixes = shared_prefixes(pending, pch_dir, jobs)

        def run(k):
            r = check(k, prefixes)
            if r.ok:
                (passed / k.key()).touch()
            return r

        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
            for r in pool.map(run, pending):
                results[r.kernel.key()] = r
    return list(results.values())


# A cover of the kernels. Checking every kernel a test session generates (a few thousand) takes longer than the
# whole suite on 2 cores; most of them differ from one another only in numbers (tile counts, CB indices, sizes).
# cover() picks kernels so that every form of line any kernel has is compiled in at least one of them, for each
# API version and role: a line's form is its text with every integer literal replaced by its size class (what
# overflow and shift warnings depend on), and the compile settings count as lines of their own (the number of
# compile-time args, the set of CB formats, fidelity, fp32 accumulation, approximate math). What it cannot
# see: a diagnostic that depends on an exact value, or on two lines only together.

_LITERAL = re.compile(r"\b(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)\b")


def _literal_class(m):
    bits = int(m.group(1), 0).bit_length()
    return "N" + next(str(b) for b in (1, 8, 16, 31, 32, 64, 999) if bits <= b) + m.group(2).lower()


def line_forms(k):
    """The forms of kernel k's lines (see above)."""
    forms = {(k.api, k.role, "settings", len(k.compile_args), tuple(sorted({f for _, f in k.cb_formats})),
              k.math_fidelity, k.fp32_dest_acc_en, k.math_approx_mode)}
    for line in _strip_comments(k.source).splitlines():
        line = line.strip()
        if line:
            forms.add((k.api, k.role, _LITERAL.sub(_literal_class, line)))
    return forms


def cover(kernels):
    """A subset of the distinct kernels whose line forms are all the kernels' (greedy: the kernel adding the most
    new forms first; ties broken by key, so the choice is deterministic)."""
    import heapq
    distinct = sorted({k.key(): k for k in kernels}.items())
    forms = [line_forms(k) for _, k in distinct]
    covered, chosen = set(), []
    heap = [(-len(f), i) for i, f in enumerate(forms)]
    heapq.heapify(heap)
    while heap:
        neg, i = heapq.heappop(heap)
        new = len(forms[i] - covered)
        if new == 0:
            continue
        if new < -neg:  # stale count: re-queue with the current one (lazy greedy)
            heapq.heappush(heap, (-new, i))
            continue
        chosen.append(distinct[i][1])
        covered |= forms[i]
    return chosen
