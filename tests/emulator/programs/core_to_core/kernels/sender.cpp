// Sender: for each tile, reads it from DRAM into cb 0, waits until the receiver has a free slot
// (semaphore "free" counts tiles the receiver consumed), writes it into the receiver's cb 0 at the same
// L1 address, and bumps the receiver's "full" semaphore. Args: src, tiles, receiver NOC x/y, sem ids.
void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0), tiles = get_arg_val<uint32_t>(1);
  const uint32_t rx = get_arg_val<uint32_t>(2), ry = get_arg_val<uint32_t>(3);
  const uint32_t sem_full = get_semaphore(get_arg_val<uint32_t>(4));
  const uint32_t sem_free = get_semaphore(get_arg_val<uint32_t>(5));
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, 2048);
  volatile uint32_t* freed = reinterpret_cast<volatile uint32_t*>(sem_free);
  const uint32_t slots = 2;
  for (uint32_t t = 0; t < tiles; ++t) {
    cb_reserve_back(0, 1);
    const uint32_t l1 = get_write_ptr(0);
    noc_async_read_tile(t, src, l1);
    noc_async_read_barrier();
    // The receiver's CB mirrors ours (same address on every core): slot t % 2.
    if (t >= slots) noc_semaphore_wait_min(freed, t - slots + 1);
    noc_async_write(l1, get_noc_addr(rx, ry, l1), 2048);
    noc_async_write_barrier();
    noc_semaphore_inc(get_noc_addr(rx, ry, sem_full), 1);
    cb_push_back(0, 1);
    cb_wait_front(0, 1);
    cb_pop_front(0, 1);
  }
}
