// Expression half of the IR text parser (text_parser.h). Precedence, loosest first:
//   or < and < not < comparisons (non-chaining) < + - < * / // % < unary - < atoms
// `-` directly before a number is part of the literal (`-5` is IntImm -5; Neg(5) prints as `-(5)`).
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "tilelang_tt/ir/text_parser.h"
#include "tilelang_tt/support/error.h"

namespace tl::text {

namespace {
bool is_number(const Token& t) {
  return t.kind == TokKind::Int || t.kind == TokKind::Float ||
         (t.kind == TokKind::Ident && (t.text == "inf" || t.text == "nan"));
}
}  // namespace

Expr Parser::expr() { return or_expr(); }

std::vector<Expr> Parser::expr_list(const char* close) {
  std::vector<Expr> out;
  if (accept(close)) return out;
  do out.push_back(expr());
  while (accept(","));
  expect(close);
  return out;
}

Expr Parser::or_expr() {
  Expr e = and_expr();
  while (accept("or")) e = make_binary(BinaryOp::Or, e, and_expr());
  return e;
}

Expr Parser::and_expr() {
  Expr e = not_expr();
  while (accept("and")) e = make_binary(BinaryOp::And, e, not_expr());
  return e;
}

Expr Parser::not_expr() {
  if (accept("not")) return make_unary(UnaryOp::Not, not_expr());
  return cmp_expr();
}

Expr Parser::cmp_expr() {
  static const std::pair<const char*, BinaryOp> ops[] = {{"==", BinaryOp::EQ}, {"!=", BinaryOp::NE},
                                                         {"<", BinaryOp::LT},  {"<=", BinaryOp::LE},
                                                         {">", BinaryOp::GT},  {">=", BinaryOp::GE}};
  Expr e = bitwise_expr(0);
  for (auto& [s, op] : ops) {
    if (accept(s)) {
      e = make_binary(op, e, bitwise_expr(0));
      for (auto& [s2, op2] : ops)
        if (is(s2)) fail("a parenthesized comparison (comparisons do not chain)");
      break;
    }
  }
  return e;
}

Expr Parser::bitwise_expr(int level) {
  static const std::vector<std::pair<const char*, BinaryOp>> levels[] = {
      {{"|", BinaryOp::BitOr}}, {{"^", BinaryOp::BitXor}}, {{"&", BinaryOp::BitAnd}},
      {{"<<", BinaryOp::Shl}, {">>", BinaryOp::Shr}}};
  auto operand = [&] { return level == 3 ? add_expr() : bitwise_expr(level + 1); };
  Expr e = operand();
  for (;;) {
    bool more = false;
    for (auto& [s, op] : levels[level])
      if (accept(s)) {
        e = make_binary(op, e, operand());
        more = true;
        break;
      }
    if (!more) return e;
  }
}

Expr Parser::add_expr() {
  Expr e = mul_expr();
  for (;;) {
    if (accept("+")) e = make_binary(BinaryOp::Add, e, mul_expr());
    else if (accept("-")) e = make_binary(BinaryOp::Sub, e, mul_expr());
    else return e;
  }
}

Expr Parser::mul_expr() {
  Expr e = unary_expr();
  for (;;) {
    if (accept("*")) e = make_binary(BinaryOp::Mul, e, unary_expr());
    else if (accept("/")) e = make_binary(BinaryOp::Div, e, unary_expr());
    else if (accept("//")) e = make_binary(BinaryOp::FloorDiv, e, unary_expr());
    else if (accept("%")) e = make_binary(BinaryOp::FloorMod, e, unary_expr());
    else return e;
  }
}

Expr Parser::unary_expr() {
  if (is("-") && is_number(peek(1))) {
    next();
    const Token& num = next();
    return literal_number(num, true, num.kind == TokKind::Int ? DType::Int32 : DType::Float32);
  }
  if (accept("-")) return make_unary(UnaryOp::Neg, unary_expr());
  return atom();
}

Expr Parser::literal_number(const Token& num, bool negative, DType t) {
  if (!is_number(num)) fail("a number", &num);
  if (dtype_is_float(t)) {
    double v;
    if (num.text == "inf") v = INFINITY;
    else if (num.text == "nan") v = NAN;
    else v = std::strtod(num.text.c_str(), nullptr);
    return make_float(negative ? -v : v, t);
  }
  if (num.kind != TokKind::Int) fail(std::string("an integer for ") + dtype_name(t), &num);
  errno = 0;
  unsigned long long mag = std::strtoull(num.text.c_str(), nullptr, 10);
  const unsigned long long lim = negative ? (1ull << 63) : (1ull << 63) - 1;
  if (errno == ERANGE || mag > lim) fail("an integer that fits in 64 bits", &num);
  int64_t v = negative ? static_cast<int64_t>(0ull - mag) : static_cast<int64_t>(mag);
  return make_int(v, t);
}

Expr Parser::atom() {
  const Token& t = peek();
  if (t.kind == TokKind::Int || t.kind == TokKind::Float || is("inf") || is("nan")) {
    next();
    return literal_number(t, false, t.kind == TokKind::Int ? DType::Int32 : DType::Float32);
  }
  if (accept("(")) {
    Expr e = expr();
    expect(")");
    return e;
  }
  if (t.kind != TokKind::Ident) fail("an expression");
  if (accept("True")) return make_bool(true);
  if (accept("False")) return make_bool(false);
  if (is("(", 1)) {
    if (auto dt = dtype_from_name(t.text)) {  // typed literal: int64(5), float16(-0.5)
      next();
      next();
      bool neg = accept("-");
      const Token& num = next();
      Expr e = literal_number(num, neg, *dt);
      expect(")");
      return e;
    }
    if (t.text == "cast") {
      next();
      next();
      DType to = dtype();
      expect(",");
      Expr v = expr();
      expect(")");
      return std::make_shared<CastNode>(to, v);  // as written: make_cast would fold a literal operand
    }
    if (t.text == "reinterpret") {  // reinterpret(DTYPE, value): value's bits as DTYPE
      next();
      next();
      DType to = dtype();
      expect(",");
      const Token& at = peek();
      Expr v = expr();
      if (dtype_bits(v->dtype) != dtype_bits(to) || v->dtype == DType::Bool || to == DType::Bool)
        fail(std::string("a non-bool value of ") + std::to_string(dtype_bits(to)) + " bits", &at);
      expect(")");
      return make_reinterpret(to, v);
    }
    if (t.text == "extern") {  // extern(DTYPE, "name", args...)
      next();
      next();
      DType rt = dtype();
      expect(",");
      if (peek().kind != TokKind::String) fail("a quoted function name");
      std::string name = next().text;
      if (name.empty()) fail("a non-empty function name", &t);
      std::vector<Expr> args;
      while (accept(",")) args.push_back(expr());
      expect(")");
      return make_extern(name, rt, args);
    }
    if (t.text == "select") {
      next();
      next();
      auto args = expr_list(")");
      if (args.size() != 3) fail("select(cond, true_value, false_value)", &t);
      return make_select(args[0], args[1], args[2]);
    }
    if (t.text == "min" || t.text == "max") {
      next();
      next();
      auto args = expr_list(")");
      if (args.size() != 2) fail(t.text + "(a, b)", &t);
      return make_binary(t.text == "min" ? BinaryOp::Min : BinaryOp::Max, args[0], args[1]);
    }
    if (auto fn = intrinsic_from_name(t.text)) {
      next();
      next();
      auto args = expr_list(")");
      if (static_cast<int>(args.size()) != intrinsic_arity(*fn))
        throw UserError("parse",
                        "expected " + std::to_string(intrinsic_arity(*fn)) + " argument(s) to " + t.text + ", got " +
                            std::to_string(args.size()),
                        Span{"<ir>", t.line, t.col});
      return make_call(*fn, args);
    }
    fail("an expression (unknown function)");
  }
  std::string name = next().text;
  const Sym* sym = lookup(name);
  if (accept("[")) {
    if (!sym || !sym->buffer) fail("a buffer in scope", &t);
    auto idx = expr_list("]");
    if (idx.size() != sym->buffer->shape.size())
      throw UserError("parse",
                      "expected " + std::to_string(sym->buffer->shape.size()) + " indices into " + name + ", got " +
                          std::to_string(idx.size()),
                      Span{"<ir>", t.line, t.col});
    for (auto& i : idx)
      if (!dtype_is_int(i->dtype))
        throw UserError("parse", std::string("expected integer indices into ") + name + ", got " + dtype_name(i->dtype),
                        Span{"<ir>", t.line, t.col});
    return make_load(sym->buffer, idx);
  }
  if (!sym || !sym->var) fail("a var in scope", &t);
  return sym->var;
}

}  // namespace tl::text
