"""The walkthrough app in Voila (dark theme) and in JupyterLab (light, then dark): every chapter
renders, follows the theme, takes keyboard input in Lab, and round-trips through the kernel."""

from __future__ import annotations

from cases import all_cases
from harness import (
    FIRST_RENDER_MS,
    ROUND_TRIP_MS,
    fill_range,
    open_voila,
    page_script,
    screenshot,
    shots_at_widths,
)
from playwright.sync_api import expect

from r1widgets import CHAPTERS

LUMINANCE = """el => {
  const c = getComputedStyle(el.querySelector('.r1w-box')).backgroundColor.match(/[\\d.]+/g);
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}"""


def _roots(page):
    return [page.locator(f".r1w-{c.slug.replace('_', '-')}").first for c in CHAPTERS]


# Every id on the page once; every label, aria-labelledby and aria-describedby inside a chapter
# names an element of that same chapter; clicking each label focuses (or toggles) its own
# control. Labels hidden on screen (compact table sliders) are clicked from script, which runs
# the same activation as a pointer click.
IDS_AND_LABELS = page_script("ids_and_labels.js")


def _check_all_chapters(page, prefix: str, dark: bool, widths: bool = False) -> list[str]:
    overflow: list[str] = []
    for chapter, root in zip(CHAPTERS, _roots(page), strict=True):
        expect(root).to_be_visible(timeout=FIRST_RENDER_MS)
        root.scroll_into_view_if_needed()
        lum = root.evaluate(LUMINANCE)
        assert (lum < 0.35) if dark else (lum > 0.8), f"{chapter.slug}: background luminance {lum}"
        if widths:
            overflow += shots_at_widths(root, f"{prefix}-{chapter.slug}", check=False)
        else:
            screenshot(root, f"{prefix}-{chapter.slug}")
    return overflow


KERNEL_READY = page_script("kernel_ready.js")


def run_all_cells(page) -> None:
    """Run every cell; retried, since Lab may ignore the command while the panel settles."""
    first_widget = page.locator(".jp-OutputArea-output .r1w").first
    for _ in range(5):  # a guard only: the kernel is ready before the first try
        page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        try:
            first_widget.wait_for(timeout=30_000)
            return
        except Exception:
            continue
    first_widget.wait_for(timeout=FIRST_RENDER_MS)


def test_walkthrough_in_voila_dark(page, voila_url):
    open_voila(page, voila_url, "walkthrough.ipynb", theme="dark")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("DeepSeek-R1, chapter by chapter")
    overflow = _check_all_chapters(page, "voila-dark", dark=True, widths=True)
    titles = page.locator(".r1w-caption h2").all_text_contents()
    assert titles == [f"{c.number:02d} · {c.title}" for c in CHAPTERS]
    # one title per chapter: the widgets' own titles are hidden under their caption headings
    assert page.locator(".r1w-walkthrough .r1w-title:visible").count() == 0
    # the table of contents links to every chapter, numbered once (no list markers)
    toc = page.locator(".r1w-toc a")
    assert toc.all_text_contents() == titles
    assert page.locator(".r1w-toc").evaluate("el => getComputedStyle(el).listStyleType") == "none"
    # the notebook's hint to run the cells is code, which Voila does not show
    assert page.get_by_text("run this cell").count() == 0

    result = page.evaluate(IDS_AND_LABELS)
    assert not result["problems"], "\n".join(result["problems"])
    assert result["clicked"] >= 4 * len(CHAPTERS), result  # the check really ran over labels
    # and a real pointer click on a visible label, on the last chapter, stays in that chapter
    last = _roots(page)[-1]
    label = last.locator("label:visible").first
    label.scroll_into_view_if_needed()
    label.click()
    last_is_active = "() => document.activeElement.closest('.r1w') === [...document.querySelectorAll('.r1w')].at(-1)"  # noqa: E501
    assert page.evaluate(last_is_active)
    assert not overflow, "content clipped or overflowing:\n" + "\n".join(overflow)


def test_walkthrough_in_jupyterlab(page, lab_url):
    page.goto(f"{lab_url}/lab/tree/walkthrough.ipynb?reset", wait_until="commit")
    # The execution indicator reads idle before any kernel exists: wait for the notebook's own
    # session to have a kernel that is idle, so the first run-all is not dropped.
    page.wait_for_function(KERNEL_READY, timeout=FIRST_RENDER_MS, polling=200)
    run_all_cells(page)
    _check_all_chapters(page, "lab-light", dark=False)

    # one round trip per chapter, in Lab
    for case in all_cases():
        root = page.locator(f".jp-OutputArea-output {case.root}").first
        root.scroll_into_view_if_needed()
        control = root.locator(case.control).first
        if case.value is None:
            control.click()
        else:
            fill_range(control, case.value)
        expect(root.locator(case.result).first).to_have_text(case.expected, timeout=ROUND_TRIP_MS)

    # the keyboard reaches a slider inside Lab's notebook (Lab binds arrows to cell moves)
    loss = page.locator(".jp-OutputArea-output .r1w-grpo-loss").first
    group = loss.locator('input[data-name="group_size"]')
    before = int(group.input_value())
    group.focus()
    page.keyboard.press("ArrowRight")
    expect(loss.locator("tbody tr")).to_have_count(before + 1, timeout=ROUND_TRIP_MS)
    page.keyboard.press("ArrowLeft")
    expect(loss.locator("tbody tr")).to_have_count(before, timeout=ROUND_TRIP_MS)

    page.evaluate(
        "() => window.jupyterapp.commands.execute('apputils:change-theme',"
        " {theme: 'JupyterLab Dark'})"
    )
    page.locator("body[data-jp-theme-light='false']").wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)  # theme CSS applied
    _check_all_chapters(page, "lab-dark", dark=True)
