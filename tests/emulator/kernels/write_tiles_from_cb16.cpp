// Writes `n` tiles from cb 16 (or the CB named by the define OUT_CB) to an interleaved DRAM buffer.
// Args: dst, n. CT: accessor.
#ifndef OUT_CB
#define OUT_CB 16
#endif
void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(args, dst_addr, get_tile_size(OUT_CB));
  for (uint32_t t = 0; t < n; ++t) {
    cb_wait_front(OUT_CB, 1);
    noc_async_write_tile(t, dst, get_read_ptr(OUT_CB));
    noc_async_write_barrier();
    cb_pop_front(OUT_CB, 1);
  }
}
