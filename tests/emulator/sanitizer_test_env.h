// The sanitizer tests' fixture (sanitizer_test.cpp, sanitizer_access_test.cpp): a unit mesh per test, a
// program runner that returns the emu::SanitizerError the program must raise, and CB / kernel shorthands.
#pragma once
#include <gtest/gtest.h>

#include <emu/emulator.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

namespace emu_test {
using namespace tt::tt_metal;
const std::string kDir = EMU_TEST_DIR "/kernels/";

class Sanitizer : public ::testing::Test {
 protected:
  void SetUp() override {
    mesh = distributed::MeshDevice::create_unit_mesh(0);
  }
  void TearDown() override {
    emu::set_seed(0);
    mesh->close();
  }

  // Runs the program to completion (a sanitizer error fails the test).
  void run_ok(Program& program) {
    distributed::MeshWorkload w;
    w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
  }
  // Runs the program and returns the sanitizer error it must raise.
  emu::SanitizerError run(Program& program) {
    try {
      run_ok(program);
    } catch (const emu::SanitizerError& e) {
      return e;
    }
    ADD_FAILURE() << "the program ran to completion; a sanitizer error was expected";
    return emu::SanitizerError("", "", "", "", "");
  }
  void cb(Program& p, const CoreSpec& cores, uint32_t pages, uint8_t index = 0) {
    CreateCircularBuffer(p, cores,
                         CircularBufferConfig(pages * 2048, {{index, tt::DataFormat::Float16_b}}).set_page_size(index, 2048));
  }
  KernelHandle dm(Program& p, const std::string& file, const CoreSpec& cores, DataMovementProcessor proc) {
    return CreateKernel(p, kDir + file, cores, DataMovementConfig{.processor = proc});
  }
  // A program of one data-movement kernel on `core` with `pages` pages of cb 0 and runtime args `args`.
  Program one_kernel(CoreCoord core, uint32_t pages, const std::string& file, DataMovementProcessor proc,
                     const std::vector<uint32_t>& args) {
    Program p = CreateProgram();
    cb(p, core, pages);
    SetRuntimeArgs(p, dm(p, file, core, proc), core, args);
    return p;
  }
  std::shared_ptr<distributed::MeshBuffer> dram(uint64_t size, uint64_t page) {
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = size},
                                           distributed::DeviceLocalBufferConfig{.page_size = page,
                                                                                .buffer_type = BufferType::DRAM},
                                           mesh.get());
  }
  std::shared_ptr<distributed::MeshDevice> mesh;
};

// Scheduling seeds for checks that must not depend on the interleaving (0: the canonical order, in which NoC
// reads land at their barrier; the others land some at once).
const uint32_t kSeeds[] = {0, 1, 2, 3, 5, 7, 11};

constexpr auto BR = DataMovementProcessor::RISCV_0;
constexpr auto NC = DataMovementProcessor::RISCV_1;
}  // namespace emu_test
