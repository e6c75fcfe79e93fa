// Multicasts a page to a rectangle but passes a wrong num_dests (args: x0, y0, x1, y1, num_dests).
void kernel_main() {
  const uint32_t x0 = get_arg_val<uint32_t>(0), y0 = get_arg_val<uint32_t>(1);
  const uint32_t x1 = get_arg_val<uint32_t>(2), y1 = get_arg_val<uint32_t>(3);
  const uint32_t n = get_arg_val<uint32_t>(4);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1), 2048, n);
  noc_async_write_barrier();
}
