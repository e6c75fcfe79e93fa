"""Compiler settings (`pass_configs=` of tilelang.compile / @tilelang.jit): one table of every key we accept.

Contract:
  * PassConfigKey: upstream TileLang's enum of setting names (same member names and values), plus this project's
    own keys (TT_*), so that upstream code passing `{tilelang.PassConfigKey.TL_DISABLE_TMA_LOWER: True}` works.
  * check(pass_configs, target) → {key string: value}: every key must be in SETTINGS (this project's keys, and
    every key upstream has defined, including spellings of older releases); every value must pass the key's
    check. Otherwise a TileLangError names the key (with close matches) or the value and what is allowed.
    Upstream keys that mean nothing on a target are accepted and ignored there (docs/language.md lists them).
"""
from __future__ import annotations

import difflib
from enum import Enum

from .errors import fail


class PassConfigKey(str, Enum):
    """Setting names: upstream TileLang's (accepted; what they do on each target is in docs/language.md) and this
    project's (TT_*)."""
    TT_MATH_FIDELITY = "tt.math_fidelity"
    TT_METALIUM_API = "tt.metalium_api"
    TT_FP32_DEST = "tt.fp32_dest"
    TT_FP32_EXACT = "tt.fp32_exact"
    TT_FP32_EXACT_BROADCAST = "tt.fp32_exact_broadcast"
    TT_ATOMIC_STRATEGY = "tt.atomic_strategy"
    TL_SIMPLIFY = "tl.Simplify"
    TL_DISABLE_BUFFER_INIT_CHECK = "tl.disable_buffer_init_check"
    TL_DISABLE_DATA_RACE_CHECK = "tl.disable_data_race_check"
    TL_DISABLE_PRELOWER_SEMANTIC_CHECK = "tl.disable_prelower_semantic_check"
    TL_DISABLE_WARP_SPECIALIZED = "tl.disable_warp_specialized"
    TL_ENABLE_FAST_MATH = "tl.enable_fast_math"
    TL_DISABLE_FAST_MATH = "tl.disable_fast_math"
    TL_PTXAS_REGISTER_USAGE_LEVEL = "tl.ptxas_register_usage_level"
    TL_ENABLE_PTXAS_VERBOSE_OUTPUT = "tl.enable_ptxas_verbose_output"
    TL_DEVICE_COMPILE_FLAGS = "tl.device_compile_flags"
    TL_EMIT_LINE_DIRECTIVES = "tl.emit_line_directives"
    TL_CONFIG_INDEX_BITWIDTH = "tl.config_index_bitwidth"
    TL_ENABLE_REDUCER_PLAN_VERBOSE = "tl.enable_reducer_plan_verbose"
    TL_LAYOUT_COST_MODEL = "tl.layout_cost_model"
    TL_REDUCER_FORCE_BASELINE = "tl.reducer_force_baseline"
    TL_DISABLE_TMA_LOWER = "tl.disable_tma_lower"
    TL_DISABLE_SAFE_MEMORY_ACCESS = "tl.disable_safe_memory_legalize"
    TL_DISABLE_VECTORIZE_256 = "tl.disable_vectorize_256"
    TL_ENABLE_ASYNC_COPY = "tl.enable_async_copy"
    TL_ENABLE_LOWER_LDGSTG = "tl.enable_lower_ldgstg"
    TL_ENABLE_LOWER_LDGSTG_PREDICATED = "tl.enable_lower_ldgstg_predicated"
    TL_DISABLE_LOWER_LDGSTG_PREDICATED = "tl.disable_lower_ldgstg_predicated"
    TL_ENABLE_VECTORIZE_PLANNER_VERBOSE = "tl.enable_vectorize_planner_verbose"
    TL_DISABLE_WGMMA = "tl.disable_wgmma"
    TL_DEBUG_MERGE_SHARED_MEMORY_ALLOCATIONS = "tl.debug_merge_shared_memory_allocations"
    TL_DEBUG_THREAD_STORAGE_SYNC_SUMMARY = "tl.debug_thread_storage_sync_summary"
    TL_ENABLE_AGGRESSIVE_SHARED_MEMORY_MERGE = "tl.enable_aggressive_shared_memory_merge"
    TL_DISABLE_SHARED_MEMORY_REUSE = "tl.disable_shared_memory_reuse"
    TL_DISABLE_SHUFFLE_ELECT = "tl.disable_shuffle_elect"
    TL_DISABLE_LOOP_UNSWITCHING = "tl.disable_loop_unswitching"
    TL_LOOP_UNSWITCHING_ALLOW_NON_TRIVIAL_ELSE = "tl.loop_unswitching_allow_non_trivial_else"
    TL_IF_STMT_BINDING_INLINE_REPLAYABLE_BINDS = "tl.if_stmt_binding_inline_replayable_binds"
    TL_DISABLE_THREAD_STORAGE_SYNC = "tl.disable_thread_storage_sync"
    TL_DISABLE_DYNAMIC_TAIL_SPLIT = "tl.disable_dynamic_tail_split"
    TL_DYNAMIC_ALIGNMENT = "tl.dynamic_alignment"
    TL_FORCE_LET_INLINE = "tl.force_let_inline"
    TL_AST_PRINT_ENABLE = "tl.ast_print_enable"
    TL_LAYOUT_VISUALIZATION_ENABLE = "tl.layout_visualization_enable"
    TL_LAYOUT_VISUALIZATION_FORMATS = "tl.layout_visualization_formats"
    TL_STORAGE_REWRITE_DETECT_INPLACE = "tl.storage_rewrite_detect_inplace"
    TIR_ENABLE_EQUIV_TERMS_IN_CSE = "tir.enable_equiv_terms_in_cse_tir"
    TIR_DISABLE_CSE = "tirx.disable_cse_tir"
    TIR_SIMPLIFY = "tirx.Simplify"
    TIR_DISABLE_STORAGE_REWRITE = "tirx.disable_storage_rewrite"
    TIR_DISABLE_VECTORIZE = "tirx.disable_vectorize"
    TIR_USE_ASYNC_COPY = "tirx.use_async_copy"
    TIR_ENABLE_DEBUG = "tirx.enable_debug"
    TIR_MERGE_STATIC_SMEM = "tirx.merge_static_smem"
    TIR_ADD_LOWER_PASS = "tirx.add_lower_pass"
    TIR_NOALIAS = "tirx.noalias"
    CUDA_KERNELS_OUTPUT_DIR = "cuda.kernels_output_dir"
    TL_DISABLE_OUT_OF_BOUND_WARNING = "tl.disable_out_of_bound_warning"
    TL_ENABLE_DUMP_IR = "tl.enable_dump_ir"
    TL_DUMP_IR_DIR = "tl.dump_ir_path"
    TL_PASS_PROFILE = "tl.pass_profile"
    TL_PASS_PROFILE_THRESHOLD_MS = "tl.pass_profile_threshold_ms"
    # Sub-keys of the tl.Simplify dict (upstream defines them in the same enum).
    TL_SIMPLIFY_TRANSITIVELY_PROVE_INEQUALITIES = "transitively_prove_inequalities"
    TL_SIMPLIFY_CONVERT_BOOLEAN_TO_AND_OF_ORS = "convert_boolean_to_and_of_ors"
    TL_SIMPLIFY_APPLY_CONSTRAINTS_TO_BOOLEAN_BRANCHES = "apply_constraints_to_boolean_branches"
    TL_SIMPLIFY_PROPAGATE_KNOWNS_TO_PROVE_CONDITIONAL = "propagate_knowns_to_prove_conditional"
    TL_SIMPLIFY_PROPAGATE_KNOWNS_TO_SIMPLIFY_EXPRESSIONS = "propagate_knowns_to_simplify_expressions"
    TL_SIMPLIFY_ENABLE_LET_INLINE = "enable_simplify_let_inline"


FIDELITIES = {"LoFi": 0, "HiFi2": 2, "HiFi3": 3, "HiFi4": 4}


# ---------------------------------------------------------------- value checks: each returns an error or None
def _one_of(*allowed):
    def check(v):
        if v not in allowed:
            return "expected one of " + ", ".join(repr(a) for a in allowed)
    return check


def _kind(*types, what):
    def check(v):
        if not isinstance(v, types) or (bool not in types and isinstance(v, bool)):
            return f"expected {what}"
    return check


def _bool(v):
    """Upstream's switches: True or False (or 0/1, which TVM's configs accept too)."""
    if not (isinstance(v, bool) or (isinstance(v, int) and v in (0, 1))):
        return "expected True or False"


_INT = _kind(int, what="an int")
_NUM = _kind(int, float, what="a number")
_STR = _kind(str, what="a string")
_ANY = lambda v: None  # noqa: E731
_SIMPLIFY_KEYS = {k.value for k in PassConfigKey if k.name.startswith("TL_SIMPLIFY_")}


def _simplify(v):
    if not isinstance(v, dict):
        return "expected a dict of simplifier options"
    for k, x in v.items():
        k = k.value if isinstance(k, PassConfigKey) else k
        if k not in _SIMPLIFY_KEYS:
            return f"unknown option {k!r}; expected one of " + ", ".join(sorted(_SIMPLIFY_KEYS))
        if not isinstance(x, bool):
            return f"option {k!r}: expected True or False"


def _index_bits(v):
    if v == 64:
        return "64-bit indexing is not supported: tensor dims, extents and indices are 32-bit here"
    return _one_of(32)(v)


def _flags(v):
    if isinstance(v, str) or (isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)):
        return None
    return "expected a string or a list of strings"


# key → (value check, what it does on the targets of this project; None: accepted and ignored everywhere)
SETTINGS = {
    "tt.math_fidelity": (_one_of(*FIDELITIES), "tenstorrent: the matrix engine's fidelity for T.gemm, "
                                               "multiplies and reductions (default HiFi4)"),
    "tt.metalium_api": (_one_of("0.66", "0.81"), "tenstorrent: the TT-Metalium SDK API (ttnn release) the generated "
                                                 "program is written against (default 0.81)"),
    "tt.fp32_dest": (_bool, "tenstorrent: an fp32 DST for every compute kernel (fp32_dest_acc_en), so bf16 "
                            "element-wise intermediates are not rounded to bf16 between operations; half the DST "
                            "slots (default False: fp32 only where a float32 or float16 buffer is)"),
    "tt.fp32_exact": (_bool, "tenstorrent: reductions of float32 or float16 data read each element exactly "
                             "(through three bfloat16 parts; sums in fp32, max/min exact) instead of with the "
                             "FPU's 9 mantissa bits; 3-4x a sum's modeled time, about 12x a max's (default False)"),
    "tt.fp32_exact_broadcast": (_bool, "tenstorrent: float32/float16 vectors computed in a kernel are broadcast "
                                       "in element-wise code exactly (through three bfloat16 parts, three more "
                                       "CBs per vector an operation broadcasts) instead of with 10 mantissa "
                                       "bits (default False)"),
    "tt.atomic_strategy": (_one_of("auto", "partials", "lock"), "tenstorrent: how T.atomic_* sites whose blocks "
                           "collide are lowered: \"partials\" (a workspace slice per colliding grid index and a "
                           "combine kernel), \"lock\" (the colliding blocks run on one core and a semaphore orders "
                           "their read-modify-writes), \"auto\" (partials for grid collisions, the lock for a "
                           "loop's or several sites' collisions; the default)"),
    "tl.config_index_bitwidth": (_index_bits, "32 only (the index type of the IR)"),
    "tl.Simplify": (_simplify, None),
    "tl.device_compile_flags": (_flags, None),
    "tl.layout_visualization_formats": (_one_of("pdf", "png", "svg", "all"), None),
    "tl.layout_cost_model": (_STR, None),
    "tl.ptxas_register_usage_level": (_INT, None),
    "tl.dynamic_alignment": (_INT, None),
    "tl.pass_profile_threshold_ms": (_NUM, None),
    "tl.dump_ir_path": (_STR, None),
    "cuda.kernels_output_dir": (_STR, None),
    "tirx.add_lower_pass": (_ANY, None),
}
for _k in PassConfigKey:
    if "." in _k.value:
        SETTINGS.setdefault(_k.value, (_bool, None))
# Spellings of older upstream releases (TVM's "tir." namespace before "tirx.").
for _k in [k for k in SETTINGS if k.startswith("tirx.")]:
    SETTINGS.setdefault("tir." + _k[5:], SETTINGS[_k])
SETTINGS.setdefault("tir.enable_equiv_terms_in_cse_tir", (_bool, None))


def _close_matches(name):
    """Keys spelled like `name`: the near-identical ones if there are any (a typo), else up to three similar."""
    close = difflib.get_close_matches(name, SETTINGS, n=3)
    near = [c for c in close if difflib.SequenceMatcher(None, name, c).ratio() >= 0.9]
    return near or close


def check(pass_configs, op="compile") -> dict:
    """pass_configs checked and normalized to {key string: value} (see the module contract)."""
    if pass_configs is None:
        return {}
    if not isinstance(pass_configs, dict):
        fail(op, f"pass_configs must be a dict of setting names to values, got {type(pass_configs).__name__}")
    out = {}
    for key, value in pass_configs.items():
        name = key.value if isinstance(key, PassConfigKey) else key
        if not isinstance(name, str):
            fail(op, f"pass_configs keys must be strings, got {name!r}")
        entry = SETTINGS.get(name)
        if entry is None:
            close = _close_matches(name)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                "; the settings are listed in docs/language.md"
            fail(op, f"unknown pass_configs key {name!r}{hint}")
        problem = entry[0](value)
        if problem:
            fail(op, f"pass_configs[{name!r}] = {value!r}: {problem}")
        out[name] = value
    return out
