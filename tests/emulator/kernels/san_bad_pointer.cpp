// Dereferences an address below the L1 window (the firmware area, not mapped for kernels).
void kernel_main() {
  volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(uintptr_t{0x20});
  *p = 1;
}
