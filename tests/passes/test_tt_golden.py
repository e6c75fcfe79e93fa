"""Golden tests of the Tenstorrent lowering: the IR text after every TT pass, and the emitted project (kernels,
host program, plan, CMakeLists.txt) of each examples/tenstorrent/ program, compared with the files under
golden/. A change to a pass or to generated code shows up here, in review, as a diff of these files.

TILELANG_TT_UPDATE_GOLDEN=1 rewrites the golden files from the current output (see README.md).
"""
import difflib
import importlib
import importlib.util
import os
import pathlib
import sys

import pytest

import tilelang_tt._core as core
import tilelang_tt.language as T

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
sys.path.insert(0, str(HERE.parent / "python" / "tt"))
import tt_check  # noqa: E402  (tests/python/tt: shared helpers and the example loader)
UPDATE = os.environ.get("TILELANG_TT_UPDATE_GOLDEN", "") not in ("", "0")


# ---- kernels of the pass goldens (ordinary TileLang)

# Most kernels are the factories of the end-to-end tests (tests/python/tt) and of the examples, at fixed sizes:
# the goldens follow an edit of those kernels, which is the point of them.
def add_copy():
    return tt_test("test_tt_elementwise").add_copy(100, 70, 32, 64, "float32")


def add_direct_guarded():
    return example_module("elementwise_add").elementwise_add(90, 200, 64, 64, "bfloat16")


def add_direct_upstream():
    # upstream TileLang's element-wise example: block offsets bound outside the T.Parallel loop
    return tt_test("test_tt_elementwise").add_upstream(100, 70, 32, 64, "float32")


def gemm_pipelined_tb():
    return tt_test("test_tt_gemm").matmul(100, 72, 80, 64, 64, 32, True, stages=3)


def exp_sub_rowvec(dtype="bfloat16"):
    return tt_test("test_tt_elementwise").exp_sub_row(96, 128, 32, 128, dtype)


def exp_sub_rowvec_f32():
    # float32 vectors: the reader broadcasts them in L1 (tl_read_vector_tiles), compute copies whole tiles
    return exp_sub_rowvec(dtype="float32")


def relu_fma():
    return tt_test("test_tt_elementwise").relu_fma(64, 64, 32, 32, "float32")


def softmax_rows():
    # reduce_max / reduce_sum (tt.reduce with the scaler tile), the row vectors broadcast as m[i], a 1-D nest
    return tt_test("test_tt_softmax").softmax(70, 128, 32, "bfloat16")


def online_logsumexp():
    # reduce_max with clear=False across a loop; loop-carried vectors stay live (no pop at the end of the body)
    return tt_test("test_tt_softmax").online_lse(70, 128, 32, 64, "bfloat16")


def cast_f32_bf16():
    # float32 tensor → bf16 fragment (reader in Float32, compute converts) → float32 fragment → float32 tensor
    return tt_test("test_tt_cast").cast_chain(100, 70, 32, 64, "float32", "bfloat16", "float32")


def cast_f32_f8():
    # float32 fragment → float8 fragment: a T.Parallel nest rounding on the device (tt_float8.h), fp32 DST;
    # the float8 tensor is Float16_b tiles
    return tt_test("test_tt_fp8").copy_through(64, 32, "float32", "float32", "float8_e4m3")


def tt_test(name):
    """A module of tests/python/tt (its kernel factories), imported with that directory on the path."""
    return importlib.import_module(name)


def example_module(name):
    return tt_check.example(name)


def gemm_large_block():
    # the example's GEMM with 256×512 output blocks: the CBs fit L1 only with one version of the float32
    # accumulator and of the bf16 output block (plan_tt_cb_depths)
    return example_module("gemm").matmul(1024, 1024, 512, 256, 512, 128)


def splitk_ragged():
    # two T.Kernels: a 3-D grid writing float32 partials to a 3-D workspace with partial edge tiles, then the sum
    return example_module("splitk_gemm").splitk_matmul(100, 72, 300, 64, 64, 32, 4)


def gemv_rows():
    # y = A·x: a row broadcast of x's block (a one-row tensor: row-0 reads), row sums accumulated over K
    return example_module("gemv").gemv_rows(100, 300, 64, 64)


def gemm_bfp8_b_single_stage():
    # B stored as bfp8_b (a Bfp8_b staging CB, unpacked into B_s by compute); num_stages=1: A_s and B_s hold one
    # block each.
    return tt_test("test_tt_bfp8").gemm(64, 96, 128, 32, 32, 64, stages=1)


def online_softmax_two_pass():
    # two column-block loops over the same staging CB: the second loop's reads of x are its own versions (popped in
    # the loop), not one left over from the first loop (tt_pop_insertion)
    return example_module("online_softmax").online_softmax(64, 128, 32, 64)


def conv2d_im2col():
    # upstream's convolution (examples/tenstorrent/conv2d.py): T.im2col of the NHWC image, weights and output
    # through T.Tensor(..., x.data) views; a 3×3 stride-2 conv of an 8×8 image with one 32×32×32 block
    return example_module("conv2d").convolution(1, 32, 8, 8, 32, 3, 2, 1, 1, block_M=32, block_N=32, block_K=32)


def conv2d_parallel():
    # the same convolution in upstream's T.Parallel form (an element-wise gather with T.if_then_else bounds)
    return example_module("conv2d").convolution(1, 32, 8, 8, 32, 3, 2, 1, 1, block_M=32, block_N=32, block_K=32,
                                                use_im2col=False)


def reduce_clear_in_loop():
    # T.fill then reduce_max with clear=True in a loop, read after it: the fill's version is popped unread, and
    # every iteration but the first pops the previous one's result (tt_pop_insertion)
    return tt_test("test_tt_cb_lifetimes").reduce_after_fill("max", True, True, True)


def clear_then_copy_if():
    # a T.clear overwritten under `if by != 0`: popped (unread) in that branch only; c goes to the writer through a
    # staging CB (two writing statements)
    return tt_test("test_tt_cb_lifetimes").block_control("clear_then_copy_if", 96, 64)


def slices_shifted():
    # 3-D tensors: each read carries its slice's first tile row, which bounds the rows it may read
    return tt_test("test_tt_copy_bounds").slices_shifted(3, 70, 64, 32, 32, -32)


def read_off_tile():
    # a region 7 rows and 33 columns off tile boundaries: tt.read_shifted through the reader's scratch page
    return tt_test("test_tt_copy_offtile").read_2d(96, 128, 64, 64, 7, 33, "bfloat16")


def write_off_tile():
    # a store 7 rows and 33 columns off tile boundaries: tt.write_shifted, a read-modify-write of covering tiles
    return tt_test("test_tt_copy_offtile").write_2d(96, 128, 64, 64, 7, 33, "float32")


def padded_gemm_operands():
    # a 16-wide reduction block (not whole tiles): padded reads zero the pad, the GEMM runs on the covering tiles
    return tt_test("test_tt_padded_blocks").gemm_blocks(96, 64, 48, 16, 16)


def padded_eltwise_reduce():
    # 8×16 blocks: element-wise code over the cover, reductions with the pad masked by index tiles, padded stores
    return tt_test("test_tt_padded_blocks").eltwise_reduce(96, 96, 8, 16, "bfloat16")


def eltwise_spilled_tree():
    # a right-nested float32 tree needing 7 DST slots of the fp32 DST's 4: subtrees computed into temporary CBs
    return tt_test("test_tt_eltwise_general").deep_tree(64, 64, 32, 32, "float32", 6)


def eltwise_statements_and_mask():
    # several statements with a scalar temporary, T.if_then_else, T.clamp and an if/else on a boolean condition
    return tt_test("test_tt_eltwise_general").many_statements(64, 96, 32, 32, "float32")


def eltwise_causal_mask():
    # the loop indices as tt.iota tiles, the block offsets bx * bM and k * bN as fill_tile values
    return tt_test("test_tt_eltwise_general").causal_mask(128, 128, 32, 64, "float32")


def cumsum_head_chunks():
    # T.cumsum as a triangular product (float32 split into bf16 pieces) on one-row blocks of a flattened grid
    # index bbh // H, bbh % H, grouped 32 heads per block
    return tt_test("test_tt_cumsum").head_chunks(2, 32, 128, 64, True)


def scalar_code():
    # T.alloc_var / alloc_local scalar code of the block indices, computed by the compute kernel that reads it
    return tt_test("test_tt_cumsum").scalar_code_kernel(64, 96, "float32")


def control_masked_blocks():
    # control data: a branch per block on a row of flags that T.copy loads into a fragment (lower_tt_control_data:
    # the copy becomes lets, the condition a control scalar) and the reader's tt.read_element, its tt.ctrl_push and
    # the compute kernel's tt.ctrl_recv (forward_tt_control); the writer needs no control value
    return tt_test("test_tt_control_data").masked_block_sum(64, 64, 4, True)


def gathered_blocks():
    # control data: copy offsets and a float scalar read from tensors (gathered blocks); compute receives the scalar
    return tt_test("test_tt_control_data").gather_scale(128, 64, 6)


def rows_at_control_offsets():
    # control data: rows at a start read from a tensor — a row gather in (the T.copy rewritten by
    # lower_tt_control_data) and a masked row scatter out (tt.untilize, tt.wait_rows / tt.write_run / tt.pop_rows)
    return tt_test("test_tt_control_data").varlen_rows(85, 64, 5)


def print_pipelined():
    # T.print of the loop index and of a shared slice inside a T.Pipelined gemm loop: tt.print_value and
    # tt.print_tiles (reading the slice's CB version before its pop), DPRINT from the UNPACK thread
    return tt_test("test_tt_print").pipelined()


def int32_max_digits():
    # an int32 reduce_max folded with clear=False: four base-256 digit parts (bf16, alternating between two CBs),
    # masked by the digits above, reduced into bf16 vectors and recombined in int32 (tt_int_reduce)
    return tt_test("test_tt_int_reduce").int_reduce_kernel(64, 64, 32, 64, "max", 1, True)


def splitk_atomic():
    # upstream's split-K form: T.atomic_add of each split's partial into C (lower_tt_atomics: a workspace of
    # partials, one slice per split, and a combine kernel), with a ragged M whose last block overhangs C
    return tt_test("test_tt_atomic").splitk_atomic(80, 64, 128, 64, 32, 32, 4, "bfloat16")


def atomic_lock_loop():
    # a loop whose index is not in the destination index updates each block of C 3 times: the tile lock
    # (lower_tt_atomics' lock strategy; order_tt_locks: tt.lock_wait before the reads of C, tt.lock_signal after
    # its writes)
    return tt_test("test_tt_atomic_lock").loop_updates(3, 64, 64, 32, 32, "float32")


def atomic_lanes_colsum():
    # lanes i of a 2-D nest collide on v[j] (a column sum): folded in the block by reduce_sum into a float32
    # fragment (tt_atomic_lanes), then a 1-D update of v by partials over the colliding bx
    return tt_test("test_tt_atomic_lock").lane_sums(128, 64, 64, "add")


def atomic_max_collide():
    # atomic_max over 3 colliding layers: an init kernel fills the workspace with -inf before the kernel
    return tt_test("test_tt_atomic").colliding(64, 64, 32, 32, 3, "max", "float32")


def causal_balanced():
    # a loop bound from the block index (upstream causal attention's T.min(T.ceildiv(..), T.ceildiv((by + 1) * bM,
    # bN))), 4 row blocks of 1 … 4 iterations dealt by cost to 2 cores (tt.deal "0,3;1,2"): tt.block_list(tt_i)
    from tilelang_tt.tenstorrent import annotate_tt_schedule
    return annotate_tt_schedule(tt_test("test_tt_balance").causal_block_sums(128, 32, 32, 32), policy="balanced",
                                cores=2)


def eltwise_per_head():
    # a T.Parallel nest reading and storing 4-D [B, S, H, D] tensors and a 3-D one directly, per head (by // H,
    # by % H), under a bounds guard: (seq, dim) tiles of one slice, as a copy of the region
    return tt_test("test_tt_rank_eltwise").bshd_bias(1, 70, 2, 32, 64, "bfloat16")


def column_blocks_grouped():
    # one-row blocks that are columns of a [B, S, H] tensor's tiles (chunk cumsum's default layout), grouped 32 heads
    # per block: the copies become transposing T.Parallel nests (tile reads / writes and transpose_tiles)
    return tt_test("test_tt_transpose_global").column_blocks(1, 128, 32, "float32")


def atomic_heads_4d():
    # atomic_max into a 4-D destination owned through by // H and by % H, colliding over bz: a 4-D workspace with
    # the slices stacked along dimension 0, its init and combine kernels over (seq, dim) blocks of each head
    return tt_test("test_tt_rank_eltwise").atomic_heads(2, 2, 64, 3, 64, 32, "max")


def reduce_vector_to_scalar():
    # reduce_max along rows (a column vector), reduce_sum of that vector into a (1,) fragment (its tiles reduced
    # along column 0 into [0, 0] of one tile), read by element-wise code as a tt.scalar_tile (SCALAR broadcast)
    return tt_test("test_tt_reduce_1d").block_minus_scalar(64, 64, 32, "bfloat16", "max", "sum")


def vector_lines_column():
    # a 1-D T.Parallel's store into column by of Y, guarded at the tensor's end: Y stored as lines (tiles per
    # column, infer_tt_vector_layouts), so the store writes whole tiles of its own (tt.write_tiles, not write_line)
    return tt_test("test_tt_vector_layouts").column_lines(80, 5, "float32", "parallel")


def vector_lines_read_back():
    # lse-style lines L[bz, by, bx * 32:…] of a [B, H, S] tensor stored by one kernel and read back by the next as
    # lines (a per-row vector) and as one element in scalar code (tt.read_element at the line layout's place)
    return tt_test("test_tt_vector_layouts").lines_then_read(2, 64, 3, "float32")


def flash_attention_bhsd():
    # upstream's BHSD flash attention forward (examples/flash_attention/example_mha_fwd_bhsd.py), non-causal: its
    # mask `k * block_N + j >= seq_kv` is never true when block_N divides seq_kv (k < seq_kv / block_N), so acc_s is
    # a fill of 0 and the QKᵀ matmul clears it itself (tt_range_fold.h); K and V multicast along core rows
    sys.path.insert(0, str(HERE.parent / "python" / "upstream"))
    from upstream_check import load
    return load("example_mha_fwd_bhsd").flashattn.jit_impl.fn(1, 2, 64, 64, 32, False, block_M=32, block_N=32,
                                                               num_stages=2, threads=128)


def flash_attention_bhsd_causal():
    # the same, causal: `bx * block_M + i + past_len >= k * block_N + j` versioned on bx and k (tt_range_fold.h): a
    # fill of 0 where every index keeps its key, of -inf where none does, the mask's index tiles only on the diagonal
    sys.path.insert(0, str(HERE.parent / "python" / "upstream"))
    from upstream_check import load
    return load("example_mha_fwd_bhsd").flashattn.jit_impl.fn(1, 2, 64, 64, 32, True, block_M=32, block_N=32,
                                                               num_stages=2, threads=128)


def gemm_dynamic_mnk():
    # M, N and K symbolic (T.dynamic), the grid their ceildiv: bind_tt_sizes gives them the values of a call
    # (SIZES: tails in each) and folds the grid and loop bounds to constants
    return tt_test("test_tt_dynamic").gemm_dynamic("mnk")


SIZES = {"gemm_dynamic_mnk": (100, 72, 80)}  # a call's value of each symbolic dim, shape_vars order: m, k, n


PASS_CASES = {f.__name__: f for f in [gemm_dynamic_mnk, control_masked_blocks, gathered_blocks, rows_at_control_offsets, add_copy, add_direct_guarded, add_direct_upstream, gemm_pipelined_tb,
                                        gemm_large_block,
                                        exp_sub_rowvec, exp_sub_rowvec_f32, relu_fma, softmax_rows,
                                        online_logsumexp, cast_f32_bf16, splitk_ragged, gemv_rows, causal_balanced,
                                        gemm_bfp8_b_single_stage, conv2d_im2col, conv2d_parallel,
                                        online_softmax_two_pass, reduce_clear_in_loop, clear_then_copy_if,
                                        slices_shifted, read_off_tile, write_off_tile, eltwise_spilled_tree, eltwise_statements_and_mask,
                                        eltwise_causal_mask, cumsum_head_chunks, scalar_code,
                                        cast_f32_f8, print_pipelined, int32_max_digits,
                                        splitk_atomic, atomic_lock_loop, atomic_lanes_colsum, atomic_max_collide, eltwise_per_head, atomic_heads_4d,
                                        column_blocks_grouped, flash_attention_bhsd,
                                        flash_attention_bhsd_causal, vector_lines_column,
                                        vector_lines_read_back, reduce_vector_to_scalar, padded_gemm_operands,
                                        padded_eltwise_reduce]}


# ---- the examples' kernels at the sizes they run

def example_funcs():
    load = example_module
    ew, gemm, br, sk = load("elementwise_add"), load("gemm"), load("bias_relu"), load("splitk_gemm")
    conv = load("conv2d")
    return {
        "example_elementwise_add": ew.elementwise_add(*ew.SHAPES[1]),  # the shape with partial edge tiles
        "example_gemm": gemm.matmul(*gemm.SIZES),
        "example_bias_relu": br.bias_relu(*br.SIZES),
        "example_splitk_gemm": sk.splitk_matmul(*sk.SIZES, *sk.BLOCKS, sk.SPLITS),
        "example_conv2d": conv.convolution(*conv.SIZES),
    }


EXAMPLE_NAMES = ["example_elementwise_add", "example_gemm", "example_bias_relu", "example_splitk_gemm",
                 "example_conv2d"]
EMITTED = lambda name: name.startswith("kernels/") or name in ("host.cpp", "plan.json", "CMakeLists.txt")


# ---- comparison

def lower(func, sizes=()):
    """(files, [(pass, IR)]) as tilelang.compile(func, out_idx=-1, target="tenstorrent") produces them (for a call at
    `sizes` when func has symbolic dims)."""
    outputs = [False] * (len(func.params) - 1) + [True]
    files, ir_after, _ = core.tt_lower(func.core, "tenstorrent", outputs, 4, sizes=list(sizes))
    return dict(files), list(ir_after)


def compare_dir(directory, expected):
    """expected: {relative path: text}. Asserts the golden directory holds exactly these files with this text
    (or rewrites it under TILELANG_TT_UPDATE_GOLDEN=1)."""
    directory = pathlib.Path(directory)
    present = {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()} if directory.exists() else set()
    if UPDATE:
        for stale in present - set(expected):
            (directory / stale).unlink()
        for rel, text in expected.items():
            path = directory / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
        return
    hint = "run with TILELANG_TT_UPDATE_GOLDEN=1 to rewrite the golden files, then review the diff"
    assert present == set(expected), (f"{directory.name}: golden files {sorted(present)} but the lowering produced "
                                      f"{sorted(expected)}; {hint}")
    for rel, text in sorted(expected.items()):
        golden = (directory / rel).read_text()
        if golden != text:
            diff = "".join(difflib.unified_diff(golden.splitlines(True), text.splitlines(True),
                                                f"golden/{directory.name}/{rel}", "current", n=2))
            pytest.fail(f"{directory.name}/{rel} differs from its golden file ({hint}):\n{diff[:6000]}")


def pass_files(func, sizes=()):
    """The IR before and after every pass, and the emitted kernels (what the last pass's IR becomes)."""
    emitted, ir_after = lower(func, sizes)
    out = {"00_input.ir": core.print_func(func.core)}
    for n, (name, text) in enumerate(ir_after, 1):
        out[f"{n:02d}_{name}.ir"] = text
    out.update({k: v for k, v in emitted.items() if k.startswith("kernels/")})
    return out, ir_after


@pytest.mark.parametrize("case", sorted(PASS_CASES))
def test_pass_golden(case):
    files, ir_after = pass_files(PASS_CASES[case](), SIZES.get(case, ()))
    # Every pass of the pipeline is covered, in pipeline order (lower_tt_atomics only where there are atomics).
    # lower_tt_control_data and forward_tt_control only where there is control data.
    atomics = case in ("splitk_atomic", "atomic_lock_loop", "atomic_lanes_colsum", "atomic_max_collide",
                       "atomic_heads_4d")
    locks = case in ("atomic_lock_loop",)
    control = case in ("control_masked_blocks", "gathered_blocks", "rows_at_control_offsets", "vector_lines_read_back")
    lines = case.startswith("vector_lines")  # infer_tt_vector_layouts only where a tensor is stored as lines
    assert [name for name, _ in ir_after] == ["bind_tt_sizes"] * (case in SIZES) + ["lower_tt_atomics"] * atomics + [
        "apply_tt_defaults", "infer_tt_schedule", "grid_to_persistent_loop"] + ["lower_tt_control_data"] * control + [
        "infer_tt_vector_layouts"] * lines + ["tensorize_tt"] + ["forward_tt_control"] * control + [
        "order_tt_locks"] * locks + [
        "plan_tt_multicast", "plan_tt_cb_depths"]
    compare_dir(GOLDEN / case, files)


@pytest.mark.parametrize("case", sorted(PASS_CASES))
def test_pass_ir_round_trips(case):
    # The IR after every pass is text that parses back to the same IR (the golden files are faithful).
    _, ir_after = pass_files(PASS_CASES[case](), SIZES.get(case, ()))
    for name, text in ir_after:
        assert core.print_func(core.parse_func(text)) == text, f"{case}: the IR after {name} does not round-trip"


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_example_emitted_golden(example):
    func = example_funcs()[example]
    files, _ = lower(func)
    compare_dir(GOLDEN / example, {k: v for k, v in files.items() if EMITTED(k)})


def test_lowering_is_deterministic():
    a, _ = lower(gemm_pipelined_tb())
    b, _ = lower(gemm_pipelined_tb())
    assert a == b


def test_cb_depths_find_read_cbs_by_their_cb_argument(tmp_path):
    # tt.read_tiles(tensor, cb, ...): with A as parameter 16 its reads name tensor 16, the index the float32
    # accumulator's CB also gets. plan_tt_cb_depths must take the CB argument (1) of each read: then the
    # accumulator (CB 16) keeps one copy, and A's CB (0) its two pipeline stages.
    unused = ", ".join(f"P{i}: T.Tensor((32, 32), 'float32')" for i in range(16))
    src = f"""import tilelang_tt.language as T


@T.prim_func
def many_params({unused}, A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"),
                C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.clear(C_l)
        for k in T.Pipelined(2, num_stages=2):
            T.copy(A[by * 32, k * 32], A_s)
            T.copy(B[k * 32, bx * 32], B_s)
            T.gemm(A_s, B_s, C_l)
        T.copy(C_l, C[by * 32, bx * 32])
"""
    (tmp_path / "many_params.py").write_text(src)
    spec = importlib.util.spec_from_file_location("many_params", tmp_path / "many_params.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _, ir_after = lower(module.many_params)
    name, text = ir_after[-1]
    assert name == "plan_tt_cb_depths"
    cbs = text.split('tt.cbs" = "', 1)[1].split('"', 1)[0]
    depth = {int(f[0]): (int(f[2]), int(f[3])) for f in (cb.split(":") for cb in cbs.split(";"))}
    assert depth[16] == (1, 1), cbs  # the accumulator: one copy of its one tile
    assert depth[0] == (2, 1), cbs   # A_s: two stages
