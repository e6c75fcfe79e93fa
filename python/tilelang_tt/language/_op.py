"""The `op` decorator for language functions: argument count/name mistakes become TileLangErrors naming the op,
and TileLangErrors leave the function without internal frames (errors.user_api). flag() checks a switch argument."""
from __future__ import annotations

import functools
import inspect

import numpy as np

from ..errors import fail, user_api


def flag(opname: str, name: str, value) -> bool:
    """A switch argument (clear=, transpose_B=, ...): True/False (numpy's too) or 0/1; anything else is an error
    (a string like 'no' would otherwise be true)."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, int) and value in (0, 1)):
        return bool(value)
    fail(opname, f"{name} must be True or False, got {value!r}")


def op(name: str):
    def deco(fn):
        sig = inspect.signature(fn)

        @user_api
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                sig.bind(*args, **kwargs)
            except TypeError as e:
                fail(name, str(e))
            return fn(*args, **kwargs)

        return wrapper

    return deco
