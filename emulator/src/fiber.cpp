// Fiber stacks (mmap with a guard page) and the context switch.
#include "fiber.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>

#if defined(__x86_64__)
extern "C" void emu_fiber_switch(void** save_sp, void* to_sp);
extern "C" void emu_fiber_trampoline();
asm(R"(
.text
.globl emu_fiber_switch
.type emu_fiber_switch,@function
emu_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
.size emu_fiber_switch,.-emu_fiber_switch
.globl emu_fiber_trampoline
.type emu_fiber_trampoline,@function
emu_fiber_trampoline:
  movq %r13, %rdi
  callq *%r12
  ud2
.size emu_fiber_trampoline,.-emu_fiber_trampoline
)");
#else
#include <ucontext.h>
#endif

// A ThreadSanitizer build (a check run by hand: docs/emulator.md, "Host threads") must be told about the switches,
// or it takes each fiber's stack for the thread's and the scheduler's accesses for races with itself.
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define EMU_TSAN(...) __VA_ARGS__
#else
#define EMU_TSAN(...)
#endif

namespace emu {
namespace {
// Stacks are reused across program launches (a launch creates a fiber per kernel per core): no mmap/munmap
// and no page faults on already-touched stack pages each time.
struct StackPool {
  std::vector<std::pair<void*, size_t>> free;
  ~StackPool() {
    for (auto& [p, n] : free) munmap(p, n);
  }
};
StackPool& pool() {
  static StackPool p;
  return p;
}
constexpr size_t kMaxPooled = 1024;
}  // namespace

void fiber_create(Fiber& f, size_t stack_size, void (*fn)(void*), void* arg) {
  const size_t guard = 4096;
  void* mem = nullptr;
  auto& fl = pool().free;
  for (size_t i = fl.size(); i-- > 0;)
    if (fl[i].second == stack_size + guard) {
      mem = fl[i].first;
      fl.erase(fl.begin() + static_cast<long>(i));
      break;
    }
  if (!mem) {
    mem = mmap(nullptr, stack_size + guard, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) throw std::runtime_error("emulator: cannot allocate a fiber stack");
    mprotect(mem, guard, PROT_NONE);
  }
  f.stack = mem;
  f.stack_size = stack_size + guard;
  EMU_TSAN(f.tsan = __tsan_create_fiber(0));
#if defined(__x86_64__)
  uintptr_t top = (reinterpret_cast<uintptr_t>(mem) + f.stack_size) & ~uintptr_t{15};
  auto* s = reinterpret_cast<uint64_t*>(top - 80);
  uint32_t mxcsr = 0x1F80;
  uint16_t fpucw = 0x037F;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  asm volatile("fnstcw %0" : "=m"(fpucw));
  s[0] = static_cast<uint64_t>(mxcsr) | (static_cast<uint64_t>(fpucw) << 32);
  s[1] = 0;                                        // r15
  s[2] = 0;                                        // r14
  s[3] = reinterpret_cast<uint64_t>(arg);          // r13
  s[4] = reinterpret_cast<uint64_t>(fn);           // r12
  s[5] = 0;                                        // rbx
  s[6] = 0;                                        // rbp
  s[7] = reinterpret_cast<uint64_t>(&emu_fiber_trampoline);  // return address
  f.sp = s;
#else
  auto* uc = new ucontext_t;
  getcontext(uc);
  uc->uc_stack.ss_sp = static_cast<char*>(mem) + guard;
  uc->uc_stack.ss_size = stack_size;
  uc->uc_link = nullptr;
  makecontext(uc, reinterpret_cast<void (*)()>(fn), 1, arg);
  f.sp = uc;
#endif
}

void fiber_destroy(Fiber& f) {
  if (f.stack) {
    if (pool().free.size() < kMaxPooled) pool().free.push_back({f.stack, f.stack_size});
    else munmap(f.stack, f.stack_size);
  }
#if !defined(__x86_64__)
  delete static_cast<ucontext_t*>(f.sp);
#endif
  EMU_TSAN(if (f.tsan) __tsan_destroy_fiber(f.tsan));
  f.tsan = nullptr;
  f.stack = nullptr;
  f.sp = nullptr;
}

void fiber_switch(Fiber& from, Fiber& to) {
  EMU_TSAN(if (!from.tsan) from.tsan = __tsan_get_current_fiber());  // the scheduler's: the thread's own
  EMU_TSAN(__tsan_switch_to_fiber(to.tsan, 0));
#if defined(__x86_64__)
  emu_fiber_switch(&from.sp, to.sp);
#else
  if (!from.sp) from.sp = new ucontext_t;
  swapcontext(static_cast<ucontext_t*>(from.sp), static_cast<ucontext_t*>(to.sp));
#endif
}
}  // namespace emu
