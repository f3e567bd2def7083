"""r1widgets.export_html in Chromium: each snapshot is opened from disk (file://) with every
other request refused by the browser context, and must show the values the kernel held when it
was written (GRPOLoss's objective at β = 1.5, a trained lab's step count, a whole walkthrough),
say it is a snapshot, switch every control off (native ones, and chapter 11's custom slider by
mouse, keys and wheel), show a hostile text as text, never scroll sideways at 420 px, follow the
reader's colour scheme, attempt no network request and log no console error (the page fixture
checks). Screenshots at 420 and 1280 px, and dark."""

from __future__ import annotations

import re

import ipywidgets
import pytest
from harness import ARTIFACTS, FIRST_RENDER_MS, OVERFLOW, WIDTHS, shots_at_widths
from playwright.sync_api import expect

from r1widgets import (
    GRPOLoss,
    RewardChecker,
    TinyR1Zero,
    TrustRegion,
    Walkthrough,
    export_html,
)

HOSTILE = "</script><img src=x onerror=\"document.title='pwned'\"><!--<script>"
ENABLED = ", ".join(f"{tag}:not([disabled])" for tag in ("input", "select", "textarea", "button"))
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


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
    # the page never scrolls sideways on a phone (a screen-reader-only table once made it)
    size = offline.viewport_size
    offline.set_viewport_size({"width": 420, "height": size["height"]})
    try:
        assert offline.evaluate(SIDEWAYS) <= 0
    finally:
        offline.set_viewport_size(size)


def test_a_custom_control_is_frozen_too(offline, tmp_path):
    # chapter 11's πθ point is an SVG circle with role="slider": no native control to disable
    open_snapshot(offline, TrustRegion(), tmp_path, "trust-region")
    chapter = offline.locator(".r1w-trust-region")
    dot = chapter.locator('circle[role="slider"]')
    expect(dot).to_have_attribute("aria-disabled", "true")
    expect(dot).to_have_attribute("tabindex", "-1")
    before = (dot.get_attribute("cx"), dot.get_attribute("cy"), chapter.inner_text())
    dot.focus()  # as a screen reader could still do
    for key in ("ArrowRight", "ArrowRight", "ArrowUp", "End", "PageDown"):
        offline.keyboard.press(key)
    box = dot.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    offline.mouse.move(x, y)
    offline.mouse.down()
    offline.mouse.move(x + 60, y - 40, steps=5)
    offline.mouse.up()
    offline.mouse.click(x - 50, y + 30)
    offline.mouse.wheel(0, 120)
    after = (dot.get_attribute("cx"), dot.get_attribute("cy"), chapter.inner_text())
    assert after == before


def test_two_chapters_in_a_box_and_the_dark_scheme(offline, tmp_path):
    box = ipywidgets.VBox([GRPOLoss(kl_beta=1.5), RewardChecker()])
    offline.emulate_media(color_scheme="dark")
    open_snapshot(offline, box, tmp_path, "box")
    first, second = (offline.locator(".r1w").nth(i).bounding_box() for i in (0, 1))
    assert second["y"] - (first["y"] + first["height"]) >= 12, "the two chapters touch"
    # each chapter says, at its top, that its instructions are for the live chapter
    before = offline.locator(".r1w").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert "where it says to press, move or type something" in before
    # the page and the chapters follow the reader's dark scheme (theme.css's light-dark())
    background = "el => getComputedStyle(el).backgroundColor"
    assert offline.locator("body").evaluate(background) == "rgb(17, 20, 24)"
    assert offline.locator(".r1w-box").first.evaluate(background) not in (
        "rgb(255, 255, 255)",
        "rgb(246, 247, 249)",
    )
    # what a view marks live-only is hidden
    hidden = offline.locator(".r1w").first.evaluate(
        """el => { const p = document.createElement("p"); p.dataset.r1wLiveOnly = "";
        p.textContent = "Press Train"; el.append(p); return p.offsetParent === null; }"""
    )
    assert hidden
    shots_at_widths(offline.locator("main"), "export-box-dark")


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
            if (sideways := offline.evaluate(SIDEWAYS)) > 0:
                problems.append(f"{width}px: the page scrolls sideways by {sideways} px")
            offline.screenshot(path=str(ARTIFACTS / f"export-walkthrough-top-{width}.png"))
    finally:
        offline.set_viewport_size(size)
    assert not problems, "\n".join(problems)
