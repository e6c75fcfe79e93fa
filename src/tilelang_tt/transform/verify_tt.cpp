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
      if (bytes > dev->l1_free_bytes)
        throw UserError("T.Kernel", "this kernel's circular buffers need " + std::to_string(bytes / 1024) +
                                        " KB of L1 but a " + dev->name + " core has " +
                                        std::to_string(dev->l1_free_bytes / 1024) + " KB free (largest: " + largest +
                                        ", " + std::to_string(largest_bytes / 1024) + " KB); use smaller blocks (or fewer pipeline stages)",
                        n.span);
      if (cbs.size() > dev->num_cbs)
        throw UserError("T.Kernel", "this kernel needs " + std::to_string(cbs.size()) + " circular buffers; " +
                                        dev->name + " has " + std::to_string(dev->num_cbs), n.span);
    }
  } walk;
  walk.dev = &dev;
  walk.visit(f->body);
}

}  // namespace tl::tt
