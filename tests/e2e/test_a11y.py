"""Accessibility audit of the walkthrough in Voila, light and dark (WCAG 2.1 AA), on every chapter
in the registry and on the walkthrough's captions. No finding of impact serious or critical:

- axe-core's WCAG 2.0/2.1 A and AA rules, at 1280 and 420 px and again after each chapter's own
  interaction (tests/e2e/cases.py), including what axe leaves "to review" when it is serious
  (an aria-label a screen reader ignores, say);
- the contrast axe cannot decide or does not check, measured in the page: text inside charts
  (4.5:1), the kit's data marks and legend swatches (3:1), text-field and drop-down edges (3:1);
- every chart (an outermost SVG) has a text alternative;
- every control Tab reaches shows a focus ring, an outline contrasting 3:1 with its surroundings
  (or an SVG control's own ring, marked data-r1w-focus-ring).

One page load per theme. axe-core comes from node_modules (an exact devDependency), injected
offline with Playwright's add_script_tag. Each run writes its counts per state, chapter and rule
to test-artifacts/a11y-<theme>.json, so runs can be compared.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from cases import all_cases
from harness import (
    ARTIFACTS,
    FIRST_RENDER_MS,
    ROOT,
    ROUND_TRIP_MS,
    fill_range,
    open_voila,
    page_script,
)
from playwright.sync_api import expect

from r1widgets import CHAPTERS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_CHAPTER = page_script("axe_chapter.js")
FOCUS_LOG = page_script("focus_log.js")
SVG_NAMES = page_script("svg_names.js")
CONTRAST = page_script("contrast.js")
WIDTHS = (1280, 420)  # the wide layout, and the narrow one (tables become cards)
BLOCKING = ("serious", "critical")
RING_CONTRAST = 3.0  # WCAG 1.4.11: a focus indicator is a UI component's visual state


def _root(page, slug: str):
    return page.locator(f".r1w-{slug.replace('_', '-')}").first


def _show_whole(page, el, width: int) -> None:
    """Scroll el to the top of Voila's panel and make the viewport tall enough to show all of
    it: axe checks the contrast only of text it can see (Voila scrolls inside its own panel)."""
    el.evaluate("el => el.scrollIntoView({block: 'start'})")
    height = el.evaluate("el => el.getBoundingClientRect().height")
    page.set_viewport_size({"width": width, "height": max(1000, min(8000, int(height) + 120))})
    el.evaluate("el => el.scrollIntoView({block: 'start'})")


def _audit(page, where: str, width: int) -> tuple[list[str], dict]:
    """axe on each chapter root and on the walkthrough's captions, and the contrast axe leaves
    undecided (charts) or does not check (control edges) measured here; the blocking findings
    and all counts."""
    findings: list[str] = []
    counts: dict = {"violations": {}, "contrast_passed": {}, "undecided": {}, "contrast": {}}
    captions = page.locator(".r1w-caption")
    contexts = [(c.slug, [_root(page, c.slug)]) for c in CHAPTERS]
    contexts.append(("captions", [captions.nth(i) for i in range(captions.count())]))
    for name, elements in contexts:
        per_rule: Counter = Counter()
        undecided: Counter = Counter()
        passed = 0
        for el in elements:
            _show_whole(page, el, width)
            result = el.evaluate(AXE_CHAPTER)
            passed += result["contrastPassed"]
            for v in result["violations"]:
                for node in v["nodes"]:
                    impact = node["impact"] or v["impact"]
                    per_rule[f"{v['id']} ({impact})"] += 1
                    if impact in BLOCKING:
                        at = f"{where} {name}: {v['id']} [{impact}] at {node['target']}"
                        findings.append(f"{at}: {node['summary']}")
            # What axe could not decide: the contrast of chart text, measured below, and (also a
            # finding here) a serious one a person would have to review, such as an aria-label
            # that screen readers ignore on an element without a role.
            for r in result["incomplete"]:
                undecided[r["id"]] += len(r["nodes"])
                for node in r["nodes"] if r["id"] != "color-contrast" else []:
                    impact = node["impact"] or r["impact"]
                    if impact in BLOCKING:
                        per_rule[f"{r['id']} ({impact}, to review)"] += 1
                        at = f"{where} {name}: {r['id']} [{impact}, to review] at {node['target']}"
                        findings.append(f"{at}: {node['summary']}")
            if name != "captions":
                charts = el.evaluate(CONTRAST)
                if charts["problems"]:
                    per_rule["contrast (serious)"] += len(charts["problems"])
                findings += [f"{where} {name}: contrast {p}" for p in charts["problems"]]
                counts["contrast"][name] = charts
        # the audit really read this part of the page: axe found text whose contrast it checked
        if not passed:
            findings.append(f"{where} {name}: axe checked the contrast of no text")
        counts["violations"][name] = per_rule
        counts["undecided"][name] = undecided
        counts["contrast_passed"][name] = passed
    page.set_viewport_size({"width": width, "height": 1000})
    return findings, counts


def _focus_rings(page) -> tuple[list[str], dict]:
    """Tab through the page from the top; every element of a chapter that takes focus must show
    an outline or box-shadow, an outline contrasting 3:1 with its surroundings."""
    total = page.evaluate(FOCUS_LOG)
    page.locator("h1").first.click()  # the sequential focus starts at the page's heading
    tabbable = page.evaluate(
        "() => [...document.querySelectorAll("
        "'a[href], button, input, select, textarea, [tabindex]')]"
        ".filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length).length"
    )
    for _ in range(tabbable + 5):
        page.keyboard.press("Tab")
    log = page.evaluate("() => window.__r1wFocusLog")
    problems = []
    for item in log:
        if not item["visible"]:
            problems.append(f"{item['chapter']}: {item['what']} shows no focus ring")
        elif item["contrast"] is not None and item["contrast"] < RING_CONTRAST:
            problems.append(
                f"{item['chapter']}: {item['what']} focus ring contrast {item['contrast']}:1"
            )
    reached = Counter(item["chapter"] for item in log)
    for c in CHAPTERS:
        if not reached[c.slug]:
            problems.append(f"{c.slug}: Tab never reached a control")
    return problems, {"controls": total, "focused": dict(reached)}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_walkthrough_accessibility(page, voila_url, theme):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_voila(page, voila_url, "walkthrough.ipynb", theme=theme)
    for c in CHAPTERS:
        expect(_root(page, c.slug)).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.locator("body")).to_have_attribute(
        "data-jp-theme-light", "false" if theme == "dark" else "true"
    )
    page.wait_for_timeout(1000)  # the kernel's first values are drawn
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci (make test does)")
    page.add_script_tag(path=str(AXE))

    findings: list[str] = []
    counts: dict = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(300)  # layout and resize observers settle
        found, counts[width] = _audit(page, f"{theme} {width}px", width)
        findings += found
    page.set_viewport_size({"width": 1280, "height": 1000})
    # and once more after each chapter's own interaction (cases.py): a second state of every
    # view (the RL mode, a sampled group, a new rollout ...), with the colours it brings
    for case in all_cases():
        root = page.locator(case.root).first
        root.scroll_into_view_if_needed()
        control = root.locator(case.control).first
        if case.value is None:
            control.click()
        else:
            fill_range(control, case.value)
        expect(root.locator(case.result).first).to_have_text(case.expected, timeout=ROUND_TRIP_MS)
    found, counts["after input"] = _audit(page, f"{theme} 1280px after input", 1280)
    findings += found
    svg = {c.slug: _root(page, c.slug).evaluate(SVG_NAMES) for c in CHAPTERS}
    unnamed = [f"{theme} {slug}: {p}" for slug, r in svg.items() for p in r["problems"]]
    rings, focus = _focus_rings(page)

    counts["charts_named"] = {slug: r["named"] for slug, r in svg.items()}
    counts["focus"] = focus
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / f"a11y-{theme}.json").write_text(json.dumps(counts, indent=1))

    problems = findings + unnamed + [f"{theme} {p}" for p in rings]
    assert not problems, f"{len(problems)} serious or critical findings:\n" + "\n".join(problems)
