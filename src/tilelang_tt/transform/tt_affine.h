// Affine integer index expressions, for the passes that reason about which indices a destination index owns
// (lower_tt_atomics.h): Σ coeff·var + c through let bindings, with x // c and x % c as terms of their own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// An affine int expression: Σ coeff·var + c.
struct Linear {
  std::map<const VarNode*, int64_t> coeff;
  int64_t c = 0;
};

using Lets = std::map<const VarNode*, Expr>;

// x // c and x % c (x an index, c > 0 a constant) are terms of their own in an affine form: a flattened grid index
// (upstream's i_b = i_bh // H, i_h = i_bh % H) owns a destination through both parts (the pair determines x). Each
// such term is a var made once per (x, op, c), with its range.
struct DivMod {
  const VarNode* x;
  bool mod;
  int64_t c;
};
struct Terms {
  std::map<std::tuple<const VarNode*, bool, int64_t>, VarRef> made;
  std::map<const VarNode*, DivMod> of;
  const VarNode* term(const VarNode* x, bool mod, int64_t c);
};

// e as an affine form over its vars (let-bound ones replaced by their values); with terms, x // c and x % c of an
// index x are vars of `terms`. nullopt when e is not affine.
std::optional<Linear> linear(const Expr& e, const Lets& lets, Terms* terms = nullptr);

}  // namespace tl::tt
