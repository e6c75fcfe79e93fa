// DPRINT, as the kernel's API version has it (emu/metalium_api.h), to stderr through rt::dprint (each line
// prefixed "0:(x=…,y=…):<RISC>: " as the SDK's print server does):
//  * 0.66: the stream form `DPRINT << … << ENDL();` with the SDK's value types only (const char*, char, 8–64-bit
//    integers, float, BF16/F32/U32, TSLICE) and manipulators (SETW, SETPRECISION, FIXED, DEFAULTFLOAT, HEX, OCT,
//    DEC); a float prints like std::ostream with the current precision (6 unless SETPRECISION: %g, or %f after
//    FIXED). DPRINT_MATH/PACK/UNPACK(x) keep the statement x in a compute kernel, DPRINT_DATA0/1(x) in the
//    data-movement kernel on NOC 0/1.
//  * 0.81: the format form `DPRINT("… {} …\n", args…)` (emu/device_print.h); the stream form is a compile error.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "emu/dprint_tile.h"
#include "emu/kernel_ctx.h"
#include "emu/metalium_api.h"

#if TT_METALIUM_API >= 81
#include "emu/device_print.h"
#else

namespace emu {
struct DPrintEndl {};
struct DPrintSetw { int w; };
struct DPrintSetPrecision { int p; };
struct DPrintBase { int base; };
struct DPrintFloatMode { bool fixed; };
struct DPrintBf16 { uint16_t bits; };

class DPrinter {
 public:
  DPrinter& operator<<(const char* s) { return put("%s", s); }
  DPrinter& operator<<(char c) { return put("%c", c); }
  DPrinter& operator<<(int8_t v) { return num(static_cast<long long>(v)); }
  DPrinter& operator<<(uint8_t v) { return put("%c", static_cast<char>(v)); }  // the SDK's host prints it as a char
  DPrinter& operator<<(int16_t v) { return num(v); }
  DPrinter& operator<<(uint16_t v) { return unum(v); }
  DPrinter& operator<<(int32_t v) { return num(v); }
  DPrinter& operator<<(uint32_t v) { return unum(v); }
  DPrinter& operator<<(int64_t v) { return num(v); }
  DPrinter& operator<<(uint64_t v) { return unum(v); }
  DPrinter& operator<<(float v) { return flt(v); }
  // Not value types of the 0.66 API: its DebugPrintTypeToId has no bool, double or pointer.
  DPrinter& operator<<(bool) = delete;
  DPrinter& operator<<(double) = delete;
  DPrinter& operator<<(const volatile void*) = delete;
  DPrinter& operator<<(DPrintEndl) {
    if (!after_rows_) put("%s", "\n");  // a TSLICE whose rows ended the line ends it (the SDK's host does so)
    return *this;
  }
  DPrinter& operator<<(DPrintSetw s) { width_ = s.w; return *this; }
  DPrinter& operator<<(DPrintSetPrecision s) { prec_ = s.p; return *this; }
  DPrinter& operator<<(DPrintBase b) { base_ = b.base; return *this; }
  DPrinter& operator<<(DPrintFloatMode m) { fixed_ = m.fixed; return *this; }
  DPrinter& operator<<(const TSlice& t) {
    t.each(
        [&](char kind, uint32_t bits, bool first) {
          if (!first) put("%s", " ");
          float f;
          std::memcpy(&f, &bits, 4);
          if (kind == 'f') flt(f);
          else if (kind == 'i') num(static_cast<int32_t>(bits));
          else if (kind == 'u') unum(bits);
          else put("0x%02x", bits);
        },
        [&] {
          if (t.endl_rows) put("%s", "\n");
        });
    after_rows_ = t.endl_rows;
    return *this;
  }
  DPrinter& operator<<(DPrintBf16 b) {
    uint32_t u = static_cast<uint32_t>(b.bits) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return flt(f);
  }
  ~DPrinter() {
    if (len_) rt::dprint(buf_, len_);
  }

 private:
  template <typename... A>
  DPrinter& put(const char* fmt, A... a) {
    after_rows_ = false;
    if (len_ < sizeof(buf_) - 1) {
      int n = std::snprintf(buf_ + len_, sizeof(buf_) - len_, fmt, a...);
      if (n > 0) len_ += static_cast<uint32_t>(n) < sizeof(buf_) - len_ ? n : sizeof(buf_) - 1 - len_;
    }
    if (len_ && buf_[len_ - 1] == '\n') {
      rt::dprint(buf_, len_);
      len_ = 0;
    }
    return *this;
  }
  DPrinter& num(long long v) {
    return base_ == 16 ? put("%*llx", width_, v) : base_ == 8 ? put("%*llo", width_, v) : put("%*lld", width_, v);
  }
  DPrinter& unum(unsigned long long v) {
    return base_ == 16 ? put("%*llx", width_, v) : base_ == 8 ? put("%*llo", width_, v) : put("%*llu", width_, v);
  }
  DPrinter& flt(float v) { return fixed_ ? put("%*.*f", width_, prec_, v) : put("%*.*g", width_, prec_, v); }
  char buf_[512];
  uint32_t len_ = 0;
  int width_ = 0;
  int prec_ = 6;
  int base_ = 10;
  bool fixed_ = false;
  bool after_rows_ = false;
};
}  // namespace emu

#define DPRINT ::emu::DPrinter()
inline emu::DPrintEndl ENDL() { return {}; }
inline emu::DPrintSetw SETW(int w) { return {w}; }
inline emu::DPrintSetPrecision SETPRECISION(int p) { return {p}; }
inline emu::DPrintBase HEX() { return {16}; }
inline emu::DPrintBase OCT() { return {8}; }
inline emu::DPrintBase DEC() { return {10}; }
inline emu::DPrintFloatMode FIXED() { return {true}; }
inline emu::DPrintFloatMode DEFAULTFLOAT() { return {false}; }
inline emu::DPrintBf16 BF16(uint16_t bits) { return {bits}; }
// The SDK's two typed wrappers (its DPRINT tags values by type; here they only select the printed type).
inline uint32_t U32(uint32_t v) { return v; }
inline float F32(float v) { return v; }
#if defined(COMPILE_FOR_BRISC) || defined(COMPILE_FOR_NCRISC)
#define DPRINT_DATA0(x) \
  if (noc_index == 0) { \
    x;                  \
  }
#define DPRINT_DATA1(x) \
  if (noc_index == 1) { \
    x;                  \
  }
#else
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x)
#endif
// A compute kernel is one thread here that plays UNPACK, MATH and PACK (emu/compute_prelude.h): each keeps x.
#ifdef UCK_CHLKC_UNPACK
#define DPRINT_UNPACK(x) x
#else
#define DPRINT_UNPACK(x)
#endif
#ifdef UCK_CHLKC_MATH
#define DPRINT_MATH(x) x
#else
#define DPRINT_MATH(x)
#endif
#ifdef UCK_CHLKC_PACK
#define DPRINT_PACK(x) x
#else
#define DPRINT_PACK(x)
#endif

#endif  // TT_METALIUM_API
