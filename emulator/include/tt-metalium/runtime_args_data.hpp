// RuntimeArgsData: a mutable view of one kernel's runtime arguments on one core (GetRuntimeArgs).
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace tt::tt_metal {
struct RuntimeArgsData {
  uint32_t* rt_args_data = nullptr;
  size_t rt_args_count = 0;
  uint32_t& operator[](size_t i) { return rt_args_data[i]; }
  const uint32_t& operator[](size_t i) const { return rt_args_data[i]; }
  uint32_t& at(size_t i) {
    if (i >= rt_args_count) throw std::out_of_range("RuntimeArgsData::at");
    return rt_args_data[i];
  }
  size_t size() const { return rt_args_count; }
  uint32_t* data() { return rt_args_data; }
  uint32_t* begin() { return rt_args_data; }
  uint32_t* end() { return rt_args_data + rt_args_count; }
};
}  // namespace tt::tt_metal
