// verify_tt (see the header for the contract).
#include "tilelang_tt/transform/verify_tt.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

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
        uint64_t b = uint64_t(cb.depth) * tt_format_tile_bytes(cb.format);
        bytes += b;
        if (b > largest_bytes)
          largest_bytes = b, largest = cb.buffer.empty() ? "a staging buffer" : "buffer " + cb.buffer;
      }
      if (bytes > dev->l1_free_bytes) {
        const std::string need = "this kernel's circular buffers need " + std::to_string(bytes / 1024) +
                                 " KB of L1 but a " + dev->name + " core has " +
                                 std::to_string(dev->l1_free_bytes / 1024) + " KB free";
        // A multi-stage T.Pipelined loop's CBs hold num_stages blocks: point at the loop of the largest one.
        const CBInfo* staged = nullptr;
        for (auto& cb : cbs)
          if (cb.stages > 1 && (!staged || uint64_t(cb.depth) * tt_format_tile_bytes(cb.format) >
                                               uint64_t(staged->depth) * tt_format_tile_bytes(staged->format)))
            staged = &cb;
        if (staged) {
          const uint64_t b = uint64_t(staged->depth) * tt_format_tile_bytes(staged->format);
          throw UserError("T.Pipelined", need + "; " + (staged->buffer.empty() ? "a staging buffer" : "buffer " +
                                         staged->buffer) + " is fed in this loop with num_stages=" +
                                         std::to_string(staged->stages) + " (" + std::to_string(staged->stages) +
                                         " x " + std::to_string(staged->tiles) + " tiles = " +
                                         std::to_string(b / 1024) + " KB): lower num_stages (or use smaller blocks)",
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
