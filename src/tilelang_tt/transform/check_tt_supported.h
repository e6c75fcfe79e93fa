// check_tt_supported: refuses, at the user's line, the language constructs the TT lowering does not handle yet.
//
// Input: any PrimFunc the front end built (it runs first in the pipeline, before any TT pass).
// Output: nothing (a check) — or a UserError "<construct> is not supported on tenstorrent yet" naming
// the construct and what to write instead, at the first offending statement. Constructs refused: thread-level code
// (Thread loops, from T.get_thread_binding; a T.print or a warp shuffle there too), float <-> int reinterprets
// (T.reinterpret: no bit-level tile code) and device assertions (T.device_assert: no way to stop and report). They
// run on the "interpret" target. (Control flow on values read at run time is lower_tt_control_data's.) (Atomics are
// lower_tt_atomics' to accept or refuse; workspaces are tensors the host
// program allocates.)
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

void check_tt_supported(const PrimFunc& f);

}  // namespace tl::tt
