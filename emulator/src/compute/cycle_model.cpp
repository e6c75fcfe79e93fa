// SFPU cost estimates: instructions per 32-lane step for each function, by class. Simple ops (moves,
// compares, sign changes, one multiply-add) take ~3 instructions; exp/log/recip/sqrt-like functions use a
// polynomial or Newton iterations (~16); transcendental compositions (tanh, gelu, trig, pow, erf) ~32.
#include "cycle_model.h"

namespace emu::compute {

namespace {
uint64_t steps(uint64_t instructions) { return 32 * instructions; }
}  // namespace

uint64_t sfpu_unary_cycles(SfpuUnary op) {
  switch (op) {
    case SfpuUnary::Exp:
    case SfpuUnary::ExpScaled:
    case SfpuUnary::Exp2:
    case SfpuUnary::Expm1:
    case SfpuUnary::Log:
    case SfpuUnary::LogWithBase:
    case SfpuUnary::Log1p:
    case SfpuUnary::Recip:
    case SfpuUnary::Sqrt:
    case SfpuUnary::Rsqrt:
    case SfpuUnary::Sigmoid:
    case SfpuUnary::Silu:
    case SfpuUnary::DivScalar:
    case SfpuUnary::Elu:
    case SfpuUnary::Softsign:
    case SfpuUnary::Rdiv:
    case SfpuUnary::Cbrt:
    case SfpuUnary::Selu: return steps(16);
    case SfpuUnary::Tanh:
    case SfpuUnary::Gelu:
    case SfpuUnary::GeluExact:
    case SfpuUnary::Power:
    case SfpuUnary::Sin:
    case SfpuUnary::Cos:
    case SfpuUnary::Tan:
    case SfpuUnary::Softplus:
    case SfpuUnary::Erf:
    case SfpuUnary::Erfc:
    case SfpuUnary::Asin:
    case SfpuUnary::Acos:
    case SfpuUnary::Atan:
    case SfpuUnary::Sinh:
    case SfpuUnary::Cosh:
    case SfpuUnary::Rpow: return steps(32);
    default: return steps(3);
  }
}

uint64_t sfpu_binary_cycles(SfpuBinary op) {
  switch (op) {
    case SfpuBinary::Div: return steps(20);
    case SfpuBinary::Power: return steps(40);
    default: return steps(4);
  }
}

}  // namespace emu::compute
