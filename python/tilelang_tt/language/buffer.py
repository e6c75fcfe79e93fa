"""Buffers as the user sees them: indexing gives loads (`A[i, j]`), slicing gives regions (`A[0:64, k]`),
item assignment records stores; plus the tensor type `T.Tensor(shape, dtype)` used in annotations.

Contract:
  * Buffer wraps an IR buffer plus its Python-side shape (ints, or Vars for symbolic dims) and the T.Kernel
    that allocated it (None for global tensors). Using a kernel-local buffer outside that kernel is a
    TileLangError.
  * A[i, j] with only scalar indices is a LoadExpr (a PrimExpr that also remembers buffer and indices, so tile
    ops accept it as a start-index region); with any slice it is a Region. Index count must equal the rank.
  * A T.alloc_var buffer also reads as its value in expressions (`x + 1` is `x[0] + 1`).
"""
from __future__ import annotations

import math
import operator as _opm

from .. import _core
from .. import dtypes
from ..errors import fail, user_span
from ..frontend import builder as _b
from .expr import PrimExpr, Var, adopt, as_expr, const_int, int32_value, is_symbolic, linear_const


def shape_node(d):
    if isinstance(d, PrimExpr):
        return d.node
    return _core.make_int(int(d))


class LoadExpr(PrimExpr):
    __slots__ = ("buffer", "indices")

    def __init__(self, buffer, indices):
        super().__init__(_core.make_load(buffer.core, [i.node for i in indices]))
        self.buffer, self.indices = buffer, indices


class Region:
    """buffer[min:min+extent, ...] — one (min, extent) per dim; extents are ints or PrimExprs."""

    def __init__(self, buffer, mins, extents):
        self.buffer, self.mins, self.extents = buffer, mins, extents

    @property
    def shape(self):
        return list(self.extents)

    def __repr__(self):
        return f"Region({self.buffer.name})"


class Buffer:
    def __init__(self, name, shape, dtype, scope, kernel=None, span=None):
        self.name, self.shape, self.dtype, self.scope, self.kernel = name, list(shape), dtype, scope, kernel
        self.span = span
        self.used = False  # set by any use (check_usable): a viewed parameter must not also be used directly
        self.scalar = False  # a scalar parameter of a prim_func (`n: T.int32`), passed as a Python number
        self.builder = _b.current()  # the traced function this buffer belongs to
        self.core = _core.make_buffer(name, dtypes.to_core(dtype), [shape_node(d) for d in shape],
                                      getattr(_core.Scope, "global_" if scope == "global" else scope),
                                      _b.core_span(span))

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return f"Buffer({self.name}, {self.shape}, {self.dtype}, {self.scope})"

    @property
    def data(self):
        """The storage of a global tensor, for `T.Tensor(shape, dtype, tensor.data)` views."""
        if self.scope != "global":
            fail("data", f"'{self.name}.data' names a global tensor's storage; '{self.name}' is {self.scope}")
        return DataHandle(self)

    def check_usable(self, op):
        """Kernel-local buffers may only be used inside the T.Kernel that allocated them."""
        b = _b.current()
        self.used = True
        if self.kernel is None:
            if self.builder is not None and b is not None and self.builder is not b:
                fail(op, f"tensor '{self.name}' belongs to another kernel function")
            return
        if b is None or b.kernel is not self.kernel:
            fail(op, f"buffer '{self.name}' ({self.scope}) is used outside the T.Kernel that allocated it")

    def _indices(self, key, op):
        if not isinstance(key, tuple):
            key = (key,)
        if len(key) != len(self.shape):
            fail(op, f"buffer '{self.name}' has {len(self.shape)} dims, got {len(key)} indices")
        return key

    def __getitem__(self, key):
        self.check_usable("index")
        key = self._indices(key, "index")
        if not any(isinstance(k, slice) for k in key):
            return LoadExpr(self, [_index(k) for k in key])
        mins, exts = [], []
        for d, k in enumerate(key):
            if isinstance(k, slice):
                if k.step is not None and const_int(k.step) != 1:
                    fail("slice", f"slices of '{self.name}' must have step 1")
                lo = 0 if k.start is None else k.start
                hi = self.shape[d] if k.stop is None else k.stop
                mins.append(_index(lo) if is_symbolic(lo) else lo)
                ext = _extent(lo, hi)
                exts.append(ext)
            else:
                mins.append(_index(k))
                exts.append(1)
        return Region(self, mins, exts)

    def __setitem__(self, key, value):
        self.check_usable("store")
        key = self._indices(key, "store")
        if any(isinstance(k, slice) for k in key):
            fail("store", f"assigning to a slice of '{self.name}' is not supported; use T.copy or T.fill")
        b = _b.current()
        if b is None or b.depth == 0:
            fail("store", "buffer stores are only allowed inside a kernel body")
        v = adopt(value, self.dtype, "store", f"the dtype of '{self.name}'")
        b.emit(_core.make_store(self.core, [_index(k).node for k in key], v.node, _b.core_span(user_span())))

    # A T.alloc_var buffer reads as its value.
    def _as_scalar(self, op):
        if self.scope != "var":
            fail(op, f"buffer '{self.name}' used as a scalar; index it, e.g. {self.name}[i]")
        return self[(0,) * len(self.shape)]

    def _scalar(self):
        return self._as_scalar("expr")

    def __add__(self, o): return self._scalar() + o
    def __radd__(self, o): return o + self._scalar()
    def __sub__(self, o): return self._scalar() - o
    def __rsub__(self, o): return o - self._scalar()
    def __mul__(self, o): return self._scalar() * o
    def __rmul__(self, o): return o * self._scalar()
    def __truediv__(self, o): return self._scalar() / o
    def __rtruediv__(self, o): return o / self._scalar()
    def __floordiv__(self, o): return self._scalar() // o
    def __mod__(self, o): return self._scalar() % o
    def __neg__(self): return -self._scalar()
    def __lt__(self, o): return self._scalar() < o
    def __le__(self, o): return self._scalar() <= o
    def __gt__(self, o): return self._scalar() > o
    def __ge__(self, o): return self._scalar() >= o
    __hash__ = object.__hash__


def _index(k) -> PrimExpr:
    c = const_int(k)
    if c is not None:
        int32_value(c, "index", "index")
    e = as_expr(k, "index")
    if e.dtype not in ("int32", "int64", "int8", "uint8", "int16", "uint16", "uint32"):
        fail("index", f"expected an integer index, got {e.dtype}")
    return e


def _extent(lo, hi):
    lo_c, hi_c = const_int(lo), const_int(hi)
    for c in (lo_c, hi_c):
        if c is not None:
            int32_value(c, "slice", "slice bound")
    if lo_c is not None and hi_c is not None:
        if hi_c <= lo_c:
            fail("slice", f"empty slice {lo_c}:{hi_c}")
        return hi_c - lo_c
    if lo_c == 0:
        return hi if isinstance(hi, PrimExpr) else as_expr(hi)
    ext = as_expr(hi) - as_expr(lo)
    c = linear_const(ext)
    if c is not None:
        if c <= 0:
            fail("slice", f"empty slice of extent {c}")
        return c
    return ext


# ---------------------------------------------------------------- tensor types and shape symbols
class _Dim:
    """An int computed from T.const names (eager mode). Arithmetic on a name that no annotation has bound yet is
    deferred: it gives a DimExpr that computes its value when first used as an int (a shape, a grid extent, a
    loop bound), by which time the annotations have run: `OH = (H + 2 * P - K) // S + 1` may precede
    `data: T.Tensor((N, H, W, C), dtype)`. Comparisons need a Python bool now, so they need bound names."""

    def bound(self) -> bool:
        raise NotImplementedError

    def get(self, op="const"):
        raise NotImplementedError

    def __index__(self): return self.get()
    def __int__(self): return self.get()
    def __hash__(self): return hash(self.get())
    def __eq__(self, o): return self.get() == o
    def __ne__(self, o): return self.get() != o
    def __lt__(self, o): return self.get() < o
    def __le__(self, o): return self.get() <= o
    def __gt__(self, o): return self.get() > o
    def __ge__(self, o): return self.get() >= o
    def __bool__(self): return bool(self.get())
    def __neg__(self): return _apply(_opm.neg, self)
    def __abs__(self): return _apply(abs, self)


def _value(x, op):
    return x.get(op) if isinstance(x, _Dim) else x


def _apply(fn, *args):
    """fn over ints and _Dims: an int when every name is bound (or an operand is symbolic), else a DimExpr."""
    if any(isinstance(a, PrimExpr) for a in args) or all(not isinstance(a, _Dim) or a.bound() for a in args):
        return fn(*(_value(a, "const") for a in args))
    return DimExpr(lambda op: fn(*(_value(a, op) for a in args)), args)


def _binop(fn):
    return (lambda self, o: _apply(fn, self, o)), (lambda self, o: _apply(fn, o, self))


for _name, _fn in (("add", _opm.add), ("sub", _opm.sub), ("mul", _opm.mul), ("floordiv", _opm.floordiv),
                   ("truediv", _opm.truediv), ("mod", _opm.mod), ("pow", _opm.pow)):
    _fwd, _rev = _binop(_fn)
    setattr(_Dim, f"__{_name}__", _fwd)
    setattr(_Dim, f"__r{_name}__", _rev)


class DimExpr(_Dim):
    """Deferred arithmetic on T.const names (see _Dim)."""

    def __init__(self, fn, args):
        self._fn, self._args = fn, args

    def bound(self):
        return all(not isinstance(a, _Dim) or a.bound() for a in self._args)

    def get(self, op="const"):
        return self._fn(op)

    def __repr__(self):
        return f"DimExpr({self.get() if self.bound() else '...'})"


class ConstDim(_Dim):
    """A shape name declared with T.const (eager mode): bound to an int by the first T.Tensor annotation that
    uses it (or by .compile(name=value)); afterwards it behaves as that int."""

    def __init__(self, name):
        self.name, self.value = name, None

    def bound(self):
        return self.value is not None

    def get(self, op="const"):
        if self.value is None:
            fail(op, f"T.const '{self.name}' is used before a T.Tensor annotation binds it")
        return self.value

    def __repr__(self): return f"{self.name}={self.value}"


class TensorSpec:
    """The type T.Tensor(shape, dtype): used as a parameter annotation (classic) or a body annotation (eager)."""

    def __init__(self, shape, dtype="float32"):
        if isinstance(shape, (int, PrimExpr, _Dim)):
            shape = (shape,)
        if not isinstance(shape, (tuple, list)):
            fail("Tensor", f"expected a shape tuple, got {type(shape).__name__}")
        for d in shape:
            if not isinstance(d, (int, Var, _Dim)) and const_int(d) is None:
                fail("Tensor", "tensor dims must be ints, T.const names or T.dynamic variables")
            if not isinstance(d, (Var, ConstDim)):
                int32_value(const_int(d), "Tensor", "tensor dim")
        self.shape = tuple(shape)
        self.dtype = dtypes.normalize(dtype, "Tensor")

    def __repr__(self):
        return f"T.Tensor({self.shape}, {self.dtype})"


class _TensorType(type):
    def __getitem__(cls, item):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (tuple, list)):
            return TensorSpec(item[0], item[1])
        return TensorSpec(item)


class DataHandle:
    """`tensor.data`: the storage of a global tensor parameter."""

    def __init__(self, buffer):
        self.buffer = buffer


class Tensor(metaclass=_TensorType):
    """T.Tensor(shape, dtype="float32"): a global tensor type for annotations; T.Tensor(shape, dtype, x.data) is
    a reshaped view of parameter x (dense row-major, same dtype and element count)."""

    def __new__(cls, shape, dtype="float32", data=None, scope=None):
        if data is not None:
            return _view(TensorSpec(shape, dtype), data)
        return TensorSpec(shape, dtype)


def _view(spec, data):
    """A reshaped view of a parameter's storage. The view stands for the parameter in the IR: the traced
    function's parameter becomes a tensor of the view's shape (see trace._finish), so a parameter may be
    used through one view only, and not also directly."""
    b = _b.current()
    if b is None or b.depth == 0:
        fail("Tensor", "T.Tensor(shape, dtype, data) views are only allowed inside a kernel function")
    if not isinstance(data, DataHandle):
        fail("Tensor", f"expected the storage of a tensor parameter (x.data), got {type(data).__name__}")
    p = data.buffer
    if not any(q is p for q in list(b.params) + list(b.outputs)):
        fail("Tensor", f"'{p.name}' is not a tensor parameter of this function; only parameters can be viewed")
    if spec.dtype != p.dtype:
        fail("Tensor", f"a view of '{p.name}' must keep its dtype {p.dtype}, got {spec.dtype}")
    shape = [int(d) if not isinstance(d, ConstDim) else d.get("Tensor") for d in spec.shape]
    if any(isinstance(d, Var) for d in list(spec.shape) + list(p.shape)):
        fail("Tensor", f"views of '{p.name}' need constant shapes (T.const), not T.dynamic")
    count = lambda dims: math.prod(int(d) for d in dims)
    if count(shape) != count(p.shape):
        fail("Tensor", f"a view of '{p.name}' must have its {count(p.shape)} elements, got shape {tuple(shape)} "
                       f"({count(shape)} elements)")
    if p in b.views:
        fail("Tensor", f"'{p.name}' is already viewed as '{b.views[p].name}'; one view per parameter is supported")
    view = Buffer(b.take_hint(p.name + "_view"), shape, p.dtype, "global", span=user_span("Tensor"))
    b.views[p] = view
    return view


class TensorArg:
    """Eager mode: an actual tensor argument's shape and dtype (or None when compiled from .compile())."""

    def __init__(self, name, shape, dtype):
        self.name, self.shape, self.dtype = name, shape, dtype
