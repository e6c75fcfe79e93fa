// DST protocol (emulator/src/compute/dst.h has the rules and the faults).
#pragma once

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
