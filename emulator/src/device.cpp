// Device memory: the L1 memfd and its window, DRAM banks, buffer allocation and host access.
#include "device.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace emu {
namespace {
Device* g_current = nullptr;
Device* g_window_owner = nullptr;  // whose L1 is mapped at the window (null: the range is only reserved)
int g_window_core = -1;            // which of its cores
size_t g_window_len = 0;
[[noreturn]] void sys_fail(const std::string& what) {
  throw std::runtime_error("emulator: " + what + ": " + std::strerror(errno));
}
}  // namespace

Device* current_device() { return g_current; }
void set_current_device(Device* d) { g_current = d; }
Device& require_device(const char* api) {
  if (!g_current) throw std::runtime_error(std::string(api) + ": no device is open (create a MeshDevice first)");
  return *g_current;
}

BufferAlloc::~BufferAlloc() {
  if (dev && dev == g_current) dev->free_buffer(*this);
}

Device::Device(const DeviceModel& m)
    : model(m),
      dram_alloc_(1024, m.dram_bank_size, false),
      l1_alloc_(m.l1_unreserved_base, m.l1_size, true) {
  const uint64_t total = static_cast<uint64_t>(m.l1_size) * num_cores();
  memfd_ = memfd_create("tt_emu_l1", MFD_CLOEXEC);
  if (memfd_ < 0) sys_fail("memfd_create");
  if (ftruncate(memfd_, static_cast<off_t>(total)) != 0) sys_fail("ftruncate");
  void* all = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED, memfd_, 0);
  if (all == MAP_FAILED) sys_fail("mmap L1");
  l1_all_ = static_cast<uint8_t*>(all);
  for (uint32_t c = 0; c < m.channel_endpoints.size(); ++c) {
    void* p = mmap(nullptr, m.channel_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) sys_fail("mmap DRAM bank");
    dram_.push_back(static_cast<uint8_t*>(p));
  }
  nodes_.assign(64 * 64, NocNode{});
  for (uint32_t c = 0; c < num_cores(); ++c) {
    auto xy = m.worker_noc[c];
    nodes_[xy.y * 64 + xy.x] = {NocNode::kWorker, static_cast<int16_t>(c)};
  }
  for (uint32_t c = 0; c < m.channel_endpoints.size(); ++c)
    for (auto xy : m.channel_endpoints[c]) nodes_[xy.y * 64 + xy.x] = {NocNode::kDram, static_cast<int16_t>(c)};
  params.num_dram_banks = m.num_dram_banks;
  params.dram_alignment = m.dram_alignment;
  params.num_l1_banks = num_cores();
  params.l1_alignment = m.l1_alignment;
  params.arch = m.arch;
  for (uint32_t b = 0; b < m.num_dram_banks; ++b) {
    params.dram_bank_x[b] = m.dram_noc[b].x;
    params.dram_bank_y[b] = m.dram_noc[b].y;
    params.dram_bank_offset[b] = static_cast<uint32_t>(m.bank_offset[b]);
  }
  for (uint32_t c = 0; c < num_cores() && c < 256; ++c) {
    params.l1_bank_x[c] = m.worker_noc[c].x;
    params.l1_bank_y[c] = m.worker_noc[c].y;
  }
}

Device::~Device() {
  if (g_current == this) g_current = nullptr;
  if (g_window_owner == this) reserve_window(MAP_FIXED);
  munmap(l1_all_, static_cast<uint64_t>(model.l1_size) * num_cores());
  for (auto* p : dram_) munmap(p, model.channel_size);
  close(memfd_);
}

// The window is one per process, shared by all devices: whichever device runs a program maps its cores there.
// A core switch only records the core (select_window); the mapping is made when something first touches the
// window (window_fault, called by the run's SIGSEGV handler), so switches between kernels that never
// dereference an L1 address cost no system call. A window left mapped for another core is first replaced by an
// inaccessible reservation, so no access can reach the wrong core's L1.
void Device::select_window(uint32_t core) {
  want_core_ = static_cast<int>(core);
  if (g_window_len == 0) {  // reserve the range once; it must not clobber anything else in the process
    reserve_window(MAP_FIXED_NOREPLACE);
    return;
  }
  if (g_window_owner && (g_window_owner != this || g_window_core != want_core_)) reserve_window(MAP_FIXED);
}

void Device::reserve_window(int fixed) {
  const size_t len = std::max<size_t>(g_window_len, model.l1_size - kWindowLo);
  void* at = reinterpret_cast<void*>(uintptr_t{kWindowLo});
  void* w = mmap(at, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
  if (w == MAP_FAILED || w != at) sys_fail("cannot reserve the L1 window at 0x10000 (is that address range in use?)");
  g_window_len = len;
  g_window_owner = nullptr;
}

bool Device::window_fault(uintptr_t addr) {
  const size_t len = model.l1_size - kWindowLo;
  if (addr < kWindowLo || addr >= kWindowLo + len || want_core_ < 0 || g_window_owner == this) return false;
  void* at = reinterpret_cast<void*>(uintptr_t{kWindowLo});
  void* w = mmap(at, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, memfd_,
                 static_cast<off_t>(want_core_) * model.l1_size + kWindowLo);
  if (w != at) return false;
  g_window_owner = this;
  g_window_core = want_core_;
  ++window_maps_;
  return true;
}

std::shared_ptr<BufferAlloc> Device::allocate_buffer(bool dram, uint64_t size, uint64_t page_size) {
  if (page_size == 0) throw std::invalid_argument("CreateBuffer: page_size must be > 0");
  auto b = std::make_shared<BufferAlloc>();
  b->dev = this;
  b->dram = dram;
  b->size = size;
  b->page_size = page_size;
  b->num_pages = static_cast<uint32_t>((size + page_size - 1) / page_size);
  const uint32_t align = dram ? model.dram_alignment : model.l1_alignment;
  b->aligned_page = static_cast<uint32_t>((page_size + align - 1) / align * align);
  b->num_banks = dram ? model.num_dram_banks : num_cores();
  const uint64_t pages_per_bank = (b->num_pages + b->num_banks - 1) / b->num_banks;
  b->bank_bytes = pages_per_bank * b->aligned_page;
  auto& alloc = dram ? dram_alloc_ : l1_alloc_;
  auto a = alloc.allocate(b->bank_bytes, dram ? model.dram_alignment : 32);
  if (!a)
    throw std::runtime_error(std::string("CreateBuffer: out of ") + (dram ? "DRAM" : "L1") + ": cannot place " +
                             std::to_string(b->bank_bytes) + " bytes per bank");
  b->address = static_cast<uint32_t>(*a);
  return b;
}

void Device::free_buffer(const BufferAlloc& b) { (b.dram ? dram_alloc_ : l1_alloc_).free(b.address); }

namespace {
template <typename Fn>
void for_each_page_chunk(const BufferAlloc& b, uint64_t n, Fn&& fn) {
  uint64_t done = 0;
  for (uint32_t p = 0; done < n && p < b.num_pages; ++p) {
    const uint32_t bank = p % b.num_banks;
    const uint64_t addr = b.address + static_cast<uint64_t>(p / b.num_banks) * b.aligned_page;
    const uint64_t len = std::min<uint64_t>(b.page_size, n - done);
    fn(bank, addr, done, len);
    done += len;
  }
}
}  // namespace

void Device::write_buffer(const BufferAlloc& b, const void* src, uint64_t n) {
  if (n > b.size) throw std::runtime_error("EnqueueWriteBuffer: " + std::to_string(n) + " bytes exceed the buffer's " +
                                           std::to_string(b.size));
  const auto* s = static_cast<const uint8_t*>(src);
  for_each_page_chunk(b, n, [&](uint32_t bank, uint64_t addr, uint64_t off, uint64_t len) {
    uint8_t* base = b.dram ? dram_host(bank) : l1_host(bank);
    std::memcpy(base + addr, s + off, len);
  });
}

void Device::read_buffer(const BufferAlloc& b, void* dst, uint64_t n) const {
  if (n > b.size) throw std::runtime_error("EnqueueReadBuffer: " + std::to_string(n) + " bytes exceed the buffer's " +
                                           std::to_string(b.size));
  auto* d = static_cast<uint8_t*>(dst);
  for_each_page_chunk(b, n, [&](uint32_t bank, uint64_t addr, uint64_t off, uint64_t len) {
    const uint8_t* base = b.dram ? dram_host(bank) : l1_host(bank);
    std::memcpy(d + off, base + addr, len);
  });
}
}  // namespace emu
