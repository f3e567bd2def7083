"""Chapter 04 in Voila, in Chromium: the timeline is reached by Tab and moved by arrow keys,
Home and End alone, each move answered by the kernel, and nothing below the controls moves; the
chosen step shows at step 0 too, and o1-0912's values sit where no curve passes, at 420 and
1280 px; pasted text is marked where the detector finds reflection, markup in it stays text, and
a paste past the box's limit is said to be cut. Screenshots in the dark theme."""

from __future__ import annotations

import re

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import AhaTimeline

ROOT = ".r1w-aha-timeline"
PASS = ".r1w-aha-timeline-pass .r1w-stat-value"
READING = ".r1w-aha-timeline-pass .r1w-aha-timeline-reading"
LENGTH = ".r1w-aha-timeline-length .r1w-stat-value"
SHOWN = ".r1w-aha-timeline-stage:not(.r1w-aha-timeline-ghost)"  # not the unseen copies

# Where things are drawn: the detector's heading, o1-0912's value labels and the right edge of
# every curve mark of the accuracy chart, the y-axis and the step's triangle in both charts.
GEOMETRY = """el => {
  const box = (n) => n.getBoundingClientRect();
  const heads = [...el.querySelectorAll('.r1w-aha-timeline-heading')];
  const [acc] = el.querySelectorAll('svg.r1w-plot');
  const marks = acc.querySelectorAll('.r1w-layer polyline, .r1w-layer circle, .r1w-layer rect');
  const charts = [...el.querySelectorAll('svg.r1w-plot')].map((svg) => {
    const axis = [...svg.querySelectorAll('.r1w-axes > line')].find(
      (l) => l.getAttribute('x1') === l.getAttribute('x2'));
    const m = box(svg.querySelector('.r1w-aha-timeline-cursor-mark'));
    return { axis: box(axis).left, mark: [m.left, m.right, m.top, m.bottom], top: box(axis).top };
  });
  return {
    detector: box(heads.at(-1)).top - box(el).top,
    charts: box(el.querySelector('.r1w-aha-timeline-charts')).top - box(el).top,
    labels: [...acc.querySelectorAll('.r1w-ref-label')].map((t) => {
      const b = box(t); return [b.left, b.right, b.top, b.bottom];
    }),
    curvesRight: Math.max(...[...marks].map((n) => box(n).right)),
    svgRight: box(acc).right,
    charts_: charts,
  };
}"""


def _pass_text(step: int) -> str:
    value = AhaTimeline(step=step).pass_at_1
    return "–" if value is None else f"{100 * value:.1f}%"


def _at(widget, step: int) -> None:
    """Wait until the charts are drawn for ``step`` (they redraw on the next frame)."""
    for svg in (widget.locator("svg.r1w-plot").nth(0), widget.locator("svg.r1w-plot").nth(1)):
        expect(svg).to_have_attribute(
            "aria-label", re.compile(rf"At step {step:,}:"), timeout=ROUND_TRIP_MS
        )


def _check_geometry(g: dict, step: int) -> None:
    # o1-0912's values: right of every curve mark, inside the SVG, and apart from each other
    for left, right, _, _ in g["labels"]:
        assert left >= g["curvesRight"] - 0.5, (g["labels"], g["curvesRight"])
        assert right <= g["svgRight"] + 1, (g["labels"], g["svgRight"])
    (_, _, t1, b1), (_, _, t2, b2) = g["labels"]
    assert b1 <= t2 or b2 <= t1, g["labels"]
    # the chosen step's triangle: over the y-axis at step 0, away from it at 8,400; above the plot
    for c in g["charts_"]:
        left, right, top, bottom = c["mark"]
        assert right - left >= 5 and bottom - top >= 4, c
        assert bottom <= c["top"] + 1, c
        centre = (left + right) / 2
        if step == 0:
            assert abs(centre - c["axis"]) < 1.5, c
        else:
            assert centre > c["axis"] + 100, c


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
    # from the last step to the first and back, at 420 and 1280 px: the rollout and the
    # read-outs keep their room, so the charts and the detector below stay where they are
    size = page.viewport_size
    try:
        for width in (420, 1280):
            page.set_viewport_size({"width": width, "height": size["height"]})
            seen = {}
            for key, step in (("End", 8400), ("Home", 0), ("End", 8400)):
                page.keyboard.press(key)
                _at(widget, step)
                page.wait_for_timeout(150)  # layout and resize observers settle
                g = widget.evaluate(GEOMETRY)
                _check_geometry(g, step)
                seen[step] = (round(g["charts"]), round(g["detector"]))
            assert seen[0] == seen[8400], f"{width}px: content moved {seen}"
    finally:
        page.set_viewport_size(size)
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
    # the rollout follows the stage: at step 200 its one behaviour is the superficial "check"
    expect(widget.locator(f"{SHOWN} .r1w-aha-timeline-found li")).to_have_text(
        ["verification: \u201ccheck\u201d"]
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

    # a 129,000-character paste: the box keeps its 100,000 and says the rest was cut. Chromium
    # inserts no text for a made-up paste event, so the text goes in as typing would put it.
    limit = widget.locator(".r1w-aha-timeline-limit")
    expect(limit).to_be_hidden()
    area.fill("")
    # the kernel's echo of the emptied box must land first: arriving after the paste, it would
    # reset the view's record of what the paste dropped
    expect(widget.locator(".r1w-aha-timeline-count")).to_have_text(
        "Nothing pasted yet.", timeout=ROUND_TRIP_MS
    )
    big = "Wait, let me check. " * 6450
    area.evaluate(
        """(a, text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          a.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
        }""",
        big,
    )
    page.keyboard.insert_text(big)
    assert area.evaluate("a => a.value.length") == 100_000
    expect(limit).to_have_text(
        re.compile(r"^Cut at 100,000 characters: the last 29,000 characters of your paste"),
        timeout=ROUND_TRIP_MS,
    )
    expect(widget.locator(".r1w-aha-timeline-count")).to_have_text(
        "10,000 reflective behaviours found (the first 500 marked).", timeout=ROUND_TRIP_MS
    )
