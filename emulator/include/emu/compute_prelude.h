// Force-included (-include emu/compute_prelude.h) into every compute kernel by the kernel builder, so that a
// kernel written for the SDK compiles with the host compiler as ONE thread that plays UNPACK, MATH and PACK
// in program order:
//  * MATH(x), PACK(x), UNPACK(x) keep x; TRISC_MATH, TRISC_PACK and TRISC_UNPACK are all defined.
//  * Legacy entry `namespace NAMESPACE { void MAIN { ... } }` becomes chlkc_math::math_main() (as on the math
//    thread of the SDK); the simplified entry is ::kernel_main(). The builder calls whichever the kernel has.
//  * The generated constants MATH_FIDELITY, APPROX, DST_ACCUM_MODE, DST_SYNC_MODE come from EMU_MATH_FIDELITY,
//    EMU_MATH_APPROX, EMU_DST_ACCUM_MODE, EMU_DST_FULL_SYNC if the builder passes them (-D), else the
//    ComputeConfig defaults. They only select templates; the numerics always follow the running kernel's
//    ComputeConfig (emu::compute_settings()).
//  * namespace ckernel holds the API (`using namespace ckernel;` as chlkc_list.h does) and its enums.
//  * get_arg_val, get_compile_time_arg_val, cb_wait_front/cb_pop_front/cb_reserve_back/cb_push_back and
//    DPRINT come from the runtime's kernel headers, shared with data-movement kernels.
#pragma once

#include <cstdint>

#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif

#define TRISC_MATH 1
#define TRISC_PACK 1
#define TRISC_UNPACK 1
#define MATH(x) x
#define PACK(x) x
#define UNPACK(x) x
#ifndef NAMESPACE
#define NAMESPACE chlkc_math
#endif
#ifndef MAIN
#define MAIN math_main()
#endif

#if __has_include("emu/kernel_args.h")
#include "emu/kernel_args.h"
#endif
#if __has_include("emu/cb_api.h")
#include "emu/cb_api.h"
#endif
#if __has_include("emu/data_format.h")
#include "emu/data_format.h"
#endif
#if __has_include("hostdevcommon/kernel_structs.h")
#include "hostdevcommon/kernel_structs.h"
#endif
#if __has_include("emu/dprint.h")
#include "emu/dprint.h"
#endif

#include "emu/compute_calls.h"

namespace ckernel {

enum class PoolType { SUM, AVG, MAX };
enum class ReduceDim { REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR };
enum class BroadcastType { NONE = 0, COL = 1, ROW = 2, SCALAR = 3 };
enum EltwiseBinaryType { ELWMUL, ELWDIV, ELWADD, ELWSUB, ELWLESS };
enum class EltwiseBinaryReuseDestType { NONE = 0, DEST_TO_SRCA = 1, DEST_TO_SRCB = 2 };
enum VectorMode { None = 0, R = 1, C = 2, RC = 4, RC_custom = 6, Invalid = 0xFF };
enum class DstSync { SyncHalf = 0, SyncFull = 1 };
enum class DataLayout { TILE = 0, ROW_MAJOR = 1 };

}  // namespace ckernel

using namespace ckernel;

#ifndef EMU_MATH_FIDELITY
#define EMU_MATH_FIDELITY 4
#endif
#ifndef EMU_MATH_APPROX
#define EMU_MATH_APPROX false
#endif
#ifndef EMU_DST_ACCUM_MODE
#define EMU_DST_ACCUM_MODE false
#endif
#ifndef EMU_DST_FULL_SYNC
#define EMU_DST_FULL_SYNC false
#endif
constexpr std::int32_t MATH_FIDELITY = EMU_MATH_FIDELITY;
constexpr bool APPROX = EMU_MATH_APPROX;
constexpr bool DST_ACCUM_MODE = EMU_DST_ACCUM_MODE;
#define DST_SYNC_MODE (EMU_DST_FULL_SYNC ? ckernel::DstSync::SyncFull : ckernel::DstSync::SyncHalf)
