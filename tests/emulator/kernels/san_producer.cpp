// Reserves and pushes `pages` pages of cb 0 one at a time (runtime arg 0: pages).
void kernel_main() {
  const uint32_t pages = get_arg_val<uint32_t>(0);
  for (uint32_t i = 0; i < pages; ++i) {
    cb_reserve_back(0, 1);
    cb_push_back(0, 1);
  }
}
