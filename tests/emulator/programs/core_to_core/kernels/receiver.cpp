// Receiver: waits for each tile to arrive in its cb 0 (semaphore "full"), adds 1 to every uint32 in place,
// writes it to DRAM, then tells the sender the slot is free. Args: dst, tiles, sender NOC x/y, sem ids.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), tiles = get_arg_val<uint32_t>(1);
  const uint32_t sx = get_arg_val<uint32_t>(2), sy = get_arg_val<uint32_t>(3);
  volatile uint32_t* full = reinterpret_cast<volatile uint32_t*>(get_semaphore(get_arg_val<uint32_t>(4)));
  const uint32_t sem_free = get_semaphore(get_arg_val<uint32_t>(5));
  constexpr auto args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(args, dst_addr, 2048);
  for (uint32_t t = 0; t < tiles; ++t) {
    noc_semaphore_wait_min(full, t + 1);
    cb_reserve_back(0, 1);
    uint32_t* words = reinterpret_cast<uint32_t*>(get_write_ptr(0));
    for (uint32_t i = 0; i < 512; ++i) words[i] += 1;
    noc_async_write_tile(t, dst, get_write_ptr(0));
    noc_async_write_barrier();
    cb_push_back(0, 1);
    cb_wait_front(0, 1);
    cb_pop_front(0, 1);
    noc_semaphore_inc(get_noc_addr(sx, sy, sem_free), 1);
  }
}
