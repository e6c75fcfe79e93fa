// Benchmark: C = A·B for bf16 1024×1024×1024 (or M N K from argv) on the 8×8 grid of the emulated
// Wormhole: each core computes a (M/8)×(N/8) block from its A row panel and B column panel. Runs the
// program `reps` times after one warm-up (which also builds the kernels), checks C against a float64
// product of the same bf16 inputs (worst-case bound of bf16 accumulation, see below), and prints
// "emulator_seconds=<best> modeled_seconds=<...>". bench/emulator_matmul.py compares with numpy.
#include <emu/stats.h>

#include <chrono>
#include <cmath>
#include <random>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
  const uint32_t M = argc > 3 ? std::atoi(argv[1]) : 1024, N = argc > 3 ? std::atoi(argv[2]) : 1024,
                 K = argc > 3 ? std::atoi(argv[3]) : 1024;
  const int reps = argc > 4 ? std::atoi(argv[4]) : 3;
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  const uint32_t gx = 8, gy = 8, mt = M / 32, nt = N / 32, kt = K / 32, pm = mt / gy, pn = nt / gx;
  TT_FATAL(M % 256 == 0 && N % 256 == 0 && K % 32 == 0, "M and N must be multiples of 256, K of 32");
  const uint32_t sh = pm % 2 == 0 ? 2 : 1, sw = pn % 4 == 0 ? 4 : (pn % 2 == 0 ? 2 : 1);

  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<bfloat16> a(M * K), b(K * N);
  for (auto& v : a) v = bfloat16(dist(rng));
  for (auto& v : b) v = bfloat16(dist(rng));
  distributed::DeviceLocalBufferConfig dram{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto ba = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = M * K * 2ull}, dram, mesh.get());
  auto bb = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = K * N * 2ull}, dram, mesh.get());
  auto bc = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = M * N * 2ull}, dram, mesh.get());
  distributed::EnqueueWriteMeshBuffer(cq, ba, tilize_nfaces(a, M, K));
  distributed::EnqueueWriteMeshBuffer(cq, bb, tilize_nfaces(b, K, N));

  auto make_program = [&] {
    Program p = CreateProgram();
    CoreRange all({0, 0}, {gx - 1, gy - 1});
    auto cb = [&](uint8_t i, uint32_t tiles) {
      CreateCircularBuffer(p, all, CircularBufferConfig(tiles * 2048, {{i, tt::DataFormat::Float16_b}}).set_page_size(i, 2048));
    };
    cb(0, pm * kt);
    cb(1, pn * kt);
    cb(16, 2 * sh * sw);
    std::vector<uint32_t> rct = {pm, pn}, wct = {pm, pn, sh, sw};
    TensorAccessorArgs(*ba).append_to(rct);
    TensorAccessorArgs(*bb).append_to(rct);
    TensorAccessorArgs(*bc).append_to(wct);
    auto kr = CreateKernel(p, PROGRAM_DIR "/kernels/read_panels.cpp", all, ReaderDataMovementConfig(rct));
    auto kw = CreateKernel(p, PROGRAM_DIR "/kernels/write_blocks.cpp", all, WriterDataMovementConfig(wct));
    CreateKernel(p, PROGRAM_DIR "/kernels/panel_matmul.cpp", all,
                 ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {pm, pn, kt, sh, sw}});
    for (uint32_t y = 0; y < gy; ++y)
      for (uint32_t x = 0; x < gx; ++x) {
        SetRuntimeArgs(p, kr, CoreCoord{x, y}, {ba->address(), bb->address(), y * pm, x * pn, kt, nt});
        SetRuntimeArgs(p, kw, CoreCoord{x, y}, {bc->address(), y * pm, x * pn, nt});
      }
    return p;
  };
  double best = 1e30;
  for (int r = 0; r <= reps; ++r) {
    distributed::MeshWorkload w;
    w.add_program(distributed::MeshCoordinateRange(mesh->shape()), make_program());
    distributed::EnqueueMeshWorkload(cq, w, true);
    if (r > 0) best = std::min(best, emu::last_run_stats().wall_seconds);
  }
  std::vector<bfloat16> ct;
  distributed::EnqueueReadMeshBuffer(cq, ct, bc);
  auto c = untilize_nfaces(ct, M, N);
  // Spot-check 2048 entries against a float64 product of the same inputs.
  double worst = 0;
  for (int s = 0; s < 2048; ++s) {
    const uint32_t i = rng() % M, j = rng() % N;
    double ref = 0, mag = 0;
    for (uint32_t k = 0; k < K; ++k) {
      ref += double(float(a[i * K + k])) * float(b[k * N + j]);
      mag += std::fabs(double(float(a[i * K + k])) * float(b[k * N + j]));
    }
    // bf16 DST (fp32_dest_acc_en off): each of the K accumulation steps rounds the partial sum by half a bf16
    // ulp of it. With inputs of random sign the partial sums stay near √K·E|a·b| while Σ|a·b| grows like K, so
    // the K roundings (a random walk of √K half-ulps of the partial sums) stay below one bf16 ulp of Σ|a·b|
    // (2^-8 of it, here ≈ 1 while a wrong tile is off by ≈ |ref| ≈ 10); the final bf16 store adds half an ulp.
    const double bound = mag * std::ldexp(1.0, -8) + std::fabs(ref) * std::ldexp(1.0, -8) + 1e-6;
    worst = std::max(worst, std::fabs(float(c[i * N + j]) - ref) / bound);
  }
  const auto& st = emu::last_run_stats();
  fmt::print("emulator_matmul {}x{}x{} on {} cores: worst error / bound = {:.3f}\n", M, N, K, gx * gy, worst);
  fmt::print("emulator_seconds={:.4f} modeled_seconds={:.6f} core_switches={} context_switches={}\n", best,
             st.modeled_seconds, st.core_switches, st.context_switches);
  mesh->close();
  return worst <= 1.0 ? 0 : 1;
}
