// Reads `n` tiles of an interleaved DRAM buffer into cb 0. Args: src, n. CT: accessor.
void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, get_tile_size(0));
  for (uint32_t t = 0; t < n; ++t) {
    cb_reserve_back(0, 1);
    noc_async_read_tile(t, src, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
  }
}
