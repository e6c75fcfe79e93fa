// Tile IR: every node of the language, in one header.
//
// Semantics, in brief (the reference interpreter, interp/, is the executable definition):
//
//  * A PrimFunc has parameters — global Buffers (tensors) and scalar Vars (symbolic shape variables,
//    bound from the tensors' shapes at call time) — and a body of statements.
//  * A PrimFunc may allocate global workspaces (T.alloc_global): global buffers that exist for one call, start
//    zeroed, and are shared by all its kernels like the parameters.
//  * Kernel launches a grid of 1–3 dims. Its block Vars range over [0, extent). Blocks are independent;
//    any execution order is legal. Buffers allocated in a kernel (shared, fragment, local, var) are
//    private to one block and live for the whole block. Several Kernels in one PrimFunc run in order,
//    each finishing before the next starts; they share the global buffers.
//  * Buffers have a dtype, a shape and a scope. All buffers are dense row-major. A fragment is a
//    block-level tile (its distribution over threads is a layout detail we do not model). A "var" is a
//    one-element local buffer (T.alloc_var).
//  * Exprs are pure, typed, and immutable. Arithmetic is performed in the node's dtype: an operation on
//    float16 rounds its result to float16, an int32 operation wraps at 32 bits. Mixed operands are made
//    equal by the builder with explicit Casts (see make_binary), so every Binary has operands of one dtype.
//    Comparisons and And/Or/Not give bool.
//  * A BufferLoad/BufferStore outside a global buffer's bounds reads 0 / is dropped (TileLang's safe
//    memory access). Out of bounds on any other scope is an error.
//  * Tile ops act on BufferRegions (a buffer plus per-dim [min, min+extent)):
//      Copy    dst = cast(src) elementwise; the regions have the same number of elements after dropping
//              extent-1 dims (the builder checks); global OOB rules as above.
//      Fill    every element of dst = value.
//      Gemm    C (+)= op(A) · op(B) over the last two dims; clear_accum zeroes C first. Accumulates in C's dtype.
//      Reduce  dst = reduce(src, dim); clear=false folds into dst's current values. abssum/absmax reduce |x|.
//      CumSum  dst = inclusive prefix sum of src along dim (reversed if reverse).
//      Im2Col  dst (M×K) = the im2col block (nhw_step, c_step) of a 4-D NHWC image (see Im2ColNode).
//  * For loops: Serial, Unrolled (same semantics), Parallel (iterations independent; element-wise region),
//    Pipelined (serial semantics; num_stages/order/stage/group are scheduling hints), Thread (a nest of
//    Thread loops directly inside a Kernel enumerates the block's threads, x innermost: thread-level code as
//    upstream TileLang's GPU backends run it. The threads run the body in lockstep, one statement at a time:
//    every leaf statement (store, atomic, evaluate) completes in all threads before the next begins — the
//    barrier TileLang's synchronization pass gives shared-memory accesses — and an if/loop whose condition
//    or bounds differ between threads runs its body for the threads that take it. Local and var buffers are
//    private to each thread (zeroed); others are the block's. A tile op or Parallel loop there is the
//    block's: it runs once, must not depend on a thread var, unless it writes only private buffers, when
//    each thread runs it.)
//  * LetStmt binds a Var to a value computed once, for its body.
//  * Atomic (T.atomic_add/max/min) updates one element indivisibly: no other access to that element, from any
//    block, falls between its read and its write. Blocks may run in any order, so only order-independent
//    results (sums up to rounding, max, min) are meaningful.
//
// Nodes are built only through the checked make_* constructors below; they never change after that.
// Traversal: visitor.h (ExprVisitor/StmtVisitor recurse by default; ExprMutator/StmtMutator rebuild
// only what changed).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tl {

// ---------------------------------------------------------------- dtypes
#define TL_DTYPES(X)                                  \
  X(Bool, "bool", 8, false)                           \
  X(Int8, "int8", 8, false)                           \
  X(UInt8, "uint8", 8, false)                         \
  X(Int32, "int32", 32, false)                        \
  X(UInt32, "uint32", 32, false)                      \
  X(Int64, "int64", 64, false)                        \
  X(Float8E4M3, "float8_e4m3", 8, true)               \
  X(Float8E5M2, "float8_e5m2", 8, true)               \
  X(BFloat16, "bfloat16", 16, true)                   \
  X(Float16, "float16", 16, true)                     \
  X(Float32, "float32", 32, true)                     \
  X(Float64, "float64", 64, true)                     \
  X(Int16, "int16", 16, false)                        \
  X(UInt16, "uint16", 16, false)

enum class DType : uint8_t {
#define TL_X(id, name, bits, is_float) id,
  TL_DTYPES(TL_X)
#undef TL_X
};
#define TL_X(id, name, bits, is_float) +1
constexpr int kNumDTypes = 0 TL_DTYPES(TL_X);
#undef TL_X

const char* dtype_name(DType t);
int dtype_bits(DType t);
inline int dtype_bytes(DType t) { return dtype_bits(t) / 8; }
bool dtype_is_float(DType t);
bool dtype_is_int(DType t);  // signed or unsigned integer, not bool
bool dtype_is_signed(DType t);
// Parses "float16", "bf16" spellings etc. Returns nullopt for an unknown name.
std::optional<DType> dtype_from_name(const std::string& name);

// ---------------------------------------------------------------- source locations
struct Span {
  std::string file;
  int line = 0;  // 1-based; 0 = unknown
  int col = 0;   // 1-based
  bool known() const { return line > 0; }
};

// ---------------------------------------------------------------- node kinds (one list)
#define TL_EXPR_NODES(X) \
  X(IntImm)              \
  X(FloatImm)            \
  X(Var)                 \
  X(Binary)              \
  X(Unary)               \
  X(Cast)                \
  X(Select)              \
  X(Call)                \
  X(BufferLoad)          \
  X(ExternCall)

#define TL_STMT_NODES(X) \
  X(SeqStmt)             \
  X(For)                 \
  X(IfThenElse)          \
  X(LetStmt)             \
  X(BufferStore)         \
  X(Kernel)              \
  X(Copy)                \
  X(Fill)                \
  X(Gemm)                \
  X(Reduce)              \
  X(CumSum)              \
  X(Im2Col)              \
  X(Evaluate)            \
  X(Print)               \
  X(Atomic)              \
  X(Assert)

enum class ExprKind : uint8_t {
#define TL_X(n) n,
  TL_EXPR_NODES(TL_X)
#undef TL_X
};
enum class StmtKind : uint8_t {
#define TL_X(n) n,
  TL_STMT_NODES(TL_X)
#undef TL_X
};

#define TL_X(n) struct n##Node;
TL_EXPR_NODES(TL_X)
TL_STMT_NODES(TL_X)
#undef TL_X
struct ExprNode;
struct StmtNode;
struct BufferNode;
struct PrimFuncNode;
using Expr = std::shared_ptr<const ExprNode>;
using Stmt = std::shared_ptr<const StmtNode>;
using Buffer = std::shared_ptr<const BufferNode>;
using VarRef = std::shared_ptr<const VarNode>;
using PrimFunc = std::shared_ptr<const PrimFuncNode>;

// ---------------------------------------------------------------- buffers and regions
enum class Scope : uint8_t { Global, Shared, Fragment, Local, Var };
const char* scope_name(Scope s);  // "global", "shared", "fragment", "local", "var"
std::optional<Scope> scope_from_name(const std::string& s);

struct BufferNode {
  std::string name;          // as the user wrote it; unique within a PrimFunc (the builder renames clashes)
  DType dtype;
  std::vector<Expr> shape;   // int32 exprs; constants except for global buffers with symbolic dims
  Scope scope;
  Span span;                 // where it was declared or allocated
};

struct Range {
  Expr min;     // int32
  Expr extent;  // int32, > 0
};

struct BufferRegion {
  Buffer buffer;
  std::vector<Range> ranges;  // one per buffer dim
};

// ---------------------------------------------------------------- expressions
struct ExprNode {
  ExprKind kind;
  DType dtype;
  template <class T> const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
 protected:
  ExprNode(ExprKind k, DType t) : kind(k), dtype(t) {}
};

struct IntImmNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::IntImm;
  int64_t value;
  IntImmNode(DType t, int64_t v) : ExprNode(kKind, t), value(v) {}
};

struct FloatImmNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::FloatImm;
  double value;  // may be +-inf
  FloatImmNode(DType t, double v) : ExprNode(kKind, t), value(v) {}
};

// Vars are compared by identity (pointer), never by name.
struct VarNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Var;
  std::string name;
  VarNode(DType t, std::string n) : ExprNode(kKind, t), name(std::move(n)) {}
};

#define TL_BINARY_OPS(X)                                                         \
  X(Add, "+") X(Sub, "-") X(Mul, "*") X(Div, "/") X(FloorDiv, "//")             \
  X(FloorMod, "%") X(Min, "min") X(Max, "max") X(EQ, "==") X(NE, "!=")          \
  X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=") X(And, "and") X(Or, "or")      \
  X(BitAnd, "&") X(BitOr, "|") X(BitXor, "^") X(Shl, "<<") X(Shr, ">>")
enum class BinaryOp : uint8_t {
#define TL_X(id, s) id,
  TL_BINARY_OPS(TL_X)
#undef TL_X
};
const char* binary_op_name(BinaryOp op);
bool binary_op_is_compare(BinaryOp op);  // EQ..GE
bool binary_op_is_logical(BinaryOp op);  // And, Or
// BitAnd..Shr: integer operands only. Bitwise ops act on the two's-complement bits of the dtype; Shr is
// arithmetic for signed dtypes and logical for unsigned ones; a shift amount outside [0, bits) is an error.
bool binary_op_is_bitwise(BinaryOp op);

// Div on integers truncates toward zero (C semantics); FloorDiv/FloorMod round toward -inf.
struct BinaryNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Binary;
  BinaryOp op;
  Expr a, b;
  BinaryNode(DType t, BinaryOp o, Expr x, Expr y) : ExprNode(kKind, t), op(o), a(std::move(x)), b(std::move(y)) {}
};

// Neg and Not keep / make their operand's dtype (Not: bool). Reinterpret reads the operand's bits as the node's
// dtype, another non-bool dtype of the same width (uint16 bits as float16, float32 as int32): make_reinterpret.
enum class UnaryOp : uint8_t { Neg, Not, Reinterpret };
struct UnaryNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Unary;
  UnaryOp op;
  Expr a;
  UnaryNode(DType t, UnaryOp o, Expr x) : ExprNode(kKind, t), op(o), a(std::move(x)) {}
};

// Float→int truncates toward zero; to a narrower float rounds to nearest even; to bool is (x != 0).
// Float8 conversions saturate to the format's largest finite value.
struct CastNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Cast;
  Expr value;
  CastNode(DType t, Expr v) : ExprNode(kKind, t), value(std::move(v)) {}
};

// Only the chosen arm is evaluated (T.if_then_else is guarded: safe for out-of-bounds loads).
struct SelectNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Select;
  Expr cond, t, f;
  SelectNode(DType ty, Expr c, Expr a, Expr b) : ExprNode(kKind, ty), cond(std::move(c)), t(std::move(a)), f(std::move(b)) {}
};

// Math intrinsics. All args and the result share the node's (float) dtype, except abs which also takes ints.
#define TL_INTRINSICS(X)                                                                 \
  X(Exp, "exp", 1) X(Exp2, "exp2", 1) X(Log, "log", 1) X(Log2, "log2", 1)               \
  X(Sqrt, "sqrt", 1) X(Rsqrt, "rsqrt", 1) X(Abs, "abs", 1) X(Tanh, "tanh", 1)           \
  X(Sigmoid, "sigmoid", 1) X(Pow, "pow", 2) X(Floor, "floor", 1) X(Ceil, "ceil", 1)     \
  X(Round, "round", 1) X(Sin, "sin", 1) X(Cos, "cos", 1) X(Erf, "erf", 1)               \
  X(Log1p, "log1p", 1) X(Expm1, "expm1", 1) X(Trunc, "trunc", 1) X(Tan, "tan", 1)                 \
  X(Asin, "asin", 1) X(Acos, "acos", 1) X(Atan, "atan", 1) X(Sinh, "sinh", 1) X(Cosh, "cosh", 1)    \
  X(Asinh, "asinh", 1) X(Acosh, "acosh", 1) X(Atanh, "atanh", 1) X(Exp10, "exp10", 1)               \
  X(Nearbyint, "nearbyint", 1) X(Atan2, "atan2", 2) X(Fmod, "fmod", 2) X(Hypot, "hypot", 2)        \
  X(Copysign, "copysign", 2) X(Nextafter, "nextafter", 2)
enum class Intrinsic : uint8_t {
#define TL_X(id, s, n) id,
  TL_INTRINSICS(TL_X)
#undef TL_X
};
const char* intrinsic_name(Intrinsic f);
int intrinsic_arity(Intrinsic f);
std::optional<Intrinsic> intrinsic_from_name(const std::string& s);

struct CallNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::Call;
  Intrinsic fn;
  std::vector<Expr> args;
  CallNode(DType t, Intrinsic f, std::vector<Expr> a) : ExprNode(kKind, t), fn(f), args(std::move(a)) {}
};

struct BufferLoadNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::BufferLoad;
  Buffer buffer;
  std::vector<Expr> indices;  // int32, one per dim
  BufferLoadNode(Buffer b, std::vector<Expr> i);
};

// A call of a target function by name (produced by target lowering, never by the front end): e.g. the
// TT-Metalium device API (`cb_wait_front`, `get_arg_val`) in lowered TT kernels. Its meaning is the target's;
// the interpreter does not run it. dtype is the result type (Int32 for calls used as statements).
struct ExternCallNode : ExprNode {
  static constexpr ExprKind kKind = ExprKind::ExternCall;
  std::string name;
  std::vector<Expr> args;
  ExternCallNode(DType t, std::string n, std::vector<Expr> a) : ExprNode(kKind, t), name(std::move(n)), args(std::move(a)) {}
};

// ---------------------------------------------------------------- statements
struct StmtNode {
  StmtKind kind;
  Span span;  // the user's source line that produced this statement
  template <class T> const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
 protected:
  StmtNode(StmtKind k, Span s) : kind(k), span(std::move(s)) {}
};

struct SeqStmtNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::SeqStmt;
  std::vector<Stmt> seq;
  SeqStmtNode(std::vector<Stmt> s, Span sp) : StmtNode(kKind, std::move(sp)), seq(std::move(s)) {}
};

enum class ForKind : uint8_t { Serial, Parallel, Pipelined, Unrolled, Thread };
const char* for_kind_name(ForKind k);  // "serial", "parallel", "pipelined", "unroll", "thread"

struct ForNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::For;
  VarRef var;  // int32
  Expr min, extent;
  ForKind for_kind;
  // Pipelined hints (empty/0 otherwise). num_stages=0: no pipelining.
  int num_stages = 0;
  std::vector<int> order, stage, group;
  Stmt body;
  ForNode(VarRef v, Expr mn, Expr ext, ForKind k, Stmt b, Span sp)
      : StmtNode(kKind, std::move(sp)), var(std::move(v)), min(std::move(mn)), extent(std::move(ext)), for_kind(k), body(std::move(b)) {}
};

struct IfThenElseNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::IfThenElse;
  Expr cond;
  Stmt then_case;
  Stmt else_case;  // may be null
  IfThenElseNode(Expr c, Stmt t, Stmt e, Span sp)
      : StmtNode(kKind, std::move(sp)), cond(std::move(c)), then_case(std::move(t)), else_case(std::move(e)) {}
};

struct LetStmtNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::LetStmt;
  VarRef var;
  Expr value;
  Stmt body;
  LetStmtNode(VarRef v, Expr val, Stmt b, Span sp)
      : StmtNode(kKind, std::move(sp)), var(std::move(v)), value(std::move(val)), body(std::move(b)) {}
};

// value's dtype equals the buffer's (the builder casts).
struct BufferStoreNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::BufferStore;
  Buffer buffer;
  std::vector<Expr> indices;
  Expr value;
  BufferStoreNode(Buffer b, std::vector<Expr> i, Expr v, Span sp)
      : StmtNode(kKind, std::move(sp)), buffer(std::move(b)), indices(std::move(i)), value(std::move(v)) {}
};

enum class AtomicOp : uint8_t { Add, Max, Min, Or };  // Or: integer and bool buffers only
const char* atomic_op_name(AtomicOp op);  // "atomic_add", "atomic_max", "atomic_min", "atomic_or"

// buffer[indices] = op(buffer[indices], value), indivisibly, in the buffer's dtype (value is cast to it by the
// builder). If prev is set (a one-element "var" buffer of the same dtype) it receives the element's old value
// (T.atomic_add(..., return_prev=True)). A global element out of bounds is left alone and reads as 0.
struct AtomicNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Atomic;
  AtomicOp op;
  Buffer buffer;
  std::vector<Expr> indices;
  Expr value;
  Buffer prev;  // may be null
  AtomicNode(AtomicOp o, Buffer b, std::vector<Expr> i, Expr v, Buffer p, Span sp)
      : StmtNode(kKind, std::move(sp)), op(o), buffer(std::move(b)), indices(std::move(i)), value(std::move(v)),
        prev(std::move(p)) {}
};

struct KernelNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Kernel;
  std::vector<Expr> grid;             // 1–3 extents (blockIdx.x, .y, .z order)
  std::vector<VarRef> block_vars;     // one per grid dim
  std::vector<int> threads;           // as given (default {128}); informational
  std::vector<Buffer> allocs;         // buffers allocated in this kernel (non-global scopes)
  // Layout hints and similar (T.use_swizzle, T.annotate_layout): semantically transparent.
  std::map<std::string, std::string> attrs;
  Stmt body;
  KernelNode(std::vector<Expr> g, std::vector<VarRef> bv, std::vector<int> th, std::vector<Buffer> al,
             std::map<std::string, std::string> at, Stmt b, Span sp)
      : StmtNode(kKind, std::move(sp)), grid(std::move(g)), block_vars(std::move(bv)), threads(std::move(th)),
        allocs(std::move(al)), attrs(std::move(at)), body(std::move(b)) {}
};

struct CopyNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Copy;
  BufferRegion src, dst;
  CopyNode(BufferRegion s, BufferRegion d, Span sp) : StmtNode(kKind, std::move(sp)), src(std::move(s)), dst(std::move(d)) {}
};

struct FillNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Fill;
  BufferRegion dst;
  Expr value;  // dtype = dst's
  FillNode(BufferRegion d, Expr v, Span sp) : StmtNode(kKind, std::move(sp)), dst(std::move(d)), value(std::move(v)) {}
};

struct GemmNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Gemm;
  BufferRegion a, b, c;
  bool transpose_a = false, transpose_b = false, clear_accum = false;
  GemmNode(BufferRegion a_, BufferRegion b_, BufferRegion c_, bool ta, bool tb, bool clr, Span sp)
      : StmtNode(kKind, std::move(sp)), a(std::move(a_)), b(std::move(b_)), c(std::move(c_)),
        transpose_a(ta), transpose_b(tb), clear_accum(clr) {}
};

enum class ReduceKind : uint8_t { Sum, Max, Min, AbsSum, AbsMax };
const char* reduce_kind_name(ReduceKind k);  // "sum", "max", "min", "abssum", "absmax"

// dst has src's shape with dim removed, or kept with extent 1.
struct ReduceNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Reduce;
  ReduceKind reduce_kind;
  BufferRegion src, dst;
  int dim;  // normalized, 0 <= dim < src rank
  bool clear;
  ReduceNode(ReduceKind k, BufferRegion s, BufferRegion d, int dm, bool clr, Span sp)
      : StmtNode(kKind, std::move(sp)), reduce_kind(k), src(std::move(s)), dst(std::move(d)), dim(dm), clear(clr) {}
};

struct CumSumNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::CumSum;
  BufferRegion src, dst;  // same shape; may be the same buffer (in place)
  int dim;
  bool reverse;
  CumSumNode(BufferRegion s, BufferRegion d, int dm, bool rev, Span sp)
      : StmtNode(kKind, std::move(sp)), src(std::move(s)), dst(std::move(d)), dim(dm), reverse(rev) {}
};

// OH of T.im2col for an image of height `in` (OW for its width).
inline int64_t im2col_out_extent(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t pad) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}
// T.im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad): img is a whole 4-D (N, H, W, C) tensor,
// col a 2-D (M, K) buffer. With OH = (H + 2·pad − dilation·(kernel−1) − 1) / stride + 1 (OW likewise), row i of
// col is output pixel m = nhw_step·M + i = (n, oh, ow) (ow fastest), column j is k = c_step·K + j = (kh, kw, c)
// (c fastest, k < kernel²·C): col[i, j] = img[n, oh·stride + kh·dilation − pad, ow·stride + kw·dilation − pad, c],
// 0 where that pixel is outside the image or m ≥ N·OH·OW or k ≥ kernel²·C.
struct Im2ColNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Im2Col;
  BufferRegion src, dst;
  Expr nhw_step, c_step;  // int32
  int kernel, stride, dilation, pad;
  Im2ColNode(BufferRegion s, BufferRegion d, Expr nhw, Expr c, int k, int st, int dl, int p, Span sp)
      : StmtNode(kKind, std::move(sp)), src(std::move(s)), dst(std::move(d)), nhw_step(std::move(nhw)),
        c_step(std::move(c)), kernel(k), stride(st), dilation(dl), pad(p) {}
};

// Evaluates an expression for its effect (an ExternCall).
struct EvaluateNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Evaluate;
  Expr value;
  EvaluateNode(Expr v, Span sp) : StmtNode(kKind, std::move(sp)), value(std::move(v)) {}
};

// T.print: writes msg and the values of `at` (the block's, and in thread-level code the thread's, indices), then
// either `value` or every element of `region` (region.buffer null for a value). Output only: no other effect.
struct PrintNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Print;
  std::string msg;
  std::vector<Expr> at;  // int32
  Expr value;            // may be null (then region is set)
  BufferRegion region;
  PrintNode(std::string m, std::vector<Expr> a, Expr v, BufferRegion r, Span sp)
      : StmtNode(kKind, std::move(sp)), msg(std::move(m)), at(std::move(a)), value(std::move(v)), region(std::move(r)) {}
};

// T.device_assert: when cond (bool) is false where the statement runs, the run stops with a user error carrying msg
// at the statement's span. No other effect.
struct AssertNode : StmtNode {
  static constexpr StmtKind kKind = StmtKind::Assert;
  Expr cond;
  std::string msg;
  AssertNode(Expr c, std::string m, Span sp) : StmtNode(kKind, std::move(sp)), cond(std::move(c)), msg(std::move(m)) {}
};

// ---------------------------------------------------------------- functions
struct PrimFuncNode {
  std::string name;
  std::vector<Buffer> params;        // global buffers, in argument order
  std::vector<VarRef> shape_vars;    // symbolic dims (T.dynamic), bound from params' shapes at call time
  std::map<std::string, std::string> attrs;
  std::vector<Buffer> workspaces;    // T.alloc_global: global buffers of one call, zeroed; shapes may use shape_vars
  Stmt body;
  Span span;
};

// ---------------------------------------------------------------- checked constructors (builder)
// Each checks its invariants and throws InternalError (support/error.h) on violation: the front end
// is responsible for turning user mistakes into UserErrors before calling these.
Expr make_int(int64_t v, DType t = DType::Int32);
Expr make_float(double v, DType t = DType::Float32);
Expr make_bool(bool v);
VarRef make_var(const std::string& name, DType t = DType::Int32);
// Promotes mixed operands: int⊕float → float; two floats → the wider (bf16⊕f16 → f32); two ints → the wider;
// an immediate takes the other side's dtype. Compare/logical ops give bool.
Expr make_binary(BinaryOp op, Expr a, Expr b);
Expr make_unary(UnaryOp op, Expr a);  // Neg or Not
Expr make_reinterpret(DType t, Expr a);
Expr make_cast(DType t, Expr v);  // returns v itself if already of dtype t
Expr make_select(Expr cond, Expr t, Expr f);
Expr make_call(Intrinsic fn, std::vector<Expr> args);
Expr make_load(Buffer b, std::vector<Expr> indices);
Expr make_extern(const std::string& name, DType t, std::vector<Expr> args);

Buffer make_buffer(const std::string& name, DType t, std::vector<Expr> shape, Scope scope, Span span = {});
BufferRegion make_full_region(Buffer b);

Stmt make_seq(std::vector<Stmt> seq, Span span = {});  // flattens nested SeqStmts; a single element is returned as is
Stmt make_for(VarRef v, Expr min, Expr extent, ForKind kind, Stmt body, Span span = {}, int num_stages = 0,
              std::vector<int> order = {}, std::vector<int> stage = {}, std::vector<int> group = {});
Stmt make_if(Expr cond, Stmt then_case, Stmt else_case, Span span = {});
Stmt make_let(VarRef v, Expr value, Stmt body, Span span = {});
Stmt make_store(Buffer b, std::vector<Expr> indices, Expr value, Span span = {});
Stmt make_atomic(AtomicOp op, Buffer b, std::vector<Expr> indices, Expr value, Buffer prev = nullptr, Span span = {});
Stmt make_kernel(std::vector<Expr> grid, std::vector<VarRef> block_vars, std::vector<int> threads,
                 std::vector<Buffer> allocs, std::map<std::string, std::string> attrs, Stmt body, Span span = {});
Stmt make_copy(BufferRegion src, BufferRegion dst, Span span = {});
Stmt make_fill(BufferRegion dst, Expr value, Span span = {});
Stmt make_gemm(BufferRegion a, BufferRegion b, BufferRegion c, bool transpose_a, bool transpose_b, bool clear_accum,
               Span span = {});
Stmt make_reduce(ReduceKind k, BufferRegion src, BufferRegion dst, int dim, bool clear, Span span = {});
Stmt make_cumsum(BufferRegion src, BufferRegion dst, int dim, bool reverse, Span span = {});
Stmt make_im2col(BufferRegion src, BufferRegion dst, Expr nhw_step, Expr c_step, int kernel, int stride, int dilation,
                 int pad, Span span = {});
Stmt make_evaluate(Expr value, Span span = {});
Stmt make_assert(Expr cond, std::string msg, Span span = {});
Stmt make_print(std::string msg, std::vector<Expr> at, Expr value, BufferRegion region, Span span = {});
PrimFunc make_func(const std::string& name, std::vector<Buffer> params, std::vector<VarRef> shape_vars,
                   std::map<std::string, std::string> attrs, Stmt body, Span span = {},
                   std::vector<Buffer> workspaces = {});

// Constant folding helper: the value of an int expression if it is an immediate.
std::optional<int64_t> as_const_int(const Expr& e);

}  // namespace tl
