// Lexer for the IR text form; see text_lexer.h.
#include "tilelang_tt/ir/text_lexer.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/support/error.h"

namespace tl {

namespace {
[[noreturn]] void lex_fail(const std::string& msg, int line, int col) {
  throw UserError("parse", msg, Span{"<ir>", line, col});
}

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
}  // namespace

bool is_reserved_word(const std::string& w) {
  // Only words that would be misread where a name can stand: statement keywords (a store begins with a
  // buffer name), expression keywords and literals, and the call-like forms. Dtype, intrinsic, scope and
  // keyword-argument names are never ambiguous (names are not followed by '('), so they stay usable.
  static const std::set<std::string> words = {
      "func", "for",  "in",   "if",     "else",   "let",        "kernel",     "alloc",      "attr",
      "pass", "seq",  "copy", "fill",   "gemm",   "cumsum",     "reduce_sum", "reduce_max", "reduce_min",
      "reduce_abssum", "reduce_absmax", "select", "cast", "min", "max", "and", "or", "not", "True", "False",
      "inf",  "nan",  "extern", "evaluate", "print", "im2col", "atomic_add", "atomic_max", "atomic_min",
      "atomic_or", "assert"};
  return words.count(w) > 0;
}

std::string quote_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  // The shortest of %.15g..%.17g that reads back exactly (%.17g always does).
  for (int prec = 15; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::vector<Token> lex_ir_text(const std::string& text) {
  std::vector<Token> toks;
  std::vector<int> indents = {0};
  int depth = 0;  // () and [] nesting: newlines inside are ignored
  size_t i = 0, n = text.size();
  int line = 1;
  size_t line_start = 0;
  bool at_line_start = true, first_line = true;
  auto col_of = [&](size_t pos) { return static_cast<int>(pos - line_start) + 1; };

  while (i < n) {
    if (at_line_start && depth == 0) {
      // Measure indentation; skip blank and comment-only lines.
      size_t j = i;
      while (j < n && text[j] == ' ') ++j;
      if (j < n && text[j] == '\t') lex_fail("expected spaces for indentation, got a tab", line, col_of(j));
      if (j >= n) {
        i = j;
        break;
      }
      if (text[j] == '\n' || text[j] == '\r' || text[j] == '#') {
        while (j < n && text[j] != '\n') ++j;
        if (j < n) ++j;
        i = j;
        ++line;
        line_start = i;
        continue;
      }
      int width = static_cast<int>(j - i);
      if (first_line) {  // the whole text may be indented (a quoted block in Python): that is column zero
        indents = {width};
        first_line = false;
      }
      if (width > indents.back()) {
        indents.push_back(width);
        toks.push_back({TokKind::Indent, "", line, col_of(j)});
      } else {
        while (indents.size() > 1 && width < indents.back()) {
          indents.pop_back();
          toks.push_back({TokKind::Dedent, "", line, col_of(j)});
        }
        if (width != indents.back())
          lex_fail("expected indentation of " + std::to_string(indents.back()) + " spaces, got " +
                       std::to_string(width),
                   line, col_of(j));
      }
      i = j;
      at_line_start = false;
      continue;
    }
    char c = text[i];
    int col = col_of(i);
    if (c == '\n') {
      if (depth == 0) toks.push_back({TokKind::Newline, "", line, col});
      ++i;
      ++line;
      line_start = i;
      at_line_start = depth == 0;  // a line continued inside () or [] has no indentation of its own
      continue;
    }
    if (c == ' ' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '\t') lex_fail("unexpected tab", line, col);
    if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (is_ident_start(c)) {
      size_t j = i;
      while (j < n && is_ident_char(text[j])) ++j;
      toks.push_back({TokKind::Ident, text.substr(i, j - i), line, col});
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      bool is_float = false;
      while (j < n && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      if (j < n && text[j] == '.') {
        is_float = true;
        ++j;
        while (j < n && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      }
      if (j < n && (text[j] == 'e' || text[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < n && std::isdigit(static_cast<unsigned char>(text[k]))) {
          is_float = true;
          j = k;
          while (j < n && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        }
      }
      if (j < n && is_ident_char(text[j]))
        lex_fail(std::string("expected a number, got '") + text.substr(i, j - i + 1) + "'", line, col);
      toks.push_back({is_float ? TokKind::Float : TokKind::Int, text.substr(i, j - i), line, col});
      i = j;
      continue;
    }
    if (c == '"') {
      std::string s;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= n || text[j] == '\n') lex_fail("expected '\"' to end the string, got end of line", line, col);
        char d = text[j];
        if (d == '"') break;
        if (d != '\\') {
          s += d;
          continue;
        }
        if (++j >= n) lex_fail("expected an escape, got end of text", line, col_of(j));
        char e = text[j];
        if (e == 'n') s += '\n';
        else if (e == 't') s += '\t';
        else if (e == '"' || e == '\\') s += e;
        else if (e == 'x' && j + 2 < n && std::isxdigit(static_cast<unsigned char>(text[j + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(text[j + 2]))) {
          s += static_cast<char>(std::stoi(text.substr(j + 1, 2), nullptr, 16));
          j += 2;
        } else {
          lex_fail(std::string("expected an escape (\\n \\t \\\" \\\\ \\xHH), got '\\") + e + "'", line, col_of(j - 1));
        }
      }
      toks.push_back({TokKind::String, s, line, col});
      i = j + 1;
      continue;
    }
    static const char* two[] = {"+:", "//", "==", "!=", "<=", ">=", "<<", ">>"};
    bool matched = false;
    for (const char* t : two) {
      if (text.compare(i, 2, t) == 0) {
        toks.push_back({TokKind::Punct, t, line, col});
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string("()[],:=+-*/%<>&|^").find(c) != std::string::npos) {
      if (c == '(' || c == '[') ++depth;
      if ((c == ')' || c == ']') && depth > 0) --depth;
      toks.push_back({TokKind::Punct, std::string(1, c), line, col});
      ++i;
      continue;
    }
    lex_fail(std::string("expected a token, got '") + c + "'", line, col);
  }
  int col = col_of(i);
  if (!toks.empty() && toks.back().kind != TokKind::Newline && toks.back().kind != TokKind::Dedent &&
      toks.back().kind != TokKind::Indent)
    toks.push_back({TokKind::Newline, "", line, col});
  while (indents.size() > 1) {
    indents.pop_back();
    toks.push_back({TokKind::Dedent, "", line, col});
  }
  toks.push_back({TokKind::End, "", line, col});
  return toks;
}

}  // namespace tl
