// The sanitizer's L1 access rules (emulator/src/access_rules.h) and the API-call bound, one test per rule and
// way of breaking it, each beside the correct variant of the same program (which must run and give the right
// data: no false positives). Raw loads and stores are seen through the kernel build's instrumentation.
#include "sanitizer_test_env.h"

#include <cstdlib>

using namespace tt::tt_metal;
using namespace emu_test;

namespace {
class SanitizerAccess : public Sanitizer {
 protected:
  // cb 0 (2 pages) on `core`: san_fill_back (BRISC, producer) and san_read_front (NCRISC, consumer).
  Program fill_then_read(CoreCoord core, uint32_t fill_how, uint32_t order, uint32_t read_how, uint32_t wait_first,
                         const std::shared_ptr<distributed::MeshBuffer>& src,
                         const std::shared_ptr<distributed::MeshBuffer>& dst) {
    Program p = CreateProgram();
    cb(p, core, 2);
    auto prod = dm(p, "san_fill_back.cpp", core, BR);
    auto cons = dm(p, "san_read_front.cpp", core, NC);
    SetRuntimeArgs(p, prod, core, {0x5eed0001u, fill_how, order, src->address()});
    SetRuntimeArgs(p, cons, core, {dst->address(), read_how, wait_first});
    return p;
  }
  uint32_t word(const std::shared_ptr<distributed::MeshBuffer>& b, uint32_t i) {
    std::vector<uint32_t> v;
    distributed::EnqueueReadMeshBuffer(mesh->mesh_command_queue(), v, b);
    return v.at(i);
  }
};

void expect_cb_access(const emu::SanitizerError& e, const char* core, const char* kernel, const char* api,
                      const char* what) {
  EXPECT_EQ(e.kind, "cb_access") << e.what();
  EXPECT_EQ(e.core, core);
  EXPECT_NE(e.kernel.find(kernel), std::string::npos) << e.kernel;
  EXPECT_EQ(e.api, api);
  EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
}

TEST_F(SanitizerAccess, ConsumerTouchesTheFrontOnlyAfterCbWaitFront) {
  auto src = dram(32, 32), dst = dram(32, 32);
  CoreCoord core{3, 2};
  for (uint32_t read_how : {0u, 1u}) {
    Program ok = fill_then_read(core, 0, 0, read_how, 1, src, dst);
    run_ok(ok);
    EXPECT_EQ(word(dst, 0), 0x5eed0001u);
    for (uint32_t seed : kSeeds) {
      emu::set_seed(seed);
      Program bad = fill_then_read(core, 0, 0, read_how, 0, src, dst);
      auto e = run(bad);
      expect_cb_access(e, "(x=3,y=2)", "san_read_front.cpp [NCRISC]", read_how == 0 ? "L1 load" : "noc_async_write",
                       "cb 0: the kernel ");
      EXPECT_NE(std::string(e.what()).find("in page 0 of its 2 pages"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("it holds no page of this CB"), std::string::npos) << e.what();
    }
  }
}

TEST_F(SanitizerAccess, ProducerWritesOnlyPagesItReservedAndHasNotPushed) {
  auto src = dram(32, 32), dst = dram(32, 32);
  std::vector<uint32_t> in(8, 0x5eed0002u);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  CoreCoord core{0, 4};
  for (uint32_t fill_how : {0u, 1u}) {
    Program ok = fill_then_read(core, fill_how, 0, 1, 1, src, dst);
    run_ok(ok);
    EXPECT_EQ(word(dst, 0), fill_how == 0 ? 0x5eed0001u : 0x5eed0002u);
    const char* api = fill_how == 0 ? "L1 store" : "noc_async_read";
    Program before = fill_then_read(core, fill_how, 1, 1, 1, src, dst);
    expect_cb_access(run(before), "(x=0,y=4)", "san_fill_back.cpp [BRISC]", api, "that page is free and");
    Program after = fill_then_read(core, fill_how, 2, 1, 1, src, dst);
    auto e = run(after);
    expect_cb_access(e, "(x=0,y=4)", "san_fill_back.cpp [BRISC]", api, "in page 0 of its 2 pages");
    // Canonical order: the producer runs first, so the consumer has not popped the pushed page yet.
    EXPECT_NE(std::string(e.what()).find("that page is filled (pushed, not yet popped) and"), std::string::npos) << e.what();
  }
}

TEST_F(SanitizerAccess, RawLoadOfAPendingReadIsReportedOnEverySeed) {
  auto buf = dram(2 * 2048, 2048);
  std::vector<uint32_t> in(1024, 0);
  in[0] = 0x12345678u;
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), buf, in);
  CoreCoord core{4, 2};
  for (uint32_t seed : kSeeds) {
    emu::set_seed(seed);
    Program ok = one_kernel(core, 2, "peek_before_barrier.cpp", BR, {buf->address(), 0});
    run_ok(ok);
    EXPECT_EQ(word(buf, 513), 0x12345678u) << "after the barrier the data has landed (seed " << seed << ")";
    Program bad = one_kernel(core, 2, "peek_before_barrier.cpp", BR, {buf->address(), 1});
    auto e = run(bad);
    EXPECT_EQ(e.kind, "read_before_barrier") << "seed " << seed;
    EXPECT_EQ(e.core, "(x=4,y=2)");
    EXPECT_EQ(e.api, "L1 load");
    EXPECT_NE(std::string(e.what()).find("the kernel reads"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("of a noc_async_read by peek_before_barrier.cpp [BRISC] that is still pending"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(SanitizerAccess, RawStoreIntoAPendingReadIsReportedOnEverySeed) {
  auto buf = dram(2 * 2048, 2048);
  std::vector<uint32_t> in(1024, 0x01010101u);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), buf, in);
  CoreCoord core{7, 0};
  for (uint32_t seed : kSeeds) {
    emu::set_seed(seed);
    // Offset 1024: the middle of the page, where the poison pattern (head and tail 16 bytes) does not reach.
    Program ok = one_kernel(core, 1, "write_into_pending_read.cpp", NC, {buf->address(), 1024, 1, 0});
    run_ok(ok);
    EXPECT_EQ(word(buf, 512 + 256), 7u);
    EXPECT_EQ(word(buf, 512 + 255), 0x01010101u);
    Program bad = one_kernel(core, 1, "write_into_pending_read.cpp", NC, {buf->address(), 1024, 0, 0});
    auto e = run(bad);
    EXPECT_EQ(e.kind, "read_before_barrier") << "seed " << seed;
    EXPECT_EQ(e.core, "(x=7,y=0)");
    EXPECT_EQ(e.api, "L1 store");
    EXPECT_NE(std::string(e.what()).find("the kernel writes"), std::string::npos) << e.what();
  }
}

TEST_F(SanitizerAccess, NocWriteIntoAnotherCoresPendingReadIsReportedOnEverySeed) {
  auto src = dram(2048, 2048);
  CoreCoord a{1, 1}, b{2, 1};
  auto na = mesh->worker_core_from_logical_core(a), nb = mesh->worker_core_from_logical_core(b);
  for (uint32_t seed : kSeeds) {
    emu::set_seed(seed);
    for (uint32_t offset : {2048u, 0u}) {
      Program p = CreateProgram();
      cb(p, CoreRange(a, b), 2);
      const uint32_t sem = CreateSemaphore(p, CoreRange(a, b), 0);
      auto k = dm(p, "san_write_into_peer_read.cpp", CoreRange(a, b), BR);
      SetRuntimeArgs(p, k, a, {0, src->address(), uint32_t(nb.x), uint32_t(nb.y), sem, offset});
      SetRuntimeArgs(p, k, b, {1, src->address(), uint32_t(na.x), uint32_t(na.y), sem, offset});
      if (offset) {
        run_ok(p);
        continue;
      }
      auto e = run(p);
      EXPECT_EQ(e.kind, "read_before_barrier") << "seed " << seed;
      EXPECT_EQ(e.core, "(x=2,y=1)");
      EXPECT_EQ(e.api, "noc_async_write");
      EXPECT_NE(std::string(e.what()).find("a NoC write into core (x=1,y=1)"), std::string::npos) << e.what();
    }
  }
}

// After a legal access the kernel skips the check inside the range granted around it: that range must end
// where the held pages end and where a pending read begins.
TEST_F(SanitizerAccess, GrantedRangesEndWhereTheRulesChange) {
  auto src = dram(2048, 2048);
  std::vector<uint32_t> in(512, 0x5eed0003u);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in);
  CoreCoord core{6, 3};
  Program ok = one_kernel(core, 2, "san_grant_edges.cpp", BR, {src->address(), 2});
  run_ok(ok);
  EXPECT_EQ(word(src, 0), 5u);
  EXPECT_EQ(word(src, 1), 0x5eed0003u);
  Program unreserved = one_kernel(core, 2, "san_grant_edges.cpp", BR, {src->address(), 0});
  expect_cb_access(run(unreserved), "(x=6,y=3)", "san_grant_edges.cpp [BRISC]", "L1 store", "in page 1 of its 2 pages");
  Program pending = one_kernel(core, 2, "san_grant_edges.cpp", BR, {src->address(), 1});
  auto e = run(pending);
  EXPECT_EQ(e.kind, "read_before_barrier") << e.what();
  EXPECT_EQ(e.api, "L1 load");
}

TEST_F(SanitizerAccess, KernelLoopingForeverThroughLegalCallsIsStopped) {
  auto src = dram(32, 32);
  CoreCoord core{5, 5};
  setenv("TT_EMU_MAX_API_CALLS", "20000", 1);
  // 1 + 2 · 9000 calls stay under the bound; a loop without end crosses it.
  Program ok = one_kernel(core, 1, "san_api_loop.cpp", NC, {src->address(), 9000});
  run_ok(ok);
  Program bad = one_kernel(core, 1, "san_api_loop.cpp", NC, {src->address(), 0});
  auto e = run(bad);
  unsetenv("TT_EMU_MAX_API_CALLS");
  EXPECT_EQ(e.kind, "watchdog");
  EXPECT_EQ(e.core, "(x=5,y=5)");
  EXPECT_NE(e.kernel.find("san_api_loop.cpp [NCRISC]"), std::string::npos) << e.kernel;
  EXPECT_EQ(e.api, "noc_async_read_barrier");  // call 20001: the loop's calls alternate, read first
  EXPECT_NE(std::string(e.what()).find("more than 20000 API calls (TT_EMU_MAX_API_CALLS)"), std::string::npos)
      << e.what();
}
}  // namespace
