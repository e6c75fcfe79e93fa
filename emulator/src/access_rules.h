// The sanitizer's rules for what a kernel may do with its own core's L1, checked on raw loads and stores
// (the kernel build instruments every memory access of kernel code: emu/access_hooks.h, rt::l1_access) and on
// the local side of NoC transfers. Two rules, each stated here once:
//  1. Pending reads. The destination of a noc_async_read is the NoC's until the issuing kernel's
//     noc_async_read_barrier: it may be neither read nor written, whether or not the data has already landed
//     (seeds differ in that), so what is reported does not depend on TT_EMU_SEED. Writes into it from
//     anywhere (NoC writes of other kernels and cores) count too.
//  2. CB pages. A kernel may touch a CB's bytes only inside the pages it holds: as producer the pages it
//     reserved (cb_reserve_back) and has not pushed, as consumer the pages it waited for (cb_wait_front) and
//     has not popped. Pages in flight (pushed, not yet waited) and free pages belong to no kernel.
#pragma once
#include <cstdint>

namespace emu {
struct KernelRun;
class Engine;

enum class Access : uint8_t {
  kLoad,       // kernel code reads through a pointer
  kStore,      // kernel code writes through a pointer
  kNocSource,  // a NoC write / multicast sends these bytes
  kNocDest,    // a NoC read brings data into these bytes
};

// Checks an access of `k` to [addr, addr + size) of its own core's L1 against both rules; faults naming `api`.
void check_l1_access(const KernelRun& k, uint32_t addr, uint32_t size, Access how, const char* api);
// Rule 1 alone, for the far end of a NoC transfer in core `core`'s L1 (any core, the issuer's own included):
// what a NoC write writes into (`write`) or a NoC read reads from.
void check_noc_access(uint32_t core, uint32_t addr, uint32_t size, bool write, const char* api);
}  // namespace emu
