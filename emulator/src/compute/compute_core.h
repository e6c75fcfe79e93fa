// One compute kernel's view of a Tensix core: DST, the init state the compute API keeps between calls, and
// every compute API operation expressed on CB tiles and DST tiles. The ckernel:: API functions
// (include/compute_kernel_api/*) forward here through include/emu/compute_calls.h.
// Contract:
//  * CB tiles come from ComputeEnv (front = waited-for tiles, back = reserved tiles); formats from the CB.
//  * FPU ops (copy, binary, bcast, matmul, reduce, transpose) read through SrcA/SrcB (TF32 at most); results
//    land in DST at DST precision (bf16 unless fp32_dest_acc_en). copy_tile of an fp32 CB into an fp32 DST
//    is exact only for CBs with UnpackToDestFp32 (else TF32); integer formats are copied as raw bits.
//  * pack_tile writes DST tile -> CB back slot, converting to the CB's format with RNE. Without
//    out_of_order the slot is sequential, restarting at 0 after each cb_push_back on that CB. Between
//    reduce_init and reduce_uninit the packer's edge mask zeroes everything but the reduce result position.
//  * tilize/untilize move whole blocks CB->CB (they use DST internally on the device, not the caller's DST).
//  * FPU operations check the operation class configured by the last *_init call (fpu_init) and fault on a
//    mismatch (e.g. add_tiles after mm_init without add_tiles_init); Any (the initial state) checks nothing.
//  * Every operation reports its modeled cycles through ComputeEnv::count (cycle_model.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "compute_env.h"
#include "dst.h"
#include "sfpu.h"
#include "tile_format.h"
#include "tile_math.h"

namespace emu::compute {

class ComputeCore {
 public:
  ComputeCore(ComputeEnv& env, const ComputeSettings& settings);

  Dst& dst() { return dst_; }
  const ComputeSettings& settings() const { return settings_; }

  // The FPU operation class the last *_init configured (see emu/compute_calls.h).
  void fpu_init(FpuConfig config, const char* init_api) {
    fpu_config_ = config;
    fpu_init_api_ = init_api;
  }

  // State-only inits.
  void set_matmul_transpose(bool t) { mm_transpose_ = t; }
  void set_copy_transpose(bool t) { copy_transpose_ = t; }
  void set_binary_acc_to_dest(bool acc) { acc_to_dest_ = acc; }
  void set_pack_l1_acc(bool en) { pack_l1_acc_ = en; }
  // The packer's reduce edge mask (reduce_init / reduce_uninit): see emu/compute_calls.h.
  void set_pack_reduce_mask(bool enable, ReduceAxis axis) {
    pack_mask_on_ = enable;
    pack_mask_axis_ = axis;
  }

  void copy_tile(uint32_t cb, uint32_t itile, uint32_t idst);
  void copy_block_matmul_partials(uint32_t cb, uint32_t start_itile, uint32_t start_idst, uint32_t n);
  void pack_tile(uint32_t idst, uint32_t ocb, uint32_t out_idx, bool out_of_order);
  void pack_tile_block(uint32_t idst, uint32_t ocb, uint32_t n);

  void binary(BinaryOp op, Bcast bc, uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst);
  // reuse: 1 = DST feeds SrcA (DST = DST op CB), 2 = DST feeds SrcB (DST = CB op DST).
  void binary_dest_reuse(BinaryOp op, int reuse, uint32_t cb, uint32_t itile, uint32_t idst);
  void unary_bcast(Bcast bc, uint32_t cb, uint32_t itile, uint32_t idst);

  void matmul_tiles(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst);
  void matmul_block(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst, bool transpose, uint32_t ct,
                    uint32_t rt, uint32_t kt);

  void reduce(Pool pool, ReduceAxis axis, uint32_t cb, uint32_t cb_scaler, uint32_t itile, uint32_t iscaler,
              uint32_t idst);
  void transpose_wh(uint32_t cb, uint32_t itile, uint32_t idst);

  void sfpu_unary(const char* api, SfpuUnary op, uint32_t idst, float p0 = 0, float p1 = 0, float p2 = 0,
                  int vector_mode = 4);
  void sfpu_binary(const char* api, SfpuBinary op, uint32_t i0, uint32_t i1, uint32_t out, int vector_mode = 4);
  void sfpu_int32(const char* api, SfpuInt32 op, uint32_t i0, uint32_t i1, uint32_t out);
  void sfpu_int32_unary(const char* api, SfpuInt32Unary op, uint32_t idst, uint32_t param);
  void typecast(uint32_t in_fmt, uint32_t out_fmt, uint32_t idst);
  void copy_dest(uint32_t idst_in, uint32_t idst_out);
  void transpose_dest(uint32_t idst);
  void where(uint32_t icond, uint32_t ia, uint32_t ib, uint32_t out);

  void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t in_idx, uint32_t out_idx);
  void untilize_block(uint32_t icb, uint32_t full_ct, uint32_t ocb);
  // Row-major output of block_ct front tiles (per tile row, block_rt rows) into rows of full_ct tiles, at column
  // block block_c_index.
  void pack_untilize_block(uint32_t icb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t ocb,
                           uint32_t block_c_index);
  void pack_untilize_dest(uint32_t ocb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t block_c_index);

 private:
  // Faults if the FPU is configured for another operation class than `need` (unless Any).
  void require_fpu(const char* api, FpuConfig need);
  DataFormat cb_format(uint32_t cb);
  // Whether copies from this CB bypass SrcA: fp32 CBs marked UnpackToDestFp32 into an fp32 DST, and integers.
  bool unpacks_to_dest(uint32_t cb, DataFormat f) const;
  // CB tile -> row-major floats; `src_reg` applies the SrcA/SrcB TF32 limit.
  DataFormat load(uint32_t cb, uint32_t itile, float* out, const char* api, bool src_reg);
  // A front tile checked now and unpacked later (by deferred math: ComputeEnv::defer).
  struct Src {
    DataFormat format;
    const uint8_t* bytes;
    ByteRange range() const { return {bytes, bytes + tile_bytes(format)}; }
    void unpack(float* out, bool src_reg) const;
  };
  Src src_tile(uint32_t cb, uint32_t itile, const char* api);
  // The CB tiles one deferred operation reads, in L1 when it runs: named in its `reads`, so that whatever
  // refills those pages first waits for it.
  struct Operands {
    std::vector<ByteRange> reads;
  };
  Src operand(uint32_t cb, uint32_t itile, const char* api, Operands& ops);
  uint32_t next_pack_slot(uint32_t ocb);
  // Packs the DST tile `tile` into slot `slot` of `ocb` as deferred math (mask and L1 accumulation as set now):
  // `tile` must stay valid until the operation runs, as DST tiles do. With `now` it packs at the call instead,
  // for the synchronous operations (tilize), which have settled the core's deferred math and pack a temporary.
  void store_packed(const float* tile, uint32_t ocb, uint32_t slot, const char* api, bool now = false);
  void count_pack(uint64_t cycles);  // on the PACK thread's clock when it runs beside MATH
  // The tile as the packer emits it (edge mask applied); returns `tile` itself when no mask is set.
  const float* masked(const float* tile, float* scratch) const;
  void write_row_major(uint32_t ocb, uint32_t first_page, const float* rows, uint32_t width_tiles, uint32_t col_offset,
                       uint32_t row_width_tiles, const char* api);
  bool dst_bf16() const { return !dst_.fp32(); }

  struct PackCursor {
    uint32_t pushed_seen = 0;
    uint32_t next = 0;
  };

  ComputeEnv& env_;
  ComputeSettings settings_;
  Dst dst_;
  bool mm_transpose_ = false, copy_transpose_ = false, acc_to_dest_ = false, pack_l1_acc_ = false;
  bool pack_mask_on_ = false;
  FpuConfig fpu_config_ = FpuConfig::Any;
  const char* fpu_init_api_ = "";
  ReduceAxis pack_mask_axis_ = ReduceAxis::Row;
  std::map<uint32_t, PackCursor> pack_cursor_;
  std::unique_ptr<float[]> block_a_;  // matmul_block operand scratch
  uint64_t checked_cbs_ = 0;          // CBs whose page size was checked against their tile size
};

}  // namespace emu::compute
