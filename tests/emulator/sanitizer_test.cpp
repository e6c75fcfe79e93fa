// One test per sanitizer case: each program would hang or corrupt data on the device; the emulator must
// stop it with emu::SanitizerError naming the right core, kernel, API call and CB / semaphore.
#include "sanitizer_test_env.h"

using namespace tt::tt_metal;
using namespace emu_test;

namespace {
TEST_F(Sanitizer, DeadlockNamesWaiterCbAndFinishedProducer) {
  Program p = CreateProgram();
  CoreCoord core{2, 3};
  cb(p, core, 4);
  auto prod = dm(p, "san_producer.cpp", core, BR);
  auto cons = dm(p, "san_consumer.cpp", core, NC);
  SetRuntimeArgs(p, prod, core, {2});  // pushes 2
  SetRuntimeArgs(p, cons, core, {3});  // waits for 3
  auto e = run(p);
  EXPECT_EQ(e.kind, "deadlock");
  EXPECT_EQ(e.core, "(x=2,y=3)");
  EXPECT_NE(e.kernel.find("san_consumer.cpp"), std::string::npos) << e.what();
  EXPECT_EQ(e.api, "cb_wait_front");
  std::string w = e.what();
  EXPECT_NE(w.find("cb=0, pages=3"), std::string::npos) << w;
  EXPECT_NE(w.find("holds 2 filled page(s)"), std::string::npos) << w;
  EXPECT_NE(w.find("producer on this core is san_producer.cpp [BRISC] (finished)"), std::string::npos) << w;
}

TEST_F(Sanitizer, DeadlockWithoutProducer) {
  Program p = CreateProgram();
  CoreCoord core{1, 0};
  cb(p, core, 2);
  auto cons = dm(p, "san_consumer.cpp", core, NC);
  SetRuntimeArgs(p, cons, core, {1});
  auto e = run(p);
  EXPECT_EQ(e.kind, "deadlock");
  EXPECT_EQ(e.core, "(x=1,y=0)");
  EXPECT_NE(std::string(e.what()).find("no kernel on this core has pushed to cb 0"), std::string::npos) << e.what();
}

TEST_F(Sanitizer, DeadlockNamesTheLastWaypoint) {
  Program p = CreateProgram();
  CoreCoord core{1, 0};
  cb(p, core, 2);
  auto cons = dm(p, "san_waypoint_consumer.cpp", core, NC);
  SetRuntimeArgs(p, cons, core, {1});
  auto e = run(p);
  EXPECT_EQ(e.kind, "deadlock");
  const std::string w = e.what();
  EXPECT_NE(w.find("kernel san_waypoint_consumer.cpp [NCRISC] at waypoint WAIT:"), std::string::npos) << w;
  EXPECT_NE(w.find("kernel san_waypoint_consumer.cpp [NCRISC] at waypoint WAIT waits in cb_wait_front"),
            std::string::npos) << w;
  EXPECT_EQ(w.find("ARGS"), std::string::npos) << w;
}

TEST_F(Sanitizer, SemaphoreDeadlockNamesSemaphore) {
  Program p = CreateProgram();
  CoreCoord core{4, 4};
  CreateSemaphore(p, CoreRange(core), 0);
  uint32_t sem = CreateSemaphore(p, CoreRange(core), 0);
  auto k = dm(p, "san_sem_wait.cpp", core, BR);
  SetRuntimeArgs(p, k, core, {sem});
  auto e = run(p);
  EXPECT_EQ(e.kind, "deadlock");
  EXPECT_EQ(e.core, "(x=4,y=4)");
  EXPECT_EQ(e.api, "noc_semaphore_wait");
  EXPECT_NE(std::string(e.what()).find("semaphore 1"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("to become 1; it is 0"), std::string::npos) << e.what();
}

TEST_F(Sanitizer, PopBeyondWaited) {
  Program p = CreateProgram();
  CoreCoord core{0, 1};
  cb(p, core, 4);
  auto prod = dm(p, "san_producer.cpp", core, BR);
  dm(p, "san_pop_unwaited.cpp", core, NC);
  SetRuntimeArgs(p, prod, core, {4});
  auto e = run(p);
  EXPECT_EQ(e.kind, "cb_protocol");
  EXPECT_EQ(e.core, "(x=0,y=1)");
  EXPECT_NE(e.kernel.find("san_pop_unwaited.cpp [NCRISC]"), std::string::npos);
  EXPECT_EQ(e.api, "cb_pop_front");
  EXPECT_NE(std::string(e.what()).find("cb 0: popping 2 pages but only 1 were waited for"), std::string::npos)
      << e.what();
}

TEST_F(Sanitizer, PushBeyondReserved) {
  Program p = CreateProgram();
  CoreCoord core{5, 2};
  cb(p, core, 2);
  dm(p, "san_push_unreserved.cpp", core, BR);
  auto e = run(p);
  EXPECT_EQ(e.kind, "cb_protocol");
  EXPECT_EQ(e.core, "(x=5,y=2)");
  EXPECT_EQ(e.api, "cb_push_back");
  EXPECT_NE(e.kernel.find("san_push_unreserved.cpp"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("cb 0: pushing 2 pages but only 1 reserved"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("only 1 of its 2 pages are free"), std::string::npos) << e.what();
}

TEST_F(Sanitizer, RequestLargerThanCb) {
  Program p = CreateProgram();
  CoreCoord core{7, 7};
  cb(p, core, 2);
  auto k = dm(p, "san_reserve_too_many.cpp", core, NC);
  SetRuntimeArgs(p, k, core, {3});
  auto e = run(p);
  EXPECT_EQ(e.kind, "cb_protocol");
  EXPECT_EQ(e.core, "(x=7,y=7)");
  EXPECT_EQ(e.api, "cb_reserve_back");
  EXPECT_NE(std::string(e.what()).find("cb 0: requested 3 pages but the CB holds only 2 pages"), std::string::npos);
}

TEST_F(Sanitizer, RequestRunningPastTheEndOfTheCb) {
  Program p = CreateProgram();
  CoreCoord core{4, 0};
  cb(p, core, 3);
  dm(p, "san_cb_wrap.cpp", core, BR);
  auto e = run(p);
  EXPECT_EQ(e.kind, "cb_protocol");
  EXPECT_EQ(e.core, "(x=4,y=0)");
  EXPECT_EQ(e.api, "cb_reserve_back");
  EXPECT_NE(std::string(e.what()).find("cb 0: 2 pages from slot 2 run past the end of the CB (3 pages)"),
            std::string::npos)
      << e.what();
}

TEST_F(Sanitizer, CircularBuffersExceedL1AtCreation) {
  Program p = CreateProgram();
  CoreCoord core{3, 1};
  cb(p, core, 400, 0);  // 800 KB
  try {
    cb(p, core, 400, 1);  // another 800 KB: beyond ≈1363 KB of usable L1
    FAIL() << "expected an L1 overflow";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.kind, "l1_overflow");
    EXPECT_EQ(e.core, "(x=3,y=1)");
    EXPECT_EQ(e.api, "CreateCircularBuffer");
  }
}

TEST_F(Sanitizer, NocReadOutsideDramBuffer) {
  auto buf = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 12 * 2048},
                                             distributed::DeviceLocalBufferConfig{.page_size = 2048,
                                                                                  .buffer_type = BufferType::DRAM},
                                             mesh.get());
  Program p = CreateProgram();
  CoreCoord core{6, 0};
  cb(p, core, 1);
  auto k = dm(p, "san_dram_oob.cpp", core, NC);
  SetRuntimeArgs(p, k, core, {buf->address(), 12});
  auto e = run(p);
  EXPECT_EQ(e.kind, "noc_bounds");
  EXPECT_EQ(e.core, "(x=6,y=0)");
  EXPECT_EQ(e.api, "noc_async_read");
  EXPECT_NE(std::string(e.what()).find("not inside any allocated DRAM buffer"), std::string::npos) << e.what();
}

TEST_F(Sanitizer, NocWriteOutsideL1) {
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  cb(p, core, 1);
  auto k = dm(p, "san_l1_oob.cpp", core, BR);
  auto target = mesh->worker_core_from_logical_core({1, 0});
  SetRuntimeArgs(p, k, core, {static_cast<uint32_t>(target.x), static_cast<uint32_t>(target.y)});
  auto e = run(p);
  EXPECT_EQ(e.kind, "noc_bounds");
  EXPECT_EQ(e.core, "(x=0,y=0)");
  EXPECT_EQ(e.api, "noc_async_write");
  EXPECT_NE(std::string(e.what()).find("is outside L1"), std::string::npos) << e.what();
}

// On every seed: one that lands the read at once leaves it pending until the barrier all the same.
TEST_F(Sanitizer, PushBeforeReadBarrier) {
  auto buf = dram(2048, 2048);
  CoreCoord core{2, 2};
  for (uint32_t seed : kSeeds) {
    emu::set_seed(seed);
    Program p = CreateProgram();
    cb(p, core, 2);
    auto k = dm(p, "san_push_before_barrier.cpp", core, NC);
    auto c = dm(p, "san_consumer.cpp", core, BR);
    SetRuntimeArgs(p, k, core, {buf->address()});
    SetRuntimeArgs(p, c, core, {1});
    auto e = run(p);
    EXPECT_EQ(e.kind, "read_before_barrier") << "seed " << seed;
    EXPECT_EQ(e.core, "(x=2,y=2)");
    EXPECT_NE(e.kernel.find("san_push_before_barrier.cpp"), std::string::npos);
    EXPECT_EQ(e.api, "cb_push_back");
    EXPECT_NE(std::string(e.what()).find("noc_async_read_barrier"), std::string::npos);
  }
}

TEST_F(Sanitizer, TooManyRuntimeArgs) {
  Program p = CreateProgram();
  CoreCoord core{1, 5};
  auto k = dm(p, "san_consumer.cpp", core, BR);
  std::vector<uint32_t> args(342, 1);
  try {
    SetRuntimeArgs(p, k, core, args);
    FAIL() << "expected a runtime-args error";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.kind, "runtime_args");
    EXPECT_EQ(e.core, "(x=1,y=5)");
    EXPECT_NE(e.kernel.find("san_consumer.cpp"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("342 runtime arguments exceed the device limit of 341"), std::string::npos);
  }
}

TEST_F(Sanitizer, RuntimeArgIndexOutOfRange) {
  Program p = CreateProgram();
  CoreCoord core{3, 3};
  auto k = dm(p, "san_arg_oob.cpp", core, BR);
  SetRuntimeArgs(p, k, core, {1});
  auto e = run(p);
  EXPECT_EQ(e.kind, "runtime_args");
  EXPECT_EQ(e.core, "(x=3,y=3)");
  EXPECT_EQ(e.api, "get_arg_val");
}

TEST_F(Sanitizer, WatchdogForSpinningKernel) {
  Program p = CreateProgram();
  CoreCoord core{6, 6};
  cb(p, core, 1);
  dm(p, "san_spin.cpp", core, NC);
  auto e = run(p);
  EXPECT_EQ(e.kind, "watchdog");
  EXPECT_EQ(e.core, "(x=6,y=6)");
  EXPECT_NE(e.kernel.find("san_spin.cpp [NCRISC]"), std::string::npos);
  EXPECT_EQ(e.api, "cb_pages_available_at_front");
}

TEST(SanitizerDeath, WallClockWatchdogNamesRawSpinningKernel) {
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  EXPECT_DEATH(
      {
        setenv("TT_EMU_WATCHDOG_SECONDS", "1", 1);
        auto mesh = distributed::MeshDevice::create_unit_mesh(0);
        Program p = CreateProgram();
        CreateSemaphore(p, CoreRange({2, 5}, {2, 5}), 0);
        CreateKernel(p, kDir + "san_raw_spin.cpp", CoreCoord{2, 5}, DataMovementConfig{});
        distributed::MeshWorkload w;
        w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
        distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
      },
      "kernel san_raw_spin.cpp \\[BRISC\\] on core \\(x=2,y=5\\) has made no API call");
}

TEST(SanitizerDeath, BadPointerCrashNamesKernelAndCore) {
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  EXPECT_DEATH(
      {
        auto mesh = distributed::MeshDevice::create_unit_mesh(0);
        Program p = CreateProgram();
        CreateKernel(p, kDir + "san_bad_pointer.cpp", CoreCoord{1, 2}, DataMovementConfig{});
        distributed::MeshWorkload w;
        w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
        distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
      },
      "segmentation fault at address 0x20 in kernel san_bad_pointer.cpp \\[BRISC\\] on core \\(x=1,y=2\\)");
}

// SIGFPE and abort() in kernel code are reported like a bad pointer: what it was, the kernel and its core.
TEST(SanitizerDeath, DivisionByZeroAndAbortNameKernelAndCore) {
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  auto crash = [](const char* kernel, CoreCoord core) {
    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    Program p = CreateProgram();
    auto k = CreateKernel(p, kDir + kernel, core, DataMovementConfig{});
    SetRuntimeArgs(p, k, core, {0u});
    distributed::MeshWorkload w;
    w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
    distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
  };
  EXPECT_DEATH(crash("san_div_zero.cpp", {3, 1}),
               "arithmetic exception \\(SIGFPE: .*\\) in kernel san_div_zero.cpp \\[BRISC\\] on core \\(x=3,y=1\\)");
  EXPECT_DEATH(crash("san_abort.cpp", {0, 4}),
               "abort \\(SIGABRT: .*\\) in kernel san_abort.cpp \\[BRISC\\] on core \\(x=0,y=4\\)");
}

TEST_F(Sanitizer, MulticastDestinationCountMismatch) {
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  cb(p, CoreRange({0, 0}, {3, 0}), 1);
  auto k = dm(p, "san_mcast_count.cpp", core, BR);
  auto a = mesh->worker_core_from_logical_core({1, 0}), b = mesh->worker_core_from_logical_core({3, 0});
  // Three receivers, but num_dests says 4.
  SetRuntimeArgs(p, k, core, {uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), 4});
  auto e = run(p);
  EXPECT_EQ(e.kind, "noc_mcast");
  EXPECT_EQ(e.core, "(x=0,y=0)");
  EXPECT_NE(std::string(e.what()).find("reaches 3 core(s)"), std::string::npos) << e.what();
}
}  // namespace
