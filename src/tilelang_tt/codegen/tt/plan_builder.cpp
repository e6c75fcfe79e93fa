// build_plan (see the header).
#include "tilelang_tt/codegen/tt/plan_builder.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/infer_tt_schedule.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_tensor_layout.h"

namespace tl::tt {

namespace {

constexpr uint32_t INVALID_FLAG = 0;  // INVALID of hostdevcommon/common_values.hpp

DataFormat format_of(const std::string& name) {
  if (name == "Float32") return DataFormat::Float32;
  if (name == "Float16_b") return DataFormat::Float16_b;
  if (name == "Float16") return DataFormat::Float16;
  if (name == "Int32") return DataFormat::Int32;
  if (name == "Bfp8_b") return DataFormat::Bfp8_b;
  TL_ASSERT(false, "no plan format for " << name);
  return DataFormat::Float32;
}

bool has_role(const Stmt& body, KernelRole role) {
  struct Walk : IRVisitor {
    KernelRole role;
    bool found = false;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      auto* c = tt_op(s);
      if (!c) return;
      found |= tt_op_role(*c) == role;
    }
  } w;
  w.role = role;
  w.visit(body);
  return w.found;
}

// Every TT tile op of a kernel body gets a waypoint "T" + 3 base-36 digits, numbered across the Plan.
void number_sites(const Stmt& body, uint32_t& next, std::vector<OpSite>& sites,
                  std::map<const StmtNode*, std::string>& waypoints) {
  struct Walk : IRVisitor {
    uint32_t* next;
    std::vector<OpSite>* sites;
    std::map<const StmtNode*, std::string>* waypoints;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      auto* c = tt_op(s);
      if (!c) return;
      static const char* digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
      const uint32_t id = (*next)++;
      TL_ASSERT(id < 36 * 36 * 36, "more TT tile ops than waypoint names");
      const std::string code = {'T', digits[id / 1296], digits[id / 36 % 36], digits[id % 36]};
      (*waypoints)[s.get()] = code;
      sites->push_back({code, c->name, tt_op_role(*c), s->span});
    }
  } w;
  w.next = &next, w.sites = &sites, w.waypoints = &waypoints;
  w.visit(body);
}

// Float32 CBs that the reader fills and compute uses as vector leaves (see KernelContext::bcast_in_reader).
std::map<uint32_t, bool> reader_broadcast_cbs(const Stmt& body, const std::vector<CBInfo>& cbs) {
  struct Reads : IRVisitor {
    std::set<int64_t> read;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      if (auto* c = tt_op(s); c && (is_tile_read(*c) || c->name == "tt.read_vector_at")) read.insert(const_arg(*c, 1));  // read_vector_at fills whole tiles (emit_control.h)
      if (auto* c = tt_op(s); c && c->name == "tt.iota") read.insert(const_arg(*c, 0));  // whole tiles already
    }
  } w;
  w.visit(body);
  const auto vec = vector_leaf_cbs(body);
  std::map<uint32_t, bool> out;
  for (auto& cb : cbs)
    if (cb.format == "Float32" && w.read.count(cb.index) && vec.count(cb.index)) out[cb.index] = vec.at(cb.index);
  return out;
}

// A multicast-reading kernel's args (emit_kernels.cpp, tl_mcast_at): per axis (row, then column) the sender flag, the
// sender's NOC x/y, the receivers' NOC rectangle and their count.
// (x0, y0): the corner of the core's gx × gy multicast grid (a layer of a 3-D grid, else the origin).
void append_mcast_args(std::vector<RtArg>& args, uint32_t x, uint32_t y, uint32_t x0, uint32_t y0, uint32_t gx,
                       uint32_t gy) {
  auto axis = [&](bool sender, uint32_t sx, uint32_t sy, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1,
                  uint32_t n) {
    if (n == 0) x0 = x1 = x, y0 = y1 = y;  // no receivers: the rectangle is never used
    args.insert(args.end(), {RtArg::constant(sender), RtArg::noc_x(sx, sy), RtArg::noc_y(sx, sy), RtArg::noc_x(x0, y0),
                             RtArg::noc_y(x0, y0), RtArg::noc_x(x1, y1), RtArg::noc_y(x1, y1), RtArg::constant(n)});
  };
  axis(x == x0, x0, y, x0 + 1, y, x0 + gx - 1, y, gx - 1);
  axis(y == y0, x, y0, x, y0 + 1, x, y0 + gy - 1, gy - 1);
}

// Tensors read by a T.Kernel after an earlier one wrote them, with a partial edge tile: that writer zeroes the
// edge tiles' pad (TensorView::zero_pad). The host pads what it writes with zeros; a kernel writes whole tiles,
// whose pad holds whatever the block computed there (e.g. exp(0) = 1), and a later reader of the tile would
// take that for data (a reduction over the block, a sum of split-K partials written with a bias, ...).
// A tensor stored as bfp8_b may not pass from one T.Kernel to a later one: its edge tiles' pad could not be zeroed
// in the block-float layout, and "interpret" quantizes bfp8_b tensors only at the function's boundary.
void mark_zero_pad(const std::vector<const KernelNode*>& kernels, const std::vector<TensorPlan>& tensors,
                   std::vector<TensorView>& views) {
  struct Uses : IRVisitor {
    std::map<int, Span> reads;
    std::set<int> writes;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
      if (auto* c = tt_op(st)) {
        if ((is_tile_read(*c) || c->name == "tt.read_vector_at")) reads.emplace(static_cast<int>(tile_op_tensor(*c)), st->span);
        if (is_tile_write(*c)) writes.insert(static_cast<int>(tile_op_tensor(*c)));
      }
    }
  };
  std::set<int> written_before;
  for (const KernelNode* k : kernels) {
    Uses u;
    u.visit(k->body);
    for (auto& [t, span] : u.reads) {
      if (!written_before.count(t)) continue;
      if (tensors[t].format == DataFormat::Bfp8_b)
        throw UserError("T.copy", "tensor " + tensors[t].name + " is stored as bfp8_b and read here after an earlier " +
                                      "T.Kernel of the function wrote it; bfp8_b storage is for the function's " +
                                      "inputs and outputs only: drop format='bfp8_b' for " + tensors[t].name,
                        span);
      views[t].zero_pad = true;
    }
    written_before.insert(u.writes.begin(), u.writes.end());
  }
  for (auto& v : views) v.zero_pad &= v.valid_rows < 32 || v.valid_cols < 32;
}

}  // namespace

Plan build_plan(const PrimFunc& f, const DeviceParams& dev, const std::vector<bool>& outputs, int math_fidelity,
                MetaliumApi api) {
  Plan plan;
  plan.api = api;
  plan.func_name = f->name;
  plan.device = dev.name;
  std::vector<TensorView> views;
  const std::vector<Buffer> globals = tt_global_tensors(f);
  for (size_t i = 0; i < globals.size(); ++i) {
    const Buffer& p = globals[i];
    TensorPlan t;
    t.name = p->name;
    t.dtype = p->dtype;
    auto fmt = tt_tensor_format(f->attrs, p);
    if (!fmt)
      throw UserError("T.Tensor", std::string("parameter ") + p->name + " has dtype " + dtype_name(p->dtype) +
                                      ", which has no tenstorrent tile format yet; use float32, bfloat16 or float16",
                      p->span);
    t.format = format_of(*fmt);
    for (auto& d : p->shape) t.shape.push_back(*as_const_int(d));
    set_tensor_view(t);
    if (auto dim = f->attrs.find("tt.tiledim." + p->name); dim != f->attrs.end()) {
      const size_t r = std::stoul(dim->second);
      t.slice_rows = t.shape[r];
      for (size_t d = r + 1; d + 1 < t.shape.size(); ++d) t.inner *= t.shape[d];
      t.tile_rows = t.slice_rows ? t.rows / t.slice_rows * ((t.slice_rows + 31) / 32) : 0;
    }
    if (auto v = tt_vector_layout(f->attrs, p)) {  // lines (infer_tt_vector_layouts.h): rows x 1 or slices x n
      const int64_t n = t.shape[v->dim];
      int64_t total = 1;
      t.inner = 1;
      for (size_t d = 0; d < t.shape.size(); ++d) total *= t.shape[d], t.inner *= d > v->dim && v->col ? t.shape[d] : 1;
      for (size_t d = v->dim + 1; d < t.shape.size() && !v->col; ++d) t.line_inner *= t.shape[d];
      t.rows = v->col ? total : total / n;
      t.cols = v->col ? 1 : n;
      t.slice_rows = v->col ? n : 1;
      t.tile_rows = t.rows / t.slice_rows * ((t.slice_rows + 31) / 32);
      t.tile_cols = (t.cols + 31) / 32;
    }
    auto view = f->attrs.find("tt.view." + p->name);
    if (view == f->attrs.end()) {
      view = f->attrs.find("tt.sticks." + p->name);
      t.row_major = view != f->attrs.end();
    }
    if (view != f->attrs.end()) {
      auto comma = view->second.find(',');
      t.rows = std::stoll(view->second.substr(0, comma));
      t.cols = std::stoll(view->second.substr(comma + 1));
      t.slice_rows = t.rows;
      t.tile_rows = (t.rows + 31) / 32;
      t.tile_cols = (t.cols + 31) / 32;
    }
    auto layout = f->attrs.find("tt.layout." + p->name);
    t.l1 = layout != f->attrs.end() && layout->second.rfind("l1,", 0) == 0;
    t.output = i < outputs.size() && outputs[i];
    // Every parameter is written by the host: inputs, and outputs with their initial contents; a workspace
    // (after the parameters) is neither: the host zeroes it.
    t.input = i < f->params.size();
    // The host program, and the page ids of the kernels, count rows, columns and tiles in 32 bits.
    const int64_t pages = t.row_major ? t.rows : t.tile_rows * t.tile_cols;
    if (std::max({t.rows, t.cols, pages}) > int64_t{UINT32_MAX})
      throw UserError("T.Tensor", "tensor " + p->name + " is " + std::to_string(t.rows) + " rows by " +
                                      std::to_string(t.cols) + " columns (" + std::to_string(pages) + " pages) in " +
                                      "its 2-D view; the host program counts rows, columns and pages in 32 bits: "
                                      "expected at most 2^32 - 1 of each", p->span);
    plan.tensors.push_back(t);
    TensorView v{t.name, t.tile_rows, t.tile_cols, page_bytes(t)};
    v.slice_tile_rows = (t.slice_rows + 31) / 32;
    v.valid_rows = static_cast<uint32_t>(t.slice_rows % 32 ? t.slice_rows % 32 : 32);
    v.valid_cols = static_cast<uint32_t>(t.cols % 32 ? t.cols % 32 : 32);
    v.one_row = t.rows == 1 && t.format != DataFormat::Bfp8_b;  // bfp8_b rows live in exponents + faces
    views.push_back(v);
  }

  std::vector<const KernelNode*> kernels;
  struct Find : IRVisitor {
    std::vector<const KernelNode*>* out;
    void visit_Kernel(const KernelNode& n, const Stmt&) override { out->push_back(&n); }
  } find;
  find.out = &kernels;
  find.visit(f->body);
  mark_zero_pad(kernels, plan.tensors, views);

  uint32_t next_site = 0;
  for (size_t ki = 0; ki < kernels.size(); ++ki) {
    const KernelNode& k = *kernels[ki];
    ProgramPlan prog;
    prog.name = "kernel" + std::to_string(ki);
    KernelContext ctx;
    number_sites(k.body, next_site, prog.sites, ctx.waypoints);
    ctx.func_name = f->name;
    ctx.api = api;
    ctx.kernel = &k;
    ctx.cbs = decode_cbs(k.attrs.at("tt.cbs"));
    ctx.tensors = views;
    ctx.fp32_acc = k.attrs.count("tt.fp32_acc") > 0;
    // A 16-bit DST holds bf16: float16 tiles (11 significant bits) need the fp32 DST to keep their precision,
    // int32 tiles its 32-bit mode to be held at all.
    for (auto& cb : ctx.cbs) ctx.fp32_acc |= cb.format == "Float32" || cb.format == "Float16" || cb.format == "Int32";
    ctx.bcast_in_reader = reader_broadcast_cbs(k.body, ctx.cbs);
    ctx.dst_capacity = ctx.fp32_acc ? dev.dst_tiles_fp32 : dev.dst_tiles_bf16;
    for (auto& cb : ctx.cbs) prog.cbs.push_back({cb.index, format_of(cb.format), cb.depth});

    const uint32_t blocks = static_cast<uint32_t>(std::stoul(k.attrs.at("tt.blocks")));
    const uint32_t cores = static_cast<uint32_t>(std::stoul(k.attrs.at("tt.cores")));
    const bool strided = k.attrs.at("tt.policy") == "strided";
    // Balanced (infer_tt_schedule.h): core c's blocks, listed after its kernels' tensor addresses.
    std::vector<std::vector<int64_t>> deal;
    if (k.attrs.at("tt.policy") == "balanced") {
      std::stringstream lists(k.attrs.at("tt.deal"));
      for (std::string list; std::getline(lists, list, ';');) deal.push_back(parse_ints(list));
    }
    prog.grid_x = std::min(cores, dev.grid_x);
    prog.grid_y = (cores + prog.grid_x - 1) / prog.grid_x;
    // Multicast placement (plan_tt_multicast.h): core (cx, cy) runs the sx × sy sub-grid at (cx·sx, cy·sy).
    const bool mcast = k.attrs.at("tt.policy") == "multicast";
    uint32_t mc[6] = {0, 0, 0, 0, 1, 1}, gx = 0, gy = 0;  // Cx, Cy, sx, sy, Lx, gz (plan_tt_multicast.h)
    if (mcast) {
      const std::vector<int64_t> m = parse_ints(k.attrs.at("tt.mcast")), grid = parse_ints(k.attrs.at("tt.grid"));
      for (size_t i = 0; i < m.size() && i < 6; ++i) mc[i] = static_cast<uint32_t>(m[i]);
      gx = static_cast<uint32_t>(grid.at(0)), gy = static_cast<uint32_t>(grid.at(1));
      const uint32_t layer_rows = (mc[5] + mc[4] - 1) / mc[4];
      prog.grid_x = mc[0] * mc[4];
      prog.grid_y = mc[1] * layer_rows;
      prog.semaphores = {0, INVALID_FLAG, 0, INVALID_FLAG};  // row counter, row flag, column counter, column flag
    }
    if (k.attrs.count("tt.atomic_lock")) {  // the lock's count of landed writes (order_tt_locks.h), from 0
      ctx.lock_sem = static_cast<uint32_t>(prog.semaphores.size());
      prog.semaphores.push_back(0);
    }

    std::vector<std::vector<int>> kernel_tensors;
    std::vector<bool> kernel_mcast;
    for (KernelRole role : {KernelRole::Reader, KernelRole::Compute, KernelRole::Writer}) {
      if (!has_role(k.body, role)) continue;
      EmittedKernel e = emit_kernel(ctx, role);
      KernelPlan kp;
      kp.role = role;
      static const char* names[] = {"reader", "writer", "compute"};
      kp.file = "kernels/" + prog.name + "_" + names[static_cast<int>(role)] + ".cpp";
      kp.source = e.source;
      kp.accessor_tensors = e.tensors;
      kp.math_fidelity = math_fidelity;
      kp.fp32_dest_acc_en = ctx.fp32_acc;
      // With an fp32 DST, float32 CBs are unpacked straight into it, so reloads and copies stay exact; int32 CBs
      // too (the unpacker's SrcA path would read their bits as a float format).
      if (role == KernelRole::Compute && ctx.fp32_acc)
        for (auto& cb : ctx.cbs)
          if (cb.format == "Float32" || cb.format == "Int32") kp.unpack_to_dest_fp32.push_back(cb.index);
      prog.kernels.push_back(kp);
      kernel_tensors.push_back(e.tensors);
      kernel_mcast.push_back(e.mcast);
    }
    for (uint32_t c = 0; c < prog.grid_x * prog.grid_y; ++c) {
      CoreArgs ca;
      ca.x = c % prog.grid_x;
      ca.y = c / prog.grid_x;
      auto [first, count] = c < cores ? core_blocks(blocks, cores, strided, c) : std::pair<uint32_t, uint32_t>{0, 0};
      // Multicast: core (x, y) is core (cx, cy) of layer lz (plan_tt_multicast.h); unused layers run nothing.
      const uint32_t cx = mcast ? ca.x % mc[0] : 0, cy = mcast ? ca.y % mc[1] : 0;
      const uint32_t lz = mcast ? ca.y / mc[1] * mc[4] + ca.x / mc[0] : 0;
      if (mcast) first = lz * gx * gy + cy * mc[3] * gx + cx * mc[2], count = lz < mc[5] ? mc[2] * mc[3] : 0;
      if (!deal.empty()) first = 0, count = c < deal.size() ? static_cast<uint32_t>(deal[c].size()) : 0;
      for (size_t r = 0; r < kernel_tensors.size(); ++r) {
        std::vector<RtArg> args = {RtArg::constant(first), RtArg::constant(count)};
        for (int t : kernel_tensors[r]) args.push_back(RtArg::tensor_addr(t));
        if (c < deal.size())
          for (int64_t b : deal[c]) args.push_back(RtArg::constant(static_cast<uint32_t>(b)));
        if (mcast && kernel_mcast[r]) append_mcast_args(args, ca.x, ca.y, ca.x - cx, ca.y - cy, mc[0], mc[1]);
        ca.args.push_back(args);
      }
      prog.cores.push_back(ca);
    }
    plan.programs.push_back(prog);
  }
  return plan;
}

}  // namespace tl::tt
