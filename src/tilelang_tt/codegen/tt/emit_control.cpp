// Control data ops in the kernels (emit_control.h).
#include "tilelang_tt/codegen/tt/emit_control.h"

#include "tilelang_tt/support/error.h"

namespace tl::tt {

const char* kReadElement =
    "// tt.read_element: the 32-bit word holding element (row, col) of a tensor's 2-D view (tiles of 32x32, four\n"
    "// 16x16 faces, `bytes` per element), read with the 64 bytes around it into L1 at scratch (64-byte aligned\n"
    "// DRAM reads on Wormhole and Blackhole); a 16-bit element is the word's low or high half.\n"
    "template <typename Accessor>\n"
    "uint32_t tl_read_word(const Accessor& t, int32_t row, int32_t col, uint32_t tile_cols, uint32_t bytes,\n"
    "                      uint32_t scratch) {\n"
    "  const uint32_t page = (uint32_t(row) >> 5) * tile_cols + (uint32_t(col) >> 5);\n"
    "  const uint32_t at = tl_face_index(uint32_t(row) & 31, uint32_t(col) & 31) * bytes;\n"
    "  noc_async_read(t.get_noc_addr(page, at & ~63u), scratch, 64);\n"
    "  noc_async_read_barrier();\n"
    "  const uint32_t w = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(scratch)[(at & 63u) >> 2];\n"
    "  return bytes == 4 ? w : (at & 2u) ? w >> 16 : w & 0xffffu;\n"
    "}\n"
    "inline float tl_bits_f32(uint32_t b) {\n"
    "  float f;\n"
    "  __builtin_memcpy(&f, &b, 4);\n"
    "  return f;\n"
    "}\n"
    "// An IEEE half's bits as a float (normals, subnormals, infinities, NaN).\n"
    "inline float tl_half_f32(uint32_t h) {\n"
    "  const uint32_t sign = (h & 0x8000u) << 16, e = (h >> 10) & 31u, m = h & 0x3ffu;\n"
    "  if (e == 31) return tl_bits_f32(sign | 0x7f800000u | (m << 13));\n"
    "  if (e != 0) return tl_bits_f32(sign | ((e + 112) << 23) | (m << 13));\n"
    "  const float f = float(m) * (1.0f / 16777216.0f);  // m * 2^-24\n"
    "  return sign ? -f : f;\n"
    "}\n";

std::string ctrl_scratch_prologue(int64_t scratch) {
  return "  cb_reserve_back(" + std::to_string(scratch) + ", 1);  // the control data's scratch page (never pushed)\n"
         "  const uint32_t tl_ctrl_l1 = get_write_ptr(" + std::to_string(scratch) + ");\n";
}

std::string read_element_expr(const ExternCallNode& c, const TensorView& t, const std::string& tensor,
                              const std::string& row, const std::string& col) {
  TL_ASSERT(t.tile_bytes == 4096 || t.tile_bytes == 2048, "control tensor " << t.name << " format");
  const std::string w = "tl_read_word(" + tensor + ", " + row + ", " + col + ", " + std::to_string(t.tile_cols) +
                        ", " + (t.tile_bytes == 4096 ? "4" : "2") + ", tl_ctrl_l1)";
  switch (c.dtype) {
    case DType::Float32: return "tl_bits_f32(" + w + ")";
    case DType::Int32: return "int32_t(" + w + ")";
    case DType::Float16: return "tl_half_f32(" + w + ")";
    case DType::Bool: return "int32_t((" + w + " & 0x7fffu) != 0)";  // a 0.0/1.0 bfloat16 (docs/tenstorrent.md)
    default:  // bfloat16 and the float8 values bfloat16 tiles hold
      TL_ASSERT(t.tile_bytes == 2048, "control tensor " << t.name << " dtype");
      return "tl_bits_f32(" + w + " << 16)";
  }
}

std::string read_vector_at(const ExternCallNode& c, const TensorView& t, const std::string& tensor,
                           const std::string& pad, const std::string& start) {
  const std::string cb = std::to_string(const_arg(c, 1)), scratch = std::to_string(const_arg(c, 5));
  const int64_t n = const_arg(c, 3);
  const bool col = const_arg(c, 4) != 0, wide = t.tile_bytes == 4096;
  const int64_t len = col ? t.tile_rows * 32 : t.tile_cols * 32;  // a bound past the vector's end: its zero pad
  const std::string type = wide ? "uint32_t" : "uint16_t";
  std::string s;
  s += pad + "{\n";
  s += pad + "  cb_reserve_back(" + scratch + ", 1);  // 64 bytes of scratch per element read (never pushed)\n";
  s += pad + "  const uint32_t tl_s = get_write_ptr(" + scratch + ");\n";
  s += pad + "  cb_reserve_back(" + cb + ", " + std::to_string(n / 32) + ");\n";
  s += pad + "  const uint32_t tl_base = get_write_ptr(" + cb + "), tl_bytes = get_tile_size(" + cb + ");\n";
  s += pad + "  const int32_t tl_start = " + start + ";\n";
  s += pad + "  for (uint32_t tl_r = 0; tl_r < " + std::to_string(n) + "; ++tl_r) {\n";
  s += pad + "    const int32_t tl_x = tl_start + int32_t(tl_r);\n";
  s += pad + "    const " + type + " tl_v = tl_x >= 0 && tl_x < " + std::to_string(len) + " ? " + type + "(tl_read_word(" +
       tensor + ", " + (col ? "tl_x, 0" : "0, tl_x") + ", " + std::to_string(t.tile_cols) + ", " + (wide ? "4" : "2") +
       ", tl_s)) : " + type + "(0);\n";
  s += pad + "    volatile tt_l1_ptr " + type + "* tl_p = reinterpret_cast<volatile tt_l1_ptr " + type +
       "*>(tl_base + (tl_r >> 5) * tl_bytes);\n";
  s += pad + "    for (uint32_t tl_c = 0; tl_c < 32; ++tl_c) tl_p[" +
       (col ? "tl_face_index(tl_r & 31, tl_c)" : "tl_face_index(tl_c, tl_r & 31)") + "] = tl_v;\n";
  s += pad + "  }\n";
  s += pad + "  cb_push_back(" + cb + ", " + std::to_string(n / 32) + ");\n";
  return s + pad + "}\n";
}

std::string emit_ctrl_op(const ExternCallNode& c, KernelRole role, const std::string& pad, const std::string& s) {
  const std::string cb = std::to_string(const_arg(c, 0));
  const bool is_float = dtype_is_float(c.args[c.name == "tt.ctrl_push" ? 1 : 2]->dtype);
  std::string out;
  if (c.name == "tt.ctrl_push") {
    out += pad + "cb_reserve_back(" + cb + ", 1);\n" + pad + "{\n";
    if (is_float) out += pad + "  uint32_t tl_bits;\n" + pad + "  __builtin_memcpy(&tl_bits, &" + s + ", 4);\n";
    out += pad + "  *reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_write_ptr(" + cb + ")) = " +
           (is_float ? "tl_bits" : "uint32_t(" + s + ")") + ";\n" + pad + "}\n";
    return out + pad + "cb_push_back(" + cb + ", 1);\n";
  }
  const std::string word = role == KernelRole::Compute
                               ? "read_tile_value(" + cb + ", 0, 0)"
                               : "*reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_read_ptr(" + cb + "))";
  out += pad + "cb_wait_front(" + cb + ", 1);\n";
  if (is_float) {
    out += pad + "{\n" + pad + "  const uint32_t tl_bits = " + word + ";\n" + pad + "  __builtin_memcpy(&" + s +
           ", &tl_bits, 4);\n" + pad + "}\n";
  } else {
    out += pad + s + " = int32_t(" + word + ");\n";
  }
  return out + pad + "cb_pop_front(" + cb + ", 1);\n";
}

}  // namespace tl::tt
