// Emitters of a TT program's files from its Plan (plan.h). The file set is a standalone CMake project:
//   host.cpp, tl_host_support.hpp, kernels/<program>_<role>.cpp, CMakeLists.txt (find_package(TT-Metalium)),
//   plan.json. The same files are what the runtime builds and runs, and what kernel.export() writes.
#pragma once

#include <map>
#include <string>

#include "tilelang_tt/codegen/tt/plan.h"

namespace tl::tt {

std::string emit_host(const Plan& plan);
std::string emit_cmake(const Plan& plan);
std::string emit_plan_json(const Plan& plan);
const char* host_support_source();
// The #include lines of host_support_source(), alone: what the host build precompiles (jit_build.h).
const char* host_support_includes();

// Every file of the project, by relative path.
std::map<std::string, std::string> emit_project(const Plan& plan);

}  // namespace tl::tt
