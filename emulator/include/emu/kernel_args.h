// Runtime and compile-time kernel arguments, for dataflow and compute kernels alike:
// get_arg_val/get_arg_addr/get_common_arg_val (read from the core's L1, as on the device) and
// get_compile_time_arg_val / get_named_compile_time_arg_val (constexpr, from -DKERNEL_COMPILE_TIME_ARGS=v0,v1,…
// and -DKERNEL_COMPILE_TIME_ARG_MAP={"name",v},…).
#pragma once
#include <cstdint>

#include "emu/kernel_ctx.h"

#ifndef KERNEL_COMPILE_TIME_ARGS
#define KERNEL_COMPILE_TIME_ARGS
#endif

namespace emu {
template <uint32_t... V>
struct CtArgs {
  static constexpr uint32_t count = sizeof...(V);
  static constexpr uint32_t values[sizeof...(V) + 1] = {V..., 0u};
};
using KernelCtArgs = CtArgs<KERNEL_COMPILE_TIME_ARGS>;

template <uint32_t Idx>
constexpr uint32_t get_ct_arg() {
  static_assert(Idx < KernelCtArgs::count, "get_compile_time_arg_val: index out of range of the compile-time args");
  return KernelCtArgs::values[Idx];
}

struct NamedCtArg {
  const char* name;
  uint32_t value;
};
constexpr bool ct_str_eq(const char* a, const char* b) {
  while (*a && *b && *a == *b) ++a, ++b;
  return *a == *b;
}
constexpr NamedCtArg kNamedCtArgs[] = {
#ifdef KERNEL_COMPILE_TIME_ARG_MAP
    KERNEL_COMPILE_TIME_ARG_MAP,
#endif
    {nullptr, 0}};
constexpr uint32_t named_ct_arg(const char* name) {
  for (const auto& a : kNamedCtArgs) {
    if (a.name == nullptr) break;
    if (ct_str_eq(a.name, name)) return a.value;
  }
  // Not a constant expression: using an unknown name fails at compile time.
  throw "get_named_compile_time_arg_val: no such named compile-time argument";
}
}  // namespace emu

#define get_compile_time_arg_val(arg_idx) (::emu::get_ct_arg<(arg_idx)>())
#define get_named_compile_time_arg_val(name) (::emu::named_ct_arg(name))

template <typename T>
inline T get_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_arg_val: runtime arguments are 4-byte values");
  const emu::KernelCtx* k = emu::tls_kernel;
  if (static_cast<uint32_t>(arg_idx) >= k->n_rt_args) emu::rt::arg_fault("get_arg_val", arg_idx, k->n_rt_args);
  return *reinterpret_cast<const volatile T*>(k->l1 + k->rt_args_addr + 4u * arg_idx);  // the window's bytes
}
inline uint32_t get_arg_addr(int arg_idx) { return emu::tls_kernel->rt_args_addr + 4u * arg_idx; }
template <typename T>
inline T get_common_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_common_arg_val: runtime arguments are 4-byte values");
  const emu::KernelCtx* k = emu::tls_kernel;
  if (static_cast<uint32_t>(arg_idx) >= k->n_common_args)
    emu::rt::arg_fault("get_common_arg_val", arg_idx, k->n_common_args);
  return *reinterpret_cast<const volatile T*>(k->l1 + k->common_args_addr + 4u * arg_idx);
}
inline uint32_t get_common_arg_addr(int arg_idx) { return emu::tls_kernel->common_args_addr + 4u * arg_idx; }
