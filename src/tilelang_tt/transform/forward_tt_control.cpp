// forward_tt_control (see the header for the contract).
#include "tilelang_tt/transform/forward_tt_control.h"

#include <map>
#include <set>

#include "tilelang_tt/codegen/tt/emit_scalar.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_tensor_layout.h"

namespace tl::tt {

namespace {

Expr i32(int64_t v) { return make_int(v); }

bool is_control_store(const BufferStoreNode& n) { return is_scalar_buffer(n.buffer) && reads_control_data(n.value); }

// Control stores' values with tt.read_element for the global tensors' elements.
class Elements : public IRMutator {
 public:
  Elements(std::map<std::string, std::string>& attrs, const std::vector<Buffer>& tensors) : attrs_(attrs) {
    for (size_t i = 0; i < tensors.size(); ++i) index_[tensors[i].get()] = static_cast<int>(i);
  }
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    return n.for_kind == ForKind::Parallel ? s : IRMutator::mutate_For(n, s);
  }
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    if (!is_control_store(n)) return s;
    span_ = n.span;
    return IRMutator::mutate_BufferStore(n, s);
  }
  Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    if (n.buffer->scope != Scope::Global) return IRMutator::mutate_BufferLoad(n, e);
    std::vector<Expr> idx;
    for (auto& i : n.indices) idx.push_back(mutate(i));
    auto fmt = tt_tensor_format(attrs_, n.buffer);
    if (fmt && *fmt == "Bfp8_b")
      throw UserError("store", "tensor " + n.buffer->name + " is stored as bfp8_b, whose elements the reader cannot "
                               "read one by one; keep tensors that steer control flow in their own dtype", span_);
    auto [row, col] = element_at(n.buffer, idx);
    return make_extern("tt.read_element", n.buffer->dtype, {i32(index_.at(n.buffer.get())), row, col});
  }

 private:
  // (row, col) of the element in g's 2-D device view (plan.h, tt_tensor_layout.h), recording g's layout when no
  // tile op did.
  std::pair<Expr, Expr> element_at(const Buffer& g, const std::vector<Expr>& idx) {
    std::vector<int64_t> shape;
    for (auto& d : g->shape) shape.push_back(*as_const_int(d));
    const size_t rank = shape.size();
    if (auto v = tt_vector_layout(attrs_, g)) {  // a tensor of lines (infer_tt_vector_layouts.h)
      auto e = tt_vector_element(g, *v, idx);
      auto at = [](const Expr& tile, const Expr& in) {
        return make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, tile, i32(32)), in);
      };
      return {at(e[0], e[2]), at(e[1], e[3])};
    }
    if (rank == 1) {
      auto v = attrs_.find("tt.view." + g->name);
      const std::string col_view = std::to_string(shape[0]) + ",1";
      if (v != attrs_.end() && v->second == col_view && shape[0] != 1) return {idx[0], i32(0)};
      tt_set_layout(attrs_, g, "tt.view.", "1," + std::to_string(shape[0]), "store", span_);
      return {i32(0), idx[0]};
    }
    if (rank == 2) {
      tt_set_layout(attrs_, g, "tt.view.", std::to_string(shape[0]) + "," + std::to_string(shape[1]), "store", span_);
      return {idx[0], idx[1]};
    }
    auto td = attrs_.find("tt.tiledim." + g->name);
    const size_t r = td == attrs_.end() ? rank - 2 : static_cast<size_t>(std::stoll(td->second));
    tt_set_layout(attrs_, g, "tt.tiledim.", std::to_string(r), "store", span_);
    Expr slice;
    for (size_t d = 0; d + 1 < rank; ++d) {
      if (d == r) continue;
      slice = !slice ? idx[d] : make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, i32(shape[d])), idx[d]);
    }
    Expr row = idx[r];
    if (slice) row = make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, i32((shape[r] + 31) / 32 * 32)), row);
    return {row, idx[rank - 1]};
  }

  std::map<std::string, std::string>& attrs_;
  std::map<const BufferNode*, int> index_;
  Span span_;
};

// After each control store of a scalar some consumer needs: the reader's push and that consumer's receive.
class Forward : public IRMutator {
 public:
  std::map<const BufferNode*, std::vector<std::pair<int64_t, int>>> to;  // scalar → (control CB, role) of consumers
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    return n.for_kind == ForKind::Parallel ? s : IRMutator::mutate_For(n, s);
  }
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    auto it = to.find(n.buffer.get());
    if (!is_control_store(n) || it == to.end()) return s;
    std::vector<Stmt> out{s};
    const Expr v = make_load(n.buffer, {i32(0)});
    for (auto& [cb, role] : it->second) out.push_back(make_tt_op("tt.ctrl_push", {i32(cb), v}, n.span));
    for (auto& [cb, role] : it->second) out.push_back(make_tt_op("tt.ctrl_recv", {i32(cb), i32(role), v}, n.span));
    return make_seq(out, n.span);
  }
};

std::set<const BufferNode*> control_scalars(const Stmt& body) {
  struct Stores : IRVisitor {
    std::set<const BufferNode*> out;
    void visit_For(const ForNode& n, const Stmt& s) override {
      if (n.for_kind != ForKind::Parallel) IRVisitor::visit_For(n, s);
    }
    void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
      if (is_control_store(n)) out.insert(n.buffer.get());
    }
  } st;
  st.visit(body);
  return st.out;
}

uint32_t free_cb(const std::vector<CBInfo>& cbs) {
  std::set<uint32_t> used;
  for (auto& c : cbs) used.insert(c.index);
  uint32_t k = 0;
  while (used.count(k)) ++k;
  return k;
}

class PerKernel : public IRMutator {
 public:
  std::map<std::string, std::string>* attrs;
  std::vector<Buffer> tensors;
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    Stmt body = Elements(*attrs, tensors).mutate(n.body);
    const std::set<const BufferNode*> ctl = control_scalars(body);
    if (ctl.empty()) return s;
    std::vector<CBInfo> cbs = decode_cbs(n.attrs.at("tt.cbs"));
    auto kattrs = n.attrs;
    const uint32_t scratch = free_cb(cbs);
    cbs.push_back(CBInfo{scratch, "Float16_b", 1, 1, ""});
    kattrs["tt.ctrl_scratch"] = std::to_string(scratch);
    // Which control scalars each consumer needs, to a fixpoint: a receive is an op of its kernel, so the control
    // flow around it (maybe on other control scalars) is kept there too.
    std::map<KernelRole, std::set<const BufferNode*>> need;
    std::map<KernelRole, int64_t> cb_of;
    Stmt out = body;
    for (bool grew = true; grew;) {
      grew = false;
      for (KernelRole r : {KernelRole::Compute, KernelRole::Writer})
        for (auto* b : scalars_needed(out, r))
          if (ctl.count(b) && need[r].insert(b).second) grew = true;
      Forward fw;
      for (KernelRole r : {KernelRole::Compute, KernelRole::Writer}) {
        if (need[r].empty()) continue;
        if (!cb_of.count(r)) {
          cb_of[r] = free_cb(cbs);
          cbs.push_back(CBInfo{static_cast<uint32_t>(cb_of[r]), "Float16_b", 2, 1, ""});
        }
        for (auto* b : need[r]) fw.to[b].emplace_back(cb_of[r], r == KernelRole::Writer ? 1 : 0);
      }
      out = fw.mutate(body);
    }
    kattrs["tt.cbs"] = encode_cbs(cbs);
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, kattrs, out, n.span);
  }
};

}  // namespace

bool reads_control_data(const Expr& e) {
  struct Find : IRVisitor {
    bool found = false;
    void visit_BufferLoad(const BufferLoadNode& n, const Expr& x) override {
      found |= n.buffer->scope == Scope::Global;
      IRVisitor::visit_BufferLoad(n, x);
    }
    void visit_ExternCall(const ExternCallNode& c, const Expr& x) override {
      found |= c.name == "tt.read_element";
      IRVisitor::visit_ExternCall(c, x);
    }
  } f;
  f.visit(e);
  return f.found;
}

bool has_control_stores(const PrimFunc& f) { return !control_scalars(f->body).empty(); }

PrimFunc forward_tt_control(const PrimFunc& f) {
  auto attrs = f->attrs;
  PerKernel k;
  k.attrs = &attrs;
  k.tensors = tt_global_tensors(f);
  PrimFunc out = k.mutate_func(f);
  return make_func(out->name, out->params, out->shape_vars, attrs, out->body, out->span, out->workspaces);
}

}  // namespace tl::tt
