// Divides by its runtime argument, which the test sets to 0: an integer division by zero (SIGFPE).
void kernel_main() {
  volatile uint32_t n = 7;
  volatile uint32_t q = n / get_arg_val<uint32_t>(0);
  (void)q;
}
