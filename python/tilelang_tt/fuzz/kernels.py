"""The kernel kinds of generated programs (generate.py): each draws its parameters (random), renders its
T.Kernel (render) and its reference lines (ref), and yields simpler variants of itself (shrinks).

Grid conventions: a 2-D output (M, N) in blocks (bM, bN) is `T.Kernel(ceil(N/bN), ceil(M/bM)) as (bx, by)`;
the reference computes on the whole grid's extent (every block at once, inputs zero-padded as T.copy reads
them) and crops on the store, as the kernel drops out-of-tensor writes.
"""
from __future__ import annotations

import dataclasses

from . import expr as E


def _cdiv(a, b):
    return -(-a // b)


@dataclasses.dataclass(frozen=True)
class Src:
    """An operand of an element-wise tree: a 2-D block ("mat") of tensor at offset off, or a 1-D vector used per
    column ("row": v[j]) or per row ("col": v[i]), copied into a buffer of dtype."""
    tensor: str
    kind: str
    dtype: str
    off: tuple


def _variants(k, **fields):
    """k with each given field replaced (skipping values equal to the current one)."""
    for name, value in fields.items():
        if getattr(k, name) != value:
            yield dataclasses.replace(k, **{name: value})


@dataclasses.dataclass(frozen=True)
class Eltwise:
    out: str
    bM: int
    bN: int
    frag: str
    srcs: tuple
    tree: tuple
    style: str          # "copy" (T.copy in/out through shared/fragment) or "direct" (global loads and stores)
    cond: tuple = None  # (text of a condition on bx, by; "fill" value for the other blocks, or None: no store)
    clear2: bool = False
    dead: bool = False

    @staticmethod
    def random(b):
        integer = b.chance(0.05)
        dt = "int32" if integer else b.dtype()
        style = "direct" if b.chance(0.2) else "copy"
        src = b.existing(2, integer) if style == "copy" and b.chance(0.6) else None
        M, N = src.shape if src else (b.dim(), b.dim())
        srcs = []
        for _ in range(b.pick([1, 1, 2, 3])):
            vectors = style == "copy" or b.chance(0.3)  # tenstorrent reads 1-D globals only through T.copy
            kind = b.pick(["mat", "mat", "row", "col"]) if srcs and vectors else "mat"
            if kind == "mat" and src is not None and not srcs:
                t = src
            else:
                shape = (M, N) if kind == "mat" else ((N,) if kind == "row" else (M,))
                t = b.new(shape, dt if integer else b.dtype())
            off = (0, 0)
            if style == "copy" and b.chance(0.2):
                off = (b.offset(), b.offset())
            sdt = t.dtype if integer or b.chance(0.7) else b.dtype()
            srcs.append(Src(t.name, kind, sdt, off if kind == "mat" else (off[0] if kind == "col" else off[1],)))
        bM, bN = b.block(big=True), b.block(big=True)
        tree = E.random_expr(b.rng, list(range(len(srcs))), integer, b.pick([1, 2, 3]), 2.0 if not integer else 8)
        out = b.new((M, N), dt if integer else b.dtype(), out=True)
        cond = None
        if b.chance(0.2):
            c = b.pick(["bx == 0", "by % 2 == 1", "bx < 2", "by == 1 and bx > 0"])
            cond = (c, b.pick([None, 1.5, 0.0]) if style == "copy" else None)
        return Eltwise(out.name, bM, bN, dt if integer else b.dtype(), tuple(srcs), tree, style, cond,
                       b.chance(0.1), b.chance(0.1))

    def reads(self):
        return [s.tensor for s in self.srcs]

    def _grid(self, prog):
        M, N = prog.tensor(self.out).shape
        return _cdiv(M, self.bM), _cdiv(N, self.bN)

    def render(self, ki, prog):
        gy, gx = self._grid(prog)
        M, N = prog.tensor(self.out).shape
        bM, bN = self.bM, self.bN
        body, p = [], f"k{ki}_"
        base = {"mat": lambda s: (f"by * {bM}", f"bx * {bN}"), "row": lambda s: (f"bx * {bN}",),
                "col": lambda s: (f"by * {bM}",)}
        for n, s in enumerate(self.srcs):
            idx = ", ".join(f"{b} + {o}" if o else b for b, o in zip(base[s.kind](s), s.off))
            shape = {"mat": (bM, bN), "row": (bN,), "col": (bM,)}[s.kind]
            if self.style == "copy":
                body.append(f"{p}s{n} = T.alloc_shared({shape!r}, {s.dtype!r})")
        if self.style == "copy":
            body.append(f"{p}o = T.alloc_fragment(({bM}, {bN}), {self.frag!r})")
        if self.dead:
            body += [f"{p}dead = T.alloc_fragment((32, 32), 'float32')", f"T.fill({p}dead, 1.0)"]
        for n, s in enumerate(self.srcs):
            if self.style == "copy":
                idx = ", ".join(f"{b} + {o}" if o else b for b, o in zip(base[s.kind](s), s.off))
                body.append(f"T.copy({s.tensor}[{idx}], {p}s{n})")

        def leaf(k):
            s = self.srcs[k]
            ij = {"mat": "i, j", "row": "j", "col": "i"}[s.kind]
            if self.style == "copy":
                return f"{p}s{k}[{ij}]"
            g = {"mat": f"by * {bM} + i, bx * {bN} + j", "row": f"bx * {bN} + j", "col": f"by * {bM} + i"}[s.kind]
            return f"{s.tensor}[{g}]"
        value = E.render(self.tree, leaf)
        if self.style == "copy":
            if self.clear2:
                body += [f"T.clear({p}o)", f"T.clear({p}o)"]
            loop = [f"for i, j in T.Parallel({bM}, {bN}):", f"    {p}o[i, j] = {value}"]
            store = [f"T.copy({p}o, {self.out}[by * {bM}, bx * {bN}])"]
        else:
            loop = [f"for i, j in T.Parallel({bM}, {bN}):",
                    f"    if by * {bM} + i < {M} and bx * {bN} + j < {N}:",
                    f"        {self.out}[by * {bM} + i, bx * {bN} + j] = {value}"]
            store = []
        if self.cond is None:
            body += loop + store
        elif self.cond[1] is None:
            body += [f"if {self.cond[0]}:"] + ["    " + x for x in loop + store]
        else:
            body += [f"if {self.cond[0]}:"] + ["    " + x for x in loop] + \
                    ["else:", f"    T.fill({p}o, {self.cond[1]!r})"] + store
        return [f"    with T.Kernel({gx}, {gy}, threads=128) as (bx, by):"] + ["        " + x for x in body]

    def ref(self, ki, prog):
        gy, gx = self._grid(prog)
        H, W = gy * self.bM, gx * self.bN
        out, p = prog.tensor(self.out), f"k{ki}_"
        lines = []
        for n, s in enumerate(self.srcs):
            dt = s.dtype if self.style == "copy" else prog.tensor(s.tensor).dtype
            ext = {"mat": (H, W), "row": (W,), "col": (H,)}[s.kind]
            w = f"F.window({s.tensor}, {s.off!r}, {ext!r}, {dt!r})"
            lines.append(f"{p}s{n} = " + (w if s.kind == "mat" else f"F.{s.kind}({w})"))
        value = E.render(self.tree, lambda k: f"{p}s{k}", ref=True)
        frag = self.frag if self.style == "copy" else out.dtype
        lines.append(f"{p}o = F.assign({value}, {frag!r})")
        if self.cond is not None:
            other = 0.0 if self.cond[1] is None else self.cond[1]
            lines.append(f"{p}o = F.where(F.block_mask(({H}, {W}), ({self.bM}, {self.bN}), "
                         f"lambda bx, by: {self.cond[0]}), {p}o, F.fill(({H}, {W}), {other!r}, {frag!r}))")
        lines.append(f"{out.name} = F.store({p}o, {out.shape!r}, {out.dtype!r})")
        return ["    " + x for x in lines]

    def shrinks(self):
        for t in E.simplifications(self.tree):
            yield dataclasses.replace(self, tree=t)
        yield from _variants(self, cond=None, clear2=False, dead=False, style="copy")
        yield from _variants(self, bM=32, bN=32)
        for n, s in enumerate(self.srcs):
            for v in _variants(s, off=(0,) * len(s.off)):
                yield dataclasses.replace(self, srcs=self.srcs[:n] + (v,) + self.srcs[n + 1:])


@dataclasses.dataclass(frozen=True)
class Gemm:
    a: str
    b: str
    out: str
    bM: int
    bN: int
    bK: int
    sa: str
    sb: str
    acc: str
    trans_a: bool
    trans_b: bool
    loop: str       # "pipelined", "serial" or "range"
    stages: int
    clear: str      # "clear", "fill" or "clear2"
    epi: tuple = None   # a tree over (acc, bias) or None
    bias: str = None
    frag: str = "float32"

    @staticmethod
    def random(b):
        dt = b.dtype()
        trans_a, trans_b = b.chance(0.05), b.chance(0.25)
        prev = None if trans_a else b.existing(2)
        M, K = prev.shape if prev is not None and b.chance(0.5) else (b.dim(), b.pick([32, 64, 128, 256, 40, 100]))
        A = prev if prev is not None and prev.shape == (M, K) else b.new((K, M) if trans_a else (M, K), dt)
        N = b.dim()
        B = b.new((N, K) if trans_b else (K, N), dt if b.chance(0.8) else b.dtype())
        sa, sb = (A.dtype, B.dtype) if b.chance(0.85) else (b.dtype(), b.dtype())
        acc = "float32" if b.chance(0.85) else sa
        epi = bias = None
        if b.chance(0.35):
            leaves = [0]
            if b.chance(0.5):
                bias = b.new((N,), b.dtype()).name
                leaves = [0, 1]
            epi = E.random_expr(b.rng, leaves, False, b.pick([1, 2]), 100.0)
        out = b.new((M, N), b.dtype(), out=True)
        return Gemm(A.name, B.name, out.name, b.block(), b.block(), b.block(), sa, sb, acc,
                    trans_a, trans_b, b.pick(["pipelined", "pipelined", "serial", "range"]), b.pick([0, 1, 2, 3]),
                    b.pick(["clear", "clear", "fill", "clear2"]), epi, bias, b.dtype())

    def reads(self):
        return [self.a, self.b] + ([self.bias] if self.bias else [])

    def _dims(self, prog):
        A, B = prog.tensor(self.a).shape, prog.tensor(self.b).shape
        M, K = A[::-1] if self.trans_a else A
        N = B[0] if self.trans_b else B[1]
        return M, N, K

    def render(self, ki, prog):
        M, N, K = self._dims(prog)
        bM, bN, bK, p = self.bM, self.bN, self.bK, f"k{ki}_"
        gy, gx, nk = _cdiv(M, bM), _cdiv(N, bN), _cdiv(K, bK)
        body = [f"{p}a = T.alloc_shared({(bK, bM) if self.trans_a else (bM, bK)!r}, {self.sa!r})",
                f"{p}b = T.alloc_shared({(bN, bK) if self.trans_b else (bK, bN)!r}, {self.sb!r})",
                f"{p}c = T.alloc_fragment(({bM}, {bN}), {self.acc!r})"]
        if self.epi is not None:
            body.append(f"{p}d = T.alloc_fragment(({bM}, {bN}), {self.frag!r})")
        if self.bias:
            body += [f"{p}v = T.alloc_shared(({bN},), {prog.tensor(self.bias).dtype!r})",
                     f"T.copy({self.bias}[bx * {bN}], {p}v)"]
        body += {"clear": [f"T.clear({p}c)"], "fill": [f"T.fill({p}c, 0.0)"],
                 "clear2": [f"T.clear({p}c)", f"T.clear({p}c)"]}[self.clear]
        body.append({"pipelined": f"for k in T.Pipelined({nk}, num_stages={self.stages}):",
                     "serial": f"for k in T.serial({nk}):", "range": f"for k in range({nk}):"}[self.loop])
        ia = f"k * {bK}, by * {bM}" if self.trans_a else f"by * {bM}, k * {bK}"
        ib = f"bx * {bN}, k * {bK}" if self.trans_b else f"k * {bK}, bx * {bN}"
        flags = ("" if not self.trans_a else ", transpose_A=True") + ("" if not self.trans_b else ", transpose_B=True")
        body += [f"    T.copy({self.a}[{ia}], {p}a)", f"    T.copy({self.b}[{ib}], {p}b)",
                 f"    T.gemm({p}a, {p}b, {p}c{flags})"]
        res = f"{p}c"
        if self.epi is not None:
            value = E.render(self.epi, lambda k: f"{p}c[i, j]" if k == 0 else f"{p}v[j]")
            body += [f"for i, j in T.Parallel({bM}, {bN}):", f"    {p}d[i, j] = {value}"]
            res = f"{p}d"
        body.append(f"T.copy({res}, {self.out}[by * {bM}, bx * {bN}])")
        return [f"    with T.Kernel({gx}, {gy}, threads=128) as (bx, by):"] + ["        " + x for x in body]

    def ref(self, ki, prog):
        M, N, K = self._dims(prog)
        p, out = f"k{ki}_", prog.tensor(self.out)
        H, W, KK = _cdiv(M, self.bM) * self.bM, _cdiv(N, self.bN) * self.bN, _cdiv(K, self.bK) * self.bK
        lines = [f"{p}a = F.window({self.a}, (0, 0), {(KK, H) if self.trans_a else (H, KK)!r}, {self.sa!r})",
                 f"{p}b = F.window({self.b}, (0, 0), {(W, KK) if self.trans_b else (KK, W)!r}, {self.sb!r})",
                 f"{p}c = F.gemm({p}a, {p}b, F.fill(({H}, {W}), 0.0, {self.acc!r}), {self.trans_a}, {self.trans_b})"]
        res = f"{p}c"
        if self.epi is not None:
            if self.bias:
                bdt = prog.tensor(self.bias).dtype
                lines.append(f"{p}v = F.row(F.window({self.bias}, (0,), ({W},), {bdt!r}))")
            value = E.render(self.epi, lambda k: f"{p}c" if k == 0 else f"{p}v", ref=True)
            lines.append(f"{p}d = F.assign({value}, {self.frag!r})")
            res = f"{p}d"
        lines.append(f"{out.name} = F.store({res}, {out.shape!r}, {out.dtype!r})")
        return ["    " + x for x in lines]

    def shrinks(self):
        if self.epi is not None:
            yield dataclasses.replace(self, epi=None, bias=None)
            for t in E.simplifications(self.epi):
                yield dataclasses.replace(self, epi=t)
        yield from _variants(self, clear="clear", loop="serial", stages=0, trans_b=False, bM=32, bN=32, bK=32)


@dataclasses.dataclass(frozen=True)
class Reduce:
    x: str
    out: str
    dim: int
    bM: int
    bN: int
    kind: str
    loop: bool
    xs: str
    rdt: str
    pre: tuple = None   # tree over the block (leaf 0) into a fragment of dtype pdt
    pdt: str = "float32"
    post: tuple = None  # (scale, shift): r[i] = r[i] * scale + shift
    via_tmp: bool = False

    @staticmethod
    def random(b):
        X = b.existing(2) if b.chance(0.5) else None
        X = X or b.new((b.dim(), b.dim()), b.dtype())
        M, N = X.shape
        dim, kind = b.pick([0, 1]), b.pick(["sum", "max", "min", "abssum", "absmax"])
        loop = b.chance(0.6)
        bM, bN = b.block(), b.block()
        if not loop:  # one block covers the reduced dimension
            if dim == 1:
                bN = _cdiv(N, 32) * 32 if b.chance(0.9) else N
            else:
                bM = _cdiv(M, 32) * 32 if b.chance(0.9) else M
        pre = E.random_expr(b.rng, [0], False, b.pick([1, 2]), 2.0) if b.chance(0.3) else None
        post = (b.pick([0.5, 2.0, -1.0]), b.pick([0.0, 1.0])) if b.chance(0.2) else None
        out = b.new((M,) if dim == 1 else (N,), b.dtype(), out=True)
        return Reduce(X.name, out.name, dim, bM, bN, kind, loop, X.dtype if b.chance(0.8) else b.dtype(),
                      b.dtype(), pre, b.dtype(), post, loop and (kind == "abssum" or b.chance(0.3)))

    def reads(self):
        return [self.x]

    def render(self, ki, prog):
        M, N = prog.tensor(self.x).shape
        bM, bN, p = self.bM, self.bN, f"k{ki}_"
        L, g = (bM, _cdiv(M, bM)) if self.dim == 1 else (bN, _cdiv(N, bN))
        steps = (_cdiv(N, bN) if self.dim == 1 else _cdiv(M, bM)) if self.loop else 1
        body = [f"{p}x = T.alloc_shared(({bM}, {bN}), {self.xs!r})", f"{p}r = T.alloc_fragment(({L},), {self.rdt!r})"]
        if self.pre is not None:
            body.append(f"{p}p = T.alloc_fragment(({bM}, {bN}), {self.pdt!r})")
        if self.via_tmp:
            body.append(f"{p}t = T.alloc_fragment(({L},), {self.rdt!r})")
        init = {"sum": "0.0", "abssum": "0.0", "absmax": "0.0", "max": f"-T.infinity({self.rdt!r})",
                "min": f"T.infinity({self.rdt!r})"}[self.kind]
        if self.loop:
            body += [f"T.fill({p}r, {init})", f"for k in T.serial({steps}):"]
        ind = "    " if self.loop else ""
        k = "k" if self.loop else "0"
        idx = f"bx * {bM}, {k} * {bN}" if self.dim == 1 else f"{k} * {bM}, bx * {bN}"
        body.append(f"{ind}T.copy({self.x}[{idx}], {p}x)")
        src = f"{p}x"
        if self.pre is not None:
            body += [f"{ind}for i, j in T.Parallel({bM}, {bN}):",
                     f"{ind}    {p}p[i, j] = {E.render(self.pre, lambda _: f'{p}x[i, j]')}"]
            src = f"{p}p"
        if self.via_tmp:
            fold = {"sum": "+", "abssum": "+"}.get(self.kind)
            new = f"{p}r[i] {fold} {p}t[i]" if fold else \
                f"T.{'min' if self.kind == 'min' else 'max'}({p}r[i], {p}t[i])"
            body += [f"{ind}T.reduce_{self.kind}({src}, {p}t, dim={self.dim})",
                     f"{ind}for i in T.Parallel({L}):", f"{ind}    {p}r[i] = {new}"]
        elif self.loop:
            body.append(f"{ind}T.reduce_{self.kind}({src}, {p}r, dim={self.dim}, clear=False)")
        else:
            body.append(f"T.reduce_{self.kind}({src}, {p}r, dim={self.dim})")
        if self.post is not None:
            body += [f"for i in T.Parallel({L}):", f"    {p}r[i] = {p}r[i] * {self.post[0]!r} + {self.post[1]!r}"]
        body.append(f"T.copy({p}r, {self.out}[bx * {L}])")
        return [f"    with T.Kernel({g}, threads=128) as bx:"] + ["        " + x for x in body]

    def ref(self, ki, prog):
        M, N = prog.tensor(self.x).shape
        p, out = f"k{ki}_", prog.tensor(self.out)
        H = _cdiv(M, self.bM) * self.bM if (self.dim == 0 and self.loop) or self.dim == 1 else self.bM
        W = _cdiv(N, self.bN) * self.bN if (self.dim == 1 and self.loop) or self.dim == 0 else self.bN
        lines = [f"{p}x = F.window({self.x}, (0, 0), ({H}, {W}), {self.xs!r})"]
        src = f"{p}x"
        if self.pre is not None:
            lines.append(f"{p}p = F.assign({E.render(self.pre, lambda _: f'{p}x', ref=True)}, {self.pdt!r})")
            src = f"{p}p"
        n = (W if self.dim == 1 else H)
        init = {"sum": 0.0, "abssum": 0.0, "absmax": 0.0, "max": "-inf", "min": "inf"}[self.kind]
        lines.append(f"{p}r = F.reduce({src}, {self.kind!r}, {self.dim}, {self.rdt!r}, "
                     + (f"F.fill(({H if self.dim == 1 else W},), float({init!r}), {self.rdt!r}))" if self.loop else "None)"))
        del n
        if self.post is not None:
            lines.append(f"{p}r = F.assign({p}r * {self.post[0]!r} + {self.post[1]!r}, {self.rdt!r})")
        lines.append(f"{out.name} = F.store({p}r, {out.shape!r}, {out.dtype!r})")
        return ["    " + x for x in lines]

    def shrinks(self):
        if self.pre is not None:
            yield dataclasses.replace(self, pre=None)
            for t in E.simplifications(self.pre):
                yield dataclasses.replace(self, pre=t)
        yield from _variants(self, post=None, via_tmp=False, kind="sum")
