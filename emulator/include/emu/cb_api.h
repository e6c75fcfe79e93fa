// Circular-buffer calls shared by dataflow and compute kernels (global namespace, as kernels call them).
// cb_reserve_back/cb_wait_front block (yield) until enough pages are free/filled; the runtime checks the
// protocol (pop ≤ waited, push ≤ reserved, request ≤ CB size) and reports violations.
#pragma once
#include <cstdint>

#include "emu/kernel_ctx.h"

inline void cb_reserve_back(int32_t cb, int32_t num_pages) { emu::rt::cb_reserve_back(cb, num_pages); }
inline void cb_push_back(int32_t cb, int32_t num_pages) { emu::rt::cb_push_back(cb, num_pages); }
inline void cb_wait_front(int32_t cb, int32_t num_pages) { emu::rt::cb_wait_front(cb, num_pages); }
inline void cb_pop_front(int32_t cb, int32_t num_pages) { emu::rt::cb_pop_front(cb, num_pages); }
inline bool cb_pages_reservable_at_back(int32_t cb, int32_t num_pages) {
  return emu::rt::cb_pages_reservable_at_back(cb, num_pages);
}
inline bool cb_pages_available_at_front(int32_t cb, int32_t num_pages) {
  return emu::rt::cb_pages_available_at_front(cb, num_pages);
}
