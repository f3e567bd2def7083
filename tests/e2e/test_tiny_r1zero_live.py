"""The lab (TinyR1Zero) trained live in Voila, in Chromium: Train runs in the kernel in chunks
that yield, so the step count rises while another chapter on the same page still answers its
slider; Pause stops the count; nothing below the status line moves when it changes; Train works
from the keyboard; trained to the end, the displayed pass@1 and mean length have risen together;
a finished run makes Train and Step unavailable, says why, and Reset starts again; the folded
notes open from the keyboard. Play is paced (at least 0.1 s per 10 steps), so waits are
generous and no timing is asserted. Screenshots, light and dark, at 420 and 1280 px."""

from __future__ import annotations

import re

import pytest
from cases import _grpo_loss
from harness import (
    FIRST_RENDER_MS,
    ROUND_TRIP_MS,
    fill_range,
    open_voila,
    shots_at_widths,
    write_notebook,
)
from playwright.sync_api import expect

LAB = ".r1w-tiny-r1zero"
TRAIN_MS = 300_000  # a whole run of 1,000 steps, live, on a slow shared machine
MAX_TABS = 30
ON_TRAIN = "() => document.activeElement?.classList.contains('r1w-tiny-r1zero-train')"


@pytest.fixture(scope="module")
def live_notebooks(notebooks):
    """Three notebooks in the served folder: the lab beside chapter 02's GRPOLoss (a group of 32
    rollouts makes each step a little slower, so the run lasts while the test works), a lab
    trained from Python twice, so its chart holds a run and the previous one, dashed, and a lab
    trained to its last step."""
    write_notebook(
        notebooks / "tiny_r1zero_live.ipynb",
        [
            "from r1widgets import GRPOLoss, TinyR1Zero\nTinyR1Zero(group_size=32)",
            "GRPOLoss()",
        ],
    )
    write_notebook(
        notebooks / "tiny_r1zero_finished.ipynb",
        ["from r1widgets import TinyR1Zero\nlab = TinyR1Zero()\nlab.train(1000)\nlab"],
    )
    write_notebook(
        notebooks / "tiny_r1zero_trained.ipynb",
        [
            "from r1widgets import TinyR1Zero\n"
            "lab = TinyR1Zero(wide_answer=True)\n"
            "lab.train(300)\n"
            "lab.wide_answer = False  # a new run; the one above stays on the chart, dashed\n"
            "lab.train(300)\n"
            "lab"
        ],
    )
    return notebooks


def number(text: str | None) -> float:
    """The first number in a stat's text: "1,000 of 1,000" → 1000, "95.8%" → 95.8."""
    match = re.search(r"[\d,]+(\.\d+)?", text or "")
    assert match, f"no number in {text!r}"
    return float(match.group(0).replace(",", ""))


def stat(widget, name: str):
    return widget.locator(f"{LAB}-{name} .r1w-stat-value")


def test_train_keeps_the_page_alive_and_pause_stops_it(page, voila_url, live_notebooks):
    open_voila(page, voila_url, "tiny_r1zero_live.ipynb")
    lab = page.locator(LAB).first
    other = page.locator(".r1w-grpo-loss").first
    expect(other).to_be_visible(timeout=FIRST_RENDER_MS)
    steps = stat(lab, "steps")
    expect(steps).to_have_text("0 of 1,000", timeout=FIRST_RENDER_MS)
    train = lab.locator(f"button{LAB}-train")
    status = lab.locator(f"{LAB}-status")
    # what sits below the status line: it must not move when the status text changes
    below = lab.locator(".r1w-stats").first
    top = below.bounding_box()["y"]

    train.click()
    expect(train).to_have_text("Pause", timeout=ROUND_TRIP_MS)
    expect(status).to_have_text("Training from step 0.", timeout=ROUND_TRIP_MS)
    assert below.bounding_box()["y"] == top, "the controls moved when training began"
    expect(steps).not_to_have_text("0 of 1,000", timeout=ROUND_TRIP_MS)

    # While the lab trains, chapter 02's slider still round-trips through the same kernel.
    case = _grpo_loss()
    fill_range(other.locator(case.control).first, case.value)
    expect(other.locator(case.result).first).to_have_text(case.expected, timeout=ROUND_TRIP_MS)
    seen = steps.text_content()
    assert number(seen) < 1000, "the run ended before the other widget answered"
    expect(train).to_have_text("Pause")
    # and the lab goes on training after it
    expect(steps).not_to_have_text(seen, timeout=ROUND_TRIP_MS)

    train.click()
    expect(train).to_have_text("Train", timeout=ROUND_TRIP_MS)
    stopped = steps.text_content()
    expect(status).to_contain_text(f"Paused at step {stopped.split(' of ')[0]}")
    assert below.bounding_box()["y"] == top, "the controls moved on Pause"
    page.wait_for_timeout(1000)
    assert steps.text_content() == stopped, "the step count moved after Pause"

    # Train by keyboard: Tab reaches the button, Space starts, Enter pauses.
    lab.locator(".r1w-title").click()  # where sequential focus starts: the lab's own title
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(ON_TRAIN):
            break
    else:
        raise AssertionError("Tab never reached the Train button")
    page.keyboard.press("Space")
    expect(train).to_have_text("Pause", timeout=ROUND_TRIP_MS)
    expect(steps).not_to_have_text(stopped, timeout=ROUND_TRIP_MS)
    page.keyboard.press("Enter")
    expect(train).to_have_text("Train", timeout=ROUND_TRIP_MS)
    expect(status).to_contain_text("Paused at step")


def test_trained_live_accuracy_and_length_rise_together(page, voila_url):
    open_voila(page, voila_url, "tiny_r1zero.ipynb")
    lab = page.locator(LAB).first
    passed, length = stat(lab, "pass"), stat(lab, "length")
    expect(stat(lab, "steps")).to_have_text("0 of 1,000", timeout=FIRST_RENDER_MS)
    start_pass, start_length = number(passed.text_content()), number(length.text_content())
    assert start_pass < 20 and start_length < 4, (start_pass, start_length)

    train = lab.locator(f"button{LAB}-train")
    train.click()
    # until pass@1 reaches 90% or the run ends at step 1,000 (the button says Train again)
    page.wait_for_function(
        """([p, b]) => parseFloat(p.textContent) >= 90 || b.textContent === 'Train'""",
        arg=[passed.element_handle(), train.element_handle()],
        timeout=TRAIN_MS,
        polling=250,
    )
    if train.text_content() == "Pause":
        train.click()
    expect(train).to_have_text("Train", timeout=ROUND_TRIP_MS)
    end_pass, end_length = number(passed.text_content()), number(length.text_content())
    assert end_pass >= 90, end_pass
    assert end_length >= 5.5, end_length  # the scratchpad grew with no reward for it
    shots_at_widths(lab, "voila-light-tiny_r1zero-trained")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_trained_lab_with_its_previous_run(page, voila_url, live_notebooks, theme):
    open_voila(page, voila_url, "tiny_r1zero_trained.ipynb", theme=theme)
    lab = page.locator(LAB).first
    expect(stat(lab, "steps")).to_have_text("300 of 1,000", timeout=FIRST_RENDER_MS)
    key = lab.locator(f"{LAB}-prev-key")
    expect(key).to_have_text(
        "dashed: previous run (seed 0, lr 0.05, β 0.04, G 8, prior on, answer sees the sum; "
        "300 steps)"
    )
    assert lab.locator(f"{LAB}-curves polyline{LAB}-prev").count() == 2
    shots_at_widths(lab, f"voila-{theme}-tiny_r1zero-previous")


def test_a_finished_run_says_so_and_reset_starts_again(page, voila_url, live_notebooks):
    open_voila(page, voila_url, "tiny_r1zero_finished.ipynb")
    lab = page.locator(LAB).first
    steps = stat(lab, "steps")
    expect(steps).to_have_text("1,000 of 1,000", timeout=FIRST_RENDER_MS)
    status = lab.locator(f"{LAB}-status")
    expect(status).to_contain_text("Finished at step 1,000")
    expect(status).to_contain_text("Reset to train again.")
    train, step = lab.locator(f"button{LAB}-train"), lab.locator(f"button{LAB}-step")
    for button in (train, step):
        expect(button).to_have_attribute("aria-disabled", "true")
    shots_at_widths(lab, "voila-light-tiny_r1zero-finished")

    # pressed anyway, from the keyboard (they keep their focus): nothing is refused or moves
    train.focus()
    page.keyboard.press("Enter")
    step.focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)
    expect(steps).to_have_text("1,000 of 1,000")
    expect(lab.locator(".r1w-error")).to_be_hidden()
    expect(train).to_have_text("Train")

    # the folded notes open from the keyboard
    fold = lab.locator(f"details{LAB}-more").first
    fold.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(fold).to_have_attribute("open", "")

    lab.locator(f"button{LAB}-reset").click()
    expect(steps).to_have_text("0 of 1,000", timeout=ROUND_TRIP_MS)
    expect(status).to_contain_text("New run from step 0")
    for button in (train, step):
        expect(button).to_have_attribute("aria-disabled", "false")
    expect(lab.locator(f"{LAB}-prev-key")).to_contain_text("; 1,000 steps")

    # no prior: long random responses, which must wrap in the sample table at 420 px
    lab.locator('input[data-name="prior"]').click()
    expect(status).to_contain_text("New run from step 0", timeout=ROUND_TRIP_MS)
    expect(stat(lab, "length")).to_have_text("7.42", timeout=ROUND_TRIP_MS)
    # every fold open, so the shots show all the notes and the recipe table
    lab.locator(f"details{LAB}-more").evaluate_all("ds => ds.forEach((d) => { d.open = true; })")
    shots_at_widths(lab, "voila-light-tiny_r1zero-noprior")
