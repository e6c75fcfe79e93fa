// The Mesh host API: EnqueueWrite/ReadMeshBuffer, WriteShard/ReadShard, EnqueueMeshWorkload, Finish.
// All run synchronously on the emulator; "blocking" only matters for real hardware.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/mesh_workload.hpp>

namespace tt::tt_metal::distributed {
template <typename T>
void EnqueueWriteMeshBuffer(MeshCommandQueue&, const std::shared_ptr<MeshBuffer>& buffer, const std::vector<T>& src,
                            bool /*blocking*/ = false) {
  EnqueueWriteBufferBytes(*buffer->get_backing_buffer(), src.data(), src.size() * sizeof(T));
}
template <typename T>
void EnqueueReadMeshBuffer(MeshCommandQueue&, std::vector<T>& dst, const std::shared_ptr<MeshBuffer>& buffer,
                           bool /*blocking*/ = true) {
  dst.resize(buffer->size() / sizeof(T));
  EnqueueReadBufferBytes(*buffer->get_backing_buffer(), dst.data(), dst.size() * sizeof(T));
}
template <typename T>
void WriteShard(MeshCommandQueue& cq, const std::shared_ptr<MeshBuffer>& buffer, const std::vector<T>& src,
                const MeshCoordinate&, bool blocking = false) {
  EnqueueWriteMeshBuffer(cq, buffer, src, blocking);
}
template <typename T>
void ReadShard(MeshCommandQueue& cq, std::vector<T>& dst, const std::shared_ptr<MeshBuffer>& buffer,
               const MeshCoordinate&, bool blocking = true) {
  EnqueueReadMeshBuffer(cq, dst, buffer, blocking);
}
void EnqueueMeshWorkload(MeshCommandQueue& cq, MeshWorkload& workload, bool blocking);
void Finish(MeshCommandQueue& cq);
}  // namespace tt::tt_metal::distributed
