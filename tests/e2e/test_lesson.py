"""The lesson notebook (examples/lesson.ipynb) in Voila, in Chromium: chapters 05 and 14, linked
by ``traitlets.link`` on their benchmark, and chapter 05's live bqplot companion render; a
benchmark picked in either chapter reaches the other chapter and the chart through the kernel;
nothing logs an error; nothing sticks out at 420 or 1280 px. Screenshots, light and dark, at
both widths."""

from __future__ import annotations

import contextlib
import shutil

import pytest
from harness import (
    EXAMPLES,
    FIRST_RENDER_MS,
    OVERFLOW,
    ROUND_TRIP_MS,
    WIDTHS,
    open_voila,
    screenshot,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from r1widgets import R1Pipeline, R1vsR1Zero

LESSON = "lesson.ipynb"
SELECT = 'select[data-name="benchmark"]'


@pytest.fixture(scope="module")
def lesson(notebooks):
    """The lesson exactly as shipped, in the folder the Voila server serves."""
    shutil.copy(EXAMPLES / LESSON, notebooks / LESSON)
    return LESSON


def verdict(benchmark: str) -> str:
    """Chapter 14's verdict line for a benchmark, as its view writes it."""
    scores = R1vsR1Zero(benchmark=benchmark).scores
    return f"{scores['label']}: {scores['verdict']}"


def expect_chart(chart, benchmark: str) -> None:
    """The chart shows the benchmark's label and one bar per checkpoint, each as long as its
    published score relative to the others (measured in the page; upright or lying bars)."""
    pipeline = R1Pipeline(stage=4, benchmark=benchmark)
    label = f"{pipeline.benchmark_info['label']} (%)"
    expect(chart.locator("text.axislabel", has_text=label)).to_have_count(1, timeout=ROUND_TRIP_MS)
    scores = [s["value"] for s in pipeline.scores]
    expect(chart.locator("rect.bar")).to_have_count(len(scores))
    chart.page.wait_for_function(
        """([el, scores]) => {
          const boxes = [...el.querySelectorAll('rect.bar')].map(r => r.getBBox());
          const near = (a) => a.length === scores.length &&
            a.every((v, i) => Math.abs(v / a[0] - scores[i] / scores[0]) < 0.01);
          return near(boxes.map(b => b.height)) || near(boxes.map(b => b.width));
        }""",
        arg=[chart.element_handle(), scores],
        timeout=ROUND_TRIP_MS,
    )


# A bqplot figure has redrawn at the page's width: its drawing fits inside its box.
FITS = "el => el.scrollWidth <= el.clientWidth + 1"


def shots_and_overflow(page, box, name: str, parts: dict, chart) -> list[str]:
    """harness.shots_at_widths for a page with a bqplot chart: at each width, wait until the
    chart has redrawn, then list what sticks out of each part and screenshot the whole box.
    (bqplot 0.13 redraws a figure 300 ms after a resize, and only once it is on screen: the
    chart is scrolled into view and waited for, where the harness waits 150 ms.)"""
    size = page.viewport_size
    problems = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            page.wait_for_timeout(150)
            chart.scroll_into_view_if_needed()
            with contextlib.suppress(PlaywrightTimeout):  # if it never fits: reported below
                page.wait_for_function(FITS, arg=chart.element_handle(), timeout=5_000)
            for label, part in parts.items():
                problems += [f"{label} at {width}px: {p}" for p in part.evaluate(OVERFLOW)]
            screenshot(box, f"{name}-{width}")
    finally:
        page.set_viewport_size(size)
    return problems


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_lesson_links_two_chapters_and_a_live_chart(page, voila_url, lesson, theme):
    open_voila(page, voila_url, lesson, theme=theme)
    pipeline = page.locator(".r1w-r1-pipeline").first
    side = page.locator(".r1w-r1-vs-r1-zero").first
    chart = page.locator(".bqplot.figure").first
    for part in (pipeline, side, chart):
        expect(part).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(chart.locator("svg.svg-figure")).to_have_count(1)
    expect(side.locator(SELECT)).to_have_value("aime_2024")  # linked at once to chapter 05's
    expect(side.locator(".r1w-r1-vs-r1-zero-verdict")).to_have_text(verdict("aime_2024"))
    expect_chart(chart, "aime_2024")

    # chapter 05's list moves chapter 14 and the chart, through the kernel
    pipeline.locator(SELECT).select_option("cnmo_2024")
    expect(side.locator(SELECT)).to_have_value("cnmo_2024", timeout=ROUND_TRIP_MS)
    expect(side.locator(".r1w-r1-vs-r1-zero-verdict")).to_have_text(
        verdict("cnmo_2024"), timeout=ROUND_TRIP_MS
    )
    expect_chart(chart, "cnmo_2024")

    # and the link works the other way: chapter 14's list moves chapter 05 and the chart
    side.locator(SELECT).select_option("gpqa_diamond")
    expect(pipeline.locator(SELECT)).to_have_value("gpqa_diamond", timeout=ROUND_TRIP_MS)
    expect(side.locator(".r1w-r1-vs-r1-zero-verdict")).to_have_text(
        verdict("gpqa_diamond"), timeout=ROUND_TRIP_MS
    )
    expect_chart(chart, "gpqa_diamond")

    box = page.locator(".widget-vbox").filter(has=pipeline).first
    parts = {"chapter 05": pipeline, "chart": chart, "chapter 14": side}
    problems = shots_and_overflow(page, box, f"voila-{theme}-lesson", parts, chart)
    assert not problems, "content clipped or overflowing:\n" + "\n".join(problems)
