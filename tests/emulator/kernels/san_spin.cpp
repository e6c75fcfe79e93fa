// Polls cb 0 forever without blocking: nothing will ever be pushed.
void kernel_main() {
  while (!cb_pages_available_at_front(0, 1)) {
  }
}
