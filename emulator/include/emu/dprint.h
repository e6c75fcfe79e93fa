// DPRINT << … << ENDL(): kernel debug printing to stderr, one line per ENDL() (or "\n").
// DPRINT_DATA0/1 keep their argument on BRISC/NCRISC; DPRINT_MATH/PACK/UNPACK on the compute kernel.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "emu/dprint_tile.h"
#include "emu/kernel_ctx.h"

namespace emu {
struct DPrintEndl {};
struct DPrintSetw { int w; };
struct DPrintSetPrecision { int p; };
struct DPrintHex {};
struct DPrintDec {};
struct DPrintFixed {};
struct DPrintBf16 { uint16_t bits; };

class DPrinter {
 public:
  DPrinter& operator<<(const char* s) { return put("%s", s); }
  DPrinter& operator<<(char c) { return put("%c", c); }
  DPrinter& operator<<(bool b) { return put("%d", b ? 1 : 0); }
  DPrinter& operator<<(int8_t v) { return num(static_cast<long long>(v)); }
  DPrinter& operator<<(uint8_t v) { return unum(v); }
  DPrinter& operator<<(int16_t v) { return num(v); }
  DPrinter& operator<<(uint16_t v) { return unum(v); }
  DPrinter& operator<<(int32_t v) { return num(v); }
  DPrinter& operator<<(uint32_t v) { return unum(v); }
  DPrinter& operator<<(int64_t v) { return num(v); }
  DPrinter& operator<<(uint64_t v) { return unum(v); }
  DPrinter& operator<<(float v) { return flt(v); }
  DPrinter& operator<<(double v) { return flt(static_cast<float>(v)); }
  DPrinter& operator<<(const volatile void* p) { return put("%p", const_cast<const void*>(p)); }
  DPrinter& operator<<(DPrintEndl) { return put("%s", "\n"); }
  DPrinter& operator<<(DPrintSetw s) { width_ = s.w; return *this; }
  DPrinter& operator<<(DPrintSetPrecision s) { prec_ = s.p; return *this; }
  DPrinter& operator<<(DPrintHex) { hex_ = true; return *this; }
  DPrinter& operator<<(DPrintDec) { hex_ = false; return *this; }
  DPrinter& operator<<(DPrintFixed) { return *this; }
  DPrinter& operator<<(const TSlice& t) {
    const uint32_t base = t.rd_ptr ? rt::cb_read_ptr(t.cb) : rt::cb_write_ptr(t.cb);
    const uint32_t fmt = rt::cb_data_format(t.cb), page = rt::cb_page_size(t.cb);
    const uint8_t* tile = tls_kernel->l1 + base + t.tile * page;  // the window's bytes, without a window fault
    for (uint32_t h = t.range.h0; h < t.range.h1; h += t.range.hs ? t.range.hs : 1) {
      for (uint32_t w = t.range.w0; w < t.range.w1; w += t.range.ws ? t.range.ws : 1) {
        const uint32_t idx = ((h / 16) * 2 + w / 16) * 256 + (h % 16) * 16 + (w % 16);
        if (w != t.range.w0) put("%s", " ");
        if (fmt == 5) {  // Float16_b
          uint16_t bits;
          std::memcpy(&bits, tile + 2 * idx, 2);
          *this << DPrintBf16{bits};
        } else if (fmt == 0) {  // Float32
          float f;
          std::memcpy(&f, tile + 4 * idx, 4);
          flt(f);
        } else if (fmt == 8 || fmt == 24) {  // Int32, UInt32
          uint32_t u;
          std::memcpy(&u, tile + 4 * idx, 4);
          fmt == 8 ? num(static_cast<int32_t>(u)) : unum(u);
        } else {
          put("0x%02x", tile[idx]);
        }
      }
      if (t.endl_rows) put("%s", "\n");
    }
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
  DPrinter& num(long long v) { return hex_ ? put("%*llx", width_, v) : put("%*lld", width_, v); }
  DPrinter& unum(unsigned long long v) { return hex_ ? put("%*llx", width_, v) : put("%*llu", width_, v); }
  DPrinter& flt(float v) { return prec_ >= 0 ? put("%*.*f", width_, prec_, v) : put("%*g", width_, v); }
  char buf_[512];
  uint32_t len_ = 0;
  int width_ = 0;
  int prec_ = -1;
  bool hex_ = false;
};
}  // namespace emu

#define DPRINT ::emu::DPrinter()
inline emu::DPrintEndl ENDL() { return {}; }
inline emu::DPrintSetw SETW(int w) { return {w}; }
inline emu::DPrintSetPrecision SETPRECISION(int p) { return {p}; }
inline emu::DPrintHex HEX() { return {}; }
inline emu::DPrintDec DEC() { return {}; }
inline emu::DPrintFixed FIXED() { return {}; }
inline emu::DPrintBf16 BF16(uint16_t bits) { return {bits}; }
// The SDK's two typed wrappers (its DPRINT tags values by type; here they only select the printed type).
inline uint32_t U32(uint32_t v) { return v; }
inline float F32(float v) { return v; }
#if defined(COMPILE_FOR_BRISC)
#define DPRINT_DATA0(x) x
#define DPRINT_DATA1(x)
#elif defined(COMPILE_FOR_NCRISC)
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x) x
#else
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x)
#endif
#define DPRINT_MATH(x) x
#define DPRINT_PACK(x) x
#define DPRINT_UNPACK(x) x
