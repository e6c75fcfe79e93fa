#include "tilelang_tt/support/error.h"

#include <fstream>

namespace tl {

namespace {
std::string render(const std::string& op, const std::string& message, const Span& span) {
  std::ostringstream os;
  if (span.known()) os << span.file << ":" << span.line << ":" << span.col << ": ";
  os << "error: [" << op << "] " << message;
  return os.str();
}

std::string source_line(const Span& span) {
  std::ifstream in(span.file);
  std::string line;
  for (int i = 0; i < span.line && std::getline(in, line); ++i) {
  }
  return in ? line : std::string();
}
}  // namespace

UserError::UserError(std::string op, std::string message, Span span)
    : std::runtime_error(render(op, message, span)), op_(std::move(op)), message_(std::move(message)),
      span_(std::move(span)) {}

std::string UserError::format() const {
  std::string out = what();
  if (!span_.known()) return out;
  std::string src = source_line(span_);
  if (src.empty()) return out;
  out += "\n" + src + "\n" + std::string(span_.col > 0 ? span_.col - 1 : 0, ' ') + "^";
  return out;
}

void internal_fail(const char* file, int line, const std::string& msg) {
  std::ostringstream os;
  os << "internal error at " << file << ":" << line << ": " << msg;
  throw InternalError(os.str());
}

}  // namespace tl
