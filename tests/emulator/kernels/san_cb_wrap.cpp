// Produces into a 3-page cb 0 two pages at a time: the second request runs past the CB's end.
void kernel_main() {
  for (uint32_t i = 0; i < 2; ++i) {
    cb_reserve_back(0, 2);
    cb_push_back(0, 2);
    cb_wait_front(0, 2);
    cb_pop_front(0, 2);
  }
}
