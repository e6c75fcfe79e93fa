// Reader: pages [start, start + n) of the source into cb 0, one at a time. Args: src, start, n.
void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0), start = get_arg_val<uint32_t>(1), n = get_arg_val<uint32_t>(2);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, 2048);
  for (uint32_t p = start; p < start + n; ++p) {
    cb_reserve_back(0, 1);
    noc_async_read_page(p, src, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
  }
}
