// Run-time buffer regions for the tile ops: evaluation, bounds rules, and bulk gather/scatter.
//
//  * A region's elements are enumerated in row-major order of its ranges; extent-1 dims change nothing in
//    that order, which is why copies between regions of equal element count work after "dropping" them.
//  * Bounds: a region of a non-global buffer must lie inside the buffer (else UserError naming the buffer
//    and the first out-of-bounds index); on a global buffer, outside elements gather as 0 and scatters to
//    them are dropped.
//  * gather<T>(r, out): out[k] = element k of r as T — T is double (float dtypes: exact), float (float32
//    and narrower: exact) or int64_t (integer dtypes). scatter<T>(in, r): element k of r = in[k], converted
//    into r's dtype as Cast does (from float if T is a floating type, from integer otherwise).
//    Both run innermost rows as tight loops with the dtype switch hoisted out.
#pragma once

#include "tilelang_tt/interp/compiler.h"

namespace tl::interp {

struct CRange {
  IntFn min, extent;
};

struct CRegion {
  int slot;
  std::vector<CRange> ranges;
  Span span;  // of the statement using it
  std::string name;  // the buffer's
};

struct RtRegion {
  RtBuffer* buf = nullptr;
  std::vector<int64_t> min, ext;
  Span span;
  int64_t count() const;
  bool in_bounds() const;
};

CRegion compile_region(Compiler& c, const BufferRegion& r, const Span& span);
// Evaluates the ranges; throws UserError for a negative extent or for a non-global region out of bounds.
RtRegion eval_region(const CRegion& r, Env& e);

template <class T> void gather(const RtRegion& r, T* out);
template <class T> void scatter(const T* in, const RtRegion& r);

// Copies s into d byte for byte (row-major region order) when that is exactly the Copy semantics: same
// dtype, both in bounds, different buffers, equal counts. Returns false (and does nothing) otherwise.
bool copy_raw(const RtRegion& s, const RtRegion& d);

// "A_shared[0:64, 32:64]" — for messages.
std::string region_text(const RtRegion& r);

}  // namespace tl::interp
