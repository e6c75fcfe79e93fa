// tt::DataFormat (numeric values as on the device) and tile sizes in bytes per format.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

namespace tt {
enum class DataFormat : uint8_t {
  Float32 = 0,
  Float16 = 1,
  Bfp8 = 2,
  Bfp4 = 3,
  Tf32 = 4,
  Float16_b = 5,
  Bfp8_b = 6,
  Bfp4_b = 7,
  Int32 = 8,
  UInt16 = 9,
  Lf8 = 10,
  Bfp2 = 11,
  Int8 = 14,
  Bfp2_b = 15,
  UInt32 = 24,
  UInt8 = 30,
  RawUInt8 = 0xf0,
  RawUInt16 = 0xf1,
  RawUInt32 = 0xf2,
  Invalid = 0xff
};

// Bytes of one 32×32 tile in `format` (block-float formats include their 64 exponent bytes).
constexpr uint32_t tile_size(DataFormat format) {
  switch (format) {
    case DataFormat::Float32:
    case DataFormat::Tf32:
    case DataFormat::Int32:
    case DataFormat::UInt32:
    case DataFormat::RawUInt32: return 4096;
    case DataFormat::Float16:
    case DataFormat::Float16_b:
    case DataFormat::UInt16:
    case DataFormat::RawUInt16: return 2048;
    case DataFormat::Bfp8:
    case DataFormat::Bfp8_b: return 1088;
    case DataFormat::Bfp4:
    case DataFormat::Bfp4_b: return 576;
    case DataFormat::Bfp2:
    case DataFormat::Bfp2_b: return 320;
    case DataFormat::Int8:
    case DataFormat::UInt8:
    case DataFormat::Lf8:
    case DataFormat::RawUInt8: return 1024;
    default: return 0;
  }
}
// Bytes per datum for non-block formats (0 for block formats).
constexpr uint32_t datum_size(DataFormat format) {
  switch (format) {
    case DataFormat::Bfp8:
    case DataFormat::Bfp8_b:
    case DataFormat::Bfp4:
    case DataFormat::Bfp4_b:
    case DataFormat::Bfp2:
    case DataFormat::Bfp2_b: return 0;
    default: return tile_size(format) / 1024;
  }
}
std::ostream& operator<<(std::ostream& os, const DataFormat& format);
}  // namespace tt
