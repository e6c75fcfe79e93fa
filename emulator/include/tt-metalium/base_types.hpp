// MathFidelity and UnpackToDestMode (global namespace, as in the SDK).
#pragma once
#include <cstdint>
#include <ostream>

enum class MathFidelity : uint8_t { LoFi = 0, HiFi2 = 2, HiFi3 = 3, HiFi4 = 4, Invalid = 0xff };
enum class UnpackToDestMode : uint8_t { UnpackToDestFp32, Default };

inline std::ostream& operator<<(std::ostream& os, MathFidelity f) {
  switch (f) {
    case MathFidelity::LoFi: return os << "LoFi";
    case MathFidelity::HiFi2: return os << "HiFi2";
    case MathFidelity::HiFi3: return os << "HiFi3";
    case MathFidelity::HiFi4: return os << "HiFi4";
    default: return os << "Invalid";
  }
}
