// ComputeCore: CB/DST plumbing around the numerics of tile_math.h and sfpu.h (see compute_core.h).
// Tilize/untilize live in layout_ops.cpp, the operations on DST alone (SFPU, typecast, DST copies) in dst_ops.cpp.
#include "compute_core.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "cycle_model.h"

namespace emu::compute {

ComputeCore::ComputeCore(ComputeEnv& env, const ComputeSettings& settings)
    : env_(env), settings_(settings), dst_(env, settings) {}

namespace {
// Formats whose values have at most bf16's 7 mantissa bits.
bool narrow(DataFormat f) { return f == DataFormat::Float16_b || f == DataFormat::Bfp8_b; }
// Cache-line prefetches of a few tiles' bytes, issued a share at a time between other work (all at once they
// would stall on the CPU's outstanding-miss limit). A hint only: never faults, even past a CB's end.
class TilePrefetch {
 public:
  void add(const uint8_t* p, uint32_t bytes) {
    if (n_ < kMax) tiles_[n_] = p, bytes_[n_++] = bytes, lines_ += bytes / 64;
  }
  // Issues about 1/parts of all lines.
  void step(uint32_t parts) {
    for (uint32_t k = (lines_ + parts - 1) / parts; k > 0 && t_ < n_; --k) {
      __builtin_prefetch(tiles_[t_] + off_, 0, 3);
      if ((off_ += 64) >= bytes_[t_]) off_ = 0, ++t_;
    }
  }

 private:
  static constexpr uint32_t kMax = 32;
  const uint8_t* tiles_[kMax];
  uint32_t bytes_[kMax];
  uint32_t n_ = 0, lines_ = 0, t_ = 0, off_ = 0;
};
}  // namespace

DataFormat ComputeCore::cb_format(uint32_t cb) {
  const DataFormat f = static_cast<DataFormat>(env_.data_format(cb));
  // Once per CB (formats and page sizes are fixed for a program): a tile must fit in one page, or unpack and
  // pack would run into the next page.
  if (cb < 64 && !((checked_cbs_ >> cb) & 1u)) {
    const uint32_t page = env_.page_size(cb);
    if (is_supported(f) && page < tile_bytes(f))
      env_.fault("cb_data_format", "CB " + std::to_string(cb) + " has " + std::to_string(page) +
                                       "-byte pages, smaller than one " + format_name(f) + " tile (" +
                                       std::to_string(tile_bytes(f)) + " bytes)");
    checked_cbs_ |= uint64_t{1} << cb;
  }
  return f;
}

namespace {
const char* config_name(FpuConfig c) {
  switch (c) {
    case FpuConfig::Any: return "any operation";
    case FpuConfig::Datacopy: return "copies to DST";
    case FpuConfig::Binary: return "element-wise binary operations";
    case FpuConfig::UnaryBcast: return "unary broadcasts";
    case FpuConfig::Matmul: return "matmul";
    case FpuConfig::Reduce: return "reduce";
    case FpuConfig::Transpose: return "transpose";
  }
  return "?";
}
const char* config_inits(FpuConfig c) {
  switch (c) {
    case FpuConfig::Datacopy: return "copy_tile_init, copy_tile_to_dst_init_short, init_sfpu or unary_op_init_common";
    case FpuConfig::Binary:
      return "add/sub/mul_tiles_init, a *_bcast_*_init_short, init_bcast or binary_op_init_common";
    case FpuConfig::UnaryBcast: return "unary_bcast_init";
    case FpuConfig::Matmul: return "mm_init, mm_init_short or mm_block_init[_short]";
    case FpuConfig::Reduce: return "reduce_init";
    case FpuConfig::Transpose: return "transpose_wh_init[_short]";
    default: return "the matching init";
  }
}
}  // namespace

void ComputeCore::require_fpu(const char* api, FpuConfig need) {
  if (fpu_config_ == FpuConfig::Any || fpu_config_ == need) return;
  env_.fault(api, std::string("the unpackers and FPU are configured for ") + config_name(fpu_config_) + " by " +
                      fpu_init_api_ + "; call " + config_inits(need) + " before " + api +
                      " (on the device it would run with the wrong configuration)");
}

bool ComputeCore::unpacks_to_dest(uint32_t cb, DataFormat f) const {
  if (is_integer(f)) return true;  // integer tiles move as raw bits
  const bool marked = cb < 64 && ((settings_.unpack_to_dest_fp32 >> cb) & 1u) != 0;
  return f == DataFormat::Float32 && dst_.fp32() && marked;
}

ComputeCore::Src ComputeCore::src_tile(uint32_t cb, uint32_t itile, const char* api) {
  const DataFormat f = cb_format(cb);
  if (!is_supported(f))
    env_.fault(api, std::string("CB ") + std::to_string(cb) + " has data format " + format_name(f) +
                        ", which the emulator's unpacker does not support");
  return {f, env_.front_tile(cb, itile, api)};
}

ComputeCore::Src ComputeCore::operand(uint32_t cb, uint32_t itile, const char* api, Operands& ops) {
  const Src s = src_tile(cb, itile, api);
  ops.reads.push_back(s.range());
  return s;
}

void ComputeCore::Src::unpack(float* out, bool src_reg) const {
  unpack_tile(format, bytes, out);
  if (src_reg && format == DataFormat::Float32) to_src_register(out);
}

DataFormat ComputeCore::load(uint32_t cb, uint32_t itile, float* out, const char* api, bool src_reg) {
  const Src s = src_tile(cb, itile, api);
  s.unpack(out, src_reg);
  return s.format;
}

// Each operation below checks its arguments, the CB and DST protocol and counts its cycles at the call (the
// scheduler's thread); the data work — unpacking CB tiles, math on DST, packing — is deferred math
// (ComputeEnv::defer), which captures the settings of the moment by value.
void ComputeCore::copy_tile(uint32_t cb, uint32_t itile, uint32_t idst) {
  require_fpu("copy_tile", FpuConfig::Datacopy);
  float* d = dst_.math_tile("copy_tile", idst);
  const DataFormat f = cb_format(cb);
  const bool direct = unpacks_to_dest(cb, f);
  Operands in;
  const Src s = operand(cb, itile, "copy_tile", in);
  const bool transpose = copy_transpose_, round = !direct && dst_bf16();
  env_.defer(
      [=] {
        alignas(64) float t[1024];
        s.unpack(t, !direct);
        if (transpose) transpose_tile(t, d);
        else std::memcpy(d, t, sizeof t);
        if (round) round_tile_bf16(d);
      },
      in.reads, {});
  env_.count("copy", std::max(unpack_cycles(s.format), kDatacopyCycles));
}

void ComputeCore::copy_block_matmul_partials(uint32_t cb, uint32_t start_itile, uint32_t start_idst, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) copy_tile(cb, start_itile + i, start_idst + i);
}

uint32_t ComputeCore::next_pack_slot(uint32_t ocb) {
  PackCursor& pc = pack_cursor_[ocb];
  const uint32_t pushed = env_.pages_pushed(ocb);
  if (pushed != pc.pushed_seen) {
    pc.pushed_seen = pushed;
    pc.next = 0;
  }
  return pc.next++;
}

namespace {
const float* mask_tile(const float* tile, float* scratch, bool on, ReduceAxis axis) {
  if (!on) return tile;
  std::memset(scratch, 0, 4096);
  switch (axis) {
    case ReduceAxis::Row:
      for (int r = 0; r < 32; ++r) scratch[r * 32] = tile[r * 32];
      break;
    case ReduceAxis::Col: std::memcpy(scratch, tile, 128); break;
    case ReduceAxis::Scalar: scratch[0] = tile[0]; break;
  }
  return scratch;
}
}  // namespace

void ComputeCore::store_packed(const float* tile, uint32_t ocb, uint32_t slot, const char* api, bool now) {
  const DataFormat f = cb_format(ocb);
  if (!is_supported(f))
    env_.fault(api, std::string("CB ") + std::to_string(ocb) + " has data format " + format_name(f) +
                        ", which the emulator's packer does not support");
  uint8_t* out = env_.back_tile(ocb, slot, api);
  const bool l1_acc = pack_l1_acc_ && !is_integer(f);  // the packer adds onto what L1 holds
  const bool mask = pack_mask_on_;
  const ReduceAxis axis = pack_mask_axis_;
  const ByteRange bytes{out, out + tile_bytes(f)};
  auto pack = [=] {
    alignas(64) float scratch[1024];
    const float* t = mask_tile(tile, scratch, mask, axis);
    if (l1_acc) {
      alignas(64) float prev[1024], sum[1024];
      unpack_tile(f, out, prev);
      for (int i = 0; i < 1024; ++i) sum[i] = prev[i] + t[i];
      emu::compute::pack_tile(f, sum, out);
    } else {
      emu::compute::pack_tile(f, t, out);
    }
  };
  if (now) pack();
  else env_.defer(pack, l1_acc ? std::vector<ByteRange>{bytes} : std::vector<ByteRange>{}, {bytes});
  count_pack(pack_cycles(f));
}

void ComputeCore::count_pack(uint64_t cycles) {
  if (dst_.pack_overlaps_math()) return env_.count_pack("pack", cycles);
  // Outside a tile_regs hand-over the pack follows MATH's operations: PACK catches up with MATH.
  env_.count("pack", cycles);
  env_.dst_event(DstEvent::kSync, 0);
}

const float* ComputeCore::masked(const float* tile, float* scratch) const {
  return mask_tile(tile, scratch, pack_mask_on_, pack_mask_axis_);
}

void ComputeCore::pack_tile(uint32_t idst, uint32_t ocb, uint32_t out_idx, bool out_of_order) {
  const float* t = dst_.pack_tile("pack_tile", idst);
  const uint32_t slot = out_of_order ? out_idx : next_pack_slot(ocb);
  store_packed(t, ocb, slot, "pack_tile");
}

void ComputeCore::pack_tile_block(uint32_t idst, uint32_t ocb, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    store_packed(dst_.pack_tile("pack_tile_block", idst + i), ocb, next_pack_slot(ocb), "pack_tile_block");
}

void ComputeCore::binary(BinaryOp op, Bcast bc, uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst) {
  const char* api = bc == Bcast::None ? (op == BinaryOp::Add   ? "add_tiles"
                                         : op == BinaryOp::Sub ? "sub_tiles"
                                                               : "mul_tiles")
                                      : "*_tiles_bcast";
  require_fpu(api, FpuConfig::Binary);
  float* d = dst_.math_tile(api, idst);
  Operands in;
  const Src sa = operand(cb0, i0, api, in), sb = operand(cb1, i1, api, in);
  const int fidelity = settings_.math_fidelity;
  const bool round = dst_bf16(), acc = acc_to_dest_;
  env_.defer(
      [=] {
        alignas(64) float a[1024], b[1024];
        sa.unpack(a, true);
        sb.unpack(b, true);
        binary_tile(op, bc, a, b, d, fidelity, round, acc);
      },
      in.reads, {});
  env_.count("fpu_binary", std::max({unpack_cycles(sa.format), unpack_cycles(sb.format),
                                     eltwise_cycles(op == BinaryOp::Mul, fidelity)}));
}

void ComputeCore::binary_dest_reuse(BinaryOp op, int reuse, uint32_t cb, uint32_t itile, uint32_t idst) {
  const char* api = "binary_dest_reuse_tiles";
  require_fpu(api, FpuConfig::Binary);
  float* d = dst_.math_tile(api, idst);
  Operands in;
  const Src s = operand(cb, itile, api, in);
  const int fidelity = settings_.math_fidelity;
  const bool round = dst_bf16();
  env_.defer(
      [=] {
        alignas(64) float from_cb[1024], from_dst[1024];
        s.unpack(from_cb, true);
        std::memcpy(from_dst, d, sizeof from_dst);
        to_src_register(from_dst);
        if (reuse == 2) binary_tile(op, Bcast::None, from_cb, from_dst, d, fidelity, round);
        else binary_tile(op, Bcast::None, from_dst, from_cb, d, fidelity, round);
      },
      in.reads, {});
  env_.count("fpu_binary", std::max(unpack_cycles(s.format), eltwise_cycles(op == BinaryOp::Mul, fidelity)));
}

void ComputeCore::unary_bcast(Bcast bc, uint32_t cb, uint32_t itile, uint32_t idst) {
  require_fpu("unary_bcast", FpuConfig::UnaryBcast);
  float* d = dst_.math_tile("unary_bcast", idst);
  Operands in;
  const Src s = operand(cb, itile, "unary_bcast", in);
  const int fidelity = settings_.math_fidelity;
  const bool round = dst_bf16();
  env_.defer(
      [=] {
        alignas(64) float b[1024], zero[1024] = {};
        s.unpack(b, true);
        binary_tile(BinaryOp::Add, bc, zero, b, d, fidelity, round);
      },
      in.reads, {});
  env_.count("copy", std::max(unpack_cycles(s.format), kDatacopyCycles));
}

void ComputeCore::matmul_tiles(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst) {
  require_fpu("matmul_tiles", FpuConfig::Matmul);
  float* d = dst_.math_tile("matmul_tiles", idst);
  Operands in;
  const Src sa = operand(cb0, i0, "matmul_tiles", in), sb = operand(cb1, i1, "matmul_tiles", in);
  const int fidelity = settings_.math_fidelity;
  const bool transpose = mm_transpose_, round = dst_bf16(), inputs_narrow = narrow(sa.format) && narrow(sb.format);
  env_.defer(
      [=] {
        alignas(64) float a[1024], b[1024];
        sa.unpack(a, true);
        sb.unpack(b, true);
        matmul_tile(a, b, d, transpose, fidelity, round, inputs_narrow);
      },
      in.reads, {});
  env_.count("matmul", std::max({unpack_cycles(sa.format), unpack_cycles(sb.format), matmul_cycles(fidelity)}));
}

void ComputeCore::matmul_block(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst, bool transpose,
                               uint32_t ct, uint32_t rt, uint32_t kt) {
  const char* api = "matmul_block";
  require_fpu(api, FpuConfig::Matmul);
  // Check every output index before touching anything, so a fault names the first bad one.
  for (uint32_t k = 0; k < rt * ct; ++k) dst_.math_tile(api, idst + k);
  constexpr uint32_t kMaxBlock = 16;
  if (rt > kMaxBlock || ct > kMaxBlock)
    env_.fault(api, "rt_dim " + std::to_string(rt) + " x ct_dim " + std::to_string(ct) + " exceeds DST");
  if (!block_a_) block_a_.reset(new float[2 * kMaxBlock * 1024]);  // heap: kernels may run on small stacks
  struct Block {
    Src a[kMaxBlock], b[kMaxBlock];
    float* d;
  } ops;
  Operands in;
  uint64_t unpack_in0 = 0, unpack_in1 = 0;
  for (uint32_t r = 0; r < rt; ++r) {
    ops.a[r] = operand(cb0, i0 + r * kt, api, in);
    unpack_in0 += unpack_cycles(ops.a[r].format);
  }
  for (uint32_t c = 0; c < ct; ++c) {
    ops.b[c] = operand(cb1, i1 + c, api, in);
    unpack_in1 += unpack_cycles(ops.b[c].format);
  }
  ops.d = dst_.math_tile(api, idst);  // the block's tiles follow idst in DST
  const bool inputs_narrow = narrow(cb_format(cb0)) && narrow(cb_format(cb1));
  const uint32_t page0 = env_.page_size(cb0), page1 = env_.page_size(cb1);
  const int fidelity = settings_.math_fidelity;
  const bool round = dst_bf16();
  float* a = block_a_.get();
  float* b = a + kMaxBlock * 1024;
  // The unpackers keep one operand's tiles across the block's longer dimension and unpack the other's again for
  // every product (calibration: one tile unpacked per product, cycle_model.h).
  if (ct >= rt) unpack_in1 *= rt;
  else unpack_in0 *= ct;
  env_.defer(
      [=] {
        for (uint32_t r = 0; r < rt; ++r) ops.a[r].unpack(a + r * 1024, true);
        for (uint32_t c = 0; c < ct; ++c) ops.b[c].unpack(b + c * 1024, true);
        // A K loop of matmul_block calls reads in0 one page further and in1 ct pages further next time: start
        // fetching those bytes into the host cache while the products below run. Only a hint: no effect on results.
        TilePrefetch next;
        for (uint32_t r = 0; r < rt; ++r) next.add(ops.a[r].bytes + page0, tile_bytes(ops.a[r].format));
        for (uint32_t c = 0; c < ct; ++c) next.add(ops.b[c].bytes + ct * page1, tile_bytes(ops.b[c].format));
        for (uint32_t r = 0; r < rt; ++r)
          for (uint32_t c = 0; c < ct; ++c) {
            next.step(rt * ct);
            matmul_tile(a + r * 1024, b + c * 1024, ops.d + (r * ct + c) * 1024, transpose, fidelity, round,
                        inputs_narrow);
          }
      },
      in.reads, {});
  // The two unpackers and the FPU overlap: the block takes the longest of the three, spread over its products.
  const uint64_t products = uint64_t{rt} * ct;
  const uint64_t block = std::max({unpack_in0, unpack_in1, products * matmul_cycles(fidelity)});
  const uint64_t per_product = products ? (block + products - 1) / products : 0;
  for (uint64_t p = 0; p < products; ++p) env_.count("matmul", per_product);
}

void ComputeCore::reduce(Pool pool, ReduceAxis axis, uint32_t cb, uint32_t cb_scaler, uint32_t itile, uint32_t iscaler,
                         uint32_t idst) {
  require_fpu("reduce_tile", FpuConfig::Reduce);
  bool fresh = false;
  float* d = dst_.math_tile("reduce_tile", idst, &fresh);
  Operands in;
  const Src si = operand(cb, itile, "reduce_tile", in), ss = operand(cb_scaler, iscaler, "reduce_tile", in);
  const int fidelity = settings_.math_fidelity;
  const bool round = dst_bf16();
  env_.defer(
      [=] {
        alignas(64) float in[1024], s[1024];
        si.unpack(in, true);
        ss.unpack(s, true);
        reduce_tile(pool, axis, in, s, d, fidelity, round, fresh);
      },
      in.reads, {});
  env_.count("reduce", std::max({unpack_cycles(si.format), unpack_cycles(ss.format),
                                 reduce_cycles(pool == Pool::Max, fidelity)}));
}

void ComputeCore::transpose_wh(uint32_t cb, uint32_t itile, uint32_t idst) {
  require_fpu("transpose_wh_tile", FpuConfig::Transpose);
  float* d = dst_.math_tile("transpose_wh_tile", idst);
  Operands in;
  const Src s = operand(cb, itile, "transpose_wh_tile", in);
  const bool round = dst_bf16();
  env_.defer(
      [=] {
        alignas(64) float t[1024];
        s.unpack(t, true);
        transpose_tile(t, d);
        if (round) round_tile_bf16(d);
      },
      in.reads, {});
  env_.count("transpose", std::max(unpack_cycles(s.format), kDatacopyCycles));
}

}  // namespace emu::compute
