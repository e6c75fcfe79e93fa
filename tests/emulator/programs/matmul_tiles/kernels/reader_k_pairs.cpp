// For each output tile assigned to this core, streams the kt (A, B) tile pairs its dot product needs.
#include <cstdint>

void kernel_main() {
  const uint32_t a_addr = get_arg_val<uint32_t>(0);
  const uint32_t b_addr = get_arg_val<uint32_t>(1);
  const uint32_t first_tile = get_arg_val<uint32_t>(2);
  const uint32_t num_tiles = get_arg_val<uint32_t>(3);
  constexpr uint32_t kt = get_compile_time_arg_val(0);
  constexpr uint32_t nt = get_compile_time_arg_val(1);
  constexpr auto a_args = TensorAccessorArgs<2>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  const uint32_t tile_bytes = get_tile_size(cb_a);
  const auto a = TensorAccessor(a_args, a_addr, tile_bytes);
  const auto b = TensorAccessor(b_args, b_addr, tile_bytes);

  for (uint32_t t = first_tile; t < first_tile + num_tiles; ++t) {
    const uint32_t row = t / nt, col = t % nt;
    for (uint32_t k = 0; k < kt; ++k) {
      cb_reserve_back(cb_a, 1);
      noc_async_read_tile(row * kt + k, a, get_write_ptr(cb_a));
      cb_reserve_back(cb_b, 1);
      noc_async_read_tile(k * nt + col, b, get_write_ptr(cb_b));
      noc_async_read_barrier();
      cb_push_back(cb_a, 1);
      cb_push_back(cb_b, 1);
    }
  }
}
