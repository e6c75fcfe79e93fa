// Multicast receiver: announce readiness to the sender, wait for VALID, then write the received tile to
// DRAM at page (index · tiles + t). Args: dst, tiles, sender NOC x/y, sem ids (ready, valid), index.
#include "api/dataflow/dataflow_api.h"
#include "hostdevcommon/common_values.hpp"

void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), tiles = get_arg_val<uint32_t>(1);
  const uint32_t sx = get_arg_val<uint32_t>(2), sy = get_arg_val<uint32_t>(3);
  const uint32_t ready_addr = get_semaphore(get_arg_val<uint32_t>(4));
  volatile uint32_t* valid = reinterpret_cast<volatile uint32_t*>(get_semaphore(get_arg_val<uint32_t>(5)));
  const uint32_t index = get_arg_val<uint32_t>(6);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(args, dst_addr, 2048);
  for (uint32_t t = 0; t < tiles; ++t) {
    cb_reserve_back(0, 1);
    noc_semaphore_set(valid, INVALID);
    noc_semaphore_inc(get_noc_addr(sx, sy, ready_addr), 1);
    noc_semaphore_wait(valid, VALID);
    cb_push_back(0, 1);
    cb_wait_front(0, 1);
    noc_async_write_tile(index * tiles + t, dst, get_read_ptr(0));
    noc_async_write_barrier();
    cb_pop_front(0, 1);
  }
}
