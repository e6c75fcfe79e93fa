// The compute-kernel half of the TT kernel emitters: each compute TT tile op (tensorize_tt.h) becomes
// TT-Metalium compute API calls with the CB protocol and DST synchronisation around them:
//   fill_tiles / copy_tiles / eltwise: per output tile, tile_regs_acquire → math into DST → commit/wait →
//     pack into the reserved output range → release; inputs waited for (cb_wait_front) first.
//   matmul: output tiles in subblocks of at most the DST capacity (matmul_block per K tile; matmul_tiles per
//     tile product with transpose_B, whose B tiles of one K index are not consecutive), packed out of order
//     into the full reserved block so tiles stay row-major. Accumulating (not clear): with one version in the
//     accumulator's CB (plan_tt_cb_depths) the old partials are popped, the same pages reserved again and
//     packed onto with pack_reconfig_l1_acc(1); with two, the old partials are reloaded into DST with copy_tile.
//   eltwise expressions: CB×CB add/sub/mul on the FPU, vector operands through broadcasts, constants as
//     SFPU scalar ops, everything else on the SFPU over DST slots.
#pragma once

#include <functional>
#include <set>
#include <sstream>
#include <string>

#include "tilelang_tt/codegen/tt/emit_kernels.h"

namespace tl::tt {

// Helpers shared with the element-wise expression emitter.
const ExternCallNode* leaf_call(const ExternCallNode& c);  // &c when c is tt.tile/col_vec/row_vec/scalar_tile
const FloatImmNode* constant(const Expr& e);               // a float constant, looking through casts
std::string bits_of(double v);                              // "0x3F800000u": fp32 bits, for *_unary_tile
std::string float_literal(double v);                        // "1.5f", "-INFINITY"

class ComputeEmitter {
 public:
  explicit ComputeEmitter(const KernelContext& ctx) : ctx_(ctx) {}

  void op(const ExternCallNode& c, std::ostringstream& os, const std::string& pad,
          const std::function<std::string(const Expr&)>& scalar, const Span& span);
  // The #define/#include lines of the kernel, in the API's include tree (plan.h MetaliumApi).
  std::string headers() const;
  std::string prologue() const;

 private:
  void fill(const ExternCallNode& c, std::ostringstream& os, const std::string& pad, const Span& span);
  void copy(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);
  void tilize(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);  // per strip of 32 rows
  void untilize(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);  // its mirror
  void transpose(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);  // transpose_wh per tile
  void matmul(const ExternCallNode& c, std::ostringstream& os, const std::string& pad, const Span& span);
  void reduce(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);  // emit_reduce.cpp
  void scaler(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);   // emit_reduce.cpp
  void print(const ExternCallNode& c, std::ostringstream& os, const std::string& pad);    // emit_print.cpp
  void eltwise(const ExternCallNode& c, std::ostringstream& os, const std::string& pad, const Span& span);
  // Emits code leaving e's value for tile index expression `t` in DST[slot]; returns the highest slot used.
  int value(const Expr& e, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
            const std::string& pad, const Span& span);
  // int32 tiles (emit_int.cpp, transform/tt_int_tiles.h): an int32 op's value, a cast to or from int32, a fill of
  // an int32 scalar, and typecast_tile<in, out> in place (DataFormat names).
  int int_value(const Expr& e, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
                const std::string& pad, const Span& span);
  int int_cast(const CastNode& c, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
               const std::string& pad, const Span& span);
  int fill_int(const Expr& e, int slot, std::ostringstream& os, const std::string& pad);
  void typecast(const char* in, const char* out, int slot, std::ostringstream& os, const std::string& pad);
  // value(x) then the SFPU comparison with zero `fn` ("ltz", "eqz", ...) on it: 1.0 where it holds, else 0.0.
  std::function<std::string(const Expr&)> scalar_;  // prints a scalar expression (set by op())
  int compare_zero(const char* fn, const Expr& x, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
                   const std::string& pad, const Span& span);
  void pack_out(uint32_t cb, std::ostringstream& os, const std::string& pad, const std::string& index);
  uint32_t tiles_of(uint32_t cb) const;
  uint32_t depth_of(uint32_t cb) const;
  std::string cb_format(int64_t cb) const;
  // Records a header by its 0.66 path (compute_kernel_api/...); headers() maps it to the kernel's API.
  void use(const std::string& header) { includes_.insert(header); }
  bool api_0_66() const { return ctx_.api == MetaliumApi::V0_66; }
  // The copy-to-DST init: copy_tile_to_dst_init_short (0.66; deprecated in 0.81), copy_init (0.81).
  std::string copy_init(int64_t cb) const {
    return (api_0_66() ? "copy_tile_to_dst_init_short(" : "copy_init(") + std::to_string(cb) + ")";
  }

  const KernelContext& ctx_;
  std::set<std::string> includes_ = {"compute_kernel_api/common.h", "compute_kernel_api/tile_move_copy.h",
                                     "compute_kernel_api/eltwise_binary.h"};
  bool uses_matmul_ = false;
  uint32_t first_in_ = 0, first_out_ = 16;
};

}  // namespace tl::tt
