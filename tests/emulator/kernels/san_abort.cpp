// Calls abort(), as a failed assert does (SIGABRT).
#include <cstdlib>

void kernel_main() { std::abort(); }
