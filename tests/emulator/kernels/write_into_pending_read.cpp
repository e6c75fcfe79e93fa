// Reads a DRAM page into L1 and stores into that L1 range before the read barrier.
void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  noc_async_read_page(0, buf, l1);
  reinterpret_cast<volatile uint32_t*>(l1)[1] = 7;
  noc_async_read_barrier();
}
