// Waits for `pages` pages of cb 0 and pops them (runtime arg 0: pages).
void kernel_main() {
  const uint32_t pages = get_arg_val<uint32_t>(0);
  cb_wait_front(0, pages);
  cb_pop_front(0, pages);
}
