"""Live bqplot companions: the one helper every chapter's ``figure()`` uses.

A companion is a bqplot Figure drawn from a chapter widget's own traits (the numbers the widget
holds, never computed again here), redrawn whenever the traits it follows change. Widget and
figure live and die together, both seen through ipywidgets' ``comm`` trait, which ``close()``
sets to None:

* closing the widget removes the figure's observers from it and closes the figure with every
  widget it is made of (marks, axes, scales, layout);
* closing the figure alone removes its observers from the widget, which goes on working; later
  changes to the widget reach nothing of the figure.

A redraw that fails is logged (logger ``r1widgets``) and never breaks the widget it follows.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import bqplot
import ipywidgets
import numpy as np

from ._base import log

# Mark colours at 4:1 contrast or more against both JupyterLab's light background (#fff) and
# its dark one (#111): bqplot draws marks in fixed colours, not the views' CSS variables.
# Colour never works alone: each line has a dash style, a marker or a legend label as well.
BLUE = "#3b78e7"
ORANGE = "#c8600f"
GREEN = "#21924f"
PURPLE = "#b15ac4"
GREY = "#7a7a7a"
TEXT = "var(--jp-content-font-color1, #1a1a1a)"  # the page's own text colour, light or dark


def floats(values: Iterable[Any]) -> np.ndarray:
    """Values as a float array, None as NaN (bqplot leaves a gap in a line there)."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) from ``low`` to ``high``, at
    most ``most`` of them and at least one: d3's own choice crowds a 420 px wide axis of
    steps. ``most`` is 4 or more (with fewer, a round step can miss the range)."""
    if most < 4:
        raise ValueError(f"most must be 4 or more, not {most}")
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    span = (high - low) / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(span))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= span)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 12) for i in range(count)]


def new_figure(
    title: str, marks: Sequence[bqplot.Mark], axes: Sequence[bqplot.Axis], **kwargs: Any
) -> bqplot.Figure:
    """A Figure with the companions' common look: as wide as its cell (up to 760 px), 340 px
    tall, the legend at the top left, titles and axis labels in the page's text colour (bqplot
    makes them orange in dark themes), right-hand axis labels clear of their tick labels."""
    for axis in axes:
        if axis.label_color is None:
            axis.label_color = TEXT
        if axis.side == "right" and axis.label_offset is None:
            axis.label_offset = "50px"
    options: dict[str, Any] = {
        "fig_margin": {"top": 50, "bottom": 55, "left": 65, "right": 70},
        "legend_location": "top-left",  # bqplot misplaces a legend on the right (0.13)
        "title_style": {"fill": TEXT, "font-size": "15px"},
        "layout": ipywidgets.Layout(width="100%", max_width="760px", height="340px"),
    }
    options.update(kwargs)
    return bqplot.Figure(title=title, marks=list(marks), axes=list(axes), **options)


def parts(figure: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    """The figure and every widget reachable through its synced traits (marks, axes, scales,
    layouts, tooltips), each once."""
    seen: dict[int, ipywidgets.Widget] = {}
    stack: list[Any] = [figure]
    while stack:
        item = stack.pop()
        if isinstance(item, ipywidgets.Widget):
            if id(item) in seen:
                continue
            seen[id(item)] = item
            stack.extend(getattr(item, name, None) for name in item.keys)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return list(seen.values())


def live(
    widget: ipywidgets.Widget,
    figure: bqplot.Figure,
    names: Sequence[str],
    redraw: Callable[[], None],
) -> bqplot.Figure:
    """Bind ``figure`` to ``widget``: draw it now with ``redraw()``, again after each change of
    the traits ``names``, and tie the two lifetimes together (see the module's docstring).

    ``redraw`` reads the widget's traits and sets the marks' data; every part of the figure
    holds its messages while it runs, so the browser gets one update per part. Returns
    ``figure``.

    Raises
    ------
    RuntimeError when the widget is already closed (a closed widget can draw nothing).
    """
    if widget.comm is None:
        raise RuntimeError(f"this {type(widget).__name__} is closed: it has no live figure")
    names = list(names)
    pieces = parts(figure)
    state = {"bound": True, "closed": False}

    def draw(_change: Any = None) -> None:
        try:
            with contextlib.ExitStack() as stack:
                for piece in pieces:
                    stack.enter_context(piece.hold_sync())
                redraw()
        except Exception:  # a companion must never break the chapter it follows
            log.exception("%s: its figure could not be redrawn", type(widget).__name__)

    def unbind() -> None:
        if state["bound"]:
            state["bound"] = False
            widget.unobserve(draw, names=names)
            widget.unobserve(on_widget_comm, names="comm")
            figure.unobserve(on_figure_comm, names="comm")

    def close_all() -> None:
        if not state["closed"]:
            state["closed"] = True
            for piece in parts(figure):  # again: parts added since are closed too
                piece.close()

    def on_widget_comm(change: dict[str, Any]) -> None:
        if change["new"] is None:
            unbind()
            close_all()

    def on_figure_comm(change: dict[str, Any]) -> None:
        if change["new"] is None:
            unbind()
            close_all()

    draw()
    widget.observe(draw, names=names)
    widget.observe(on_widget_comm, names="comm")
    figure.observe(on_figure_comm, names="comm")
    return figure
