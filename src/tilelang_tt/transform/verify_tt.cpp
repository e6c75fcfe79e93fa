// verify_tt (see the header for the contract).
#include "tilelang_tt/transform/verify_tt.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {
namespace {
// The advice for a T.Pipelined loop whose CBs fit with s stages: num_stages=0 (the default) means 2 stages, so
// below 2 only num_stages=1 fits.
std::string fewer_stages(uint32_t s) {
  if (s == 1) return "set num_stages=1 (single buffering; 0, the default, means 2 stages)";
  return "lower num_stages to " + std::to_string(s) + " or less";
}
}  // namespace

void verify_tt(const PrimFunc& f, const DeviceParams& dev) {
  struct Walk : IRVisitor {
    const DeviceParams* dev;
    void visit_Kernel(const KernelNode& n, const Stmt& s) override {
      auto it = n.attrs.find("tt.cbs");
      TL_ASSERT(it != n.attrs.end(), "verify_tt before tensorize_tt");
      auto cbs = decode_cbs(it->second);
      uint64_t bytes = 0;
      std::string largest;
      uint64_t largest_bytes = 0;
      for (auto& cb : cbs) {
        uint64_t b = cb.bytes();
        bytes += b;
        if (b > largest_bytes)
          largest_bytes = b, largest = cb.buffer.empty() ? "a staging buffer" : "buffer " + cb.buffer;
      }
      if (bytes > dev->l1_free_bytes) {
        const std::string need = "this kernel's circular buffers need " + std::to_string(bytes / 1024) +
                                 " KB of L1 but a " + dev->name + " core has " +
                                 std::to_string(dev->l1_free_bytes / 1024) + " KB free";
        // When fewer stages of a T.Pipelined loop would make the CBs fit, point at that loop (the one of the
        // largest multi-stage CB) and say how many stages fit.
        const CBInfo* staged = nullptr;
        for (auto& cb : cbs)
          if (cb.stages > 1 && (!staged || cb.bytes() > staged->bytes())) staged = &cb;
        for (uint32_t s = staged ? staged->stages - 1 : 0; s >= 1; --s) {
          uint64_t fewer = 0;  // the CBs' bytes with s stages in that loop
          for (auto& cb : cbs) {
            const bool in_loop = cb.stages == staged->stages && cb.loop.line == staged->loop.line &&
                                 cb.loop.col == staged->loop.col;
            fewer += cb.bytes(in_loop ? s * cb.tiles : cb.depth);
          }
          if (fewer > dev->l1_free_bytes) continue;
          throw UserError("T.Pipelined", need + "; " + (staged->buffer.empty() ? "a staging buffer" : "buffer " +
                                         staged->buffer) + " is fed in this loop with num_stages=" +
                                         std::to_string(staged->stages) + " (" + std::to_string(staged->stages) +
                                         " x " + std::to_string(staged->tiles) + " tiles = " +
                                         std::to_string(staged->bytes() / 1024) +
                                         " KB): " + fewer_stages(s) + " (or use smaller blocks)",
                          Span{n.span.file, staged->loop.line, staged->loop.col});
        }
        throw UserError("T.Kernel", need + " (largest: " + largest + ", " + std::to_string(largest_bytes / 1024) +
                                        " KB); use smaller blocks (or fewer pipeline stages)",
                        n.span);
      }
      if (cbs.size() > dev->num_cbs)
        throw UserError("T.Kernel", "this kernel needs " + std::to_string(cbs.size()) + " circular buffers; " +
                                        dev->name + " has " + std::to_string(dev->num_cbs), n.span);
    }
  } walk;
  walk.dev = &dev;
  walk.visit(f->body);
}

}  // namespace tl::tt
