// Streams n transfers of one page size between DRAM and L1 (reads: n consecutive slots of cb 0's space, as
// pending reads may not overlap; writes: its first slot), then one barrier: the
// experiment of the vendor's DRAM data-movement tests. Page p of the interleaved buffer lives in bank p % banks,
// so step 0 keeps every transfer on the bank of page `first` and step 1 spreads them over the banks.
// Args: buffer address, page size, n, first page, step, write (0 read, 1 write).
void kernel_main() {
  const uint32_t addr = get_arg_val<uint32_t>(0), page = get_arg_val<uint32_t>(1), n = get_arg_val<uint32_t>(2);
  const uint32_t first = get_arg_val<uint32_t>(3), step = get_arg_val<uint32_t>(4), write = get_arg_val<uint32_t>(5);
  const InterleavedAddrGen<true> buf = {.bank_base_address = addr, .page_size = page};
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t dram = get_noc_addr(first + i * step, buf);
    if (write) noc_async_write(l1, dram, page);
    else noc_async_read(dram, l1 + i * page, page);
  }
  if (write) noc_async_write_barrier();
  else noc_async_read_barrier();
}
