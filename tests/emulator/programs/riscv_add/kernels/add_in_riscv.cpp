// Reads one uint32 from each of two DRAM buffers into L1, adds them on the RISC-V through raw L1 pointers,
// and writes the sum back to DRAM. Args: src0, src1, dst (DRAM), then three L1 scratch addresses.
void kernel_main() {
  const uint32_t a_dram = get_arg_val<uint32_t>(0), b_dram = get_arg_val<uint32_t>(1), c_dram = get_arg_val<uint32_t>(2);
  const uint32_t a_l1 = get_arg_val<uint32_t>(3), b_l1 = get_arg_val<uint32_t>(4), c_l1 = get_arg_val<uint32_t>(5);
  const InterleavedAddrGen<true> a = {.bank_base_address = a_dram, .page_size = 4};
  const InterleavedAddrGen<true> b = {.bank_base_address = b_dram, .page_size = 4};
  const InterleavedAddrGen<true> c = {.bank_base_address = c_dram, .page_size = 4};
  noc_async_read(get_noc_addr(0, a), a_l1, 4);
  noc_async_read(get_noc_addr(0, b), b_l1, 4);
  noc_async_read_barrier();
  uint32_t* pa = (uint32_t*)a_l1;
  uint32_t* pb = (uint32_t*)b_l1;
  uint32_t* pc = (uint32_t*)c_l1;
  *pc = *pa + *pb;
  DPRINT << "riscv_add: " << *pa << " + " << *pb << " = " << *pc << ENDL();
  noc_async_write(c_l1, get_noc_addr(0, c), 4);
  noc_async_write_barrier();
}
