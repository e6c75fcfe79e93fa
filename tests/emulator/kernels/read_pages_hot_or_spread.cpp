// Reads n DRAM pages into n consecutive cb 0 pages with one barrier: page i, or always page 0 when
// `same` is set (all traffic on one DRAM bank). Args: address, n, same.
void kernel_main() {
  const InterleavedAddrGen<true> src = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  const uint32_t n = get_arg_val<uint32_t>(1), same = get_arg_val<uint32_t>(2);
  cb_reserve_back(0, n);
  const uint32_t l1 = get_write_ptr(0);
  for (uint32_t i = 0; i < n; ++i) noc_async_read_page(same ? 0 : i, src, l1 + i * 2048);
  noc_async_read_barrier();
}
