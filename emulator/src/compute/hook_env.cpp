// ComputeEnv on top of the runtime's hooks (emu/compute_hooks.h), and the per-kernel ComputeCore that the
// API calls act on: created on the kernel's first compute call, freed by the runtime when the kernel ends.
#include "hook_env.h"

#include "emu/compute_hooks.h"

namespace emu::compute {

namespace {
class HookEnv final : public ComputeEnv {
 public:
  uint8_t* front_tile(uint32_t cb, uint32_t idx, const char* api) override { return cb_front_tile(cb, idx, api); }
  uint8_t* back_tile(uint32_t cb, uint32_t idx, const char* api) override { return cb_back_tile(cb, idx, api); }
  uint32_t data_format(uint32_t cb) override { return cb_data_format(cb); }
  uint32_t page_size(uint32_t cb) override { return cb_page_size(cb); }
  uint32_t pages_pushed(uint32_t cb) override { return cb_pages_pushed(cb); }
  [[noreturn]] void fault(const char* api, const std::string& message) override { compute_fault(api, message); }
  void count(const char* kind, uint64_t cycles) override { count_tile_op(kind, cycles); }
  void count_pack(const char* kind, uint64_t cycles) override { count_pack_op(kind, cycles); }
  void dst_event(DstEvent ev, int section) override { emu::dst_event(ev, section); }
  void defer(std::function<void()> op, const std::vector<ByteRange>& reads,
             const std::vector<ByteRange>& writes) override {
    defer_tile_math(std::move(op), reads, writes);
  }
  void settle() override { settle_tile_math(); }
};

HookEnv& hook_env() {
  static HookEnv env;
  return env;
}
}  // namespace

ComputeCore& current_core() {
  void*& slot = compute_state_slot();
  if (!slot) slot = new ComputeCore(hook_env(), compute_settings());
  return *static_cast<ComputeCore*>(slot);
}

}  // namespace emu::compute

namespace emu {
void compute_state_free(void* p) { delete static_cast<compute::ComputeCore*>(p); }
}  // namespace emu
