// plan_im2col (see the header).
#include "tilelang_tt/transform/tt_im2col_lowering.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

RowGather plan_im2col(const Im2ColNode& n) {
  const Buffer& img = n.src.buffer;
  const Buffer& col = n.dst.buffer;
  std::vector<int64_t> d;
  for (auto& e : img->shape) d.push_back(*as_const_int(e));
  const int64_t H = d[1], W = d[2], C = d[3];
  const int64_t M = *as_const_int(col->shape[0]), K = *as_const_int(col->shape[1]);
  if (img->dtype != col->dtype || !tt_format(img->dtype))
    throw UserError("T.im2col", std::string("image ") + img->name + " (" + dtype_name(img->dtype) + ") and column "
                                "buffer " + col->name + " (" + dtype_name(col->dtype) + ") must have the same float "
                                "dtype on tenstorrent", n.span);
  // A block of im2col columns is channels of one kernel tap (K dividing C), or whole taps (C dividing K: fewer
  // channels than a tile's columns); each run of channels is one NoC read of a multiple of 32 bytes.
  const int64_t run = C % K == 0 ? K : K % C == 0 ? C : 0;
  if (!run || (run * dtype_bytes(img->dtype)) % 32)
    throw UserError("T.im2col", "the image " + img->name + " has C = " + std::to_string(C) + " channels, which is not "
                                "a multiple of the column block's " + std::to_string(K) + " columns: on tenstorrent "
                                "each block of im2col columns must be channels of one kernel tap, or whole taps, "
                                "each a multiple of 32 bytes; choose block_K dividing C, or C dividing block_K", n.span);
  const int64_t k = n.kernel, s = n.stride, dl = n.dilation, p = n.pad;
  const int64_t OH = im2col_out_extent(H, k, s, dl, p), OW = im2col_out_extent(W, k, s, dl, p);
  if (OH <= 0 || OW <= 0)
    throw UserError("T.im2col", "the kernel (" + std::to_string(k) + ", dilation " + std::to_string(dl) + ") does not "
                                "fit the padded " + std::to_string(H) + "×" + std::to_string(W) + " image", n.span);
  auto c = [](int64_t v) { return make_int(v); };
  auto add = [](Expr a, Expr b) { return make_binary(BinaryOp::Add, std::move(a), std::move(b)); };
  auto mul = [](Expr a, Expr b) { return make_binary(BinaryOp::Mul, std::move(a), std::move(b)); };
  auto div = [](Expr a, int64_t b) { return make_binary(BinaryOp::FloorDiv, std::move(a), make_int(b)); };
  auto mod = [](Expr a, int64_t b) { return make_binary(BinaryOp::FloorMod, std::move(a), make_int(b)); };
  VarRef i = make_var("tl_i"), j = make_var("tl_j");
  Expr m = add(mul(n.nhw_step, c(M)), i), kk = add(mul(n.c_step, c(K)), j);
  Expr h = add(add(mul(mod(div(m, OW), OH), c(s)), mul(div(kk, C * k), c(dl))), c(-p));
  Expr w = add(add(mul(mod(m, OW), c(s)), mul(mod(div(kk, C), k), c(dl))), c(-p));
  Expr cond = make_binary(BinaryOp::LT, kk, c(k * k * C));
  return RowGather{img, col, i, j, {}, cond, {div(m, OH * OW), h, w, mod(kk, C)}, M, K, run};
}

}  // namespace tl::tt
