// The device type-model check of kernel builds (emulator/src/device_check.h): kernels that build on x86-64, where
// int32_t is int and uint32_t unsigned int, but not for the device's rv32 ilp32 cores, where they are long and
// unsigned long, are refused with the device compiler's diagnostic; the same kernels written portably run.
// Each planted bug below compiles in the x86 build (so without the check it would run).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

namespace {
using namespace tt::tt_metal;

class DeviceCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("TT_EMU_DEVICE_CHECK", "1", 1); }  // a missing toolchain fails, not skips
  void SetUp() override { mesh = distributed::MeshDevice::create_unit_mesh(0); }
  void TearDown() override { mesh->close(); }

  // Builds and runs a one-core program of one data-movement kernel whose body is `body`; returns the build error
  // ("" when it ran).
  std::string run(const std::string& body) {
    const std::string src = "#include <cstdint>\n#include <algorithm>\n#include <cstdio>\n"
                            "void f(int) {}\nvoid f(unsigned) {}\n"
                            "void kernel_main() {\n  uint32_t n = get_arg_val<uint32_t>(0);\n  int32_t s = 0;\n" +
                            body + "\n}\n";
    Program p = CreateProgram();
    const CoreCoord core{0, 0};
    SetRuntimeArgs(p, CreateKernelFromString(p, src, core, DataMovementConfig{.processor = DataMovementProcessor::RISCV_1}),
                   core, {3});
    distributed::MeshWorkload w;
    w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
    try {
      distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  }
  void expect_refused(const std::string& body, const std::string& diagnostic) {
    const std::string err = run(body);
    EXPECT_NE(err.find("does not build for the device"), std::string::npos) << err;
    EXPECT_NE(err.find(diagnostic), std::string::npos) << err;
  }
  std::shared_ptr<distributed::MeshDevice> mesh;
};

// {what, x86-only body, the device compiler's diagnostic, the portable body}.
struct Case {
  const char *what, *bad, *diagnostic, *good;
};
const Case kCases[] = {
    {"pointer to int32_t as pointer to int", "int* p = &s; (void)p; (void)n;",
     "invalid conversion from 'int32_t*' {aka 'long int*'} to 'int*'", "int32_t* p = &s; (void)p; (void)n;"},
    {"std::min of uint32_t and an unsigned literal", "uint32_t m = std::min(n, 5u); (void)m; (void)s;",
     "no matching function for call to 'min(", "uint32_t m = std::min<uint32_t>(n, 5u); (void)m; (void)s;"},
    {"int32_t argument of an int/unsigned overload set", "f(s); (void)n;",
     "call of overloaded 'f(int32_t&)' is ambiguous", "f(static_cast<int>(s)); (void)n;"},
    {"%u of a uint32_t", "char b[16]; snprintf(b, sizeof b, \"%u\", n); (void)s;", "-Werror=format=",
     "char b[16]; snprintf(b, sizeof b, \"%lu\", static_cast<unsigned long>(n)); (void)s;"},
    {"unsigned long* as uint64_t*", "unsigned long v = n; uint64_t* p = &v; (void)p; (void)s;",
     "cannot convert 'long unsigned int*' to 'uint64_t*'", "uint64_t v = n; uint64_t* p = &v; (void)p; (void)s;"},
};

TEST_F(DeviceCheck, X86OnlyKernelsAreRefusedAndTheirPortableFormsRun) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    expect_refused(c.bad, c.diagnostic);
    EXPECT_EQ(run(c.good), "");
  }
}
}  // namespace
