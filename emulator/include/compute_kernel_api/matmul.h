// Matmul: matmul_tiles accumulates DST[idst] += A[in0] @ B[in1] (B transposed if the init said so);
// matmul_block does an rt x ct block of tiles for one K step (see reference §3.3).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/matmul.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/matmul.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
#if TT_METALIUM_API < 81
ALWI void mm_init(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t out_cb_id, const uint32_t transpose = 0,
                  uint32_t call_line = __builtin_LINE()) {
  (void)in0_cb_id, (void)in1_cb_id, (void)out_cb_id, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Matmul, "mm_init");
  emu::ck::set_matmul_transpose(transpose != 0);
}
#endif
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst) {
  emu::ck::matmul_tiles(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst);
}
#if TT_METALIUM_API < 81
ALWI void mm_init_short(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                        uint32_t call_line = __builtin_LINE()) {
  (void)in0_cb_id, (void)in1_cb_id, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Matmul, "mm_init_short");
  emu::ck::set_matmul_transpose(transpose != 0);
}
ALWI void mm_init_short_with_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t c_in_old_srca,
                                const uint32_t transpose = 0) {
  (void)c_in_old_srca;
  mm_init_short(in0_cb_id, in1_cb_id, transpose);
}
ALWI void mm_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t out_cb_id, const uint32_t transpose = 0,
                        uint32_t ct_dim = 1, uint32_t rt_dim = 1, uint32_t kt_dim = 1,
                        uint32_t call_line = __builtin_LINE()) {
  (void)ct_dim, (void)rt_dim, (void)kt_dim;
  mm_init(in0_cb_id, in1_cb_id, out_cb_id, transpose, call_line);
}
#endif
ALWI void matmul_block(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst, const uint32_t transpose, uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim,
                       uint32_t call_line = __builtin_LINE()) {
  (void)call_line;
  emu::ck::matmul_block(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, transpose != 0, ct_dim, rt_dim,
                        kt_dim);
}
#if TT_METALIUM_API < 81
ALWI void mm_block_init_short(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0, uint32_t ct_dim = 1,
                              uint32_t rt_dim = 1, uint32_t kt_dim = 1, uint32_t call_line = __builtin_LINE()) {
  (void)ct_dim, (void)rt_dim, (void)kt_dim;
  mm_init_short(in0_cb_id, in1_cb_id, transpose, call_line);
}
ALWI void mm_block_init_short_with_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t old_in1_cb_id,
                                      const uint32_t transpose = 0, uint32_t ct_dim = 1, uint32_t rt_dim = 1,
                                      uint32_t kt_dim = 1, uint32_t call_line = __builtin_LINE()) {
  (void)old_in1_cb_id;
  mm_block_init_short(in0_cb_id, in1_cb_id, transpose, ct_dim, rt_dim, kt_dim, call_line);
}
ALWI void mm_block_init_short_with_both_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t old_in0_cb_id,
                                           uint32_t old_in1_cb_id, const uint32_t transpose = 0, uint32_t ct_dim = 1,
                                           uint32_t rt_dim = 1, uint32_t kt_dim = 1) {
  (void)old_in0_cb_id, (void)old_in1_cb_id;
  mm_block_init_short(in0_cb_id, in1_cb_id, transpose, ct_dim, rt_dim, kt_dim);
}
#else
ALWI void matmul_init(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                      uint32_t call_line = __builtin_LINE()) {
  (void)in0_cb_id, (void)in1_cb_id, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Matmul, "matmul_init");
  emu::ck::set_matmul_transpose(transpose != 0);
}
ALWI void matmul_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0, uint32_t ct_dim = 1,
                            uint32_t rt_dim = 1, uint32_t kt_dim = 1, uint32_t call_line = __builtin_LINE()) {
  (void)ct_dim, (void)rt_dim, (void)kt_dim;
  matmul_init(in0_cb_id, in1_cb_id, transpose, call_line);
}
#endif
}  // namespace ckernel
