// Two cores take turns `rounds` times (semaphores). With `touch`, each turn first checks, through a raw pointer
// into its CB page, the value it stored there on its previous turn (the peer stored its own at the same L1
// address of its core meanwhile), stores a new one, and at the end writes how many checks failed to DRAM page
// `index`. Without `touch` the kernel never dereferences an L1 address.
// Args: dst, index, peer NOC x, peer NOC y, sem id, first, rounds, touch.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), index = get_arg_val<uint32_t>(1);
  const uint32_t px = get_arg_val<uint32_t>(2), py = get_arg_val<uint32_t>(3);
  const uint32_t sem = get_semaphore(get_arg_val<uint32_t>(4)), first = get_arg_val<uint32_t>(5);
  const uint32_t rounds = get_arg_val<uint32_t>(6), touch = get_arg_val<uint32_t>(7);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  uint32_t bad = 0;
  for (uint32_t r = 0; r < rounds; ++r) {
    noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), first ? r : r + 1);
    if (touch) {
      volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(l1);
      if (r > 0 && p[0] != index * 1000 + r - 1) ++bad;
      p[0] = index * 1000 + r;
    }
    noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
  }
  if (touch) {
    reinterpret_cast<volatile uint32_t*>(l1)[1] = bad;
    const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 32};
    noc_async_write(l1 + 4, get_noc_addr(index, dst), 4);
    noc_async_write_barrier();
  }
}
