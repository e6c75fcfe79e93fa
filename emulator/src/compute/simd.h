// Portable SIMD helpers for the hot tile kernels. EMU_MULTIVERSION compiles a function for AVX-512, AVX2+FMA
// and a baseline, picked at load time (GCC function multiversioning; a portable path always remains).
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(EMU_NO_MULTIVERSION)
#define EMU_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EMU_MULTIVERSION
#endif

#pragma GCC diagnostic ignored "-Wpsabi"  // vector-typed helpers are always inlined
