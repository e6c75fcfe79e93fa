// Program: kernels, circular buffers, semaphores and runtime arguments for a set of cores (move-only).
#pragma once
#include <memory>

namespace emu {
struct ProgramImpl;
}

namespace tt::tt_metal {
class Program {
 public:
  Program();
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  emu::ProgramImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<emu::ProgramImpl> impl_;
};
}  // namespace tt::tt_metal
