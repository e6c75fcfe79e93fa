// Reads tiles [start, start + n) of A and B into cb 0 and cb 1. Args: a, b, start, n. CT: two accessors.
void kernel_main() {
  const uint32_t a_addr = get_arg_val<uint32_t>(0), b_addr = get_arg_val<uint32_t>(1);
  const uint32_t start = get_arg_val<uint32_t>(2), n = get_arg_val<uint32_t>(3);
  constexpr auto a_args = TensorAccessorArgs<0>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const auto a = TensorAccessor(a_args, a_addr, get_tile_size(0));
  const auto b = TensorAccessor(b_args, b_addr, get_tile_size(1));
  for (uint32_t t = start; t < start + n; ++t) {
    cb_reserve_back(0, 1);
    cb_reserve_back(1, 1);
    noc_async_read_tile(t, a, get_write_ptr(0));
    noc_async_read_tile(t, b, get_write_ptr(1));
    noc_async_read_barrier();
    cb_push_back(0, 1);
    cb_push_back(1, 1);
  }
}
