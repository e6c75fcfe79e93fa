// Writes 64 bytes to a neighbour core's L1 just below its end (arg 0/1: NOC x/y of the target).
void kernel_main() {
  const uint32_t x = get_arg_val<uint32_t>(0), y = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, 1);
  noc_async_write(get_write_ptr(0), get_noc_addr(x, y, 1464 * 1024 - 32), 64);
  noc_async_write_barrier();
}
