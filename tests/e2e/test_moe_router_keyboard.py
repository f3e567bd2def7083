"""MoERouter by keyboard alone, in Voila and Chromium: the tokens are native buttons behind one
Tab stop (a roving tabindex); the arrow keys, Home and End move along them, Enter and Space route
the focused token through the kernel; a sentence typed and submitted with Enter becomes the new
tokens, and one past the limit is refused under the box and kept there to shorten. No mouse
event is sent. Also the layout the learner found wanting: the configuration table fits at
1280 px, and the load chart keeps a readable height at 420 px."""

from __future__ import annotations

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import MoERouter

MAX_TABS = 40  # the sentence box and its button come first; the tokens' one stop follows


def summary(**inputs) -> str:
    """The view's summary line for these inputs, from the kernel's own routing (computed here)."""
    w = MoERouter(**inputs)
    chosen = ", ".join(
        f"{e} (gate {g:.3f})" for e, g in zip(w.selected_experts, w.gate_weights, strict=True)
    )
    return (
        f"“{w.tokens[w.selected_token]}” goes to {len(w.selected_experts)} routed experts: "
        f"{chosen}, gates summing to {w.architecture['route_scale']}; kept groups "
        f"{', '.join(map(str, w.kept_groups))}; plus the shared expert, always on with weight "
        f"{w.shared_expert_gate:.0f}."
    )


def focused_index(page) -> str | None:
    return page.evaluate("() => document.activeElement?.dataset?.index ?? null")


def test_tokens_are_chosen_by_keyboard_only(page, voila_url):
    open_voila(page, voila_url, "moe_router.ipynb")
    widget = page.locator(".r1w-moe-router").first
    tokens = widget.locator("button[data-name='selected_token']")
    expect(tokens.nth(1)).to_have_attribute("aria-pressed", "true", timeout=FIRST_RENDER_MS)
    n = tokens.count()
    assert n == len(MoERouter().tokens)
    stops = widget.evaluate(
        "el => [...el.querySelectorAll('button[data-index]')].filter(b => b.tabIndex >= 0)"
        ".map(b => b.dataset.index)"
    )
    assert stops == ["1"], "the tokens should be one Tab stop, the selected token"

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_index(page) is not None:
            break
    assert focused_index(page) == "1", "Tab never reached the selected token"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused token shows no focus ring"

    result = widget.locator(".r1w-moe-router-summary")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused_index(page) == "3"
    page.keyboard.press("Enter")
    expect(result).to_have_text(summary(selected_token=3), timeout=ROUND_TRIP_MS)
    expect(tokens.nth(3)).to_have_attribute("aria-pressed", "true")
    expect(tokens.nth(1)).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("End")
    assert focused_index(page) == str(n - 1)
    page.keyboard.press("ArrowRight")  # no wrap-around
    assert focused_index(page) == str(n - 1)
    page.keyboard.press("Space")
    expect(result).to_have_text(summary(selected_token=n - 1), timeout=ROUND_TRIP_MS)
    page.keyboard.press("Home")
    assert focused_index(page) == "0"

    # Tab leaves the tokens in one step; Shift+Tab comes back to the same token
    page.keyboard.press("Tab")
    assert focused_index(page) is None
    page.keyboard.press("Shift+Tab")
    assert focused_index(page) == "0"


def test_a_typed_sentence_is_routed_and_one_too_long_snaps_back(page, voila_url):
    open_voila(page, voila_url, "moe_router.ipynb")
    widget = page.locator(".r1w-moe-router").first
    box = widget.locator("input[data-name='tokens']")
    expect(box).to_have_value(" ".join(MoERouter().tokens), timeout=FIRST_RENDER_MS)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Experts wait for tokens")
    page.keyboard.press("Enter")
    tokens = widget.locator("button[data-name='selected_token']")
    expect(tokens).to_have_count(4, timeout=ROUND_TRIP_MS)
    expect(tokens.nth(1)).to_have_text("wait")
    # the kernel kept the selected index (1 < 4 tokens): "wait" is now routed
    expect(widget.locator(".r1w-moe-router-summary")).to_have_text(
        summary(tokens=["Experts", "wait", "for", "tokens"], selected_token=1)
    )

    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(" ".join(["w"] * 25))
    page.keyboard.press("Enter")
    # the refusal shows under the box in the kernel's learner words; the text stays to shorten
    refusal = widget.locator(".r1w-moe-router-refusal")
    expect(refusal).to_have_text(
        "That sentence has 25 words; the router takes at most 24. Shorten it.",
        timeout=ROUND_TRIP_MS,
    )
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value(" ".join(["w"] * 25))
    expect(tokens).to_have_count(4)
    expect(widget.locator(".r1w-moe-router-error")).to_be_hidden()
    # directly under the box: no more than a line's gap between the box's row and the message
    gap = refusal.bounding_box()["y"] - box.bounding_box()["y"] - box.bounding_box()["height"]
    assert 0 <= gap < 40, gap
    shots_at_widths(widget, "voila-moe_router-refused")

    # typed and left with Tab, not Enter: the view says it is not routed yet
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Short again")
    page.keyboard.press("Enter")
    expect(tokens).to_have_count(2, timeout=ROUND_TRIP_MS)
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(refusal).to_be_hidden()
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Not sent")
    page.keyboard.press("Tab")
    expect(widget.locator(".r1w-moe-router-hint")).to_contain_text("Not routed yet: press Enter")
    expect(tokens).to_have_count(2)


def test_moe_router_in_the_dark_theme_after_a_keyboard_choice(page, voila_url):
    open_voila(page, voila_url, "moe_router.ipynb", theme="dark")
    widget = page.locator(".r1w-moe-router").first
    first = widget.locator("button[data-index='1']")
    expect(first).to_have_attribute("aria-pressed", "true", timeout=FIRST_RENDER_MS)
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(widget.locator(".r1w-moe-router-summary")).to_have_text(
        summary(selected_token=2), timeout=ROUND_TRIP_MS
    )
    shots_at_widths(widget, "voila-dark-moe_router")


def test_moe_router_config_table_fits_and_the_load_chart_stays_tall(page, voila_url):
    open_voila(page, voila_url, "moe_router.ipynb")
    widget = page.locator(".r1w-moe-router").first
    expect(widget.locator(".r1w-moe-router-summary")).to_contain_text(
        "routed experts", timeout=FIRST_RENDER_MS
    )
    config = widget.locator("details.r1w-moe-router-config")
    config.locator("summary").focus()
    page.keyboard.press("Enter")  # opens the native details
    expect(config).to_have_attribute("open", "")
    area = config.locator(".r1w-scroll").first
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(150)
    sideways = area.evaluate("el => el.scrollWidth - el.clientWidth")
    assert sideways <= 1, f"the configuration table scrolls sideways by {sideways} px at 1280"
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_timeout(300)  # the chart redraws when its box gets narrow
    chart = widget.locator(".r1w-moe-router-load svg")
    assert chart.bounding_box()["height"] >= 180, chart.bounding_box()
