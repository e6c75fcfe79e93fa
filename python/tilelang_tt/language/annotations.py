"""Layout hints: T.use_swizzle and T.annotate_layout. Semantically transparent; recorded as attributes of
the enclosing Kernel ("use_swizzle" = "panel_size,order"; "layout.<buffer>" = the hint's text) so a backend
can read them."""
from __future__ import annotations

from ..errors import fail
from ._op import op
from .buffer import Buffer
from .expr import const_int
from .kernel import current_kernel


@op("use_swizzle")
def use_swizzle(panel_size=8, order="row", enable=True):
    """Block rasterization hint (changes the block→tile order for locality; results are unchanged)."""
    k = current_kernel("use_swizzle")
    if const_int(panel_size) is None or const_int(panel_size) <= 0:
        fail("use_swizzle", f"panel_size must be a positive int, got {panel_size}")
    if order not in ("row", "column", "mlx"):
        fail("use_swizzle", f"order must be 'row', 'column' or 'mlx', got {order!r}")
    if enable:
        k.attrs["use_swizzle"] = f"{const_int(panel_size)},{order}"


@op("annotate_layout")
def annotate_layout(layout_map):
    """Layout hints for buffers: {buffer: layout}. Recorded, not interpreted."""
    k = current_kernel("annotate_layout")
    if not isinstance(layout_map, dict):
        fail("annotate_layout", f"expected a dict {{buffer: layout}}, got {type(layout_map).__name__}")
    for buf, layout in layout_map.items():
        if not isinstance(buf, Buffer):
            fail("annotate_layout", f"expected buffers as keys, got {type(buf).__name__}")
        buf.check_usable("annotate_layout")
        k.attrs[f"layout.{buf.name}"] = getattr(layout, "__name__", type(layout).__name__)


@op("make_swizzled_layout")
def make_swizzled_layout(buffer):
    """A swizzled shared-memory layout hint for annotate_layout."""
    return SwizzledLayout(buffer)


class SwizzledLayout:
    __name__ = "swizzled"

    def __init__(self, buffer):
        self.buffer = buffer


class Layout:
    """T.Layout(shape, forward_fn): a layout function (index → storage index) for T.annotate_layout. Accepted as a
    hint; buffers stay dense row-major here, so it does not change results."""
    __name__ = "layout"

    def __init__(self, shape, forward_fn=None, **kwargs):
        if forward_fn is not None and not callable(forward_fn):
            fail("Layout", f"expected a function for forward_fn, got {type(forward_fn).__name__}")
        self.shape, self.forward_fn = shape, forward_fn


class Fragment(Layout):
    """T.Fragment(shape, forward_fn=None, forward_thread_fn=None, replicate=1, ...): a fragment's distribution over
    threads, for T.annotate_layout. Accepted as a hint (fragments are block-level tiles here)."""
    __name__ = "fragment"

    def __init__(self, shape, forward_fn=None, forward_thread_fn=None, replicate=1, forward_index_fn=None, **kwargs):
        for what, fn in (("forward_thread_fn", forward_thread_fn), ("forward_index_fn", forward_index_fn)):
            if fn is not None and not callable(fn):
                fail("Fragment", f"expected a function for {what}, got {type(fn).__name__}")
        super().__init__(shape, forward_fn)
