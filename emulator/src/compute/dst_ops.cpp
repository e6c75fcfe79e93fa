// ComputeCore's operations on DST alone: SFPU functions, typecasts, DST-to-DST copies and transposes, where. Like
// every tile operation (compute_core.cpp) each checks and counts at its call and defers its data work.
#include <cstring>

#include "compute_core.h"
#include "cycle_model.h"

namespace emu::compute {

void ComputeCore::sfpu_unary(const char* api, SfpuUnary op, uint32_t idst, float p0, float p1, float p2,
                             int vector_mode) {
  float* d = dst_.math_tile(api, idst);
  const bool round = dst_bf16();
  env_.defer([=] { emu::compute::sfpu_unary(op, d, p0, p1, p2, vector_mode, round); }, {}, {});
  env_.count("sfpu", sfpu_unary_cycles(op));
}

void ComputeCore::sfpu_binary(const char* api, SfpuBinary op, uint32_t i0, uint32_t i1, uint32_t out, int vector_mode) {
  const float* a = dst_.math_tile(api, i0);
  const float* b = dst_.math_tile(api, i1);
  float* d = dst_.math_tile(api, out);
  const bool round = dst_bf16();
  env_.defer([=] { emu::compute::sfpu_binary(op, a, b, d, vector_mode, round); }, {}, {});
  env_.count("sfpu", sfpu_binary_cycles(op));
}

void ComputeCore::sfpu_int32(const char* api, SfpuInt32 op, uint32_t i0, uint32_t i1, uint32_t out) {
  const float* a = dst_.math_tile(api, i0);
  const float* b = dst_.math_tile(api, i1);
  float* d = dst_.math_tile(api, out);
  env_.defer([=] { emu::compute::sfpu_int32(op, a, b, d); }, {}, {});
  env_.count("sfpu", sfpu_binary_cycles(op == SfpuInt32::Mul ? SfpuBinary::Mul : SfpuBinary::Add));
}

void ComputeCore::sfpu_int32_unary(const char* api, SfpuInt32Unary op, uint32_t idst, uint32_t param) {
  float* d = dst_.math_tile(api, idst);
  env_.defer([=] { emu::compute::sfpu_int32_unary(op, d, param); }, {}, {});
  env_.count("sfpu", sfpu_unary_cycles(SfpuUnary::Identity));
}

void ComputeCore::typecast(uint32_t in_fmt, uint32_t out_fmt, uint32_t idst) {
  float* d = dst_.math_tile("typecast_tile", idst);
  const bool round = dst_bf16();
  env_.defer([=] { typecast_tile(in_fmt, out_fmt, d, round); }, {}, {});
  env_.count("sfpu", sfpu_unary_cycles(SfpuUnary::Identity));
}

void ComputeCore::copy_dest(uint32_t idst_in, uint32_t idst_out) {
  const float* in = dst_.math_tile("copy_dest_values", idst_in);
  float* out = dst_.math_tile("copy_dest_values", idst_out);
  if (in != out) env_.defer([=] { std::memcpy(out, in, 4096); }, {}, {});
  env_.count("copy", kDatacopyCycles);
}

void ComputeCore::transpose_dest(uint32_t idst) {
  float* d = dst_.math_tile("transpose_wh_dest", idst);
  env_.defer(
      [=] {
        alignas(64) float t[1024];
        transpose_tile(d, t);
        std::memcpy(d, t, sizeof t);
      },
      {}, {});
  env_.count("transpose", kDatacopyCycles);
}

void ComputeCore::where(uint32_t icond, uint32_t ia, uint32_t ib, uint32_t out) {
  const float* c = dst_.math_tile("where_tile", icond);
  const float* a = dst_.math_tile("where_tile", ia);
  const float* b = dst_.math_tile("where_tile", ib);
  float* o = dst_.math_tile("where_tile", out);
  env_.defer([=] { for (int i = 0; i < 1024; ++i) o[i] = c[i] != 0.0f ? a[i] : b[i]; }, {}, {});
  env_.count("sfpu", sfpu_binary_cycles(SfpuBinary::Add));
}

}  // namespace emu::compute
