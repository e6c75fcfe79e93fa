"""Symbolic scalar expressions as the user sees them: PrimExpr wraps an IR Expr and overloads Python
operators so that kernel code like `A[i, j] * 2 + 1` builds IR.

Contract: Python numbers stay Python numbers until they meet a PrimExpr (then they become immediates:
int → int32, float → float32, adopting the other side's dtype per make_binary; an int that does not fit the
integer dtype it would adopt is a TileLangError, as NumPy's NEP 50 makes it an OverflowError). Extents, shapes
and indices are 32-bit: int32_value() rejects constants outside that range (nothing wraps). A PrimExpr has no truth
value: using one in a Python `if`/`while`/`assert` outside the rewritten kernel body is a TileLangError.
"""
from __future__ import annotations

import math
import numbers

from .. import _core
from .. import dtypes
from ..errors import fail

B = _core.BinaryOp


class PrimExpr:
    # lin: the expression as an affine form {id(Var): coeff, None: constant} when it is one (used to fold
    # slice extents such as (b + 1) * 16 - b * 16 to 16), else None.
    __slots__ = ("node", "lin")

    def __init__(self, node, lin=None):
        self.node = node
        self.lin = lin

    @property
    def dtype(self) -> str:
        return _core.dtype_name(self.node.dtype)

    # arithmetic
    def __add__(self, o): return binary(B.Add, self, o)
    def __radd__(self, o): return binary(B.Add, o, self)
    def __sub__(self, o): return binary(B.Sub, self, o)
    def __rsub__(self, o): return binary(B.Sub, o, self)
    def __mul__(self, o): return binary(B.Mul, self, o)
    def __rmul__(self, o): return binary(B.Mul, o, self)
    def __truediv__(self, o): return binary(B.Div, self, o)
    def __rtruediv__(self, o): return binary(B.Div, o, self)
    def __floordiv__(self, o): return binary(B.FloorDiv, self, o)
    def __rfloordiv__(self, o): return binary(B.FloorDiv, o, self)
    def __mod__(self, o): return binary(B.FloorMod, self, o)
    def __rmod__(self, o): return binary(B.FloorMod, o, self)
    def __pow__(self, o): return call("pow", self, o)
    def __rpow__(self, o): return call("pow", o, self)
    def __neg__(self): return PrimExpr(_core.make_unary(_core.UnaryOp.Neg, self.node))
    def __pos__(self): return self
    def __abs__(self): return call("abs", self)
    # comparisons build IR; identity hashing keeps exprs usable as dict keys
    def __eq__(self, o): return binary(B.EQ, self, o)
    def __ne__(self, o): return binary(B.NE, self, o)
    def __lt__(self, o): return binary(B.LT, self, o)
    def __le__(self, o): return binary(B.LE, self, o)
    def __gt__(self, o): return binary(B.GT, self, o)
    def __ge__(self, o): return binary(B.GE, self, o)
    # & | ^ ~: logical on bool operands, bitwise on integers (as TVM's); << >> shift integers
    def __and__(self, o): return logical(B.And, self, o)
    def __rand__(self, o): return logical(B.And, o, self)
    def __or__(self, o): return logical(B.Or, self, o)
    def __ror__(self, o): return logical(B.Or, o, self)
    def __xor__(self, o): return logical(B.BitXor, self, o)
    def __rxor__(self, o): return logical(B.BitXor, o, self)
    def __lshift__(self, o): return bitwise(B.Shl, self, o)
    def __rlshift__(self, o): return bitwise(B.Shl, o, self)
    def __rshift__(self, o): return bitwise(B.Shr, self, o)
    def __rrshift__(self, o): return bitwise(B.Shr, o, self)

    def __invert__(self):
        if self.dtype == "bool":
            return PrimExpr(_core.make_unary(_core.UnaryOp.Not, self.node))
        return bitwise(B.BitXor, self, -1 if not self.dtype.startswith("uint") else INT_RANGE[self.dtype][1] - 1)
    __hash__ = object.__hash__

    def astype(self, dtype):
        """This value converted to dtype (as T.cast), upstream's PrimExpr.astype."""
        return cast_to(self, dtype)

    def __bool__(self):
        fail("expr", "a symbolic value has no Python truth value here; use it in an `if` inside the kernel "
                     "body or T.if_then_else")

    def __index__(self):
        fail("expr", "a symbolic value cannot be used where Python needs an int (`range` in a kernel is an IR "
                     "loop; to unroll at trace time iterate over a Python list, e.g. `for i in [0, 1, 2]`)")

    def __repr__(self):
        v = _core.as_const_int(self.node)
        return f"PrimExpr({v if v is not None else '...'}: {self.dtype})"


class Var(PrimExpr):
    """A named scalar variable: loop and block indices, let-bound names, T.dynamic shape variables.
    `dead` names the construct (loop, if branch, T.Kernel) whose end put the variable out of scope;
    `dynamic` marks T.dynamic shape variables (usable only where a tensor parameter's shape binds them)."""
    __slots__ = ("name", "dead", "dynamic")

    def __init__(self, node, name):
        super().__init__(node, {id(self): 1} if _core.dtype_name(node.dtype) == "int32" else None)
        self.name = name
        self.dead = None
        self.dynamic = False

    def __repr__(self):
        return f"Var({self.name}: {self.dtype})"


def const(value, dtype: str | None = None) -> PrimExpr:
    """An immediate of `dtype` (default: int32 for ints, float32 for floats, bool for bools)."""
    if isinstance(value, PrimExpr):
        return cast_to(value, dtype) if dtype else value
    if dtype is not None:
        dtype = dtypes.normalize(dtype)
    if isinstance(value, bool):
        node = _core.make_bool(value)
        return PrimExpr(node) if dtype in (None, "bool") else PrimExpr(_core.make_cast(dtypes.to_core(dtype), node))
    if isinstance(value, numbers.Integral) or (hasattr(value, "__index__") and not isinstance(value, numbers.Real)):
        value = int(value)
        if dtype is None:
            if not -2**63 <= value < 2**63:
                fail("expr", f"the integer constant {value} does not fit int64")
            dtype = "int32" if -2**31 <= value < 2**31 else "int64"
        if dtypes.is_float(dtype):
            return PrimExpr(_core.make_float(float(value), dtypes.to_core(dtype)))
        if dtype == "bool":
            return PrimExpr(_core.make_bool(bool(value)))
        return PrimExpr(_core.make_int(value, dtypes.to_core(dtype)))
    if isinstance(value, numbers.Real):
        value = float(value)
        dtype = dtype or "float32"
        if not dtypes.is_float(dtype):
            if math.isinf(value) or math.isnan(value):
                fail("const", f"cannot make a {dtype} constant from {value}")
            return PrimExpr(_core.make_int(int(value), dtypes.to_core(dtype)))
        return PrimExpr(_core.make_float(value, dtypes.to_core(dtype)))
    fail("expr", f"expected a number or a symbolic expression, got {type(value).__name__}")


def as_expr(x, op: str = "expr") -> PrimExpr:
    """PrimExpr for x (PrimExpr, Python number, T.const dim, or a T.alloc_var buffer, read as its value)."""
    if isinstance(x, PrimExpr):
        if isinstance(x, Var):
            if x.dead:
                fail(op, f"'{x.name}' is out of scope here: it was defined inside a {x.dead} that has ended")
            if x.dynamic:
                from ..frontend.builder import current
                b = current()
                if b is not None and not any(v is x for v in b.shape_vars):
                    fail(op, f"T.dynamic '{x.name}' is not part of any tensor parameter's shape in this function")
        return x
    scalar = getattr(x, "_as_scalar", None)
    if scalar is not None:
        return scalar(op)
    if isinstance(x, numbers.Real) or hasattr(x, "__index__"):
        return const(x)
    fail(op, f"expected a number or a symbolic expression, got {type(x).__name__}")


def is_symbolic(x) -> bool:
    return isinstance(x, PrimExpr) or getattr(x, "_as_scalar", None) is not None


def wrap(node) -> PrimExpr:
    return PrimExpr(node)


def _lin_of(e: PrimExpr):
    """e's affine form. Its terms are Vars (by identity) and, for any other int32 subexpression (a load, a
    product of two symbols, ...), that subexpression as an opaque term named by its text: the two bounds of one
    slice, x[row_offset + a : row_offset + b], are evaluated together, so equal text there is an equal value."""
    if e.lin is not None:
        return e.lin
    if e.dtype != "int32":
        return None
    c = _core.as_const_int(e.node)
    return {None: c} if c is not None else {("expr", _core.print_expr(e.node)): 1}


def let_lin(value):
    """The affine form a let-bound Var may take over from its value: only when every term is a Var (whose value
    cannot change while the let is in scope), not an opaque term such as a load (which may)."""
    lin = _lin_of(value) if isinstance(value, PrimExpr) else None
    if lin is None or any(k is not None and not isinstance(k, int) for k in lin):
        return None
    return dict(lin)


def _lin_combine(op, la, lb):
    if la is None or lb is None:
        return None
    if op in (B.Add, B.Sub):
        sign = 1 if op == B.Add else -1
        out = dict(la)
        for k, v in lb.items():
            out[k] = out.get(k, 0) + sign * v
        return {k: v for k, v in out.items() if v != 0 or k is None}
    if op == B.Mul:
        for x, y in ((la, lb), (lb, la)):
            if set(y) <= {None}:
                c = y.get(None, 0)
                return {k: v * c for k, v in x.items()}
    return None


def linear_const(x):
    """The int value of x if its affine form is a constant (e.g. (b + 1) * 16 - b * 16), else None."""
    if not isinstance(x, PrimExpr):
        return const_int(x)
    lin = _lin_of(x)
    if lin is not None and all(k is None for k in lin):
        return lin.get(None, 0)
    return None


INT_RANGE = {"int8": (-2**7, 2**7), "uint8": (0, 2**8), "int16": (-2**15, 2**15), "uint16": (0, 2**16), "int32": (-2**31, 2**31), "uint32": (0, 2**32),
             "int64": (-2**63, 2**63)}


def int32_value(c: int, op: str, what: str) -> int:
    """c, if it fits int32 (the type of extents, shapes and indices in the IR); else a TileLangError."""
    if not -2**31 <= c < 2**31:
        fail(op, f"{what} {c} does not fit int32 (at most 2**31 - 1): extents, shapes and indices are 32-bit")
    return c


def _is_int(x) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def adopt(x, dtype: str, op: str, whose: str) -> PrimExpr:
    """x as the expression that meets a `dtype` one (the other operand, the buffer stored or filled): a Python int
    takes a float dtype as a float constant (however large), and an integer dtype only if it fits it, as NumPy's
    NEP 50 has it — else a TileLangError saying the constant does not fit `whose` dtype."""
    if _is_int(x):
        if dtypes.is_float(dtype):
            return const(int(x), dtype)
        lo, hi = INT_RANGE.get(dtype, (-2**63, 2**63))
        if not lo <= int(x) < hi:
            fail(op, f"the constant {int(x)} does not fit {dtype}, {whose}")
    return as_expr(x, op)


_WIDER = ("the type of the expression it is combined with (for a wider value, cast the expression first: "
          "T.cast(x, 'int64'); extents, shapes and indices are 32-bit)")


def binary(op, a, b) -> PrimExpr:
    if _is_int(a) and not _is_int(b):
        eb = as_expr(b)
        ea = adopt(a, eb.dtype, "expr", _WIDER)
    elif _is_int(b) and not _is_int(a):
        ea = as_expr(a)
        eb = adopt(b, ea.dtype, "expr", _WIDER)
    else:
        ea, eb = as_expr(a), as_expr(b)
    lin = _lin_combine(op, _lin_of(ea), _lin_of(eb)) if op in (B.Add, B.Sub, B.Mul) else None
    return PrimExpr(_core.make_binary(op, ea.node, eb.node), lin)


_BITWISE = {B.And: B.BitAnd, B.Or: B.BitOr, B.BitXor: B.BitXor}
_SYMBOL = {B.And: "&", B.Or: "|", B.BitXor: "^", B.Shl: "<<", B.Shr: ">>"}


def logical(op, a, b) -> PrimExpr:
    """a & b, a | b, a ^ b: logical when both are bool (xor: !=), bitwise on integers."""
    ea = a if _is_int(a) else as_expr(a)
    eb = b if _is_int(b) else as_expr(b)
    if all(isinstance(x, int) or x.dtype == "bool" for x in (ea, eb)) and not all(_is_int(x) for x in (ea, eb)):
        return binary(B.NE if op == B.BitXor else op, a, b)
    return bitwise(_BITWISE[op], a, b, _SYMBOL[op])


def bitwise(op, a, b, symbol=None) -> PrimExpr:
    """An integer bit operation (&, |, ^, <<, >>); float operands are an error."""
    for x in (a, b):
        if not _is_int(x) and dtypes.is_float(as_expr(x).dtype):
            fail("expr", f"operator '{symbol or _SYMBOL[op]}' needs integer operands, got a {as_expr(x).dtype} "
                         "value (bit operations act on integers; cast first or T.reinterpret same-width ints)")
    return binary(op, a, b)


def cast_to(x, dtype) -> PrimExpr:
    dtype = dtypes.normalize(dtype, "cast")
    if not isinstance(x, PrimExpr) and not is_symbolic(x):
        return const(x, dtype)
    return PrimExpr(_core.make_cast(dtypes.to_core(dtype), as_expr(x).node))


_INTRINSICS = {name: getattr(_core.Intrinsic, name) for name in _core.Intrinsic.__members__}


def call(name: str, *args) -> PrimExpr:
    nodes = [as_expr(a, name).node for a in args]
    return PrimExpr(_core.make_call(_INTRINSICS[name], nodes))


def const_int(x):
    """The Python int value of x if it is a known integer constant, else None."""
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    if isinstance(x, PrimExpr):
        return _core.as_const_int(x.node)
    if hasattr(x, "__index__") and not isinstance(x, float):
        try:
            return int(x)
        except Exception:
            return None
    return None
