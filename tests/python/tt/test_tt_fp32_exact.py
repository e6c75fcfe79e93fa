"""pass_configs={"tt.fp32_exact": True} on "tenstorrent": reductions that sum float32 (or float16) data read every
element exactly. Without it the FPU reads each float32 element with 9 mantissa bits (docs/tenstorrent.md, "Math");
with it each element x is split into three bfloat16 parts, exact in the FPU (p1 = bf16(x), p2 = bf16(x − p1),
p3 = x − p1 − p2, which has at most 8 significant bits left), and the parts are summed with fp32 accumulation.

Max, min and absmax become exact (three masked max reductions of the parts, tt_fp32_exact.h). Bound for sums (n
terms, S = Σ|x|): fp32 recursive summation of the 3n parts, 3n·2^-24·S, against 2^-9·S plus that without the
config — the tests check the exact bound with the config and that the plain path misses it (so
the test could fail), and report both modeled times.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
from test_tt_reduce import reduce_kernel, reference
from tt_check import assert_within, inputs

EXACT = {"tt.fp32_exact": True}


def run(func, a, configs):
    k = tilelang.compile(func, out_idx=-1, target="tenstorrent", pass_configs=configs)
    return k(a), sum(p["modeled_seconds"] for p in k.backend.last_run["programs"])


# (kind, dim, M, N, bM, bN, loop): whole rows / columns per block, and a loop folding with clear=False (sum only:
# reduce_abssum takes no clear argument, as upstream)
CASES = [(kind, *case) for kind in ("sum", "abssum", "max", "min", "absmax")
         for case in [(1, 64, 256, 32, 256, False), (0, 256, 96, 256, 32, False)]]
CASES += [(kind, 1, 70, 200, 64, 64, True) for kind in ("sum", "max", "min")]


@pytest.mark.parametrize("kind,dim,M,N,bM,bN,loop", CASES)
def test_exact_float32_sums(kind, dim, M, N, bM, bN, loop):
    rng = np.random.default_rng(3)
    a = inputs(rng, (M, N), "float32") * np.float32(1 + 2.0**-12)  # full 24-bit mantissas
    rows, cols = -(-M // bM) * bM, -(-N // bN) * bN
    ref, s, _, n = reference(a, kind, dim, rows, cols)
    ref, s = ref[:M if dim == 1 else N], s[:M if dim == 1 else N]
    func = reduce_kernel(M, N, bM, bN, "float32", kind, dim, loop)
    exact, t_exact = run(func, a, EXACT)
    plain, t_plain = run(func, a, {})
    bound = 3 * n * 2.0**-24 * s if kind in ("sum", "abssum") else 0.0  # a max is exact
    assert_within(exact, ref, bound, "tt.fp32_exact")
    assert np.any(np.abs(plain.astype(np.float64) - ref) > bound), "the plain path is exact too: the test is void"
    print(f"{kind} dim={dim} {M}x{N}: modeled {t_plain * 1e6:.2f} us plain, {t_exact * 1e6:.2f} us exact")
