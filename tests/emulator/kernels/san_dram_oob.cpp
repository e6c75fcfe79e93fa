// Reads one page past the end of an interleaved DRAM buffer (args: buffer address, pages in buffer).
void kernel_main() {
  const uint32_t addr = get_arg_val<uint32_t>(0);
  const uint32_t pages = get_arg_val<uint32_t>(1);
  const InterleavedAddrGen<true> buf = {.bank_base_address = addr, .page_size = 2048};
  cb_reserve_back(0, 1);
  // Page `pages` of a buffer sized for `pages` pages lies beyond its last row of banks when pages % 12 == 0.
  noc_async_read(get_noc_addr(pages, buf), get_write_ptr(0), 2048);
  noc_async_read_barrier();
}
