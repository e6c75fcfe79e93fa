// The recursive-descent parser of the IR text form (internal to parser.cpp / parser_expr.cpp).
// Grammar: docs/ir.md. Every syntax or name error throws UserError("parse", "expected ... got ...",
// Span{"<ir>", line, col}) at the offending token.
//
// Expressions are rebuilt with the checked make_* constructors, which leave well-formed IR unchanged (its
// operands already have the promoted dtypes) and let hand-written text say `x + 1` for a float x. Casts and
// sequences are built as written. Names are lexically scoped: a definition may shadow an outer one.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/ir/text_lexer.h"

namespace tl::text {

class Parser {
 public:
  explicit Parser(const std::string& text) : toks_(lex_ir_text(text)) {}
  PrimFunc func();

  // ---- tokens (parser.cpp)
  const Token& peek(int k = 0) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool is(const char* s, int k = 0) const {
    auto& t = peek(k);
    return (t.kind == TokKind::Punct || t.kind == TokKind::Ident) && t.text == s;
  }
  bool accept(const char* s) {
    if (!is(s)) return false;
    ++pos_;
    return true;
  }
  void expect(const char* s) {
    if (!accept(s)) fail(std::string("'") + s + "'");
  }
  [[noreturn]] void fail(const std::string& expected, const Token* at = nullptr) const;
  std::string ident(const char* what);
  DType dtype();
  int64_t integer();  // an optionally negative int literal
  bool boolean();
  Span span_here() const { return Span{"<ir>", peek().line, peek().col}; }

  // ---- names
  struct Sym {
    VarRef var;
    Buffer buffer;
  };
  void push() { scopes_.emplace_back(); }
  void pop() { scopes_.pop_back(); }
  void define(const Token& at, const std::string& name, Sym sym);
  const Sym* lookup(const std::string& name) const;

  // ---- expressions (parser_expr.cpp)
  Expr expr();
  std::vector<Expr> expr_list(const char* close);  // after the opening bracket, through `close`
  Expr literal_number(const Token& num, bool negative, DType t);

  // ---- statements (parser.cpp)
  VarRef var_decl();
  Buffer buffer_decl();
  BufferRegion region();
  std::vector<Stmt> suite();  // ':' NEWLINE INDENT stmt* DEDENT
  std::vector<Stmt> items();  // statements up to the closing DEDENT
  void stmt(std::vector<Stmt>& out);
  void attr(std::map<std::string, std::string>& attrs);
  void end_line();

 private:
  Expr or_expr();
  Expr and_expr();
  Expr not_expr();
  Expr cmp_expr();
  Expr bitwise_expr(int level);  // level 0: |, 1: ^, 2: &, 3: << >>, then add_expr
  Expr add_expr();
  Expr mul_expr();
  Expr unary_expr();
  Expr atom();

  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::vector<std::map<std::string, Sym>> scopes_;
};

Stmt block_of(std::vector<Stmt> items, Span span);

}  // namespace tl::text
