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
    "it runs on. A lab follows, where GRPO trains a tiny model of ours live in the kernel, "
    "and a quiz of eight questions closes the course; each answer points back to the chapter "
    "that explains it."
)

# How the chapters cite their sources: the shorthand they use, spelled out once for the page.
CITATIONS = (
    ("P-v1", "the DeepSeek-R1 paper, arXiv 2501.12948, first version (January 2025)"),
    ("Nature", "the paper as published in Nature 645 (September 2025), with its Methods"),
    ("P-V3", "the DeepSeek-V3 technical report (arXiv 2412.19437), the base model's paper"),
    ("P-README", "the README of DeepSeek's DeepSeek-R1 or DeepSeek-V3 repository on GitHub"),
    ("[D]", "derived by this project from a primary source: read off a figure or computed"),
    ("[S]", "from a secondary source that could not be checked against the original"),
    (
        "paper-data §n",
        "a section of this project's notes on the paper's numbers, each value in "
        "them checked against the primary source named beside it",
    ),
    (
        "the seed article",
        "the web article that this course was built from; not a DeepSeek "
        "source, and where it differs from the paper the chapters show the paper's value",
    ),
    ("illustrative", "a toy model, text or curve of ours, not a measurement"),
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
        citations = "".join(
            f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>"
            for term, meaning in CITATIONS
        )
        header = ipywidgets.HTML(
            '<div class="r1w-caption"><h1>DeepSeek-R1, chapter by chapter</h1>'
            f"<p>{html.escape(INTRO)}</p>"
            f'<nav aria-label="Chapters"><ul class="r1w-toc">{toc}</ul></nav>'
            f"<details><summary>How the chapters cite their sources</summary>"
            f'<dl class="r1w-citations">{citations}</dl></details></div>'
        )
        children: list[Any] = [header]
        for chapter in CHAPTERS:
            children += [_caption(chapter), self.widgets[chapter.slug]]
        super().__init__(children=children, **kwargs)
        self.add_class("r1w-walkthrough")
