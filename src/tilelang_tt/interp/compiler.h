// The interpreter compiles a PrimFunc once into a tree of closures over an Env, then runs it: expressions
// are never re-walked per element, variables live in a vector indexed by slot, buffers likewise.
//
//  * Compiler::expr turns an Expr into an IntFn (int and bool dtypes) or a FloatFn (float dtypes) that
//    computes it with the dtype semantics of values.h. `span` is the enclosing statement's, for run-time
//    errors (non-global out-of-bounds loads, integer division by zero).
//  * Compiler::stmt turns a Stmt into a StmtFn. Tile ops are compiled by compile_tile_op (tile_ops.cpp).
//  * Slots: every Var and Buffer gets a slot the first time the compiler meets it (pointer identity).
#pragma once

#include <functional>
#include <optional>
#include <unordered_map>

#include "tilelang_tt/interp/values.h"

namespace tl::interp {

using IntFn = std::function<int64_t(Env&)>;
using FloatFn = std::function<double(Env&)>;
using StmtFn = std::function<void(Env&)>;

struct CExpr {
  DType dtype;
  IntFn i;    // set for int/bool dtypes
  FloatFn f;  // set for float dtypes
  bool is_float() const { return static_cast<bool>(f); }
};

class Compiler {
 public:
  int var_slot(const VarNode* v);
  int buf_slot(const BufferNode* b);
  int num_vars() const { return static_cast<int>(vars_.size()); }
  int num_bufs() const { return static_cast<int>(bufs_.size()); }

  CExpr expr(const Expr& e, const Span& span);   // eval.cpp
  IntFn int_expr(const Expr& e, const Span& span);  // e must have an int or bool dtype
  StmtFn stmt(const Stmt& s);                     // interpreter.cpp

 private:
  CExpr load(const BufferLoadNode& n, const Span& span);
  CExpr binary(const BinaryNode& n, const Span& span);
  CExpr call(const CallNode& n, const Span& span);
  std::unordered_map<const VarNode*, int> vars_;
  std::unordered_map<const BufferNode*, int> bufs_;
};

// The flat element offset of buffer `slot` at the indices `idx`: -1 for an out-of-bounds access to a global
// buffer (reads give 0, writes are dropped); out of bounds on any other buffer throws a UserError at `span`.
IntFn element_offset(int slot, std::vector<IntFn> idx, bool global, const std::string& name, const Span& span);

// The value of a closed expression (no variables, no buffer loads) with the interpreter's semantics, or
// nothing if `e` is not closed. Lowerings fold constants with it so that both targets agree on them.
std::optional<Value> eval_closed(const Expr& e);

// Copy, Fill, Gemm, Reduce, CumSum, Im2Col.
StmtFn compile_tile_op(Compiler& c, const Stmt& s);

// T.print (print.cpp).
StmtFn compile_print(Compiler& c, const PrintNode& n);

// A nest of Thread loops, outer its outermost (lockstep.cpp).
StmtFn compile_threads(Compiler& c, const ForNode& outer);

}  // namespace tl::interp
