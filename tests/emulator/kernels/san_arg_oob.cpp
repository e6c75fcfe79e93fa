// Reads runtime argument 5 while only one is set.
void kernel_main() { (void)get_arg_val<uint32_t>(5); }
