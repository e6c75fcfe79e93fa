// DPRINT of the 0.81 API (included by emu/dprint.h): `DPRINT("format {} …", args…)`, the format an fmtlib-style
// string literal whose placeholders ({}, {N}, {:spec}, {N:spec}; {{ and }} for braces) are checked at compile
// time as the SDK's device_print.h checks them: a '{' that opens no valid placeholder, {} mixed with {N}, an
// index past the arguments, an argument no {N} names, or a count of {} other than the argument count is a
// static_assert; so is an argument of a type the SDK cannot send (its device_print_type: integers, bool, float,
// double, bf16_t, const char*, enums, TSLICE). The old stream form `DPRINT << …` is a static_assert too.
// On the host each value is formatted as fmtlib formats it ([[fill]align][sign][#][0][width][.precision][type]);
// a float without a precision prints its shortest round-trip digits; a TSLICE prints its elements, each with the
// placeholder's spec, separated by spaces, a newline after each row when endl_rows (the layout of the SDK's
// tile-slice print).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "emu/dprint_tile.h"
#include "emu/kernel_ctx.h"

struct bf16_t {
  uint16_t val;
  bf16_t(uint16_t v) : val(v) {}
};

namespace emu::dprint {

// The placeholders of a format string (a constant expression: the compile-time checks use it).
struct Format {
  bool valid = true, indexed = false, plain = false;
  uint32_t count = 0, max_index = 0;
  uint64_t referenced = 0;  // bit i: {i} appears
  constexpr bool all_referenced(size_t n) const {
    for (size_t i = 0; i < n && i < 64; ++i)
      if (!(referenced >> i & 1)) return false;
    return true;
  }
};

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Scans the placeholder that opens at f[i] ('{', not "{{"): sets index (or -1) and returns the position after its
// '}', or 0 when it is not a valid placeholder.
constexpr size_t scan_placeholder(const char* f, size_t n, size_t i, long& index) {
  ++i;
  index = -1;
  if (i < n && is_digit(f[i])) {
    index = 0;
    while (i < n && is_digit(f[i])) index = index * 10 + (f[i++] - '0');
  }
  if (i < n && f[i] == ':') {
    ++i;
    while (i < n && f[i] != '}' && f[i] != '{') ++i;
  }
  return i < n && f[i] == '}' ? i + 1 : 0;
}

template <size_t N>
constexpr Format parse(const char (&f)[N]) {
  Format out;
  const size_t n = N - 1;
  for (size_t i = 0; i < n;) {
    if ((f[i] == '{' || f[i] == '}') && i + 1 < n && f[i + 1] == f[i]) {
      i += 2;
    } else if (f[i] == '{') {
      long index = -1;
      const size_t end = scan_placeholder(f, n, i, index);
      if (!end) {
        out.valid = false;
        return out;
      }
      ++out.count;
      if (index < 0) {
        out.plain = true;
      } else {
        out.indexed = true;
        if (static_cast<uint32_t>(index) > out.max_index) out.max_index = static_cast<uint32_t>(index);
        if (index < 64) out.referenced |= uint64_t{1} << index;
      }
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

// The argument types the SDK's device_print_type serializes.
template <typename T>
constexpr bool sendable() {
  using U = std::remove_cv_t<std::remove_reference_t<T>>;
  return std::is_integral_v<U> || std::is_enum_v<U> || std::is_same_v<U, float> || std::is_same_v<U, double> ||
         std::is_same_v<U, bf16_t> || std::is_same_v<U, TSlice> || std::is_pointer_v<U>;
}
template <typename... A>
struct Args {
  static constexpr size_t count = sizeof...(A);
  static constexpr bool sendable = (dprint::sendable<A>() && ...);
};
template <typename... A>
Args<A...> args_of(A&&...);

EMU_API float bf16_value(uint16_t bits);

// One argument, type-erased for the formatter.
struct Arg {
  char kind;  // 'i' signed, 'u' unsigned, 'b' bool, 'f' float, 'd' double, 's' string, 't' tile slice
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  const char* s = nullptr;
  const TSlice* t = nullptr;
};
template <typename T>
Arg arg(const T& v) {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>) return Arg{'b', v};
  else if constexpr (std::is_enum_v<U>) return arg(static_cast<std::underlying_type_t<U>>(v));
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) return Arg{'i', static_cast<int64_t>(v)};
  else if constexpr (std::is_integral_v<U>) return Arg{'u', 0, static_cast<uint64_t>(v)};
  else if constexpr (std::is_same_v<U, float>) return Arg{'f', 0, 0, v};
  else if constexpr (std::is_same_v<U, double>) return Arg{'d', 0, 0, v};
  else if constexpr (std::is_same_v<U, bf16_t>) return Arg{'f', 0, 0, static_cast<double>(bf16_value(v.val))};
  else if constexpr (std::is_same_v<U, TSlice>) return Arg{'t', 0, 0, 0, nullptr, &v};
  else if constexpr (std::is_same_v<U, const char*> || std::is_same_v<U, char*>) return Arg{'s', 0, 0, 0, v};
  else return Arg{'u', 0, reinterpret_cast<uintptr_t>(v)};  // another pointer: its address
}
// Formats `format` with args (src/device_print.cpp) and hands the text to rt::dprint.
EMU_API void print(const char* format, const Arg* args, size_t n);
template <typename... A>
void emit(const char* format, A... a) {
  const Arg args[] = {Arg{'s'}, arg(a)...};
  print(format, args + 1, sizeof...(A));
}

struct OldStyle {};
template <typename T>
OldStyle operator<<(OldStyle p, const T&) {
  static_assert(sizeof(T) == 0, "Old style DPRINT is deprecated. Use DPRINT(format, ...) instead.");
  return p;
}
}  // namespace emu::dprint

#define DEVICE_PRINT(EMU_FORMAT, ...)                                                                               \
  {                                                                                                                 \
    constexpr ::emu::dprint::Format emu_format = ::emu::dprint::parse(EMU_FORMAT);                                  \
    using emu_args = decltype(::emu::dprint::args_of(__VA_ARGS__));                                                 \
    static_assert(emu_format.valid, "Invalid format string: unescaped '{' must be followed by '{', '}', or a digit"); \
    static_assert(!(emu_format.indexed && emu_format.plain),                                                       \
                  "Cannot mix indexed ({0}) and non-indexed ({}) placeholders in the same format string");          \
    static_assert(!emu_format.indexed || emu_format.max_index < emu_args::count,                                   \
                  "Placeholder index exceeds number of arguments");                                                 \
    static_assert(!emu_format.indexed || emu_format.all_referenced(emu_args::count),                               \
                  "All arguments must be referenced when using indexed placeholders");                              \
    static_assert(emu_format.indexed || emu_format.count == emu_args::count,                                       \
                  "Number of {} placeholders must match number of arguments");                                      \
    static_assert(emu_args::sendable, "No serialization defined for this type");                                    \
    ::emu::dprint::emit(EMU_FORMAT, ##__VA_ARGS__);                                                                 \
  }
#define DPRINT(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
// A compute kernel is one thread here that plays UNPACK, MATH and PACK (emu/compute_prelude.h): each prints.
#ifdef UCK_CHLKC_UNPACK
#define DEVICE_PRINT_UNPACK(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#else
#define DEVICE_PRINT_UNPACK(format, ...)
#endif
#ifdef UCK_CHLKC_MATH
#define DEVICE_PRINT_MATH(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#else
#define DEVICE_PRINT_MATH(format, ...)
#endif
#ifdef UCK_CHLKC_PACK
#define DEVICE_PRINT_PACK(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#else
#define DEVICE_PRINT_PACK(format, ...)
#endif
#if defined(COMPILE_FOR_BRISC) || defined(COMPILE_FOR_NCRISC)
#define DEVICE_PRINT_DATA0(format, ...)    \
  if (noc_index == 0) {                    \
    DEVICE_PRINT(format, ##__VA_ARGS__);   \
  }
#define DEVICE_PRINT_DATA1(format, ...)    \
  if (noc_index == 1) {                    \
    DEVICE_PRINT(format, ##__VA_ARGS__);   \
  }
#else
#define DEVICE_PRINT_DATA0(format, ...)
#define DEVICE_PRINT_DATA1(format, ...)
#endif
#define DPRINT_UNPACK(format, ...) DEVICE_PRINT_UNPACK(format, ##__VA_ARGS__)
#define DPRINT_MATH(format, ...) DEVICE_PRINT_MATH(format, ##__VA_ARGS__)
#define DPRINT_PACK(format, ...) DEVICE_PRINT_PACK(format, ##__VA_ARGS__)
#define DPRINT_DATA0(format, ...) DEVICE_PRINT_DATA0(format, ##__VA_ARGS__)
#define DPRINT_DATA1(format, ...) DEVICE_PRINT_DATA1(format, ##__VA_ARGS__)
// `DPRINT << …` (the 0.66 form) names this object, whose operator<< says to use the format form.
inline ::emu::dprint::OldStyle DPRINT;
