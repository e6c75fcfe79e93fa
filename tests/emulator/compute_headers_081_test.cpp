// Every compute API header of the 0.81 API's include tree (api/compute/...) compiles in one translation unit, and
// the calls that replaced 0.66's exist with the 0.81 signatures (emu/metalium_api.h).
#include <gtest/gtest.h>

// This directory builds with the 0.66 API (CMakeLists.txt); this file checks the 0.81 one.
#undef TT_METALIUM_API
#define TT_METALIUM_API 81
#include "api/compute/bcast.h"
#include "api/compute/add_int_sfpu.h"
#include "api/compute/binary_comp.h"
#include "api/compute/binary_max_min.h"
#include "api/compute/mul_int_sfpu.h"
#include "api/compute/sub_int_sfpu.h"
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/common_globals.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/copy_dest_values.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_binary_sfpu.h"
#include "api/compute/eltwise_unary/activations.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/eltwise_unary/cbrt.h"
#include "api/compute/eltwise_unary/clamp.h"
#include "api/compute/eltwise_unary/comp.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/elu.h"
#include "api/compute/eltwise_unary/erf_erfc.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/fill.h"
#include "api/compute/eltwise_unary/gelu.h"
#include "api/compute/eltwise_unary/hardtanh.h"
#include "api/compute/eltwise_unary/identity.h"
#include "api/compute/eltwise_unary/isinf_isnan.h"
#include "api/compute/eltwise_unary/log1p.h"
#include "api/compute/eltwise_unary/logical_not.h"
#include "api/compute/eltwise_unary/negative.h"
#include "api/compute/eltwise_unary/prelu.h"
#include "api/compute/eltwise_unary/recip.h"
#include "api/compute/eltwise_unary/relu.h"
#include "api/compute/eltwise_unary/rounding.h"
#include "api/compute/eltwise_unary/rpow.h"
#include "api/compute/eltwise_unary/rsqrt.h"
#include "api/compute/eltwise_unary/rsub.h"
#include "api/compute/eltwise_unary/selu.h"
#include "api/compute/eltwise_unary/sfpu_split_includes.h"
#include "api/compute/eltwise_unary/softplus.h"
#include "api/compute/eltwise_unary/sqrt.h"
#include "api/compute/eltwise_unary/threshold.h"
#include "api/compute/eltwise_unary/trigonometry.h"
#include "api/compute/eltwise_unary/typecast.h"
#include "api/compute/eltwise_unary/where.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/pack_untilize.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reduce.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/tilize.h"
#include "api/compute/transpose.h"
#include "api/compute/transpose_dest.h"
#include "api/compute/untilize.h"
#include "emu/compute_prelude.h"

TEST(ComputeHeaders081, RenamedCalls) {
  void (*mm)(uint32_t, uint32_t, const uint32_t, uint32_t) = &matmul_init;
  void (*mb)(uint32_t, uint32_t, const uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &matmul_block_init;
  void (*bc)(uint32_t, uint32_t, uint32_t) = &bcast_init<EltwiseBinaryType::ELWADD, BroadcastType::ROW>;
  void (*ub)(uint32_t, uint32_t) = &unary_bcast_init<BroadcastType::COL>;
  void (*ad)(uint32_t, uint32_t, bool, uint32_t) = &add_init;
  void (*cp)(uint32_t, uint32_t, uint32_t, uint32_t) = &copy_init;
  void (*rd)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) = &reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>;
  void (*ti)(uint32_t, uint32_t) = &transpose_init<>;
  void (*tt)(uint32_t, uint32_t, uint32_t) = &transpose_tile<>;
  void (*td)(uint32_t) = &transpose_dest<>;
  void (*ln)(uint32_t) = &logical_not_tile<DataFormat::Float16_b>;
  for (void* p : {reinterpret_cast<void*>(mm), reinterpret_cast<void*>(mb), reinterpret_cast<void*>(bc),
                  reinterpret_cast<void*>(ub), reinterpret_cast<void*>(ad), reinterpret_cast<void*>(cp),
                  reinterpret_cast<void*>(rd), reinterpret_cast<void*>(ti), reinterpret_cast<void*>(tt),
                  reinterpret_cast<void*>(td), reinterpret_cast<void*>(ln)})
    EXPECT_NE(p, nullptr);
}
