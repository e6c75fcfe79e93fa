// Values shared by host and kernels (semaphore flags).
#pragma once
#include <cstdint>
constexpr static std::uint32_t INVALID = 0;
constexpr static std::uint32_t VALID = 1;
constexpr static std::uint32_t NOTIFY = 2;
