"""TT annotations on a PrimFunc. Each returns a new PrimFunc carrying the choice as function attributes,
which the TT pipeline reads (apply_tt_defaults fills in whatever is not set):

    apply_tt_defaults(func, device="wormhole_b0")
    annotate_tt_schedule(func, policy="contiguous"|"strided", order="row_major"|"column_major", cores=None,
                         reuse="none"|"multicast"|"auto")
    annotate_tt_layout(func, {param_name: {"memory": "dram", "layout": "interleaved", "format": "bfp8_b"}})

The schedule decides which worker core runs which blocks of the T.Kernel grid: contiguous gives each core a run
of consecutive blocks, strided deals them out round-robin; order says whether bx (row_major) or by
(column_major) varies fastest; cores caps the number of cores used.

"format": "bfp8_b" stores a float32 or bfloat16 tensor on the device as Tenstorrent's block-float Bfp8_b tiles
(16 values of a face row share an 8-bit exponent; sign + 7-bit magnitude each): the host converts the numpy
array into Bfp8_b tiles on the way in and back on the way out, and the kernels read and write it through CBs of
that format. The "interpret" target quantizes such tensors at the same boundary (tenstorrent/bfp8.py).

reuse="multicast" places a 2-D grid on a 2-D core grid instead, each core a sub-grid of blocks, so that blocks
read at offsets that depend only on by (GEMM's A) are read once per core row and multicast along it, and those
depending only on bx (B) once per core column (an error if the kernel does not have that structure). Without
any annotation the compiler chooses multicast when the kernel has that structure and its grid fits the cores
("auto"); annotate_tt_schedule keeps the schedule it is given (reuse="none") unless reuse says otherwise.
"""
from __future__ import annotations

from .. import _core
from ..errors import fail
from ..frontend.trace import PrimFunc


def _check_func(func, op):
    if not isinstance(func, PrimFunc):
        fail(op, f"expected a @T.prim_func function, got {type(func).__name__}")


def _with(func: PrimFunc, attrs: dict) -> PrimFunc:
    return func.with_core(_core.with_func_attrs(func.core, attrs))


def attrs(func: PrimFunc) -> dict:
    """The function's attributes (the TT annotations among them)."""
    return dict(_core.func_attrs(func.core))


def apply_tt_defaults(func: PrimFunc, device: str = "wormhole_b0") -> PrimFunc:
    _check_func(func, "apply_tt_defaults")
    return func.with_core(_core.tt_apply_defaults(func.core, device))


def annotate_tt_schedule(func: PrimFunc, policy: str = "contiguous", order: str = "row_major", cores=None,
                         reuse: str = "none") -> PrimFunc:
    _check_func(func, "annotate_tt_schedule")
    if reuse not in ("none", "multicast", "auto"):
        fail("annotate_tt_schedule", f"reuse must be 'none', 'multicast' or 'auto', got {reuse!r}")
    if policy not in ("contiguous", "strided", "balanced"):
        fail("annotate_tt_schedule", f"policy must be 'contiguous', 'strided' or 'balanced', got {policy!r}")
    if order not in ("row_major", "column_major"):
        fail("annotate_tt_schedule", f"order must be 'row_major' or 'column_major', got {order!r}")
    a = {"tt.schedule.policy": policy, "tt.schedule.order": order, "tt.schedule.reuse": reuse}
    if cores is not None:
        if not isinstance(cores, int) or cores < 1:
            fail("annotate_tt_schedule", f"cores must be a positive int, got {cores!r}")
        a["tt.schedule.cores"] = str(cores)
    return _with(func, a)


def annotate_tt_layout(func: PrimFunc, layouts: dict) -> PrimFunc:
    _check_func(func, "annotate_tt_layout")
    # A parameter used through a view (T.Tensor(shape, dtype, X.data)) is the view's tensor in the IR.
    ir_param = {p.name: q for p, q in zip(func.params, func.core.params)}
    a = {}
    for name, spec in layouts.items():
        if name not in ir_param:
            fail("annotate_tt_layout", f"no parameter named {name!r}; parameters: {', '.join(sorted(ir_param))}")
        ir_name = ir_param[name].name
        unknown = set(spec) - {"memory", "layout", "format"}
        if unknown:
            fail("annotate_tt_layout", f"parameter {name!r}: unknown key(s) {', '.join(sorted(unknown))}; expected "
                                       f"'memory', 'layout' or 'format'")
        memory, layout = spec.get("memory", "dram"), spec.get("layout", "interleaved")
        if memory not in ("dram", "l1") or layout not in ("interleaved", "sharded"):
            fail("annotate_tt_layout", f"parameter {name!r}: memory must be 'dram' or 'l1' and layout 'interleaved' "
                                       f"or 'sharded', got {spec!r}")
        a[f"tt.layout.{ir_name}"] = f"{memory},{layout}"
        fmt = spec.get("format")
        if fmt is not None:
            dtype = next(p for p in func.params if p.name == name).dtype
            rank = len(ir_param[name].shape)
            if rank != 2:
                fail("annotate_tt_layout", f"parameter {name!r}: bfp8_b storage needs a 2-D tensor, got rank {rank}")
            if fmt != "bfp8_b":
                fail("annotate_tt_layout", f"parameter {name!r}: format must be 'bfp8_b', got {fmt!r}")
            if dtype not in ("float32", "bfloat16"):
                fail("annotate_tt_layout", f"parameter {name!r}: bfp8_b storage needs a float32 or bfloat16 "
                                           f"tensor, got {dtype}")
            a[f"tt.format.{ir_name}"] = "Bfp8_b"
    return _with(func, a)
