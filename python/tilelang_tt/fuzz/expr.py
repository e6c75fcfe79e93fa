"""Element-wise expression trees of generated kernels: random generation, rendering as kernel source and as
reference source, and the simplifications the minimizer tries.

A tree is a tuple: ("leaf", k) (the k-th operand of the enclosing kernel: a 2-D block, a row vector or a column
vector), ("const", c), ("un", f, a), ("bin", op, a, b), ("cast", dtype, a), ("sel", cmp, l, r, a, b)
(T.if_then_else(l cmp r, a, b)). Generation keeps every function in its domain (log/sqrt/rsqrt of
|x| + 0.5, division by |x| + 1) and magnitudes small enough for float16 (a subtree that could exceed 1000 is
wrapped in tanh; exp only of arguments bounded by 6).
"""
from __future__ import annotations

import math

FLOAT_UNARY = ["exp", "exp2", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "abs", "neg", "floor"]
INT_UNARY = ["abs", "neg"]
FLOAT_BINARY = ["+", "-", "*", "/", "max", "min"]
INT_BINARY = ["+", "-", "*", "max", "min"]
POSITIVE = ("log", "sqrt", "rsqrt")  # take |x| + 0.5
LIMIT = 1000.0


def magnitude(e, leaf_mag):
    """A static bound on |e| given the leaves' bound."""
    kind = e[0]
    if kind == "leaf":
        return leaf_mag
    if kind == "const":
        return abs(e[1])
    if kind == "cast":
        return magnitude(e[2], leaf_mag)
    if kind == "sel":
        return max(magnitude(e[4], leaf_mag), magnitude(e[5], leaf_mag))
    if kind == "un":
        m = magnitude(e[2], leaf_mag)
        return {"exp": math.exp(min(m, 700)), "exp2": 2.0 ** min(m, 1000), "log": max(abs(math.log(0.5)), math.log(m + 1)),
                "sqrt": (m + 1) ** 0.5, "rsqrt": 0.5 ** -0.5, "tanh": 1.0, "sigmoid": 1.0}.get(e[1], m + 1)
    a, b = magnitude(e[2], leaf_mag), magnitude(e[3], leaf_mag)
    return {"+": a + b, "-": a + b, "*": a * b, "/": a, "max": max(a, b), "min": max(a, b)}[e[1]]


def random_expr(rng, leaves, integer, depth, leaf_mag):
    """A random tree over leaf indices `leaves` (each used with some probability; all of them appear when the
    tree is deep enough)."""
    def gen(d):
        if d == 0 or rng.random() < 0.25:
            if rng.random() < 0.15:
                return ("const", int(rng.integers(-3, 4)) if integer else float(rng.choice([0.5, -1.5, 2.0, 0.25])))
            return ("leaf", int(rng.choice(leaves)))
        r = rng.random()
        if r < 0.3:
            f = str(rng.choice(INT_UNARY if integer else FLOAT_UNARY))
            a = operand(d - 1)
            if f in POSITIVE:
                a = ("bin", "+", ("un", "abs", a), ("const", 0.5))
            if f in ("exp", "exp2") and magnitude(a, leaf_mag) > 6:
                a = ("un", "tanh", a)
            return _bounded(("un", f, a), leaf_mag)
        if r < 0.85 or integer:
            op = str(rng.choice(INT_BINARY if integer else FLOAT_BINARY))
            a, b = gen(d - 1), gen(d - 1)
            if a[0] == "const" and b[0] == "const":
                a = ("leaf", int(rng.choice(leaves)))
            if op == "/":
                b = ("const", abs(b[1]) + 1.0) if b[0] == "const" else ("bin", "+", ("un", "abs", b), ("const", 1.0))
            return _bounded(("bin", op, a, b), leaf_mag)
        if r < 0.95:
            return ("cast", str(rng.choice(["float32", "bfloat16", "float16"])), operand(d - 1))
        return _bounded(("sel", str(rng.choice([">", "<"])), operand(d - 1), gen(d - 1), operand(d - 1),
                         operand(d - 1)), leaf_mag)

    def operand(d):  # a subtree that is not a bare constant
        e = gen(d)
        return ("leaf", int(rng.choice(leaves))) if e[0] == "const" else e

    e = gen(depth)
    for k in leaves:  # every operand takes part
        if k not in leaves_of(e):
            e = ("bin", str(rng.choice(["+", "-", "max"] if not integer else ["+", "-"])), e, ("leaf", k))
    if e[0] == "const":
        e = ("bin", "+", ("leaf", leaves[0]), e)
    return _bounded(e, leaf_mag)


def _bounded(e, leaf_mag):
    return ("un", "tanh", e) if magnitude(e, leaf_mag) > LIMIT else e


def leaves_of(e):
    if e[0] == "leaf":
        return {e[1]}
    if e[0] == "const":
        return set()
    out = set()
    for c in children(e):
        out |= leaves_of(c)
    return out


def children(e):
    if e[0] in ("leaf", "const"):
        return []
    return list(e[2:])


def render(e, leaf, ref=False):
    """Source text of e: kernel form (T.*) or reference form (F.*); leaf(k) renders the k-th operand."""
    def r(x):
        return render(x, leaf, ref)
    kind = e[0]
    if kind == "leaf":
        return leaf(e[1])
    if kind == "const":
        return repr(e[1])
    if kind == "un":
        if e[1] == "neg":
            return f"(-{r(e[2])})"
        return f"{'F' if ref else 'T'}.{e[1]}({r(e[2])})"
    if kind == "cast":
        return f"{'F' if ref else 'T'}.cast({r(e[2])}, {e[1]!r})"
    if kind == "bin":
        if e[1] in ("max", "min"):
            fn = ("F.maximum" if e[1] == "max" else "F.minimum") if ref else f"T.{e[1]}"
            return f"{fn}({r(e[2])}, {r(e[3])})"
        return f"({r(e[2])} {e[1]} {r(e[3])})"
    cond = f"{r(e[2])} {e[1]} {r(e[3])}"
    if ref:
        return f"F.select({cond}, {r(e[4])}, {r(e[5])})"
    return f"T.if_then_else({cond}, {r(e[4])}, {r(e[5])})"


def simplifications(e):
    """Smaller trees: each subtree replaced by one of its children (the shallowest first)."""
    subs = children(e)
    for c in subs:
        if c[0] != "const":
            yield c
    for i, c in enumerate(subs):
        for s in simplifications(c):
            yield _replace_child(e, i, s)


def _replace_child(e, i, new):
    return e[:2 + i] + (new,) + e[3 + i:]
