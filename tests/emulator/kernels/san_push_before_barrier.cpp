// Reads a DRAM page into cb 0 and pushes it without waiting for the read (arg 0: DRAM address).
void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  cb_reserve_back(0, 1);
  noc_async_read_page(0, buf, get_write_ptr(0));
  cb_push_back(0, 1);
}
