"""The quiz by keyboard alone, in Voila and Chromium: Tab reaches each question's radio group,
Space and the arrow keys move a pending choice that reveals nothing and is not sent, Tab moves
on to the question's "Check answer" button and Space or Enter sends the choice; the kernel
checks it, the verdict and the score follow, and the group's radios are then disabled, showing
the checked choice. The chapter to revisit is plain text on its own; with its caption on the
page it is a link that moves focus to the chapter's heading, beside a "Back to question N"
button that moves focus back to the question. The Clear button clears. No mouse event is
sent. Screenshots at 420 and 1280 px, light and dark."""

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


def nothing_revealed(widget, fieldset, score: str) -> None:
    expect(fieldset.locator(".r1w-quiz-verdict")).to_have_text("")
    expect(fieldset.locator(".r1w-quiz-tag", has_text="right answer")).to_have_count(0)
    expect(fieldset.locator(".r1w-quiz-explanation")).to_have_count(0)
    expect(widget.locator(SCORE)).to_have_text(score)


def test_answering_by_keyboard_alone_in_voila(page, voila_url):
    open_voila(page, voila_url, "quiz.ipynb", theme="dark")
    widget = page.locator(ROOT).first
    expect(widget.locator(SCORE)).to_have_text("0 of 8 right (0 answered)", timeout=FIRST_RENDER_MS)
    first = widget.locator("fieldset").nth(0)
    second = widget.locator("fieldset").nth(1)
    right = Quiz().correct_places()
    assert right[0] != 0, "seed 0 shows question 1's right option after A (the test relies on it)"

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

    # Space picks A and the arrows move the pick: a pending choice, nothing revealed or sent
    page.keyboard.press("Space")
    expect(first.locator('input[value="0"]')).to_be_checked()
    for _ in range(right[0]):
        page.keyboard.press("ArrowDown")
    expect(first.locator(f'input[value="{right[0]}"]')).to_be_checked()
    nothing_revealed(widget, first, "0 of 8 right (0 answered)")

    page.keyboard.press("Tab")  # on to the Check button
    assert focused(page)[0] == "check.0"
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Space")
    # the verdict is for the last pending choice: had Space on A been sent, the kernel would
    # have kept A (the first answer is final) and refused the rest
    expect(first.locator(".r1w-quiz-verdict")).to_have_text(
        verdict(0, right[0]), timeout=ROUND_TRIP_MS
    )
    expect(widget.locator(SCORE)).to_have_text("1 of 8 right (1 answered)", timeout=ROUND_TRIP_MS)
    expect(first.locator("input[type=radio]:disabled")).to_have_count(4)
    expect(first.locator(f'input[value="{right[0]}"]')).to_be_checked()
    expect(first.locator(".r1w-quiz-explanation")).to_have_text(bank.QUESTIONS[0].explanation)
    # alone, the chapter to revisit has no anchor on the page: plain text, not a dead link
    expect(first.locator(".r1w-quiz-revisit")).to_have_text(revisit_text(0))
    assert first.locator(".r1w-quiz-revisit a").count() == 0
    assert first.locator(".r1w-quiz-back").count() == 0

    # with the chapter's caption on the page (as in the walkthrough), the next one is a link
    page.evaluate(
        "() => { const d = document.createElement('div'); d.className = 'r1w-caption';"
        " d.id = 'r1w-ch02'; const h = document.createElement('h2');"
        " h.textContent = 'Chapter 2'; d.append(h); document.body.prepend(d); }"
    )
    page.keyboard.press("Tab")  # past the inert Check button, on to question 2
    assert focused(page) == ["answers.1", "0"]
    wrong = (right[1] + 1) % 4
    page.keyboard.press("Space")
    for _ in range(wrong):
        page.keyboard.press("ArrowDown")
    nothing_revealed(widget, second, "1 of 8 right (1 answered)")
    page.keyboard.press("Tab")
    assert focused(page)[0] == "check.1"
    page.keyboard.press("Enter")
    expect(second.locator(".r1w-quiz-verdict")).to_have_text(
        verdict(1, wrong), timeout=ROUND_TRIP_MS
    )
    expect(widget.locator(SCORE)).to_have_text("1 of 8 right (2 answered)", timeout=ROUND_TRIP_MS)
    expect(second.locator("input[type=radio]:disabled")).to_have_count(4)
    link = second.locator(".r1w-quiz-revisit a")
    expect(link).to_have_text(revisit_text(1))
    expect(link).to_have_attribute("href", "#r1w-ch02")
    shots_at_widths(widget, "voila-dark-quiz")

    # the link, then "Back to question 2": each moves the focus where it says
    page.keyboard.press("Tab")
    assert link.evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")
    back = second.locator("button.r1w-quiz-back")
    expect(back).to_have_text("Back to question 2")
    assert back.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert second.locator("legend").evaluate("el => el === document.activeElement")
    for _ in range(MAX_TABS):  # on from the legend: the disabled radios are skipped
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the revisit link")
    page.keyboard.press("Enter")
    heading = page.locator("#r1w-ch02 h2")
    assert heading.evaluate("el => el === document.activeElement"), "focus moves to the chapter"
    expect(heading).to_have_attribute("tabindex", "-1")

    # Tab on to the Clear button and press it: every answer goes, the groups open again
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
    expect(widget.locator("input[type=radio]:disabled")).to_have_count(0)
    expect(widget.locator(".r1w-quiz-explanation")).to_have_count(0)
