"""The registry and the walkthrough app: every chapter once, in order, exported, with a notebook."""

from __future__ import annotations

import html
import json
from pathlib import Path

import r1widgets
from r1widgets import CHAPTERS, Walkthrough
from r1widgets._base import STATIC
from r1widgets.walkthrough import INTRO

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_chapters_are_in_order_and_unique():
    numbers = [c.number for c in CHAPTERS]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert len({c.slug for c in CHAPTERS}) == len(CHAPTERS)


def test_every_chapter_is_exported_lives_in_its_module_and_has_a_notebook():
    for chapter in CHAPTERS:
        cls = chapter.widget
        assert getattr(r1widgets, cls.__name__) is cls and cls.__name__ in r1widgets.__all__
        assert cls.__module__ == f"r1widgets.chapters.{chapter.slug}"
        assert (STATIC / f"{chapter.slug}.js").exists()
        assert (EXAMPLES / f"{chapter.slug}.ipynb").exists()


def test_captions_are_our_own_sentences_of_reasonable_length():
    for chapter in CHAPTERS:
        words = chapter.caption.split()
        assert 25 <= len(words) <= 90, chapter.slug
        assert chapter.title and chapter.title == chapter.title.strip()


def test_walkthrough_shows_each_chapter_under_its_caption_with_a_table_of_contents():
    app = Walkthrough()
    header, *rest = app.children
    assert html.escape(INTRO) in header.value
    for chapter in CHAPTERS:
        assert f'href="#r1w-ch{chapter.number:02d}"' in header.value
    captions, widgets = rest[0::2], rest[1::2]
    assert len(widgets) == len(CHAPTERS)
    assert all(isinstance(w, c.widget) for w, c in zip(widgets, CHAPTERS, strict=True))
    for chapter, caption, widget in zip(CHAPTERS, captions, widgets, strict=True):
        assert f'id="r1w-ch{chapter.number:02d}"' in caption.value
        assert html.escape(chapter.caption) in caption.value
        assert app.widgets[chapter.slug] is widget


def test_walkthrough_escapes_caption_text(monkeypatch):
    from r1widgets import walkthrough

    evil = CHAPTERS[0].__class__(99, "x", CHAPTERS[0].widget, "<b>t</b>", "<img src=x>")
    monkeypatch.setattr(walkthrough, "CHAPTERS", (evil,))
    app = walkthrough.Walkthrough()
    text = "".join(
        c.value for c in app.children if hasattr(c, "value") and isinstance(c.value, str)
    )
    assert "<img" not in text and "&lt;img src=x&gt;" in text and "<b>t" not in text


def test_each_chapter_has_one_title_from_the_registry():
    """The widget's own title (shown when used alone) is the registry's, numbered."""
    for chapter in CHAPTERS:
        assert chapter.widget().title == f"{chapter.number:02d} · {chapter.title}"


def test_each_notebook_opens_with_its_chapters_registry_title():
    """A notebook's first heading is the same numbered title as its widget and the walkthrough."""
    for chapter in CHAPTERS:
        notebook = json.loads((EXAMPLES / f"{chapter.slug}.ipynb").read_text(encoding="utf-8"))
        first = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        heading = "".join(first["source"]).splitlines()[0]
        assert heading == f"# {chapter.number:02d} · {chapter.title}", chapter.slug


def test_the_course_is_complete_and_the_introduction_no_longer_says_otherwise():
    numbers = [c.number for c in CHAPTERS]
    assert numbers == list(range(1, 19))  # the article's sixteen chapters, the lab, the quiz
    assert CHAPTERS[-2].slug == "tiny_r1zero"  # the lab comes after the article's chapters
    assert CHAPTERS[-1].slug == "quiz"  # the quiz closes the course
    assert "still to come" not in INTRO and "quiz" in INTRO


def test_the_header_spells_out_every_citation_shorthand_the_chapters_use():
    from r1widgets.walkthrough import CITATIONS

    header = Walkthrough().children[0].value
    assert "How the chapters cite their sources" in header
    for term, meaning in CITATIONS:
        assert f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>" in header
    # every shorthand a source string in paper.py uses is in the legend
    from r1widgets import paper

    sources = " ".join(
        v.source for v in vars(paper).values() if isinstance(v, paper.Sourced)
    ) + " ".join(
        item.source
        for table in vars(paper).values()
        if isinstance(table, dict)
        for item in table.values()
        if isinstance(item, paper.Sourced)
    )
    terms = {term for term, _ in CITATIONS}
    for shorthand in ("P-v1", "P-V3", "[D]", "[S]", "paper-data §", "seed article"):
        if shorthand in sources:
            assert any(shorthand in t for t in terms), shorthand
