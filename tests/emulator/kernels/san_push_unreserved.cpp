// Reserves one page of cb 0 but pushes two.
void kernel_main() {
  cb_reserve_back(0, 1);
  cb_push_back(0, 2);
}
