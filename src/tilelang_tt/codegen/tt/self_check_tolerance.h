// set_self_check_tolerance: the tolerance an exported project's self-check (host.cpp, run with no arguments)
// allows between each output the device computed and the "interpret" target's expected output, derived from the
// kernel's math. Input: the user-level PrimFunc (before the TT pipeline), the fidelity it is compiled at, and the
// plan built from it. Output: every TensorPlan's atol and rtol set; an element passes when
// |out − expected| ≤ atol + rtol·|expected|.
//
// The model (the tests' bounds, tests/python/tt/tt_check.py, with the magnitudes export() guarantees: every input
// element in [−1, 1]):
//  * rtol = one ulp of the output's format (2^-7 bf16, 2^-10 f16; 1e-5 f32 for the SFPU's last bits and the
//    summation order) — the two targets may round a tie or a double rounding apart. Bfp8_b storage: 2^-5 (results
//    that differ by rounding before quantization land one step of the shared-exponent mantissa apart).
//  * atol = the format's floor (1e-3 for 16-bit formats, 1e-5 for float32, 1e-2 for bfp8_b) plus the FPU's error
//    on sums of products: with L the longest accumulation in the function (a T.gemm's K times the trip counts of
//    the loops around it in its kernel; a reduce_sum's extent likewise) the sum has at most L terms, each of
//    magnitude ≤ 1, so Σ|a·b| ≤ L, and its error is at most (p + 2·L·2^-24)·L: p per product for the operands the
//    matrix engine truncates (float32 operands are read as TF32 / 9-bit multiplier fields: 2^-9; math fidelity
//    below HiFi4 drops low fields: LoFi 2^-4 + 2^-6, HiFi2 2^-6, HiFi3 2^-10), 2^-24 per fp32 addition on each of
//    the two targets (they may sum in different orders).
//    A kernel whose only FPU products are bf16 element-wise multiplies gets (p + 2^-23) with L = 1.
//  Outputs computed from sums of earlier sums (a GEMM of GEMM results) can exceed this; no example does.
#pragma once

#include "tilelang_tt/codegen/tt/plan.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

void set_self_check_tolerance(Plan& plan, const PrimFunc& f, int math_fidelity);

}  // namespace tl::tt
