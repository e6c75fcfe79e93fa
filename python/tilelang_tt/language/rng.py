"""Random numbers in kernels: `T.rng_init(seed, seq=None, off=0, generator=...)`, `T.rng_rand()` (uint32) and
`T.rng_rand_float(bit=32, dist="uniform"|"normal")`, upstream's names for CUDA's curand device API.

The generator (ours, deterministic and the same on every target; it does not reproduce curand's streams) is
counter based: the state of a thread is (key, stream, counter) — key = mix(seed's low word ^ mix(seed's high
word)), stream = seq (default: thread index x + block index x * threads in x, as upstream), counter = off — kept
in three uint32 T.alloc_var buffers (private per thread in thread-level code). Draw number c of a stream is

    mix(key ^ mix(stream ^ mix(c + 0x9E3779B9)))

with mix the 32-bit finalizer of MurmurHash3 (x ^= x >> 16; x *= 0x85EBCA6B; x ^= x >> 13; x *= 0xC2B2AE35;
x ^= x >> 16), and each draw increments the counter. rng_rand_float: uniform in (0, 1] as curand_uniform
((u >> 8) + 1) · 2^-24 for 32 bits, ((a >> 5) · 2^27 + (b >> 5) + 1) · 2^-54 from two draws for 64 bits);
normal by Box–Muller, sqrt(-2 ln u1) · cos(2π u2), from two uniform values.

Contract: T.rng_init must come before T.rng_rand* in the same T.Kernel; every draw is a let-bound value followed
by the counter's increment, at the statement that uses it.
"""
from __future__ import annotations

import math

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import alloc_var
from .buffer import _index
from .expr import Var, as_expr, cast_to, const, is_symbolic
from .kernel import current_kernel
from .math_extra import tmp

_GENERATORS = ("curandStateMRG32k3a_t", "curandStatePhilox4_32_10_t", "curandStateXORWOW_t")


def _mix_int(x):
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & 0xFFFFFFFF
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & 0xFFFFFFFF
    return x ^ (x >> 16)


def _mix(x):
    if isinstance(x, int):
        return _mix_int(x)
    x = tmp(x ^ (x >> 16), "rng")
    x = tmp(x * 0x85EBCA6B, "rng")
    x = tmp(x ^ (x >> 13), "rng")
    x = tmp(x * 0xC2B2AE35, "rng")
    return tmp(x ^ (x >> 16), "rng")


def _u32(x):
    return cast_to(as_expr(x, "rng_init"), "uint32")


def _store(buf, value):
    b = _b.current()
    b.emit(_core.make_store(buf.core, [_index(0).node], as_expr(value).node, _b.core_span(user_span("rng"))))


@op("rng_init")
def rng_init(seed, seq=None, off=0, generator="curandStatePhilox4_32_10_t"):
    """Starts this thread's random stream: seed (an int, up to 64 bits), seq (the stream; default the global
    thread index), off (the first draw's number)."""
    k = current_kernel("rng_init")
    if generator not in _GENERATORS:
        fail("rng_init", f"generator must be one of {', '.join(_GENERATORS)}, got {generator!r}")
    if is_symbolic(seed):
        s = as_expr(seed, "rng_init")
        lo = _u32(s)
        hi = _u32(s >> 32) if s.dtype == "int64" else const(0, "uint32")
    else:
        seed = int(seed) & (2**64 - 1)
        lo, hi = seed & 0xFFFFFFFF, seed >> 32
    if seq is None:
        from .threads import get_block_binding, get_thread_binding, get_thread_extent
        seq = get_thread_binding(0) + get_block_binding(0) * get_thread_extent(0)
    state = [alloc_var("uint32") for _ in range(3)]
    key = _mix(lo ^ _mix(hi))
    _store(state[0], const(key, "uint32") if isinstance(key, int) else key)
    _store(state[1], _u32(seq))
    _store(state[2], _u32(off))
    k.rng_state = state


def _draw(opname):
    k = current_kernel(opname)
    state = getattr(k, "rng_state", None)
    if state is None:
        fail(opname, "call T.rng_init(seed, ...) in this T.Kernel before drawing random numbers")
    key, stream, counter = (as_expr(v) for v in state)
    value = _mix(key ^ _mix(stream ^ _mix(counter + 0x9E3779B9)))
    if not isinstance(value, Var):
        fail(opname, "random numbers can only be drawn inside a kernel body")
    _store(state[2], counter + 1)
    return value


@op("rng_rand")
def rng_rand():
    """The next uint32 of this thread's stream."""
    return _draw("rng_rand")


def _uniform(bit):
    if bit == 32:
        return (cast_to(_draw("rng_rand_float") >> 8, "float32") + 1.0) * (2.0 ** -24)
    a, b = _draw("rng_rand_float"), _draw("rng_rand_float")
    hi, lo = cast_to(a >> 5, "float64"), cast_to(b >> 5, "float64")
    return (hi * (2.0 ** 27) + lo + 1.0) * (2.0 ** -54)


@op("rng_rand_float")
def rng_rand_float(bit=32, dist="uniform"):
    """The next float of this thread's stream: uniform in (0, 1] or standard normal, float32 or float64."""
    if bit not in (32, 64):
        fail("rng_rand_float", f"bit must be 32 or 64, got {bit!r}")
    if dist not in ("uniform", "normal"):
        fail("rng_rand_float", f"dist must be 'uniform' or 'normal', got {dist!r}")
    u = tmp(_uniform(bit), "rng_u")
    if dist == "uniform":
        return u
    v = tmp(_uniform(bit), "rng_u")
    from .math import cos, log, sqrt
    dt = "float32" if bit == 32 else "float64"
    return sqrt(const(-2.0, dt) * log(u)) * cos(v * const(2.0 * math.pi, dt))


__all__ = ["rng_init", "rng_rand", "rng_rand_float"]
