// MeshWorkload: programs keyed by the mesh range they run on.
#pragma once
#include <utility>
#include <vector>

#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_metal::distributed {
class MeshWorkload {
 public:
  MeshWorkload() = default;
  void add_program(const MeshCoordinateRange& range, Program&& program) {
    programs_.emplace_back(range, std::move(program));
  }
  std::vector<std::pair<MeshCoordinateRange, Program>>& get_programs() { return programs_; }
  size_t size() const { return programs_.size(); }

 private:
  std::vector<std::pair<MeshCoordinateRange, Program>> programs_;
};
}  // namespace tt::tt_metal::distributed
