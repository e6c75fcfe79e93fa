"""Allocation: T.alloc_shared / alloc_fragment / alloc_local / alloc_var inside a T.Kernel, T.alloc_global
(function-level workspaces), T.empty (eager outputs), and shape symbols T.const (eager, specialized) and T.dynamic / T.symbolic (symbolic at run time).

Contract: kernel-local allocations need a T.Kernel and constant positive shapes; the buffer takes the name
of the variable it is assigned to (made unique). alloc_var(dtype, init) is a 1-element "var" buffer,
initialised by a store when init is given.
"""
from __future__ import annotations

from .. import _core
from .. import dtypes
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .buffer import Buffer, ConstDim, TensorSpec, _index
from .expr import Var, adopt, as_expr, const_int, int32_value
from .kernel import current_kernel


def _shape(shape, opname):
    if isinstance(shape, (int, ConstDim)) or const_int(shape) is not None and not isinstance(shape, (tuple, list)):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not shape:
        fail(opname, f"expected a shape tuple, got {shape!r}")
    out = []
    for d in shape:
        c = const_int(d)
        if c is None:
            fail(opname, "kernel-local buffer shapes must be constant ints")
        if c <= 0:
            fail(opname, f"shape dims must be positive, got {c}")
        out.append(int32_value(c, opname, "shape dim"))
    return out


def _alloc(opname, shape, dtype, scope, default_name):
    k = current_kernel(opname)
    span = user_span(opname)
    b = _b.current()
    name = b.take_hint(default_name)
    buf = Buffer(name, _shape(shape, opname), dtypes.normalize(dtype, opname), scope, kernel=k, span=span)
    k.allocs.append(buf)
    return buf


@op("alloc_shared")
def alloc_shared(shape, dtype, scope="shared.dyn"):
    """Block-shared tile."""
    return _alloc("alloc_shared", shape, dtype, "shared", "shared")


@op("alloc_fragment")
def alloc_fragment(shape, dtype, scope="local.fragment"):
    """Block-level register tile (accumulators)."""
    return _alloc("alloc_fragment", shape, dtype, "fragment", "frag")


@op("alloc_local")
def alloc_local(shape, dtype, scope="local"):
    """Thread-private storage."""
    return _alloc("alloc_local", shape, dtype, "local", "local")


@op("alloc_var")
def alloc_var(dtype, *args, init=None, scope="local.var"):
    """A one-element scalar variable, optionally initialised: T.alloc_var(T.int32, 0) or init=0."""
    if args:
        if len(args) > 1 or init is not None:
            fail("alloc_var", "expected at most one initial value")
        init = args[0]
    buf = _alloc("alloc_var", (1,), dtype, "var", "var")
    if init is not None:
        v = adopt(init, buf.dtype, "alloc_var", f"the dtype of '{buf.name}'")
        b = _b.current()
        b.emit(_core.make_store(buf.core, [_index(0).node], v.node,
                                _b.core_span(user_span("alloc_var"))))
    return buf


@op("alloc_global")
def alloc_global(shape, dtype, scope="global"):
    """A global workspace of the function: zeroed at each call, shared by all its T.Kernels, not returned."""
    b = _b.current()
    if b is None or b.depth == 0:
        fail("alloc_global", "T.alloc_global is only allowed inside a kernel function")
    if isinstance(shape, (int, ConstDim)) or not isinstance(shape, (tuple, list)):
        shape = (shape,)
    dims = []
    for d in shape:
        c = const_int(d)
        if c is not None and c <= 0:
            fail("alloc_global", f"shape dims must be positive, got {c}")
        dims.append(c if c is not None else as_expr(d, "alloc_global"))
    buf = Buffer(b.take_hint("workspace"), dims, dtypes.normalize(dtype, "alloc_global"), "global",
                 span=user_span("alloc_global"))
    b.workspaces.append(buf)
    return buf


@op("alloc_buffer")
def alloc_buffer(shape, dtype="float32", data=None, strides=None, elem_offset=None, scope="global", align=-1,
                 offset_factor=0, buffer_type="default", axis_separators=None, annotations=None):
    """TVM's T.alloc_buffer, which upstream re-exports: by its scope a global workspace (the default: as
    T.alloc_global), a shared, fragment or thread-local buffer (as T.alloc_shared / alloc_fragment / alloc_local).
    The layout arguments (data, strides, elem_offset, axis_separators) must be left at their defaults."""
    if any(x is not None for x in (data, strides, elem_offset, axis_separators)):
        fail("alloc_buffer", "data, strides, elem_offset and axis_separators are not supported: buffers are dense "
                             "row-major")
    kinds = {"global": alloc_global, "shared": alloc_shared, "shared.dyn": alloc_shared,
             "local.fragment": alloc_fragment, "local": alloc_local}
    if scope not in kinds:
        fail("alloc_buffer", f"expected scope 'global', 'shared', 'shared.dyn', 'local.fragment' or 'local', got "
                             f"{scope!r}")
    return kinds[scope](shape, dtype)


@op("empty")
def empty(shape, dtype="float32"):
    """Eager mode: an output tensor, allocated by the kernel object and returned to the caller."""
    b = _b.current()
    if b is None or b.mode != "eager":
        fail("empty", "T.empty is only allowed in a @tilelang.jit function in eager style")
    if b.kernel is not None:
        fail("empty", "T.empty must be used outside T.Kernel")
    spec = TensorSpec(shape, dtype)
    from ..frontend.trace import declare_global
    buf = declare_global(b, b.take_hint("out"), spec, user_span("empty"))
    b.outputs.append(buf)
    return buf


def _names(names, opname):
    if not isinstance(names, str):
        fail(opname, f"expected a string of names like \"M, N\", got {type(names).__name__}")
    parts = [p.strip() for p in names.replace(",", " ").split()]
    if not parts:
        fail(opname, "expected at least one name")
    return parts


@op("const")
def const(names, dtype="int32"):
    """Eager mode: shape names bound (and specialized) from the tensors' actual shapes: M, N = T.const("M, N")."""
    b = _b.current()
    if b is None or b.mode != "eager":
        fail("const", "T.const is only allowed in a @tilelang.jit function in eager style")
    out = []
    for n in _names(names, "const"):
        c = b.consts.get(n)
        if c is None:
            c = b.consts[n] = ConstDim(n)
            if n in b.const_values:
                c.value = int(b.const_values[n])
        out.append(c)
    return out[0] if len(out) == 1 else tuple(out)


@op("dynamic")
def dynamic(names, dtype="int32"):
    """Symbolic shape variable(s), bound from the tensors' shapes at call time: one kernel serves all sizes."""
    dt = dtypes.normalize(dtype, "dynamic")
    if not dtypes.is_int(dt):
        fail("dynamic", f"expected an integer dtype, got {dt}")
    out = [Var(_core.make_var(n, dtypes.to_core(dt)), n) for n in _names(names, "dynamic")]
    for v in out:
        v.dynamic = True
    return out[0] if len(out) == 1 else tuple(out)


symbolic = dynamic
