// IR → text. The grammar is documented in docs/ir.md; parser.cpp reads it back.
//
// Every field is printed (spans excepted). Names come from the IR but are made valid identifiers, never
// reserved words, and unique across the whole text: distinct objects that share a name get `_1`, `_2`, ...
// Names are assigned in text order, so printing parsed text gives the same text again.
#include <cctype>
#include <set>
#include <sstream>
#include <unordered_map>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/structural.h"
#include "tilelang_tt/ir/text_lexer.h"

namespace tl {

namespace {

enum Prec { kOr = 1, kAnd, kNot, kCmp, kBitOr, kBitXor, kBitAnd, kShift, kAdd, kMul, kNeg, kAtom };

int binary_prec(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or: return kOr;
    case BinaryOp::And: return kAnd;
    case BinaryOp::Add: case BinaryOp::Sub: return kAdd;
    case BinaryOp::Mul: case BinaryOp::Div: case BinaryOp::FloorDiv: case BinaryOp::FloorMod: return kMul;
    case BinaryOp::Min: case BinaryOp::Max: return kAtom;  // printed as calls
    case BinaryOp::BitOr: return kBitOr;
    case BinaryOp::BitXor: return kBitXor;
    case BinaryOp::BitAnd: return kBitAnd;
    case BinaryOp::Shl: case BinaryOp::Shr: return kShift;
    default: return kCmp;
  }
}

std::string sanitize(const std::string& raw) {
  std::string s;
  for (char c : raw) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "v" + s;
  if (is_reserved_word(s)) s += "_";
  return s;
}

class Printer {
 public:
  std::string str() const { return os_.str(); }

  std::string name(const void* obj, const std::string& hint) {
    auto it = names_.find(obj);
    if (it != names_.end()) return it->second;
    std::string base = sanitize(hint), s = base;
    for (int k = 1; used_.count(s); ++k) s = base + "_" + std::to_string(k);
    used_.insert(s);
    return names_[obj] = s;
  }
  std::string var(const VarRef& v) { return name(v.get(), v->name); }
  std::string var_def(const VarRef& v) {
    std::string s = var(v);
    if (v->dtype != DType::Int32) s += std::string(": ") + dtype_name(v->dtype);
    return s;
  }
  std::string buffer(const Buffer& b) { return name(b.get(), b->name); }
  std::string buffer_def(const Buffer& b, bool show_global) {
    std::string s = buffer(b) + ": ";
    if (b->scope != Scope::Global || show_global) s += std::string(scope_name(b->scope)) + " ";
    return s + dtype_name(b->dtype) + "[" + exprs(b->shape) + "]";
  }

  std::string exprs(const std::vector<Expr>& es) {
    std::string s;
    for (size_t i = 0; i < es.size(); ++i) s += (i ? ", " : "") + expr(es[i]);
    return s;
  }

  std::string expr(const Expr& e, int ctx = 0) {
    int prec = kAtom;
    std::string s = expr_raw(e, prec);
    return prec < ctx ? "(" + s + ")" : s;
  }

  std::string region(const BufferRegion& r) {
    std::string s = buffer(r.buffer);
    if (is_full_region(r)) return s;
    s += "[";
    for (size_t i = 0; i < r.ranges.size(); ++i)
      s += (i ? ", " : "") + expr(r.ranges[i].min, kAdd) + " +: " + expr(r.ranges[i].extent, kAdd);
    return s + "]";
  }

  void line(const std::string& s) { os_ << std::string(2 * indent_, ' ') << s << "\n"; }

  void block(const Stmt& s) {
    ++indent_;
    block_items(s);
    --indent_;
  }
  // The statements of a block at the current indentation: a SeqStmt of n != 1 items shows its items.
  void block_items(const Stmt& s) {
    auto* seq = s->as<SeqStmtNode>();
    if (!seq || seq->seq.size() == 1) return stmt(s);
    if (seq->seq.empty()) return line("pass");
    for (auto& c : seq->seq) stmt(c);
  }

  void stmt(const Stmt& s);
  void func(const PrimFunc& f);

 private:
  std::string expr_raw(const Expr& e, int& prec);
  std::string ints(const std::vector<int>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s;
  }

  std::ostringstream os_;
  int indent_ = 0;
  std::unordered_map<const void*, std::string> names_;
  std::set<std::string> used_;
};

std::string Printer::expr_raw(const Expr& e, int& prec) {
  prec = kAtom;
  switch (e->kind) {
    case ExprKind::IntImm: {
      auto* n = e->as<IntImmNode>();
      if (n->dtype == DType::Int32) return std::to_string(n->value);
      if (n->dtype == DType::Bool && (n->value == 0 || n->value == 1)) return n->value ? "True" : "False";
      return std::string(dtype_name(n->dtype)) + "(" + std::to_string(n->value) + ")";
    }
    case ExprKind::FloatImm: {
      auto* n = e->as<FloatImmNode>();
      std::string v = format_double(n->value);
      if (n->dtype == DType::Float32) return v;
      return std::string(dtype_name(n->dtype)) + "(" + v + ")";
    }
    case ExprKind::Var: return var(std::static_pointer_cast<const VarNode>(e));
    case ExprKind::Binary: {
      auto* n = e->as<BinaryNode>();
      if (n->op == BinaryOp::Min || n->op == BinaryOp::Max)
        return std::string(binary_op_name(n->op)) + "(" + expr(n->a) + ", " + expr(n->b) + ")";
      prec = binary_prec(n->op);
      // Arithmetic and logic associate to the left; comparisons do not chain.
      int left = prec == kCmp ? prec + 1 : prec;
      return expr(n->a, left) + " " + binary_op_name(n->op) + " " + expr(n->b, prec + 1);
    }
    case ExprKind::Unary: {
      auto* n = e->as<UnaryNode>();
      if (n->op == UnaryOp::Reinterpret)
        return std::string("reinterpret(") + dtype_name(n->dtype) + ", " + expr(n->a) + ")";
      if (n->op == UnaryOp::Not) {
        prec = kNot;
        return "not " + expr(n->a, kNot);
      }
      prec = kNeg;
      // A literal operand is parenthesized: `-5` reads back as the literal -5, not Neg(5).
      bool literal = n->a->kind == ExprKind::IntImm || n->a->kind == ExprKind::FloatImm;
      return "-" + (literal ? "(" + expr(n->a) + ")" : expr(n->a, kNeg));
    }
    case ExprKind::Cast: {
      auto* n = e->as<CastNode>();
      return std::string("cast(") + dtype_name(n->dtype) + ", " + expr(n->value) + ")";
    }
    case ExprKind::Select: {
      auto* n = e->as<SelectNode>();
      return "select(" + expr(n->cond) + ", " + expr(n->t) + ", " + expr(n->f) + ")";
    }
    case ExprKind::Call: {
      auto* n = e->as<CallNode>();
      return std::string(intrinsic_name(n->fn)) + "(" + exprs(n->args) + ")";
    }
    case ExprKind::BufferLoad: {
      auto* n = e->as<BufferLoadNode>();
      return buffer(n->buffer) + "[" + exprs(n->indices) + "]";
    }
    case ExprKind::ExternCall: {
      auto* n = e->as<ExternCallNode>();
      std::string s = std::string("extern(") + dtype_name(n->dtype) + ", " + quote_string(n->name);
      for (auto& a : n->args) s += ", " + expr(a);
      return s + ")";
    }
  }
  return "?";
}

void Printer::stmt(const Stmt& s) {
  switch (s->kind) {
    case StmtKind::SeqStmt: {
      // Only a SeqStmt that the block rule cannot express (one item, or nested in another) gets here.
      line("seq:");
      auto& items = s->as<SeqStmtNode>()->seq;
      ++indent_;
      if (items.empty()) line("pass");
      for (auto& c : items) stmt(c);
      --indent_;
      return;
    }
    case StmtKind::For: {
      auto* n = s->as<ForNode>();
      std::string h = "for " + var_def(n->var) + " in " + for_kind_name(n->for_kind) + "(" + expr(n->min) + ", " +
                      expr(n->extent);
      if (n->num_stages) h += ", num_stages=" + std::to_string(n->num_stages);
      if (!n->order.empty()) h += ", order=[" + ints(n->order) + "]";
      if (!n->stage.empty()) h += ", stage=[" + ints(n->stage) + "]";
      if (!n->group.empty()) h += ", group=[" + ints(n->group) + "]";
      line(h + "):");
      return block(n->body);
    }
    case StmtKind::IfThenElse: {
      auto* n = s->as<IfThenElseNode>();
      line("if " + expr(n->cond) + ":");
      block(n->then_case);
      if (n->else_case) {
        line("else:");
        block(n->else_case);
      }
      return;
    }
    case StmtKind::LetStmt: {
      auto* n = s->as<LetStmtNode>();
      std::string value = expr(n->value);  // the value cannot see the var: name it after
      line("let " + var_def(n->var) + " = " + value + ":");
      return block(n->body);
    }
    case StmtKind::BufferStore: {
      auto* n = s->as<BufferStoreNode>();
      return line(buffer(n->buffer) + "[" + exprs(n->indices) + "] = " + expr(n->value));
    }
    case StmtKind::Atomic: {
      auto* n = s->as<AtomicNode>();
      std::string prev = n->prev ? ", prev=" + buffer(n->prev) : "";
      return line(std::string(atomic_op_name(n->op)) + "(" + buffer(n->buffer) + "[" + exprs(n->indices) + "], " +
                  expr(n->value) + prev + ")");
    }
    case StmtKind::Kernel: {
      auto* n = s->as<KernelNode>();
      std::string grid = exprs(n->grid), vars;
      for (size_t i = 0; i < n->block_vars.size(); ++i) vars += (i ? ", " : "") + var_def(n->block_vars[i]);
      line("kernel " + vars + " in grid(" + grid + ") threads(" + ints(n->threads) + "):");
      ++indent_;
      for (auto& a : n->allocs) line("alloc " + buffer_def(a, true));
      for (auto& [k, v] : n->attrs) line("attr " + quote_string(k) + " = " + quote_string(v));
      block_items(n->body);
      --indent_;
      return;
    }
    case StmtKind::Copy: {
      auto* n = s->as<CopyNode>();
      return line("copy(" + region(n->src) + ", " + region(n->dst) + ")");
    }
    case StmtKind::Fill: {
      auto* n = s->as<FillNode>();
      return line("fill(" + region(n->dst) + ", " + expr(n->value) + ")");
    }
    case StmtKind::Gemm: {
      auto* n = s->as<GemmNode>();
      std::string h = "gemm(" + region(n->a) + ", " + region(n->b) + ", " + region(n->c);
      if (n->transpose_a) h += ", transpose_a=True";
      if (n->transpose_b) h += ", transpose_b=True";
      if (n->clear_accum) h += ", clear_accum=True";
      return line(h + ")");
    }
    case StmtKind::Reduce: {
      auto* n = s->as<ReduceNode>();
      return line(std::string("reduce_") + reduce_kind_name(n->reduce_kind) + "(" + region(n->src) + ", " +
                  region(n->dst) + ", dim=" + std::to_string(n->dim) + ", clear=" + (n->clear ? "True" : "False") +
                  ")");
    }
    case StmtKind::CumSum: {
      auto* n = s->as<CumSumNode>();
      return line("cumsum(" + region(n->src) + ", " + region(n->dst) + ", dim=" + std::to_string(n->dim) +
                  ", reverse=" + (n->reverse ? "True" : "False") + ")");
    }
    case StmtKind::Im2Col: {
      auto* n = s->as<Im2ColNode>();
      return line("im2col(" + region(n->src) + ", " + region(n->dst) + ", " + expr(n->nhw_step) + ", " +
                  expr(n->c_step) + ", kernel=" + std::to_string(n->kernel) + ", stride=" + std::to_string(n->stride) +
                  ", dilation=" + std::to_string(n->dilation) + ", pad=" + std::to_string(n->pad) + ")");
    }
    case StmtKind::Evaluate: return line("evaluate(" + expr(s->as<EvaluateNode>()->value) + ")");
    case StmtKind::Assert:
      return line("assert(" + expr(s->as<AssertNode>()->cond) + ", " + quote_string(s->as<AssertNode>()->msg) + ")");
    case StmtKind::Print: {
      auto* n = s->as<PrintNode>();
      std::string at;
      for (size_t i = 0; i < n->at.size(); ++i) at += (i ? ", " : "") + expr(n->at[i]);
      return line("print(" + quote_string(n->msg) + ", at=[" + at + "], " +
                  (n->value ? "value=" + expr(n->value) : "region=" + region(n->region)) + ")");
    }
  }
}

void Printer::func(const PrimFunc& f) {
  // The function name is kept exactly (it is part of structural equality): quoted if not an identifier.
  bool ident = !f->name.empty() && !std::isdigit(static_cast<unsigned char>(f->name[0]));
  for (char c : f->name) ident = ident && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  std::string h = "func " + (ident ? f->name : quote_string(f->name));
  if (!f->shape_vars.empty()) {
    h += "[";
    for (size_t i = 0; i < f->shape_vars.size(); ++i) h += (i ? ", " : "") + var_def(f->shape_vars[i]);
    h += "]";
  }
  h += "(";
  for (size_t i = 0; i < f->params.size(); ++i) h += (i ? ", " : "") + buffer_def(f->params[i], false);
  line(h + "):");
  ++indent_;
  for (auto& [k, v] : f->attrs) line("attr " + quote_string(k) + " = " + quote_string(v));
  for (auto& w : f->workspaces) line("alloc " + buffer_def(w, true));
  block_items(f->body);
  --indent_;
}

}  // namespace

std::string print_func(const PrimFunc& f) {
  Printer p;
  p.func(f);
  return p.str();
}

std::string print_stmt(const Stmt& s) {
  Printer p;
  p.block_items(s);
  return p.str();
}

std::string print_expr(const Expr& e) {
  Printer p;
  return p.expr(e);
}

}  // namespace tl
