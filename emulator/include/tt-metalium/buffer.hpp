// Device buffers: interleaved over DRAM banks or over the worker cores' L1 (page p lives in bank p mod N at
// address() + ⌊p/N⌋·align(page_size)). address() is the same bank-relative address in every bank.
#pragma once
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/core_coord.hpp>

namespace emu {
struct BufferAlloc;
}

namespace tt::tt_metal {
class IDevice;

struct BufferConfig {
  IDevice* device = nullptr;
  uint64_t size = 0;
  uint64_t page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
};
using InterleavedBufferConfig = BufferConfig;

using HostDataType = std::variant<const std::shared_ptr<std::vector<uint8_t>>, const std::shared_ptr<std::vector<uint16_t>>,
                                  const std::shared_ptr<std::vector<int32_t>>, const std::shared_ptr<std::vector<uint32_t>>,
                                  const std::shared_ptr<std::vector<float>>, const void*>;

class Buffer {
 public:
  explicit Buffer(std::shared_ptr<emu::BufferAlloc> alloc) : alloc_(std::move(alloc)) {}
  uint32_t address() const;
  uint64_t size() const;
  uint64_t page_size() const;
  uint32_t num_pages() const;
  BufferType buffer_type() const;
  bool is_dram() const { return buffer_type() == BufferType::DRAM; }
  bool is_l1() const { return !is_dram(); }
  IDevice* device() const;
  uint32_t aligned_page_size() const;
  uint32_t num_banks() const;
  TensorMemoryLayout buffer_layout() const { return TensorMemoryLayout::INTERLEAVED; }
  emu::BufferAlloc& impl() const { return *alloc_; }

 private:
  std::shared_ptr<emu::BufferAlloc> alloc_;
};

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config);
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config, uint64_t address);
void DeallocateBuffer(Buffer& buffer);
}  // namespace tt::tt_metal
