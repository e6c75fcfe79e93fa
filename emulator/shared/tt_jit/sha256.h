// SHA-256 (FIPS 180-4): the one content hash of both JIT caches — the compiler's program cache
// (src/tilelang_tt/runtime/jit_build.cpp) and the emulator's kernel-object cache (emulator/src/kernel_cache.cpp).
// Keys and the digests in cache manifests are its lowercase hex form (64 characters).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tt_jit {
class Sha256 {
 public:
  Sha256();
  void add(const void* data, size_t n);
  // A field: its length, then its bytes, so that a sequence of fields hashes unambiguously.
  void add_field(std::string_view s);
  std::string hex();  // finishes the hash; the object must not be used afterwards

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t fill_ = 0;
  uint64_t bytes_ = 0;
};

std::string sha256_hex(std::string_view data);
// The digest of a file's contents; empty when it cannot be read.
std::string file_sha256(const std::string& path);
}  // namespace tt_jit
