// IR functions shared by the ir_*_test.cpp files: together they use every node kind and every field
// (dtypes, literal dtypes, all ops and intrinsics, every For kind with pipeline hints, if with and without
// else, let, several kernels, symbolic shapes, every tile op and flag, clashing and awkward names).
// Each builder makes fresh objects, so two calls give structurally equal but distinct functions.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::testing {

inline Expr I(int64_t v) { return make_int(v); }
inline Expr add(Expr a, Expr b) { return make_binary(BinaryOp::Add, a, b); }
inline Expr mul(Expr a, Expr b) { return make_binary(BinaryOp::Mul, a, b); }
inline BufferRegion region(Buffer b, std::vector<std::pair<Expr, Expr>> rs) {
  BufferRegion r{b, {}};
  for (auto& [m, e] : rs) r.ranges.push_back({m, e});
  return r;
}

// C = A + B, 1024x1024 float16, 128x128 blocks, parallel element loop.
inline PrimFunc elementwise_add(const std::string& prefix = "") {
  auto A = make_buffer(prefix + "A", DType::Float16, {I(1024), I(1024)}, Scope::Global);
  auto B = make_buffer(prefix + "B", DType::Float16, {I(1024), I(1024)}, Scope::Global);
  auto C = make_buffer(prefix + "C", DType::Float16, {I(1024), I(1024)}, Scope::Global);
  auto bx = make_var(prefix + "bx"), by = make_var(prefix + "by");
  auto i = make_var(prefix + "i"), j = make_var(prefix + "j");
  auto row = add(mul(by, I(128)), i), col = add(mul(bx, I(128)), j);
  auto body = make_store(C, {row, col}, add(make_load(A, {row, col}), make_load(B, {row, col})));
  auto loops = make_for(i, I(0), I(128), ForKind::Parallel, make_for(j, I(0), I(128), ForKind::Parallel, body));
  auto k = make_kernel({I(8), I(8)}, {bx, by}, {128}, {}, {}, loops);
  return make_func("elementwise_add", {A, B, C}, {}, {{"global_symbol", "main"}}, k);
}

// C[M, N] = A[M, K] · B[N, K]^T with a pipelined K loop; M symbolic.
inline PrimFunc gemm_pipelined(bool transpose_b = true, int num_stages = 3) {
  auto M = make_var("M");
  const int K = 512, N = 256, bm = 64, bn = 64, bk = 32;
  auto A = make_buffer("A", DType::BFloat16, {M, I(K)}, Scope::Global);
  auto B = make_buffer("B", DType::BFloat16, transpose_b ? std::vector<Expr>{I(N), I(K)} : std::vector<Expr>{I(K), I(N)},
                       Scope::Global);
  auto C = make_buffer("C", DType::Float32, {M, I(N)}, Scope::Global);
  auto As = make_buffer("A_shared", DType::BFloat16, {I(bm), I(bk)}, Scope::Shared);
  auto Bs = make_buffer("B_shared", DType::BFloat16,
                        transpose_b ? std::vector<Expr>{I(bn), I(bk)} : std::vector<Expr>{I(bk), I(bn)}, Scope::Shared);
  auto Cl = make_buffer("C_local", DType::Float32, {I(bm), I(bn)}, Scope::Fragment);
  auto bx = make_var("bx"), by = make_var("by"), k = make_var("k");
  auto grid_m = make_binary(BinaryOp::FloorDiv, add(M, I(bm - 1)), I(bm));
  auto b_src = transpose_b ? region(B, {{mul(bx, I(bn)), I(bn)}, {mul(k, I(bk)), I(bk)}})
                           : region(B, {{mul(k, I(bk)), I(bk)}, {mul(bx, I(bn)), I(bn)}});
  auto loop_body = make_seq({make_copy(region(A, {{mul(by, I(bm)), I(bm)}, {mul(k, I(bk)), I(bk)}}), make_full_region(As)),
                             make_copy(b_src, make_full_region(Bs)),
                             make_gemm(make_full_region(As), make_full_region(Bs), make_full_region(Cl), false,
                                       transpose_b, false)});
  auto kloop = make_for(k, I(0), I(K / bk), ForKind::Pipelined, loop_body, {}, num_stages, {0, 1, 2}, {0, 0, 1},
                        {0, 0, 1});
  auto body = make_seq({make_fill(make_full_region(Cl), make_float(0.0)), kloop,
                        make_copy(make_full_region(Cl), region(C, {{mul(by, I(bm)), I(bm)}, {mul(bx, I(bn)), I(bn)}}))});
  auto kern = make_kernel({I(N / bn), grid_m}, {bx, by}, {128}, {As, Bs, Cl}, {{"use_swizzle", "10"}}, body);
  return make_func("gemm", {A, B, C}, {M}, {}, kern);
}

// Row softmax of a [M, 64] float32 matrix plus a cumulative sum; M and the row count symbolic.
inline PrimFunc softmax_like() {
  auto M = make_var("M");
  auto X = make_buffer("X", DType::Float32, {M, I(64)}, Scope::Global);
  auto Y = make_buffer("Y", DType::Float32, {M, I(64)}, Scope::Global);
  auto Z = make_buffer("Z", DType::Float32, {M, I(64)}, Scope::Global);
  auto s = make_buffer("s", DType::Float32, {I(16), I(64)}, Scope::Fragment);
  auto mx = make_buffer("row_max", DType::Float32, {I(16)}, Scope::Fragment);
  auto sm = make_buffer("row_sum", DType::Float32, {I(16), I(1)}, Scope::Fragment);
  auto ab = make_buffer("row_abs", DType::Float32, {I(16)}, Scope::Local);
  auto bx = make_var("bx"), i = make_var("i"), j = make_var("j");
  auto rows = region(X, {{mul(bx, I(16)), I(16)}, {I(0), I(64)}});
  auto sub_exp = make_store(s, {i, j},
                            make_call(Intrinsic::Exp2, {mul(make_binary(BinaryOp::Sub, make_load(s, {i, j}),
                                                                        make_load(mx, {i})),
                                                            make_float(1.4426950408889634))}));
  auto par = [&](Stmt b) {
    return make_for(i, I(0), I(16), ForKind::Parallel, make_for(j, I(0), I(64), ForKind::Parallel, b));
  };
  auto i2 = make_var("i"), j2 = make_var("j");  // fresh loop vars for the second nest (defined once)
  auto par2 = [&](Stmt b) {
    return make_for(i2, I(0), I(16), ForKind::Parallel, make_for(j2, I(0), I(64), ForKind::Parallel, b));
  };
  auto norm = make_store(s, {i2, j2}, make_binary(BinaryOp::Div, make_load(s, {i2, j2}), make_load(sm, {i2, I(0)})));

  auto body = make_seq({
      make_copy(rows, make_full_region(s)),
      make_fill(make_full_region(mx), make_float(-INFINITY)),
      make_reduce(ReduceKind::Max, make_full_region(s), make_full_region(mx), 1, false),
      par(sub_exp),
      make_reduce(ReduceKind::Sum, make_full_region(s), make_full_region(sm), 1, true),
      make_reduce(ReduceKind::Min, make_full_region(s), make_full_region(mx), 1, true),
      make_reduce(ReduceKind::AbsSum, make_full_region(s), make_full_region(ab), 1, true),
      make_reduce(ReduceKind::AbsMax, make_full_region(s), make_full_region(ab), 1, false),
      par2(norm),
      make_copy(make_full_region(s), region(Y, {{mul(bx, I(16)), I(16)}, {I(0), I(64)}})),
      make_cumsum(make_full_region(s), make_full_region(s), 1, true),
      make_cumsum(make_full_region(s), make_full_region(s), 0, false),
      make_copy(make_full_region(s), region(Z, {{mul(bx, I(16)), I(16)}, {I(0), I(64)}})),
  });
  auto grid = make_binary(BinaryOp::FloorDiv, add(M, I(15)), I(16));
  return make_func("softmax_like", {X, Y, Z}, {M}, {}, make_kernel({grid}, {bx}, {128}, {s, mx, sm, ab}, {}, body));
}

// Two kernels over symbolic shapes (an int64 shape var too), if with and without else, let, select,
// every binary and unary op, casts, min/max, unrolled and serial loops.
inline PrimFunc control_flow() {
  auto M = make_var("M"), N = make_var("N");
  auto A = make_buffer("A", DType::Float32, {M, N}, Scope::Global);
  auto B = make_buffer("B", DType::Int32, {N}, Scope::Global);
  auto bx = make_var("bx"), i = make_var("i"), t = make_var("t", DType::Float32), q = make_var("q");
  auto loc = make_buffer("acc", DType::Float32, {I(4)}, Scope::Local);
  auto v = make_buffer("flag", DType::Int32, {I(1)}, Scope::Var);
  auto a_i = make_load(A, {bx, i});
  auto cond = make_binary(BinaryOp::And, make_binary(BinaryOp::LT, i, N),
                          make_binary(BinaryOp::Or, make_binary(BinaryOp::GE, bx, I(0)),
                                      make_unary(UnaryOp::Not, make_binary(BinaryOp::EQ, i, I(3)))));
  auto arith = make_binary(
      BinaryOp::Sub, mul(t, make_binary(BinaryOp::Add, t, make_float(2.5))),
      make_binary(BinaryOp::Div, make_unary(UnaryOp::Neg, t), make_binary(BinaryOp::Sub, make_float(1.0), t)));
  auto ints = make_binary(
      BinaryOp::FloorMod,
      make_binary(BinaryOp::FloorDiv, make_binary(BinaryOp::Min, q, make_binary(BinaryOp::Max, i, I(-7))), I(3)),
      make_binary(BinaryOp::Sub, I(5), make_binary(BinaryOp::Sub, q, i)));
  auto then_s = make_let(t, a_i,
                         make_let(q, make_binary(BinaryOp::Mul, i, I(2)),
                                  make_seq({make_store(A, {bx, i}, make_select(make_binary(BinaryOp::GT, t, make_float(0.0)), arith,
                                                                             make_cast(DType::Float32, ints))),
                                            make_store(B, {i}, make_cast(DType::Int32, make_unary(UnaryOp::Neg, t)))})));
  auto else_s = make_store(B, {i}, make_select(make_binary(BinaryOp::NE, i, I(0)), I(-1), make_int(1)));
  auto k1 = make_kernel({M}, {bx}, {128, 2}, {}, {},
                        make_for(i, I(0), N, ForKind::Serial, make_if(cond, then_s, else_s)));
  auto j = make_var("i");  // a second var named "i"
  auto by = make_var("bx");  // and a second "bx"
  auto k2_body = make_seq({
      make_fill(make_full_region(loc), make_float(1.0)),
      make_store(v, {I(0)}, I(0)),
      make_for(j, I(1), I(3), ForKind::Unrolled,
               make_seq({make_if(make_binary(BinaryOp::LE, j, make_load(v, {I(0)})),
                                 make_store(loc, {j}, add(make_load(loc, {make_binary(BinaryOp::Sub, j, I(1))}),
                                                          make_float(0.5))),
                                 nullptr),
                         make_store(v, {I(0)}, add(make_load(v, {I(0)}), I(1)))})),
      make_store(A, {by, I(0)}, make_load(loc, {I(3)})),
  });
  auto k2 = make_kernel({I(2)}, {by}, {}, {loc, v}, {{"layout", "row \"major\"\n\ttab\\"}}, k2_body);
  return make_func("control_flow", {A, B}, {M, N}, {{"a", "1"}, {"b", ""}}, make_seq({k1, k2}));
}

// Every intrinsic, on float32 and float16 operands.
inline PrimFunc all_intrinsics() {
  auto X = make_buffer("X", DType::Float32, {I(64)}, Scope::Global);
  auto H = make_buffer("H", DType::Float16, {I(64)}, Scope::Global);
  auto Y = make_buffer("Y", DType::Int32, {I(64)}, Scope::Global);
  auto bx = make_var("bx"), i = make_var("i");
  std::vector<Stmt> stores;
  for (int f = 0; f <= static_cast<int>(Intrinsic::Trunc); ++f) {
    auto fn = static_cast<Intrinsic>(f);
    std::vector<Expr> args = {make_load(X, {i})}, hargs = {make_load(H, {i})};
    if (intrinsic_arity(fn) == 2) {
      args.push_back(make_float(0.5));
      hargs.push_back(make_load(H, {make_binary(BinaryOp::Sub, I(63), i)}));
    }
    stores.push_back(make_store(X, {i}, make_call(fn, args)));
    stores.push_back(make_store(H, {i}, make_call(fn, hargs)));
  }
  stores.push_back(make_store(Y, {i}, make_call(Intrinsic::Abs, {make_load(Y, {i})})));
  auto body = make_for(i, I(0), I(64), ForKind::Serial, make_seq(stores));
  return make_func("all_intrinsics", {X, H, Y}, {}, {}, make_kernel({I(1)}, {bx}, {32}, {}, {}, body));
}

// Every dtype: a buffer, a literal and a let var of each; extreme and special constants.
inline PrimFunc all_dtypes() {
  std::vector<Buffer> params;
  std::vector<Stmt> stmts;
  auto bx = make_var("bx");
  std::vector<std::pair<VarRef, Expr>> lets;
  for (int d = 0; d < kNumDTypes; ++d) {
    auto t = static_cast<DType>(d);
    auto b = make_buffer(std::string("buf_") + dtype_name(t), t, {I(8)}, Scope::Global);
    params.push_back(b);
    Expr lit = dtype_is_float(t) ? make_float(0.1, t) : t == DType::Bool ? make_bool(true) : make_int(7, t);
    auto lv = make_var(std::string("v_") + dtype_name(t), t);
    lets.push_back({lv, lit});
    stmts.push_back(make_store(b, {I(0)}, lv));
    stmts.push_back(make_store(b, {I(1)}, make_cast(t, make_load(params[0], {I(1)}))));
  }
  auto f32 = params[static_cast<int>(DType::Float32)];
  auto f64 = params[static_cast<int>(DType::Float64)];
  auto i64 = params[static_cast<int>(DType::Int64)];
  auto bl = params[static_cast<int>(DType::Bool)];
  double specials[] = {INFINITY, -INFINITY, NAN, -0.0, 1e-300, 4.9e-324, 1.7976931348623157e308, 3.4028234663852886e38,
                       1.0 / 3.0, 123456789.0};
  for (int k = 0; k < 10; ++k) {
    stmts.push_back(make_store(f32, {I(k % 8)}, make_float(specials[k], DType::Float32)));
    stmts.push_back(make_store(f64, {I(k % 8)}, make_float(specials[k], DType::Float64)));
  }
  stmts.push_back(make_store(i64, {I(2)}, make_int(std::numeric_limits<int64_t>::min(), DType::Int64)));
  stmts.push_back(make_store(i64, {I(3)}, make_int(std::numeric_limits<int64_t>::max(), DType::Int64)));
  stmts.push_back(make_store(bl, {I(2)}, make_bool(false)));
  stmts.push_back(make_store(bl, {I(3)}, make_int(2, DType::Bool)));
  // Neg of literals and of negative literals, unary minus in products.
  stmts.push_back(make_store(f32, {I(4)}, make_unary(UnaryOp::Neg, make_float(-2.0))));
  stmts.push_back(make_store(f32, {I(5)}, mul(make_unary(UnaryOp::Neg, make_load(f32, {I(5)})), make_float(-3.0))));
  stmts.push_back(make_store(i64, {I(4)}, make_unary(UnaryOp::Neg, make_unary(UnaryOp::Neg, make_load(i64, {I(-1)})))));
  // Reinterprets between dtypes of one width.
  auto param = [&](DType t) { return params[static_cast<int>(t)]; };
  stmts.push_back(make_store(param(DType::UInt16), {I(5)},
                             make_reinterpret(DType::UInt16, make_load(param(DType::Float16), {I(1)}))));
  stmts.push_back(make_store(f32, {I(6)}, make_reinterpret(DType::Float32, make_load(param(DType::Int32), {I(1)}))));
  Stmt body = make_seq(stmts);
  for (auto it = lets.rbegin(); it != lets.rend(); ++it) body = make_let(it->first, it->second, body);
  return make_func("all_dtypes", params, {}, {}, make_kernel({I(1)}, {bx}, {128}, {}, {}, body));
}

// Awkward names (clashes between vars and buffers, reserved words, punctuation) and SeqStmts that
// make_seq would not build (single-element, nested, empty), built directly.
inline PrimFunc awkward() {
  auto A = make_buffer("for", DType::Float32, {I(4)}, Scope::Global);
  auto B = make_buffer("A.B", DType::Float32, {I(4)}, Scope::Global);
  auto x = make_var("exp"), y = make_var("A_B"), z = make_var("9lives"), w = make_var("exp");
  auto sh = make_buffer("i", DType::Float32, {I(4)}, Scope::Shared);
  auto sq = make_buffer("sqrt", DType::Float32, {I(4)}, Scope::Global);  // names that are not keywords stay
  auto iv = make_var("int"), mx = make_var("max");
  auto one = std::make_shared<SeqStmtNode>(std::vector<Stmt>{make_store(A, {x}, make_load(B, {x}))}, Span{});
  auto one_y = std::make_shared<SeqStmtNode>(std::vector<Stmt>{make_store(A, {y}, make_load(B, {y}))}, Span{});
  auto empty = std::make_shared<SeqStmtNode>(std::vector<Stmt>{}, Span{});
  auto nested = std::make_shared<SeqStmtNode>(
      std::vector<Stmt>{make_store(A, {y}, make_float(1.0)), std::make_shared<SeqStmtNode>(
                                                                  std::vector<Stmt>{one_y, empty}, Span{})},
      Span{});
  auto body = make_seq({make_for(x, I(0), I(4), ForKind::Serial, one),
                        make_for(y, I(0), I(4), ForKind::Serial, nested),
                        make_for(z, I(0), I(4), ForKind::Serial, make_copy(make_full_region(B), make_full_region(sh))),
                        make_for(w, I(0), I(2), ForKind::Serial, empty),
                        make_if(make_bool(true), empty, empty),
                        make_for(iv, I(0), I(4), ForKind::Serial,
                                 make_let(mx, iv, make_store(sq, {mx}, make_call(Intrinsic::Sqrt, {make_load(sq, {iv})}))))});
  return make_func("awk ward", {A, B, sq}, {}, {}, make_kernel({I(1)}, {make_var("bx")}, {128}, {sh}, {}, body));
}

// Target-lowered code: extern calls as statements (Evaluate) and inside expressions.
inline PrimFunc lowered() {
  auto X = make_buffer("X", DType::Float32, {I(8)}, Scope::Global);
  auto cb = make_buffer("cb", DType::Float32, {I(8)}, Scope::Shared);
  auto bx = make_var("bx"), i = make_var("i");
  auto body = make_for(
      i, I(0), I(8), ForKind::Serial,
      make_seq({make_evaluate(make_extern("cb_wait_front", DType::Int32, {I(0), I(1)})),
                make_store(cb, {i}, make_extern("tile<float, 2>::get", DType::Float32,
                                                {make_load(X, {i}), make_extern("get_arg_val<uint32_t>", DType::UInt32, {I(0)})})),
                make_evaluate(make_extern("noc_async_read_barrier", DType::Int32, {})),
                make_evaluate(I(0))}));
  return make_func("lowered", {X}, {}, {{"target", "tt"}}, make_kernel({I(1)}, {bx}, {1}, {cb}, {}, body));
}

inline std::vector<std::pair<std::string, PrimFunc>> all_test_funcs() {
  return {{"elementwise_add", elementwise_add()}, {"gemm_pipelined", gemm_pipelined()},
          {"gemm_plain", gemm_pipelined(false, 0)}, {"softmax_like", softmax_like()},
          {"control_flow", control_flow()},         {"all_intrinsics", all_intrinsics()},
          {"all_dtypes", all_dtypes()},             {"awkward", awkward()},
          {"lowered", lowered()}};
}

}  // namespace tl::testing
