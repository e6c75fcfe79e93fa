// Sub-tile blocks padded into whole tiles (tt_padded_blocks.h).
#include "tilelang_tt/transform/tt_padded_blocks.h"

#include <vector>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

bool is_sub_tile(const Buffer& b) {
  if (b->scope == Scope::Global) return false;
  for (auto& e : b->shape) {
    auto n = as_const_int(e);
    if (n && *n % 32) return true;
  }
  return false;
}

namespace {

bool is_local(const Buffer& b) { return b->scope != Scope::Global; }

// Every buffer a statement touches (element accesses and op regions), named by the op for the error.
struct Touched : IRVisitor {
  std::map<const BufferNode*, std::string>& out;
  std::string op;
  Touched(std::map<const BufferNode*, std::string>& o, std::string name) : out(o), op(std::move(name)) {}
  void add(const Buffer& b) {
    if (is_sub_tile(b)) out.emplace(b.get(), op);
  }
  void visit_region(const BufferRegion& r) override { add(r.buffer), IRVisitor::visit_region(r); }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override { add(n.buffer), IRVisitor::visit_BufferLoad(n, e); }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    add(n.buffer), IRVisitor::visit_BufferStore(n, s);
  }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override { add(n.buffer), IRVisitor::visit_Atomic(n, s); }
};

class Scan : public IRVisitor {
 public:
  std::set<const BufferNode*> used;                 // sub-tile buffers the padded ops use
  std::map<const BufferNode*, std::string> blocked;
  std::vector<std::pair<const BufferNode*, const BufferNode*>> local_copies;  // (src, dst)
  std::set<const BufferNode*> other_writes;         // sub-tile buffers written by a non-zeroing op
  std::vector<const GemmNode*> gemms;

  void visit_Copy(const CopyNode& n, const Stmt& s) override {
    const Buffer &src = n.src.buffer, &dst = n.dst.buffer;
    if (is_local(src) && is_local(dst)) {
      if (is_sub_tile(src) || is_sub_tile(dst)) {
        if (!same_shape(src, dst)) return touch(s, "T.copy between buffers of different shapes");
        local_copies.emplace_back(src.get(), dst.get());
      }
    }
    for (const Buffer* b : {&src, &dst})
      if (is_sub_tile(*b)) {
        if ((*b)->shape.size() != 2) return touch(s, "T.copy of a block that is not 2-D");
        used.insert(b->get());
      }
  }
  void visit_Fill(const FillNode& n, const Stmt&) override {
    if (!is_sub_tile(n.dst.buffer)) return;
    used.insert(n.dst.buffer.get());
    const DType t = n.dst.buffer->dtype;
    auto k = interp::eval_closed(n.value);
    const interp::Value x = k ? interp::convert(n.value->dtype, t, *k) : interp::Value{};
    if (!k || (dtype_is_float(t) ? x.f != 0.0 : x.i != 0)) other_writes.insert(n.dst.buffer.get());
  }
  void visit_Gemm(const GemmNode& n, const Stmt&) override {
    for (const BufferRegion* r : {&n.a, &n.b, &n.c})
      if (is_sub_tile(r->buffer)) used.insert(r->buffer.get());
    if (is_sub_tile(n.c.buffer)) other_writes.insert(n.c.buffer.get());
    gemms.push_back(&n);
  }
  // An element-wise nest runs over the tiles that cover its blocks (tt_parallel_match.h): its stores fill the pad
  // with what the expression computes there.
  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind != ForKind::Parallel) return IRVisitor::visit_For(n, s);
    struct Nest : IRVisitor {
      Scan* scan;
      void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
        if (is_sub_tile(l.buffer)) scan->used.insert(l.buffer.get());
        IRVisitor::visit_BufferLoad(l, e);
      }
      void visit_BufferStore(const BufferStoreNode& st, const Stmt& x) override {
        if (is_sub_tile(st.buffer)) scan->used.insert(st.buffer.get()), scan->other_writes.insert(st.buffer.get());
        IRVisitor::visit_BufferStore(st, x);
      }
    } nest;
    nest.scan = this;
    nest.visit(s);
  }
  // A reduction over the cover: its pad along the reduced dimension is masked to the identity (tensorize_tt).
  void visit_Reduce(const ReduceNode& n, const Stmt&) override {
    for (const Buffer* b : {&n.src.buffer, &n.dst.buffer})
      if (is_sub_tile(*b)) used.insert(b->get());
    if (is_sub_tile(n.dst.buffer)) other_writes.insert(n.dst.buffer.get());
  }
  void visit_CumSum(const CumSumNode& n, const Stmt&) override {  // over the cover; the pad along dim zeroed
    for (const Buffer* b : {&n.src.buffer, &n.dst.buffer})
      if (is_sub_tile(*b)) used.insert(b->get());
    if (is_sub_tile(n.dst.buffer)) other_writes.insert(n.dst.buffer.get());
  }
  void visit_Im2Col(const Im2ColNode&, const Stmt& s) override { touch(s, "T.im2col"); }
  void visit_Print(const PrintNode&, const Stmt& s) override { touch(s, "T.print"); }
  void visit_Atomic(const AtomicNode&, const Stmt& s) override { touch(s, "an atomic"); }
  void visit_BufferStore(const BufferStoreNode&, const Stmt& s) override { touch(s, "an element store"); }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    Touched t(blocked, "an element read");
    t.visit(e);
  }

 private:
  static bool same_shape(const Buffer& a, const Buffer& b) {
    if (a->shape.size() != b->shape.size()) return false;
    for (size_t d = 0; d < a->shape.size(); ++d)
      if (as_const_int(a->shape[d]) != as_const_int(b->shape[d])) return false;
    return true;
  }
  void touch(const Stmt& s, const std::string& op) {
    Touched t(blocked, op);
    t.visit(s);
  }
};

}  // namespace

PaddedBlocks scan_padded_blocks(const Stmt& kernel_body) {
  Scan scan;
  scan.visit(kernel_body);
  PaddedBlocks out;
  out.blocked = scan.blocked;
  for (const BufferNode* b : scan.used)
    if (!out.blocked.count(b)) out.padded.insert(b);
  // A zero pad: no write other than copies from global tensors and fills with 0, and copies only from buffers
  // whose pad is zero (to a fixed point: a copy from a buffer that loses its zero pad loses it too).
  std::set<const BufferNode*> nonzero = scan.other_writes;
  for (bool changed = true; changed;) {
    changed = false;
    for (auto [src, dst] : scan.local_copies)
      if (nonzero.count(src) && nonzero.insert(dst).second) changed = true;
  }
  for (const GemmNode* g : scan.gemms) {
    const std::pair<const BufferRegion*, int> k_dims[] = {{&g->a, g->transpose_a ? 0 : 1}, {&g->b, g->transpose_b ? 1 : 0}};
    for (auto [r, d] : k_dims) {
      const Buffer& b = r->buffer;
      auto n = as_const_int(b->shape[d]);
      if (!n || *n % 32 == 0 || !nonzero.count(b.get())) continue;
      throw UserError("T.gemm", "the reduction dimension of operand " + b->name + " has " + std::to_string(*n) +
                                " elements, not a multiple of 32: tenstorrent pads it to whole tiles and the pad "
                                "must be zeros, which holds only when " + b->name + " is written by T.copy from a "
                                "global tensor, T.clear or T.fill with 0 (it is also computed here); make that "
                                "dimension a multiple of 32", g->span);
    }
  }
  return out;
}

}  // namespace tl::tt
