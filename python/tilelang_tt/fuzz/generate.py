"""Random valid kernels: a program model (tensors and a list of T.Kernel launches) drawn from the language's
grammar, rendered as a standalone Python file with its float64 reference (reference.py's F.* calls).

Contract: generate(seed) → Program; Program.source(header) is the case file: the @T.prim_func `kernel` (inputs
first, then outputs), OUT_IDX, SEED, and reference(*inputs) → the outputs as reference.V (value and error
bound). Program.shrinks() yields smaller programs (for the minimizer); every one is again a program of this
model, though not necessarily valid (the minimizer keeps only candidates whose reference evaluates).

Kernel kinds (kernels.py): element-wise (T.copy in with offsets or direct global loads, a T.Parallel tree over
2-D blocks and 1-D row/column vectors, conditions on block indices), GEMM (K loop: T.Pipelined with
num_stages, T.serial or range; transpose flags; epilogue with a bias vector), reductions (sum/max/min/abssum/
absmax along either dim, one block or a loop with clear=False, element-wise pre- and post-ops). A later kernel
may read an earlier kernel's output tensor. Tensor shapes are arbitrary (not only multiples of 32); blocks are
mostly multiples of 32 (the tenstorrent target's tile), sometimes not.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from . import kernels

FLOATS = ["float32", "bfloat16", "float16"]


@dataclasses.dataclass
class Tensor:
    name: str
    shape: tuple
    dtype: str


@dataclasses.dataclass
class Program:
    seed: int
    tensors: list
    kernels: list

    def tensor(self, name):
        return next(t for t in self.tensors if t.name == name)

    def written(self):
        return [k.out for k in self.kernels]

    def params(self):
        """Inputs (tensors some kernel reads and none writes) in creation order, then outputs."""
        w = self.written()
        read = {n for k in self.kernels for n in k.reads()}
        return [t for t in self.tensors if t.name in read and t.name not in w] + \
               [t for t in self.tensors if t.name in w]

    def source(self, header=""):
        params = self.params()
        outs = [i for i, t in enumerate(params) if t.name in self.written()]
        sig = ", ".join(f"{t.name}: T.Tensor({t.shape!r}, {t.dtype!r})" for t in params)
        lines = [f"# {header}" if header else "# tilelang_tt.fuzz generated case",
                 "import tilelang_tt as tilelang  # noqa: F401", "import tilelang_tt.language as T",
                 "from tilelang_tt.fuzz import reference as F", "", "", "@T.prim_func",
                 f"def kernel({sig}):"]
        for i, k in enumerate(self.kernels):
            lines += k.render(i, self)
        lines += ["", "", f"OUT_IDX = {outs}", f"SEED = {self.seed}", "", "",
                  f"def reference({', '.join(t.name for t in params if t.name not in self.written())}):"]
        for t in params:
            if t.name not in self.written():
                lines.append(f"    {t.name} = F.tensor({t.name}, {t.dtype!r})")
        for i, k in enumerate(self.kernels):
            lines += k.ref(i, self)
        lines.append(f"    return [{', '.join(t.name for t in params if t.name in self.written())}]")
        lines += ["", "", 'if __name__ == "__main__":', "    from tilelang_tt.fuzz import case",
                  "    case.main(__file__)", ""]
        return "\n".join(lines)

    def shrinks(self):
        """Smaller programs: a kernel dropped (when nothing later reads its output), a kernel simplified, a
        tensor's dimensions shrunk."""
        for i in range(len(self.kernels) - 1, -1, -1):
            if len(self.kernels) > 1 and not any(self.kernels[i].out in k.reads() for k in self.kernels[i + 1:]):
                yield dataclasses.replace(self, kernels=self.kernels[:i] + self.kernels[i + 1:])
        for i, k in enumerate(self.kernels):
            for s in k.shrinks():
                yield dataclasses.replace(self, kernels=self.kernels[:i] + [s] + self.kernels[i + 1:])
        for i, t in enumerate(self.tensors):
            for d, n in enumerate(t.shape):
                for m in sorted({1, 32, n // 2}):
                    if m < n and m > 0:
                        shape = t.shape[:d] + (m,) + t.shape[d + 1:]
                        ts = self.tensors[:i] + [dataclasses.replace(t, shape=shape)] + self.tensors[i + 1:]
                        yield dataclasses.replace(self, tensors=ts)


class Builder:
    """Random choices shared by the kernel kinds: dims, blocks, dtypes, and tensor creation."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.prog = Program(seed, [], [])
        # One program in eight may use blocks and copy offsets that are not multiples of 32 (the tenstorrent
        # target rejects those: "unsupported"); the others stay on tile boundaries so that they run there.
        self.aligned = self.rng.random() >= 0.125

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, options):
        return options[int(self.rng.integers(len(options)))]

    def offset(self):
        return self.pick([0, 32] if self.aligned else [0, 32, 3, 17])

    def dim(self):
        return self.pick([32, 64, 96, 128]) if self.chance(0.35) else int(self.rng.integers(1, 161))

    def block(self, big=False):
        if not self.aligned and self.chance(0.3):
            return self.pick([8, 16, 48])
        return self.pick([32, 64, 128] if big else [32, 64])

    def dtype(self):
        return self.pick(["float32", "float32", "bfloat16", "bfloat16", "float16"])

    def new(self, shape, dtype, out=False):
        n = sum(1 for t in self.prog.tensors if t.name.startswith("O" if out else "A"))
        t = Tensor(f"{'O' if out else 'A'}{n}", tuple(int(s) for s in shape), dtype)
        self.prog.tensors.append(t)
        return t

    def existing(self, rank, integer=False):
        """An earlier kernel's output of this rank (and of an integer dtype or not), if any."""
        outs = [self.prog.tensor(n) for n in self.prog.written()
                if len(self.prog.tensor(n).shape) == rank and (self.prog.tensor(n).dtype == "int32") == integer]
        return self.pick(outs) if outs else None


def generate(seed: int) -> Program:
    b = Builder(seed)
    n = b.pick([1, 1, 1, 2, 2, 3])
    for _ in range(n):
        r = b.rng.random()
        kind = kernels.Eltwise if r < 0.45 else kernels.Gemm if r < 0.75 else kernels.Reduce
        b.prog.kernels.append(kind.random(b))
    return b.prog
