// The consumer of cb 0: takes the front page and writes its first 32 bytes to DRAM page 0 of dst.
// Args: dst address, how (0: a raw load of the first word, stored back before the write; 1: a NoC write
// straight from the page), wait_first (1: cb_wait_front before touching the page, as it must; 0: after).
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), how = get_arg_val<uint32_t>(1);
  const uint32_t wait_first = get_arg_val<uint32_t>(2);
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 32};
  const uint32_t l1 = get_read_ptr(0);
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(l1);
  if (wait_first) cb_wait_front(0, 1);
  if (how == 0) {
    const uint32_t v = p[0];
    if (!wait_first) cb_wait_front(0, 1);
    p[1] = v;
    noc_async_write(l1 + 4, get_noc_addr(0, dst), 4);
  } else {
    noc_async_write(l1, get_noc_addr(0, dst), 32);
    if (!wait_first) cb_wait_front(0, 1);
  }
  noc_async_write_barrier();
  cb_pop_front(0, 1);
}
