// Kernel emitters (emit_kernels.h): the role filter, scalar C++ expressions and control flow, and the
// data-movement ops. Compute ops are in emit_compute.cpp.
#include "tilelang_tt/codegen/tt/emit_kernels.h"

#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>

#include "tilelang_tt/codegen/tt/emit_compute.h"
#include "tilelang_tt/codegen/tt/emit_control.h"
#include "tilelang_tt/codegen/tt/emit_scalar.h"
#include "tilelang_tt/codegen/tt/emit_read_element.h"
#include "tilelang_tt/codegen/tt/emit_shifted.h"
#include "tilelang_tt/codegen/tt/emit_write_line.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/forward_tt_control.h"

namespace tl::tt {

namespace {

KernelRole role_of(const ExternCallNode& c) { return tt_op_role(c); }

const char* kScalarHelpers =
    "inline int32_t tl_floordiv(int32_t a, int32_t b) { int32_t q = a / b; return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q; }\n"
    "inline int32_t tl_floormod(int32_t a, int32_t b) { int32_t r = a % b; return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r; }\n"
    "inline int32_t tl_min(int32_t a, int32_t b) { return a < b ? a : b; }\n"
    "inline int32_t tl_max(int32_t a, int32_t b) { return a > b ? a : b; }\n";

// Scalar max/min of float operands (emitted when a kernel uses them).
const char* kFloatMinMax =
    "inline float tl_fmin(float a, float b) { return a < b ? a : b; }\n"
    "inline float tl_fmax(float a, float b) { return a > b ? a : b; }\n";

const char* kReadTiles =
    "// Zeroes `bytes` (a multiple of 4) of L1 at l1.\n"
    "inline void tl_zero_l1(uint32_t l1, uint32_t bytes) {\n"
    "  volatile tt_l1_ptr uint32_t* p = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(l1);\n"
    "  for (uint32_t i = 0; i < bytes / 4; ++i) p[i] = 0;\n"
    "}\n"
    "\n"
    "// Reads the h×w tiles at tile (r0, c0) of a tensor with rows×cols tiles into L1 at l1, row-major, and waits\n"
    "// for them; tiles outside the tensor (or outside its tile rows [row0, rows): one slice) are zero-filled instead.\n"
    "template <typename Accessor>\n"
    "void tl_fetch_tiles(const Accessor& t, uint32_t l1, uint32_t bytes, int32_t r0, int32_t c0, uint32_t h, uint32_t w,\n"
    "                    int32_t rows, int32_t cols, int32_t row0 = 0) {\n"
    "  for (uint32_t r = 0; r < h; ++r) {\n"
    "    for (uint32_t c = 0; c < w; ++c, l1 += bytes) {\n"
    "      const int32_t tr = r0 + int32_t(r), tc = c0 + int32_t(c);\n"
    "      if (tr >= row0 && tr < rows && tc >= 0 && tc < cols) {\n"
    "        noc_async_read_page(uint32_t(tr * cols + tc), t, l1);\n"
    "      } else {\n"
    "        tl_zero_l1(l1, bytes);\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "  noc_async_read_barrier();\n"
    "}\n"
    "\n"
    "// Pushes those tiles into cb.\n"
    "template <typename Accessor>\n"
    "void tl_read_tiles(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h, uint32_t w, int32_t rows,\n"
    "                   int32_t cols, int32_t row0 = 0) {\n"
    "  cb_reserve_back(cb, h * w);\n"
    "  tl_fetch_tiles(t, get_write_ptr(cb), get_tile_size(cb), r0, c0, h, w, rows, cols, row0);\n"
    "  cb_push_back(cb, h * w);\n"
    "}\n";

const char* kFaceIndex =
    "// Element (r, c) of a tile in L1: four 16x16 faces, row-major.\n"
    "inline uint32_t tl_face_index(uint32_t r, uint32_t c) { return ((r >> 4) << 9) + ((c >> 4) << 8) + ((r & 15) << 4) + (c & 15); }\n";

const char* kBroadcastTiles =
    "// Copies each of the n float32 tiles at base's column 0 (per_row) or row 0 across the tile (L1 face layout:\n"
    "// four 16x16 faces, row-major): a vector whose compute side needs whole tiles.\n"
    "inline void tl_broadcast_tiles(uint32_t base, uint32_t bytes, uint32_t n, bool per_row) {\n"
    "  for (uint32_t k = 0; k < n; ++k) {\n"
    "    volatile tt_l1_ptr uint32_t* p = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(base + k * bytes);\n"
    "    for (uint32_t r = 0; r < 32; ++r)\n"
    "      for (uint32_t c = 0; c < 32; ++c) p[tl_face_index(r, c)] = p[per_row ? tl_face_index(r, 0) : tl_face_index(0, c)];\n"
    "  }\n"
    "}\n";

const char* kReadVectorTiles =
    "// tl_read_tiles for a float32 vector whose compute side needs whole tiles (tl_broadcast_tiles before the push).\n"
    "template <typename Accessor>\n"
    "void tl_read_vector_tiles(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h, uint32_t w,\n"
    "                          int32_t rows, int32_t cols, bool per_row, int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb);\n"
    "  cb_reserve_back(cb, h * w);\n"
    "  const uint32_t base = get_write_ptr(cb);\n"
    "  tl_fetch_tiles(t, base, bytes, r0, c0, h, w, rows, cols, row0);\n"
    "  tl_broadcast_tiles(base, bytes, h * w, per_row);\n"
    "  cb_push_back(cb, h * w);\n"
    "}\n";

const char* kIndexTiles =
    "// tt.iota: n float32 tiles of element indices, tile k holding 32k + r at (r, c) (per_row) or 32k + c, whole\n"
    "// tiles (compute copies them as they are: T.Parallel's loop indices i and j as tiles).\n"
    "inline void tl_index_tiles(uint32_t cb, uint32_t n, bool per_row) {\n"
    "  cb_reserve_back(cb, n);\n"
    "  const uint32_t base = get_write_ptr(cb), bytes = get_tile_size(cb);\n"
    "  for (uint32_t k = 0; k < n; ++k) {\n"
    "    volatile tt_l1_ptr float* p = reinterpret_cast<volatile tt_l1_ptr float*>(base + k * bytes);\n"
    "    for (uint32_t r = 0; r < 32; ++r)\n"
    "      for (uint32_t c = 0; c < 32; ++c) p[tl_face_index(r, c)] = float(32 * k + (per_row ? r : c));\n"
    "  }\n"
    "  cb_push_back(cb, n);\n"
    "}\n";

const char* kReadRowTiles =
    "// tl_read_tiles for a tensor of one row (a vector along the columns): only row 0 of its tiles holds data,\n"
    "// the rest is the host's zero pad, so only the first 64 bytes of faces 0 and 1 are read (row 0, and row 1 of\n"
    "// a 16-bit format: 64 bytes keep DRAM reads aligned on Wormhole and Blackhole). The rest of the CB's pages\n"
    "// is zeroed once at the kernel's start (tl_zero_pages, which reserves all of them first: only the pages a\n"
    "// kernel reserved are its own to write, and the CB is empty then) and never written again.\n"
    "inline void tl_zero_pages(uint32_t cb, uint32_t pages) {\n"
    "  cb_reserve_back(cb, pages);\n"
    "  tl_zero_l1(get_write_ptr(cb), pages * get_tile_size(cb));\n"
    "}\n"
    "template <typename Accessor>\n"
    "void tl_read_row_tiles(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h, uint32_t w, int32_t rows,\n"
    "                       int32_t cols, int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb), face1 = bytes / 4;\n"
    "  cb_reserve_back(cb, h * w);\n"
    "  uint32_t l1 = get_write_ptr(cb);\n"
    "  for (uint32_t r = 0; r < h; ++r) {\n"
    "    for (uint32_t c = 0; c < w; ++c, l1 += bytes) {\n"
    "      const int32_t tr = r0 + int32_t(r), tc = c0 + int32_t(c);\n"
    "      if (tr >= row0 && tr < rows && tc >= 0 && tc < cols) {\n"
    "        const uint32_t page = uint32_t(tr * cols + tc);\n"
    "        noc_async_read(t.get_noc_addr(page, 0), l1, 64);\n"
    "        noc_async_read(t.get_noc_addr(page, face1), l1 + face1, 64);\n"
    "      } else {\n"
    "        tl_zero_l1(l1, 64);\n"
    "        tl_zero_l1(l1 + face1, 64);\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "  noc_async_read_barrier();\n"
    "  cb_push_back(cb, h * w);\n"
    "}\n";

const char* kReadTilesMcast =
    "// The NOC side of a block shared by a row (or column) of cores (the reader's runtime args, then semaphores).\n"
    "struct tl_mcast {\n"
    "  bool sender;                            // this core reads the block from DRAM and multicasts it\n"
    "  uint32_t sender_x, sender_y;            // NOC coordinates of the sender\n"
    "  uint32_t x0, y0, x1, y1, receivers;     // NOC rectangle of the receivers and their count\n"
    "  uint32_t counter, flag;                 // L1 addresses: receivers-ready counter (sender), VALID flag (receivers)\n"
    "};\n"
    "inline tl_mcast tl_mcast_at(uint32_t arg, uint32_t counter_sem, uint32_t flag_sem) {\n"
    "  tl_mcast m;\n"
    "  m.sender = get_arg_val<uint32_t>(arg) != 0;\n"
    "  m.sender_x = get_arg_val<uint32_t>(arg + 1);\n"
    "  m.sender_y = get_arg_val<uint32_t>(arg + 2);\n"
    "  m.x0 = get_arg_val<uint32_t>(arg + 3);\n"
    "  m.y0 = get_arg_val<uint32_t>(arg + 4);\n"
    "  m.x1 = get_arg_val<uint32_t>(arg + 5);\n"
    "  m.y1 = get_arg_val<uint32_t>(arg + 6);\n"
    "  m.receivers = get_arg_val<uint32_t>(arg + 7);\n"
    "  m.counter = get_semaphore(counter_sem);\n"
    "  m.flag = get_semaphore(flag_sem);\n"
    "  return m;\n"
    "}\n"
    "\n"
    "// The receivers' rectangle at L1 address addr; NOC 1 runs the other way and names it from the far corner.\n"
    "inline uint64_t tl_mcast_addr(const tl_mcast& m, uint32_t addr) {\n"
    "  return noc_index == 0 ? get_noc_multicast_addr(m.x0, m.y0, m.x1, m.y1, addr)\n"
    "                        : get_noc_multicast_addr(m.x1, m.y1, m.x0, m.y0, addr);\n"
    "}\n"
    "\n"
    "// tl_read_tiles for a block that a row (or column) of cores all read: the sender reads it from DRAM once and\n"
    "// multicasts it to the same L1 address on the receivers (their CB write pointers move in lockstep), then\n"
    "// multicasts VALID into their flags (the NOC delivers the data first); each receiver reserves the space,\n"
    "// clears its flag, increments the sender's counter and waits for VALID. The data multicast is linked: the\n"
    "// flag's multicast to the same rectangle follows it on the path it holds (no second path set-up).\n"
    "template <typename Accessor>\n"
    "void tl_read_tiles_mcast(const tl_mcast& m, const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h,\n"
    "                         uint32_t w, int32_t rows, int32_t cols, int32_t row0 = 0) {\n"
    "  cb_reserve_back(cb, h * w);\n"
    "  const uint32_t l1 = get_write_ptr(cb);\n"
    "  volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(m.flag);\n"
    "  if (m.sender) {\n"
    "    tl_fetch_tiles(t, l1, get_tile_size(cb), r0, c0, h, w, rows, cols, row0);\n"
    "    if (m.receivers > 0) {\n"
    "      volatile tt_l1_ptr uint32_t* counter = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(m.counter);\n"
    "      noc_semaphore_wait(counter, m.receivers);\n"
    "      noc_semaphore_set(counter, 0);\n"
    "      noc_async_write_multicast(l1, tl_mcast_addr(m, l1), h * w * get_tile_size(cb), m.receivers, true);\n"
    "      noc_semaphore_set(flag, VALID);\n"
    "      noc_semaphore_set_multicast(m.flag, tl_mcast_addr(m, m.flag), m.receivers);\n"
    "      noc_async_write_barrier();\n"
    "    }\n"
    "  } else {\n"
    "    noc_semaphore_set(flag, INVALID);\n"
    "    noc_semaphore_inc(get_noc_addr(m.sender_x, m.sender_y, m.counter), 1);\n"
    "    noc_semaphore_wait(flag, VALID);\n"
    "  }\n"
    "  cb_push_back(cb, h * w);\n"
    "}\n";

const char* kWriteTiles =
    "// Pops h×w tiles from cb and stores those inside the tensor (rows×cols tiles; tile rows [row0, rows) for one\n"
    "// slice) at tile (r0, c0), row-major.\n"
    "template <typename Accessor>\n"
    "void tl_write_tiles(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h, uint32_t w, int32_t rows,\n"
    "                    int32_t cols, int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb);\n"
    "  cb_wait_front(cb, h * w);\n"
    "  uint32_t l1 = get_read_ptr(cb);\n"
    "  for (uint32_t r = 0; r < h; ++r) {\n"
    "    for (uint32_t c = 0; c < w; ++c, l1 += bytes) {\n"
    "      const int32_t tr = r0 + int32_t(r), tc = c0 + int32_t(c);\n"
    "      if (tr >= row0 && tr < rows && tc >= 0 && tc < cols) noc_async_write_page(uint32_t(tr * cols + tc), t, l1);\n"
    "    }\n"
    "  }\n"
    "  noc_async_write_barrier();\n"
    "  cb_pop_front(cb, h * w);\n"
    "}\n";

const char* kWriteTilesZeroPad =
    "// tl_write_tiles for a tensor that a later program reads: each edge tile's pad (rows past the slice's\n"
    "// valid_rows, columns past valid_cols of the last tile column) is zeroed in L1 before it is stored, so that\n"
    "// the reader finds zeros there, as in tensors the host wrote (the writer owns the waited-for pages), then\n"
    "// stores them with tl_write_tiles (whose cb_wait_front returns at once).\n"
    "template <typename T>\n"
    "void tl_zero_pad(uint32_t l1, uint32_t rows, uint32_t cols) {\n"
    "  volatile tt_l1_ptr T* p = reinterpret_cast<volatile tt_l1_ptr T*>(l1);\n"
    "  for (uint32_t r = 0; r < 32; ++r)\n"
    "    for (uint32_t c = r < rows ? cols : 0; c < 32; ++c) p[tl_face_index(r, c)] = 0;\n"
    "}\n"
    "template <typename Accessor>\n"
    "void tl_write_tiles_zero_pad(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t h, uint32_t w,\n"
    "                             int32_t rows, int32_t cols, int32_t slice_tile_rows, uint32_t valid_rows,\n"
    "                             uint32_t valid_cols, int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb);\n"
    "  cb_wait_front(cb, h * w);\n"
    "  uint32_t l1 = get_read_ptr(cb);\n"
    "  for (uint32_t r = 0; r < h; ++r) {\n"
    "    for (uint32_t c = 0; c < w; ++c, l1 += bytes) {\n"
    "      const int32_t tr = r0 + int32_t(r), tc = c0 + int32_t(c);\n"
    "      const uint32_t vr = tr % slice_tile_rows == slice_tile_rows - 1 ? valid_rows : 32;\n"
    "      const uint32_t vc = tc == cols - 1 ? valid_cols : 32;\n"
    "      if (tr < row0 || tr >= rows || tc < 0 || tc >= cols || (vr == 32 && vc == 32)) continue;\n"
    "      if (bytes == 4096) tl_zero_pad<uint32_t>(l1, vr, vc);\n"
    "      else tl_zero_pad<uint16_t>(l1, vr, vc);\n"
    "    }\n"
    "  }\n"
    "  tl_write_tiles(t, cb, r0, c0, h, w, rows, cols, row0);\n"
    "}\n";

class KernelWriter {
 public:
  KernelWriter(const KernelContext& ctx, KernelRole role) : ctx_(ctx), role_(role), compute_(ctx) {}

  EmittedKernel run() {
    needed_ = scalars_needed(ctx_.kernel->body, role_);
    collect_tensors(ctx_.kernel->body);
    std::ostringstream body;
    stmt(ctx_.kernel->body, body, 1);

    std::ostringstream os;
    static const char* role_names[] = {"reader", "writer", "compute"};
    os << "// Generated by TileLang-TT: " << role_names[static_cast<int>(role_)] << " kernel of " << ctx_.func_name
       << ".\n#include <cstdint>\n";
    if (role_ == KernelRole::Compute) {
      os << compute_.headers();
    } else {
      os << "#include \"api/dataflow/dataflow_api.h\"\n";
    }
    os << "#include \"api/debug/waypoint.h\"\n";
    os << "\nnamespace {\n" << kScalarHelpers << (uses_float_minmax_ ? kFloatMinMax : "");
    const bool mcast = uses_mcast_[1] || uses_mcast_[2];
    if (role_ == KernelRole::Reader || mcast) os << "\n" << kReadTiles;
    const bool faces = !scratch_cbs_.empty() ||
                       (role_ == KernelRole::Reader &&
                        (uses_vector_read_ || uses_index_tiles_ || uses_element_read_ || uses_element_)) ||
                       (role_ == KernelRole::Writer && (uses_zero_pad_ || uses_write_line_));
    if (faces) os << "\n" << kFaceIndex;
    if (role_ == KernelRole::Reader && (uses_vector_read_ || !scratch_cbs_.empty())) os << "\n" << kBroadcastTiles;
    if (role_ == KernelRole::Reader && uses_vector_read_) os << "\n" << kReadVectorTiles;
    if (!scratch_cbs_.empty()) os << "\n" << kShiftTiles;
    if (role_ == KernelRole::Reader && !scratch_cbs_.empty()) os << "\n" << kReadShifted;
    if (role_ == KernelRole::Reader && uses_index_tiles_) os << "\n" << kIndexTiles;
    if (role_ == KernelRole::Reader && uses_element_read_) os << "\n" << kReadElementTiles;
    if (role_ == KernelRole::Reader && uses_element_) os << "\n" << kReadElement;
    if (role_ == KernelRole::Reader && !row_cbs_.empty()) os << "\n" << kReadRowTiles;
    if (mcast) os << "\n" << kReadTilesMcast;
    if (role_ == KernelRole::Writer) os << "\n" << kWriteTiles;
    if (role_ == KernelRole::Writer && uses_zero_pad_) os << "\n" << kWriteTilesZeroPad;
    if (role_ == KernelRole::Writer && uses_write_line_) os << "\n" << kWriteLine;
    if (role_ == KernelRole::Writer && !scratch_cbs_.empty()) os << "\n" << kWriteShifted;
    os << "}  // namespace\n\nvoid kernel_main() {\n"
       << "  const int32_t tt_block_start = int32_t(get_arg_val<uint32_t>(0));\n"
       << "  const int32_t tt_block_count = int32_t(get_arg_val<uint32_t>(1));\n";
    for (size_t k = 0; k < tensors_.size(); ++k) {
      const TensorView& t = ctx_.tensors[tensors_[k]];
      std::string off = k == 0 ? "0" : "tl_args" + std::to_string(k - 1) + ".next_compile_time_args_offset()";
      os << "  constexpr auto tl_args" << k << " = TensorAccessorArgs<" << off << ">();\n"
         << "  const auto " << tensor_name(tensors_[k]) << " = TensorAccessor(tl_args" << k << ", get_arg_val<uint32_t>("
         << 2 + k << "), " << t.tile_bytes << ");\n";
    }
    // Multicast args follow the tensor addresses: row operand (semaphores 0, 1), column operand (2, 3).
    const size_t mcast_arg = 2 + tensors_.size();
    if (uses_mcast_[1]) os << "  const tl_mcast tl_row = tl_mcast_at(" << mcast_arg << ", 0, 1);\n";
    if (uses_mcast_[2]) os << "  const tl_mcast tl_col = tl_mcast_at(" << mcast_arg + 8 << ", 2, 3);\n";
    if (uses_block_list_) os << "  constexpr uint32_t tl_block_list = " << mcast_arg << ";  // this core's blocks\n";
    if (role_ == KernelRole::Compute) os << compute_.prologue();
    for (int64_t cb : role_ == KernelRole::Compute ? held_flags_ : std::set<int64_t>{})
      os << "  bool tl_held_" << cb << " = false;  // CB " << cb << " holds a version\n";
    for (const CBInfo& cb : ctx_.cbs)
      if (row_cbs_.count(cb.index)) os << "  tl_zero_pages(" << cb.index << ", " << cb.depth << ");\n";
    if (uses_lock_ && role_ == KernelRole::Reader)  // order_tt_locks.h: the writes of locked tensors landed so far
      os << "  volatile tt_l1_ptr uint32_t* tl_lock = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_semaphore("
         << ctx_.lock_sem << "));\n  uint32_t tl_lock_reads = 0;  // reads of locked tensors issued so far\n";
    if (uses_lock_ && role_ == KernelRole::Writer)
      os << "  const uint64_t tl_lock_noc = get_noc_addr(my_x[noc_index], my_y[noc_index], get_semaphore("
         << ctx_.lock_sem << "));\n";
    if (uses_ctrl_scratch_) os << ctrl_scratch_prologue(std::stoll(ctx_.kernel->attrs.at("tt.ctrl_scratch")));
    for (int64_t cb : scratch_cbs_) os << "  cb_reserve_back(" << cb << ", 1);  // the scratch page of shifted reads\n";
    for (auto* b : scalar_order_)  // the scalars this kernel computes (emit_scalar.h)
      os << "  [[maybe_unused]] " << (dtype_is_float(b->dtype) ? "float " : "int32_t ") << scalar_names_[b] << " = 0;\n";
    os << body.str() << "}\n";
    return {os.str(), tensors_, uses_mcast_[1] || uses_mcast_[2]};
  }

 private:
  void collect_tensors(const Stmt& s) {
    struct Walk : IRVisitor {
      KernelWriter* w;
      std::set<int> used;
      std::set<int64_t> row_cbs, other_cbs;  // CBs filled by row reads only are zeroed once, then row-read
      void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
        auto* c = tt_op(st);
        if (c && c->name == "tt.pop" && c->args.size() > 3 && const_arg(*c, 3)) w->held_flags_.insert(const_arg(*c, 0));
        if (!c || role_of(*c) != w->role_) return;
        if (c->name == "tt.read_tiles") (w->row_read(*c) ? row_cbs : other_cbs).insert(const_arg(*c, 1));
        if (c->name == "tt.read_shifted" || c->name == "tt.write_shifted") w->scratch_cbs_.insert(const_arg(*c, 7));
        if (const int64_t t = tile_op_tensor(*c); t >= 0) used.insert(static_cast<int>(t));
      }
      // Control data: the elements the reader's control stores read (of the scalars it computes).
      void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
        if (w->role_ == KernelRole::Reader && w->needed_.count(n.buffer.get())) visit(n.value);
      }
      void visit_ExternCall(const ExternCallNode& c, const Expr& e) override {
        if (c.name == "tt.read_element") used.insert(static_cast<int>(const_arg(c, 0)));
        IRVisitor::visit_ExternCall(c, e);
      }
    } walk;
    walk.w = this;
    walk.visit(s);
    tensors_.assign(walk.used.begin(), walk.used.end());
    for (int64_t cb : walk.row_cbs)
      if (!walk.other_cbs.count(cb)) row_cbs_.insert(static_cast<uint32_t>(cb));
  }

  // A plain read (no multicast, no float32 broadcast in L1) of a one-row tensor: tl_read_row_tiles.
  bool row_read(const ExternCallNode& c) const {
    if (c.name != "tt.read_tiles" || (c.args.size() > 7 && const_arg(c, 7) != 0) || is_element_read(c)) return false;
    const int64_t cb = const_arg(c, 1);
    return ctx_.tensors[const_arg(c, 0)].one_row && !ctx_.bcast_in_reader.count(static_cast<uint32_t>(cb));
  }

  std::string tensor_name(int param) const { return "t_" + sanitize(ctx_.tensors[param].name); }

  static std::string sanitize(const std::string& raw) {
    std::string s;
    for (char c : raw) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return s;
  }

  bool keeps(const Stmt& s) {
    struct Walk : IRVisitor {
      KernelRole role;
      bool found = false;
      const KernelWriter* w;
      void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
        if (auto* c = tt_op(st)) found |= role_of(*c) == role || !w->held_sets(*c).empty();
      }
      void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override { found |= w->needed_.count(n.buffer.get()) > 0; }
    } walk;
    walk.role = role_;
    walk.w = this;
    walk.visit(s);
    return walk.found;
  }

  // The held flags of tracked CBs (tt_pop_insertion.h) that op `c` pushes a version into: the compute kernel sets
  // them where the op is, whichever kernel runs it.
  std::set<int64_t> held_sets(const ExternCallNode& c) const {
    std::set<int64_t> set;
    if (role_ != KernelRole::Compute || held_flags_.empty()) return set;
    for (int64_t cb : tile_op_cbs(c).writes)
      if (held_flags_.count(cb)) set.insert(cb);
    return set;
  }

  std::string scalar_name(const BufferNode* b) {
    auto it = scalar_names_.find(b);
    if (it != scalar_names_.end()) return it->second;
    scalar_order_.push_back(b);
    return scalar_names_[b] = unique_name(b->name);
  }

  std::string var(const VarNode* v) {
    auto it = names_.find(v);
    if (it != names_.end()) return it->second;
    return names_[v] = unique_name(v->name);
  }

  // A C++ identifier for `name` that no other variable or scalar of the kernel has.
  std::string unique_name(const std::string& name) {
    std::string base = sanitize(name), s = base;
    for (int k = 1; used_names_.count(s); ++k) s = base + "_" + std::to_string(k);
    used_names_.insert(s);
    return s;
  }

 public:
  std::string expr(const Expr& e) {
    if (auto* n = e->as<IntImmNode>()) return std::to_string(n->value);
    if (auto* n = e->as<FloatImmNode>()) return float_literal(n->value);
    if (auto* n = e->as<VarNode>()) return var(n);
    if (auto* n = e->as<ExternCallNode>()) {
      if (n->name == "tt.block_start") return "tt_block_start";
      if (n->name == "tt.block_count") return "tt_block_count";
      if (n->name == "tt.block_list") {  // balanced schedule: the core's blocks follow the tensor addresses
        uses_block_list_ = true;
        return "int32_t(get_arg_val<uint32_t>(tl_block_list + " + expr(n->args.at(0)) + "))";
      }
      if (n->name == "tt.read_element") {  // the reader's control data (emit_control.h)
        uses_element_ = uses_ctrl_scratch_ = true;
        const int t = static_cast<int>(const_arg(*n, 0));
        return read_element_expr(*n, ctx_.tensors[t], tensor_name(t), expr(n->args[1]), expr(n->args[2]));
      }
    }
    if (auto* n = e->as<BinaryNode>()) {
      std::string a = expr(n->a), b = expr(n->b);
      switch (n->op) {
        case BinaryOp::FloorDiv: return "tl_floordiv(" + a + ", " + b + ")";
        case BinaryOp::FloorMod: return "tl_floormod(" + a + ", " + b + ")";
        // Scalar max/min in the operands' type (an int32 helper would truncate float scalars).
        case BinaryOp::Min:
        case BinaryOp::Max:
          uses_float_minmax_ |= dtype_is_float(n->dtype);
          return std::string(dtype_is_float(n->dtype) ? "tl_f" : "tl_") + (n->op == BinaryOp::Min ? "min(" : "max(") +
                 a + ", " + b + ")";
        case BinaryOp::And: return "(" + a + " && " + b + ")";
        case BinaryOp::Or: return "(" + a + " || " + b + ")";
        default: return "(" + a + " " + binary_op_name(n->op) + " " + b + ")";
      }
    }
    if (auto* n = e->as<UnaryNode>()) return std::string(n->op == UnaryOp::Neg ? "(-" : "(!") + expr(n->a) + ")";
    if (auto* n = e->as<BufferLoadNode>(); n && is_scalar_buffer(n->buffer)) return scalar_name(n->buffer.get());
    if (auto* n = e->as<CallNode>()) {
      std::vector<std::string> args;
      for (auto& a : n->args) args.push_back(expr(a));
      return scalar_call(n->fn, n->dtype, args);
    }
    if (auto* n = e->as<CastNode>())
      return (dtype_is_float(n->dtype) ? "float(" : "int32_t(") + expr(n->value) + ")";
    if (auto* n = e->as<SelectNode>()) return "(" + expr(n->cond) + " ? " + expr(n->t) + " : " + expr(n->f) + ")";
    throw UserError("tenstorrent", "scalar expression '" + std::string(e->as<BufferLoadNode>() ? "a load from " +
                                       e->as<BufferLoadNode>()->buffer->name : "this expression") +
                                       "' cannot drive control flow in a tenstorrent kernel yet");
  }

 private:
  // A UserError from a statement's expressions (expr() knows no location) takes the innermost located statement's.
  void stmt(const Stmt& s, std::ostringstream& os, int ind) {
    try {
      stmt_unlocated(s, os, ind);
    } catch (const UserError& e) {
      if (e.span().known() || !s->span.known()) throw;
      throw UserError(e.op(), e.message(), s->span);
    }
  }

  void stmt_unlocated(const Stmt& s, std::ostringstream& os, int ind) {
    if (!keeps(s)) return;
    std::string pad(2 * ind, ' ');
    if (auto* n = s->as<SeqStmtNode>()) {
      for (auto& st : n->seq) stmt(st, os, ind);
    } else if (auto* n = s->as<ForNode>()) {
      std::string v = var(n->var.get());
      os << pad << "for (int32_t " << v << " = " << expr(n->min) << "; " << v << " < " << expr(n->min) << " + "
         << expr(n->extent) << "; ++" << v << ") {\n";
      stmt(n->body, os, ind + 1);
      os << pad << "}\n";
    } else if (auto* n = s->as<LetStmtNode>()) {
      // Emit the body first and keep the binding only if the body uses it (kernels build with -Werror).
      std::ostringstream inner;
      std::string name = var(n->var.get());
      stmt(n->body, inner, ind);
      const char* type = dtype_is_float(n->value->dtype) ? "const float " : "const int32_t ";
      if (mentions(inner.str(), name)) os << pad << type << name << " = " << expr(n->value) << ";\n";
      os << inner.str();
    } else if (auto* n = s->as<BufferStoreNode>()) {  // scalar code (emit_scalar.h); control stores: the reader's
      if (role_ != KernelRole::Reader && reads_control_data(n->value)) return;
      if (needed_.count(n->buffer.get())) os << pad << scalar_name(n->buffer.get()) << " = " << expr(n->value) << ";\n";
    } else if (auto* n = s->as<IfThenElseNode>()) {
      os << pad << "if (" << expr(n->cond) << ") {\n";
      stmt(n->then_case, os, ind + 1);
      if (n->else_case && keeps(n->else_case)) {
        os << pad << "} else {\n";
        stmt(n->else_case, os, ind + 1);
      }
      os << pad << "}\n";
    } else if (auto* n = s->as<KernelNode>()) {
      stmt(n->body, os, ind);
    } else if (auto* c = tt_op(s)) {
      struct SetHeld {  // after the op (or where another kernel's op is): the compute kernel now holds a version
        std::ostringstream& os;
        const std::string& pad;
        std::set<int64_t> cbs;
        ~SetHeld() {
          for (int64_t cb : cbs) os << pad << "tl_held_" << cb << " = true;\n";
        }
      } set_held{os, pad, held_sets(*c)};
      if (role_of(*c) != role_) return;
      // Where the kernel is: a sanitizer report names the last waypoint passed (plan.h, OpSite).
      if (auto w = ctx_.waypoints.find(s.get()); w != ctx_.waypoints.end())
        os << pad << "WAYPOINT(\"" << w->second << "\");\n";
      if (role_ == KernelRole::Compute) {
        compute_.op(*c, os, pad, [this](const Expr& e) { return expr(e); }, s->span);
      } else if (c->name == "tt.read_vector_at") {  // a vector at a start read at run time (emit_control.h)
        uses_element_ = true;
        const int t = static_cast<int>(const_arg(*c, 0));
        os << read_vector_at(*c, ctx_.tensors[t], tensor_name(t), pad, expr(c->args[2]));
      } else if (c->name == "tt.ctrl_push" || c->name == "tt.ctrl_recv") {  // forward_tt_control.h
        os << emit_ctrl_op(*c, role_, pad, expr(c->args[c->name == "tt.ctrl_push" ? 1 : 2]));
      } else if (c->name == "tt.lock_wait" || c->name == "tt.lock_signal") {  // order_tt_locks.h
        uses_lock_ = true;
        os << pad << (c->name == "tt.lock_wait" ? "noc_semaphore_wait_min(tl_lock, tl_lock_reads++);\n"
                                                 : "noc_async_write_barrier();\n" + pad +
                                                       "noc_semaphore_inc(tl_lock_noc, 1);\n");
      } else if (c->name == "tt.iota") {
        uses_index_tiles_ = true;
        os << pad << "tl_index_tiles(" << const_arg(*c, 0) << ", " << const_arg(*c, 1) << ", "
           << (const_arg(*c, 2) ? "true" : "false") << ");\n";
      } else if (c->name == "tt.write_line") {
        uses_write_line_ = true;
        const int tensor = static_cast<int>(tile_op_tensor(*c));
        os << pad << write_line_call(*c, ctx_.tensors[tensor], tensor_name(tensor), [this](const Expr& e) { return expr(e); });
      } else if (is_element_read(*c)) {  // one element spread over tiles (emit_read_element.h)
        uses_element_read_ = true;
        const int tensor = static_cast<int>(tile_op_tensor(*c));
        os << pad << read_element_call(*c, ctx_.tensors[tensor], tensor_name(tensor), [this](const Expr& e) { return expr(e); });
      } else if (is_row_gather_op(*c) || is_row_scatter_op(*c)) {
        const std::string tensor = c->name == "tt.read_run" || c->name == "tt.write_run" ? tensor_name(static_cast<int>(tile_op_tensor(*c))) : "";
        os << emit_row_gather_op(*c, pad, [this](const Expr& e) { return expr(e); }, tensor);
      } else {
        int tensor = static_cast<int>(tile_op_tensor(*c));
        int64_t cb = const_arg(*c, is_tile_read(*c) ? 1 : 0);
        const TensorView& t = ctx_.tensors[tensor];
        auto bc = ctx_.bcast_in_reader.find(static_cast<uint32_t>(cb));
        const bool shifted = c->name == "tt.read_shifted" || c->name == "tt.write_shifted";
        const bool vector_read = c->name == "tt.read_tiles" && bc != ctx_.bcast_in_reader.end();
        uses_vector_read_ |= vector_read;
        // An 8th argument of tt.read_tiles: multicast along the core row (1) or column (2), plan_tt_multicast.h.
        const int64_t mcast = c->name == "tt.read_tiles" && c->args.size() > 7 ? const_arg(*c, 7) : 0;
        TL_ASSERT(mcast >= 0 && mcast <= 2 && !(mcast && vector_read), "bad multicast read");
        uses_mcast_[mcast] = true;
        const bool zero_pad = c->name == "tt.write_tiles" && t.zero_pad;
        uses_zero_pad_ |= zero_pad;
        // A tensor of slices (plan.h): a block's tiles are those of its slice's rows [s0, s0 + slice tile rows)
        // (the helpers' row bounds [row0, rows)); other tensors' are rows [0, tile rows).
        const std::string r0 = expr(c->args[2]);
        const bool sliced = t.slice_tile_rows != t.tile_rows;
        const std::string s0 = sliced ? expr(c->args[6]) : "";
        const std::string rows = sliced ? "tl_min(" + std::to_string(t.tile_rows) + ", " + s0 + " + " +
                                              std::to_string(t.slice_tile_rows) + ")"
                                        : std::to_string(t.tile_rows);
        if (shifted) {
          const std::string bcast = bc == ctx_.bcast_in_reader.end() ? "-1" : bc->second ? "1" : "0";
          os << pad << shifted_call(*c, t, tensor_name(tensor), bcast, [this](const Expr& e) { return expr(e); });
          return;
        }
        os << pad << (mcast == 1 ? "tl_read_tiles_mcast(tl_row, " : mcast == 2 ? "tl_read_tiles_mcast(tl_col, "
                      : vector_read ? "tl_read_vector_tiles("
                      : c->name == "tt.read_tiles" ? (row_cbs_.count(static_cast<uint32_t>(cb)) ? "tl_read_row_tiles("
                                                                                               : "tl_read_tiles(")
                      : zero_pad ? "tl_write_tiles_zero_pad(" : "tl_write_tiles(")
           << tensor_name(tensor) << ", " << cb << ", " << r0 << ", " << expr(c->args[3]) << ", "
           << expr(c->args[4]) << ", " << expr(c->args[5]) << ", " << rows << ", " << t.tile_cols
           << (vector_read ? (bc->second ? ", true" : ", false") : "");
        if (zero_pad) os << ", " << t.slice_tile_rows << ", " << t.valid_rows << ", " << t.valid_cols;
        if (sliced) os << ", tl_max(0, " << s0 << ")";
        os << ");\n";
      }
    } else {
      TL_ASSERT(false, "unexpected statement in a tensorized kernel");
    }
  }

  // True when `name` occurs in `code` as a whole identifier.
  static bool mentions(const std::string& code, const std::string& name) {
    auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (size_t p = code.find(name); p != std::string::npos; p = code.find(name, p + 1)) {
      bool left = p == 0 || !ident(code[p - 1]);
      bool right = p + name.size() >= code.size() || !ident(code[p + name.size()]);
      if (left && right) return true;
    }
    return false;
  }

  const KernelContext& ctx_;
  KernelRole role_;
  ComputeEmitter compute_;
  std::vector<int> tensors_;
  bool uses_vector_read_ = false;
  bool uses_float_minmax_ = false;  // expr() printed tl_fmin/tl_fmax (kFloatMinMax)
  bool uses_index_tiles_ = false;
  bool uses_zero_pad_ = false;
  bool uses_write_line_ = false;
  bool uses_lock_ = false;  // tt.lock_wait / tt.lock_signal (order_tt_locks.h)
  bool uses_block_list_ = false;  // expr() printed tt.block_list: the runtime args after the tensor addresses
  bool uses_element_read_ = false;  // tl_read_element_tiles (kReadElementTiles)
  bool uses_element_ = false;      // the reader reads elements (tt.read_element, tt.read_vector_at): tl_read_word
  bool uses_ctrl_scratch_ = false;  // ... control data through the kernel's scratch CB (tt.read_element)
  std::set<uint32_t> row_cbs_;  // CBs that only one-row tensors fill: tl_read_row_tiles
  std::set<int64_t> scratch_cbs_;  // the scratch pages of tt.read_shifted (reserved once, never pushed)
  std::set<int64_t> held_flags_;  // tracked CBs (tt.pop's if_held form): the compute kernel's tl_held_<cb> flags
  bool uses_mcast_[3] = {false, false, false};  // indexed by the multicast axis (0: plain reads)
  std::map<const VarNode*, std::string> names_;
  std::set<const BufferNode*> needed_;                    // the scalars this kernel computes (emit_scalar.h)
  std::map<const BufferNode*, std::string> scalar_names_;
  std::vector<const BufferNode*> scalar_order_;  // in order of first use
  std::set<std::string> used_names_ = {"tt_block_start", "tt_block_count", "tl_block_list"};
};

}  // namespace

EmittedKernel emit_kernel(const KernelContext& ctx, KernelRole role) { return KernelWriter(ctx, role).run(); }

KernelRole tt_op_role(const ExternCallNode& c) {
  // A column operand's multicast read (plan_tt_multicast.h) runs on the writer's RISC-V and NOC, so that a core
  // sending both operands' blocks (the corner of the grid) splits them over its two data-movement kernels, as the
  // vendor's matmul does; the writer's reads precede its writes in program order, so neither waits on the other.
  if (c.name == "tt.read_tiles" && c.args.size() > 7 && const_arg(c, 7) == 2) return KernelRole::Writer;
  if (is_tile_read(c) || c.name == "tt.iota" || c.name == "tt.ctrl_push" || c.name == "tt.read_vector_at" ||
      is_row_gather_op(c) || c.name == "tt.lock_wait")
    return KernelRole::Reader;
  if (c.name == "tt.lock_signal") return KernelRole::Writer;
  if (c.name == "tt.ctrl_recv") return const_arg(c, 1) ? KernelRole::Writer : KernelRole::Compute;
  if (is_tile_write(c) || is_row_scatter_op(c)) return KernelRole::Writer;
  return KernelRole::Compute;
}

}  // namespace tl::tt
