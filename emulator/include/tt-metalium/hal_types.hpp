// Processor-class and core-type enums used by a few host APIs.
#pragma once
#include <cstdint>
namespace tt::tt_metal {
enum class HalProgrammableCoreType { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2, COUNT = 3 };
enum class HalProcessorClassType : uint8_t { DM = 0, COMPUTE = 1 };
enum class CoreType { WORKER, ETH, PCIE, DRAM, ARC, ROUTER_ONLY, HARVESTED, TENSIX, COUNT };
}  // namespace tt::tt_metal
