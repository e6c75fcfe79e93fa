// The compute side's entry points for the compute-kernel API headers (compute_kernel_api/*.h,
// api/compute/*.h): each ckernel:: function forwards to one of these, which act on the running kernel's
// ComputeCore (emulator/src/compute/compute_core.h). Enum values are shared with the numerics library.
#pragma once

#include <cstdint>

namespace emu::compute {

enum class BinaryOp { Add, Sub, Mul };
enum class Bcast { None, Col, Row, Scalar };  // COL: B[h,0]; ROW: B[0,w]; SCALAR: B[0,0]
enum class Pool { Sum, Avg, Max };
enum class ReduceAxis { Row, Col, Scalar };  // REDUCE_ROW -> column 0, REDUCE_COL -> row 0, SCALAR -> [0,0]

// Which FPU operation class the unpackers and the math engine are configured for (by the *_init calls).
// Any: not known to be wrong (kernel start, compute_kernel_hw_startup, after reduce_uninit / tilize inits).
enum class FpuConfig { Any, Datacopy, Binary, UnaryBcast, Matmul, Reduce, Transpose };

// clang-format off
// Every SFPU unary function, as an X-macro list (the enum and the compute side's dispatch are generated from it).
#define EMU_SFPU_UNARY_OPS(X) X(Exp) X(ExpScaled) X(Exp2) X(Expm1) X(Log) X(LogWithBase) X(Recip) X(Sqrt) X(Rsqrt) \
  X(Sigmoid) X(Tanh) X(Gelu) X(GeluExact) X(Relu) X(ReluMax) X(ReluMin) X(LeakyRelu) X(Elu) X(Abs) X(Sign) X(Square) \
  X(Power) X(Silu) X(Negative) X(Sin) X(Cos) X(Tan) X(Softplus) X(Fill) X(AddScalar) X(SubScalar) X(MulScalar) \
  X(DivScalar) X(RsubScalar) X(UnaryMax) X(UnaryMin) X(Identity) X(Heaviside) X(Hardsigmoid) X(Softsign) X(Erf) \
  X(Erfc) X(Log1p) X(Asin) X(Acos) X(Atan) X(Sinh) X(Cosh) X(Floor) X(Ceil) X(Trunc) X(LogicalNot) X(Ltz) X(Gtz) X(Lez) \
  X(Gez) X(Eqz) X(Nez) X(Clamp) X(Threshold) X(Selu) X(Rpow) X(Rdiv) X(Cbrt) X(IsInf) X(IsPosInf) X(IsNegInf) \
  X(IsNan) X(IsFinite) X(PowerIterative)
#define EMU_SFPU_ENUM_ENTRY(name) name,
enum class SfpuUnary { EMU_SFPU_UNARY_OPS(EMU_SFPU_ENUM_ENTRY) };
#undef EMU_SFPU_ENUM_ENTRY
enum class SfpuBinary { Add, Sub, Mul, Div, Rsub, Power, Max, Min };
// The SFPU's int32 operations on DST tiles holding two's-complement int32 patterns (sfpu.h): two operands, or one
// (a comparison with zero, or a fill with a constant). Comparisons give the int32 1 or 0.
enum class SfpuInt32 { Add, Sub, Mul, Max, Min, Lt, Gt, Le, Ge, Eq, Ne };
enum class SfpuInt32Unary { Fill, Eqz, Nez, Ltz, Gtz, Lez, Gez };
// clang-format on

}  // namespace emu::compute

// Exported from the emulator library to dlopen'ed kernels even under -fvisibility=hidden.
#pragma GCC visibility push(default)
namespace emu::ck {

using compute::Bcast;
using compute::BinaryOp;
using compute::FpuConfig;
using compute::Pool;
using compute::ReduceAxis;
using compute::SfpuBinary;
using compute::SfpuInt32;
using compute::SfpuInt32Unary;
using compute::SfpuUnary;

// DST protocol.
void tile_regs_acquire();
void tile_regs_commit();
void tile_regs_wait();
void tile_regs_release();
void acquire_dst();
void release_dst();

// Init state. fpu_init records the configuration an *_init call sets up; FPU operations of another class
// fault (on the device they would run with the wrong unpacker/math configuration).
void fpu_init(FpuConfig config, const char* init_api);
void set_matmul_transpose(bool transpose);
void set_copy_transpose(bool transpose);
void set_binary_acc_to_dest(bool acc);
void set_pack_l1_acc(bool enable);
// reduce_init programs the packer's edge mask for its reduce dimension and reduce_uninit clears it; while set,
// every pack keeps only column 0 (ROW), row 0 (COL) or element [0,0] (SCALAR) and writes 0 elsewhere.
void set_pack_reduce_mask(bool enable, ReduceAxis axis);

void copy_tile(uint32_t cb, uint32_t itile, uint32_t idst);
void copy_block_matmul_partials(uint32_t cb, uint32_t start_itile, uint32_t start_idst, uint32_t n);
void pack_tile(uint32_t idst, uint32_t ocb, uint32_t out_idx, bool out_of_order);
void pack_tile_block(uint32_t idst, uint32_t ocb, uint32_t n);

void binary(BinaryOp op, Bcast bcast, uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst);
void binary_dest_reuse(BinaryOp op, int reuse, uint32_t cb, uint32_t itile, uint32_t idst);
void unary_bcast(Bcast bcast, uint32_t cb, uint32_t itile, uint32_t idst);
void matmul_tiles(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst);
void matmul_block(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst, bool transpose, uint32_t ct,
                  uint32_t rt, uint32_t kt);
void reduce(Pool pool, ReduceAxis axis, uint32_t cb, uint32_t cb_scaler, uint32_t itile, uint32_t iscaler,
            uint32_t idst);
void transpose_wh(uint32_t cb, uint32_t itile, uint32_t idst);

// Scalar parameters as floats; the API headers decode the SDK's fp32 bit patterns.
void sfpu_unary(const char* api, SfpuUnary op, uint32_t idst, float p0 = 0, float p1 = 0, float p2 = 0,
                int vector_mode = 4);
void sfpu_binary(const char* api, SfpuBinary op, uint32_t i0, uint32_t i1, uint32_t out, int vector_mode = 4);
void sfpu_int32(const char* api, SfpuInt32 op, uint32_t i0, uint32_t i1, uint32_t out);
void sfpu_int32_unary(const char* api, SfpuInt32Unary op, uint32_t idst, uint32_t param = 0);
void typecast(uint32_t in_fmt, uint32_t out_fmt, uint32_t idst);
// DST -> DST: copy a tile, transpose a tile in place, out = cond != 0 ? a : b (element-wise).
void copy_dest(uint32_t idst_in, uint32_t idst_out);
void transpose_dest(uint32_t idst);
void where(uint32_t icond, uint32_t ia, uint32_t ib, uint32_t out);

void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t in_idx, uint32_t out_idx);
void untilize_block(uint32_t icb, uint32_t full_ct, uint32_t ocb);
void pack_untilize_block(uint32_t icb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t ocb,
                         uint32_t block_c_index);
void pack_untilize_dest(uint32_t ocb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t block_c_index);

// fp32 bit pattern -> float (the SDK passes SFPU scalars this way).
inline float bits_to_float(uint32_t bits) {
  float f;
  __builtin_memcpy(&f, &bits, 4);
  return f;
}

}  // namespace emu::ck
#pragma GCC visibility pop
