// Writes this core's tile rows of Y from c_16, one tile at a time.
#include <cstdint>

void kernel_main() {
  const uint32_t y_addr = get_arg_val<uint32_t>(0);
  const uint32_t first_row = get_arg_val<uint32_t>(1);
  const uint32_t num_rows = get_arg_val<uint32_t>(2);
  constexpr uint32_t wt = get_compile_time_arg_val(0);
  constexpr auto y_args = TensorAccessorArgs<1>();
  constexpr uint32_t cb_y = tt::CBIndex::c_16;
  const uint32_t tile_bytes = get_tile_size(cb_y);
  const auto y = TensorAccessor(y_args, y_addr, tile_bytes);
  for (uint32_t t = first_row * wt; t < (first_row + num_rows) * wt; ++t) {
    cb_wait_front(cb_y, 1);
    noc_async_write_tile(t, y, get_read_ptr(cb_y));
    noc_async_write_barrier();
    cb_pop_front(cb_y, 1);
  }
}
