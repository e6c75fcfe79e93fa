// One statement of the IR text (text_parser.h): dispatch on the leading keyword; a line that starts with a
// buffer name is a store.
#include "tilelang_tt/ir/text_parser.h"
#include "tilelang_tt/support/error.h"

namespace tl::text {

namespace {
struct KwArg {
  std::string name;
  const Token* at;
};
}  // namespace

void Parser::stmt(std::vector<Stmt>& out) {
  const Token& at = peek();
  Span sp{"<ir>", at.line, at.col};
  auto user_error = [&](const std::string& msg) { throw UserError("parse", msg, sp); };
  // `, name=` keyword arguments until ')'; handle(name) parses the value or returns false.
  auto kwargs = [&](auto handle) {
    while (accept(",")) {
      const Token& k = peek();
      std::string name = ident("a keyword argument");
      expect("=");
      if (!handle(name)) fail("a known keyword argument", &k);
    }
    expect(")");
  };

  if (accept("pass")) return end_line();
  if (accept("seq")) {
    out.push_back(std::make_shared<SeqStmtNode>(suite(), sp));
    return;
  }
  if (accept("for")) {
    VarRef v = var_decl();
    if (!dtype_is_int(v->dtype)) fail("an integer loop var", &at);
    expect("in");
    static const std::pair<const char*, ForKind> kinds[] = {{"serial", ForKind::Serial},
                                                            {"parallel", ForKind::Parallel},
                                                            {"pipelined", ForKind::Pipelined},
                                                            {"unroll", ForKind::Unrolled},
                                                            {"thread", ForKind::Thread}};
    const ForKind* kind = nullptr;
    for (auto& [s, k] : kinds)
      if (accept(s)) kind = &k;
    if (!kind) fail("serial, parallel, pipelined, unroll or thread");
    expect("(");
    Expr mn = expr();
    expect(",");
    Expr ext = expr();
    int num_stages = 0;
    std::vector<int> order, stage, group;
    auto ints = [&](std::vector<int>& dst) {
      expect("[");
      if (!accept("]")) {
        do dst.push_back(static_cast<int>(integer()));
        while (accept(","));
        expect("]");
      }
    };
    kwargs([&](const std::string& k) {
      if (k == "num_stages") num_stages = static_cast<int>(integer());
      else if (k == "order") ints(order);
      else if (k == "stage") ints(stage);
      else if (k == "group") ints(group);
      else return false;
      return true;
    });
    if (!dtype_is_int(mn->dtype) || !dtype_is_int(ext->dtype)) user_error("expected integer loop bounds");
    push();
    define(at, v->name, {v, nullptr});
    auto body = suite();
    pop();
    out.push_back(make_for(v, mn, ext, *kind, block_of(std::move(body), sp), sp, num_stages, order, stage, group));
    return;
  }
  if (accept("if")) {
    Expr c = expr();
    Stmt then_case = block_of(suite(), sp), else_case;
    if (accept("else")) else_case = block_of(suite(), sp);
    out.push_back(make_if(c, then_case, else_case, sp));
    return;
  }
  if (accept("let")) {
    VarRef v = var_decl();
    expect("=");
    Expr val = expr();
    if (val->dtype != v->dtype)
      user_error(std::string("expected a value of dtype ") + dtype_name(v->dtype) + " for " + v->name + ", got " +
                 dtype_name(val->dtype));
    push();
    define(at, v->name, {v, nullptr});
    auto body = suite();
    pop();
    out.push_back(make_let(v, val, block_of(std::move(body), sp), sp));
    return;
  }
  if (accept("kernel")) {
    std::vector<VarRef> vars;
    do vars.push_back(var_decl());
    while (accept(","));
    expect("in");
    expect("grid");
    expect("(");
    auto grid = expr_list(")");
    if (grid.empty() || grid.size() > 3 || grid.size() != vars.size())
      user_error("expected 1-3 grid extents, one per block var, got " + std::to_string(grid.size()) + " for " +
                 std::to_string(vars.size()) + " vars");
    expect("threads");
    expect("(");
    std::vector<int> threads;
    if (!accept(")")) {
      do threads.push_back(static_cast<int>(integer()));
      while (accept(","));
      expect(")");
    }
    expect(":");
    end_line();
    if (peek().kind != TokKind::Indent) fail("an indented block");
    next();
    push();
    for (auto& v : vars) define(at, v->name, {v, nullptr});
    std::vector<Buffer> allocs;
    while (is("alloc")) {
      next();
      const Token& bt = peek();
      allocs.push_back(buffer_decl());
      if (allocs.back()->scope == Scope::Global) fail("a shared, fragment, local or var scope", &bt);
      end_line();
    }
    std::map<std::string, std::string> attrs;
    while (is("attr")) attr(attrs);
    push();
    auto body = items();
    pop();
    pop();
    next();  // Dedent
    out.push_back(make_kernel(grid, vars, threads, allocs, attrs, block_of(std::move(body), sp), sp));
    return;
  }
  if (accept("evaluate")) {
    expect("(");
    Expr v = expr();
    expect(")");
    out.push_back(make_evaluate(v, sp));
    return end_line();
  }
  if (accept("assert")) {
    expect("(");
    Expr c = expr();
    expect(",");
    if (peek().kind != TokKind::String) fail("a quoted message");
    std::string msg = next().text;
    expect(")");
    out.push_back(make_assert(c, msg, sp));
    return end_line();
  }
  if (accept("print")) {
    expect("(");
    if (peek().kind != TokKind::String) fail("a quoted message");
    std::string msg = next().text;
    expect(",");
    expect("at");
    expect("=");
    expect("[");
    std::vector<Expr> at;
    while (!accept("]")) {
      if (!at.empty()) expect(",");
      at.push_back(expr());
    }
    expect(",");
    Expr value;
    BufferRegion reg;
    if (accept("value")) {
      expect("=");
      value = expr();
    } else {
      expect("region");
      expect("=");
      reg = region();
    }
    expect(")");
    out.push_back(make_print(msg, at, value, reg, sp));
    return end_line();
  }
  if (accept("copy")) {
    expect("(");
    auto src = region();
    expect(",");
    auto dst = region();
    expect(")");
    out.push_back(make_copy(src, dst, sp));
    return end_line();
  }
  if (accept("im2col")) {
    expect("(");
    auto src = region();
    expect(",");
    auto dst = region();
    expect(",");
    Expr nhw = expr();
    expect(",");
    Expr c = expr();
    int64_t k = 1, st = 1, dl = 1, pad = 0;
    kwargs([&](const std::string& key) {
      if (key == "kernel") k = integer();
      else if (key == "stride") st = integer();
      else if (key == "dilation") dl = integer();
      else if (key == "pad") pad = integer();
      else return false;
      return true;
    });
    if (src.ranges.size() != 4 || dst.ranges.size() != 2) user_error("expected a 4-D image and a 2-D column buffer");
    if (k < 1 || st < 1 || dl < 1 || pad < 0) user_error("expected kernel, stride, dilation >= 1 and pad >= 0");
    out.push_back(make_im2col(src, dst, nhw, c, static_cast<int>(k), static_cast<int>(st), static_cast<int>(dl),
                              static_cast<int>(pad), sp));
    return end_line();
  }
  if (accept("fill")) {
    expect("(");
    auto dst = region();
    expect(",");
    Expr v = expr();
    expect(")");
    out.push_back(make_fill(dst, v, sp));
    return end_line();
  }
  if (accept("gemm")) {
    expect("(");
    auto a = region();
    expect(",");
    auto b = region();
    expect(",");
    auto c = region();
    bool ta = false, tb = false, clear = false;
    kwargs([&](const std::string& k) {
      if (k == "transpose_a") ta = boolean();
      else if (k == "transpose_b") tb = boolean();
      else if (k == "clear_accum") clear = boolean();
      else return false;
      return true;
    });
    if (a.ranges.size() < 2 || b.ranges.size() < 2 || c.ranges.size() < 2) user_error("expected gemm operands of rank >= 2");
    out.push_back(make_gemm(a, b, c, ta, tb, clear, sp));
    return end_line();
  }
  if (at.kind == TokKind::Ident && (at.text.rfind("reduce_", 0) == 0 || at.text == "cumsum")) {
    static const std::pair<const char*, ReduceKind> kinds[] = {{"reduce_sum", ReduceKind::Sum},
                                                               {"reduce_max", ReduceKind::Max},
                                                               {"reduce_min", ReduceKind::Min},
                                                               {"reduce_abssum", ReduceKind::AbsSum},
                                                               {"reduce_absmax", ReduceKind::AbsMax}};
    const ReduceKind* kind = nullptr;
    for (auto& [s, k] : kinds)
      if (at.text == s) kind = &k;
    bool cumsum = at.text == "cumsum";
    if (!kind && !cumsum) fail("reduce_sum, reduce_max, reduce_min, reduce_abssum or reduce_absmax");
    next();
    expect("(");
    auto src = region();
    expect(",");
    auto dst = region();
    int64_t dim = -1;
    bool flag = !cumsum;  // clear defaults to True, reverse to False
    kwargs([&](const std::string& k) {
      if (k == "dim") dim = integer();
      else if (k == (cumsum ? "reverse" : "clear")) flag = boolean();
      else return false;
      return true;
    });
    if (dim < 0 || dim >= static_cast<int64_t>(src.ranges.size()))
      user_error("expected dim=<0.." + std::to_string(src.ranges.size()) + ">, got " +
                 (dim < 0 ? std::string("none") : std::to_string(dim)));
    out.push_back(cumsum ? make_cumsum(src, dst, static_cast<int>(dim), flag, sp)
                         : make_reduce(*kind, src, dst, static_cast<int>(dim), flag, sp));
    return end_line();
  }
  // NAME '[' indices ']' — the element a store or an atomic writes.
  auto element = [&](std::vector<Expr>& idx) -> Buffer {
    const Token& bt = peek();
    if (bt.kind != TokKind::Ident || is_reserved_word(bt.text)) fail("a statement");
    const Sym* sym = lookup(bt.text);
    if (!sym || !sym->buffer) fail("a statement or a buffer in scope");
    next();
    expect("[");
    idx = expr_list("]");
    if (idx.size() != sym->buffer->shape.size())
      user_error("expected " + std::to_string(sym->buffer->shape.size()) + " indices into " + bt.text + ", got " +
                 std::to_string(idx.size()));
    for (auto& i : idx)
      if (!dtype_is_int(i->dtype)) user_error("expected integer indices into " + bt.text);
    return sym->buffer;
  };
  static const std::pair<const char*, AtomicOp> atomics[] = {
      {"atomic_add", AtomicOp::Add}, {"atomic_max", AtomicOp::Max}, {"atomic_min", AtomicOp::Min},
      {"atomic_or", AtomicOp::Or}};
  for (auto& [name, op] : atomics) {
    if (!accept(name)) continue;
    expect("(");
    std::vector<Expr> idx;
    Buffer b = element(idx);
    expect(",");
    Expr v = expr();
    Buffer prev;
    kwargs([&](const std::string& k) {
      if (k != "prev") return false;
      const Token& pt = peek();
      const Sym* sym = lookup(ident("a var buffer"));
      if (!sym || !sym->buffer || sym->buffer->scope != Scope::Var || sym->buffer->dtype != b->dtype)
        fail("a var buffer of the element's dtype", &pt);
      prev = sym->buffer;
      return true;
    });
    out.push_back(make_atomic(op, b, idx, v, prev, sp));
    return end_line();
  }
  // NAME '[' indices ']' '=' value
  std::vector<Expr> idx;
  Buffer b = element(idx);
  expect("=");
  Expr v = expr();
  out.push_back(make_store(b, idx, v, sp));
  end_line();
}

}  // namespace tl::text
