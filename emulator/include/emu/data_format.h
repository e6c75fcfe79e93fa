// The device-side DataFormat enum (global namespace, as on the device), numerically equal to tt::DataFormat.
#pragma once
#include <cstdint>
#ifndef EMU_DEVICE_DATA_FORMAT_DEFINED
#define EMU_DEVICE_DATA_FORMAT_DEFINED
enum class DataFormat : uint8_t {
  Float32 = 0, Float16 = 1, Bfp8 = 2, Bfp4 = 3, Tf32 = 4, Float16_b = 5, Bfp8_b = 6, Bfp4_b = 7,
  Int32 = 8, UInt16 = 9, Lf8 = 10, Bfp2 = 11, Int8 = 14, Bfp2_b = 15, UInt32 = 24, UInt8 = 30,
  RawUInt8 = 0xf0, RawUInt16 = 0xf1, RawUInt32 = 0xf2, Invalid = 0xff
};
#endif
