// Tokens of the IR text form (printer.h), shared by the printer (which words are reserved, how strings
// and floats are spelled) and the parser (which reads them back).
//
// The text is line oriented, like Python: the lexer emits Newline at the end of each logical line, Indent /
// Dedent when the indentation grows / shrinks, and joins lines inside (), []. `#` starts a comment. Errors
// throw UserError("parse", ..., Span{"<ir>", line, col}). The first line's indentation is the text's left
// margin (columns stay those of the text).
#pragma once

#include <string>
#include <vector>

namespace tl {

enum class TokKind { Ident, Int, Float, String, Punct, Newline, Indent, Dedent, End };

struct Token {
  TokKind kind;
  std::string text;  // identifier, punctuation, digits of a number, or the decoded string
  int line = 0, col = 0;
};

std::vector<Token> lex_ir_text(const std::string& text);

// Words with a meaning in the text (keywords, dtype/scope/op/intrinsic names, literals such as inf):
// the printer never uses them as names of vars or buffers.
bool is_reserved_word(const std::string& w);

// A C-like quoted string literal ("..." with \" \\ \n \t \xHH escapes).
std::string quote_string(const std::string& s);
// The shortest decimal spelling of v that reads back to the same double; always has '.', 'e', or is
// inf / -inf / nan.
std::string format_double(double v);

}  // namespace tl
