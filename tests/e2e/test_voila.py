"""Every chapter in Voila, in Chromium: it renders, one input round-trips through the kernel,
a refused value snaps back, and nothing logs an error. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from cases import all_cases
from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, fill_range, open_voila, shots_at_widths
from playwright.sync_api import expect

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.slug for c in CASES])
def test_chapter_round_trip_in_voila(page, voila_url, case):
    open_voila(page, voila_url, f"{case.slug}.ipynb")
    widget = page.locator(case.root).first
    expect(widget).to_be_visible(timeout=FIRST_RENDER_MS)
    before = widget.locator(case.result).first.text_content()
    control = widget.locator(case.control).first
    if case.value is None:
        control.click()
    else:
        fill_range(control, case.value)
    expect(widget.locator(case.result).first).to_have_text(case.expected, timeout=ROUND_TRIP_MS)
    assert before != case.expected, "the interaction must change the kernel's result"
    shots_at_widths(widget, f"voila-light-{case.slug}")


def test_refused_value_snaps_back_in_voila(page, voila_url):
    """A value outside the kernel's bounds (sent by a tampered slider) is refused: the view
    returns to the last valid value and says why, it never builds more rows than the control
    allows, and the kernel keeps serving. (The log-scaled sliders send ladder values only, so
    the tampered control is the group size's plain track.)"""
    open_voila(page, voila_url, "grpo_loss.ipynb")
    widget = page.locator(".r1w-grpo-loss").first
    group = widget.locator('input[data-name="group_size"]')
    expect(group).to_have_value("4", timeout=FIRST_RENDER_MS)
    group.evaluate("el => el.max = '50'")
    group.fill("40")
    error = widget.locator(".r1w-error")
    expect(error).to_contain_text("group_size refused", timeout=ROUND_TRIP_MS)
    expect(group).to_have_value("4", timeout=ROUND_TRIP_MS)
    expect(widget.locator("tbody tr")).to_have_count(4, timeout=ROUND_TRIP_MS)
    group.evaluate("el => el.max = '16'")
    group.fill("5")
    expect(error).to_be_hidden(timeout=ROUND_TRIP_MS)
    expect(widget.locator('output[for="' + group.get_attribute("id") + '"]')).to_have_text(
        "5 rollouts"
    )
    expect(widget.locator("tbody tr")).to_have_count(5, timeout=ROUND_TRIP_MS)


def test_keyboard_moves_a_slider_in_voila(page, voila_url):
    open_voila(page, voila_url, "grpo_loss.ipynb")
    widget = page.locator(".r1w-grpo-loss").first
    group = widget.locator('input[data-name="group_size"]')
    expect(group).to_have_value("4", timeout=FIRST_RENDER_MS)
    group.focus()
    page.keyboard.press("ArrowRight")
    expect(widget.locator("tbody tr")).to_have_count(5, timeout=ROUND_TRIP_MS)


def test_hostile_text_renders_as_text_in_voila(page, voila_url):
    """A response carrying markup shows literally and runs nothing."""
    open_voila(page, voila_url, "reward_checker.ipynb")
    widget = page.locator(".r1w-reward-checker").first
    expect(widget).to_be_visible(timeout=FIRST_RENDER_MS)
    page.evaluate("window.__pwned = false")
    area = widget.locator('textarea[data-name="response"]')
    hostile = '<img src=x onerror="window.__pwned = true"> <script>window.__pwned = true</script>'
    area.fill(hostile)
    echo = widget.locator(".r1w-reward-checker-shown").first
    expect(echo).to_contain_text("<img src=x", timeout=ROUND_TRIP_MS)
    assert widget.locator("img").count() == 0 and widget.locator("script").count() == 0
    assert page.evaluate("window.__pwned") is False
