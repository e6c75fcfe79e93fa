"""User-facing exceptions and the machinery that points them at the user's source.

Contract:
  * TileLangError: the user's program is wrong or not supported. str(e) is exactly
    "file:line:col: error: [op] message" + "\\n" + the source line + "\\n" + a caret under the column
    (just the first part when the location is unknown). C++ tl::UserError arrives as the same type.
  * InternalError: a broken invariant inside TileLang-TT (a bug in this project).
  * user_span() finds the innermost stack frame that belongs to the user's code (not to this package) and
    returns its (file, line, col) with col 1-based, using the exact column of the current expression.
  * user_api wraps public entry points: a TileLangError leaves them with at most one internal frame in its
    traceback, and an uncaught one is printed with the user's frames only (sys.excepthook), unless the
    environment variable TILELANG_TT_DEBUG=1 is set.
"""
from __future__ import annotations

import functools
import linecache
import os
import re
import sys
import types

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))


class TileLangError(Exception):
    """An error in the user's TileLang program, with its source location."""

    def __init__(self, formatted: str, op: str = "", message: str = "", file: str = "", line: int = 0,
                 col: int = 0):
        super().__init__(formatted)
        self.op, self.message, self.file, self.line, self.col = op, message, file, line, col


class UnknownNameError(TileLangError, AttributeError):
    """A name looked up in the `T` namespace that the language does not have."""


class InternalError(Exception):
    """A bug in TileLang-TT (an internal invariant failed)."""


def debug_enabled() -> bool:
    return os.environ.get("TILELANG_TT_DEBUG", "") not in ("", "0")


def format_error(op: str, message: str, file: str, line: int, col: int) -> str:
    head = f"error: [{op}] {message}"
    if not line:
        return head
    out = f"{file}:{line}:{col}: {head}"
    src = linecache.getline(file, line).rstrip("\r\n")
    if src:
        out += "\n" + src + "\n" + " " * max(col - 1, 0) + "^"
    return out


def _is_internal(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_PKG_DIR + os.sep)


def _frame_col(frame, hint=None) -> int:
    """Column of the frame's current expression (exact on Python >= 3.11; before that, the start of a call
    to `hint` on the line if there is one, else the line's first non-blank character)."""
    code = frame.f_code
    if hasattr(code, "co_positions") and frame.f_lasti >= 0:
        for i, pos in enumerate(code.co_positions()):
            if i == frame.f_lasti // 2:
                if pos[2] is not None and pos[0] == frame.f_lineno:
                    return pos[2] + 1
                break
    src = linecache.getline(code.co_filename, frame.f_lineno)
    if hint:
        m = re.search(r"[A-Za-z_][\w.]*\b" + re.escape(hint) + r"\s*\(", src)
        if m:
            return m.start() + 1
    return len(src) - len(src.lstrip()) + 1


def user_span(hint=None):
    """(file, line, col) of the user's code currently calling into the package, or None."""
    f = sys._getframe(1)
    while f is not None:
        if not _is_internal(f.f_code.co_filename) and not f.f_code.co_filename.startswith("<"):
            return (f.f_code.co_filename, f.f_lineno, _frame_col(f, hint))
        f = f.f_back
    return None


def make_error(op: str, message: str, span=None, cls=TileLangError) -> TileLangError:
    if span is None:
        span = user_span(op)
    file, line, col = span if span else ("", 0, 0)
    return cls(format_error(op, message, file, line, col), op, message, file, line, col)


def fail(op: str, message: str, span=None):
    """Raise a TileLangError for `op` at `span` (default: the user's current source position)."""
    raise make_error(op, message, span)


def user_api(fn):
    """Public entry point: TileLangErrors leave it without a traceback into our internals."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        __tracebackhide__ = True
        try:
            return fn(*args, **kwargs)
        except TileLangError as e:
            if debug_enabled():
                raise
            raise e.with_traceback(None) from None

    return wrapper


def _user_frames_only(tb):
    """The traceback without frames of this package."""
    frames = []
    while tb is not None:
        if not _is_internal(tb.tb_frame.f_code.co_filename):
            frames.append(tb)
        tb = tb.tb_next
    out = None
    for t in reversed(frames):
        out = types.TracebackType(out, t.tb_frame, t.tb_lasti, t.tb_lineno)
    return out


def _raised_in_user_code(tb) -> bool:
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    return last is not None and not _is_internal(last.tb_frame.f_code.co_filename)


def _excepthook(exc_type, exc, tb, _previous=sys.excepthook):
    if not debug_enabled() and (isinstance(exc, TileLangError) or _raised_in_user_code(tb)):
        tb = _user_frames_only(tb)
        exc = exc.with_traceback(tb)
    _previous(exc_type, exc, tb)


# An uncaught TileLangError, or an exception raised by the user's own code while we trace it (a NameError in
# a kernel, say), prints the user's frames only; TILELANG_TT_DEBUG=1 shows everything. Exceptions raised
# inside this package (bugs) keep their full traceback.
if sys.excepthook is sys.__excepthook__:
    sys.excepthook = _excepthook
