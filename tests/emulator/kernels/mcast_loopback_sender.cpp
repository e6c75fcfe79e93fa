// Multicasts cb 0's page (a pattern) into cb 1's address on every core of a rectangle that contains the
// sender, with or without loopback, after marking its own cb 1 page; then flags the receivers and writes its
// own cb 1 page to DRAM page `index`. Args: dst, x0, y0, x1, y1, num_dests, loopback, sem id, index.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0);
  const uint32_t x0 = get_arg_val<uint32_t>(1), y0 = get_arg_val<uint32_t>(2);
  const uint32_t x1 = get_arg_val<uint32_t>(3), y1 = get_arg_val<uint32_t>(4);
  const uint32_t n = get_arg_val<uint32_t>(5), loopback = get_arg_val<uint32_t>(6);
  const uint32_t sem = get_semaphore(get_arg_val<uint32_t>(7)), index = get_arg_val<uint32_t>(8);
  cb_reserve_back(0, 1);
  cb_reserve_back(1, 1);
  const uint32_t a = get_write_ptr(0), b = get_write_ptr(1);
  for (uint32_t i = 0; i < 512; ++i) reinterpret_cast<volatile uint32_t*>(a)[i] = 0xA0000000u + i;
  for (uint32_t i = 0; i < 512; ++i) reinterpret_cast<volatile uint32_t*>(b)[i] = 0xB0B0B0B0u;
  *reinterpret_cast<volatile uint32_t*>(sem) = 1;
  if (loopback) {
    noc_async_write_multicast_loopback_src(a, get_noc_multicast_addr(x0, y0, x1, y1, b), 2048, n);
    noc_semaphore_set_multicast_loopback_src(sem, get_noc_multicast_addr(x0, y0, x1, y1, sem), n);
  } else {
    noc_async_write_multicast(a, get_noc_multicast_addr(x0, y0, x1, y1, b), 2048, n);
    noc_semaphore_set_multicast(sem, get_noc_multicast_addr(x0, y0, x1, y1, sem), n);
  }
  noc_async_write_barrier();
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 2048};
  noc_async_write(b, get_noc_addr(index, dst), 2048);
  noc_async_write_barrier();
}
