// tt_print_lowering (see the header for the contract).
#include "tilelang_tt/transform/tt_print_lowering.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

Expr i32(int64_t v) { return make_int(v); }

// The next free print id of the kernel (its attrs hold tt.print.0 … tt.print.<id - 1>).
int64_t next_id(const std::map<std::string, std::string>& attrs) {
  int64_t id = 0;
  while (attrs.count("tt.print." + std::to_string(id))) ++id;
  return id;
}

// A buffer whose version the compute kernel can read and TSLICE can decode.
CBInfo printable(const Buffer& b, PrintContext& ctx, const Span& sp) {
  if (b->scope == Scope::Global)
    throw UserError("T.print", "printing global tensor " + b->name + " is not supported on tenstorrent (kernels "
                               "print from circular buffers): T.copy the region into a T.alloc_shared buffer and "
                               "print that", sp);
  if (b->shape.size() > 2)
    throw UserError("T.print", "buffer " + b->name + " has rank " + std::to_string(b->shape.size()) +
                               ": on tenstorrent T.print takes 1-D and 2-D buffers", sp);
  const CBInfo c = ctx.cb(b);
  if (!ctx.initialised(b))
    throw UserError("T.print", "buffer " + b->name + " is printed before anything is stored into it", sp);
  TL_ASSERT(c.format == "Float32" || c.format == "Float16_b" || c.format == "Int32" || c.format == "Float16",
            "no TSLICE decoding of CB format " << c.format);
  return c;
}

void check_scalar(const Expr& value, const Span& sp) {
  struct Loads : IRVisitor {
    const Span* sp;
    void visit_BufferLoad(const BufferLoadNode& l, const Expr&) override {
      throw UserError("T.print", "printing an expression of elements of " + l.buffer->name + " is not supported "
                                 "on tenstorrent: print the element itself (T.print(" + l.buffer->name +
                                 "[i, j])) or the buffer", *sp);
    }
  } loads;
  loads.sp = &sp;
  loads.visit(value);
  const DType t = value->dtype;
  if (t != DType::Int32 && t != DType::Bool && t != DType::Float32)
    throw UserError("T.print", std::string("printing a ") + dtype_name(t) + " value is not supported on "
                               "tenstorrent (kernel scalars are int32, bool or float32): cast it to one", sp);
}

}  // namespace

Stmt lower_print(const PrintNode& n, PrintContext& ctx) {
  const int64_t id = next_id(*ctx.kernel_attrs);
  std::vector<Expr> args = {i32(id)};
  BufferRegion region = n.region;
  int64_t form = 0;
  auto* load = n.value ? n.value->as<BufferLoadNode>() : nullptr;
  if (load) {  // one element, printed as a value
    region.buffer = load->buffer;
    region.ranges.clear();
    for (const Expr& i : load->indices) region.ranges.push_back({i, i32(1)});
    form = 3;
  }
  std::string dtype, name;
  Stmt copy;
  if (region.buffer) {
    const Buffer& b = region.buffer;
    CBInfo c = printable(b, ctx, n.span);
    if (c.format == "Float16") {  // TSLICE decodes no Float16 tiles: print an exact float32 copy
      const CBInfo f32 = ctx.float32_cb(c.tiles);
      copy = make_tt_op("tt.copy_tiles", {i32(c.index), i32(f32.index), i32(c.tiles)}, n.span);
      c = f32;
    }
    std::vector<Expr> mins, extents;
    for (const Range& r : region.ranges) {
      if (!as_const_int(r.extent))
        throw UserError("T.print", "the printed region of " + b->name + " must have constant extents on "
                                   "tenstorrent", n.span);
      mins.push_back(r.min), extents.push_back(r.extent);
    }
    const int64_t last = *as_const_int(b->shape.back());
    if (b->shape.size() == 1) {  // a vector: a column (n×1) of per-row values, else a row (1×n)
      const bool col = ctx.per_row(b);
      if (form != 3) form = col ? 1 : 2;
      if (col) mins.push_back(i32(0)), extents.push_back(i32(1));
      else mins.insert(mins.begin(), i32(0)), extents.insert(extents.begin(), i32(1));
      args.insert(args.end(), {i32(c.index), i32(col ? 1 : last / 32), i32(form)});
    } else {
      args.insert(args.end(), {i32(c.index), i32(last / 32), i32(form)});
    }
    args.insert(args.end(), {mins[0], extents[0], mins[1], extents[1]});
    dtype = dtype_name(b->dtype), name = b->name;
  } else {
    check_scalar(n.value, n.span);
    args.push_back(n.value);
    dtype = dtype_name(n.value->dtype);
  }
  args.insert(args.end(), n.at.begin(), n.at.end());
  (*ctx.kernel_attrs)["tt.print." + std::to_string(id)] = dtype + "|" + name + "|" + n.msg;
  Stmt print = make_tt_op(region.buffer ? "tt.print_tiles" : "tt.print_value", args, n.span);
  return copy ? make_seq({copy, print}, n.span) : print;
}

PrintText print_text(const std::map<std::string, std::string>& kernel_attrs, int64_t id) {
  const std::string& s = kernel_attrs.at("tt.print." + std::to_string(id));
  const size_t a = s.find('|'), b = s.find('|', a + 1);
  return {s.substr(0, a), s.substr(a + 1, b - a - 1), s.substr(b + 1)};
}

}  // namespace tl::tt
