"""The chapters in marimo (https://marimo.io): the walkthrough laid out with marimo's own layout.

marimo shows a chapter through ``mo.ui.anywidget(chapter)`` (or a chapter as a cell's last
expression), but it refuses ipywidgets containers: it draws "Jupyter widgets are not supported
in marimo" in their place. So :class:`r1widgets.Walkthrough` (an ipywidgets ``VBox``) and the
bqplot companions (``figure()``) are Jupyter-only, and :func:`walkthrough` lays out the same
chapters and captions with ``mo.vstack``.

Reactivity (marimo 0.25): a cell that reads a wrapper's ``.value`` re-runs after the browser
writes an input (a slider moved), not after an action (a button such as Step, sent as a custom
message) nor after Python sets a trait. To follow every change, observe the trait and push it
into ``mo.state``; examples/marimo_app.py shows both.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from .registry import CHAPTERS
from .walkthrough import CITATIONS, INTRO


def _header() -> str:
    toc = "".join(
        f'<li><a href="#r1w-ch{c.number:02d}">{c.number:02d} · {html.escape(c.title)}</a></li>'
        for c in CHAPTERS
    )
    citations = "".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>"
        for term, meaning in CITATIONS
    )
    return (
        "<h1>DeepSeek-R1, chapter by chapter</h1>"
        f"<p>{html.escape(INTRO)}</p>"
        f'<nav aria-label="Chapters"><ul>{toc}</ul></nav>'
        "<details><summary>How the chapters cite their sources</summary>"
        f"<dl>{citations}</dl></details>"
    )


def walkthrough(widgets: Mapping[str, Any] | None = None) -> Any:
    """Every chapter in order under its caption, after the walkthrough's introduction, as one
    marimo layout (``mo.vstack``); the marimo counterpart of :class:`r1widgets.Walkthrough`.

    Parameters
    ----------
    widgets
        Chapters of your own, by slug (``{"grpo_loss": loss}``): a chapter widget or its
        ``mo.ui.anywidget`` wrapper, which a cell can then read; every other chapter is made
        with its defaults. The caption's heading is each chapter's one title, so the widget's
        own title is hidden (set to ""), also where the same widget shows elsewhere.

    Returns
    -------
    The layout, to show as a cell's last expression.
    """
    import marimo as mo

    widgets = dict(widgets or {})
    known = {c.slug: c for c in CHAPTERS}
    unknown = sorted(set(widgets) - set(known))
    if unknown:
        raise ValueError(f"unknown chapters {unknown}; the chapters are {list(known)}")
    items: list[Any] = [mo.md(_header())]
    for chapter in CHAPTERS:
        given = widgets.get(chapter.slug)
        element = given if isinstance(given, mo.ui.anywidget) else None
        widget = element.widget if element is not None else given
        if widget is None:
            widget = chapter.widget()
        elif not isinstance(widget, chapter.widget):
            raise TypeError(
                f"widgets[{chapter.slug!r}] must be a {chapter.widget.__name__} or its "
                f"mo.ui.anywidget wrapper, not {type(widget).__name__}"
            )
        widget.title = ""
        items += [
            mo.md(
                f'<h2 id="r1w-ch{chapter.number:02d}">{chapter.number:02d} · '
                f"{html.escape(chapter.title)}</h2><p>{html.escape(chapter.caption)}</p>"
            ),
            element if element is not None else mo.ui.anywidget(widget),
        ]
    return mo.vstack(items)
