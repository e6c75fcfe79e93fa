// Circular-buffer count limits (Wormhole 32; the emulator checks the device model's own count at creation).
#pragma once
#include <cstdint>
constexpr static std::uint32_t NUM_CIRCULAR_BUFFERS = 32;
constexpr static std::uint32_t NUM_CIRCULAR_BUFFERS_MAX = 64;
