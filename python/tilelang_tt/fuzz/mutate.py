"""Mutants of the examples and of the tests' kernel factories: source-level changes that keep a kernel valid
(sizes, blocks, dtypes, num_stages, swapped operators, a duplicated T.clear/T.fill or T.Parallel loop, a dead
fragment, a statement wrapped in an always-true condition on a block index) and, in invalid mutants, one change
that makes it invalid (an unknown T.* name, `break` in a symbolic loop, a tile operation inside T.Parallel, a
loop index used after its loop, a reduction over a dimension the buffer does not have, an unknown dtype).

Contract: mutant(index, seed) → (source, valid, description). The source is the seed file's module (rewritten
through `ast`, so comments are gone and line numbers are those of the written file) plus a footer that builds
`kernel` (a PrimFunc) with the mutated factory arguments, OUT_IDX and SEED (case.py's contract). There is no
reference: the two targets are compared with each other (runner.compare_targets).
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import os

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 3))


@dataclasses.dataclass
class Seed:
    path: str          # relative to the repository
    factory: str
    sizes: dict        # changed by the "sizes" mutation (any positive size)
    blocks: dict       # changed by the "blocks" mutation (mostly multiples of 32)
    dtype: str = None  # the factory's dtype argument, if any
    extra: dict = dataclasses.field(default_factory=dict)
    eager: bool = False
    out_idx: tuple = (-1,)


SEEDS = [
    Seed("examples/elementwise_add.py", "elementwise_add", {"M": 100, "N": 70}, {"block_M": 32, "block_N": 64},
         "dtype", eager=True),
    Seed("examples/gemm.py", "matmul", {"M": 128, "N": 96, "K": 64}, {"block_M": 64, "block_N": 64, "block_K": 32},
         "dtype"),
    Seed("examples/rmsnorm.py", "rms_norm", {"M": 16, "N": 64}, {"block_M": 4}, eager=True),
    Seed("examples/softmax.py", "softmax", {"M": 64, "N": 96}, {"block_M": 8}, "dtype"),
    Seed("examples/tenstorrent/bias_relu.py", "bias_relu", {"M": 100, "N": 200}, {"block_M": 64, "block_N": 128},
         "dtype"),
    Seed("examples/tenstorrent/conv2d.py", "convolution", {"N": 1, "H": 8, "W": 8},
         {"block_M": 64, "block_N": 64, "block_K": 32}, "dtype",
         {"C": 32, "F": 64, "K": 3, "S": 1, "D": 1, "P": 1, "use_im2col": True}),
    Seed("examples/tenstorrent/elementwise_add.py", "elementwise_add", {"M": 300, "N": 200},
         {"block_M": 64, "block_N": 64}, "dtype"),
    Seed("examples/tenstorrent/gemm.py", "matmul", {"M": 256, "N": 128, "K": 128},
         {"block_M": 128, "block_N": 128, "block_K": 32}, "dtype"),
    Seed("examples/tenstorrent/gemv.py", "gemv_rows", {"M": 256, "K": 256}, {"block_M": 128, "block_K": 128}, "dtype"),
    Seed("examples/tenstorrent/gemv.py", "gemv_one_row", {"N": 256, "K": 256}, {"block_N": 128, "block_K": 128},
         "dtype"),
    Seed("examples/tenstorrent/online_softmax.py", "online_softmax", {"M": 64, "N": 256},
         {"block_M": 32, "block_N": 64}, "dtype"),
    Seed("examples/tenstorrent/splitk_gemm.py", "splitk_matmul", {"M": 128, "N": 128, "K": 512},
         {"block_M": 64, "block_N": 64, "block_K": 64}, "dtype", {"splits": 2}),
    Seed("tests/python/tt/test_tt_reduce.py", "reduce_kernel", {"M": 96, "N": 100}, {"bM": 32, "bN": 64}, "dtype",
         {"kind": "sum", "dim": 1, "loop": True}),
    Seed("tests/python/tt/test_tt_softmax.py", "layernorm", {"M": 64, "N": 96}, {"bM": 32}, "dtype"),
    Seed("tests/python/tt/test_tt_softmax.py", "online_lse", {"M": 64, "N": 200}, {"bM": 32, "bN": 64}, "dtype"),
    Seed("tests/python/tt/test_tt_attention.py", "attention", {"M": 64, "N": 128, "D": 64}, {"bM": 32, "bN": 64},
         "dtype"),
    Seed("tests/python/tt/test_tt_elementwise.py", "relu_fma", {"M": 70, "N": 90}, {"bM": 32, "bN": 64}, "dtype"),
    Seed("tests/python/tt/test_tt_elementwise.py", "exp_sub_row", {"M": 70, "N": 90}, {"bM": 32, "bN": 64},
         "dtype"),
]
DTYPES = ["float32", "bfloat16", "float16"]
VALID = ["sizes", "blocks", "dtype", "stages", "swap-op", "dup-init", "dup-parallel", "dead-fragment",
         "wrap-cond"]
INVALID = ["unknown-name", "break", "tile-op-in-parallel", "index-after-loop", "reduce-dim", "bad-dtype"]


class Mutator:
    def __init__(self, seed: Seed, rng):
        self.seed, self.rng = seed, rng
        with open(os.path.join(ROOT, seed.path)) as f:
            self.tree = ast.parse(f.read())
        self.args = {**seed.sizes, **seed.blocks, **seed.extra}
        if seed.dtype:
            self.args[seed.dtype] = _default(self.tree, seed.factory, seed.dtype)
        self.factory = next(n for n in self.tree.body if isinstance(n, ast.FunctionDef) and n.name == seed.factory)

    def pick(self, xs):
        return xs[int(self.rng.integers(len(xs)))]

    def nodes(self, cls, pred=lambda n: True):
        return [n for n in ast.walk(self.factory) if isinstance(n, cls) and pred(n)]

    def traced(self, cls, pred=lambda n: True):
        """nodes() that tracing certainly runs: not under an `if` on the factory's own arguments (a Python-level
        choice such as conv2d's `if use_im2col:`), whose other branch is never traced — an invalid mutation there
        would be dead code, not an error."""
        params = {a.arg for a in self.factory.args.args + self.factory.args.kwonlyargs}
        dead = set()
        for n in ast.walk(self.factory):
            if isinstance(n, ast.If) and {m.id for m in ast.walk(n.test) if isinstance(m, ast.Name)} <= params:
                try:  # the seed's own arguments decide it: the other branch is dead
                    taken = bool(eval(compile(ast.Expression(n.test), "<test>", "eval"), {}, dict(self.args)))
                    branches = (n.orelse,) if taken else (n.body,)
                except Exception:  # noqa: BLE001 - an argument the seed leaves at its default: either may be dead
                    branches = (n.body, n.orelse)
                dead |= {id(m) for branch in branches for st in branch for m in ast.walk(st)}
        return [n for n in self.nodes(cls, pred) if id(n) not in dead]

    def bodies(self):
        """(statement list, index) of every statement inside a `with T.Kernel` (at any depth)."""
        out = []
        for w in self.nodes(ast.With, _is_kernel):
            for n in ast.walk(w):
                for field in ("body", "orelse"):
                    stmts = getattr(n, field, None)
                    if isinstance(stmts, list) and n is not self.factory:
                        out += [(stmts, i) for i in range(len(stmts))]
        return out

    def apply(self, kind) -> bool:
        """Applies one mutation of `kind`; False when this seed has no place for it."""
        return getattr(self, "m_" + kind.replace("-", "_"))()

    # -- valid ----------------------------------------------------------------------------------------------
    def m_sizes(self):
        for k in self.seed.sizes:
            if self.rng.random() < 0.7:
                self.args[k] = int(self.rng.integers(1, 4)) if k == "N" and "H" in self.seed.sizes else \
                    int(self.rng.integers(1, 4)) * 8 if k in ("H", "W") else int(self.rng.integers(1, 300))
        return True

    def m_blocks(self):
        for k in self.seed.blocks:
            if self.rng.random() < 0.7:
                self.args[k] = self.pick([32, 64, 96, 128]) if self.rng.random() < 0.9 else self.pick([8, 16, 48])
        return True

    def m_dtype(self):
        if not self.seed.dtype:
            return False
        self.args[self.seed.dtype] = self.pick(DTYPES)
        return True

    def m_stages(self):
        kws = [k for c in self.nodes(ast.Call, lambda c: _t_call(c, "Pipelined")) for k in c.keywords
               if k.arg == "num_stages"]
        if not kws:
            return False
        self.pick(kws).value = ast.Constant(int(self.rng.integers(0, 4)))
        return True

    def m_swap_op(self):
        ops = self.nodes(ast.BinOp, lambda b: type(b.op) in (ast.Add, ast.Sub, ast.Mult))
        calls = self.nodes(ast.Call, lambda c: any(_t_call(c, n) for n in ("max", "min", "exp", "exp2")))
        if not ops and not calls:
            return False
        if ops and (not calls or self.rng.random() < 0.6):
            self.pick(ops).op = self.pick([ast.Add(), ast.Sub(), ast.Mult()])
        else:
            c = self.pick(calls)
            c.func.attr = {"max": "min", "min": "max", "exp": "exp2", "exp2": "exp"}[c.func.attr]
        return True

    def m_dup_init(self):
        return self._duplicate(lambda s: _stmt_call(s, ("clear", "fill")))

    def m_dup_parallel(self):
        return self._duplicate(lambda s: isinstance(s, ast.For) and _t_call(s.iter, "Parallel")
                               and not _reads_own_target(s))

    def _duplicate(self, pred):
        """A kernel statement satisfying pred, repeated right after itself."""
        spots = [(b, i) for b, i in self.bodies() if pred(b[i])]
        if not spots:
            return False
        b, i = self.pick(spots)
        b.insert(i + 1, copy.deepcopy(b[i]))
        return True

    def m_dead_fragment(self):
        w = self.pick(self.nodes(ast.With, _is_kernel))
        w.body[:0] = ast.parse("fuzz_dead = T.alloc_fragment((32, 32), 'float32')\nT.fill(fuzz_dead, 1.0)").body
        return True

    def m_wrap_cond(self):
        spots = [(b, i) for b, i in self.bodies() if isinstance(b[i], (ast.Expr, ast.For)) and not _binds(b[i])]
        if not spots:
            return False
        b, i = self.pick(spots)
        w = self.pick(self.nodes(ast.With, _is_kernel))
        bx = _block_var(w)
        b[i] = ast.If(test=ast.parse(f"{bx} >= 0", mode="eval").body, body=[b[i]], orelse=[])
        return True

    # -- invalid --------------------------------------------------------------------------------------------
    def m_unknown_name(self):
        calls = self.traced(ast.Call, lambda c: isinstance(c.func, ast.Attribute) and _is_T(c.func.value)
                           and c.func.attr in ("exp", "exp2", "max", "copy", "gemm", "clear", "fill", "reduce_sum"))
        if not calls:
            return False
        c = self.pick(calls)
        c.func.attr += "_x"
        return True

    def m_break(self):
        loops = self.traced(ast.For, lambda f: any(_t_call(f.iter, n) for n in ("serial", "Pipelined", "Parallel")))
        if not loops:
            return False
        self.pick(loops).body.append(ast.Break())
        return True

    def m_tile_op_in_parallel(self):
        loops = self.traced(ast.For, lambda f: _t_call(f.iter, "Parallel"))
        frags = self.traced(ast.Assign, lambda a: isinstance(a.value, ast.Call) and _t_call(a.value, "alloc_fragment"))
        if not loops or not frags:
            return False
        name = self.pick(frags).targets[0].id
        self.pick(loops).body.insert(0, ast.parse(f"T.clear({name})").body[0])
        return True

    def m_index_after_loop(self):
        live = {id(n) for n in self.traced(ast.For)}
        spots = [(b, i) for b, i in self.bodies() if isinstance(b[i], ast.For) and isinstance(b[i].target, ast.Name)
                 and not _t_call(b[i].iter, "Parallel") and id(b[i]) in live]
        frags = self.traced(ast.Assign, lambda a: isinstance(a.value, ast.Call) and _t_call(a.value, "alloc_fragment"))
        if not spots or not frags:
            return False
        b, i = self.pick(spots)
        b.insert(i + 1, ast.parse(f"T.fill({self.pick(frags).targets[0].id}, {b[i].target.id})").body[0])
        return True

    def m_reduce_dim(self):
        kws = [k for c in self.traced(ast.Call, lambda c: isinstance(c.func, ast.Attribute)
                                     and c.func.attr.startswith("reduce_")) for k in c.keywords if k.arg == "dim"]
        if not kws:
            return False
        self.pick(kws).value = ast.Constant(3)
        return True

    def m_bad_dtype(self):
        allocs = self.traced(ast.Call, lambda c: any(_t_call(c, n) for n in ("alloc_shared", "alloc_fragment"))
                            and len(c.args) == 2)
        if not allocs:
            return False
        self.pick(allocs).args[1] = ast.Constant("float33")
        return True

    def source(self, index, valid, what):
        s = self.seed
        args = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        call = f"{s.factory}.compile({args}).func" if s.eager else f"{s.factory}({args})"
        head = [f"# tilelang_tt.fuzz mutant {index} of {s.path}:{s.factory} ({'valid' if valid else 'invalid'}): "
                f"{', '.join(what)}", "import sys", f"sys.path.insert(0, {os.path.join(ROOT, os.path.dirname(s.path))!r})"]
        foot = ["", "", f"kernel = {call}", "kernel = getattr(kernel, 'func', kernel)",
                f"OUT_IDX = {list(s.out_idx)}", f"SEED = {index}", f"VALID = {valid}", "", "",
                'if __name__ == "__main__":', "    from tilelang_tt.fuzz import case", "    sys.exit(case.main(__file__))", ""]
        body = [_renamed(n) for n in self.tree.body if not _is_main_guard(n)]
        return "\n".join(head) + "\n" + ast.unparse(ast.Module(body=body, type_ignores=[])) + "\n" + "\n".join(foot)


def mutant(index, seed):
    """The index-th mutant of a campaign with this seed: 1–2 valid mutations, and in one of three one invalid."""
    rng = np.random.default_rng([seed, index, 1])
    m = Mutator(SEEDS[int(rng.integers(len(SEEDS)))], rng)
    valid = rng.random() >= 1 / 3
    done = []
    for kinds, n in ((VALID, int(rng.integers(1, 3))), (INVALID, 0 if valid else 1)):
        tries = 0
        while n and tries < 20:
            k = m.pick(kinds)
            tries += 1
            if k not in done and m.apply(k):
                done.append(k)
                n -= 1
    if not valid and not any(k in INVALID for k in done):
        valid = True
    return m.source(index, valid, done), valid, f"{m.seed.path}:{m.seed.factory}: {', '.join(done)}"


def _default(tree, factory, arg):
    f = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == factory)
    names = [a.arg for a in f.args.args]
    defaults = dict(zip(names[len(names) - len(f.args.defaults):], f.args.defaults))
    d = defaults.get(arg)
    if isinstance(d, ast.Constant):
        return d.value
    if isinstance(d, ast.Attribute):  # T.float32
        return d.attr
    return "float32"


def _is_T(n):
    return isinstance(n, ast.Name) and n.id == "T"


def _t_call(n, name):
    return isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == name and _is_T(n.func.value)


def _is_kernel(w):
    return any(_t_call(i.context_expr, "Kernel") for i in w.items)


def _block_var(w):
    v = w.items[0].optional_vars
    return v.elts[0].id if isinstance(v, ast.Tuple) else v.id


def _stmt_call(s, names):
    return isinstance(s, ast.Expr) and any(_t_call(s.value, n) for n in names)


def _binds(s):
    return any(isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and
               any(isinstance(t, ast.Name) for t in getattr(n, "targets", [getattr(n, "target", None)]))
               for n in ast.walk(s))


def _reads_own_target(loop):
    """A T.Parallel loop whose stores read the buffer they write (running it twice would change the result)."""
    for n in ast.walk(loop):
        if isinstance(n, (ast.Assign, ast.AugAssign)):
            if isinstance(n, ast.AugAssign):
                return True
            for t in n.targets:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and any(
                        isinstance(x, ast.Name) and x.id == t.value.id for x in ast.walk(n.value)):
                    return True
    return False


# Names a case module may define for the case runner (case.py): a seed module's own definitions of them (a test
# file's `def reference(...)` helper) are renamed in the mutant, or the runner would take them for the case's.
CASE_NAMES = ("reference", "INPUT_RANGE")


def _renamed(node):
    """`node` with every use and definition of a CASE_NAMES name x renamed to x_of_seed."""
    class Rename(ast.NodeTransformer):
        def visit_Name(self, n):
            if n.id in CASE_NAMES:
                n.id += "_of_seed"
            return n

        def visit_FunctionDef(self, n):
            if n.name in CASE_NAMES:
                n.name += "_of_seed"
            self.generic_visit(n)
            return n

    return Rename().visit(copy.deepcopy(node))


def _is_main_guard(n):
    return isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)
