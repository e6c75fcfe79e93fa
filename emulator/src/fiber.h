// Minimal stackful fibers for cooperative scheduling: a fiber runs fn(arg) on its own stack; switching
// saves only callee-saved registers (x86-64 assembly; ucontext elsewhere). fn must never return: it
// switches back to its scheduler for the last time instead.
#pragma once
#include <cstddef>

namespace emu {
struct Fiber {
  void* sp = nullptr;  // saved stack pointer (x86-64) or ucontext_t* (other architectures)
  void* stack = nullptr;
  size_t stack_size = 0;
  void* tsan = nullptr;  // ThreadSanitizer's fiber handle (builds with -fsanitize=thread only; fiber.cpp)
};
void fiber_create(Fiber& f, size_t stack_size, void (*fn)(void*), void* arg);
void fiber_destroy(Fiber& f);
// Save the current context into *from and continue `to`.
void fiber_switch(Fiber& from, Fiber& to);
}  // namespace emu
