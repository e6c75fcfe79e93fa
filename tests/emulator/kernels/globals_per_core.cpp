// A kernel with an initialised global and a zero-initialised static: each core updates its own copies,
// hands over to the peer core in the middle, then writes what it sees to DRAM page `index`.
// Args: dst, index, peer NOC x, peer NOC y, sem id, first.
uint32_t g_value = 100;
static uint32_t s_count;

void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), index = get_arg_val<uint32_t>(1);
  const uint32_t px = get_arg_val<uint32_t>(2), py = get_arg_val<uint32_t>(3);
  const uint32_t sem = get_semaphore(get_arg_val<uint32_t>(4)), first = get_arg_val<uint32_t>(5);
  g_value += index + 1;
  s_count += 1;
  if (!first) noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
  noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), 1);
  s_count += 1;
  cb_reserve_back(0, 1);
  volatile uint32_t* w = reinterpret_cast<volatile uint32_t*>(get_write_ptr(0));
  w[0] = g_value;
  w[1] = s_count;
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr, .page_size = 32};
  noc_async_write(get_write_ptr(0), get_noc_addr(index, dst), 8);
  noc_async_write_barrier();
  if (first) noc_semaphore_inc(get_noc_addr(px, py, sem), 1);
}
