// Where a scalar (T.alloc_var, 1-element alloc_local; is_scalar_buffer) lives on the Tenstorrent target (part of
// tensorize_tt).
//
// A scalar stored inside an element-wise T.Parallel nest is a per-element temporary there (tt_parallel_match.h):
// on the device it exists only as a tile inside that nest. A scalar stored only outside nests is scalar code of
// the RISC-V kernels (codegen/tt/emit_scalar.h), a runtime value everywhere. Input: a Kernel before tensorize.
// Output: nothing; a located UserError where a nest's temporary is read outside the nest that assigns it (in
// scalar code, control flow or another nest) or also stored outside nests — on "interpret" it would carry the
// value of the nest's last element out, which tiles do not have.
#pragma once

#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

void check_tt_scalar_scopes(const KernelNode& k);

// A store outside T.Parallel nests must be into a scalar, of a value of constants, block and loop indices, other
// scalars and elements of global tensors (control data, forward_tt_control.h); a value read from a local buffer
// (computed on the device) is a located error, not lowered yet.
void check_tt_scalar_store(const BufferStoreNode& n);

// The allocations of k that its tensorized body still uses: the scalars of its scalar code (the other buffers
// became CBs).
std::vector<Buffer> tt_kept_scalars(const KernelNode& k, const Stmt& body);

}  // namespace tl::tt
