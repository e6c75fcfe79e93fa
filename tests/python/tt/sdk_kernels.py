"""The kernels of an emitted TT project, as the SDK would build them (sdk_build.Kernel), for each API version.

A project's plan.json names every kernel with its role, leading compile-time args, the tensors whose
TensorAccessorArgs follow, and its compute settings; the CBs of its program give the descriptor headers.
TensorAccessorArgs of an interleaved tensor are what the SDK's host appends: its ArgConfig (IsDram = 2 for DRAM,
0 for L1) and, from the 0.81 API on, the page size aligned to the buffer's alignment (DRAM 32 B on Wormhole, L1
16 B).
"""
from __future__ import annotations

import json

import sdk_build
from tilelang_tt import _core

API_VERSIONS = ("0.66", "0.81")
ALIGNMENT = {"dram": 32, "l1": 16}


def accessor_args(tensor, api):
    flags = 2 if tensor["memory"] == "dram" else 0
    if api == "0.66":
        return [flags]
    align = ALIGNMENT[tensor["memory"]]
    return [flags, (tensor["page_bytes"] + align - 1) // align * align]


def project_kernels(files, api):
    """[sdk_build.Kernel] of an emitted project ({path: text}, as tt_lower returns it)."""
    plan = json.loads(files["plan.json"])
    out = []
    for prog in plan["programs"]:
        cbs = tuple(sorted((cb["index"], cb["format"]) for cb in prog["circular_buffers"]))
        for k in prog["kernels"]:
            ct = list(k.get("compile_args", []))
            for t in k.get("accessors", []):
                ct += accessor_args(plan["tensors"][t], api)
            out.append(sdk_build.Kernel(
                source=files[k["file"]], role=k["role"], api=api, compile_args=tuple(ct), cb_formats=cbs,
                math_fidelity=k.get("math_fidelity", 4), fp32_dest_acc_en=k.get("fp32_dest_acc_en", False),
                math_approx_mode=k.get("math_approx_mode", False), name=f"{plan['func']}/{k['file']}"))
    return out


def lowered_kernels(core_func, outputs, fidelity=4, device="wormhole_b0", numerics=(False, False, False, "auto"),
                    sizes=()):
    """Every kernel of core_func lowered for each API version (numerics: the pass configs tt.fp32_dest,
    tt.fp32_exact, tt.fp32_exact_broadcast, tt.atomic_strategy it was compiled with; sizes: its symbolic dims'
    values in the call)."""
    out = []
    for api in API_VERSIONS:
        files, _, _ = _core.tt_lower(core_func, "tenstorrent/" + device, outputs, fidelity, api, *numerics, list(sizes))
        out += project_kernels(dict(files), api)
    return out
