// Waits for one page of cb 0 but pops two.
void kernel_main() {
  cb_wait_front(0, 1);
  cb_pop_front(0, 2);
}
