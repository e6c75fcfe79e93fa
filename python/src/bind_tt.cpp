// Bindings for the Tenstorrent backend: the lowering pipeline (transform/pipeline.h), the emitted project
// (codegen/tt/emit.h), and the JIT cache/launcher (runtime/jit_build.h). Arguments are converted; nothing else.
#include <nanobind/nanobind.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "tilelang_tt/codegen/tt/emit.h"
#include "tilelang_tt/runtime/jit_build.h"
#include "tilelang_tt/transform/apply_tt_defaults.h"
#include "tilelang_tt/transform/pipeline.h"

namespace nb = nanobind;
using namespace tl;

#ifndef TL_EMU_BUILD_INCLUDE_DIR
#define TL_EMU_BUILD_INCLUDE_DIR ""
#endif
#ifndef TL_EMU_BUILD_LIB_DIR
#define TL_EMU_BUILD_LIB_DIR ""
#endif
#ifndef TL_EMU_BUILD_PACKAGE_DIR
#define TL_EMU_BUILD_PACKAGE_DIR ""
#endif

void bind_tt(nb::module_& m) {
  m.def("tt_lower", [](const PrimFunc& f, const std::string& device, const std::vector<bool>& outputs, int fidelity,
                       const std::string& api, bool fp32_dest, bool fp32_exact, bool fp32_exact_broadcast,
                       const std::string& atomic_strategy, const std::vector<int64_t>& sizes) {
    tt::LowerOptions opt;
    opt.sizes = sizes;
    opt.atomic_strategy = atomic_strategy;
    opt.fp32_dest = fp32_dest;
    opt.fp32_exact = fp32_exact;
    opt.fp32_exact_broadcast = fp32_exact_broadcast;
    opt.api = tt::metalium_api_of(api);
    opt.device = device;
    opt.outputs = outputs;
    opt.math_fidelity = fidelity;
    tt::Lowered low = tt::lower_to_tt(f, opt);
    std::vector<std::tuple<std::string, std::string, std::string, std::string, int, int>> sites;
    static const char* roles[] = {"reader", "writer", "compute"};
    for (auto& p : low.plan.programs)
      for (auto& s : p.sites)
        sites.emplace_back(s.waypoint, s.op, roles[static_cast<int>(s.role)], s.span.file, s.span.line, s.span.col);
    return std::make_tuple(tt::emit_project(low.plan), low.ir_after, sites);
  }, nb::arg("func"), nb::arg("device"), nb::arg("outputs"), nb::arg("math_fidelity") = 4,
  nb::arg("metalium_api") = "0.81", nb::arg("fp32_dest") = false, nb::arg("fp32_exact") = false,
  nb::arg("fp32_exact_broadcast") = false, nb::arg("atomic_strategy") = "auto", nb::arg("sizes") = std::vector<int64_t>{},
  "Lowers `func` at `sizes` (a value per symbolic dim, shape_vars order) for a Tenstorrent device against TT-Metalium API `metalium_api` (\"0.66\" or \"0.81\"), with an\n"
  "fp32 DST in every compute kernel when `fp32_dest`, float32 reductions exact when `fp32_exact`, float32 vector\n"
  "broadcasts exact when `fp32_exact_broadcast`, atomics lowered by `atomic_strategy` (\"auto\", \"partials\",\n"
  "\"lock\"). Returns\n"
  "({path: text} of the emitted project, [(pass, IR text)], [(waypoint, TT op, kernel role, file, line, col)] of\n"
  "every TT tile op).");

  m.def("tt_build", [](const std::map<std::string, std::string>& files, const std::string& cache_dir,
                       const std::string& include_dirs, const std::string& link_flags, const std::string& identity,
                       uint64_t max_bytes, bool pch) {
    rt::Toolchain tc;
    tc.include_dirs = include_dirs;
    tc.link_flags = link_flags;
    tc.identity = identity;
    if (pch) tc.pch_prelude = tt::host_support_includes();
    tc.support_files = {tt::kHostSupportHeader, tt::kHostSupportSource};
    nb::gil_scoped_release release;
    rt::BuildResult r = rt::build_project(files, cache_dir, tc, max_bytes);
    return std::make_tuple(r.dir, r.cache_hit, r.seconds);
  }, nb::arg("files"), nb::arg("cache_dir"), nb::arg("include_dirs"), nb::arg("link_flags"), nb::arg("identity"),
  nb::arg("max_bytes") = 0, nb::arg("pch") = true,
  "Builds an emitted project's host program in the content-addressed cache (verified on use, rebuilt when "
  "anything is missing or wrong; least recently used entries evicted beyond max_bytes, 0 = no cap), with the "
  "support source's includes precompiled (a cache entry of its own) unless pch is false, and the support source "
  "compiled once (a cache entry of its own) and linked. "
  "Returns (dir, cache_hit, seconds).");

  m.def("tt_run", [](const std::string& exe, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env, const std::string& cwd) {
    nb::gil_scoped_release release;
    rt::RunResult r = rt::run_program(exe, args, env, cwd);
    return std::make_tuple(r.exit_code, r.out, r.err, r.seconds);
  }, nb::arg("exe"), nb::arg("args"), nb::arg("env"), nb::arg("cwd"),
  "Runs a built host program. Returns (exit_code, stdout, stderr, seconds).");

  m.def("tt_apply_defaults", &tt::apply_tt_defaults, nb::arg("func"), nb::arg("device"),
        "apply_tt_defaults: fills in the TT attributes (device, schedule, layouts) a user did not set.");

  m.def("with_func_attrs", [](const PrimFunc& f, const std::map<std::string, std::string>& attrs) {
    auto merged = f->attrs;
    for (auto& [k, v] : attrs) merged[k] = v;
    return make_func(f->name, f->params, f->shape_vars, merged, f->body, f->span, f->workspaces);
  }, nb::arg("func"), nb::arg("attrs"), "A copy of `func` with `attrs` added to its attributes.");

  m.def("func_attrs", [](const PrimFunc& f) { return f->attrs; }, nb::arg("func"), "The function's attributes.");

  m.def("emulator_build_paths", [] {
    return std::make_tuple(std::string(TL_EMU_BUILD_INCLUDE_DIR), std::string(TL_EMU_BUILD_LIB_DIR),
                           std::string(TL_EMU_BUILD_PACKAGE_DIR));
  }, "(include dir, library dir, CMake package dir) of the emulator in the build tree this module came from.");
}
