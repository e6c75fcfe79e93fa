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
}
