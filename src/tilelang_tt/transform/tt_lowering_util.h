// Helpers shared by the TT passes and the TT kernel emitters: CB tables in kernel attrs, tile-coordinate
// arithmetic, data formats of dtypes, and the names of the TT tile operations (tensorize_tt.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct CBInfo {
  uint32_t index = 0;
  std::string format;     // tt::DataFormat name: "Float16_b", "Float32", "Float16", "Int32"
  uint32_t depth = 0;     // pages (tiles) the CB holds
  uint32_t tiles = 0;     // tiles of one version of the buffer it carries
  std::string buffer;     // the buffer it carries, for messages ("" for staging CBs)
  // Set for a CB fed or drained inside a T.Pipelined loop with num_stages > 0: depth = stages × tiles, and
  // the loop's line and column (in the Kernel's file), for the L1 budget error. Encoded only when stages > 0.
  uint32_t stages = 0;
  Span loop;
};

std::string encode_cbs(const std::vector<CBInfo>& cbs);
std::vector<CBInfo> decode_cbs(const std::string& s);

// The tt::DataFormat name of a dtype's device storage; nullopt when the dtype has none on this target.
std::optional<std::string> tt_format(DType t);
uint32_t tt_format_tile_bytes(const std::string& format);
// The device storage format of a global tensor: the func attr tt.format.<name> (annotate_tt_layout's
// "format": "bfp8_b" gives "Bfp8_b") when set, else tt_format of its dtype.
std::optional<std::string> tt_tensor_format(const std::map<std::string, std::string>& func_attrs, const Buffer& g);

// True when e is provably a multiple of 32 for every value of its free vars (constants, products with a
// multiple of 32, sums of such).
bool is_tile_aligned(const Expr& e);
// e / 32 for an e with is_tile_aligned(e), simplified (e.g. by*64 → by*2).
Expr tile_coord(const Expr& e);

// The TT tile operation an Evaluate statement holds, or null.
const ExternCallNode* tt_op(const Stmt& s);
int64_t const_arg(const ExternCallNode& call, size_t i);
// "a,b,c" (a kernel attr such as tt.grid) as integers.
std::vector<int64_t> parse_ints(const std::string& s);

}  // namespace tl::tt
