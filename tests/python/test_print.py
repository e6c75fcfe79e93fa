"""T.print on the interpreter (a value and a buffer slice, with the block index; in thread-level code with the
thread index too), and the located refusal on tenstorrent of a value computed from a global tensor."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from tt.tt_check import assert_error_at


def printing():
    @T.prim_func
    def main(A: T.Tensor((4, 4), "float32")):
        with T.Kernel(2, 1) as (bx, by):
            s = T.alloc_shared((2, 2), "float32")
            T.copy(A[bx * 2, 0], s)
            T.print(A[bx, 3] * 2, msg="twice")  # print_value
            T.print(s[1, :], msg="row")
    return main


def test_print_values_and_slices_with_the_block_index(capfd):
    a = np.arange(16, dtype=np.float32).reshape(4, 4) + 0.5
    tilelang.compile(printing())(a)
    out = capfd.readouterr().out.splitlines()
    assert out == [
        "msg='twice' at (bx=0, by=0): dtype=float32 value=7",
        "msg='row' at (bx=0, by=0): s(1, 0) dtype=float32 value=4.5",
        "msg='row' at (bx=0, by=0): s(1, 1) dtype=float32 value=5.5",
        "msg='twice' at (bx=1, by=0): dtype=float32 value=15",
        "msg='row' at (bx=1, by=0): s(1, 0) dtype=float32 value=12.5",
        "msg='row' at (bx=1, by=0): s(1, 1) dtype=float32 value=13.5",
    ]


def test_print_in_thread_level_code_names_the_thread(capfd):
    @T.prim_func
    def main(A: T.Tensor((2,), "int32")):
        with T.Kernel(1, threads=2) as bx:
            t = T.get_thread_binding(0)
            T.print(A[t] + 1)
    tilelang.compile(main)(np.array([10, 20], np.int32))
    assert capfd.readouterr().out.splitlines() == ["msg='' at (bx=0, tx=0): dtype=int32 value=11",
                                                   "msg='' at (bx=0, tx=1): dtype=int32 value=21"]


def test_print_of_a_global_expression_on_tenstorrent_is_a_located_error():
    # Tenstorrent kernels print from circular buffers (tests/python/tt/test_tt_print.py): a value computed from a
    # global tensor's elements is not one of them.
    @T.prim_func
    def main(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A, s)
            T.print(A[bx, 3] * 2, msg="twice")  # global value
            T.copy(s, B)
    with pytest.raises(TileLangError) as e:
        tilelang.compile(main, target="tenstorrent")
    assert_error_at(e.value, __file__, "global value", "T.print", "T.print",
                    "printing an expression of elements of A is not supported on tenstorrent", whole=False)
