// The device type-model check of kernel builds. The emulator compiles kernels for x86-64, where int32_t is int
// and uint32_t unsigned int; the device's RISC-V cores are rv32 ilp32, where int32_t is long and uint32_t unsigned
// long (the SDK's SFPI GCC, like Debian's bare-metal RISC-V GCC, follows the embedded ABI). Code that only builds
// with the x86 types — an int32_t* passed as int*, std::min(uint32_t, 5u) (conflicting deductions on the device),
// a uint32_t printed with "%u" (a -Wformat error under -Werror), a template specialised for unsigned int used
// with uint32_t — would pass here and fail in the SDK's build. So each kernel's translation unit is also
// compiled syntax-only by a RISC-V GCC for the device's ABI, with the same language level, warnings, defines and
// headers; a kernel is cached and run only when both builds succeed.
//
// TT_EMU_DEVICE_CHECK: unset or "auto" — on when the RISC-V GCC and its C++ library headers are installed
// (scripts/setup-system.sh installs them), else off (TT_EMU_VERBOSE says so); "1" — on, and a missing toolchain is
// an error; "0" — off. TT_EMU_DEVICE_CXX names the compiler (default riscv64-unknown-elf-g++ on PATH).
#pragma once
#include <string>
#include <vector>

namespace emu {
struct DeviceCheck {
  std::string cxx;                 // the RISC-V g++
  std::vector<std::string> flags;  // target, library include flags and -fsyntax-only (before the kernel's flags)
  std::string identity;            // for cache keys: the compiler's version and the flags
};
// The check to run, or nullptr when it is off; throws std::runtime_error when required (=1) but not installed.
const DeviceCheck* device_check();
}  // namespace emu
