// Stand-in for the SFPI toolchain's lltt.h (replay-buffer helpers), whose compiler is not on any registry:
// the same names and signatures, no code (the conformance check compiles, it does not run).
#pragma once
#include <cstdint>
namespace lltt {
enum ExecMode : bool { NoExec = false, Exec = true };
constexpr ExecMode ExecBool(bool exec) { return exec ? Exec : NoExec; }
template <ExecMode mode = NoExec>
inline void record(std::uint32_t, std::uint32_t) {}
inline void replay(std::uint32_t, std::uint32_t) {}
constexpr std::uint32_t replay_insn(std::uint32_t, std::uint32_t) { return 0; }
}  // namespace lltt
