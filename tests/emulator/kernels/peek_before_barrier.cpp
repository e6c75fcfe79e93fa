// Reads DRAM page 0 into L1 and writes its first word to DRAM page 1 of the same buffer after the read
// barrier, preceded by the word `peek` saw before the barrier, while the read was pending: peek = 1 loads it
// through a pointer, 2 copies it with memcpy (a library call the access instrumentation does not see), 0 does
// not look. Args: buffer address, peek.
#include <cstring>

void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  const uint32_t peek = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, 2);
  const uint32_t l1 = get_write_ptr(0);
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(l1);
  noc_async_read_page(0, buf, l1);
  uint32_t early = 0;
  if (peek == 1) early = p[0];
  const size_t n = sizeof(early) * (peek - 1);  // 4 for peek = 2; not a constant, so a real memcpy call
  if (peek == 2) std::memcpy(&early, reinterpret_cast<const void*>(l1), n);
  noc_async_read_barrier();
  volatile uint32_t* q = reinterpret_cast<volatile uint32_t*>(l1 + 2048);
  q[0] = early;
  q[1] = p[0];
  noc_async_write(l1 + 2048, get_noc_addr(1, buf), 8);
  noc_async_write_barrier();
}
