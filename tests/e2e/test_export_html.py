"""r1widgets.export_html in Chromium: each snapshot is opened from disk (file://) with every
other request refused by the browser context, and must show the values the kernel held when it
was written (GRPOLoss's objective at β = 1.5, a trained lab's step count, a whole walkthrough),
say it is a snapshot, switch every control off, show a hostile text as text, attempt no network
request and log no console error (the page fixture checks). Screenshots at 420 and 1280 px."""

from __future__ import annotations

import re

import pytest
from harness import ARTIFACTS, FIRST_RENDER_MS, OVERFLOW, WIDTHS, shots_at_widths
from playwright.sync_api import expect

from r1widgets import GRPOLoss, RewardChecker, TinyR1Zero, Walkthrough, export_html

HOSTILE = "</script><img src=x onerror=\"document.title='pwned'\"><!--<script>"
ENABLED = ", ".join(f"{tag}:not([disabled])" for tag in ("input", "select", "textarea", "button"))


@pytest.fixture
def offline(page):
    """The page, with every request that is not for a file on disk refused and recorded."""
    attempted: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            attempted.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    yield page
    assert attempted == [], f"the snapshot tried the network: {attempted}"


def open_snapshot(page, widget, tmp_path, name: str) -> None:
    path = export_html(widget, tmp_path / f"{name}.html")
    page.goto(path.as_uri())
    expect(page.locator("html")).to_have_attribute(
        "data-r1w-export", "ready", timeout=FIRST_RENDER_MS
    )
    note = page.get_by_role("note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Snapshot of")
    expect(note).to_contain_text("Nothing here recomputes")
    assert page.locator(".r1w").count() >= 1
    assert page.locator(ENABLED).count() == 0, "a control in the snapshot is still enabled"


def test_a_chapter_shows_the_kernels_values(offline, tmp_path):
    loss = GRPOLoss(kl_beta=1.5)
    assert loss.objective > 1e-3 and loss.objective != GRPOLoss().objective
    open_snapshot(offline, loss, tmp_path, "grpo-loss")
    chapter = offline.locator(".r1w-grpo-loss")
    expect(chapter.locator(".r1w-objective .r1w-stat-value")).to_have_text(f"{loss.objective:+.4f}")
    expect(chapter.locator(".r1w-title")).to_have_text(loss.title)
    shots_at_widths(offline.locator("main"), "export-grpo_loss")


def test_a_trained_lab_shows_its_step_count(offline, tmp_path):
    lab = TinyR1Zero()
    lab.train(40)
    open_snapshot(offline, lab, tmp_path, "tiny-r1zero")
    steps = offline.locator(".r1w-tiny-r1zero-steps .r1w-stat-value")
    expect(steps).to_have_text(re.compile(r"^40 of "))
    shots_at_widths(offline.locator("main"), "export-tiny_r1zero")


def test_a_hostile_text_is_shown_as_text(offline, tmp_path):
    open_snapshot(offline, RewardChecker(response=HOSTILE), tmp_path, "hostile")
    assert HOSTILE in offline.locator("textarea").evaluate_all("els => els.map(e => e.value)")
    assert offline.locator("img").count() == 0
    assert offline.title().startswith("Snapshot: ")


def test_the_walkthrough(offline, tmp_path):
    walk = Walkthrough()
    walk.widgets["grpo_loss"].kl_beta = 1.5
    objective = walk.widgets["grpo_loss"].objective
    open_snapshot(offline, walk, tmp_path, "walkthrough")
    expect(offline.locator(".r1w-box")).to_have_count(len(walk.widgets))
    expect(offline.locator("h1")).to_have_count(1)
    value = offline.locator(".r1w-grpo-loss .r1w-objective .r1w-stat-value")
    expect(value).to_have_text(f"{objective:+.4f}")
    # Nothing sticks out of any chapter at either width; the top of the page is shot (the
    # whole walkthrough is about 35,000 px tall). The page is opened afresh at each width:
    # Chromium keeps the layout of a closed <details> from the width it was last laid out at.
    size = offline.viewport_size
    problems = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        for width in WIDTHS:
            offline.set_viewport_size({"width": width, "height": size["height"]})
            offline.reload()
            expect(offline.locator("html")).to_have_attribute(
                "data-r1w-export", "ready", timeout=FIRST_RENDER_MS
            )
            for i in range(len(walk.widgets)):
                chapter = offline.locator(".r1w").nth(i)
                problems += [f"{width}px chapter {i + 1}: {p}" for p in chapter.evaluate(OVERFLOW)]
            offline.screenshot(path=str(ARTIFACTS / f"export-walkthrough-top-{width}.png"))
    finally:
        offline.set_viewport_size(size)
    assert not problems, "\n".join(problems)
