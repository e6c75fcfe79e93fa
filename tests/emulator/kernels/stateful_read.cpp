// Sets the stateful-read source to page `page` of a DRAM buffer, hands over to the peer core (which sets
// its own state meanwhile), then reads with the state and writes the page to DRAM page `page` of dst.
// Args: src, dst, page, peer NOC x, peer NOC y, sem id, first (1 on the core that starts).
void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0), dst_addr = get_arg_val<uint32_t>(1);
  const uint32_t page = get_arg_val<uint32_t>(2), px = get_arg_val<uint32_t>(3), py = get_arg_val<uint32_t>(4);
  const uint32_t sem = get_semaphore(get_arg_val<uint32_t>(5)), first = get_arg_val<uint32_t>(6);
  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr, .page_size = 2048};
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 2048};
  const uint64_t page_addr = get_noc_addr(page, src);
  noc_async_read_one_packet_set_state(page_addr, 2048);
  if (!first) noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
  noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), 1);
  cb_reserve_back(0, 1);
  noc_async_read_one_packet_with_state(static_cast<uint32_t>(page_addr & 0xFFFFFFFFFull), get_write_ptr(0));
  noc_async_read_barrier();
  noc_async_write(get_write_ptr(0), get_noc_addr(page, dst), 2048);
  noc_async_write_barrier();
  if (first) noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
}
