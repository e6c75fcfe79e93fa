// Verifier (temporary stub; replaced by the real checks).
#include "tilelang_tt/ir/verifier.h"
#include "tilelang_tt/support/error.h"

namespace tl {
void verify(const PrimFunc& f) { TL_ASSERT(f && f->body, "verify: function without body"); }
}  // namespace tl
