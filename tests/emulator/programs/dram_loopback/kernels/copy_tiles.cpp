// Copies n pages from one interleaved DRAM buffer to another through a single-page L1 scratch buffer.
// Runtime args: scratch L1 address, source address, destination address, pages. CT args: two accessors.
#include <cstdint>

void kernel_main() {
  const uint32_t scratch = get_arg_val<uint32_t>(0);
  const uint32_t src_addr = get_arg_val<uint32_t>(1);
  const uint32_t dst_addr = get_arg_val<uint32_t>(2);
  const uint32_t pages = get_arg_val<uint32_t>(3);
  constexpr uint32_t page_bytes = 2048;
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr, page_bytes);
  const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);
  for (uint32_t p = 0; p < pages; ++p) {
    noc_async_read_page(p, src, scratch);
    noc_async_read_barrier();
    noc_async_write_page(p, dst, scratch);
    noc_async_write_barrier();
  }
}
