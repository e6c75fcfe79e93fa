"""SVG drawing for the report page (report.py): a few chart primitives written as SVG text, so that the page is
self-contained and static (no script, no image file, no plotting library).

Input: numbers already computed by report.py. Output: SVG element strings with fixed sizes in px; every number
printed on a chart is formatted here. Elements carry classes (bar, cell, point, ceiling, wait, life) that the
browser test looks for.
"""
from __future__ import annotations

import math
from html import escape

FONT = "font-family='sans-serif' font-size='11'"


def svg(width, height, body, cls):
    return (f"<svg class='{cls}' xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'>{''.join(body)}</svg>")


def rect(x, y, w, h, fill, cls, title=None):
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (f"<rect class='{cls}' x='{x:.2f}' y='{y:.2f}' width='{max(w, 0.5):.2f}' height='{h:.2f}' "
            f"fill='{fill}'>{tip}</rect>")


def text(x, y, s, anchor="start", extra=""):
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {FONT} {extra}>{escape(str(s))}</text>"


def line(x1, y1, x2, y2, stroke="#888", cls="axis", dash=None, width=1):
    d = f" stroke-dasharray='{dash}'" if dash else ""
    return (f"<line class='{cls}' x1='{x1:.2f}' y1='{y1:.2f}' x2='{x2:.2f}' y2='{y2:.2f}' stroke='{stroke}' "
            f"stroke-width='{width}'{d}/>")


def nice_ticks(hi, n=6):
    """Round tick values from 0 to hi (about n of them)."""
    if hi <= 0:
        return [0]
    step = 10 ** math.floor(math.log10(hi / n))
    for m in (1, 2, 5, 10):
        if hi / (step * m) <= n:
            step *= m
            break
    return [i * step for i in range(int(hi / step) + 1)]


def legend(items, x, y):
    """items: [(label, colour)] in one row from (x, y)."""
    out = []
    for label, colour in items:
        out.append(rect(x, y - 9, 10, 10, colour, "key"))
        out.append(text(x + 14, y, label))
        x += 22 + 6.5 * len(label)
    return out


def heat_colour(f):
    """White (0) to dark blue (1 and above)."""
    f = min(max(f, 0.0), 1.0)
    r, g, b = (int(255 + (c - 255) * f) for c in (31, 78, 160))
    return f"rgb({r},{g},{b})"


def heatmap(grid, values, title, cell=34):
    """values {(x, y): fraction}: one cell per core of a grid (gx, gy), its percentage written in it; cores without
    a value are grey."""
    gx, gy = grid
    width, height = 30 + gx * cell, 34 + gy * cell
    body = [text(30, 14, title, extra="font-weight='bold'")]
    for x in range(gx):
        body.append(text(30 + x * cell + cell / 2, 28, f"x={x}", "middle", "fill='#666'"))
    for y in range(gy):
        body.append(text(26, 34 + y * cell + cell / 2 + 4, f"y={y}", "end", "fill='#666'"))
        for x in range(gx):
            v = values.get((x, y))
            fill = "#eee" if v is None else heat_colour(v)
            label = "" if v is None else f"{v:.0%}"
            body.append(rect(30 + x * cell, 34 + y * cell, cell - 2, cell - 2, fill, "cell",
                             f"core (x={x},y={y}): {label or 'idle'}"))
            if label:
                ink = "#fff" if v > 0.55 else "#000"
                body.append(text(30 + x * cell + cell / 2 - 1, 34 + y * cell + cell / 2 + 3, label, "middle",
                                 f"fill='{ink}' font-size='10'"))
    return svg(width + 10, height + 6, body, "heatmap")


def bars(values, labels, title, unit_fmt, width=560, height=220, colour="#4c72b0", mark=None):
    """A vertical bar per value, its label under it; mark: (value, label) drawn as a dashed horizontal line."""
    left, top, bottom = 70, 24, 36
    hi = max(list(values) + ([mark[0]] if mark else [])) or 1
    ticks = nice_ticks(hi * 1.05, 5)
    hi = max(ticks[-1], hi)
    plot_w, plot_h = width - left - 10, height - top - bottom
    y_of = lambda v: top + plot_h * (1 - v / hi)  # noqa: E731
    body = [text(left, 14, title, extra="font-weight='bold'")]
    for t in ticks:
        body += [line(left, y_of(t), left + plot_w, y_of(t), "#ddd", "grid"),
                 text(left - 4, y_of(t) + 4, unit_fmt(t), "end")]
    step = plot_w / max(len(values), 1)
    for i, (v, lab) in enumerate(zip(values, labels)):
        x = left + i * step + step * 0.15
        body.append(rect(x, y_of(v), step * 0.7, y_of(0) - y_of(v), colour, "bar", f"{lab}: {unit_fmt(v)}"))
        body.append(text(x + step * 0.35, height - bottom + 14, lab, "middle"))
    if mark:
        body += [line(left, y_of(mark[0]), left + plot_w, y_of(mark[0]), "#c44", "mark", "5,3", 1.5),
                 text(left + plot_w, y_of(mark[0]) - 4, mark[1], "end", "fill='#c44'")]
    body.append(line(left, y_of(0), left + plot_w, y_of(0), "#444"))
    return svg(width, height, body, "bars")


def loglog(points, ceilings, title, x_label, y_label, width=560, height=400):
    """points: [(x, y, label)], ceilings: [(label, f(x) -> y, colour, dash)]; both axes logarithmic, the range
    covering the points and one decade around them."""
    left, top, bottom, right = 70, 24 + 14 * len(ceilings), 40, 10
    xs = [p[0] for p in points] or [1.0]
    x0, x1 = math.floor(math.log10(min(xs))) - 1, math.ceil(math.log10(max(xs))) + 1
    ys = [p[1] for p in points] + [f(10 ** x0) for _, f, _, _ in ceilings] + [f(10 ** x1) for _, f, _, _ in ceilings]
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)) + 0.3)
    plot_w, plot_h = width - left - right, height - top - bottom
    px = lambda v: left + plot_w * (math.log10(v) - x0) / (x1 - x0)  # noqa: E731
    py = lambda v: top + plot_h * (1 - (math.log10(v) - y0) / (y1 - y0))  # noqa: E731
    body = [text(left, 14, title, extra="font-weight='bold'")]
    for e in range(x0, x1 + 1):
        body += [line(px(10 ** e), top, px(10 ** e), top + plot_h, "#ddd", "grid"),
                 text(px(10 ** e), top + plot_h + 14, f"1e{e}", "middle")]
    for e in range(y0, y1 + 1):
        body += [line(left, py(10 ** e), left + plot_w, py(10 ** e), "#ddd", "grid"),
                 text(left - 4, py(10 ** e) + 4, f"1e{e}", "end")]
    body += [text(left + plot_w / 2, height - 6, x_label, "middle"),
             text(12, top + plot_h / 2, y_label, "middle", f"transform='rotate(-90 12 {top + plot_h / 2})'")]
    n = 60
    for k, (label, f, colour, dash) in enumerate(ceilings):
        pts = [(px(10 ** (x0 + (x1 - x0) * i / n)), py(min(max(f(10 ** (x0 + (x1 - x0) * i / n)), 10 ** y0),
                                                              10 ** y1))) for i in range(n + 1)]
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
        body.append(f"<polyline class='ceiling' points='{d}' fill='none' stroke='{colour}' stroke-width='2'"
                    f"{dash_attr}><title>{escape(label)}</title></polyline>")
        body.append(text(left, 30 + 14 * k, ("- - " if dash else "—— ") + label, extra=f"fill='{colour}'"))
    for x, y, label in points:
        body.append(f"<circle class='point' cx='{px(x):.1f}' cy='{py(y):.1f}' r='5' fill='#dd8452' stroke='#000'>"
                    f"<title>{escape(label)}</title></circle>")
        body.append(text(px(x) + 8, py(y) + 4, label))
    return svg(width, height, body, "roofline")
