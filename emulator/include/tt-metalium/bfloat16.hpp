// Host bfloat16: the upper 16 bits of an IEEE float. Conversion from arithmetic types rounds to nearest even
// (NaN stays NaN); truncate() chops. Comparisons go through float. Plus the SDK's small vector helpers.
#pragma once
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

class bfloat16 {
 public:
  constexpr bfloat16() = default;
  template <class T>
    requires std::is_arithmetic_v<T>
  constexpr bfloat16(T v) noexcept : uint16_data(from_float(static_cast<float>(v))) {}

  static bfloat16 truncate(float f) {
    bfloat16 b;
    b.uint16_data = static_cast<uint16_t>(std::bit_cast<uint32_t>(f) >> 16);
    return b;
  }
  static constexpr bfloat16 from_bits(uint16_t bits) {
    bfloat16 b;
    b.uint16_data = bits;
    return b;
  }
  constexpr operator float() const { return std::bit_cast<float>(static_cast<uint32_t>(uint16_data) << 16); }
  constexpr float to_float() const { return static_cast<float>(*this); }
  constexpr uint16_t to_uint16() const { return uint16_data; }
  constexpr uint16_t to_packed() const { return uint16_data; }

  constexpr bool operator==(bfloat16 rhs) const { return static_cast<float>(*this) == static_cast<float>(rhs); }
  constexpr std::partial_ordering operator<=>(bfloat16 rhs) const noexcept {
    return static_cast<float>(*this) <=> static_cast<float>(rhs);
  }
  bfloat16& operator+=(bfloat16 r) noexcept { return *this = bfloat16(float(*this) + float(r)); }
  bfloat16& operator-=(bfloat16 r) noexcept { return *this = bfloat16(float(*this) - float(r)); }
  bfloat16& operator*=(bfloat16 r) noexcept { return *this = bfloat16(float(*this) * float(r)); }
  bfloat16& operator/=(bfloat16 r) noexcept { return *this = bfloat16(float(*this) / float(r)); }
  bfloat16 operator+(bfloat16 r) const { return bfloat16(float(*this) + float(r)); }
  bfloat16 operator-(bfloat16 r) const { return bfloat16(float(*this) - float(r)); }
  bfloat16 operator*(bfloat16 r) const { return bfloat16(float(*this) * float(r)); }
  bfloat16 operator/(bfloat16 r) const { return bfloat16(float(*this) / float(r)); }

 private:
  static constexpr uint16_t from_float(float f) {
    uint32_t u = std::bit_cast<uint32_t>(f);
    if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu) != 0) return static_cast<uint16_t>((u >> 16) | 0x40);
    uint32_t rounding_bias = 0x7fffu + ((u >> 16) & 1u);
    return static_cast<uint16_t>((u + rounding_bias) >> 16);
  }
  uint16_t uint16_data = 0;
};
static_assert(sizeof(bfloat16) == 2);

inline std::ostream& operator<<(std::ostream& os, const bfloat16& b) { return os << static_cast<float>(b); }

inline uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two) {
  return static_cast<uint32_t>(two.first.to_uint16()) | (static_cast<uint32_t>(two.second.to_uint16()) << 16);
}
inline std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data) {
  std::vector<uint32_t> out((data.size() + 1) / 2, 0);
  std::memcpy(out.data(), data.data(), data.size() * sizeof(bfloat16));
  return out;
}
inline bfloat16 bfloat16_identity_transform(const bfloat16& input) { return input; }
inline std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<uint32_t>& data,
    const std::function<bfloat16(const bfloat16&)>& transform = bfloat16_identity_transform) {
  std::vector<bfloat16> out(data.size() * 2);
  std::memcpy(out.data(), data.data(), data.size() * sizeof(uint32_t));
  for (auto& v : out) v = transform(v);
  return out;
}
inline std::vector<bfloat16> create_random_vector_of_bfloat16_native(size_t num_bytes, float rand_max_float, int seed,
                                                                    float offset = 0.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(0.0f, rand_max_float);
  std::vector<bfloat16> out(num_bytes / sizeof(bfloat16));
  for (auto& v : out) v = bfloat16(dist(gen) + offset);
  return out;
}
inline std::vector<uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, int rand_max_float, int seed,
                                                             float offset = 0.0f) {
  return pack_bfloat16_vec_into_uint32_vec(
      create_random_vector_of_bfloat16_native(num_bytes, static_cast<float>(rand_max_float), seed, offset));
}
inline std::vector<uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value) {
  return pack_bfloat16_vec_into_uint32_vec(std::vector<bfloat16>(num_bytes / sizeof(bfloat16), bfloat16(value)));
}
inline std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones) {
  std::vector<bfloat16> out(static_cast<size_t>(rows) * cols, bfloat16(0.0f));
  for (int i = 0; i < num_ones && i < rows && i < cols; ++i) out[static_cast<size_t>(i) * cols + i] = bfloat16(1.0f);
  return out;
}
inline bool is_close(float a, float b, float rtol = 0.01f, float atol = 0.001f) {
  float d = a > b ? a - b : b - a;
  float m = (a < 0 ? -a : a) > (b < 0 ? -b : b) ? (a < 0 ? -a : a) : (b < 0 ? -b : b);
  return d <= atol + rtol * m;
}
bool equal_within_n_sig_figs(float a, float b, int n);
