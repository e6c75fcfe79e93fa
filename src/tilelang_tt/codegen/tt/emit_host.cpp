// Emits host.cpp, CMakeLists.txt and plan.json of a TT program (emit.h). The host program is idiomatic
// current TT-Metalium: a unit MeshDevice, DRAM MeshBuffers, CreateProgram / CreateCircularBuffer /
// CreateKernel with TensorAccessorArgs, SetRuntimeArgs per core, a MeshWorkload per program.
#include <sstream>

#include "tilelang_tt/codegen/tt/emit.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

const char* elem_name(DType t) {
  switch (t) {
    case DType::Float32: return "F32";
    case DType::BFloat16: return "BF16";
    case DType::Float16: return "F16";
    case DType::Int32: return "I32";
    case DType::Float8E4M3: return "F8E4M3";
    case DType::Float8E5M2: return "F8E5M2";
    case DType::Bool: return "BF16";  // the Python side converts bool arrays to and from bfloat16 0/1
    default: TL_ASSERT(false, "no host element type for " << dtype_name(t));
  }
  return "";
}

const char* fidelity_name(int f) {
  switch (f) {
    case 0: return "LoFi";
    case 2: return "HiFi2";
    case 3: return "HiFi3";
    default: return "HiFi4";
  }
}

const char* role_name(KernelRole r) {
  switch (r) {
    case KernelRole::Reader: return "reader";
    case KernelRole::Writer: return "writer";
    case KernelRole::Compute: return "compute";
  }
  return "";
}

void emit_program(std::ostringstream& os, const ProgramPlan& p) {
  os << "// " << p.name << ": " << p.grid_x << "x" << p.grid_y << " cores\n";
  os << "void run_" << p.name
     << "(distributed::MeshDevice& mesh, distributed::MeshCommandQueue& cq, const tl_host::Buffers& t) {\n";
  os << "  Program program = CreateProgram();\n";
  // Qualified: under `using namespace tt::tt_metal` a plain CoreRange names the SDK's deprecated ::CoreRange.
  os << "  tt::tt_metal::CoreRange cores({0, 0}, {" << p.grid_x - 1 << ", " << p.grid_y - 1 << "});\n";
  for (auto& cb : p.cbs) {
    uint32_t tb = tile_bytes(cb.format);
    os << "  CreateCircularBuffer(program, cores, CircularBufferConfig(" << cb.num_tiles << " * " << tb << ", {{"
       << cb.index << ", tt::DataFormat::" << data_format_name(cb.format) << "}}).set_page_size(" << cb.index
       << ", " << tb << "));\n";
  }
  for (size_t s = 0; s < p.semaphores.size(); ++s)
    os << "  CreateSemaphore(program, cores, " << p.semaphores[s] << ");  // id " << s << "\n";
  for (size_t k = 0; k < p.kernels.size(); ++k) {
    const KernelPlan& kp = p.kernels[k];
    os << "  std::vector<uint32_t> ct" << k << " = {";
    for (size_t i = 0; i < kp.compile_args.size(); ++i) os << (i ? ", " : "") << kp.compile_args[i];
    os << "};\n";
    for (int tix : kp.accessor_tensors) os << "  TensorAccessorArgs(*t[" << tix << "]).append_to(ct" << k << ");\n";
    if (!kp.unpack_to_dest_fp32.empty()) {
      os << "  std::vector<UnpackToDestMode> unpack" << k << "(NUM_CIRCULAR_BUFFERS, UnpackToDestMode::Default);\n";
      for (uint32_t cb : kp.unpack_to_dest_fp32)
        os << "  unpack" << k << "[" << cb << "] = UnpackToDestMode::UnpackToDestFp32;\n";
    }
    os << "  KernelHandle k" << k << " = CreateKernel(program, KERNEL_DIR \"" << kp.file << "\", cores, ";
    switch (kp.role) {
      case KernelRole::Reader: os << "ReaderDataMovementConfig(ct" << k << ")"; break;
      case KernelRole::Writer: os << "WriterDataMovementConfig(ct" << k << ")"; break;
      case KernelRole::Compute:
        os << "ComputeConfig{.math_fidelity = MathFidelity::" << fidelity_name(kp.math_fidelity)
           << ", .fp32_dest_acc_en = " << (kp.fp32_dest_acc_en ? "true" : "false");
        if (!kp.unpack_to_dest_fp32.empty()) os << ", .unpack_to_dest_mode = unpack" << k;
        os << ", .math_approx_mode = " << (kp.math_approx_mode ? "true" : "false") << ", .compile_args = ct" << k
           << "}";
        break;
    }
    os << ");  // " << role_name(kp.role) << "\n";
  }
  os << "  // Runtime args per core; t[i]->address() is tensor i's DRAM address.\n";
  bool uses_noc = false;
  for (auto& core : p.cores)
    for (auto& args : core.args)
      for (auto& a : args) uses_noc |= a.kind == RtArg::Kind::NocX || a.kind == RtArg::Kind::NocY;
  if (uses_noc)
    os << "  // NOC coordinates of a logical worker core (multicast senders and receiver rectangles).\n"
       << "  auto noc = [&](uint32_t x, uint32_t y) { return mesh.worker_core_from_logical_core({x, y}); };\n";
  for (auto& core : p.cores) {
    TL_ASSERT(core.args.size() == p.kernels.size(), "core args for " << core.args.size() << " kernels, program has "
                                                                     << p.kernels.size());
    for (size_t k = 0; k < core.args.size(); ++k) {
      os << "  SetRuntimeArgs(program, k" << k << ", CoreCoord{" << core.x << ", " << core.y << "}, {";
      for (size_t i = 0; i < core.args[k].size(); ++i) {
        const RtArg& a = core.args[k][i];
        os << (i ? ", " : "");
        if (a.kind == RtArg::Kind::TensorAddr)
          os << "static_cast<uint32_t>(t[" << a.value << "]->address())";
        else if (a.kind == RtArg::Kind::NocX || a.kind == RtArg::Kind::NocY)
          os << "uint32_t(noc(" << (a.value & 0xffff) << ", " << (a.value >> 16) << ")."
             << (a.kind == RtArg::Kind::NocX ? "x" : "y") << ")";
        else
          os << a.value << "u";
      }
      os << "});\n";
    }
  }
  os << "  distributed::MeshWorkload workload;\n";
  os << "  workload.add_program(distributed::MeshCoordinateRange(mesh.shape()), std::move(program));\n";
  os << "  distributed::EnqueueMeshWorkload(cq, workload, false);\n";
  os << "}\n\n";
}

}  // namespace

std::string emit_host(const Plan& plan) {
  std::ostringstream os;
  os << "// Generated by TileLang-TT from " << plan.func_name << ". Host program for TT-Metalium ("
     << plan.device << ").\n"
     << "// Run with no arguments to check itself against the stored expected outputs in data/, or with\n"
     << "// input files then output files (raw row-major arrays) to run on given data.\n"
     << "#include <cstdint>\n#include <vector>\n\n"
     << "#include <tt-metalium/circular_buffer_constants.h>\n#include <tt-metalium/distributed.hpp>\n#include <tt-metalium/host_api.hpp>\n"
     << "#include <tt-metalium/tensor_accessor_args.hpp>\n\n#include \"" << kHostSupportHeader << "\"\n\n"
     << "#ifndef KERNEL_DIR\n#define KERNEL_DIR \"\"\n#endif\n#ifndef DATA_DIR\n#define DATA_DIR \"data/\"\n#endif\n\n"
     << "using namespace tt::tt_metal;\n\nnamespace {\n\n";
  os << "const std::vector<tl_host::TensorSpec> kTensors = {\n";
  for (auto& t : plan.tensors) {
    os << "    {\"" << t.name << "\", tl_host::Elem::" << elem_name(t.dtype) << ", " << t.rows << ", " << t.cols << ", "
       << page_bytes(t) << ", " << (t.row_major ? "true" : "false") << ", " << (t.l1 ? "true" : "false") << ", "
       << (t.input ? "true" : "false") << ", "
       << (t.output ? "true" : "false")
       << ", " << t.atol << ", " << t.rtol
       << (t.slice_rows != t.rows ? ", " + std::to_string(t.slice_rows)
           : t.format == DataFormat::Bfp8_b || t.inner > 1 || t.line_inner > 1 ? ", 0" : "")
       << (t.format == DataFormat::Bfp8_b ? ", true" : t.inner > 1 || t.line_inner > 1 ? ", false" : "")
       << (t.inner > 1 ? ", " + std::to_string(t.inner) : t.line_inner > 1 ? ", 0" : "")
       << (t.line_inner > 1 ? ", " + std::to_string(t.line_inner) : "") << "},\n";
  }
  os << "};\n\n";
  for (auto& p : plan.programs) emit_program(os, p);
  os << "}  // namespace\n\nint main(int argc, char** argv) {\n  return tl_host::run(argc, argv, kTensors, {";
  for (size_t i = 0; i < plan.programs.size(); ++i) os << (i ? ", " : "") << "run_" << plan.programs[i].name;
  os << "}, DATA_DIR, \"" << plan.func_name << "\");\n}\n";
  return os.str();
}

std::string emit_cmake(const Plan& plan) {
  std::ostringstream os;
  os << "# Generated by TileLang-TT from " << plan.func_name << ".\n"
     << "# Build against the TT-Metalium SDK or the TileLang-TT emulator (CMAKE_PREFIX_PATH=$(tilelang-tt emulator "
        "cmake-prefix)).\n"
     << "cmake_minimum_required(VERSION 3.22)\nproject(" << plan.func_name << "_tt LANGUAGES CXX)\n"
     << "# The TT-Metalium API this program is written against (TileLang-TT's pass config tt.metalium_api), named\n"
     << "# by the ttnn release whose API it is. The emulator's package offers the API TT_METALIUM_API names; an SDK\n"
     << "# offers its own release's.\n"
     << "set(TL_TT_METALIUM_API " << metalium_api_name(plan.api) << ")\n"
     << "if(NOT DEFINED TT_METALIUM_API)\n  set(TT_METALIUM_API ${TL_TT_METALIUM_API})\nendif()\n"
     << "find_package(TT-Metalium REQUIRED)\n"
     << "if(TT_METALIUM_EMULATOR)\n  set(tl_sdk_api ${TT_METALIUM_API})\nelse()\n"
     << "  string(REGEX MATCH \"^[0-9]+\\\\.[0-9]+\" tl_sdk_api \"${TT-Metalium_VERSION}\")\nendif()\n"
     << "if(NOT tl_sdk_api)\n"
     << "  message(WARNING \"TT-Metalium ${TT-Metalium_DIR} does not state its version: cannot check that it offers the \"\n"
     << "                  \"${TL_TT_METALIUM_API} API this program was generated for\")\n"
     << "elseif(NOT tl_sdk_api VERSION_EQUAL TL_TT_METALIUM_API)\n"
     << "  message(FATAL_ERROR \"this program was generated for the TT-Metalium ${TL_TT_METALIUM_API} API, but the \"\n"
     << "                      \"TT-Metalium found (${TT-Metalium_DIR}) offers the ${tl_sdk_api} API: regenerate it with \"\n"
     << "                      \"pass_configs={'tt.metalium_api': '${tl_sdk_api}'} or build against a ${TL_TT_METALIUM_API} \"\n"
     << "                      \"SDK (the emulator: -DTT_METALIUM_API=${TL_TT_METALIUM_API})\")\n"
     << "endif()\n"
     << "add_executable(" << plan.func_name << " host.cpp " << kHostSupportSource << ")\n"
     << "target_link_libraries(" << plan.func_name << " PRIVATE TT::Metalium)\n"
     << "target_compile_features(" << plan.func_name << " PRIVATE cxx_std_20)\n"
     << "target_compile_definitions(" << plan.func_name
     << " PRIVATE KERNEL_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/\" DATA_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/data/\")\n"
     << "if(TT_METALIUM_EMULATOR)  # the emulator's package: let the host report counters and modeled time\n"
     << "  target_compile_definitions(" << plan.func_name << " PRIVATE TT_METALIUM_EMULATOR=1)\nendif()\n"
     << "enable_testing()\nadd_test(NAME " << plan.func_name << " COMMAND " << plan.func_name << ")\n";
  return os.str();
}

std::string emit_plan_json(const Plan& plan) {
  std::ostringstream os;
  os << "{\n  \"func\": \"" << plan.func_name << "\",\n  \"device\": \"" << plan.device << "\",\n  \"metalium_api\": \""
     << metalium_api_name(plan.api) << "\",\n  \"tensors\": [";
  for (size_t i = 0; i < plan.tensors.size(); ++i) {
    auto& t = plan.tensors[i];
    os << (i ? "," : "") << "\n    {\"name\": \"" << t.name << "\", \"dtype\": \"" << dtype_name(t.dtype)
       << "\", \"format\": \"" << (t.row_major ? "row_major" : data_format_name(t.format)) << "\", \"memory\": \""
       << (t.l1 ? "l1" : "dram")
       << "\", \"shape\": [";
    for (size_t d = 0; d < t.shape.size(); ++d) os << (d ? ", " : "") << t.shape[d];
    os << "], \"tiles\": [" << t.tile_rows << ", " << t.tile_cols << "], \"page_bytes\": " << page_bytes(t) << ", \"input\": " << (t.input ? "true" : "false")
       << ", \"output\": " << (t.output ? "true" : "false") << "}";
  }
  os << "\n  ],\n  \"programs\": [";
  for (size_t i = 0; i < plan.programs.size(); ++i) {
    auto& p = plan.programs[i];
    os << (i ? "," : "") << "\n    {\"name\": \"" << p.name << "\", \"cores\": [" << p.grid_x << ", " << p.grid_y
       << "], \"circular_buffers\": [";
    for (size_t c = 0; c < p.cbs.size(); ++c)
      os << (c ? ", " : "") << "{\"index\": " << p.cbs[c].index << ", \"format\": \""
         << data_format_name(p.cbs[c].format) << "\", \"tiles\": " << p.cbs[c].num_tiles << "}";
    os << "], \"kernels\": [";
    for (size_t k = 0; k < p.kernels.size(); ++k) {
      // As CreateKernel gets it: compile-time args (then one TensorAccessorArgs per accessor tensor), settings.
      const KernelPlan& kp = p.kernels[k];
      os << (k ? ", " : "") << "{\"role\": \"" << role_name(kp.role) << "\", \"file\": \"" << kp.file
         << "\", \"compile_args\": [";
      for (size_t i = 0; i < kp.compile_args.size(); ++i) os << (i ? ", " : "") << kp.compile_args[i];
      os << "], \"accessors\": [";
      for (size_t i = 0; i < kp.accessor_tensors.size(); ++i) os << (i ? ", " : "") << kp.accessor_tensors[i];
      os << "]";
      if (kp.role == KernelRole::Compute)
        os << ", \"math_fidelity\": " << kp.math_fidelity << ", \"fp32_dest_acc_en\": "
           << (kp.fp32_dest_acc_en ? "true" : "false") << ", \"math_approx_mode\": "
           << (kp.math_approx_mode ? "true" : "false");
      os << "}";
    }
    os << "], \"semaphores\": " << p.semaphores.size() << "}";
  }
  os << "\n  ]\n}\n";
  return os.str();
}

std::map<std::string, std::string> emit_project(const Plan& plan) {
  std::map<std::string, std::string> files;
  files["host.cpp"] = emit_host(plan);
  files.merge(host_support_files());
  files["CMakeLists.txt"] = emit_cmake(plan);
  files["plan.json"] = emit_plan_json(plan);
  for (auto& p : plan.programs)
    for (auto& k : p.kernels) files[k.file] = k.source;
  return files;
}

}  // namespace tl::tt
