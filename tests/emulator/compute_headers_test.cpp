// Every compute API header of the 0.66 API's include tree compiles in one translation unit, as a kernel including
// several of them would; the enums and generated constants have the SDK's names and values. (This directory builds
// with TT_METALIUM_API=66; compute_headers_081_test.cpp checks the 0.81 tree.)
#include <gtest/gtest.h>

// As the SDK's kernels do: the 0.66 reduce.h names these as default template arguments.
#define REDUCE_OP PoolType::SUM
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#include "compute_kernel_api.h"
#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/add_int_sfpu.h"
#include "compute_kernel_api/binary_comp.h"
#include "compute_kernel_api/binary_max_min.h"
#include "compute_kernel_api/mul_int32_sfpu.h"
#include "compute_kernel_api/sub_int_sfpu.h"
#include "compute_kernel_api/cb_api.h"
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/common_globals.h"
#include "compute_kernel_api/compute_kernel_hw_startup.h"
#include "compute_kernel_api/copy_dest_values.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_binary_sfpu.h"
#include "compute_kernel_api/eltwise_unary/activations.h"
#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
#include "compute_kernel_api/eltwise_unary/cbrt.h"
#include "compute_kernel_api/eltwise_unary/clamp.h"
#include "compute_kernel_api/eltwise_unary/comp.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
#include "compute_kernel_api/eltwise_unary/elu.h"
#include "compute_kernel_api/eltwise_unary/erf_erfc.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/fill.h"
#include "compute_kernel_api/eltwise_unary/gelu.h"
#include "compute_kernel_api/eltwise_unary/hardtanh.h"
#include "compute_kernel_api/eltwise_unary/identity.h"
#include "compute_kernel_api/eltwise_unary/isinf_isnan.h"
#include "compute_kernel_api/eltwise_unary/log1p.h"
#include "compute_kernel_api/eltwise_unary/logical_not_noti.h"
#include "compute_kernel_api/eltwise_unary/negative.h"
#include "compute_kernel_api/eltwise_unary/prelu.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/eltwise_unary/relu.h"
#include "compute_kernel_api/eltwise_unary/rounding.h"
#include "compute_kernel_api/eltwise_unary/rpow.h"
#include "compute_kernel_api/eltwise_unary/rsqrt.h"
#include "compute_kernel_api/eltwise_unary/rsub.h"
#include "compute_kernel_api/eltwise_unary/selu.h"
#include "compute_kernel_api/eltwise_unary/sfpu_split_includes.h"
#include "compute_kernel_api/eltwise_unary/softplus.h"
#include "compute_kernel_api/eltwise_unary/sqrt.h"
#include "compute_kernel_api/eltwise_unary/threshold.h"
#include "compute_kernel_api/eltwise_unary/trigonometry.h"
#include "compute_kernel_api/eltwise_unary/typecast.h"
#include "compute_kernel_api/eltwise_unary/where.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/pack.h"
#include "compute_kernel_api/pack_untilize.h"
#include "compute_kernel_api/reconfig_data_format.h"
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/reg_api.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "compute_kernel_api/tilize.h"
#include "compute_kernel_api/transpose_wh.h"
#include "compute_kernel_api/transpose_wh_dest.h"
#include "compute_kernel_api/untilize.h"
#include "emu/compute_prelude.h"

TEST(ComputeHeaders, EnumsAndConstants) {
  EXPECT_EQ(static_cast<int>(BroadcastType::COL), 1);
  EXPECT_EQ(static_cast<int>(BroadcastType::ROW), 2);
  EXPECT_EQ(static_cast<int>(BroadcastType::SCALAR), 3);
  EXPECT_EQ(static_cast<int>(VectorMode::RC), 4);
  EXPECT_EQ(MATH_FIDELITY, 4);  // the ComputeConfig default when the builder passes nothing
  EXPECT_FALSE(DST_ACCUM_MODE);
  EXPECT_TRUE(DST_SYNC_MODE == DstSync::SyncHalf);
  // Default reduce template arguments come from the kernel's REDUCE_OP / REDUCE_DIM.
  void (*rd_default)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &reduce_tile<>;
  EXPECT_NE(reinterpret_cast<void*>(rd_default), nullptr);
  // The API functions exist with the SDK's signatures (taking their addresses instantiates them).
  void (*mm)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &matmul_tiles;
  void (*bc)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &sub_tiles_bcast_cols;
  void (*ex)(uint32_t, int, uint16_t) = &exp_tile<false, true>;
  void (*rd)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>;
  void (*pk)(uint32_t, uint32_t, uint32_t) = &pack_tile<false>;
  EXPECT_NE(reinterpret_cast<void*>(mm), nullptr);
  EXPECT_NE(reinterpret_cast<void*>(bc), nullptr);
  EXPECT_NE(reinterpret_cast<void*>(ex), nullptr);
  EXPECT_NE(reinterpret_cast<void*>(rd), nullptr);
  EXPECT_NE(reinterpret_cast<void*>(pk), nullptr);
}
