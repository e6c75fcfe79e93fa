// Writes tiles [0, num_tiles) of Y from c_16.
#include <cstdint>

void kernel_main() {
  const uint32_t y_addr = get_arg_val<uint32_t>(0);
  const uint32_t num_tiles = get_arg_val<uint32_t>(1);
  constexpr auto y_args = TensorAccessorArgs<0>();
  constexpr uint32_t cb_y = tt::CBIndex::c_16;
  const uint32_t tile_bytes = get_tile_size(cb_y);
  const auto y = TensorAccessor(y_args, y_addr, tile_bytes);
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_wait_front(cb_y, 1);
    noc_async_write_tile(t, y, get_read_ptr(cb_y));
    noc_async_write_barrier();
    cb_pop_front(cb_y, 1);
  }
}
