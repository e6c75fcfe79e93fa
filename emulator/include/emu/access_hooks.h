// Included once into each kernel's wrapper translation unit by the kernel builder. Kernels are compiled with
// the compiler's kernel-address instrumentation in outline mode (kernel_build.cpp: no shadow memory, no stack
// or global checks): before each load and store kernel code makes, the compiler calls
// __asan_{load,store}{1,2,4,8,16,N}_noabort(address[, size]). They are defined here, hidden in the kernel's own
// object and not instrumented themselves: an address inside the L1 window (a kernel's uint32 L1 address used
// as a pointer) goes to emu::rt::l1_access, which applies the sanitizer's L1 access rules, unless it lies in
// a range the runtime granted; any other address (stack, globals, host memory) returns at once. The grants
// are kernel data, so the runtime keeps them per core as it does every kernel global.
#pragma once
#include <cstddef>
#include <cstdint>

#include "emu/kernel_ctx.h"

#define EMU_ACCESS_HOOK extern "C" __attribute__((visibility("hidden"), used, no_sanitize_address))

namespace emu {
__attribute__((visibility("hidden"))) inline AccessGrants access_grants{};
__attribute__((always_inline, no_sanitize_address)) inline void access_hook(uintptr_t a, size_t n, bool store) {
  if (a - kL1WindowLo >= kL1WindowSpan) return;
  for (uint32_t i = 0; i < AccessGrants::kSlots; ++i)
    if (a >= access_grants.lo[i] && a + n <= access_grants.hi[i]) return;
  rt::l1_access(static_cast<uint32_t>(a), static_cast<uint32_t>(n), store, &access_grants);
}
}  // namespace emu

#define EMU_ACCESS_HOOKS(n)                                                                           \
  EMU_ACCESS_HOOK void __asan_load##n##_noabort(uintptr_t a) { emu::access_hook(a, n, false); }     \
  EMU_ACCESS_HOOK void __asan_store##n##_noabort(uintptr_t a) { emu::access_hook(a, n, true); }
EMU_ACCESS_HOOKS(1)
EMU_ACCESS_HOOKS(2)
EMU_ACCESS_HOOKS(4)
EMU_ACCESS_HOOKS(8)
EMU_ACCESS_HOOKS(16)
#undef EMU_ACCESS_HOOKS
EMU_ACCESS_HOOK void __asan_loadN_noabort(uintptr_t a, size_t n) { emu::access_hook(a, n, false); }
EMU_ACCESS_HOOK void __asan_storeN_noabort(uintptr_t a, size_t n) { emu::access_hook(a, n, true); }
EMU_ACCESS_HOOK void __asan_handle_no_return() {}
#undef EMU_ACCESS_HOOK
