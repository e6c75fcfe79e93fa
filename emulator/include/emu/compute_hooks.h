// The seam between the emulator's compute-kernel API (tile math, DST, pack/unpack: emulator/src/compute,
// emulator/include/compute_kernel_api*, api/compute/*) and its runtime (cores, CBs, scheduler, sanitizer,
// counters: the rest of emulator/src). The runtime implements these; the compute side only calls them.
// All refer to the core and kernel that are running on the calling thread/fiber.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emu {

struct ComputeSettings {
  int math_fidelity = 4;          // MathFidelity: LoFi=0, HiFi2=2, HiFi3=3, HiFi4=4
  bool fp32_dest_acc_en = false;  // DST holds fp32 (else bf16)
  bool dst_full_sync_en = false;  // DST capacity doubles (no half-sync double buffering)
  bool math_approx_mode = false;
  bool bfp8_pack_precise = false;
  uint64_t unpack_to_dest_fp32 = 0;  // bit i set: CB i has UnpackToDestMode::UnpackToDestFp32
};
// The ComputeConfig of the running compute kernel.
const ComputeSettings& compute_settings();

// Host pointer to tile `tile_idx` counted from the CB's read pointer (front). The runtime checks that
// tile_idx < the pages the caller has waited for (cb_wait_front), else faults naming `api`.
uint8_t* cb_front_tile(uint32_t cb, uint32_t tile_idx, const char* api);
// Host pointer to tile `tile_idx` counted from the CB's write pointer (back); checks tile_idx < reserved pages.
uint8_t* cb_back_tile(uint32_t cb, uint32_t tile_idx, const char* api);
// The CB's data format (tt::DataFormat numeric value) and page size in bytes.
uint32_t cb_data_format(uint32_t cb);
uint32_t cb_page_size(uint32_t cb);

// Stop the program with a sanitizer error: the runtime adds the core, the kernel and its counters.
[[noreturn]] void compute_fault(const char* api, const std::string& message);

// Counters and the timing model: one tile operation of `kind` ("matmul", "fpu_binary", "sfpu", "pack",
// "unpack", "reduce", "transpose", ...) that the device would spend `cycles` on.
void count_tile_op(const char* kind, uint64_t cycles);
// The same for an operation of the PACK thread, which runs beside UNPACK/MATH: its cycles advance the PACK
// thread's clock, not MATH's.
void count_pack_op(const char* kind, uint64_t cycles);
// The DST hand-over between MATH and PACK, for the timing model: MATH acquiring / committing a section, PACK
// waiting for / releasing it (section 0 or 1 of half sync; always 0 in full sync); kSync: a pack that
// follows MATH's operations (outside the hand-over) brings the PACK thread's clock up to MATH's.
enum class DstEvent { kAcquire, kCommit, kWait, kRelease, kSync };
void dst_event(DstEvent ev, int section);

// Pages pushed to `cb` so far by the running kernel (cb_push_back adds n; monotonic modulo 2^32). pack_tile
// writes to the next sequential slot of the reserved region; that slot counter restarts at 0 whenever this
// value changes (the SDK resets it in cb_push_back).
uint32_t cb_pages_pushed(uint32_t cb);

// Per running compute-kernel instance storage owned by the compute side (DST contents, init state). The
// runtime keeps one void* per compute kernel instance, null when the kernel starts, and when the kernel
// ends calls compute_state_free(p) if it is non-null. compute_state_free is implemented by the compute side.
void*& compute_state_slot();

// Host bytes [lo, hi) of the running core's L1.
struct ByteRange {
  const uint8_t* lo;
  const uint8_t* hi;
};
// Tile math that may run later on another host thread (docs/emulator.md, "Host threads"): `op` touches the
// kernel's DST and the L1 bytes named in `reads` and `writes`, nothing else (no hook, no fault, no counter). It
// runs after the core's earlier deferred operations and before anything else touches those bytes.
void defer_tile_math(std::function<void()> op, const std::vector<ByteRange>& reads,
                     const std::vector<ByteRange>& writes);
// Waits until the running core's deferred tile math is done (before an operation that runs at its call).
void settle_tile_math();
void compute_state_free(void* p);

}  // namespace emu
