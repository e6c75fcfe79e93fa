// Fills a 2-page cb 0 with one reserved page, then pushes two more pages having reserved only one.
void kernel_main() {
  cb_reserve_back(0, 1);
  cb_push_back(0, 1);
  cb_reserve_back(0, 1);
  cb_push_back(0, 2);
}
