// Device parameter table (tt_device.h). Wormhole B0 n150: 8×8 workers, 1464 KB L1 of which ≈101 KB is
// reserved (firmware + kernel-config ring), 32 CBs. Blackhole p150: 13×10 workers, 1536 KB L1, ≈108 KB
// reserved, 64 CBs. DST: 16 bf16 / 8 fp32 tiles physically, halved by half-sync double buffering.
#include "tilelang_tt/transform/tt_device.h"

#include "tilelang_tt/support/error.h"

namespace tl::tt {

DeviceParams device_params(const std::string& device) {
  std::string d = device;
  if (d.rfind("tenstorrent", 0) == 0) d = d.size() > 12 ? d.substr(12) : "wormhole_b0";
  if (d == "wormhole_b0" || d == "wormhole" || d == "n150")
    return {"wormhole_b0", 8, 8, (1464u - 101u) * 1024u, 32, 8, 4};
  if (d == "blackhole" || d == "p150") return {"blackhole", 13, 10, (1536u - 108u) * 1024u, 64, 8, 4};
  throw UserError("target", "unknown tenstorrent device '" + device +
                                "': expected tenstorrent, tenstorrent/wormhole_b0 or tenstorrent/blackhole");
}

}  // namespace tl::tt
