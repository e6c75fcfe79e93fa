// The TT lowering pipeline (pipeline.h). Read top to bottom: each step is one pass in its own file.
#include "tilelang_tt/transform/pipeline.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "tilelang_tt/codegen/tt/plan_builder.h"
#include "tilelang_tt/codegen/tt/self_check_tolerance.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/transform/apply_tt_defaults.h"
#include "tilelang_tt/transform/bind_tt_sizes.h"
#include "tilelang_tt/transform/check_tt_supported.h"
#include "tilelang_tt/transform/forward_tt_control.h"
#include "tilelang_tt/transform/grid_to_persistent_loop.h"
#include "tilelang_tt/transform/infer_tt_schedule.h"
#include "tilelang_tt/transform/infer_tt_vector_layouts.h"
#include "tilelang_tt/transform/lower_tt_control_data.h"
#include "tilelang_tt/transform/lower_tt_atomics.h"
#include "tilelang_tt/transform/order_tt_locks.h"
#include "tilelang_tt/transform/plan_tt_cb_depths.h"
#include "tilelang_tt/transform/plan_tt_multicast.h"
#include "tilelang_tt/transform/tensorize_tt.h"
#include "tilelang_tt/transform/tt_device.h"
#include "tilelang_tt/transform/verify_tt.h"
#include "tilelang_tt/transform/verify_tt_cb_balance.h"

namespace tl::tt {

Lowered lower_to_tt(const PrimFunc& f, const LowerOptions& options) {
  Lowered out;
  const bool dump = std::getenv("TILELANG_TT_DUMP_IR") != nullptr;
  auto step = [&](const char* name, auto&& pass, const PrimFunc& in) {
    auto t0 = std::chrono::steady_clock::now();
    PrimFunc g = pass(in);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    out.ir_after.emplace_back(name, print_func(g));
    if (dump) std::fprintf(stderr, "=== after %s (%.2f ms)\n%s\n", name, ms, out.ir_after.back().second.c_str());
    return g;
  };
  const DeviceParams dev = device_params(options.device);

  const PrimFunc bound = f->shape_vars.empty() ? f  // (listed only where it has work)
      : step("bind_tt_sizes", [&](const PrimFunc& x) { return bind_tt_sizes(x, options.sizes); }, f);
  check_tt_supported(bound);
  PrimFunc g = bound;
  if (has_atomics(g)) g = step("lower_tt_atomics", [&](const PrimFunc& x) { return lower_tt_atomics(x, dev, options.atomic_strategy); }, g);  // (listed only where it has work)
  g = step("apply_tt_defaults", [&](const PrimFunc& x) { return apply_tt_defaults(x, dev.name); }, g);
  g = step("infer_tt_schedule", infer_tt_schedule, g);
  g = step("grid_to_persistent_loop", grid_to_persistent_loop, g);
  if (has_control_data(g)) g = step("lower_tt_control_data", lower_tt_control_data, g);  // (where it has work)
  if (has_vector_layouts(g)) g = step("infer_tt_vector_layouts", infer_tt_vector_layouts, g);  // (where it has work)
  g = step("tensorize_tt", [&](const PrimFunc& x) { return tensorize_tt(x, dev, options.fp32_dest, options.fp32_exact,
                                                                options.fp32_exact_broadcast); }, g);
  if (has_control_stores(g)) g = step("forward_tt_control", forward_tt_control, g);  // (where it has work)
  if (has_tt_locks(g)) g = step("order_tt_locks", order_tt_locks, g);  // (where it has work)
  g = step("plan_tt_multicast", [&](const PrimFunc& x) { return plan_tt_multicast(x, dev); }, g);
  g = step("plan_tt_cb_depths", [&](const PrimFunc& x) { return plan_tt_cb_depths(x, dev); }, g);
  verify_tt(g, dev);
  verify_tt_cb_balance(g);
  out.plan = build_plan(g, dev, options.outputs, options.math_fidelity, options.api);
  set_self_check_tolerance(out.plan, bound, options.math_fidelity);
  return out;
}

}  // namespace tl::tt
