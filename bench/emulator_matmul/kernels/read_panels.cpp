// Reader: this core's in0 row panel (pm tile rows × kt) and in1 column panel (kt × pn tile columns), pushed
// one K step at a time (pm tiles of A, pn tiles of B). Args: a, b, first tile row, first tile col, kt, nt.
void kernel_main() {
  const uint32_t a_addr = get_arg_val<uint32_t>(0), b_addr = get_arg_val<uint32_t>(1);
  const uint32_t row0 = get_arg_val<uint32_t>(2), col0 = get_arg_val<uint32_t>(3);
  const uint32_t kt = get_arg_val<uint32_t>(4), nt = get_arg_val<uint32_t>(5);
  constexpr uint32_t pm = get_compile_time_arg_val(0), pn = get_compile_time_arg_val(1);
  constexpr auto a_args = TensorAccessorArgs<2>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const auto a = TensorAccessor(a_args, a_addr, 2048);
  const auto b = TensorAccessor(b_args, b_addr, 2048);
  for (uint32_t k = 0; k < kt; ++k) {
    cb_reserve_back(0, pm);
    uint32_t l1 = get_write_ptr(0);
    for (uint32_t r = 0; r < pm; ++r, l1 += 2048) noc_async_read_tile((row0 + r) * kt + k, a, l1);
    cb_reserve_back(1, pn);
    uint32_t l1b = get_write_ptr(1);
    for (uint32_t c = 0; c < pn; ++c, l1b += 2048) noc_async_read_tile(k * nt + col0 + c, b, l1b);
    noc_async_read_barrier();
    cb_push_back(0, pm);
    cb_push_back(1, pn);
  }
}
