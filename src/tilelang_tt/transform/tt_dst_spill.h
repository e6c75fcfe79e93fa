// DST register allocation of element-wise tile programs, with spilling through CBs (used by tensorize_tt).
//
// The compute emitter (codegen/tt/emit_eltwise.cpp) evaluates a tt.eltwise expression tree into DST slots: a
// leaf or constant takes one slot, an operation on one operand works in its operand's slot, a binary SFPU op
// puts its left operand in slot s and its right one from s + 1, where(c, t, f) puts c, t, f from s, s + 1, s + 2.
// dst_slots(e) is the number of slots that evaluation needs (an upper bound: FPU operations of two CB tiles need
// one slot, counted here as two).
//
// spill_dst(value, capacity, spill): value rewritten to need at most `capacity` slots. Each operand that does not
// fit in the slots left to it is computed first into a temporary (spill(subtree) pushes it as a tt.eltwise of
// its own over the same tiles and returns its tt.tile leaf) and read back as a tile. capacity must be ≥ 3 (every
// DST mode has at least 4 slots).
#pragma once

#include <functional>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

int dst_slots(const Expr& e);
Expr spill_dst(const Expr& value, int capacity, const std::function<Expr(const Expr&)>& spill);

// Every tt.eltwise op of a tensorized kernel body made to fit `capacity` DST slots: each spilled subtree becomes a
// tt.eltwise of its own, before the op, into a CB from temp_cb(tiles, int32) (it returns the new CB's index; int32:
// the subtree is an int32 tile value, tt_int_tiles.h, which needs an Int32 CB).
Stmt spill_eltwise_ops(const Stmt& body, int capacity,
                       const std::function<uint32_t(uint32_t tiles, bool int32)>& temp_cb);

}  // namespace tl::tt
