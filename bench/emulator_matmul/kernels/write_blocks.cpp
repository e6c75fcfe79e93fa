// Writer: receives sh×sw output sub-blocks in row-major sub-block order and writes each tile to C.
// Args: c, first tile row, first tile col, nt. CT: pm, pn, sh, sw, then the accessor.
void kernel_main() {
  const uint32_t c_addr = get_arg_val<uint32_t>(0), row0 = get_arg_val<uint32_t>(1), col0 = get_arg_val<uint32_t>(2);
  const uint32_t nt = get_arg_val<uint32_t>(3);
  constexpr uint32_t pm = get_compile_time_arg_val(0), pn = get_compile_time_arg_val(1);
  constexpr uint32_t sh = get_compile_time_arg_val(2), sw = get_compile_time_arg_val(3);
  constexpr auto c_args = TensorAccessorArgs<4>();
  const auto c = TensorAccessor(c_args, c_addr, 2048);
  for (uint32_t r0 = 0; r0 < pm; r0 += sh)
    for (uint32_t c0 = 0; c0 < pn; c0 += sw) {
      cb_wait_front(16, sh * sw);
      uint32_t l1 = get_read_ptr(16);
      for (uint32_t r = 0; r < sh; ++r)
        for (uint32_t cc = 0; cc < sw; ++cc, l1 += 2048) noc_async_write_tile((row0 + r0 + r) * nt + col0 + c0 + cc, c, l1);
      noc_async_write_barrier();
      cb_pop_front(16, sh * sw);
    }
}
