// TT_FATAL / TT_THROW / TT_ASSERT as the SDK's tt_stl/assert.hpp offers them: fmt-style messages, thrown as
// std::runtime_error (the examples catch std::exception). TT_ASSERT checks too (the SDK checks it in debug builds).
#pragma once
#include <fmt/format.h>
#include <stdexcept>
#include <string>

namespace tt::assert_detail {
[[noreturn]] inline void fail(const char* file, int line, const char* cond, const std::string& msg) {
  std::string text = fmt::format("TT_FATAL @ {}:{}: {}", file, line, cond ? cond : "");
  if (!msg.empty()) text += fmt::format("\ninfo:\n{}", msg);
  throw std::runtime_error(text);
}
inline std::string message() { return {}; }
template <typename... Args>
std::string message(fmt::format_string<Args...> f, Args&&... args) {
  return fmt::format(f, std::forward<Args>(args)...);
}
}  // namespace tt::assert_detail

#define TT_FATAL(cond, ...)                                                                          \
  do {                                                                                               \
    if (!(cond)) ::tt::assert_detail::fail(__FILE__, __LINE__, #cond, ::tt::assert_detail::message(__VA_ARGS__)); \
  } while (0)
#define TT_ASSERT(cond, ...) TT_FATAL(cond __VA_OPT__(, ) __VA_ARGS__)
#define TT_THROW(...) ::tt::assert_detail::fail(__FILE__, __LINE__, nullptr, ::tt::assert_detail::message(__VA_ARGS__))
