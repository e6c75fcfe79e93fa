// JSON string literal of a text (quotes, backslashes and control characters escaped): for the JSON the emulator
// writes (statistics lines, traces).
#pragma once
#include <fmt/format.h>

#include <string>

namespace emu {
inline std::string json_str(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
        else out += c;
    }
  }
  return out + "\"";
}
}  // namespace emu
