// Reads 32 bytes of DRAM page 0 into its cb 0 page and waits for them, `iterations` times (0: forever, a
// kernel that never ends although every call it makes is legal). Args: src address, iterations.
void kernel_main() {
  const InterleavedAddrGen<true> src = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 32};
  const uint32_t iterations = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  for (uint32_t i = 0; iterations == 0 || i < iterations; ++i) {
    noc_async_read(get_noc_addr(0, src), l1, 32);
    noc_async_read_barrier();
  }
}
