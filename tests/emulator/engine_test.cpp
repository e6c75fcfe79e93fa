// Engine properties: L1 address equality across cores and raw-pointer access, exact NoC counters and the
// modeled time, determinism for a seed and correctness under other seeds, the Chrome trace, the Blackhole
// model, and the write-source-before-read-barrier check.
#include <gtest/gtest.h>
#include <unistd.h>

#include <emu/emulator.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

namespace {
const std::string kKernels = EMU_TEST_DIR "/kernels/";
const std::string kPrograms = EMU_TEST_DIR "/programs/";

std::shared_ptr<distributed::MeshBuffer> dram_buffer(distributed::MeshDevice* mesh, uint64_t size, uint64_t page) {
  return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = size},
                                         distributed::DeviceLocalBufferConfig{.page_size = page,
                                                                              .buffer_type = BufferType::DRAM},
                                         mesh);
}

void run(distributed::MeshDevice* mesh, Program&& p) {
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
  distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
}

TEST(Engine, L1AddressesEqualOnEveryCoreAndPointersWork) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto grid = mesh->compute_with_storage_grid_size();
  const uint32_t n = grid.x * grid.y;
  auto out = dram_buffer(mesh.get(), n * 32, 32);
  Program p = CreateProgram();
  CoreRange all({0, 0}, {grid.x - 1, grid.y - 1});
  CreateCircularBuffer(p, all, CircularBufferConfig(2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  CreateSemaphore(p, all, 0);
  auto k = CreateKernel(p, kKernels + "report_addresses.cpp", all, DataMovementConfig{});
  for (uint32_t i = 0; i < n; ++i)
    SetRuntimeArgs(p, k, CoreCoord{i % grid.x, i / grid.x}, {out->address(), i});
  run(mesh.get(), std::move(p));
  std::vector<uint32_t> v;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), v, out);
  std::set<std::pair<uint32_t, uint32_t>> noc_coords;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t* r = &v[i * 8];
    EXPECT_EQ(r[0], v[0]) << "cb 0 address differs on core " << i;
    EXPECT_EQ(r[1], v[1]) << "semaphore 0 address differs on core " << i;
    EXPECT_EQ(r[2], v[2]) << "runtime-arg address differs on core " << i;
    auto noc = mesh->worker_core_from_logical_core({i % grid.x, i / grid.x});
    EXPECT_EQ(r[3], noc.x);
    EXPECT_EQ(r[4], noc.y);
    EXPECT_EQ(r[5], i % grid.x);
    EXPECT_EQ(r[6], i / grid.x);
    EXPECT_EQ(r[7], i);
    noc_coords.insert({r[3], r[4]});
  }
  EXPECT_EQ(noc_coords.size(), n);
  mesh->close();
}

// The multicast program's kernels: one sender, seven receivers, semaphores both ways.
std::vector<uint32_t> run_multicast(distributed::MeshDevice* mesh, const std::vector<uint32_t>& in, uint32_t tiles,
                                    emu::RunStats* stats) {
  auto src = dram_buffer(mesh, tiles * 2048, 2048);
  auto dst = dram_buffer(mesh, 7 * tiles * 2048, 2048);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  Program p = CreateProgram();
  CoreRange rect({0, 0}, {3, 1});
  CreateCircularBuffer(p, rect, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  uint32_t ready = CreateSemaphore(p, rect, 0), valid = CreateSemaphore(p, rect, 0);
  std::vector<uint32_t> cs, cd;
  TensorAccessorArgs(*src).append_to(cs);
  TensorAccessorArgs(*dst).append_to(cd);
  auto ks = CreateKernel(p, kPrograms + "multicast/kernels/mcast_sender.cpp", CoreCoord{0, 0}, ReaderDataMovementConfig(cs));
  CoreRangeSet rx(std::vector<CoreRange>{CoreRange({1, 0}, {3, 0}), CoreRange({0, 1}, {3, 1})});
  auto kr = CreateKernel(p, kPrograms + "multicast/kernels/mcast_receiver.cpp", rx, WriterDataMovementConfig(cd));
  auto a = mesh->worker_core_from_logical_core({0, 0}), b = mesh->worker_core_from_logical_core({3, 1});
  SetRuntimeArgs(p, ks, CoreCoord{0, 0},
                 {src->address(), tiles, uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), 7u, ready, valid});
  uint32_t idx = 0;
  for (auto& r : rx.ranges())
    for (CoreCoord c : r) SetRuntimeArgs(p, kr, c, {dst->address(), tiles, uint32_t(a.x), uint32_t(a.y), ready, valid, idx++});
  run(mesh, std::move(p));
  if (stats) *stats = emu::last_run_stats();
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
  return out;
}

TEST(Engine, SeedsGiveLegalInterleavingsAndSameSeedIsDeterministic) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t tiles = 6;
  std::vector<uint32_t> in(tiles * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 7919u);
  std::set<uint64_t> switch_counts;
  for (uint64_t seed : {0ull, 1ull, 2ull, 3ull, 4ull}) {
    emu::set_seed(seed);
    emu::RunStats a, b;
    auto out_a = run_multicast(mesh.get(), in, tiles, &a);
    auto out_b = run_multicast(mesh.get(), in, tiles, &b);
    for (uint32_t r = 0; r < 7; ++r)
      for (size_t i = 0; i < in.size(); ++i) ASSERT_EQ(out_a[r * in.size() + i], in[i]) << "seed " << seed;
    EXPECT_EQ(out_a, out_b);
    EXPECT_EQ(a.modeled_cycles, b.modeled_cycles) << "seed " << seed;
    EXPECT_EQ(a.context_switches, b.context_switches) << "seed " << seed;
    switch_counts.insert(a.context_switches);
  }
  emu::set_seed(0);
  EXPECT_GT(switch_counts.size(), 1u) << "other seeds should schedule differently";
  mesh->close();
}

TEST(Engine, CountersAndModeledTime) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t tiles = 6;
  std::vector<uint32_t> in(tiles * 512, 3);
  emu::RunStats st;
  run_multicast(mesh.get(), in, tiles, &st);
  uint64_t dram_read = 0, dram_write = 0, mcast = 0, l1 = 0;
  for (auto& k : st.kernels) {
    dram_read += k.noc_read_bytes_dram;
    dram_write += k.noc_write_bytes_dram;
    mcast += k.noc_write_bytes_mcast;
    l1 += k.noc_write_bytes_l1;
  }
  EXPECT_EQ(dram_read, tiles * 2048u);
  EXPECT_EQ(dram_write, 7u * tiles * 2048u);
  EXPECT_EQ(mcast, tiles * 7u * (2048u + 4u));
  EXPECT_EQ(l1, tiles * 7u * 4u);  // semaphore increments
  EXPECT_EQ(st.dram_bytes, dram_read + dram_write);
  // At least the sender's NoC time: every tile crosses its NoC twice, read from DRAM (at most 30 B/cycle) and
  // multicast (14 B/cycle): the calibrated rates (docs/emulator.md).
  EXPECT_GE(st.modeled_cycles, tiles * (2048u / 30u + 2048u / 14u));
  EXPECT_LT(st.modeled_cycles, 1000000u);
  EXPECT_EQ(st.device, "wormhole_b0");
  mesh->close();
}

TEST(Engine, ChromeTraceNamesCoresKernelsAndWaits) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const std::string path = ::testing::TempDir() + "emu_trace.json";
  emu::set_trace_path(path);
  std::vector<uint32_t> in(4 * 512, 1);
  run_multicast(mesh.get(), in, 4, nullptr);
  emu::set_trace_path("");
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string t = ss.str();
  EXPECT_EQ(t.rfind("{\"traceEvents\":[", 0), 0u);
  EXPECT_NE(t.find("\"name\":\"program 1\""), std::string::npos);  // no emu::set_run_label: numbered
  EXPECT_NE(t.find("\"name\":\"core (x=3,y=1) mcast_receiver.cpp [BRISC]\""), std::string::npos);
  EXPECT_NE(t.find("noc_semaphore_wait sem"), std::string::npos);
  mesh->close();
}

// Every run since the trace file was started is one process in it, named by emu::set_run_label; trace_restart
// starts the file afresh.
TEST(Engine, ChromeTraceKeepsEveryRunAsAProcess) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const std::string path = ::testing::TempDir() + "emu_trace_runs.json";
  auto read = [&] {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  };
  std::vector<uint32_t> in(4 * 512, 1);
  emu::set_trace_path(path);
  emu::set_run_label("f", "kernel0");
  run_multicast(mesh.get(), in, 4, nullptr);
  emu::set_run_label("f", "kernel1");
  run_multicast(mesh.get(), in, 4, nullptr);
  std::string t = read();
  EXPECT_NE(t.find("\"pid\":1,\"args\":{\"name\":\"f kernel0\"}"), std::string::npos);
  EXPECT_NE(t.find("\"pid\":2,\"args\":{\"name\":\"f kernel1\"}"), std::string::npos);
  EXPECT_EQ(emu::last_run_stats().function, "f");
  EXPECT_EQ(emu::last_run_stats().program, "kernel1");
  emu::trace_restart();
  run_multicast(mesh.get(), in, 4, nullptr);
  t = read();
  EXPECT_NE(t.find("\"pid\":1,\"args\":{\"name\":\"f kernel1\"}"), std::string::npos);
  EXPECT_EQ(t.find("\"pid\":2,"), std::string::npos);
  emu::set_trace_path("");
  emu::set_run_label("", "");
  mesh->close();
}

TEST(Engine, BlackholeModel) {
  emu::set_device_model("blackhole");
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  emu::set_device_model("wormhole_b0");
  EXPECT_EQ(mesh->compute_with_storage_grid_size(), CoreCoord(13, 10));
  EXPECT_EQ(mesh->num_dram_channels(), 8u);
  EXPECT_EQ(mesh->l1_size_per_core(), 1536u * 1024u);
  EXPECT_EQ(mesh->arch(), tt::ARCH::BLACKHOLE);
  // The DRAM loopback kernel on the far corner core, bit-exact.
  auto src = dram_buffer(mesh.get(), 20 * 2048, 2048), dst = dram_buffer(mesh.get(), 20 * 2048, 2048);
  auto scratch = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 2048},
                                                 distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                      .buffer_type = BufferType::L1},
                                                 mesh.get());
  std::vector<uint32_t> in(20 * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 31u + 5u);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  Program p = CreateProgram();
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  CoreCoord core{12, 9};
  auto k = CreateKernel(p, kPrograms + "dram_loopback/kernels/copy_tiles.cpp", core, DataMovementConfig{.compile_args = ct});
  // The scratch L1 buffer (one page) lives on L1 bank 0 = core (0,0); the copy goes through core (12,9)'s L1
  // at the same address, which is legal since it only needs an address, not the buffer's contents.
  SetRuntimeArgs(p, k, core, {scratch->address(), src->address(), dst->address(), 20u});
  run(mesh.get(), std::move(p));
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
  EXPECT_EQ(out, in);
  EXPECT_EQ(emu::last_run_stats().device, "blackhole");
  mesh->close();
}

TEST(Engine, WriteOfPendingReadDestinationIsReported) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto buf = dram_buffer(mesh.get(), 2 * 2048, 2048);
  Program p = CreateProgram();
  CoreCoord core{1, 1};
  CreateCircularBuffer(p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  auto k = CreateKernel(p, kKernels + "write_before_read_barrier.cpp", core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {buf->address()});
  try {
    run(mesh.get(), std::move(p));
    FAIL() << "expected a read-before-barrier report";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.kind, "read_before_barrier");
    EXPECT_EQ(e.core, "(x=1,y=1)");
    EXPECT_EQ(e.api, "noc_async_write");
    EXPECT_NE(e.kernel.find("write_before_read_barrier.cpp"), std::string::npos);
  }
  mesh->close();
}
// The poison pattern, seen through memcpy (the access instrumentation stops a pointer load there first).
TEST(Engine, DataLandsOnlyAtTheBarrier) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto buf = dram_buffer(mesh.get(), 2 * 2048, 2048);
  std::vector<uint32_t> in(1024, 0);
  in[0] = 0x12345678u;
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), buf, in);
  Program p = CreateProgram();
  CoreCoord core{4, 2};
  CreateCircularBuffer(p, core, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  auto k = CreateKernel(p, kKernels + "peek_before_barrier.cpp", core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {buf->address(), 2});
  emu::set_seed(0);
  run(mesh.get(), std::move(p));
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, buf);
  EXPECT_EQ(out[512], 0xDEADBEEFu) << "before the barrier the destination holds the poison pattern";
  EXPECT_EQ(out[513], 0x12345678u) << "after the barrier the data has landed";
  mesh->close();
}

// A write the access instrumentation does not see (memset) is still caught when the read lands (poison).
TEST(Engine, WriteIntoPendingReadDestinationIsReported) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto buf = dram_buffer(mesh.get(), 2048, 2048);
  Program p = CreateProgram();
  CoreCoord core{7, 0};
  CreateCircularBuffer(p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  auto k = CreateKernel(p, kKernels + "write_into_pending_read.cpp", core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {buf->address(), 0, 0, 16});
  try {
    run(mesh.get(), std::move(p));
    FAIL() << "expected a read-before-barrier report";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.kind, "read_before_barrier");
    EXPECT_EQ(e.core, "(x=7,y=0)");
    EXPECT_EQ(e.api, "noc_async_read_barrier");
    EXPECT_NE(e.kernel.find("write_into_pending_read.cpp"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("was written before the read completed"), std::string::npos) << e.what();
  }
  mesh->close();
}
// Runs a one-kernel program on core (0,0) that stores a value into DRAM word 0 and returns it.
uint32_t run_store_kernel(distributed::MeshDevice* mesh, const std::string& path, const std::string& source) {
  auto buf = dram_buffer(mesh, 32, 32);
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  auto k = path.empty() ? CreateKernelFromString(p, source, core, DataMovementConfig{})
                        : CreateKernel(p, path, core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {buf->address()});
  run(mesh, std::move(p));
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, buf);
  return out[0];
}

const char* kStoreKernel = R"(
#include "value.h"
void kernel_main() {
  const InterleavedAddrGen<true> dst = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 32};
  cb_reserve_back(0, 1);
  *reinterpret_cast<volatile uint32_t*>(get_write_ptr(0)) = kValue;
  noc_async_write(get_write_ptr(0), get_noc_addr(0, dst), 4);
  noc_async_write_barrier();
}
)";

TEST(Engine, KernelCacheRebuildsWhenAnIncludedHeaderChanges) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const std::string dir = ::testing::TempDir() + "emu_cache_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/store.cpp") << kStoreKernel;
  std::ofstream(dir + "/value.h") << "constexpr uint32_t kValue = 11;\n";
  EXPECT_EQ(run_store_kernel(mesh.get(), dir + "/store.cpp", ""), 11u);
  std::ofstream(dir + "/value.h") << "constexpr uint32_t kValue = 12;\n";
  EXPECT_EQ(run_store_kernel(mesh.get(), dir + "/store.cpp", ""), 12u);
  mesh->close();
}

// The same kernel source in two directories: one object when it includes nothing from its directory (a program
// cache entry per kernel shape has its own kernels/ directory), one per directory when it does.
TEST(Engine, KernelObjectsAreSharedAcrossDirectoriesUnlessTheyIncludeFromThem) {
  namespace fs = std::filesystem;
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const fs::path root = fs::path(::testing::TempDir()) / ("emu_shared_objects_" + std::to_string(getpid()));
  fs::remove_all(root);
  const char* saved = std::getenv("TT_EMU_CACHE_DIR");
  const std::string saved_dir = saved ? saved : "";
  setenv("TT_EMU_CACHE_DIR", (root / "cache").c_str(), 1);
  auto entries = [&] {
    size_t n = 0;
    for (auto& e : fs::directory_iterator(root / "cache")) n += fs::exists(e.path() / "MANIFEST");
    return n;
  };
  std::string self_contained = kStoreKernel;
  self_contained.replace(self_contained.find("#include \"value.h\""), 18, "constexpr uint32_t kValue = 31;");
  for (const char* d : {"a", "b"}) {
    fs::create_directories(root / d);
    std::ofstream(root / d / "store.cpp") << self_contained;
    EXPECT_EQ(run_store_kernel(mesh.get(), (root / d / "store.cpp").string(), ""), 31u);
  }
  EXPECT_EQ(entries(), 1u);  // b's kernel was not compiled again
  for (auto [d, v] : {std::pair{"c", 41u}, std::pair{"e", 42u}}) {
    fs::create_directories(root / d);
    std::ofstream(root / d / "store.cpp") << kStoreKernel;
    std::ofstream(root / d / "value.h") << "constexpr uint32_t kValue = " << v << ";\n";
    EXPECT_EQ(run_store_kernel(mesh.get(), (root / d / "store.cpp").string(), ""), v);
  }
  EXPECT_EQ(entries(), 3u);
  if (saved) setenv("TT_EMU_CACHE_DIR", saved_dir.c_str(), 1);
  else unsetenv("TT_EMU_CACHE_DIR");
  mesh->close();
}

TEST(Engine, KernelFromString) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  std::string src = kStoreKernel;
  src.replace(src.find("#include \"value.h\""), 18, "constexpr uint32_t kValue = 99;");
  EXPECT_EQ(run_store_kernel(mesh.get(), "", src), 99u);
  mesh->close();
}

TEST(Engine, KernelPathResolution) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  Program p = CreateProgram();
  try {
    CreateKernel(p, "no/such/kernel.cpp", CoreCoord{0, 0}, DataMovementConfig{});
    FAIL() << "expected a missing-kernel error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("kernel file 'no/such/kernel.cpp' not found"), std::string::npos);
  }
  // Relative to TT_METAL_KERNEL_PATH.
  setenv("TT_METAL_KERNEL_PATH", EMU_TEST_DIR, 1);
  EXPECT_NO_THROW(CreateKernel(p, "kernels/san_consumer.cpp", CoreCoord{0, 0}, DataMovementConfig{}));
  unsetenv("TT_METAL_KERNEL_PATH");
  mesh->close();
}
TEST(Engine, MulticastExcludesTheSenderUnlessLoopback) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  for (uint32_t loopback : {0u, 1u}) {
    auto out = dram_buffer(mesh.get(), 4 * 2048, 2048);
    Program p = CreateProgram();
    CoreRange rect({0, 0}, {1, 1});
    for (uint8_t cb : {0, 1})
      CreateCircularBuffer(p, rect, CircularBufferConfig(2048, {{cb, tt::DataFormat::UInt32}}).set_page_size(cb, 2048));
    uint32_t sem = CreateSemaphore(p, rect, 0);
    auto ks = CreateKernel(p, kKernels + "mcast_loopback_sender.cpp", CoreCoord{0, 0}, DataMovementConfig{});
    CoreRangeSet rx(std::vector<CoreRange>{CoreRange({1, 0}, {1, 0}), CoreRange({0, 1}, {1, 1})});
    auto kr = CreateKernel(p, kKernels + "mcast_loopback_receiver.cpp", rx, DataMovementConfig{});
    auto a = mesh->worker_core_from_logical_core({0, 0}), b = mesh->worker_core_from_logical_core({1, 1});
    SetRuntimeArgs(p, ks, CoreCoord{0, 0},
                   {out->address(), uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), 3 + loopback, loopback,
                    sem, 0});
    uint32_t idx = 1;
    for (auto& r : rx.ranges())
      for (CoreCoord c : r) SetRuntimeArgs(p, kr, c, {out->address(), sem, idx++});
    run(mesh.get(), std::move(p));
    std::vector<uint32_t> v;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), v, out);
    for (uint32_t page = 0; page < 4; ++page) {
      const bool gets_data = page > 0 || loopback;
      for (uint32_t i = 0; i < 512; ++i)
        ASSERT_EQ(v[page * 512 + i], gets_data ? 0xA0000000u + i : 0xB0B0B0B0u)
            << "loopback " << loopback << " page " << page << " word " << i;
    }
  }
  mesh->close();
}
TEST(Engine, LegacyComputeEntryFormRunsThroughDst) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t tiles = 3;
  auto src = dram_buffer(mesh.get(), tiles * 2048, 2048), dst = dram_buffer(mesh.get(), tiles * 2048, 2048);
  std::vector<uint16_t> in(tiles * 1024);
  for (size_t i = 0; i < in.size(); ++i) in[i] = bfloat16(static_cast<float>(i % 97) * 0.25f - 7.0f).to_uint16();
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  Program p = CreateProgram();
  CoreCoord core{5, 5};
  for (uint8_t cb : {0, 16})
    CreateCircularBuffer(p, core, CircularBufferConfig(2 * 2048, {{cb, tt::DataFormat::Float16_b}}).set_page_size(cb, 2048));
  std::vector<uint32_t> cs, cd;
  TensorAccessorArgs(*src).append_to(cs);
  TensorAccessorArgs(*dst).append_to(cd);
  auto kr = CreateKernel(p, kKernels + "read_tiles_to_cb0.cpp", core, ReaderDataMovementConfig(cs));
  auto kw = CreateKernel(p, kKernels + "write_tiles_from_cb16.cpp", core, WriterDataMovementConfig(cd));
  CreateKernel(p, kKernels + "legacy_copy_compute.cpp", core, ComputeConfig{.compile_args = {tiles}});
  SetRuntimeArgs(p, kr, core, {src->address(), tiles});
  SetRuntimeArgs(p, kw, core, {dst->address(), tiles});
  run(mesh.get(), std::move(p));
  std::vector<uint16_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
  EXPECT_EQ(out, in) << "bf16 through DST and back is exact";
  uint64_t packs = 0;
  for (auto& k : emu::last_run_stats().kernels)
    if (k.risc == "COMPUTE")
      for (auto& [kind, n] : k.tile_ops) packs += n;
  EXPECT_GE(packs, tiles) << "the compute side counted its tile operations";
  mesh->close();
}
TEST(Engine, L1InterleavedBufferPagesAgreeBetweenHostAndDevice) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t pages = 70;  // more than the 64 L1 banks: pages 64..69 sit in the second row of banks 0..5
  auto l1buf = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * 2048},
                                               distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                    .buffer_type = BufferType::L1},
                                               mesh.get());
  auto dst = dram_buffer(mesh.get(), pages * 2048, 2048);
  auto scratch = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 2048},
                                                 distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                      .buffer_type = BufferType::L1},
                                                 mesh.get());
  std::vector<uint32_t> in(pages * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 2246822519u);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), l1buf, in);
  Program p = CreateProgram();
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*l1buf).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  EXPECT_EQ(ct, (std::vector<uint32_t>{0u, 2u})) << "ArgConfig: L1 interleaved = 0, DRAM interleaved = IsDram (2)";
  CoreCoord core{3, 3};
  auto k = CreateKernel(p, kPrograms + "dram_loopback/kernels/copy_tiles.cpp", core, DataMovementConfig{.compile_args = ct});
  SetRuntimeArgs(p, k, core, {scratch->address(), l1buf->address(), dst->address(), pages});
  run(mesh.get(), std::move(p));
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
  EXPECT_EQ(out, in);
  const auto& st = emu::last_run_stats();
  EXPECT_EQ(st.kernels.at(0).noc_read_bytes_l1, pages * 2048u);
  EXPECT_EQ(st.kernels.at(0).noc_write_bytes_dram, pages * 2048u);
  mesh->close();
}
// cb_peak_pages: a reader fetching from L1 (100-cycle latency) feeds a writer storing to DRAM (300 cycles)
// through a CB of `depth` pages. The reader is faster, so in modeled time the CB fills up to its depth: one page
// (it cannot push page k+1 before page k is popped), two or three.
TEST(Engine, CbPeakPagesIsTheModeledOccupancy) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t pages = 8;
  auto src = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * 2048},
                                             distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                  .buffer_type = BufferType::L1},
                                             mesh.get());
  auto dst = dram_buffer(mesh.get(), pages * 2048, 2048);
  std::vector<uint32_t> in(pages * 512, 7);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  for (uint32_t depth : {1u, 2u, 3u}) {
    Program p = CreateProgram();
    CoreCoord core{1, 1};
    CreateCircularBuffer(p, core,
                         CircularBufferConfig(depth * 2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
    std::vector<uint32_t> cs, cd;
    TensorAccessorArgs(*src).append_to(cs);
    TensorAccessorArgs(*dst).append_to(cd);
    auto kr = CreateKernel(p, kKernels + "read_tiles_to_cb0.cpp", core, ReaderDataMovementConfig(cs));
    auto kw = CreateKernel(p, kKernels + "write_tiles_from_cb16.cpp", core,
                           WriterDataMovementConfig(cd, {{"OUT_CB", "0"}}));
    SetRuntimeArgs(p, kr, core, {src->address(), pages});
    SetRuntimeArgs(p, kw, core, {dst->address(), pages});
    run(mesh.get(), std::move(p));
    const auto& st = emu::last_run_stats();
    uint64_t peak = 0;
    for (auto& k : st.kernels)
      if (k.risc == "BRISC") peak = k.cb_peak_pages.at(0);  // the writer pops cb 0
    EXPECT_EQ(peak, depth);
    std::vector<uint32_t> out;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
    EXPECT_EQ(out, in);
  }
  mesh->close();
}

// A program of one data-movement kernel on cores (0,0) and (1,0), each with CB 0 (one 2 KB page) and a
// semaphore. Core i's runtime args: `head`, i, the other core's NOC x and y, the semaphore, (i == 0), `tail`.
Program peer_pair(distributed::MeshDevice* mesh, const std::string& kernel, const std::vector<uint32_t>& head,
                  const std::vector<uint32_t>& tail = {}) {
  Program p = CreateProgram();
  CoreRange both({0, 0}, {1, 0});
  CreateCircularBuffer(p, both, CircularBufferConfig(2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  const uint32_t sem = CreateSemaphore(p, both, 0);
  auto k = CreateKernel(p, kKernels + kernel, both, DataMovementConfig{});
  for (uint32_t i = 0; i < 2; ++i) {
    const auto peer = mesh->worker_core_from_logical_core(CoreCoord{1 - i, 0});
    std::vector<uint32_t> args = head;
    args.insert(args.end(), {i, uint32_t(peer.x), uint32_t(peer.y), sem, uint32_t(i == 0)});
    args.insert(args.end(), tail.begin(), tail.end());
    SetRuntimeArgs(p, k, CoreCoord{i, 0}, args);
  }
  return p;
}

TEST(Engine, StatefulNocReadsKeepTheirStatePerCore) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto src = dram_buffer(mesh.get(), 2 * 2048, 2048), dst = dram_buffer(mesh.get(), 2 * 2048, 2048);
  std::vector<uint32_t> in(1024);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i + (i >= 512 ? 1000000 : 0));
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  run(mesh.get(), peer_pair(mesh.get(), "stateful_read.cpp", {src->address(), dst->address()}));
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
  EXPECT_EQ(out, in);
  mesh->close();
}
// The L1 window is mapped on the first dereference after a core switch, and then shows the running core.
TEST(Engine, WindowIsMappedOnlyWhenAKernelDereferencesL1) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  constexpr uint32_t kRounds = 20;
  for (uint32_t touch = 0; touch < 2; ++touch) {
    auto dst = dram_buffer(mesh.get(), 2 * 32, 32);
    distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), dst, std::vector<uint32_t>(16, 7));
    run(mesh.get(), peer_pair(mesh.get(), "window_ping.cpp", {dst->address()}, {kRounds, touch}));
    const emu::RunStats& s = emu::last_run_stats();
    EXPECT_GE(s.core_switches, 2 * kRounds) << "touch " << touch;
    std::vector<uint32_t> out;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
    if (touch) {
      EXPECT_GE(s.window_maps, 2 * kRounds - 1);  // every turn of the other core than the last one's
      EXPECT_LE(s.window_maps, s.core_switches);
      EXPECT_EQ(out[0], 0u) << "core 0 read another core's L1 through the window";
      EXPECT_EQ(out[8], 0u) << "core 1 read another core's L1 through the window";
    } else {
      EXPECT_EQ(s.window_maps, 0u);
      EXPECT_EQ(out[0], 7u);
    }
  }
  mesh->close();
}
TEST(Engine, KernelGlobalsArePerCoreAndReinitialisedEachLaunch) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  for (int launch = 0; launch < 2; ++launch) {
    auto dst = dram_buffer(mesh.get(), 2 * 32, 32);
    run(mesh.get(), peer_pair(mesh.get(), "globals_per_core.cpp", {dst->address()}));
    std::vector<uint32_t> out;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
    EXPECT_EQ(out[0], 101u) << "launch " << launch;
    EXPECT_EQ(out[1], 2u) << "launch " << launch;
    EXPECT_EQ(out[8], 102u) << "launch " << launch;
    EXPECT_EQ(out[9], 2u) << "launch " << launch;
  }
  mesh->close();
}
TEST(Engine, TwoDevicesOpenAtOnceKeepTheirOwnMemory) {
  auto a = distributed::MeshDevice::create_unit_mesh(0);
  auto b = distributed::MeshDevice::create_unit_mesh(1);
  auto copy_on = [&](distributed::MeshDevice* mesh, uint32_t seed) {
    auto src = dram_buffer(mesh, 4 * 2048, 2048), dst = dram_buffer(mesh, 4 * 2048, 2048);
    auto scratch = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 2048},
                                                   distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                        .buffer_type = BufferType::L1},
                                                   mesh);
    std::vector<uint32_t> in(4 * 512);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * seed);
    distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
    Program p = CreateProgram();
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*src).append_to(ct);
    TensorAccessorArgs(*dst).append_to(ct);
    auto k = CreateKernel(p, kPrograms + "dram_loopback/kernels/copy_tiles.cpp", CoreCoord{2, 2},
                          DataMovementConfig{.compile_args = ct});
    SetRuntimeArgs(p, k, CoreCoord{2, 2}, {scratch->address(), src->address(), dst->address(), 4u});
    run(mesh, std::move(p));
    std::vector<uint32_t> out;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst);
    return out == in;
  };
  EXPECT_TRUE(copy_on(a.get(), 3));
  EXPECT_TRUE(copy_on(b.get(), 5));
  EXPECT_TRUE(copy_on(a.get(), 7));
  b->close();
  EXPECT_TRUE(copy_on(a.get(), 9));
  a->close();
}
TEST(Engine, DprintTileSlice) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  CreateKernel(p, kKernels + "print_slice.cpp", core, DataMovementConfig{});
  ::testing::internal::CaptureStderr();
  run(mesh.get(), std::move(p));
  const std::string err = ::testing::internal::GetCapturedStderr();
  // Rows 1 and 17, columns 0, 8, 16: h + w/32; each line with the SDK print server's prefix (device, core, RISC).
  EXPECT_NE(err.find("0:(x=0,y=0):BR: 1 1.25 1.5\n0:(x=0,y=0):BR: 17 17.25 17.5\n"), std::string::npos) << err;
  mesh->close();
}
TEST(Engine, ModeledTimeSeesAHotDramBank) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  const uint32_t n = 240;
  auto buf = dram_buffer(mesh.get(), n * 2048, 2048);
  auto modeled = [&](uint32_t same) {
    Program p = CreateProgram();
    CoreRange cores({0, 0}, {7, 0});
    CreateCircularBuffer(p, cores, CircularBufferConfig(n * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
    auto k = CreateKernel(p, kKernels + "read_pages_hot_or_spread.cpp", cores, DataMovementConfig{});
    SetRuntimeArgs(p, k, cores, {buf->address(), n, same});
    run(mesh.get(), std::move(p));
    return emu::last_run_stats();
  };
  const auto spread = modeled(0), hot = modeled(1);
  ASSERT_EQ(hot.dram_bank_bytes.size(), 12u);
  EXPECT_EQ(hot.dram_bank_bytes[0], 8u * n * 2048u);
  EXPECT_EQ(hot.dram_bank_bytes[1], 0u);
  for (uint64_t b : spread.dram_bank_bytes) EXPECT_EQ(b, 8u * n * 2048u / 12u);
  EXPECT_EQ(hot.dram_bytes, spread.dram_bytes);
  // One bank gets 1/12 of the chip's measured 267 B/cycle: 8 · 240 pages · 2048 B / 22.25 B per cycle.
  EXPECT_GE(hot.modeled_cycles, 8u * n * 2048u * 12u / 267u);
  EXPECT_GT(hot.modeled_cycles, 4 * spread.modeled_cycles);
  // The bank's queue, not a kernel, ends the hot program: every kernel alone streams the bank at 21 B/cycle.
  uint64_t last_end = 0;
  for (const auto& k : hot.kernels) last_end = std::max(last_end, k.end_cycle);
  EXPECT_GT(hot.modeled_cycles, 2 * last_end);
  // The queue is fed by sums over kernels: the order the engine runs them in (other seeds) changes nothing.
  for (uint64_t seed : {1ull, 2ull, 3ull}) {
    emu::set_seed(seed);
    EXPECT_EQ(modeled(1).modeled_cycles, hot.modeled_cycles) << "seed " << seed;
    EXPECT_EQ(modeled(0).modeled_cycles, spread.modeled_cycles) << "seed " << seed;
  }
  emu::set_seed(0);
  mesh->close();
}
TEST(Engine, StatsJsonLinesForOtherProcesses) {
  const std::string path = ::testing::TempDir() + "emu_stats.jsonl";
  std::remove(path.c_str());
  setenv("TT_EMU_STATS", path.c_str(), 1);
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  std::vector<uint32_t> in(2 * 512, 9);
  run_multicast(mesh.get(), in, 2, nullptr);
  {
    Program p = CreateProgram();
    CoreCoord core{6, 1};
    CreateCircularBuffer(p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
    auto k = CreateKernel(p, kKernels + "san_consumer.cpp", core, DataMovementConfig{});
    SetRuntimeArgs(p, k, core, {1});
    EXPECT_THROW(run(mesh.get(), std::move(p)), emu::SanitizerError);
  }
  unsetenv("TT_EMU_STATS");
  mesh->close();
  std::ifstream f(path);
  std::string ok_line, err_line;
  std::getline(f, ok_line);
  std::getline(f, err_line);
  EXPECT_EQ(ok_line.rfind("{\"function\":\"\",\"program\":\"\",\"device\":\"wormhole_b0\",\"grid\":[8,8],", 0), 0u)
      << ok_line;
  EXPECT_NE(ok_line.find("\"dram_bytes_per_cycle\":267,\"modeled_cycles\":"), std::string::npos) << ok_line;
  EXPECT_NE(ok_line.find("\"error\":null"), std::string::npos);
  EXPECT_NE(ok_line.find("\"kernel\":\"mcast_sender.cpp\",\"risc\":\"NCRISC\",\"core\":[0,0]"), std::string::npos)
      << ok_line;
  EXPECT_NE(err_line.find("\"error\":{\"kind\":\"deadlock\",\"core\":\"(x=6,y=1)\",\"kernel\":\"san_consumer.cpp [BRISC]\","
                          "\"api\":\"cb_wait_front\""),
            std::string::npos)
      << err_line;
}
// A store the access instrumentation does not see (a memset call) is noticed at the kernel's next API call.
TEST(Engine, StoreIntoPendingReadDestinationIsNoticedAtTheNextApiCall) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto buf = dram_buffer(mesh.get(), 2048, 2048);
  Program p = CreateProgram();
  CoreCoord core{3, 6};
  CreateCircularBuffer(p, core, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  const char* src = R"(
#include <cstring>
void kernel_main() {
  const InterleavedAddrGen<true> buf = {.bank_base_address = get_arg_val<uint32_t>(0), .page_size = 2048};
  cb_reserve_back(0, 2);
  const uint32_t l1 = get_write_ptr(0);
  noc_async_read_page(0, buf, l1);
  std::memset(reinterpret_cast<void*>(l1), 1, get_arg_val<uint32_t>(1));  // before the read has landed
  noc_async_read_page(0, buf, l1 + 2048);
  noc_async_read_barrier();
}
)";
  auto k = CreateKernelFromString(p, src, core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {buf->address(), 4});
  try {
    run(mesh.get(), std::move(p));
    FAIL() << "expected a read-before-barrier report";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.kind, "read_before_barrier");
    EXPECT_EQ(e.core, "(x=3,y=6)");
    EXPECT_EQ(e.api, "noc_async_read");
    EXPECT_NE(std::string(e.what()).find("noticed at noc_async_read"), std::string::npos) << e.what();
  }
  mesh->close();
}
}  // namespace
