// Emitters of a TT program's files from its Plan (plan.h). The file set is a standalone CMake project:
//   host.cpp, tl_host_support.hpp, tl_host_support.cpp, kernels/<program>_<role>.cpp,
//   CMakeLists.txt (find_package(TT-Metalium)), plan.json. The same files are what the runtime builds and runs, and what kernel.export() writes.
#pragma once

#include <map>
#include <string>

#include "tilelang_tt/codegen/tt/plan.h"

namespace tl::tt {

std::string emit_host(const Plan& plan);
std::string emit_cmake(const Plan& plan);
std::string emit_plan_json(const Plan& plan);
// The host support files every project has (host_support.cpp): the header host.cpp includes and the source
// compiled with it. They are the same in every project: the runtime builds the source once (jit_build.h).
inline constexpr const char* kHostSupportHeader = "tl_host_support.hpp";
inline constexpr const char* kHostSupportSource = "tl_host_support.cpp";
std::map<std::string, std::string> host_support_files();
// The #include lines of the support source, alone: what the host build precompiles (jit_build.h).
const char* host_support_includes();
// The support source's tensor layout part (host_support_layout.cpp).
const char* host_support_layout();

// Every file of the project, by relative path.
std::map<std::string, std::string> emit_project(const Plan& plan);

}  // namespace tl::tt
