// Modeled device cycles per tile operation (reference §5; the estimates are explained in
// docs/emulator-compute.md). One place for every number the timing model gets from the compute side.
// The unpackers, the FPU/SFPU and the packer are separate pipelines, so an operation that reads CB tiles is
// charged max(unpack cycles of each operand, math cycles), and pack_tile is charged on its own.
#pragma once

#include <cstdint>

#include "sfpu.h"
#include "tile_format.h"

namespace emu::compute {

// Fidelity phases: LoFi 1, HiFi2 2, HiFi3 3, HiFi4 4.
inline int fidelity_phases(int fidelity) { return fidelity <= 0 ? 1 : fidelity > 4 ? 4 : fidelity; }

// Calibrated against the vendor's measured GEMMs (tech_reports/GEMM_FLOPS, "N150 Manually Tuned
// Configurations", 16384^3, the most compute-bound rows; docs/benchmarks.md, "Calibration"): a tile product
// costs kMatmulIssueCycles beyond its FPU phases (bf16 HiFi4 at 91.49 %: 70 cycles per product), and the
// unpacker moves kUnpackBytesPerCycle (bf16 HiFi2 at 71.69 % and bfp8_b LoFi at 69.40 % are unpack-bound at one
// tile unpacked per product: 44.6 and 23.1 cycles for 2048 and 1088 bytes).
constexpr uint64_t kMatmulIssueCycles = 6;
constexpr uint64_t kUnpackBytesPerCycle = 46;
// 32x32x32 tile product: 16 cycles per phase (one 8x16 @ 16x16 per cycle) plus the issue cost.
inline uint64_t matmul_cycles(int fidelity) { return 16ull * fidelity_phases(fidelity) + kMatmulIssueCycles; }
// Element-wise FPU op: 1024 elements at 128 per cycle; a multiply repeats per fidelity phase.
inline uint64_t eltwise_cycles(bool is_mul, int fidelity) { return 8ull * (is_mul ? fidelity_phases(fidelity) : 1); }
// Reduce: one 16x16 face per cycle (tech_reports/matrix_engine, "Reduce"): 4 cycles per tile; SUM/AVG repeat
// per fidelity phase.
inline uint64_t reduce_cycles(bool is_max, int fidelity) { return 4ull * (is_max ? 1 : fidelity_phases(fidelity)); }
// Unpacker: kUnpackBytesPerCycle of L1 per cycle (calibrated, above). Packer: 32 bytes per cycle (estimate).
inline uint64_t unpack_cycles(DataFormat f) { return (tile_bytes(f) + kUnpackBytesPerCycle - 1) / kUnpackBytesPerCycle; }
inline uint64_t pack_cycles(DataFormat f) { return (tile_bytes(f) + 31) / 32; }
// DST->DST move through the FPU (copy, transpose): like an element-wise op.
constexpr uint64_t kDatacopyCycles = 8;
// SFPU: 32 lanes, so 32 vector steps per tile, times the instructions per element of the function.
uint64_t sfpu_unary_cycles(SfpuUnary op);
uint64_t sfpu_binary_cycles(SfpuBinary op);

}  // namespace emu::compute
