// DST protocol (emulator/src/compute/dst.h has the rules and the faults).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/reg_api.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/reg_api.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void tile_regs_acquire() { emu::ck::tile_regs_acquire(); }
ALWI void tile_regs_commit() { emu::ck::tile_regs_commit(); }
ALWI void tile_regs_wait() { emu::ck::tile_regs_wait(); }
ALWI void tile_regs_release() { emu::ck::tile_regs_release(); }
// Deprecated combined forms: acquire = tile_regs_acquire + tile_regs_wait, release = commit + release.
ALWI void acquire_dst() { emu::ck::acquire_dst(); }
ALWI void release_dst() { emu::ck::release_dst(); }
}  // namespace ckernel
