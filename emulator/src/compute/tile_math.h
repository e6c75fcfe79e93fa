// FPU numerics on row-major 32x32 float tiles: source-register truncation, math fidelity, matmul,
// element-wise binary ops with broadcast, reduce, transpose. Plain functions, no emulator state.
// Contract:
//  * FPU operands pass through SrcA/SrcB, which hold at most TF32: to_src_register() truncates fp32 values to
//    10 mantissa bits (bf16 and Bfp8_b values are unchanged).
//  * Fidelity (MathFidelity: LoFi=0, HiFi2=2, HiFi3=3, HiFi4=4) applies to multiplies. The multiplier takes a
//    SrcA field of 1+4 mantissa bits and a SrcB field of 1+6; each phase multiplies one field pair:
//      phase0 = A_hi*B_hi, phase1 = A_lo*B_hi, phase2 = A_hi*B_lo, phase3 = A_lo*B_lo,
//    with A_hi = top 4 mantissa bits of SrcA, A_lo = its next 5 (a TF32 SrcA loses its last bit), B_hi = top
//    6 of SrcB, B_lo = its next 4. LoFi sums phase 0, HiFi2 phases 0-1, HiFi3 0-2, HiFi4 all. For bf16
//    inputs HiFi4 is the exact product. Every phase product is exact in fp32, so results do not depend on FMA.
//    Matmul puts in0 in SrcB and in1 in SrcA; element-wise mul puts in0 in SrcA, in1 in SrcB; reduce puts the
//    input in SrcA and the scaler in SrcB.
//  * dst_bf16: DST holds bf16, so every accumulation into DST rounds (RNE). Matmul accumulates into DST once
//    per 16-deep slice of K (the FPU's 8x16 @ 16x16 step), so a tile matmul rounds twice.
#pragma once

#include <cstdint>

#include "emu/compute_calls.h"

namespace emu::compute {

// Truncate fp32 values to TF32 (what SrcA/SrcB can hold). `n` elements in place.
void to_src_register(float* t, int n = 1024);

// One product as the FPU computes it at `fidelity` (srca, srcb already in source-register precision).
float fidelity_mul(float srca, float srcb, int fidelity);

// c += a @ b (b transposed first if transpose_b); a = in0 (SrcB), b = in1 (SrcA); c is a DST tile.
// inputs_narrow: the caller guarantees at most 7 mantissa bits (bf16/Bfp8_b operands), skipping a check.
void matmul_tile(const float* a, const float* b, float* c, bool transpose_b, int fidelity, bool dst_bf16,
                 bool inputs_narrow = false);

// Picks the matmul kernel: the widest the CPU has no wider than `isa` ("avx512", "avx2", "generic"; empty or
// null = widest). Returns the one chosen. All kernels give bit-identical results (same summation order,
// exact products); tests use this to check that.
const char* select_matmul_kernel(const char* isa);

// out = a op bcast(b), computed in fp32 (mul at `fidelity`, a in SrcA); then rounded to bf16 if dst_bf16.
// If accumulate, out += (a op b) instead of out = (a op b).
void binary_tile(BinaryOp op, Bcast bcast, const float* a, const float* b, float* out, int fidelity, bool dst_bf16,
                 bool accumulate = false);

// Reduce `in` (SrcA) scaled by the scaler tile (SrcB; the coefficient for the k-th element along the
// reduced axis is scaler[0][k % 16]) and accumulate into dst: SUM/AVG add, MAX takes the maximum. When
// dst_fresh (nothing written since DST was zeroed), MAX replaces instead of comparing with the zeros.
// Positions other than the result column/row/element are left as they are.
void reduce_tile(Pool pool, ReduceAxis axis, const float* in, const float* scaler, float* dst, int fidelity,
                 bool dst_bf16, bool dst_fresh);

void transpose_tile(const float* in, float* out);

}  // namespace emu::compute
