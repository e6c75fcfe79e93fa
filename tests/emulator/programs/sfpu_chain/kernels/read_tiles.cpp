// Reads tiles [0, num_tiles) of X into c_0, one at a time.
#include <cstdint>

void kernel_main() {
  const uint32_t x_addr = get_arg_val<uint32_t>(0);
  const uint32_t num_tiles = get_arg_val<uint32_t>(1);
  constexpr auto x_args = TensorAccessorArgs<0>();
  constexpr uint32_t cb_x = tt::CBIndex::c_0;
  const uint32_t tile_bytes = get_tile_size(cb_x);
  const auto x = TensorAccessor(x_args, x_addr, tile_bytes);
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_reserve_back(cb_x, 1);
    noc_async_read_tile(t, x, get_write_ptr(cb_x));
    noc_async_read_barrier();
    cb_push_back(cb_x, 1);
  }
}
