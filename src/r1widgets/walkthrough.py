"""The walkthrough: every chapter in order with its caption, a table of contents first."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets

from .registry import CHAPTERS, Chapter

INTRO = (
    "DeepSeek-R1 showed that a language model can learn to reason from reinforcement learning "
    "alone, when the only feedback is whether its final answer checks out. Each widget below "
    "runs one piece of that recipe in the notebook's kernel: drag a slider and the numbers are "
    "recomputed in Python, from the same formulas the paper uses."
)


def _caption(chapter: Chapter) -> ipywidgets.HTML:
    # Our own static strings, escaped all the same: captions are text, never markup.
    return ipywidgets.HTML(
        f'<div class="r1w-caption" id="r1w-ch{chapter.number:02d}">'
        f"<h2>{chapter.number:02d} · {html.escape(chapter.title)}</h2>"
        f"<p>{html.escape(chapter.caption)}</p></div>"
    )


class Walkthrough(ipywidgets.VBox):
    """All chapters in order, each under its caption. ``widgets[slug]`` gives a chapter."""

    def __init__(self, **kwargs: Any) -> None:
        self.widgets: dict[str, Any] = {c.slug: c.widget() for c in CHAPTERS}
        toc = "".join(
            f'<li><a href="#r1w-ch{c.number:02d}">{c.number:02d} · {html.escape(c.title)}</a></li>'
            for c in CHAPTERS
        )
        header = ipywidgets.HTML(
            '<div class="r1w-caption"><h1>DeepSeek-R1, chapter by chapter</h1>'
            f"<p>{html.escape(INTRO)}</p><ol class='r1w-toc'>{toc}</ol></div>"
        )
        children: list[Any] = [header]
        for chapter in CHAPTERS:
            children += [_caption(chapter), self.widgets[chapter.slug]]
        super().__init__(children=children, **kwargs)
