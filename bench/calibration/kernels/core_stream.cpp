// Streams n transfers of `size` bytes between this core's L1 (cb 0's space; reads fill n consecutive slots) and
// other cores' cb 1 space, then one barrier: the experiment of the vendor's one-to-one, one-from-one and one-to-all tests.
// mode 0: write to core (x0, y0); 1: read from it; 2: multicast to the NOC rectangle (x0, y0)-(x1, y1) with
// loopback (num_dests cores); 3: the same, linked (each transfer but the last keeps the path open).
// Args: size, n, mode, x0, y0, x1, y1, num_dests.
void kernel_main() {
  const uint32_t size = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1), mode = get_arg_val<uint32_t>(2);
  const uint32_t x0 = get_arg_val<uint32_t>(3), y0 = get_arg_val<uint32_t>(4);
  const uint32_t x1 = get_arg_val<uint32_t>(5), y1 = get_arg_val<uint32_t>(6), dests = get_arg_val<uint32_t>(7);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0), remote = get_write_ptr(1);  // cb 1 has the same address on every core
  for (uint32_t i = 0; i < n; ++i) {
    if (mode == 0) noc_async_write(l1, get_noc_addr(x0, y0, remote), size);
    else if (mode == 1) noc_async_read(get_noc_addr(x0, y0, remote), l1 + i * size, size);
    else noc_async_write_multicast_loopback_src(l1, get_noc_multicast_addr(x0, y0, x1, y1, remote), size, dests,
                                                mode == 3 && i + 1 < n);
  }
  if (mode == 1) noc_async_read_barrier();
  else noc_async_write_barrier();
}
