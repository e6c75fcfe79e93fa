// Integer add on a data-movement RISC-V with the classic device API (CreateDevice, CreateBuffer,
// EnqueueWriteBuffer, EnqueueProgram): 14 + 7 must come back as 21, on a core other than (0,0).
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

int main() {
  IDevice* device = CreateDevice(0);
  CommandQueue& cq = device->command_queue();
  auto make = [&](BufferType t) { return CreateBuffer(InterleavedBufferConfig{device, 4, 4, t}); };
  auto a = make(BufferType::DRAM), b = make(BufferType::DRAM), c = make(BufferType::DRAM);
  auto la = make(BufferType::L1), lb = make(BufferType::L1), lc = make(BufferType::L1);
  std::vector<uint32_t> va{14}, vb{7};
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueWriteBuffer(cq, b, vb, false);
  Program program = CreateProgram();
  // L1 buffers of one page live on L1 bank 0, i.e. logical core (0,0): run there so the pointers are local.
  CoreCoord core{0, 0};
  KernelHandle k = CreateKernel(program, PROGRAM_DIR "/kernels/add_in_riscv.cpp", core,
                                DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  SetRuntimeArgs(program, k, core, {a->address(), b->address(), c->address(), la->address(), lb->address(), lc->address()});
  EnqueueProgram(cq, program, false);
  Finish(cq);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, c, out, true);
  CloseDevice(device);
  if (out.size() != 1 || out[0] != 21) {
    fmt::print(stderr, "riscv_add: expected 21, got {}\n", out.empty() ? 0u : out[0]);
    return 1;
  }
  fmt::print("riscv_add: 14 + 7 = {}\n", out[0]);
  return 0;
}
