// Integer tiles in element-wise tile programs: the dtype rules that substitute_leaves (tt_parallel_match.h)
// applies when it rebuilds a nest's value over tile leaves, and that the compute emitter dispatches on.
//
// Contract of a rebuilt value:
//  * A leaf (tt.tile / tt.col_vec / tt.row_vec) has its buffer's dtype: Int32 for an int32 buffer, else Float32.
//    The loop indices' leaves are float32 (tt.iota, exact below 2^24).
//  * An expression of dtype Int32 (is_int) is computed with the SFPU's int32 ops, exactly (two's complement,
//    + - * modulo 2^32); every other value is a float tile and booleans are float 0/1 tiles, as before.
//  * Every change of kind is an explicit Cast: int32 -> float is typecast_tile<Int32, Float32>, float or bool ->
//    int32 is typecast_tile<Float32, Int32> (truncation toward zero, as a C cast; the interpreter's casts agree).
//  * Integer arithmetic whose operands the source wrote as integers stays integer when a tile operand is an int32
//    tile (the float loop-index leaves are cast to Int32 there: `if_then_else(c, j, idx[i, j])`); integer
//    arithmetic of scalars and loop indices alone stays float, as it was (causal masks keep a bf16 DST).
//  * An integer-typed value that ends in a float context is converted where its integers are: int32 tiles by a
//    typecast, scalars by filling floats (float_of).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// e is an integer tile value (dtype int, not bool): computed by the SFPU's int32 ops.
bool is_int(const Expr& e);
// e is an integer value computed from at least one tile leaf (as opposed to scalars and constants alone).
bool is_int_tile(const Expr& e);
// e (of any dtype) as an Int32 value: itself if integer, else a Cast (a typecast on the device).
Expr to_int(const Expr& e);
// e as a float value: int32 tiles through a typecast; integer scalars, constants and selects among them filled as
// floats (a select of int scalars in a float context is a float select).
Expr float_of(const Expr& e);
// An integer negation or absolute value as the int32 ops the SFPU has: 0 - x, max(x, 0 - x).
Expr int_negate(const Expr& a);
Expr int_abs(const Expr& a);

}  // namespace tl::tt
