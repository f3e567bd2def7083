"""Chapter 04 in Voila, in Chromium: the timeline is reached by Tab and moved by arrow keys,
Home and End alone, each move answered by the kernel; pasted text is marked where the detector
finds reflection, and markup in it stays text. Screenshots in the dark theme."""

from __future__ import annotations

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import AhaTimeline

ROOT = ".r1w-aha-timeline"
PASS = ".r1w-aha-timeline-pass .r1w-stat-value"
READING = ".r1w-aha-timeline-pass .r1w-aha-timeline-reading"
LENGTH = ".r1w-aha-timeline-length .r1w-stat-value"


def _pass_text(step: int) -> str:
    value = AhaTimeline(step=step).pass_at_1
    return "–" if value is None else f"{100 * value:.1f}%"


def test_timeline_by_keyboard_alone_in_voila(page, voila_url):
    open_voila(page, voila_url, "aha_timeline.ipynb", theme="dark")
    widget = page.locator(ROOT).first
    expect(widget.locator(PASS)).to_have_text(_pass_text(8000), timeout=FIRST_RENDER_MS)
    shots_at_widths(widget, "voila-dark-aha_timeline")

    slider = widget.locator('input[data-name="step"]')
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(60):  # Tab from the top of the page until the timeline has focus
        page.keyboard.press("Tab")
        if slider.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the step slider was not reached by Tab")
    outline = slider.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "focus must be visible"

    page.keyboard.press("End")
    expect(widget.locator(PASS)).to_have_text(_pass_text(8400), timeout=ROUND_TRIP_MS)
    expect(slider).to_have_value("8400")
    page.keyboard.press("Home")
    expect(widget.locator(PASS)).to_have_text("–", timeout=ROUND_TRIP_MS)
    expect(widget.locator(READING)).to_have_text("no published point before step 200")
    length = AhaTimeline(step=0).response_length
    expect(widget.locator(LENGTH)).to_have_text(f"{length:,.0f} tokens")
    page.keyboard.press("ArrowRight")
    expect(widget.locator(PASS)).to_have_text(_pass_text(200), timeout=ROUND_TRIP_MS)
    page.keyboard.press("ArrowRight")
    expect(widget.locator(PASS)).to_have_text(_pass_text(400), timeout=ROUND_TRIP_MS)
    page.keyboard.press("ArrowLeft")
    expect(widget.locator(PASS)).to_have_text(_pass_text(200), timeout=ROUND_TRIP_MS)
    expect(slider).to_have_value("200")
    # the rollout follows the stage: no reflective word at step 200
    expect(widget.locator(".r1w-aha-timeline-found li")).to_have_text(
        "No reflective behaviour found in this rollout."
    )


def test_pasted_text_is_marked_and_stays_text_in_voila(page, voila_url):
    open_voila(page, voila_url, "aha_timeline.ipynb")
    widget = page.locator(ROOT).first
    expect(widget.locator(PASS)).to_have_text(_pass_text(8000), timeout=FIRST_RENDER_MS)
    page.evaluate("window.__pwned = false")
    hostile = '<img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script>'
    area = widget.locator('textarea[data-name="pasted_text"]')
    area.focus()
    page.keyboard.insert_text(f"{hostile} Hmm, wait. That is wrong; let me check. await checkout")
    shown = widget.locator(".r1w-aha-timeline-pasted")
    expect(shown.locator("mark")).to_have_text(["wait", "wrong", "check"], timeout=ROUND_TRIP_MS)
    expect(shown).to_contain_text("<img src=x")
    expect(widget.locator(".r1w-aha-timeline-count")).to_have_text("3 reflective behaviours found.")
    assert widget.locator("img").count() == 0 and widget.locator("script").count() == 0
    assert page.evaluate("window.__pwned") is False
    # the ten words counted for the pasted text: "await" and "checkout" do not count
    row = widget.locator(".r1w-aha-timeline-counts tbody tr", has_text="check")
    expect(row.locator("td").nth(2)).to_have_text("1")
