// WAYPOINT("name"): marks where a kernel is, as the SDK's watcher waypoints do (at most 4 characters). The
// emulator keeps the last waypoint each kernel passed; a sanitizer report names it after the kernel
// ("kernel reader.cpp [NCRISC] at waypoint T003"), so a generated kernel can say which of its ops stopped.
#pragma once
#include <cstddef>
#include <cstdint>

#include "emu/kernel_ctx.h"

namespace emu {
// The name's characters packed into a word, the first in the low byte (as the watcher stores them).
template <size_t N>
constexpr uint32_t waypoint_code(const char (&name)[N]) {
  static_assert(N >= 2 && N <= 5, "a waypoint name has 1 to 4 characters");
  uint32_t v = 0;
  for (size_t i = 0; i + 1 < N; ++i) v |= uint32_t(uint8_t(name[i])) << (8 * i);
  return v;
}
}  // namespace emu

#define WAYPOINT(x) (::emu::tls_kernel->waypoint = ::emu::waypoint_code(x))
