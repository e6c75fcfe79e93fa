// emu::Device: the memory of one emulated chip and its allocators.
//  - L1: one memfd holds every worker core's L1 (core c at offset c·l1_size). The runtime sees all of it at
//    l1_host(c). The running core's L1 is also mapped at virtual address kWindowLo…l1_size, so that a kernel's
//    uint32 L1 address *is* a pointer (raw casts work, and addresses are equal on every core); that mapping is
//    made on the first access after a core switch (select_window, window_fault).
//  - DRAM: one lazily committed array per channel; bank b is a view of channel bank_channel[b] at bank_offset[b]
//    (device_model.h).
//  - NOC node table: (x, y) → worker core or DRAM bank.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "device_model.h"
#include "emu/kernel_ctx.h"
#include "range_allocator.h"

namespace tt::tt_metal {
class IDevice;
}

namespace emu {
constexpr uint32_t kWindowLo = kL1WindowLo;  // lowest L1 address kernels may touch through pointers

class Device;
struct BufferAlloc {
  Device* dev = nullptr;
  tt::tt_metal::IDevice* idev = nullptr;
  bool dram = true;
  uint32_t address = 0;
  uint64_t size = 0, page_size = 0;
  uint32_t num_pages = 0, aligned_page = 0, num_banks = 0;
  uint64_t bank_bytes = 0;  // bytes reserved in each bank
  ~BufferAlloc();
};

struct NocNode {
  enum Kind : int8_t { kNone, kWorker, kDram } kind = kNone;
  int16_t index = -1;  // worker core index, or DRAM channel
};

class Device {
 public:
  explicit Device(const DeviceModel& model);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const DeviceModel& model;
  DeviceParams params{};
  uint32_t num_cores() const { return model.grid_x * model.grid_y; }
  uint32_t core_index(uint32_t x, uint32_t y) const { return y * model.grid_x + x; }
  uint8_t* l1_host(uint32_t core) const { return l1_all_ + static_cast<uint64_t>(core) * model.l1_size; }
  // The core whose L1 holds host address `p` (the all-cores mapping), or −1 (DRAM, or not device memory).
  int l1_core_of(const void* p) const {
    const uint64_t off = static_cast<uint64_t>(static_cast<const uint8_t*>(p) - l1_all_);
    return p >= l1_all_ && off < static_cast<uint64_t>(num_cores()) * model.l1_size ? static_cast<int>(off / model.l1_size)
                                                                                     : -1;
  }
  uint8_t* dram_host(uint32_t bank) const { return dram_[model.bank_channel[bank]] + model.bank_offset[bank]; }
  uint8_t* channel_host(uint32_t channel) const { return dram_[channel]; }
  const NocNode& node(uint32_t x, uint32_t y) const { return nodes_[(y & 63) * 64 + (x & 63)]; }

  // Core `core` runs next: its L1 is what the window shows from now on. The mapping itself is made by
  // window_fault on the first access (no-op if the window already shows that core).
  void select_window(uint32_t core);
  // For the run's SIGSEGV handler: maps the selected core's L1 at the window when `addr` is in it and it is not
  // mapped; true if it did (the access can be retried).
  bool window_fault(uintptr_t addr);
  uint64_t window_maps() const { return window_maps_; }  // mappings window_fault made

  std::shared_ptr<BufferAlloc> allocate_buffer(bool dram, uint64_t size, uint64_t page_size);
  void free_buffer(const BufferAlloc& b);
  // Lowest L1 address used by L1 buffers (CBs must end at or below it).
  bool dram_allocated(uint64_t lo, uint64_t hi) const { return dram_alloc_.covers(lo, hi); }
  uint32_t l1_buffers_lowest() const { return static_cast<uint32_t>(l1_alloc_.lowest()); }

  // Host access to an interleaved buffer's bytes [offset, offset + n), page by page.
  void write_buffer(const BufferAlloc& b, const void* src, uint64_t n);
  void read_buffer(const BufferAlloc& b, void* dst, uint64_t n) const;

 private:
  int memfd_ = -1;
  uint8_t* l1_all_ = nullptr;
  std::vector<uint8_t*> dram_;  // one array per DRAM channel
  std::vector<NocNode> nodes_;
  int want_core_ = -1;  // the core selected to run
  uint64_t window_maps_ = 0;
  void reserve_window(int fixed);
  RangeAllocator dram_alloc_;
  RangeAllocator l1_alloc_;
};

// The device programs run on (the most recently created one that is still open).
Device* current_device();
Device& require_device(const char* api);
void set_current_device(Device* d);
}  // namespace emu
