// Waits for semaphore 0 to reach 1; nobody ever signals it.
void kernel_main() {
  volatile uint32_t* sem = reinterpret_cast<volatile uint32_t*>(get_semaphore(get_arg_val<uint32_t>(0)));
  noc_semaphore_wait(sem, 1);
}
