"""The emulator's DPRINT is each API version's own (emulator/include/emu/dprint.h, device_print.h): a kernel that
would not compile against that version's SDK headers does not compile against the emulator's either. Each case is
a kernel body compiled (syntax only, as the emulator's kernel builder compiles kernels: -Wall -Werror, the
version's TT_METALIUM_API, the kernel kind's defines and forced prelude) in one API mode."""
import subprocess

import pytest

import sdk_api_names

KINDS = {
    "compute": ["-DCOMPILE_FOR_TRISC=1", "-DUCK_CHLKC_MATH", "-DUCK_CHLKC_PACK", "-DUCK_CHLKC_UNPACK", "-include",
                "emu/compute_prelude.h"],
    "reader": ["-DCOMPILE_FOR_NCRISC", "-DNOC_INDEX=0", "-include", "emu/dataflow_api.h"],
}


def compile_kernel(body, api, kind="compute"):
    """(ok, compiler output) of `void kernel_main() { body }` with api/debug/dprint.h in mode `api`."""
    src = '#include "api/debug/dprint.h"\nvoid kernel_main() {\n  int32_t i = 3;\n  float f = 0.5f;\n  (void)i, (void)f;\n' \
          + body + "\n}\n"
    flags = ["g++", "-std=c++17", "-fsyntax-only", "-Wall", "-Werror", "-x", "c++", "-", "-isystem",
             str(sdk_api_names.EMU_INCLUDE), f"-DTT_METALIUM_API={api.split('.')[1]}", "-DKERNEL_BUILD",
             "-DTENSIX_FIRMWARE", "-DARCH_WORMHOLE", *KINDS[kind]]
    p = subprocess.run(flags, input=src, capture_output=True, text=True)
    return p.returncode == 0, p.stderr


TSLICE_COMPUTE = "TSLICE(0, 0, SliceRange{0, 1, 1, 0, 2, 1}, false)"

ACCEPTED = {
    "0.66": ['DPRINT << "i=" << i << " f=" << SETPRECISION(9) << f << ENDL();',
             f"DPRINT_UNPACK(DPRINT << {TSLICE_COMPUTE} << ENDL());",
             "DPRINT << HEX() << uint32_t(i) << DEC() << FIXED() << f << DEFAULTFLOAT() << BF16(0x3f80) << ENDL();"],
    "0.81": ['DPRINT("i={} f={:.9g}\\n", i, f);', f'DPRINT_UNPACK("{{}}\\n", {TSLICE_COMPUTE});',
             'DPRINT("{{literal}} {1} {0:>4}\\n", i, f);', 'DPRINT("no args\\n");', 'DPRINT("{}\\n", true);'],
}

REJECTED = {
    # (body, what the compiler says)
    "0.66": [('DPRINT("i={}\\n", i);', "no match for call"),            # the 0.81 form
             ("DPRINT << true << ENDL();", "deleted function"),            # no bool in 0.66's DebugPrintTypeToId
             ("DPRINT << 1.0 << ENDL();", "deleted function")],           # nor double
    "0.81": [("DPRINT << i << ENDL();", ""),                               # the 0.66 form
             ('DPRINT("{} {}\\n", i);', "Number of {} placeholders must match number of arguments"),
             ('DPRINT("{0} {}\\n", i, i);', "Cannot mix indexed"),
             ('DPRINT("{2}\\n", i);', "Placeholder index exceeds number of arguments"),
             ('DPRINT("{0}\\n", i, f);', "All arguments must be referenced"),
             ('DPRINT("{x}\\n", i);', "Invalid format string"),
             ('struct S {} s; DPRINT("{}\\n", s);', "No serialization defined for this type")],
}


@pytest.mark.parametrize("api", sorted(ACCEPTED))
def test_each_versions_own_form_compiles(api):
    for body in ACCEPTED[api]:
        ok, out = compile_kernel(body, api)
        assert ok, f"{api}: {body}\n{out}"


@pytest.mark.parametrize("api", sorted(REJECTED))
def test_what_the_versions_sdk_rejects_does_not_compile(api):
    for body, message in REJECTED[api]:
        ok, out = compile_kernel(body, api)
        assert not ok and message in out, f"{api}: {body}\n{out}"
    if api == "0.81":
        _, out = compile_kernel("DPRINT << i << ENDL();", api)
        assert "Old style DPRINT is deprecated. Use DPRINT(format, ...) instead." in out


def test_tslice_takes_the_kernel_kinds_arguments():
    # Compute: (cb, tile, range, endl_rows); data movement: (cb, tile, range, cb_type, ptr_type, endl_rows).
    dm = "TSLICE(0, 0, SliceRange{0, 1, 1, 0, 2, 1}, TSLICE_INPUT_CB, TSLICE_RD_PTR, false)"
    assert compile_kernel(f'DPRINT("{{}}\\n", {dm});', "0.81", "reader")[0]
    assert not compile_kernel(f'DPRINT("{{}}\\n", {dm});', "0.81", "compute")[0]
    # Print-thread macros exist in the kinds that have those threads only (they expand to nothing elsewhere).
    ok, out = compile_kernel('DPRINT_UNPACK("{}\\n", undeclared_name);', "0.81", "reader")
    assert ok, out
