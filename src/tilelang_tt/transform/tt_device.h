// Parameters of the Tenstorrent devices the TT pipeline targets (reference: tt-metalium.md §5).
#pragma once

#include <cstdint>
#include <string>

namespace tl::tt {

struct DeviceParams {
  std::string name;          // "wormhole_b0" | "blackhole"
  uint32_t grid_x, grid_y;   // worker grid
  uint32_t l1_free_bytes;    // L1 per core available to CBs and L1 buffers
  uint32_t num_cbs;
  uint32_t dst_tiles_bf16;   // DST capacity in half-sync mode, bf16 accumulation
  uint32_t dst_tiles_fp32;   // half-sync, fp32_dest_acc_en
};

// Runtime arguments a kernel may have per core (the SDK's max_runtime_args, kernel_types.hpp).
constexpr uint32_t kMaxRuntimeArgs = 341;

// "tenstorrent", "tenstorrent/wormhole_b0" or "tenstorrent/blackhole" (or the bare device names).
// Throws UserError("target", ...) for anything else.
DeviceParams device_params(const std::string& device);

}  // namespace tl::tt
