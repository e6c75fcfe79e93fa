// Reads a DRAM page into L1 and writes the same L1 range back out before the read barrier.
void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  noc_async_read_page(0, buf, l1);
  noc_async_write(l1, get_noc_addr(1, buf), 2048);
  noc_async_read_barrier();
  noc_async_write_barrier();
}
