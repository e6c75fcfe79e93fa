// MeshShape, MeshCoordinate, MeshCoordinateRange: the emulator runs unit meshes (1×1), but the types accept
// any 2-D shape.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace tt::tt_metal::distributed {
class MeshShape {
 public:
  MeshShape() : dims_{1, 1} {}
  MeshShape(uint32_t r, uint32_t c) : dims_{r, c} {}
  MeshShape(std::initializer_list<uint32_t> d) : dims_(d) {}
  size_t dims() const { return dims_.size(); }
  uint32_t operator[](size_t i) const { return dims_[i]; }
  size_t mesh_size() const {
    size_t n = 1;
    for (auto d : dims_) n *= d;
    return n;
  }
  bool operator==(const MeshShape& o) const { return dims_ == o.dims_; }

 private:
  std::vector<uint32_t> dims_;
};

class MeshCoordinate {
 public:
  MeshCoordinate(uint32_t r, uint32_t c) : coords_{r, c} {}
  MeshCoordinate(std::initializer_list<uint32_t> c) : coords_(c) {}
  static MeshCoordinate zero_coordinate(size_t dims) { return MeshCoordinate(std::vector<uint32_t>(dims, 0)); }
  explicit MeshCoordinate(std::vector<uint32_t> c) : coords_(std::move(c)) {}
  size_t dims() const { return coords_.size(); }
  uint32_t operator[](size_t i) const { return coords_[i]; }
  bool operator==(const MeshCoordinate& o) const { return coords_ == o.coords_; }

 private:
  std::vector<uint32_t> coords_;
};

class MeshCoordinateRange {
 public:
  explicit MeshCoordinateRange(const MeshShape& shape)
      : start_(MeshCoordinate::zero_coordinate(shape.dims())), end_(last_of(shape)) {}
  MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end) : start_(start), end_(end) {}
  const MeshCoordinate& start_coord() const { return start_; }
  const MeshCoordinate& end_coord() const { return end_; }

 private:
  static MeshCoordinate last_of(const MeshShape& s) {
    std::vector<uint32_t> v;
    for (size_t i = 0; i < s.dims(); ++i) v.push_back(s[i] - 1);
    return MeshCoordinate(v);
  }
  MeshCoordinate start_;
  MeshCoordinate end_;
};
}  // namespace tt::tt_metal::distributed
