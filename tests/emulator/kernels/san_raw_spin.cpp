// Spins on a semaphore word with plain volatile loads (no API call): nothing ever sets it.
void kernel_main() {
  volatile uint32_t* sem = reinterpret_cast<volatile uint32_t*>(get_semaphore(0));
  while (*sem == 0) {
  }
}
