// tt::align: round up to a multiple.
#pragma once
#include <cstdint>
namespace tt {
template <typename A, typename B>
constexpr auto align(A addr, B alignment) {
  return ((addr - 1) | (alignment - 1)) + 1;
}
}  // namespace tt
