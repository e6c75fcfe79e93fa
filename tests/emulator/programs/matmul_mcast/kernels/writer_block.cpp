// Writes this core's block_m × block_n output tiles (row-major from c_16) to their DRAM pages.
#include <cstdint>

void kernel_main() {
  const uint32_t c_addr = get_arg_val<uint32_t>(0);
  const uint32_t block_row = get_arg_val<uint32_t>(1);
  const uint32_t block_col = get_arg_val<uint32_t>(2);
  const uint32_t nt = get_arg_val<uint32_t>(3);
  constexpr uint32_t block_m = get_compile_time_arg_val(0);
  constexpr uint32_t block_n = get_compile_time_arg_val(1);
  constexpr auto c_args = TensorAccessorArgs<2>();
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  const uint32_t tile_bytes = get_tile_size(cb_out);
  const auto c = TensorAccessor(c_args, c_addr, tile_bytes);

  cb_wait_front(cb_out, block_m * block_n);
  uint32_t l1 = get_read_ptr(cb_out);
  for (uint32_t i = 0; i < block_m; ++i)
    for (uint32_t j = 0; j < block_n; ++j, l1 += tile_bytes)
      noc_async_write_tile((block_row + i) * nt + block_col + j, c, l1);
  noc_async_write_barrier();
  cb_pop_front(cb_out, block_m * block_n);
}
