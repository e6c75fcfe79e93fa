// The TT-Metalium API the emulator offers, named by the `ttnn` release whose API it is: TT_METALIUM_API = 66
// (ttnn 0.66, tt-metal of early 2026) or 81 (ttnn 0.81.1, 2026-10; the default). The CMake package sets it from
// -DTT_METALIUM_API=0.66|0.81; a host program's kernel configs record it (kernel_types.hpp) and the kernel builder
// compiles that program's kernels with it, so host and kernels see one API. What differs:
//  * compute headers: compute_kernel_api/*.h (66) or api/compute/*.h (81), each tree only in its version;
//  * compute calls: binary_op_init_common, {add,sub,mul}_tiles_init, mm_init[_short], mm_block_init[_short],
//    init_bcast, unary_bcast_init(icb, ocb) (66) against {add,sub,mul}_init, matmul_init, matmul_block_init,
//    bcast_init, unary_bcast_init(icb), copy_init, sub_tiles_bcast_rows (81);
//  * reduce.h: REDUCE_OP / REDUCE_DIM as default template arguments, which the kernel must define (66), or no
//    defaults (81);
//  * TensorAccessorArgs of an interleaved buffer: one compile-time word (66) or two, adding the aligned page
//    size (81).
#pragma once

#ifndef TT_METALIUM_API
#define TT_METALIUM_API 81
#endif
#if TT_METALIUM_API != 66 && TT_METALIUM_API != 81
#error "TT_METALIUM_API must be 66 (the ttnn 0.66 API, early 2026) or 81 (ttnn 0.81, 2026-10)"
#endif
