// Small builders shared by the interpreter tests (tests/cpp/interp_*_test.cpp): buffers with constant
// shapes, index shorthands, a host tensor type, and a helper that expects a UserError whose message
// contains given text.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "tilelang_tt/interp/interpreter.h"
#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/support/error.h"

namespace tl::testing {

inline Expr i32(int64_t v) { return make_int(v); }
inline Expr f32(double v) { return make_float(v); }

inline std::vector<Expr> dims(std::initializer_list<int64_t> s) {
  std::vector<Expr> out;
  for (auto x : s) out.push_back(make_int(x));
  return out;
}

inline Buffer global(const std::string& name, DType t, std::initializer_list<int64_t> shape) {
  return make_buffer(name, t, dims(shape), Scope::Global);
}
inline Buffer local(const std::string& name, DType t, std::initializer_list<int64_t> shape, Scope s = Scope::Fragment) {
  return make_buffer(name, t, dims(shape), s);
}

inline Expr add(Expr a, Expr b) { return make_binary(BinaryOp::Add, a, b); }
inline Expr sub(Expr a, Expr b) { return make_binary(BinaryOp::Sub, a, b); }
inline Expr mul(Expr a, Expr b) { return make_binary(BinaryOp::Mul, a, b); }
inline Expr bin(BinaryOp op, Expr a, Expr b) { return make_binary(op, a, b); }

inline BufferRegion region(Buffer b, std::vector<std::pair<Expr, int64_t>> ranges) {
  BufferRegion r{b, {}};
  for (auto& [mn, ext] : ranges) r.ranges.push_back({mn, make_int(ext)});
  return r;
}

// One kernel with a 1-D grid of `blocks`, block var `bx`.
inline Stmt kernel1(int64_t blocks, VarRef bx, std::vector<Buffer> allocs, Stmt body) {
  return make_kernel({make_int(blocks)}, {bx}, {128}, std::move(allocs), {}, std::move(body));
}

inline PrimFunc func(std::vector<Buffer> params, Stmt body, std::vector<VarRef> shape_vars = {}) {
  return make_func("f", std::move(params), std::move(shape_vars), {}, std::move(body));
}

// Host tensor of element type T (raw storage of the dtype's encoding).
template <class T>
struct Host {
  DType dtype;
  std::vector<int64_t> shape;
  std::vector<T> data;
  Host(DType t, std::vector<int64_t> s, T init = T()) : dtype(t), shape(std::move(s)) {
    int64_t n = 1;
    for (auto x : shape) n *= x;
    data.assign(n, init);
  }
  ArgBuffer arg() { return ArgBuffer{data.data(), dtype, shape}; }
  T& operator[](int64_t i) { return data[i]; }
};

// Runs `f` and expects a UserError whose what() contains every string in `parts`.
template <class F>
void expect_user_error(F f, std::vector<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "expected a UserError";
  } catch (const UserError& e) {
    for (auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << "\nmissing: " << p;
  }
}

}  // namespace tl::testing
