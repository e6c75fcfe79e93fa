// The data-movement kernel API (reference §2.1), force-included into every data-movement kernel so that
// kernels need no include, as on the device. NoC addresses are (y << 42) | (x << 36) | local; multicast
// addresses pack x_end, y_end, x_start, y_start in bits 36–59. Transfers are asynchronous: data lands by
// the matching barrier; see emu/kernel_ctx.h for the runtime calls.
#pragma once
#include <cstddef>
#include <cstdint>

#include "emu/cb_api.h"
#include "hostdevcommon/kernel_structs.h"
#include "hostdevcommon/common_values.hpp"
#include "emu/data_format.h"
#include "emu/dprint.h"
#include "emu/kernel_args.h"
#include "emu/kernel_ctx.h"

#ifndef NOC_INDEX
#define NOC_INDEX 0
#endif
#ifndef NOC_MODE
#define NOC_MODE 0
#endif
#define FORCE_INLINE inline __attribute__((always_inline))
#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif
#define tt_l1_ptr
#define tt_reg_ptr
#define NOC_XY_ADDR(x, y, addr) \
  ((static_cast<uint64_t>(y) << 42) | (static_cast<uint64_t>(x) << 36) | static_cast<uint64_t>(addr))
#define NOC_MULTICAST_ADDR(x_start, y_start, x_end, y_end, addr)                                    \
  ((static_cast<uint64_t>(y_start) << 54) | (static_cast<uint64_t>(x_start) << 48) |                \
   (static_cast<uint64_t>(y_end) << 42) | (static_cast<uint64_t>(x_end) << 36) | static_cast<uint64_t>(addr))

constexpr uint8_t noc_index = NOC_INDEX;
constexpr uint8_t noc_mode = NOC_MODE;
constexpr uint32_t NUM_NOCS = 2;
constexpr uint32_t NOC_MAX_BURST_SIZE = 8192;
constexpr uint32_t L1_ALIGNMENT = 16;
constexpr uint32_t DRAM_ALIGNMENT = 32;
constexpr uint32_t NOC_L1_READ_ALIGNMENT_BYTES = 16;
constexpr uint32_t NOC_L1_WRITE_ALIGNMENT_BYTES = 16;
constexpr uint32_t NOC_DRAM_READ_ALIGNMENT_BYTES = 32;
constexpr uint32_t NOC_DRAM_WRITE_ALIGNMENT_BYTES = 16;

// my_x[noc] / my_y[noc]: this core's NOC coordinates (coordinate translation: the same on both NOCs).
struct EmuMyCoord {
  bool is_x;
  // Any index type matches exactly: with a uint32_t parameter, my_x[noc_index] (a uint8_t) was ambiguous with the
  // built-in subscript of the deleted pointer conversion on the device, where uint32_t is unsigned long.
  template <typename Index>
  uint8_t operator[](Index) const {
    return is_x ? emu::tls_kernel->noc_x : emu::tls_kernel->noc_y;
  }
  operator const uint8_t*() const = delete;
};
constexpr EmuMyCoord my_x{true};
constexpr EmuMyCoord my_y{false};

inline uint32_t get_absolute_logical_x() { return emu::tls_kernel->logical_x; }
inline uint32_t get_absolute_logical_y() { return emu::tls_kernel->logical_y; }
inline uint32_t get_relative_logical_x() { return emu::tls_kernel->logical_x; }
inline uint32_t get_relative_logical_y() { return emu::tls_kernel->logical_y; }

// ---- circular buffers: pointers and formats
inline uint32_t get_write_ptr(uint32_t cb) { return emu::rt::cb_write_ptr(cb); }
inline uint32_t get_read_ptr(uint32_t cb) { return emu::rt::cb_read_ptr(cb); }
// As on the device, tile sizes and formats are compile-time constants of the kernel build (the builder passes
// the formats of the CBs on the kernel's cores), so get_tile_size can initialise constexpr values.
#ifdef EMU_CB_DATA_FORMATS
namespace emu {
constexpr uint8_t kCbDataFormats[] = {EMU_CB_DATA_FORMATS};
constexpr uint32_t kCbTileSizes[] = {EMU_CB_TILE_SIZES};
}  // namespace emu
constexpr uint32_t get_tile_size(uint32_t cb) { return emu::kCbTileSizes[cb]; }
constexpr DataFormat get_dataformat(uint32_t cb) { return static_cast<DataFormat>(emu::kCbDataFormats[cb]); }
#else
inline uint32_t get_tile_size(uint32_t cb) { return emu::rt::cb_tile_size(cb); }
inline DataFormat get_dataformat(uint32_t cb) { return static_cast<DataFormat>(emu::rt::cb_data_format(cb)); }
#endif
inline uint32_t get_tile_hw(uint32_t) { return 1024; }
inline uint32_t get_tile_num_faces(uint32_t) { return 4; }

// ---- NoC addresses
inline uint64_t get_noc_addr(uint32_t x, uint32_t y, uint32_t addr, uint8_t = noc_index) {
  return NOC_XY_ADDR(x, y, addr);
}
inline uint64_t get_noc_addr(uint32_t addr, uint8_t = noc_index) {
  return NOC_XY_ADDR(emu::tls_kernel->noc_x, emu::tls_kernel->noc_y, addr);
}
inline uint64_t get_noc_multicast_addr(uint32_t x_start, uint32_t y_start, uint32_t x_end, uint32_t y_end,
                                       uint32_t addr, uint8_t = noc_index) {
  return NOC_MULTICAST_ADDR(x_start, y_start, x_end, y_end, addr);
}
template <bool DRAM>
inline uint64_t get_noc_addr_from_bank_id(uint32_t bank_id, uint32_t bank_address_offset, uint8_t = noc_index) {
  const emu::DeviceParams* d = emu::tls_kernel->dev;
  if constexpr (DRAM)
    return NOC_XY_ADDR(d->dram_bank_x[bank_id], d->dram_bank_y[bank_id],
                       bank_address_offset + d->dram_bank_offset[bank_id]);
  else return NOC_XY_ADDR(d->l1_bank_x[bank_id], d->l1_bank_y[bank_id], bank_address_offset);
}

namespace emu {
// Page `id` of an interleaved buffer: bank id % N at base + (id / N) · align(page_size) + offset.
template <bool DRAM>
inline uint64_t interleaved_page_noc_addr(uint32_t base, uint32_t page_size, uint32_t id, uint32_t offset) {
  const DeviceParams* d = tls_kernel->dev;
  const uint32_t nbanks = DRAM ? d->num_dram_banks : d->num_l1_banks;
  const uint32_t align = DRAM ? d->dram_alignment : d->l1_alignment;
  const uint32_t stride = (page_size + align - 1) / align * align;
  const uint32_t bank = id % nbanks;
  const uint32_t addr = base + (id / nbanks) * stride + offset;
  if constexpr (DRAM) return NOC_XY_ADDR(d->dram_bank_x[bank], d->dram_bank_y[bank], addr + d->dram_bank_offset[bank]);
  else return NOC_XY_ADDR(d->l1_bank_x[bank], d->l1_bank_y[bank], addr);
}
}  // namespace emu

inline uint64_t get_dram_noc_addr(uint32_t id, uint32_t page_size, uint32_t bank_base_address, uint32_t offset = 0,
                                  uint8_t = noc_index) {
  return emu::interleaved_page_noc_addr<true>(bank_base_address, page_size, id, offset);
}
inline uint64_t get_l1_noc_addr(uint32_t id, uint32_t page_size, uint32_t bank_base_address, uint32_t offset = 0,
                                uint8_t = noc_index) {
  return emu::interleaved_page_noc_addr<false>(bank_base_address, page_size, id, offset);
}

// ---- address generators
template <bool DRAM>
struct InterleavedAddrGen {
  uint32_t bank_base_address;
  uint32_t page_size;
  uint32_t aligned_page_size = 0;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t = noc_index) const {
    return emu::interleaved_page_noc_addr<DRAM>(bank_base_address, page_size, id, offset);
  }
  uint32_t get_page_size() const { return page_size; }
};

template <bool DRAM, uint32_t tile_hw = 1024>
struct InterleavedAddrGenFast {
  uint32_t bank_base_address;
  uint32_t page_size;
  DataFormat data_format;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t = noc_index) const {
    return emu::interleaved_page_noc_addr<DRAM>(bank_base_address, page_size, id, offset);
  }
  uint32_t get_page_size() const { return page_size; }
};

template <bool DRAM>
struct InterleavedPow2AddrGen {
  uint32_t bank_base_address;
  uint32_t log_base_2_of_page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t = noc_index) const {
    return emu::interleaved_page_noc_addr<DRAM>(bank_base_address, 1u << log_base_2_of_page_size, id, offset);
  }
  uint32_t get_page_size() const { return 1u << log_base_2_of_page_size; }
};

template <bool DRAM>
struct InterleavedPow2AddrGenFast {
  uint32_t bank_base_address;
  uint32_t log_base_2_of_page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0, uint8_t = noc_index) const {
    return emu::interleaved_page_noc_addr<DRAM>(bank_base_address, 1u << log_base_2_of_page_size, id, offset);
  }
  uint32_t get_page_size() const { return 1u << log_base_2_of_page_size; }
};

#include "emu/tensor_accessor.h"

template <typename AddrGen>
inline auto get_noc_addr(uint32_t id, const AddrGen& s, uint32_t offset = 0, uint8_t noc = noc_index)
    -> decltype(s.get_noc_addr(id, offset, noc)) {
  return s.get_noc_addr(id, offset, noc);
}

// ---- NoC transfers
inline void noc_async_read(uint64_t src_noc_addr, uint32_t dst_local_l1_addr, uint32_t size, uint8_t noc = noc_index) {
  emu::rt::noc_read(src_noc_addr, dst_local_l1_addr, size, noc);
}
inline void noc_async_read_one_packet(uint64_t src_noc_addr, uint32_t dst_local_l1_addr, uint32_t size,
                                      uint8_t noc = noc_index) {
  emu::rt::noc_read(src_noc_addr, dst_local_l1_addr, size, noc);
}
inline void noc_async_write(uint32_t src_local_l1_addr, uint64_t dst_noc_addr, uint32_t size, uint8_t noc = noc_index) {
  emu::rt::noc_write(src_local_l1_addr, dst_noc_addr, size, noc);
}
inline void noc_async_write_one_packet(uint32_t src_local_l1_addr, uint64_t dst_noc_addr, uint32_t size,
                                       uint8_t noc = noc_index) {
  emu::rt::noc_write(src_local_l1_addr, dst_noc_addr, size, noc);
}
inline void noc_async_write_multicast(uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast, uint32_t size,
                                      uint32_t num_dests, bool linked = false, uint8_t noc = noc_index) {
  emu::rt::noc_write_mcast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, false, noc, linked);
}
inline void noc_async_write_multicast_one_packet(uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast,
                                                 uint32_t size, uint32_t num_dests, bool linked = false,
                                                 uint8_t noc = noc_index) {
  emu::rt::noc_write_mcast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, false, noc, linked);
}
inline void noc_async_write_multicast_loopback_src(uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast,
                                                   uint32_t size, uint32_t num_dests, bool linked = false,
                                                   uint8_t noc = noc_index) {
  emu::rt::noc_write_mcast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, true, noc, linked);
}

// Stateful variants: the state (source NoC address and size) is kept per kernel instance and NOC.
inline void noc_async_read_one_packet_set_state(uint64_t src_noc_addr, uint32_t size, uint8_t noc = noc_index) {
  emu::tls_kernel->noc_read_state_addr[noc & 1] = src_noc_addr;
  emu::tls_kernel->noc_read_state_size[noc & 1] = size;
}
inline void noc_async_read_one_packet_with_state(uint32_t src_local_addr, uint32_t dst_local_l1_addr,
                                                 uint8_t noc = noc_index) {
  const uint64_t base = emu::tls_kernel->noc_read_state_addr[noc & 1] & ~0xFFFFFFFFFull;
  emu::rt::noc_read(base | src_local_addr, dst_local_l1_addr, emu::tls_kernel->noc_read_state_size[noc & 1], noc);
}
inline void noc_async_read_set_state(uint64_t src_noc_addr, uint8_t noc = noc_index) {
  emu::tls_kernel->noc_read_state_addr[noc & 1] = src_noc_addr;
}
inline void noc_async_read_with_state(uint32_t src_local_addr, uint32_t dst_local_l1_addr, uint32_t size,
                                      uint8_t noc = noc_index) {
  const uint64_t base = emu::tls_kernel->noc_read_state_addr[noc & 1] & ~0xFFFFFFFFFull;
  emu::rt::noc_read(base | src_local_addr, dst_local_l1_addr, size, noc);
}

// Page and tile forms.
template <typename AddrGen>
inline void noc_async_read_page(uint32_t id, const AddrGen& s, uint32_t dst_local_l1_addr, uint32_t offset = 0,
                                uint8_t noc = noc_index) {
  emu::rt::noc_read(s.get_noc_addr(id, offset, noc), dst_local_l1_addr, s.get_page_size() - offset, noc);
}
template <typename AddrGen>
inline void noc_async_read_tile(uint32_t id, const AddrGen& s, uint32_t dst_local_l1_addr, uint32_t offset = 0,
                                uint8_t noc = noc_index) {
  emu::rt::noc_read(s.get_noc_addr(id, offset, noc), dst_local_l1_addr, s.get_page_size() - offset, noc);
}
template <typename AddrGen>
inline void noc_async_write_page(uint32_t id, const AddrGen& s, uint32_t src_local_l1_addr, uint32_t write_size = 0,
                                 uint32_t offset = 0, uint8_t noc = noc_index) {
  emu::rt::noc_write(src_local_l1_addr, s.get_noc_addr(id, offset, noc), write_size ? write_size : s.get_page_size(),
                     noc);
}
template <typename AddrGen>
inline void noc_async_write_tile(uint32_t id, const AddrGen& s, uint32_t src_local_l1_addr, uint8_t noc = noc_index) {
  emu::rt::noc_write(src_local_l1_addr, s.get_noc_addr(id, 0, noc), s.get_page_size(), noc);
}

// ---- barriers
inline void noc_async_read_barrier(uint8_t noc = noc_index) { emu::rt::noc_read_barrier(noc); }
inline void noc_async_write_barrier(uint8_t noc = noc_index) { emu::rt::noc_write_barrier(noc); }
inline void noc_async_writes_flushed(uint8_t noc = noc_index) { emu::rt::noc_writes_flushed(noc); }
inline void noc_async_posted_writes_flushed(uint8_t noc = noc_index) { emu::rt::noc_writes_flushed(noc); }
inline void noc_async_atomic_barrier(uint8_t noc = noc_index) { emu::rt::noc_write_barrier(noc); }
inline void noc_async_full_barrier(uint8_t noc = noc_index) { emu::rt::noc_full_barrier(noc); }

// ---- semaphores
inline uint32_t get_semaphore(uint32_t semaphore_id) { return emu::tls_kernel->sem_base + 16u * semaphore_id; }
inline void noc_semaphore_set(volatile uint32_t* sem_addr, uint32_t val) { emu::rt::sem_set(sem_addr, val); }
inline void noc_semaphore_wait(volatile uint32_t* sem_addr, uint32_t val) { emu::rt::sem_wait(sem_addr, val, false); }
inline void noc_semaphore_wait_min(volatile uint32_t* sem_addr, uint32_t val) {
  emu::rt::sem_wait(sem_addr, val, true);
}
inline void noc_semaphore_inc(uint64_t addr, uint32_t incr, uint8_t noc = noc_index, uint8_t = 0) {
  emu::rt::sem_inc(addr, incr, noc);
}
inline void noc_semaphore_set_remote(uint32_t src_local_l1_addr, uint64_t dst_noc_addr, uint8_t noc = noc_index) {
  emu::rt::sem_set_remote(src_local_l1_addr, dst_noc_addr, noc);
}
inline void noc_semaphore_set_multicast(uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast,
                                        uint32_t num_dests, bool = false, uint8_t noc = noc_index) {
  emu::rt::sem_set_mcast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, false, noc);
}
inline void noc_semaphore_set_multicast_loopback_src(uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast,
                                                     uint32_t num_dests, bool = false, uint8_t noc = noc_index) {
  emu::rt::sem_set_mcast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, true, noc);
}
inline void noc_inline_dw_write(uint64_t addr, uint32_t val, uint8_t = 0xF, uint8_t noc = noc_index) {
  emu::rt::inline_dw_write(addr, val, noc);
}
