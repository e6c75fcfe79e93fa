// The producer of cb 0: fills the back page (its first 32 bytes) and pushes it. Args: value, how (0: raw
// stores of `value`; 1: a NoC read of DRAM page 0 of src), order (0: reserve, fill, push, as it must;
// 1: fill before cb_reserve_back; 2: fill after cb_push_back), src address.
void kernel_main() {
  const uint32_t value = get_arg_val<uint32_t>(0), how = get_arg_val<uint32_t>(1);
  const uint32_t order = get_arg_val<uint32_t>(2), src_addr = get_arg_val<uint32_t>(3);
  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr, .page_size = 32};
  const uint32_t l1 = get_write_ptr(0);
  auto fill = [&] {
    if (how == 0) {
      volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(l1);
      for (uint32_t i = 0; i < 8; ++i) p[i] = value;
    } else {
      noc_async_read(get_noc_addr(0, src), l1, 32);
      noc_async_read_barrier();
    }
  };
  if (order == 1) fill();
  cb_reserve_back(0, 1);
  if (order == 0) fill();
  cb_push_back(0, 1);
  if (order == 2) fill();
}
