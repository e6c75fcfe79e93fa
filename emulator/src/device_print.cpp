// The host side of the 0.81 API's format-form DPRINT (include/emu/device_print.h): formats the arguments as
// fmtlib formats them and hands the text to rt::dprint.
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "emu/device_print.h"

namespace emu::dprint {

namespace {

// [[fill]align][sign]["#"]["0"][width]["." precision][type]
struct Spec {
  char fill = ' ', align = 0, sign = 0, type = 0;
  bool alt = false, zero = false;
  int width = 0, prec = -1;
};

int digits(const char*& p) {
  int v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

Spec parse_spec(const char* p) {  // p: after ':', the spec ends at '}'
  Spec s;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^'; };
  if (p[0] && p[0] != '}' && is_align(p[1])) s.fill = p[0], s.align = p[1], p += 2;
  else if (is_align(p[0])) s.align = *p++;
  if (*p == '+' || *p == '-' || *p == ' ') s.sign = *p++;
  if (*p == '#') s.alt = true, ++p;
  if (*p == '0') s.zero = true, ++p;
  s.width = digits(p);
  if (*p == '.') ++p, s.prec = digits(p);
  if (*p == 'L') ++p;
  if (*p && *p != '}') s.type = *p;
  return s;
}

std::string printf_str(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

// fmtlib's shortest round-trip form of v (a float when single): the fewest significant digits that read back
// as v, in fixed notation for decimal exponents in [-5, 16), else as d.ddde±XX.
std::string shortest(double v, bool single) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : v < 0 ? "-inf" : "inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  int p = 1;
  for (; p < (single ? 9 : 17); ++p) {
    const double back = std::strtod(printf_str("%.*e", p - 1, v).c_str(), nullptr);
    if (single ? static_cast<float>(back) == static_cast<float>(v) : back == v) break;
  }
  const std::string e = printf_str("%.*e", p - 1, v);
  const int exp = std::atoi(e.c_str() + e.find('e') + 1);
  if (exp < -5 || exp >= 16) return e;
  return printf_str("%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, v);
}

std::string sign_of(bool negative, const Spec& s) {
  return negative ? "-" : s.sign == '+' ? "+" : s.sign == ' ' ? " " : "";
}

// The text of one number or string, before width padding; `numeric` says which default alignment applies.
std::string body(const Arg& a, const Spec& s, bool& numeric) {
  numeric = a.kind != 's' && !(a.kind == 'b' && (s.type == 0 || s.type == 's'));
  if (a.kind == 's') return a.s ? a.s : "";
  if (a.kind == 'b' && !numeric) return a.i ? "true" : "false";
  if (a.kind == 'i' || a.kind == 'u' || a.kind == 'b') {
    const bool neg = a.kind == 'i' && a.i < 0;
    const uint64_t m = a.kind == 'u' ? a.u : neg ? 0 - static_cast<uint64_t>(a.i) : static_cast<uint64_t>(a.i);
    if (s.type == 'c') return std::string(1, static_cast<char>(m));
    std::string digits, prefix;
    if (s.type == 'x' || s.type == 'X') {
      digits = printf_str(s.type == 'x' ? "%llx" : "%llX", static_cast<unsigned long long>(m));
      if (s.alt) prefix = s.type == 'x' ? "0x" : "0X";
    } else if (s.type == 'o') {
      digits = printf_str("%llo", static_cast<unsigned long long>(m));
      if (s.alt && m) prefix = "0";
    } else if (s.type == 'b' || s.type == 'B') {
      for (uint64_t v = m; v || digits.empty(); v >>= 1) digits.insert(digits.begin(), static_cast<char>('0' + (v & 1)));
      if (s.alt) prefix = s.type == 'b' ? "0b" : "0B";
    } else {
      digits = printf_str("%llu", static_cast<unsigned long long>(m));
    }
    std::string head = sign_of(neg, s) + prefix;
    if (s.zero && !s.align && static_cast<int>(head.size() + digits.size()) < s.width)
      digits.insert(0, s.width - head.size() - digits.size(), '0');
    return head + digits;
  }
  // float ('f') or double ('d')
  const double v = a.f;
  std::string text;
  if (s.type == 0 && s.prec < 0) {
    text = shortest(v, a.kind == 'f');
  } else {
    const std::string fmt = std::string("%") + (s.alt ? "#" : "") + ".*" + (s.type ? s.type : 'g');
    text = printf_str(fmt.c_str(), s.prec < 0 ? 6 : s.prec, v);
  }
  const bool neg = !text.empty() && text[0] == '-';
  if (neg) text.erase(0, 1);
  const std::string head = sign_of(neg, s);
  if (s.zero && !s.align && std::isfinite(v) && static_cast<int>(head.size() + text.size()) < s.width)
    text.insert(0, s.width - head.size() - text.size(), '0');
  return head + text;
}

std::string pad(std::string text, const Spec& s, bool numeric) {
  const int n = s.width - static_cast<int>(text.size());
  if (n <= 0) return text;
  const char align = s.align ? s.align : numeric ? '>' : '<';
  const int left = align == '>' ? n : align == '^' ? n / 2 : 0;
  return std::string(left, s.fill) + text + std::string(n - left, s.fill);
}

std::string value(const Arg& a, const Spec& s) {
  if (a.kind != 't') {
    bool numeric = false;
    std::string b = body(a, s, numeric);
    return pad(std::move(b), s, numeric);
  }
  std::string out;
  a.t->each(
      [&](char kind, uint32_t bits, bool first) {
        if (!first) out += ' ';
        float f;
        std::memcpy(&f, &bits, 4);
        Arg e{kind == 'f' ? 'f' : kind == 'i' ? 'i' : 'u'};
        if (kind == 'f') e.f = f;
        else if (kind == 'i') e.i = static_cast<int32_t>(bits);
        else e.u = bits;
        out += kind == 'b' ? printf_str("0x%02x", bits) : value(e, s);
      },
      [&] {
        if (a.t->endl_rows) out += '\n';
      });
  return out;
}

}  // namespace

float bf16_value(uint16_t bits) {
  const uint32_t u = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

void print(const char* format, const Arg* args, size_t n) {
  std::string out;
  size_t next = 0;
  for (const char* p = format; *p;) {
    if ((p[0] == '{' || p[0] == '}') && p[1] == p[0]) {
      out += *p;
      p += 2;
      continue;
    }
    if (*p != '{') {
      out += *p++;
      continue;
    }
    ++p;  // a placeholder (the compile-time check made sure it is one)
    size_t index = next++;
    if (*p >= '0' && *p <= '9') index = static_cast<size_t>(digits(p));
    const Spec s = *p == ':' ? parse_spec(p + 1) : Spec{};
    while (*p && *p != '}') ++p;
    if (*p) ++p;
    if (index < n) out += value(args[index], s);
  }
  rt::dprint(out.data(), static_cast<uint32_t>(out.size()));
}

}  // namespace emu::dprint
