"""The quiz by keyboard alone, in Voila and Chromium: Tab reaches each question's radio group,
Space answers, the arrow keys move the answer within the group (each move is checked by the
kernel), the verdict and the score follow, Tab moves on to the next question, and the Clear
button clears. The chapter to revisit is plain text on its own and a link when its anchor is on
the page. No mouse event is sent. Screenshots at 420 and 1280 px, light and dark."""

from __future__ import annotations

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import CHAPTERS, Quiz
from r1widgets.core import quiz as bank

ROOT = ".r1w-quiz"
SCORE = ".r1w-quiz-score"
MAX_TABS = 60
LETTERS = "ABCD"


def focused(page) -> tuple[str | None, str | None]:
    """The data-name and value of the focused element (a radio: answers.<q>, its place)."""
    return page.evaluate(
        "() => [document.activeElement?.dataset?.name ?? null,"
        " document.activeElement?.value ?? null]"
    )


def verdict(question: int, chosen: int) -> str:
    right = Quiz().correct_places()[question]
    if chosen == right:
        return f"✓ Right: {LETTERS[chosen]} is correct."
    return f"✗ Not right: you chose {LETTERS[chosen]}; the right answer is {LETTERS[right]}."


def revisit_text(question: int) -> str:
    number = bank.QUESTIONS[question].revisit
    title = next(c.title for c in CHAPTERS if c.number == number)
    return f"Revisit chapter {number:02d} · {title}"


def test_answering_by_keyboard_alone_in_voila(page, voila_url):
    open_voila(page, voila_url, "quiz.ipynb", theme="dark")
    widget = page.locator(ROOT).first
    expect(widget.locator(SCORE)).to_have_text("0 of 8 right (0 answered)", timeout=FIRST_RENDER_MS)
    first = widget.locator("fieldset").nth(0)
    second = widget.locator("fieldset").nth(1)
    right = Quiz().correct_places()

    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(MAX_TABS):  # Tab from the top of the page into question 1's group
        page.keyboard.press("Tab")
        if focused(page)[0] == "answers.0":
            break
    else:
        raise AssertionError("Tab never reached question 1")
    assert focused(page) == ["answers.0", "0"], "an unanswered group is entered at its first option"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    assert page.evaluate("() => document.activeElement.dataset.lmSuppressShortcuts") == "true"

    page.keyboard.press("Space")  # answer A
    expect(first.locator(".r1w-quiz-verdict")).to_have_text(verdict(0, 0), timeout=ROUND_TRIP_MS)
    expect(widget.locator(SCORE)).to_have_text(
        f"{int(right[0] == 0)} of 8 right (1 answered)", timeout=ROUND_TRIP_MS
    )
    for place in range(1, right[0] + 1):  # the arrows move the answer, each move is checked
        page.keyboard.press("ArrowDown")
        expect(first.locator(".r1w-quiz-verdict")).to_have_text(
            verdict(0, place), timeout=ROUND_TRIP_MS
        )
    expect(first.locator(f'input[value="{right[0]}"]')).to_be_checked()
    expect(widget.locator(SCORE)).to_have_text("1 of 8 right (1 answered)", timeout=ROUND_TRIP_MS)
    expect(first.locator(".r1w-quiz-explanation")).to_have_text(bank.QUESTIONS[0].explanation)
    # alone, the chapter to revisit has no anchor on the page: plain text, not a dead link
    expect(first.locator(".r1w-quiz-revisit")).to_have_text(revisit_text(0))
    assert first.locator(".r1w-quiz-revisit a").count() == 0

    # with the chapter's anchor on the page (as in the walkthrough), the next one is a link
    page.evaluate(
        "() => { const d = document.createElement('div'); d.id = 'r1w-ch02';"
        " document.body.prepend(d); }"
    )
    page.keyboard.press("Tab")  # on to question 2, entered at its first option
    assert focused(page) == ["answers.1", "0"]
    wrong = (right[1] + 1) % 4
    for _ in range(wrong):
        page.keyboard.press("ArrowDown")
    if wrong == 0:
        page.keyboard.press("Space")
    expect(second.locator(".r1w-quiz-verdict")).to_have_text(
        verdict(1, wrong), timeout=ROUND_TRIP_MS
    )
    expect(widget.locator(SCORE)).to_have_text("1 of 8 right (2 answered)", timeout=ROUND_TRIP_MS)
    link = second.locator(".r1w-quiz-revisit a")
    expect(link).to_have_text(revisit_text(1))
    expect(link).to_have_attribute("href", "#r1w-ch02")
    shots_at_widths(widget, "voila-dark-quiz")

    # Tab on to the Clear button and press it: every answer goes
    clear = widget.locator("button.r1w-quiz-reset")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if clear.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the Clear button")
    page.keyboard.press("Enter")
    expect(widget.locator(SCORE)).to_have_text("0 of 8 right (0 answered)", timeout=ROUND_TRIP_MS)
    expect(widget.locator("input[type=radio]:checked")).to_have_count(0)
    expect(widget.locator(".r1w-quiz-explanation")).to_have_count(0)
