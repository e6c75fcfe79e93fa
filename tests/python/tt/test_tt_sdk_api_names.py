"""Exactly one API per mode: in each API mode the emulator offers only kernel API names (functions, function-like
macros, include paths) that the SDK of that version declares (sdk_api_names.py diffs the emulator's headers,
preprocessed for the mode, against the device headers of the `ttnn` wheel of that version)."""
import pytest

import sdk_api_names
import sdk_kernels


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_emulator_functions_are_the_sdks(api):
    extra = sdk_api_names.offered_but_not_in_sdk(api)
    listing = "\n".join(f"  {kind}: {scope + '::' if scope else ''}{name}" for (scope, name), kind in sorted(extra.items()))
    assert not extra, f"the emulator's {api} API offers {len(extra)} names the SDK {api} does not declare:\n{listing}"


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_emulator_include_paths_are_the_sdks(api):
    assert sdk_api_names.headers_not_in_sdk(api) == []


def test_each_mode_offers_its_own_versions_calls():
    # The diff is not vacuous: it sees each version's own calls, and not the other version's.
    names = {api: {n for _, n in sdk_api_names.emulator_names(api)} for api in sdk_kernels.API_VERSIONS}
    only_66 = {"binary_op_init_common", "mm_init_short", "init_bcast", "transpose_wh_tile", "logical_not_unary_tile"}
    only_81 = {"add_init", "matmul_init", "bcast_init", "transpose_tile", "logical_not_tile", "power_iterative_tile"}
    assert only_66 <= names["0.66"] and not only_66 & names["0.81"]
    assert only_81 <= names["0.81"] and not only_81 & names["0.66"]
    assert {"noc_async_read", "cb_reserve_back", "get_arg_val", "pack_tile", "DPRINT_DATA0"} <= names["0.81"]


def test_names_the_sdk_never_had_are_caught():
    # Issue 11's list of emulator-only functions, against the headers: reduce_init_delta / reduce_revert_delta and
    # DPRINT's U8 / I16 are in neither version; max_tile / max_tile_init are 0.66's (compute_kernel_api.h) and
    # not 0.81's; sub_tiles_bcast_rows is 0.81's only. Offering one where the SDK lacks it fails the tests above,
    # and the parser finds such a definition in the emulator's header style.
    planted = ("namespace ckernel {\ntemplate <bool a = false>\nALWI void max_tile(uint32_t i) { f(i); }\n"
               "ALWI void reduce_init_delta(uint32_t a, uint32_t b = g(1)) {}\n}  // namespace ckernel\n")
    assert sdk_api_names.declared_functions(planted) == {("ckernel", "max_tile"), ("ckernel", "reduce_init_delta")}
    has = {api: {n for _, n in sdk_api_names.sdk_names(api)} for api in sdk_kernels.API_VERSIONS}
    for name in ("reduce_init_delta", "reduce_revert_delta", "U8", "I16"):
        assert name not in has["0.66"] and name not in has["0.81"]
    assert {"max_tile", "max_tile_init"} <= has["0.66"] and not {"max_tile", "max_tile_init"} & has["0.81"]
    assert "sub_tiles_bcast_rows" in has["0.81"] and "sub_tiles_bcast_rows" not in has["0.66"]


@pytest.mark.parametrize("api", sdk_kernels.API_VERSIONS)
def test_emulator_functions_take_the_sdks_argument_counts(api):
    # Every number of arguments an emulator function or macro of this mode accepts, some declaration of the SDK's
    # accepts: a call with one argument more or fewer than the SDK's builds on neither (the emulator's call-site
    # capture, `call_line = __builtin_LINE()`, does not count as a parameter).
    bad = sdk_api_names.arity_mismatches(api)
    listing = "\n".join(f"  {s + '::' if s else ''}{n}: emulator {e}, SDK {d}" for (s, n), (e, d) in sorted(bad.items()))
    assert not bad, f"the emulator's {api} API takes argument counts the SDK {api} does not:\n{listing}"


def test_argument_counts_are_read_from_declarations():
    text = ("namespace ckernel {\n"
            "template <bool a = false, int b = f(1, 2)>\n"
            "ALWI void two(uint32_t x, std::array<int, 2> y = {1, 2}, uint32_t call_line = __builtin_LINE()) {}\n"
            "ALWI void none(void) {}\n"
            "void some(int a, int b = g(3, 4), ...);\n"
            "ALWI void two(uint32_t x, uint32_t y, uint32_t z);\n"
            "}  // namespace ckernel\n")
    assert sdk_api_names.declared_arities(text) == {("ckernel", "two"): {(1, 2), (3, 3)},
                                                    ("ckernel", "none"): {(0, 0)}, ("ckernel", "some"): {(1, None)}}
    assert sdk_api_names.macro_arities("#define M(a, b) x\n#define V(a, ...) y\n#define O() z\n") == \
        {"M": {(2, 2)}, "V": {(1, None)}, "O": {(0, 0)}}
