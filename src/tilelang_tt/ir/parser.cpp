// Statement half of the IR text parser, and parse_func (printer.h). See text_parser.h and docs/ir.md.
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/text_parser.h"
#include "tilelang_tt/support/error.h"

namespace tl {
namespace text {

namespace {
std::string describe(const Token& t) {
  switch (t.kind) {
    case TokKind::Newline: return "end of line";
    case TokKind::Indent: return "an indented block";
    case TokKind::Dedent: return "end of block";
    case TokKind::End: return "end of text";
    case TokKind::String: return quote_string(t.text);
    default: return "'" + t.text + "'";
  }
}
}  // namespace

void Parser::fail(const std::string& expected, const Token* at) const {
  const Token& t = at ? *at : peek();
  throw UserError("parse", "expected " + expected + ", got " + describe(t), Span{"<ir>", t.line, t.col});
}

std::string Parser::ident(const char* what) {
  if (peek().kind != TokKind::Ident) fail(what);
  return next().text;
}

DType Parser::dtype() {
  if (peek().kind == TokKind::Ident)
    if (auto t = dtype_from_name(peek().text)) {
      next();
      return *t;
    }
  fail("a dtype");
}

int64_t Parser::integer() {
  bool neg = accept("-");
  const Token& t = next();
  if (t.kind != TokKind::Int) fail("an integer", &t);
  return as_const_int(literal_number(t, neg, DType::Int64)).value();
}

bool Parser::boolean() {
  if (accept("True")) return true;
  if (accept("False")) return false;
  fail("True or False");
}

void Parser::define(const Token& at, const std::string& name, Sym sym) {
  auto& scope = scopes_.back();
  if (scope.count(name)) fail("a new name", &at);
  scope[name] = std::move(sym);
}

const Parser::Sym* Parser::lookup(const std::string& name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto f = it->find(name);
    if (f != it->end()) return &f->second;
  }
  return nullptr;
}

void Parser::end_line() {
  if (peek().kind != TokKind::Newline) fail("end of line");
  next();
}

// NAME [':' DTYPE]; the caller defines it once its scope opens.
VarRef Parser::var_decl() {
  std::string name = ident("a var name");
  DType t = DType::Int32;
  if (accept(":")) t = dtype();
  return make_var(name, t);
}

// NAME ':' [SCOPE] DTYPE '[' shape ']', defined in the current scope.
Buffer Parser::buffer_decl() {
  const Token& at = peek();
  std::string name = ident("a buffer name");
  expect(":");
  Scope scope = Scope::Global;
  if (peek().kind == TokKind::Ident)
    if (auto s = scope_from_name(peek().text)) {
      next();
      scope = *s;
    }
  DType t = dtype();
  expect("[");
  auto shape = expr_list("]");
  for (auto& s : shape)
    if (!dtype_is_int(s->dtype)) fail("integer extents in the shape of " + name, &at);
  Buffer b = make_buffer(name, t, shape, scope, Span{"<ir>", at.line, at.col});
  define(at, name, {nullptr, b});
  return b;
}

// NAME (the whole buffer) or NAME '[' min '+:' extent, ... ']'
BufferRegion Parser::region() {
  const Token& at = peek();
  std::string name = ident("a buffer region");
  const Sym* sym = lookup(name);
  if (!sym || !sym->buffer) fail("a buffer in scope", &at);
  if (!accept("[")) return make_full_region(sym->buffer);
  BufferRegion r{sym->buffer, {}};
  if (!accept("]")) {
    do {
      Expr mn = expr();
      expect("+:");
      Expr ext = expr();
      r.ranges.push_back({mn, ext});
    } while (accept(","));
    expect("]");
  }
  if (r.ranges.size() != sym->buffer->shape.size())
    throw UserError("parse",
                    "expected " + std::to_string(sym->buffer->shape.size()) + " ranges for " + name + ", got " +
                        std::to_string(r.ranges.size()),
                    Span{"<ir>", at.line, at.col});
  return r;
}

void Parser::attr(std::map<std::string, std::string>& attrs) {
  expect("attr");
  if (peek().kind != TokKind::String) fail("a quoted attribute key");
  std::string k = next().text;
  expect("=");
  if (peek().kind != TokKind::String) fail("a quoted attribute value");
  attrs[k] = next().text;
  end_line();
}

std::vector<Stmt> Parser::suite() {
  expect(":");
  end_line();
  if (peek().kind != TokKind::Indent) fail("an indented block");
  next();
  push();
  auto out = items();
  pop();
  next();  // the Dedent
  return out;
}

std::vector<Stmt> Parser::items() {
  std::vector<Stmt> out;
  while (peek().kind != TokKind::Dedent && peek().kind != TokKind::End) stmt(out);
  if (peek().kind != TokKind::Dedent) fail("end of block");
  return out;
}

Stmt block_of(std::vector<Stmt> items, Span span) {
  if (items.size() == 1) return items[0];
  return std::make_shared<SeqStmtNode>(std::move(items), std::move(span));
}

PrimFunc Parser::func() {
  const Token& at = peek();
  expect("func");
  std::string name;
  if (peek().kind == TokKind::String) name = next().text;
  else name = ident("a function name");
  push();
  std::vector<VarRef> shape_vars;
  if (accept("[")) {
    do {
      const Token& vt = peek();
      shape_vars.push_back(var_decl());
      define(vt, shape_vars.back()->name, {shape_vars.back(), nullptr});
    } while (accept(","));
    expect("]");
  }
  expect("(");
  std::vector<Buffer> params;
  if (!accept(")")) {
    do {
      const Token& pt = peek();
      params.push_back(buffer_decl());
      if (params.back()->scope != Scope::Global) fail("a global buffer parameter", &pt);
    } while (accept(","));
    expect(")");
  }
  expect(":");
  end_line();
  if (peek().kind != TokKind::Indent) fail("an indented block");
  Span body_span = span_here();
  next();
  std::map<std::string, std::string> attrs;
  while (is("attr")) attr(attrs);
  std::vector<Buffer> workspaces;
  while (is("alloc")) {
    next();
    const Token& wt = peek();
    workspaces.push_back(buffer_decl());
    if (workspaces.back()->scope != Scope::Global) fail("a global workspace", &wt);
    end_line();
  }
  push();
  auto body = items();
  pop();
  next();  // Dedent
  if (peek().kind != TokKind::End) fail("end of text");
  pop();
  return make_func(name, params, shape_vars, attrs, block_of(std::move(body), body_span), Span{"<ir>", at.line, at.col},
                   workspaces);
}

}  // namespace text

PrimFunc parse_func(const std::string& text) {
  text::Parser p(text);
  return p.func();
}

}  // namespace tl
