// Writer: multiplies each uint32 of a page by the compile-time factor (in L1, through a pointer) and
// writes the page to the same index of the destination. Args: dst, start, n. CT: accessor, then factor.
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), start = get_arg_val<uint32_t>(1), n = get_arg_val<uint32_t>(2);
  constexpr auto args = TensorAccessorArgs<0>();
  constexpr uint32_t factor = get_compile_time_arg_val(args.next_compile_time_args_offset());
  constexpr uint32_t offset = get_named_compile_time_arg_val("offset");
  const auto dst = TensorAccessor(args, dst_addr, 2048);
  for (uint32_t p = start; p < start + n; ++p) {
    cb_wait_front(0, 1);
    uint32_t* w = reinterpret_cast<uint32_t*>(get_read_ptr(0));
    for (uint32_t i = 0; i < 512; ++i) w[i] = w[i] * factor + offset;
    noc_async_write_page(p, dst, get_read_ptr(0));
    noc_async_write_barrier();
    cb_pop_front(0, 1);
  }
}
