// Reserves cb 0 and cb 1 (4 pages of 2 KB each) and, `rounds` times, adds the round to every word of cb 0's
// pages (copy = 0) or copies every word of cb 0's pages into cb 1's (copy = 1): raw L1 loads and stores that
// the sanitizer's access rules check. Args: rounds, copy.
void kernel_main() {
  const uint32_t rounds = get_arg_val<uint32_t>(0), copy = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, 4);
  cb_reserve_back(1, 4);
  volatile uint32_t* a = reinterpret_cast<volatile uint32_t*>(get_write_ptr(0));
  volatile uint32_t* b = reinterpret_cast<volatile uint32_t*>(get_write_ptr(1));
  for (uint32_t r = 0; r < rounds; ++r)
    for (uint32_t i = 0; i < 2048; ++i) {
      if (copy) b[i] = a[i];
      else a[i] = a[i] + r;
    }
  cb_push_back(0, 4);
  cb_push_back(1, 4);
}
