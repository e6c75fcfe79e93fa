// Two error channels, never mixed (DESIGN.md §3.7):
//  * UserError: the user's program is wrong or unsupported. The message is lowercase, starts with
//    "[op] ", says "expected … got …" where it can, and carries the user's source location; format()
//    renders "file:line:col: error: [op] message", the source line and a caret. Python: tilelang_tt.TileLangError.
//  * InternalError: a bug in TileLang-TT (a broken invariant). Python: tilelang_tt.InternalError.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl {

class UserError : public std::runtime_error {
 public:
  UserError(std::string op, std::string message, Span span = {});
  const std::string& op() const { return op_; }
  const std::string& message() const { return message_; }
  const Span& span() const { return span_; }
  // "file:line:col: error: [op] message\n<source line>\n    ^" (the source line is read from the file).
  std::string format() const;

 private:
  std::string op_, message_;
  Span span_;
};

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void internal_fail(const char* file, int line, const std::string& msg);

}  // namespace tl

#define TL_ASSERT(cond, msg)                                                     \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::ostringstream tl_os_;                                                 \
      tl_os_ << "check failed: " #cond ": " << msg;                              \
      ::tl::internal_fail(__FILE__, __LINE__, tl_os_.str());                     \
    }                                                                            \
  } while (0)
