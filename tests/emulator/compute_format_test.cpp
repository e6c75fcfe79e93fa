// Tile formats: face layout, bf16/fp16 rounding (RNE, ties), Bfp8_b bytes for known values, round trips.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "../../emulator/src/compute/tile_format.h"

using namespace emu::compute;

namespace {
float f(uint32_t bits) { return bits_float(bits); }
}  // namespace

TEST(ComputeFormat, TileBytesFollowTheSdk) {
  EXPECT_EQ(tile_bytes(DataFormat::Float16_b), 2048u);
  EXPECT_EQ(tile_bytes(DataFormat::Float32), 4096u);
  EXPECT_EQ(tile_bytes(DataFormat::Bfp8_b), 1088u);
  EXPECT_EQ(tile_bytes(DataFormat::UInt8), 1024u);
  EXPECT_EQ(tile_bytes(DataFormat::Bfp4_b), 0u);  // not supported by the emulator
}

TEST(ComputeFormat, FaceLayoutOrder) {
  std::vector<float> rm(1024);
  for (int i = 0; i < 1024; ++i) rm[i] = static_cast<float>(i);
  std::vector<uint8_t> bytes(4096);
  pack_tile(DataFormat::Float32, rm.data(), bytes.data());
  const float* l1 = reinterpret_cast<const float*>(bytes.data());
  EXPECT_EQ(l1[0], 0.0f);               // face0 row0 col0 = (0,0)
  EXPECT_EQ(l1[15], 15.0f);             // (0,15)
  EXPECT_EQ(l1[16], 32.0f);             // face0 row1 = (1,0)
  EXPECT_EQ(l1[256], 16.0f);            // face1 starts at (0,16)
  EXPECT_EQ(l1[512], 16.0f * 32);       // face2 starts at (16,0)
  EXPECT_EQ(l1[768], 16.0f * 32 + 16);  // face3 starts at (16,16)
  EXPECT_EQ(l1[1023], 1023.0f);
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) ASSERT_EQ(l1[face_index(r, c)], rm[r * 32 + c]);
  std::vector<float> back(1024);
  unpack_tile(DataFormat::Float32, bytes.data(), back.data());
  EXPECT_EQ(back, rm);
}

TEST(ComputeFormat, Bf16RoundsToNearestEven) {
  EXPECT_EQ(bf16_bits(1.0f), 0x3f80);
  EXPECT_EQ(bf16_bits(f(0x3f808000)), 0x3f80);  // 1 + half ulp: tie, even stays
  EXPECT_EQ(bf16_bits(f(0x3f818000)), 0x3f82);  // 1 + 1.5 ulp: tie, rounds up to even
  EXPECT_EQ(bf16_bits(f(0x3f808001)), 0x3f81);  // just above the tie
  EXPECT_EQ(bf16_bits(f(0x3f807fff)), 0x3f80);  // just below
  EXPECT_EQ(bf16_bits(f(0xbf818000)), 0xbf82);  // negative ties behave the same
  EXPECT_EQ(bf16_bits(f(0x7f7fffff)), 0x7f80);  // max float rounds to inf
  EXPECT_TRUE(std::isnan(bf16_float(bf16_bits(NAN))));
  EXPECT_TRUE(std::isnan(bf16_float(bf16_bits(f(0x7f800001)))));  // signalling NaN does not become inf
  // Through the tile packer, too.
  std::vector<float> rm(1024, f(0x3f818000));
  std::vector<uint8_t> bytes(2048);
  pack_tile(DataFormat::Float16_b, rm.data(), bytes.data());
  EXPECT_EQ(bytes[0], 0x82);
  EXPECT_EQ(bytes[1], 0x3f);
}

TEST(ComputeFormat, Fp16Conversions) {
  EXPECT_EQ(fp16_bits(1.0f), 0x3c00);
  EXPECT_EQ(fp16_bits(-2.0f), 0xc000);
  EXPECT_EQ(fp16_bits(65504.0f), 0x7bff);
  EXPECT_EQ(fp16_bits(65520.0f), 0x7c00);                      // rounds to inf
  EXPECT_EQ(fp16_bits(std::ldexp(1.0f, -24)), 0x0001);         // smallest subnormal
  EXPECT_EQ(fp16_bits(std::ldexp(1.0f, -25)), 0x0000);         // tie -> even (0)
  EXPECT_EQ(fp16_bits(std::ldexp(3.0f, -25)), 0x0002);         // 1.5 ulp tie -> even (2)
  EXPECT_EQ(fp16_bits(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie at 1.0 -> even
  EXPECT_EQ(fp16_bits(1.0f + std::ldexp(3.0f, -11)), 0x3c02);
  for (uint32_t h = 0; h < 0x7c00; h += 7) ASSERT_EQ(fp16_bits(fp16_float(static_cast<uint16_t>(h))), h);
}

TEST(ComputeFormat, Bfp8KnownBytes) {
  std::vector<float> rm(1024, 0.0f);
  // Row 0 of face 0: values sharing exponent 128 (from 3.0).
  rm[0] = 1.0f, rm[1] = 0.5f, rm[2] = -0.75f, rm[3] = 3.0f;
  // Row 1 (exponent 127 from 1.x values): RNE ties and saturation.
  rm[32 + 0] = 1.0f + std::ldexp(1.0f, -7);   // 64.5 units -> tie -> 64
  rm[32 + 1] = 1.0f + std::ldexp(3.0f, -7);   // 65.5 units -> tie -> 66
  rm[32 + 2] = f(0x3fffffff);                 // 127.99 units -> 128 -> saturates at 127
  rm[32 + 3] = std::ldexp(1.0f, -10);         // shifted out entirely -> 0
  rm[32 + 4] = -1.0f - std::ldexp(1.0f, -6);  // exactly 65 units, negative
  // Face 3, row 15, col 15 (row-major (31,31)).
  rm[1023] = -2.0f;
  std::vector<uint8_t> b(1088);
  pack_tile(DataFormat::Bfp8_b, rm.data(), b.data());
  EXPECT_EQ(b[0], 128);            // exponent of face 0 row 0
  EXPECT_EQ(b[1], 127);            // face 0 row 1
  EXPECT_EQ(b[3 * 16 + 15], 128);  // face 3 row 15 (exponent of 2.0)
  EXPECT_EQ(b[64 + 0], 0x20);      // 1.0 = 32 * 2^(128-133)
  EXPECT_EQ(b[64 + 1], 0x10);
  EXPECT_EQ(b[64 + 2], 0x80 | 24);
  EXPECT_EQ(b[64 + 3], 96);
  EXPECT_EQ(b[64 + 4], 0);
  EXPECT_EQ(b[64 + 16 + 0], 64);
  EXPECT_EQ(b[64 + 16 + 1], 66);
  EXPECT_EQ(b[64 + 16 + 2], 127);
  EXPECT_EQ(b[64 + 16 + 3], 0);
  EXPECT_EQ(b[64 + 16 + 4], 0x80 | 65);
  EXPECT_EQ(b[64 + 3 * 256 + 15 * 16 + 15], 0x80 | 64);
  std::vector<float> back(1024);
  unpack_tile(DataFormat::Bfp8_b, b.data(), back.data());
  EXPECT_EQ(back[0], 1.0f);
  EXPECT_EQ(back[2], -0.75f);
  EXPECT_EQ(back[3], 3.0f);
  EXPECT_EQ(back[32 + 0], 1.0f);
  EXPECT_EQ(back[32 + 1], 1.0f + std::ldexp(1.0f, -5));
  EXPECT_EQ(back[32 + 2], 127.0f / 64.0f);
  EXPECT_EQ(back[32 + 3], 0.0f);
  EXPECT_EQ(back[1023], -2.0f);
}

TEST(ComputeFormat, Bfp8RoundTripErrorIsHalfAStepOfTheRowScale) {
  std::mt19937 rng(7);
  std::normal_distribution<float> nd(0.0f, 4.0f);
  std::vector<float> rm(1024), back(1024);
  for (float& v : rm) v = nd(rng);
  std::vector<uint8_t> b(1088);
  pack_tile(DataFormat::Bfp8_b, rm.data(), b.data());
  unpack_tile(DataFormat::Bfp8_b, b.data(), back.data());
  for (int r = 0; r < 32; ++r)
    for (int half = 0; half < 2; ++half) {
      float mx = 0;
      for (int c = 0; c < 16; ++c) mx = std::max(mx, std::fabs(rm[r * 32 + half * 16 + c]));
      const int e = std::ilogb(mx);
      const double step = std::ldexp(1.0, e - 6);  // one unit of the 7-bit magnitude at the shared exponent
      for (int c = 0; c < 16; ++c) {
        const int i = r * 32 + half * 16 + c;
        ASSERT_LE(std::fabs(back[i] - rm[i]), 0.5 * step + 1e-12) << "element " << i;
      }
    }
  // Packing what was unpacked is the identity.
  std::vector<uint8_t> b2(1088);
  pack_tile(DataFormat::Bfp8_b, back.data(), b2.data());
  EXPECT_EQ(b, b2);
}

TEST(ComputeFormat, IntegerFormatsKeepBits) {
  std::vector<uint8_t> b(4096);
  for (int i = 0; i < 1024; ++i) {
    const int32_t v = (i - 512) * 1000003;
    std::memcpy(&b[4 * face_index(i / 32, i % 32)], &v, 4);
  }
  std::vector<float> rm(1024);
  unpack_tile(DataFormat::Int32, b.data(), rm.data());
  for (int i = 0; i < 1024; ++i) ASSERT_EQ(static_cast<int32_t>(float_bits(rm[i])), (i - 512) * 1000003);
  std::vector<uint8_t> b2(4096);
  pack_tile(DataFormat::Int32, rm.data(), b2.data());
  EXPECT_EQ(b, b2);
  std::vector<uint8_t> u16(2048);
  for (int i = 0; i < 1024; ++i) {
    uint16_t v = static_cast<uint16_t>(i * 61);
    std::memcpy(&u16[2 * i], &v, 2);
  }
  unpack_tile(DataFormat::UInt16, u16.data(), rm.data());
  EXPECT_EQ(float_bits(rm[0]), 0u);
  EXPECT_EQ(float_bits(rm[16]), static_cast<uint32_t>(256 * 61 % 65536));  // (0,16) is face1's first element
}
