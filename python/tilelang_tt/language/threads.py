"""Thread-level code, as upstream TileLang's GPU backends run it: T.get_thread_binding(s), T.sync_threads,
T.vectorized, T.tvm_thread_allreduce (with T.attr / T.comm_reducer / T.reinterpret / T.evaluate around it, as
upstream writes it), and the reducer buffers T.alloc_reducer / T.finalize_reducer.

Contract: the first T.get_thread_binding makes its kernel thread-level: the kernel's body becomes a nest of
Thread loops (ir.h, ForKind::Thread) whose threads run it in lockstep on "interpret"; on "tenstorrent" it is a
located error (check_tt_supported). Lockstep makes every statement a barrier, so T.sync_threads adds nothing.
T.tvm_thread_allreduce(n, v..., cond, dst..., t...) becomes ordinary statements over a shared scratch buffer
indexed by the thread vars: every thread stores v, then each thread folds the scratch entries of the threads
that differ from it only in the reduced vars t..., in thread order, into dst with the T.comm_reducer of the
enclosing T.attr(..., "reduce_scope", ...). T.alloc_reducer is a fragment (one block-wide copy, so the
per-thread replicas upstream combines in T.finalize_reducer never diverge: finalize has nothing to do).
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import _alloc
from .buffer import Buffer, LoadExpr
from .expr import Var, adopt, as_expr, const_int
from .kernel import current_kernel
from .loops import IRLoop, K, _range

_REDUCERS: list["CommReducer"] = []  # the T.attr(comm_reducer, "reduce_scope", ...) blocks open


@op("get_thread_binding")
def get_thread_binding(dim=0):
    """threadIdx.x / .y / .z of the running thread (dim 0 / 1 / 2)."""
    return current_kernel("get_thread_binding").thread_var(dim, user_span("get_thread_binding"))


@op("get_thread_bindings")
def get_thread_bindings():
    """[threadIdx.x, .y, .z][:number of thread dims]."""
    k = current_kernel("get_thread_bindings")
    span = user_span("get_thread_bindings")
    return [k.thread_var(d, span) for d in range(len(k.threads))]


def _kernel_list(opname, field, dim=None):
    """The kernel's threads / block vars / grid extents (field), or the entry for dim, checked."""
    items = getattr(current_kernel(opname), field)
    if dim is None:
        return list(items)
    if not isinstance(dim, int) or not 0 <= dim < len(items):
        what = "thread" if field == "threads" else "grid"
        fail(opname, f"expected a {what} dimension in 0..{len(items) - 1}, got {dim!r}")
    return items[dim]


@op("get_thread_extent")
def get_thread_extent(dim=0):
    """The number of threads along dim (the kernel's threads=)."""
    return _kernel_list("get_thread_extent", "threads", dim)


@op("get_thread_extents")
def get_thread_extents():
    return _kernel_list("get_thread_extents", "threads")


@op("get_block_binding")
def get_block_binding(dim=0):
    """blockIdx.x / .y / .z: the kernel's block index along dim."""
    return _kernel_list("get_block_binding", "vars", dim)


@op("get_block_bindings")
def get_block_bindings():
    return _kernel_list("get_block_bindings", "vars")


@op("get_block_extent")
def get_block_extent(dim=0):
    """The grid extent along dim."""
    return _kernel_list("get_block_extent", "grid", dim)


@op("get_block_extents")
def get_block_extents():
    return _kernel_list("get_block_extents", "grid")


@op("sync_threads")
def sync_threads(barrier_id=None, arrive_count=None):
    """A block-wide barrier. Threads run in lockstep here, so every statement already ends in one."""
    current_kernel("sync_threads")


def vectorized(start, stop=None):
    """A per-thread loop whose iterations the GPU runs as vector lanes: serial semantics."""
    r, st = _range("vectorized", start, stop)
    return IRLoop("vectorized", K.serial, [r], [st])


Vectorized = vectorized


class CommReducer:
    """T.comm_reducer(lambda x, y: ..., [identity]): a commutative combiner and its identity."""

    def __init__(self, combiner, identity):
        self.combiner = combiner
        self.identity = list(identity) if isinstance(identity, (list, tuple)) else [identity]


@op("comm_reducer")
def comm_reducer(combiner, identity):
    if not callable(combiner):
        fail("comm_reducer", f"expected a function combining two values, got {type(combiner).__name__}")
    return CommReducer(combiner, identity)


class _Word64:
    """T.uint64(x): only the handle argument of the reduce_scope attribute uses it (T.reinterpret(T.uint64(0),
    dtype="handle")); it has no arithmetic."""

    def __call__(self, value=0):
        return self

    def __repr__(self):
        return "T.uint64"


uint64 = _Word64()


class _Attr:
    def __init__(self, node, key, value, span):
        if not (isinstance(node, CommReducer) and key == "reduce_scope"):
            fail("attr", f"only T.attr(T.comm_reducer(...), \"reduce_scope\", ...) around T.tvm_thread_allreduce "
                         f"is supported, got key {key!r}", span)
        self.node = node

    def __enter__(self):
        _REDUCERS.append(self.node)

    def __exit__(self, *exc):
        _REDUCERS.pop()
        return False


@op("attr")
def attr(node, key, value):
    return _Attr(node, key, value, user_span("attr"))


class _AllReduced:
    """What T.tvm_thread_allreduce returns: its statements are emitted; T.evaluate takes it."""


@op("evaluate")
def evaluate(value):
    if not isinstance(value, _AllReduced):
        fail("evaluate", "T.evaluate is supported only around T.tvm_thread_allreduce")


def _dst_element(x):
    if isinstance(x, Buffer) and x.scope == "var":
        return x, [as_expr(0)]
    if not isinstance(x, LoadExpr):
        fail("tvm_thread_allreduce", f"expected a buffer element (e.g. C_reduced[0]) as the destination, got "
                                     f"{type(x).__name__}")
    return x.buffer, list(x.indices)


@op("tvm_thread_allreduce")
def tvm_thread_allreduce(*args, dtype="handle"):
    """tvm_thread_allreduce(n, v_1..v_n, cond, dst_1..dst_n, t...): each dst_i = the reduction of v_i over the
    threads that differ from this one only in the thread vars t... (see the module docstring)."""
    k = current_kernel("tvm_thread_allreduce")
    span = user_span("tvm_thread_allreduce")
    if not _REDUCERS:
        fail("tvm_thread_allreduce", "expected an enclosing `with T.attr(T.comm_reducer(...), \"reduce_scope\", "
                                     "...)` giving the combiner", span)
    red = _REDUCERS[-1]
    n = const_int(args[0]) if args else None
    if n is None or n < 1 or len(args) < 2 + 2 * n:
        fail("tvm_thread_allreduce", "expected (n, n values, cond, n destinations, thread vars...)", span)
    values, cond, dsts, tvars = args[1:1 + n], args[1 + n], args[2 + n:2 + 2 * n], args[2 + 2 * n:]
    if len(red.identity) != n:
        fail("tvm_thread_allreduce", f"the comm_reducer has {len(red.identity)} identity values for {n} "
                                     f"reduced values", span)
    if const_int(cond) != 1:
        fail("tvm_thread_allreduce", "only cond=True is supported", span)
    reduced = []
    for t in tvars:
        d = next((d for d, v in enumerate(k.thread_vars) if v is t), None)
        if d is None:
            fail("tvm_thread_allreduce", "the reduced threads must be given as T.get_thread_binding vars", span)
        reduced.append(d)
    b = _b.current()
    cs = _b.core_span(span)
    for v, dst, ident in zip(values, dsts, red.identity):
        v = as_expr(v, "tvm_thread_allreduce")
        buf, idx = _dst_element(dst)
        b.name_hint = "red_buf"
        scratch = _alloc("tvm_thread_allreduce", tuple(k.threads), v.dtype, "shared", "red_buf")
        scratch[tuple(k.thread_vars)] = v
        buf[tuple(idx)] = ident
        others = [Var(_core.make_var(b.unique("rt")), "rt") for _ in reduced]
        at = list(k.thread_vars)
        for d, o in zip(reduced, others):
            at[d] = o
        b.push()
        buf[tuple(idx)] = adopt(red.combiner(buf[tuple(idx)], scratch[tuple(at)]), buf.dtype,
                                "tvm_thread_allreduce", f"the dtype of '{buf.name}'")
        body = b.pop(span, "tvm_thread_allreduce")
        for d, o in reversed(list(zip(reduced, others))):
            body = _core.make_for(o.node, as_expr(0).node, as_expr(k.threads[d]).node, K.serial, body, cs)
        b.emit(body)
    return _AllReduced()


@op("alloc_reducer")
def alloc_reducer(shape, dtype, op="sum", replication=None):
    """A reduction target updated by T.Parallel iterations (op "sum", "max" or "min"); T.clear it first."""
    if op not in ("sum", "max", "min"):
        fail("alloc_reducer", f"expected op 'sum', 'max' or 'min', got {op!r}")
    if replication not in (None, "all", "none"):
        fail("alloc_reducer", f"expected replication 'all' or 'none', got {replication!r}")
    buf = _alloc("alloc_reducer", shape, dtype, "fragment", "reducer")
    buf.reducer_op = op  # T.reducer_init / reducer_update (composed.py) combine with it
    return buf


@op("finalize_reducer")
def finalize_reducer(reducer):
    """Combines the per-thread replicas of a reducer; the replicas here are one block-wide copy."""
    if not isinstance(reducer, Buffer) or reducer.scope != "fragment":
        fail("finalize_reducer", f"expected a buffer from T.alloc_reducer, got {type(reducer).__name__}")
    current_kernel("finalize_reducer")
