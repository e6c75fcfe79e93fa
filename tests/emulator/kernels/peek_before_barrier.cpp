// Reads a DRAM page into L1 and looks at its first word before the read barrier, then again after it;
// writes both observations to DRAM page 1 of the same buffer. Args: buffer address.
void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  cb_reserve_back(0, 2);
  const uint32_t l1 = get_write_ptr(0);
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(l1);
  noc_async_read_page(0, buf, l1);
  const uint32_t early = p[0];
  noc_async_read_barrier();
  const uint32_t late = p[0];
  volatile uint32_t* q = reinterpret_cast<volatile uint32_t*>(l1 + 2048);
  q[0] = early;
  q[1] = late;
  noc_async_write(l1 + 2048, get_noc_addr(1, buf), 8);
  noc_async_write_barrier();
}
