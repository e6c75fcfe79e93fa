// Writes this core's view of a few L1 addresses (cb 0 write pointer, semaphore 0, runtime-arg 0 address)
// and its NOC/logical coordinates to DRAM page `index`. Args: dst address, index.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), index = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, 1);
  volatile uint32_t* w = reinterpret_cast<volatile uint32_t*>(get_write_ptr(0));
  w[0] = get_write_ptr(0);
  w[1] = get_semaphore(0);
  w[2] = get_arg_addr(0);
  w[3] = my_x[noc_index];
  w[4] = my_y[noc_index];
  w[5] = get_absolute_logical_x();
  w[6] = get_absolute_logical_y();
  w[7] = *reinterpret_cast<volatile uint32_t*>(get_arg_addr(1));  // the runtime arg through its L1 address
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 32};
  noc_async_write(get_write_ptr(0), get_noc_addr(index, dst), 32);
  noc_async_write_barrier();
}
