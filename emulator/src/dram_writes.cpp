// NoC writes into DRAM of bytes a core's deferred tile math has still to pack (math_pool.h): queued on that core's
// strand after the packs instead of waiting for them, and remembered until done, so that a later access to those
// DRAM bytes (a read, another write) waits for them (Engine::fence).
#include <algorithm>
#include <cstring>

#include "engine.h"

namespace emu {
void Engine::fence_dram(const uint8_t* p, uint64_t size) {
  for (const DramWrite& w : dram_pending)
    if (w.range.lo < p + size && p < w.range.hi) w.strand->wait_for(w.seq);
  dram_pending.erase(std::remove_if(dram_pending.begin(), dram_pending.end(),
                                    [](const DramWrite& w) { return w.strand->done(w.seq); }),
                     dram_pending.end());
}

bool Engine::defer_dram_write(const PendingXfer& w, int src_core) {
  Strand& s = *cores[core_slot[src_core]].strand;
  if (w.dst_core >= 0 || !s.conflicts(w.src, w.size, false)) return false;
  fence_dram(w.dst, w.size);  // earlier writes to those DRAM bytes land first
  uint8_t* dst = w.dst;
  const uint8_t* src = w.src;
  const uint32_t size = w.size;
  const uint64_t seq = s.submit([=] { std::memmove(dst, src, size); }, {{src, src + size}}, {});
  if (seq) dram_pending.push_back({&s, seq, {dst, dst + size}});
  return true;
}
}  // namespace emu
