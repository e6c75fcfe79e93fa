// Waits for the sender's flag, then writes its cb 1 page (where the multicast landed) to DRAM page `index`.
// Args: dst, sem id, index.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0);
  volatile uint32_t* sem = reinterpret_cast<volatile uint32_t*>(get_semaphore(get_arg_val<uint32_t>(1)));
  const uint32_t index = get_arg_val<uint32_t>(2);
  noc_semaphore_wait(sem, 1);
  cb_reserve_back(1, 1);
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 2048};
  noc_async_write(get_write_ptr(1), get_noc_addr(index, dst), 2048);
  noc_async_write_barrier();
}
