// Small helpers of the TT plan (plan.h).
#include "tilelang_tt/codegen/tt/plan.h"

#include "tilelang_tt/support/error.h"

namespace tl::tt {

const char* data_format_name(DataFormat f) {
  switch (f) {
    case DataFormat::Float32: return "Float32";
    case DataFormat::Float16: return "Float16";
    case DataFormat::Float16_b: return "Float16_b";
    case DataFormat::Bfp8_b: return "Bfp8_b";
    case DataFormat::Int32: return "Int32";
    case DataFormat::UInt32: return "UInt32";
  }
  return "?";
}

uint32_t tile_bytes(DataFormat f) {
  switch (f) {
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32: return 4096;
    case DataFormat::Float16:
    case DataFormat::Float16_b: return 2048;
    case DataFormat::Bfp8_b: return 1088;
  }
  return 0;
}

MetaliumApi metalium_api_of(const std::string& name) {
  if (name == "0.66") return MetaliumApi::V0_66;
  if (name == "0.81") return MetaliumApi::V0_81;
  throw UserError("tt.metalium_api", "expected \"0.66\" or \"0.81\", got \"" + name + "\"");
}

const char* metalium_api_name(MetaliumApi api) { return api == MetaliumApi::V0_66 ? "0.66" : "0.81"; }

uint32_t page_bytes(const TensorPlan& t) {
  return t.row_major ? static_cast<uint32_t>(t.cols) * dtype_bytes(t.dtype) : tile_bytes(t.format);
}

void set_tensor_view(TensorPlan& t) {
  TL_ASSERT(!t.shape.empty(), "tensor " << t.name << " has no shape");
  t.cols = t.shape.back();
  t.rows = 1;
  for (size_t i = 0; i + 1 < t.shape.size(); ++i) t.rows *= t.shape[i];
  t.slice_rows = t.shape.size() >= 3 ? t.shape[t.shape.size() - 2] : t.rows;
  t.tile_rows = t.slice_rows ? t.rows / t.slice_rows * ((t.slice_rows + 31) / 32) : 0;
  t.tile_cols = (t.cols + 31) / 32;
}

}  // namespace tl::tt
