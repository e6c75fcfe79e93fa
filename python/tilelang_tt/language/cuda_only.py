"""Upstream TileLang names that exist only for NVIDIA GPUs (its CUDA dialect), each with the portable form to write
instead. `T.<name>` for any of them is a TileLangError at the user's line saying so (language/__init__.__getattr__).
docs/language.md lists them in its construct table."""
from __future__ import annotations

_WS = "warp specialization is CUDA's; write the kernel once and let T.Pipelined(..., num_stages=n) overlap copies " \
      "with compute"
_BARRIER = "explicit (m)barriers are CUDA's; T.copy, T.gemm and T.Pipelined are ordered for you, no barrier is needed"
_TMA = "TMA is CUDA's (Hopper); the portable form is T.copy(src, dst) (T.Pipelined for asynchronous overlap)"
_MMA = "tensor-core MMA instructions are CUDA's; the portable form is T.gemm(A, B, C)"
_CP_ASYNC = "cp.async is CUDA's; the portable form is T.copy(src, dst) inside T.Pipelined"
_VEC = "vector loads/stores are CUDA's; index the buffer (A[i]) or T.copy a slice"
_CLUSTER = "thread-block clusters are CUDA's; use T.Kernel (blocks are independent)"
_PDL = "programmatic dependent launch is CUDA's; remove it: the T.Kernels of one function already run in order"
_WARP = ("this warp-level intrinsic is CUDA's (T.shfl_*, T.warp_reduce_*, T.any_sync / all_sync / match_*_sync and "
         "T.syncthreads_count / and / or are provided); write tile-level code (T.Parallel, T.reduce_*)")
_HINT = "this is a CUDA occupancy/cache hint; remove it"

CUDA_ONLY = {
    **dict.fromkeys(("ws", "WarpSpecialize", "set_max_nreg", "inc_max_nreg", "dec_max_nreg",
                     "disable_warp_group_reg_alloc", "annotate_producer_reg_dealloc", "annotate_consumer_reg_alloc",
                     "get_warp_group_idx"), _WS),
    **dict.fromkeys(("alloc_barrier", "alloc_cluster_barrier", "barrier_arrive", "barrier_wait",
                     "mbarrier_wait_parity", "mbarrier_arrive", "mbarrier_arrive_expect_tx", "named_barrier_arrive",
                     "ptx_arrive_cluster_barrier", "cp_async_barrier_noinc", "fence_proxy_async"), _BARRIER),
    **dict.fromkeys(("tma_copy", "tma_load", "tma_load_2sm", "tma_store_arrive", "tma_store_wait", "tma_gather4",
                     "tma_gather4_bytes", "tma_scatter4", "create_tma_descriptor", "copy_cluster"), _TMA),
    **dict.fromkeys(("wgmma_gemm", "wgmma_gemm_sp", "wgmma_mma", "ptx_wgmma_ss", "ptx_wgmma_rs", "ptx_wgmma_sp_ss",
                     "ptx_wgmma_sp_rs", "wait_wgmma", "warpgroup_arrive", "warpgroup_commit_batch",
                     "warpgroup_fence_operand", "warpgroup_wait", "ptx_mma", "ptx_mma_sm70", "ptx_mma_sp",
                     "ptx_ldmatrix", "tcgen05_gemm", "tcgen05_mma", "tcgen05_mma_arrive", "tcgen05_gemm_sp",
                     "tcgen05_gemm_blockscaled", "tcgen05_mma_blockscaled", "mma_gemm_blockscaled",
                     "tcgen05_after_thread_sync", "tcgen05_before_thread_sync", "tcgen05_cp_warpx4",
                     "alloc_tmem", "deallocate_tmem", "alloc_descriptor", "alloc_wgmma_desc",
                     "alloc_tcgen05_smem_desc", "alloc_tcgen05_instr_desc", "alloc_tcgen05_instruction_desc",
                     "initialize_wgmma_descriptor", "initialize_tcgen05_descriptor", "increase_descriptor_offset"),
                    _MMA),
    **dict.fromkeys(("ptx_cp_async", "ptx_cp_async_barrier", "ptx_cp_async_bulk"), _CP_ASYNC),
    **dict.fromkeys(("ldg32", "ldg64", "ldg128", "ldg256", "lds32", "lds64", "lds128", "stg32", "stg64", "stg128",
                     "stg256", "sts32", "sts64", "sts128"), _VEC),
    **dict.fromkeys(("ClusterKernel", "cluster_arrive_relaxed", "cluster_arrive", "cluster_wait", "cluster_sync",
                     "block_rank_in_cluster", "clc_try_cancel", "clc_try_cancel_multicast", "clc_is_canceled",
                     "clc_get_first_ctaid_x", "clc_get_first_ctaid_y", "clc_get_first_ctaid_z"), _CLUSTER),
    **dict.fromkeys(("pdl_trigger", "pdl_sync"), _PDL),
    **dict.fromkeys(("shuffle_elect", "tvm_warp_shuffle", "tvm_warp_shuffle_up", "tvm_warp_shuffle_down",
                     "tvm_warp_activemask", "activemask", "ballot", "ballot_sync", "get_lane_idx", "get_warp_idx",
                     "get_warp_idx_sync"), _WARP),
    **dict.fromkeys(("ptx_arrive_barrier", "ptx_arrive_barrier_expect_tx", "ptx_init_barrier_thread_count",
                     "ptx_fence_barrier_init", "ptx_wait_barrier", "mbarrier_expect_tx", "create_barriers"),
                    _BARRIER),
    **dict.fromkeys(("ptx_commit_group", "ptx_wait_group"), _CP_ASYNC),
    **dict.fromkeys(("tvm_mma_sync", "tvm_bmma_sync", "tvm_fill_fragment", "tvm_load_matrix_sync",
                     "tvm_store_matrix_sync", "mma_fill", "mma_store", "ptx_mma_block_scale",
                     "ptx_tcgen05_mma_ss", "ptx_tcgen05_mma_ts", "ptx_tcgen05_mma_blockscaled_ss",
                     "tcgen05_sf_warp_transpose", "compute_gmma_descriptor", "compute_umma_descriptor",
                     "TensorCoreIntrinEmitter", "TensorCoreIntrinEmitterSM120",
                     "TensorCoreIntrinEmitterWithLadderTransform", "SparseTensorCoreIntrinEmitter",
                     "WGMMATensorCoreIntrinEmitter", "WGSparseTensorCoreIntrinEmitter", "TCGEN05TensorCoreIntrinEmitter",
                     "WGMMADescriptorParams", "TCGEN05DescriptorParams"), _MMA),
    **dict.fromkeys(("WSID", "WSInstr", "WSOpRef", "WSPipeline", "WSRole", "WSSchedule", "WSScope", "WSSync",
                     "WSSyncKind", "WarpSpecializeFrame", "annotate_ws_schedule", "ws_op", "no_set_max_nreg"), _WS),
    **dict.fromkeys(("sync_grid",), _CLUSTER),
    **dict.fromkeys(("annotate_l2_hit_ratio", "annotate_min_blocks_per_sm"), _HINT),
    "CUDASourceCodeKernel": "a kernel given as CUDA source runs only on CUDA; write it in TileLang with T.Kernel",
    "import_source": "CUDA source imported into a kernel runs only on CUDA; write the function in TileLang (T.macro)",
    "__ldg": "the read-only data cache load is CUDA's; read the element (A[i]) or T.copy a slice",
    "__fns": "__fns (n-th set bit of a warp mask) is CUDA's; T.popcount, T.clz and T.__ffs are provided",
    "sync_global": "a grid-wide barrier is CUDA's (cooperative launch); split the work into two T.Kernel blocks, which "
                   "run in order",
    **dict.fromkeys(("add2", "sub2", "mul2", "fma2", "max2", "min2", "abs2"),
                    "packed x2 operations need CUDA's float32x2 / float16x2 / bfloat16x2 vector dtypes, which "
                    "TileLang-TT does not have; write the scalar operation (+, -, *, T.max, T.min, T.abs) on each "
                    "element in T.Parallel"),
    **dict.fromkeys(("gemm_sp",), "2:4 structured-sparse GEMM uses sparse tensor cores and their metadata layout; the "
                                  "portable form is T.gemm on the dense operands"),
    **dict.fromkeys(("get_ldmatrix_offset", "get_mma_micro_size", "get_swizzle_layout", "make_mma_swizzle_layout",
                     "mma_store_index_map", "make_blockscaled_gemm_layout"),
                    "tensor-core layouts are CUDA's; T.gemm and T.copy choose layouts for you"),
    **dict.fromkeys(("make_tensor", "make_tensor_from_addr"),
                    "tensors made from device addresses (a tensor of pointers) are CUDA's; pass the tensors as "
                    "T.Tensor parameters (or one tensor and a table of offsets)"),
    **dict.fromkeys(("Persistent", "PersistentTileScheduler", "BaseTileScheduler"),
                    "persistent (wave-scheduled) kernels are a CUDA scheduling idiom; write T.Kernel over the whole "
                    "grid (the tenstorrent target makes its kernels persistent itself)"),
}

# Names of TVM's TIR internals that upstream re-exports; they have no meaning in a TileLang program here. Each
# message names the portable form. `T.<name>` raises "'T.<name>' is TVM-internal: ..." (language/__init__).
_CALL = "calls of external or packed functions are TVM's; write the computation in TileLang (a T.macro)"
_PTR = ("pointers and addresses are TVM's; index buffers (A[i, j]) and pass regions (A[i:i + n]) to tile operations "
        "(T.copy, T.gemm)")
_VECTOR = "TVM's vector lanes are not part of the language; write scalar code in T.Parallel (T.vectorized)"
_BUILDER = "this is TVM's IR-builder machinery; write the kernel with T.prim_func / @tilelang.jit"

TVM_INTERNAL = {
    **dict.fromkeys(("call_extern", "call_pure_extern", "call_intrin", "call_llvm_intrin", "call_llvm_pure_intrin",
                     "call_packed", "call_cpacked", "call_packed_lowered", "call_cpacked_lowered"), _CALL),
    **dict.fromkeys(("access_ptr", "address_of", "tvm_access_ptr", "isnullptr", "tvm_stack_alloca",
                     "tvm_stack_make_array", "tvm_stack_make_shape", "tvm_struct_get", "tvm_struct_set",
                     "tvm_tuple", "anylist_getitem", "anylist_resetitem", "anylist_setitem_call_packed",
                     "anylist_setitem_call_cpacked", "lookup_param"), _PTR),
    **dict.fromkeys(("TVMBackendAllocWorkspace", "TVMBackendFreeWorkspace"),
                    "workspaces are allocated with T.alloc_global (zeroed at each call)"),
    **dict.fromkeys(("Shuffle", "extract_lane", "vectorcombine", "vectorhigh", "vectorlow", "vscale"), _VECTOR),
    **dict.fromkeys(("JITFunc", "KernelLaunchFrame", "meta_class", "get_let_value", "has_let_value",
                     "StringImm"), _BUILDER),
    "tvm_storage_sync": "TVM's storage barrier; T.sync_threads is provided (and lockstep threads need none)",
    "tvm_thread_invariant": "TVM's thread-invariance marker; use the value itself",
    "tvm_throw_last_error": "TVM's runtime error hook; kernels report errors at compile time here",
    "ret": "TVM's return from a PrimFunc; kernels return their outputs through out_idx or an eager `return`",
    "undef": "TVM's undefined value; write a defined value (a T.alloc_* buffer starts undefined already)",
    **dict.fromkeys(("start_profile_intrinsic", "end_profile_intrinsic"),
                    "TVM's profiling markers; time kernels with kernel.get_profiler().do_bench()"),
    **dict.fromkeys(("q_multiply_shift", "q_multiply_shift_per_axis"),
                    "TVM's fixed-point requantization intrinsic; write it in int64 arithmetic: "
                    "(T.cast(x, 'int64') * y + (1 << (q - 1 + s))) >> (q + s)"),
}
