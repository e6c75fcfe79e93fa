// int32 tiles in element-wise tile expressions (transform/tt_int_tiles.h): the SFPU's int32 operations and the
// typecasts between int32 and float DST values, in each API version's names. Part of ComputeEmitter::value.
#include <cstdio>
#include <map>

#include "tilelang_tt/codegen/tt/emit_compute.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_int_tiles.h"

namespace tl::tt {

namespace {

// An SFPU int32 op on two DST slots: its header, init and call, per API version (0.66, 0.81).
struct IntOp {
  const char *header66, *init66, *call66, *header81, *init81, *call81;
};

const std::map<BinaryOp, IntOp>& int_ops() {
  static const std::map<BinaryOp, IntOp> ops = {
      {BinaryOp::Add, {"compute_kernel_api/add_int_sfpu.h", "add_int_tile_init()", "add_int32_tile",
                       "compute_kernel_api/add_int_sfpu.h", "add_int_tile_init()", "add_int_tile<DataFormat::Int32>"}},
      {BinaryOp::Sub, {"compute_kernel_api/sub_int_sfpu.h", "sub_int_tile_init()", "sub_int32_tile",
                       "compute_kernel_api/sub_int_sfpu.h", "sub_int_tile_init()", "sub_int_tile<DataFormat::Int32>"}},
      {BinaryOp::Mul, {"compute_kernel_api/mul_int32_sfpu.h", "mul_int32_tile_init()", "mul_int32_tile",
                       "compute_kernel_api/mul_int_sfpu.h", "mul_int_tile_init<DataFormat::Int32>()",
                       "mul_int_tile<DataFormat::Int32>"}},
      {BinaryOp::Max, {"compute_kernel_api/binary_max_min.h", "binary_max_tile_init()", "binary_max_int32_tile",
                       "compute_kernel_api/binary_max_min.h", "binary_max_int32_tile_init()", "binary_max_int32_tile"}},
      {BinaryOp::Min, {"compute_kernel_api/binary_max_min.h", "binary_min_tile_init()", "binary_min_int32_tile",
                       "compute_kernel_api/binary_max_min.h", "binary_min_int32_tile_init()", "binary_min_int32_tile"}},
      {BinaryOp::LT, {"compute_kernel_api/binary_comp.h", "lt_int32_tile_init()", "lt_int32_tile",
                      "compute_kernel_api/binary_comp.h", "lt_int_tile_init<DataFormat::Int32>()", "lt_int_tile<DataFormat::Int32>"}},
      {BinaryOp::GT, {"compute_kernel_api/binary_comp.h", "gt_int32_tile_init()", "gt_int32_tile",
                      "compute_kernel_api/binary_comp.h", "gt_int_tile_init<DataFormat::Int32>()", "gt_int_tile<DataFormat::Int32>"}},
      {BinaryOp::LE, {"compute_kernel_api/binary_comp.h", "le_int32_tile_init()", "le_int32_tile",
                      "compute_kernel_api/binary_comp.h", "le_int_tile_init<DataFormat::Int32>()", "le_int_tile<DataFormat::Int32>"}},
      {BinaryOp::GE, {"compute_kernel_api/binary_comp.h", "ge_int32_tile_init()", "ge_int32_tile",
                      "compute_kernel_api/binary_comp.h", "ge_int_tile_init<DataFormat::Int32>()", "ge_int_tile<DataFormat::Int32>"}},
      // The 0.66 API has no int32 ==/!= of two tiles: a − b (modulo 2^32, zero exactly when a == b), then eqz/nez.
      {BinaryOp::EQ, {"compute_kernel_api/sub_int_sfpu.h", "sub_int_tile_init()", "sub_int32_tile",
                      "compute_kernel_api/binary_comp.h", "eq_int_tile_init<DataFormat::Int32>()", "eq_int_tile<DataFormat::Int32>"}},
      {BinaryOp::NE, {"compute_kernel_api/sub_int_sfpu.h", "sub_int_tile_init()", "sub_int32_tile",
                      "compute_kernel_api/binary_comp.h", "ne_int_tile_init<DataFormat::Int32>()", "ne_int_tile<DataFormat::Int32>"}},
  };
  return ops;
}

std::string hex32(int64_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08Xu", static_cast<uint32_t>(v));
  return buf;
}

}  // namespace

void ComputeEmitter::typecast(const char* in, const char* out, int slot, std::ostringstream& os, const std::string& pad) {
  use("compute_kernel_api/eltwise_unary/typecast.h");
  const std::string args = std::string("<static_cast<uint32_t>(DataFormat::") + in +
                           "), static_cast<uint32_t>(DataFormat::" + out + ")>";
  os << pad << "typecast_tile_init" << args << "();\n" << pad << "typecast_tile" << args << "(" << slot << ");\n";
}

int ComputeEmitter::fill_int(const Expr& e, int slot, std::ostringstream& os, const std::string& pad) {
  use("compute_kernel_api/eltwise_unary/fill.h");
  auto k = as_const_int(e);
  os << pad << "fill_tile_init();\n" << pad << (api_0_66() ? "fill_tile_int(" : "fill_tile_int<DataFormat::Int32>(") << slot << ", "
     << (k ? hex32(*k) : "static_cast<uint32_t>(static_cast<int32_t>(" + scalar_(e) + "))") << ");\n";
  return slot;
}

int ComputeEmitter::int_cast(const CastNode& c, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
                             const std::string& pad, const Span& span) {
  if (is_int(c.value) && dtype_is_int(c.dtype)) return value(c.value, slot, t, cols, os, pad, span);
  if (dtype_is_int(c.dtype) && c.dtype != DType::Int32)
    throw UserError("T.cast", std::string("casts to ") + dtype_name(c.dtype) + " inside element-wise tile code are "
                              "not supported on tenstorrent: its integer tiles are int32", span);
  const int top = value(c.value, slot, t, cols, os, pad, span);
  if (dtype_is_int(c.dtype)) {  // float, or a 0/1 float boolean, to int32: truncation toward zero
    typecast("Float32", "Int32", slot, os, pad);
    return top;
  }
  if (c.dtype == DType::Bool) {  // bool(x) = (x != 0): 1 or 0, held as the float 0/1 tile booleans are
    use("compute_kernel_api/eltwise_unary/comp.h");
    os << pad << "nez_tile_init();\n" << pad << "nez_tile_int32(" << slot << ");\n";
  }
  typecast("Int32", "Float32", slot, os, pad);
  return top;
}

int ComputeEmitter::int_value(const Expr& e, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
                              const std::string& pad, const Span& span) {
  const std::string s = std::to_string(slot), s1 = std::to_string(slot + 1);
  if (auto* b = e->as<BinaryNode>()) {
    auto it = int_ops().find(b->op);
    if (it == int_ops().end())
      throw UserError("T.Parallel", std::string("operator '") + binary_op_name(b->op) + "' on int32 tiles is not "
                                    "supported on tenstorrent: its SFPU has int32 +, -, *, max, min and comparisons",
                      span);
    const IntOp& op = it->second;
    const int top_a = value(b->a, slot, t, cols, os, pad, span);  // in order: the right operand goes above the left
    const int top = std::max(top_a, value(b->b, slot + 1, t, cols, os, pad, span));
    use(api_0_66() ? op.header66 : op.header81);
    os << pad << (api_0_66() ? op.init66 : op.init81) << ";\n"
       << pad << (api_0_66() ? op.call66 : op.call81) << "(" << s << ", " << s1 << ", " << s << ");\n";
    if (binary_op_is_compare(b->op)) {  // the int32 1/0 as the float 0/1 tile booleans are
      if (api_0_66() && (b->op == BinaryOp::EQ || b->op == BinaryOp::NE)) {
        const char* fn = b->op == BinaryOp::EQ ? "eqz" : "nez";
        use("compute_kernel_api/eltwise_unary/comp.h");
        os << pad << fn << "_tile_init();\n" << pad << fn << "_tile_int32(" << s << ");\n";
      }
      typecast("Int32", "Float32", slot, os, pad);
    }
    return top;
  }
  if (auto* sel = e->as<SelectNode>()) {  // where on int32 values; the condition is a float 0/1 tile (0 bits = false)
    int top = value(sel->cond, slot, t, cols, os, pad, span);
    top = std::max(top, value(sel->t, slot + 1, t, cols, os, pad, span));
    top = std::max(top, value(sel->f, slot + 2, t, cols, os, pad, span));
    use("compute_kernel_api/eltwise_unary/where.h");
    os << pad << "where_tile_init();\n"
       << pad << (api_0_66() ? "where_int32_tile" : "where_tile<DataFormat::Int32>") << "(" << s << ", " << s1 << ", "
       << slot + 2 << ", " << s << ");\n";
    return top;
  }
  throw UserError("T.Parallel", "this int32 expression is not supported in element-wise tile code on tenstorrent "
                                "(int32 tiles have +, -, *, max, min, abs, comparisons, selects and casts)", span);
}

}  // namespace tl::tt
