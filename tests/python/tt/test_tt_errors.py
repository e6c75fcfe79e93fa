"""Constructs the Tenstorrent target does not support raise tilelang_tt.TileLangError naming the construct, the
user's file, line and column, with the source line and a caret — at compile time, never wrong code."""

import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at

FILE = __file__


def compile_error(func):
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(func, out_idx=-1, target="tenstorrent")
    return e.value


def check(err, marker, token, op, message):
    assert_error_at(err, FILE, marker, token, op, message)


def test_reduce_global_operand():
    @T.prim_func
    def row_max(A: T.Tensor((64, 64), "float32"), m: T.Tensor((64,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            m_l = T.alloc_fragment((64,), "float32")
            T.reduce_max(A, m_l, dim=1)  # R1
            T.copy(m_l, m[bx * 64])
    check(compile_error(row_max), "R1", "T.reduce_max", "T.reduce_max",
          "operand A is a global tensor: on tenstorrent reductions take shared or fragment buffers; T.copy it into "
          "one first")



def test_reduce_vector_orientation():
    @T.prim_func
    def col_max_used_per_row(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((64, 64), "float32")
            m = T.alloc_fragment((64,), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            T.copy(A[0, 0], A_s)
            T.reduce_max(A_s, m, dim=0)  # R4
            for i, j in T.Parallel(64, 64):
                C_l[i, j] = A_s[i, j] - m[i]
            T.copy(C_l, C[0, 0])
    check(compile_error(col_max_used_per_row), "R4", "T.reduce_max", "T.reduce_max",
          "m holds one value per column (dim=0) but is also used per row (indexed by a row index); tenstorrent "
          "keeps one orientation per vector")

    @T.prim_func
    def row_max_used_per_column(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((64, 64), "float32")
            m = T.alloc_fragment((64,), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            T.copy(A[0, 0], A_s)
            T.reduce_max(A_s, m, dim=1)
            for i, j in T.Parallel(64, 64):  # R5
                C_l[i, j] = A_s[i, j] - m[j]
            T.copy(C_l, C[0, 0])
    check(compile_error(row_max_used_per_column), "R5", "T.Parallel", "T.Parallel",
          "vector m is read per column here but holds one value per row elsewhere; tenstorrent keeps one "
          "orientation per vector")


def test_symbolic_grid():
    # T.dynamic dims are bound at each call (bind_tt_sizes); a grid from a scalar argument is not
    @T.prim_func
    def copy_rows(A: T.Tensor((64, 64), "float32"), n: T.int32, C: T.Tensor((64, 64), "float32")):
        with T.Kernel(T.ceildiv(n, 32), threads=128) as bx:  # K1
            A_s = T.alloc_shared((32, 64), "float32")
            T.copy(A[bx * 32, 0], A_s)
            T.copy(A_s, C[bx * 32, 0])
    check(compile_error(copy_rows), "K1", "T.Kernel", "T.Kernel",
          "the grid must have constant extents on tenstorrent (dimension 0 is symbolic and not a function of the "
          "tensors' shapes); derive it from T.const or T.dynamic dims")


def test_unaligned_block_offset():
    """A store off a tile boundary at an offset that depends on the block index (reads there are shifted by the
    reader, and block-independent stores by the writer: test_tt_copy_offtile)."""
    @T.prim_func
    def shifted(A: T.Tensor((96, 64), "float32"), C: T.Tensor((96, 64), "float32")):
        with T.Kernel(2, threads=128) as bx:
            A_s = T.alloc_shared((32, 64), "float32")
            T.copy(A[bx * 32, 0], A_s)
            T.copy(A_s, C[bx * 32 + 16, 0])  # O1
    check(compile_error(shifted), "O1", "T.copy", "T.copy",
          "the region of C starts off a tile boundary at bx * 32 + 16, which depends on the block indices: on "
          "tenstorrent the writer stores it by rewriting the tiles that cover it, and the blocks of other block "
          "indices write other elements of the same tiles at the same time; store regions that start at multiples "
          "of 32")


def test_data_dependent_block_offset():
    """A copy whose column start is computed from a value read from a tensor (through a let, in either operand of
    the sum) and is not visibly a multiple of 32 names that tensor (data-dependent addressing, issue 14; a row start
    is gathered by rows, test_tt_control_data.py)."""
    @T.prim_func
    def routed(A: T.Tensor((32, 160), "float32"), offsets: T.Tensor((2,), "int32"),
               C: T.Tensor((32, 128), "float32")):
        with T.Kernel(2, threads=128) as bx:
            A_s = T.alloc_shared((32, 64), "float32")
            start = bx * 32 + offsets[bx]
            T.copy(A[0, start], A_s)  # D1
            T.copy(A_s, C[0, bx * 64])
    check(compile_error(routed), "D1", "T.copy", "T.copy",
          "the region of A starts at an offset computed from values read from offsets; copies from data-dependent "
          "offsets are not supported on tenstorrent yet")


def gemm_of(ab, acc):
    @T.prim_func
    def gemm_int(A: T.Tensor((64, 64), ab), B: T.Tensor((64, 64), ab), C: T.Tensor((64, 64), acc)):
        with T.Kernel(1, 1, threads=128) as (bx, by):
            A_s = T.alloc_shared((64, 64), ab)
            B_s = T.alloc_shared((64, 64), ab)
            C_l = T.alloc_fragment((64, 64), acc)
            T.copy(A[0, 0], A_s)
            T.copy(B[0, 0], B_s)
            T.gemm(A_s, B_s, C_l, clear_accum=True)  # IG1
            T.copy(C_l, C[0, 0])
    return gemm_int


@pytest.mark.parametrize("ab,acc,operand,dtype", [("int32", "int32", "A_s", "int32"), ("float32", "int32", "C_l", "int32"),
                                                   ("int8", "int32", "A_s", "int8")])
def test_integer_gemm(ab, acc, operand, dtype):
    # Regression: int32 operands went through the float matrix engine (NaN and garbage, no error). int8 inputs with
    # an int32 accumulator (issue 13, item 5): the matrix engine has no such path.
    check(compile_error(gemm_of(ab, acc)), "IG1", "T.gemm", "T.gemm",
          f"operand {operand} has dtype {dtype}: the tenstorrent matrix engine multiplies and accumulates float tiles "
          "only (the SDK's matmul has no int8 x int8 -> int32 or int32 path, and float products of int32 values are "
          "not exact); use float32, bfloat16 or float16 operands and accumulator")


def test_vector_indexed_off_the_loop_indices_in_parallel():
    # A global vector read at [offset + j] is a per-column vector (test_tt_eltwise_general.py); at i + j it is not.
    @T.prim_func
    def bias_direct(A: T.Tensor((64, 64), "float32"), v: T.Tensor((64,), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            for i, j in T.Parallel(32, 32):
                C[by * 32 + i, bx * 32 + j] = A[by * 32 + i, bx * 32 + j] + v[i + j]  # V1
    check(compile_error(bias_direct), "V1", "C[", "T.Parallel",
          "global vector v is indexed by i + j, not by offset + i or offset + j; on tenstorrent a T.Parallel nest "
          "must be an element-wise operation over whole tiles (see docs/tenstorrent.md)")


def test_conditional_store_into_global_in_tile_code():
    # T.if_then_else and ifs on fragments are selects (test_tt_eltwise_general.py); a store into a global tensor
    # under a condition that is not a bounds guard would have to leave the other elements untouched.
    @T.prim_func
    def relu_store(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            for i, j in T.Parallel(32, 32):
                if A[by * 32 + i, bx * 32 + j] > 0:
                    C[by * 32 + i, bx * 32 + j] = A[by * 32 + i, bx * 32 + j]  # T1
    check(compile_error(relu_store), "T1", "C[", "T.Parallel",
          "a conditional store into global tensor C (other than a bounds check) is not supported: store into a "
          "fragment under the condition and T.copy it out; on tenstorrent a T.Parallel nest must be an element-wise "
          "operation over whole tiles (see docs/tenstorrent.md)")


def test_nothing_is_built_after_an_error(tmp_path, monkeypatch):
    # The error is raised while lowering: no project reaches the build cache.
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path))

    @T.prim_func
    def row_sum(A: T.Tensor((64, 64), "float32"), m: T.Tensor((64,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            m_l = T.alloc_fragment((64,), "float32")
            T.reduce_sum(A, m_l, dim=1)  # R2
            T.copy(m_l, m[0])
    check(compile_error(row_sum), "R2", "T.reduce_sum", "T.reduce_sum",
          "operand A is a global tensor: on tenstorrent reductions take shared or fragment buffers; T.copy it into "
          "one first")
    assert list(tmp_path.iterdir()) == []


def test_gemm_blocks_beyond_l1():
    # 512×512 float32 accumulator (1024 KB, one copy) + A and B blocks (two copies, 128 KB each) + the bf16
    # output block (one copy, 512 KB): the CB budget is counted exactly after plan_tt_cb_depths.
    @T.prim_func
    def gemm(A: T.Tensor((1024, 256), "bfloat16"), B: T.Tensor((256, 1024), "bfloat16"),
             C: T.Tensor((1024, 1024), "bfloat16")):
        with T.Kernel(2, 2, threads=128) as (bx, by):  # L1
            A_s = T.alloc_shared((512, 64), "bfloat16")
            B_s = T.alloc_shared((64, 512), "bfloat16")
            C_l = T.alloc_fragment((512, 512), "float32")
            T.clear(C_l)
            for k in T.Pipelined(4, num_stages=2):
                T.copy(A[by * 512, k * 64], A_s)
                T.copy(B[k * 64, bx * 512], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * 512, bx * 512])
    check(compile_error(gemm), "L1", "T.Kernel", "T.Kernel",
          "this kernel's circular buffers need 1792 KB of L1 but a wormhole_b0 core has 1363 KB free (largest: "
          "buffer C_l, 1024 KB); use smaller blocks (or fewer pipeline stages)")
