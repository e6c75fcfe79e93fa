// Two cores. The reader (role 0) reads DRAM page 0 into its cb 0 page and, while that read is pending, lets
// the writer go (semaphore) and waits for it. The writer (role 1) then NoC-writes 64 bytes into the reader's
// L1 at the reader's page address + `offset` and releases it. Offset 0 writes into the pending read's
// destination; 2048 (the reader's next page) does not.
// Args: role, src address, peer NOC x, peer NOC y, sem id, offset.
void kernel_main() {
  const uint32_t role = get_arg_val<uint32_t>(0), src_addr = get_arg_val<uint32_t>(1);
  const uint32_t px = get_arg_val<uint32_t>(2), py = get_arg_val<uint32_t>(3);
  const uint32_t sem = get_semaphore(get_arg_val<uint32_t>(4)), offset = get_arg_val<uint32_t>(5);
  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr, .page_size = 2048};
  volatile uint32_t* my_sem = reinterpret_cast<volatile uint32_t*>(sem);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  if (role == 0) {
    noc_async_read_page(0, src, l1);
    noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
    noc_semaphore_wait(my_sem, 1);
    noc_async_read_barrier();
  } else {
    noc_semaphore_wait(my_sem, 1);
    noc_async_write(l1, get_noc_addr(px, py, l1 + offset), 64);
    noc_async_write_barrier();
    noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
  }
}
