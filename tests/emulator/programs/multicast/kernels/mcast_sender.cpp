// Multicast sender: for each tile, read it from DRAM into cb 0, wait until all receivers are ready
// (semaphore "ready" reaches num_dests), multicast the tile to the same CB address on every receiver, then
// multicast VALID into their "valid" semaphore. Args: src, tiles, rectangle NOC x0 y0 x1 y1, num_dests,
// sem ids (ready, valid).
#include "api/dataflow/dataflow_api.h"
#include "hostdevcommon/common_values.hpp"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0), tiles = get_arg_val<uint32_t>(1);
  const uint32_t x0 = get_arg_val<uint32_t>(2), y0 = get_arg_val<uint32_t>(3);
  const uint32_t x1 = get_arg_val<uint32_t>(4), y1 = get_arg_val<uint32_t>(5);
  const uint32_t num_dests = get_arg_val<uint32_t>(6);
  volatile uint32_t* ready = reinterpret_cast<volatile uint32_t*>(get_semaphore(get_arg_val<uint32_t>(7)));
  const uint32_t valid_addr = get_semaphore(get_arg_val<uint32_t>(8));
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, 2048);
  *reinterpret_cast<volatile uint32_t*>(valid_addr) = VALID;
  for (uint32_t t = 0; t < tiles; ++t) {
    cb_reserve_back(0, 1);
    const uint32_t l1 = get_write_ptr(0);
    noc_async_read_tile(t, src, l1);
    noc_async_read_barrier();
    noc_semaphore_wait(ready, num_dests);
    noc_semaphore_set(ready, 0);
    noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), 2048, num_dests);
    noc_semaphore_set_multicast(valid_addr, get_noc_multicast_addr(x0, y0, x1, y1, valid_addr), num_dests);
    noc_async_write_barrier();
    cb_push_back(0, 1);
    cb_wait_front(0, 1);
    cb_pop_front(0, 1);
  }
}
