// Device TensorAccessorArgs<CTA_OFFSET> / TensorAccessor for interleaved buffers: the compile-time word at
// CTA_OFFSET holds ArgConfig flags (Sharded = 1, IsDram = 2); in the 0.81 API (emu/metalium_api.h) the next one the
// aligned page size. Sharded accessors are not supported: they fail at compile time.
#pragma once
#include <cstdint>

#include "emu/kernel_args.h"
#include "emu/metalium_api.h"

template <uint32_t CTA_OFFSET, uint32_t CRTA_OFFSET = 0>
struct TensorAccessorArgs {
  static constexpr uint32_t config = emu::get_ct_arg<CTA_OFFSET>();
  static constexpr bool is_sharded = (config & 1u) != 0;
  static constexpr bool is_dram = (config & 2u) != 0;
  static_assert(!is_sharded, "TensorAccessor: sharded tensors are not supported by the emulator");
  static constexpr uint32_t num_compile_time_args() { return TT_METALIUM_API >= 81 ? 2 : 1; }
  static constexpr uint32_t next_compile_time_args_offset() { return CTA_OFFSET + num_compile_time_args(); }
  static constexpr uint32_t next_common_runtime_args_offset() { return CRTA_OFFSET; }
  static constexpr uint32_t compile_time_args_skip() { return num_compile_time_args(); }
  static constexpr uint32_t runtime_args_skip() { return 0; }
};

template <typename Args>
struct TensorAccessor {
  static constexpr bool is_dram = Args::is_dram;
  uint32_t address;
  uint32_t page_size;
  constexpr TensorAccessor(const Args&, uint32_t bank_base_address, uint32_t page_size_)
      : address(bank_base_address), page_size(page_size_) {}
  uint64_t get_noc_addr(uint32_t page_id, uint32_t offset = 0, uint8_t = 0) const {
    return emu::interleaved_page_noc_addr<is_dram>(address, page_size, page_id, offset);
  }
  uint32_t get_page_size() const { return page_size; }
  uint32_t get_aligned_page_size() const { return page_size; }
  bool is_local_bank(uint32_t, uint32_t) const { return false; }
};
template <typename Args>
TensorAccessor(const Args&, uint32_t, uint32_t) -> TensorAccessor<Args>;
