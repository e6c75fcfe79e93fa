// The TT program plan: everything the host side of a generated TT-Metalium program needs, produced by the
// TT pipeline and consumed by the emitters (host.cpp, CMakeLists.txt, plan.json).
//
// A Plan holds the PrimFunc's global tensors and one ProgramPlan per T.Kernel, run in order on one device.
// Tensors live in DRAM, interleaved, one 32×32 tile per page, in their device data format; on the host
// they are dense row-major arrays of their user dtype, padded to whole tiles on the way in (zeros) and
// cropped on the way out. A tensor of shape (d0, …, dn-2, dn-1) is seen as rows = d0·…·dn-2 by cols = dn-1
// (a 1-D tensor as one row); tile (r, c) is page r·tile_cols + c. With three or more dims, each slice of
// slice_rows = dn-2 rows is padded to whole tiles on its own (slices = d0·…·dn-3 of ceil(dn-2/32) tile rows), so
// that a block of a slice never reaches into the next one. When the kernels slice a tensor into tiles along another
// dimension r < n-2 (tt.tiledim.<name>, tt_tensor_layout.h: [batch, seq, heads, dim] read per head), it is
// stored with dimension r moved to n-2 ([batch, heads, seq, dim]): slice_rows = dr and inner = dr+1·…·dn-2 (the
// host maps host row (p, s, k) to device row (p, k, s)). A tensor read by a row gather (T.im2col or its
// T.Parallel form, tt_gather_lowering.h) is instead stored row-major, one page per row of its (pixels, channels)
// view, written without tilizing. A tensor stored as lines along dimension d (tt.vector.<name> = "d,col" or "d,row",
// infer_tt_vector_layouts.h) is viewed as rows = d0·…·dn-1 by 1 with slices of dd rows ("col": the slice
// dimension d moved last as above, inner = dd+1·…·dn-1), or as slices = (the other dims) by dd with slices of one
// row ("row"; when d < n-1 the host maps element (p, s, k) of [.., dd, line_inner] to view element
// (p·line_inner + k, s)).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The TT-Metalium API the generated program is written against, named by the `ttnn` release whose API it is
// (pass config "tt.metalium_api"): 0.66 (tt-metal of early 2026: compute headers compute_kernel_api/*.h,
// binary_op_init_common, mm_*_init_short, init_bcast, one TensorAccessorArgs word for an interleaved tensor) or
// 0.81 (2026-10, the default: api/compute/*.h, matmul_*_init, bcast_init, unary_bcast_init(icb), two words).
enum class MetaliumApi : uint8_t { V0_66, V0_81 };
MetaliumApi metalium_api_of(const std::string& name);  // "0.66" / "0.81"; else a UserError for tt.metalium_api
const char* metalium_api_name(MetaliumApi api);

// tt::DataFormat values as on the device.
enum class DataFormat : uint8_t { Float32 = 0, Float16 = 1, Float16_b = 5, Bfp8_b = 6, Int32 = 8, UInt32 = 24 };
const char* data_format_name(DataFormat f);  // "Float16_b", ...
uint32_t tile_bytes(DataFormat f);

struct TensorPlan {
  std::string name;
  DType dtype;            // host-side element type
  DataFormat format;      // device-side page format
  std::vector<int64_t> shape;
  int64_t rows = 1, cols = 1;            // the 2-D view described above
  int64_t tile_rows = 1, tile_cols = 1;  // (rows/slice_rows)·ceil(slice_rows/32), ceil(cols/32)
  int64_t slice_rows = 1;                // rows of one slice (= rows below three dims)
  int64_t inner = 1;                     // dims between the tiled row dim and the last (1: none moved)
  int64_t line_inner = 1;                // row lines along dimension d < n-1 (tt.vector, below): dd+1·…·dn-1
  bool input = false;     // written by the host before the first program (from its file)
  bool output = false;    // read back by the host after the last program
  bool l1 = false;        // interleaved over the cores' L1 instead of DRAM
  bool row_major = false; // one page per row (cols elements), not tiles
  // Tolerance of the self-check in an exported project: |out - expected| <= atol + rtol·|expected|.
  double atol = 0, rtol = 0;
};

struct CBPlan {
  uint32_t index;     // tt::CBIndex
  DataFormat format;
  uint32_t num_tiles;
};

enum class KernelRole : uint8_t { Reader, Writer, Compute };

struct KernelPlan {
  KernelRole role;
  std::string file;                      // e.g. "kernels/k0_reader.cpp"
  std::string source;                    // the kernel's C++ text
  std::vector<uint32_t> compile_args;    // leading compile-time args
  std::vector<int> accessor_tensors;     // TensorAccessorArgs of these tensors follow, in order
  // Compute kernels only.
  int math_fidelity = 4;                 // LoFi=0, HiFi2=2, HiFi3=3, HiFi4=4
  bool fp32_dest_acc_en = false;
  bool math_approx_mode = false;
  std::vector<uint32_t> unpack_to_dest_fp32;  // CBs unpacked straight into an fp32 DST (exact fp32 reloads)
};

// One runtime argument: a constant, the DRAM address of a tensor, or the NOC x / y coordinate of a logical
// worker core (worker_core_from_logical_core) — the last two known only on the host.
struct RtArg {
  enum class Kind : uint8_t { Const, TensorAddr, NocX, NocY } kind = Kind::Const;
  uint32_t value = 0;  // the constant, the tensor index, or the logical core as x | y << 16
  static RtArg constant(uint32_t v) { return {Kind::Const, v}; }
  static RtArg tensor_addr(int t) { return {Kind::TensorAddr, static_cast<uint32_t>(t)}; }
  static RtArg noc_x(uint32_t x, uint32_t y) { return {Kind::NocX, x | y << 16}; }
  static RtArg noc_y(uint32_t x, uint32_t y) { return {Kind::NocY, x | y << 16}; }
};

struct CoreArgs {
  uint32_t x = 0, y = 0;                    // logical core
  std::vector<std::vector<RtArg>> args;     // per kernel of the program, in KernelPlan order
};

// A TT tile op of a program: the WAYPOINT (4 characters, unique in the Plan) that its kernel passes before the
// op's code, the op, and the user's source line it came from. A sanitizer report names the last waypoint of a
// kernel, which the Python runtime maps back to the user's line (tenstorrent/backend.py). Not in any emitted
// file: a build does not depend on source lines.
struct OpSite {
  std::string waypoint;  // e.g. "T00A"
  std::string op;        // e.g. "tt.matmul"
  KernelRole role;
  Span span;
};

struct ProgramPlan {
  std::string name;                         // e.g. "kernel0"
  uint32_t grid_x = 1, grid_y = 1;          // the cores used: logical [0, grid_x) × [0, grid_y)
  std::vector<CBPlan> cbs;
  std::vector<KernelPlan> kernels;
  std::vector<CoreArgs> cores;              // every core in the grid, with its runtime args
  std::vector<uint32_t> semaphores;         // initial values, ids in order
  std::vector<OpSite> sites;                // every TT tile op, in program order
};

struct Plan {
  std::string func_name;
  std::string device = "wormhole_b0";       // or "blackhole"
  MetaliumApi api = MetaliumApi::V0_81;
  std::vector<TensorPlan> tensors;
  std::vector<ProgramPlan> programs;
};

uint32_t page_bytes(const TensorPlan& t);  // a tile of its format, or one row when row_major

// Fills rows/cols/tile_rows/tile_cols from shape.
void set_tensor_view(TensorPlan& t);

}  // namespace tl::tt
