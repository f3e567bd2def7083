"""The chapters in marimo's run mode (examples/marimo_app.py), light and dark, in Chromium.

One `marimo run` server; each test opens its own session (its own kernel), with marimo's theme
set by the page's address (`?theme=dark`, which marimo 0.25 reads before its user setting).
marimo draws each widget in a shadow root: Playwright's CSS locators pierce open shadow roots.

- every chapter of the app's walkthrough (r1widgets.marimo.walkthrough) renders in the theme's
  palette, whose text colours keep 4.5:1, and its own interaction (tests/e2e/cases.py)
  round-trips through the kernel, with every request off the app's own server blocked;
- a refused value snaps back, is named in the view and in a cell that reads `.value`, and is
  logged once (marimo hands each browser update to the widget twice);
- an action (Step) and a Python-side write reach the view, and reach a cell only through
  `mo.state`, as the app says: a cell that reads `.value` re-runs on browser writes only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from cases import all_cases
from harness import (
    FIRST_RENDER_MS,
    ROOT,
    ROUND_TRIP_MS,
    fill_range,
    free_port,
    screenshot,
    start_server,
    stop_server,
    venv_bin,
    wait_http,
)
from playwright.sync_api import expect

from r1widgets import CHAPTERS, GRPOLoss

APP = ROOT / "examples" / "marimo_app.py"
CASES = all_cases()
THEMES = ("light", "dark")

# Each palette colour resolved in the chapter's own root (light-dark() and all), as rgb().
PALETTE = """root => {
  const names = ["bg", "panel", "fg", "muted", "edge", "accent", "on-accent", "pos", "neg",
    "warn", "ref", "c1", "c2", "c3", "c4"];
  const probe = document.createElement("span");
  root.append(probe);
  const out = {};
  for (const n of names) {
    probe.style.color = `var(--r1w-${n})`;
    out[n] = getComputedStyle(probe).color;
  }
  probe.remove();
  out.box = getComputedStyle(root.querySelector(".r1w-box")).backgroundColor;
  out.scheme = getComputedStyle(root).colorScheme;
  return out;
}"""
TEXT_COLOURS = ("fg", "muted", "accent", "pos", "neg", "warn", "ref", "c1", "c2", "c3", "c4")


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _luminance(css: str) -> float:
    def f(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(css)
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def _contrast(a: str, b: str) -> float:
    x, y = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


@pytest.fixture(scope="module")
def marimo_app(e2e_home) -> Iterator[tuple[str, object]]:
    port = free_port()
    proc, log = start_server(
        [
            venv_bin("marimo"),
            "run",
            str(APP),
            "--headless",
            "--host=127.0.0.1",
            f"--port={port}",
            "--no-token",  # tests only: the server answers on 127.0.0.1 alone
        ],
        e2e_home,
        "marimo",
        ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(proc, url + "/", log)
        yield url, log
    finally:
        stop_server(proc)


def _open(page, url: str, theme: str) -> None:
    page.goto(f"{url}/?theme={theme}", wait_until="commit")
    for c in CHAPTERS:
        root = page.locator(f".r1w-{c.slug.replace('_', '-')}").last
        expect(root).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.locator("body")).to_have_class(re.compile(rf"\b{theme}\b"))


@pytest.mark.parametrize("theme", THEMES)
def test_every_chapter_in_marimo(page, marimo_app, theme):
    url, _log = marimo_app
    elsewhere: list[str] = []  # the app must need nothing but its own server (works offline)
    served: list[str] = []

    def local_only(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            served.append(route.request.url)
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", local_only)
    page.set_viewport_size({"width": 1280, "height": 1000})
    _open(page, url, theme)
    problems = []
    for case in CASES:
        # .last: chapters 02 and 09 also show alone above the walkthrough
        root = page.locator(case.root).last
        root.scroll_into_view_if_needed()
        colours = root.evaluate(PALETTE)
        assert colours["scheme"] == theme, f"{case.slug}: color-scheme {colours['scheme']}"
        assert colours["box"] == colours["bg"], case.slug
        dark_box = _luminance(colours["box"]) < 0.05
        assert dark_box == (theme == "dark"), f"{case.slug}: background {colours['box']}"
        for name in TEXT_COLOURS:
            for under in ("bg", "panel"):
                ratio = _contrast(colours[name], colours[under])
                if ratio < 4.5:
                    problems.append(f"{case.slug}: --r1w-{name} on {under} {ratio:.2f}:1")
        if _contrast(colours["on-accent"], colours["accent"]) < 4.5:
            problems.append(f"{case.slug}: text on the accent")
        if _contrast(colours["edge"], colours["bg"]) < 3:
            problems.append(f"{case.slug}: control edges")
        before = root.locator(case.result).first.text_content()
        control = root.locator(case.control).first
        if case.value is None:
            control.click()
        else:
            fill_range(control, case.value)
        expect(root.locator(case.result).first).to_have_text(case.expected, timeout=ROUND_TRIP_MS)
        assert before != case.expected, f"{case.slug}: the interaction must change the result"
        screenshot(root, f"marimo-{theme}-{case.slug}")
    assert not problems, "\n".join(problems)
    assert served and not elsewhere, f"requests off the app's server: {elsewhere}"


@pytest.mark.parametrize("theme", THEMES)
def test_refusal_action_and_python_write_in_marimo(page, marimo_app, theme):
    url, log = marimo_app
    page.set_viewport_size({"width": 1280, "height": 1000})
    _open(page, url, theme)
    loss = page.locator(".r1w-grpo-loss").first  # the chapter shown alone, above
    by_value = page.locator("marimo-callout-output", has_text=re.compile("^Read through"))
    by_state = page.locator("marimo-callout-output", has_text=re.compile("^Followed through"))
    default = f"{GRPOLoss().objective:+.4f}"
    expect(by_value).to_contain_text(default, timeout=FIRST_RENDER_MS)

    # a refusal: a tampered track sends a group size past the kernel's bound
    refusals = log.read_text().count("group_size refused")
    group = loss.locator('input[data-name="group_size"]')
    expect(group).to_have_value("4")
    group.evaluate("el => el.max = '50'")
    group.fill("40")
    expect(loss.locator(".r1w-error")).to_contain_text("group_size refused", timeout=ROUND_TRIP_MS)
    expect(group).to_have_value("4", timeout=ROUND_TRIP_MS)
    expect(loss.locator("tbody tr")).to_have_count(4)
    expect(by_value).to_contain_text("group_size refused", timeout=ROUND_TRIP_MS)
    group.evaluate("el => el.max = '16'")
    group.fill("5")  # the kernel answers this after it has handled the refused update twice
    expect(loss.locator("tbody tr")).to_have_count(5, timeout=ROUND_TRIP_MS)
    expect(by_value).to_contain_text("refusal: none", timeout=ROUND_TRIP_MS)
    assert log.read_text().count("group_size refused") == refusals + 1

    # a Python-side write (a marimo button's on_click sets a published setting)
    w = GRPOLoss()
    w.group_size = 5
    w.preset("deepseek-r1")
    after_browser = by_value.text_content()
    page.get_by_role("button", name="Set DeepSeek-R1's published settings from Python").click()
    expect(by_state).to_contain_text(f"{w.objective:+.4f}", timeout=ROUND_TRIP_MS)
    expect(loss.locator('select[data-name="preset_name"]')).to_have_value("deepseek-r1")
    assert by_value.text_content() == after_browser  # .value: browser writes only

    # an action: Step, sent by the view as a message
    sim = page.locator(".r1w-grpo-simulator").first
    steps = page.locator("marimo-callout-output", has_text=re.compile("^Steps taken, read"))
    steps_state = page.locator("marimo-callout-output", has_text=re.compile("^Steps taken, foll"))
    sim.locator("button.r1w-grpo-simulator-step").click()
    expect(sim.locator(".r1w-grpo-simulator-steps .r1w-stat-value")).to_have_text(
        "1", timeout=ROUND_TRIP_MS
    )
    expect(steps_state).to_contain_text("mo.state: 1", timeout=ROUND_TRIP_MS)
    expect(steps).to_contain_text("sim.value: 0")
    screenshot(loss, f"marimo-{theme}-alone-grpo_loss")
    screenshot(sim, f"marimo-{theme}-alone-grpo_simulator")
