// A legal store into cb 0's page 0 (after which the runtime grants the kernel the range around it), then, with
// no API call between, an access just past that range. Args: src address, mode: 0 stores into page 1, which it
// did not reserve; 1 loads page 1, the destination of a pending read; 2 does the same after the read barrier
// (legal) and writes what it loaded and stored to DRAM page 0 of src.
void kernel_main() {
  const InterleavedAddrGen<true> src = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  const uint32_t mode = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, mode == 0 ? 1 : 2);
  const uint32_t l1 = get_write_ptr(0);
  volatile uint32_t* page0 = reinterpret_cast<volatile uint32_t*>(l1);
  volatile uint32_t* page1 = reinterpret_cast<volatile uint32_t*>(l1 + 2048);
  if (mode != 0) noc_async_read_page(0, src, l1 + 2048);
  if (mode == 2) noc_async_read_barrier();
  page0[0] = 5;
  if (mode == 0) page1[0] = 6;
  else page0[1] = page1[0];
  if (mode != 2) return;
  noc_async_write_page(0, src, l1);
  noc_async_write_barrier();
}
