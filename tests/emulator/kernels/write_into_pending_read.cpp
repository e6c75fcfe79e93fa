// Reads DRAM page 0 into L1 and writes into that L1 range at byte `offset` — before the read barrier, or
// after it with `after_barrier` — then writes the page to DRAM page 1. With bytes = 0 the write is a raw store
// of 7; otherwise a memset of `bytes` bytes to 7, a library call the access instrumentation does not see.
// Args: buffer address, offset, after_barrier, bytes.
#include <cstring>

void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  const uint32_t offset = get_arg_val<uint32_t>(1), after_barrier = get_arg_val<uint32_t>(2);
  const uint32_t bytes = get_arg_val<uint32_t>(3);
  cb_reserve_back(0, 1);
  const uint32_t l1 = get_write_ptr(0);
  auto write = [&] {
    if (bytes) std::memset(reinterpret_cast<void*>(l1 + offset), 7, bytes);
    else *reinterpret_cast<volatile uint32_t*>(l1 + offset) = 7;
  };
  noc_async_read_page(0, buf, l1);
  if (!after_barrier) write();
  noc_async_read_barrier();
  if (after_barrier) write();
  noc_async_write_page(1, buf, l1);
  noc_async_write_barrier();
}
