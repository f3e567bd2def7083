"""The walkthrough: every chapter in order with its caption, a table of contents first."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets

from .registry import CHAPTERS, Chapter

INTRO = (
    "DeepSeek-R1-Zero showed that a base language model can learn to reason through "
    "reinforcement learning alone, graded only by rules that check its final answer and its "
    "output format. DeepSeek-R1 kept that reasoning RL and built a pipeline around it: a small "
    "supervised cold start, the same reasoning RL with a language-consistency reward added, "
    "supervised fine-tuning of the base model again on about 800k (800,000) samples of "
    "reasoning and general answers, and a last RL stage that also uses learned reward "
    "models. Each widget below runs one piece of the recipe in the "
    "notebook's kernel: move a control and Python recomputes the numbers, with the paper's "
    "formulas on small examples of our own unless a view names a published source. The "
    "sixteen chapters follow the argument of the paper, from the training signal to the model "
    "it runs on; a quiz of eight questions closes the course, and each answer points back to "
    "the chapter that explains it."
)


def _caption(chapter: Chapter) -> ipywidgets.HTML:
    # Our own static strings, escaped all the same: captions are text, never markup.
    return ipywidgets.HTML(
        f'<div class="r1w-caption" id="r1w-ch{chapter.number:02d}">'
        f"<h2>{chapter.number:02d} · {html.escape(chapter.title)}</h2>"
        f"<p>{html.escape(chapter.caption)}</p></div>"
    )


class Walkthrough(ipywidgets.VBox):
    """All chapters in order, each under its caption. ``widgets[slug]`` gives a chapter.

    The page has one H1 (the walkthrough's) and one title per chapter: each chapter's caption
    heading; the widget's own title, which it shows when used alone, is hidden here.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.widgets: dict[str, Any] = {c.slug: c.widget() for c in CHAPTERS}
        toc = "".join(
            f'<li><a href="#r1w-ch{c.number:02d}">{c.number:02d} · {html.escape(c.title)}</a></li>'
            for c in CHAPTERS
        )
        header = ipywidgets.HTML(
            '<div class="r1w-caption"><h1>DeepSeek-R1, chapter by chapter</h1>'
            f"<p>{html.escape(INTRO)}</p>"
            f'<nav aria-label="Chapters"><ul class="r1w-toc">{toc}</ul></nav></div>'
        )
        children: list[Any] = [header]
        for chapter in CHAPTERS:
            children += [_caption(chapter), self.widgets[chapter.slug]]
        super().__init__(children=children, **kwargs)
        self.add_class("r1w-walkthrough")
