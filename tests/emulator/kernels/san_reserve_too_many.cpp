// Reserves more pages of cb 0 than the CB holds (runtime arg 0: pages).
void kernel_main() { cb_reserve_back(0, get_arg_val<uint32_t>(0)); }
