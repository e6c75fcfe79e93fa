// Writes tiles [start, start + n) of C from cb 16. Args: c, start, n. CT: accessor.
void kernel_main() {
  const uint32_t c_addr = get_arg_val<uint32_t>(0), start = get_arg_val<uint32_t>(1), n = get_arg_val<uint32_t>(2);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto c = TensorAccessor(args, c_addr, get_tile_size(16));
  for (uint32_t t = start; t < start + n; ++t) {
    cb_wait_front(16, 1);
    noc_async_write_tile(t, c, get_read_ptr(16));
    noc_async_write_barrier();
    cb_pop_front(16, 1);
  }
}
