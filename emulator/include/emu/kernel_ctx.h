// The state a kernel sees while it runs on an emulated core: where its runtime arguments are in L1, the
// semaphore base, its core's coordinates, and the device's bank layout for address generators. The runtime
// points tls_kernel at the running fiber's KernelCtx on every switch, so one compiled kernel serves all cores.
// Also declares every runtime entry point that the kernel-side headers (dataflow and compute) call.
#pragma once
#include <cstdint>

#define EMU_API __attribute__((visibility("default")))

namespace emu {
struct DeviceParams {
  uint32_t num_dram_banks;
  uint32_t dram_alignment;
  uint32_t num_l1_banks;  // worker cores: L1 interleaved buffers spread over all of them
  uint32_t l1_alignment;
  uint8_t dram_bank_x[16], dram_bank_y[16];
  uint32_t dram_bank_offset[16];  // added to bank-relative addresses (bank_to_dram_offset)
  uint8_t l1_bank_x[256], l1_bank_y[256];
  uint32_t arch;  // 2 = Wormhole B0, 3 = Blackhole
};

struct KernelCtx {
  uint32_t rt_args_addr;      // L1 address of the per-core runtime arguments
  uint32_t n_rt_args;
  uint32_t common_args_addr;  // L1 address of the common runtime arguments
  uint32_t n_common_args;
  uint32_t sem_base;          // L1 address of semaphore 0 (semaphore i at sem_base + 16·i)
  uint32_t logical_x, logical_y;
  uint8_t noc_x, noc_y;
  const DeviceParams* dev;
  const uint8_t* l1;          // this core's L1 as the runtime sees it (same bytes as the window, no window fault)
  // State of the stateful NoC calls (noc_async_read_*_set_state / _with_state), per NOC.
  uint64_t noc_read_state_addr[2];
  uint32_t noc_read_state_size[2];
  uint32_t waypoint;          // the last WAYPOINT the kernel passed (emu/waypoint.h); 0: none yet
};

EMU_API extern thread_local KernelCtx* tls_kernel;

// Kernels' L1 addresses, used as pointers, fall in [kL1WindowLo, kL1WindowLo + kL1WindowSpan) (the window the
// running core's L1 is mapped at; the span covers the largest L1 of any device model).
constexpr uintptr_t kL1WindowLo = 0x10000, kL1WindowSpan = (2u << 20) - kL1WindowLo;
// Ranges of L1 (as pointers) that the running kernel may load and store without asking (rt::l1_access): the
// last few the runtime granted, so that a loop over two or three buffers in turn asks once per buffer.
struct AccessGrants {
  static constexpr uint32_t kSlots = 4;
  uintptr_t lo[kSlots], hi[kSlots];
  uint32_t next;  // the slot the next grant replaces
};

namespace rt {
// Faults (throw emu::SanitizerError naming the running core and kernel).
[[noreturn]] EMU_API void fault(const char* api, const char* message);
[[noreturn]] EMU_API void arg_fault(const char* api, uint32_t index, uint32_t count);

// Circular buffers (blocking calls yield to the scheduler).
EMU_API void cb_reserve_back(uint32_t cb, uint32_t n);
EMU_API void cb_push_back(uint32_t cb, uint32_t n);
EMU_API void cb_wait_front(uint32_t cb, uint32_t n);
EMU_API void cb_pop_front(uint32_t cb, uint32_t n);
EMU_API bool cb_pages_reservable_at_back(uint32_t cb, uint32_t n);
EMU_API bool cb_pages_available_at_front(uint32_t cb, uint32_t n);
EMU_API uint32_t cb_write_ptr(uint32_t cb);
EMU_API uint32_t cb_read_ptr(uint32_t cb);
EMU_API uint32_t cb_tile_size(uint32_t cb);
EMU_API uint32_t cb_data_format(uint32_t cb);
EMU_API uint32_t cb_page_size(uint32_t cb);
EMU_API uint32_t cb_num_pages(uint32_t cb);

// NoC transfers: data lands at the matching barrier (or an earlier seed-chosen point).
EMU_API void noc_read(uint64_t src_noc_addr, uint32_t dst_l1, uint32_t size, uint8_t noc);
EMU_API void noc_write(uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, uint8_t noc);
EMU_API void noc_write_mcast(uint32_t src_l1, uint64_t dst_mcast_addr, uint32_t size, uint32_t num_dests,
                             bool loopback, uint8_t noc, bool linked = false);
EMU_API void noc_read_barrier(uint8_t noc);
EMU_API void noc_write_barrier(uint8_t noc);
EMU_API void noc_writes_flushed(uint8_t noc);
EMU_API void noc_full_barrier(uint8_t noc);

// Semaphores and atomics.
EMU_API void sem_wait(volatile uint32_t* addr, uint32_t value, bool at_least);
EMU_API void sem_set(volatile uint32_t* addr, uint32_t value);
EMU_API void sem_inc(uint64_t noc_addr, uint32_t incr, uint8_t noc);
EMU_API void sem_set_remote(uint32_t src_l1, uint64_t dst_noc_addr, uint8_t noc);
EMU_API void sem_set_mcast(uint32_t src_l1, uint64_t dst_mcast_addr, uint32_t num_dests, bool loopback, uint8_t noc);
EMU_API void inline_dw_write(uint64_t noc_addr, uint32_t value, uint8_t noc);
// A non-blocking poll (used by spin loops through the API): yields now and then; the watchdog watches it.
EMU_API void poll(const char* api);

// A load (store = false) or store of kernel code in its core's L1 (emu/access_hooks.h): checked against the
// sanitizer's L1 access rules. If it is allowed, `grants` gains a range around it that the kernel may load and
// store without asking again until its next API call or fiber switch (the runtime clears them then).
EMU_API void l1_access(uint32_t addr, uint32_t size, bool store, AccessGrants* grants);
// Before the API's own headers read or write [addr, addr + size) of the running core's L1 through the runtime's
// view (tls_kernel->l1): waits for the core's deferred tile math that touches those bytes.
EMU_API void l1_settle(uint32_t addr, uint32_t size);

// DPRINT output of one line.
EMU_API void dprint(const char* text, uint32_t len);
}  // namespace rt
}  // namespace emu
