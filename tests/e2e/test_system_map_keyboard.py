"""SystemMap by keyboard alone, in Voila and Chromium: Tab reaches the component buttons, the
arrow keys move between them, Enter and Space select, and the kernel's upstream and downstream
come back into the highlight and the text lists. No mouse event is sent."""

from __future__ import annotations

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import SystemMap

MAX_TABS = 60  # the page's own controls come first; the map's buttons are well within this


def lists(node: str) -> tuple[str, str]:
    """The view's two text lines for ``node``, from the kernel's own sets (computed here)."""
    m = SystemMap(selected=node)
    name = {n["id"]: n["name"] for n in m.nodes}
    up = [name[i] for i in m.upstream]
    down = [name[i] for i in m.downstream]
    return (
        f"▲ upstream, what it is built from ({len(up)}): "
        + (", ".join(up) if up else "nothing: it is a starting point")
        + ".",
        f"▼ downstream, what is built from it ({len(down)}): "
        + (", ".join(down) if down else "nothing: it is an end point")
        + ".",
    )


def focused_node(page) -> str | None:
    return page.evaluate("() => document.activeElement?.dataset?.node ?? null")


def test_nodes_are_reached_and_selected_by_keyboard_only(page, voila_url):
    open_voila(page, voila_url, "system_map.ipynb")
    widget = page.locator(".r1w-system-map").first
    expect(widget.locator('button[data-node="r1_zero"]')).to_have_attribute(
        "aria-pressed", "true", timeout=FIRST_RENDER_MS
    )
    up_list = widget.locator(".r1w-system-map-up-list")
    down_list = widget.locator(".r1w-system-map-down-list")
    expect(up_list).to_have_text(lists("r1_zero")[0])

    # Tab from the top of the page until a component button has focus
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_node(page):
            break
    assert focused_node(page) == "ground_truth", "Tab never reached the map's first button"

    # an arrow key moves focus to the next component; Enter selects it through the kernel
    page.keyboard.press("ArrowDown")
    assert focused_node(page) == "prompts"
    page.keyboard.press("Enter")
    up, down = lists("prompts")
    expect(up_list).to_have_text(up, timeout=ROUND_TRIP_MS)
    expect(down_list).to_have_text(down, timeout=ROUND_TRIP_MS)
    prompts = widget.locator('button[data-node="prompts"]')
    expect(prompts).to_have_attribute("aria-pressed", "true")
    expect(prompts).to_contain_text("● selected")
    expect(widget.locator('button[data-node="grpo"]')).to_contain_text("▼ downstream")
    expect(widget.locator(".r1w-system-map-details-name")).to_have_text("Prompts (input)")

    # End jumps to the last component; Space selects it
    page.keyboard.press("End")
    assert focused_node(page) == "r1_distill"
    page.keyboard.press("Space")
    up, down = lists("r1_distill")
    expect(up_list).to_have_text(up, timeout=ROUND_TRIP_MS)
    expect(down_list).to_have_text(down)
    expect(widget.locator('button[data-node="sft_800k"]')).to_contain_text("▲ upstream")
    expect(widget.locator('button[data-node="sft_800k"]')).to_have_class(
        "r1w-system-map-node r1w-system-map-output r1w-system-map-upstream"
    )
    # the finished R1 is not upstream of the distilled models: no mark on it
    expect(widget.locator('button[data-node="r1"]')).not_to_contain_text("upstream")
    expect(widget.locator('button[data-node="prompts"]')).to_have_attribute("aria-pressed", "false")

    # Tab moves on from a button to the next one, and Enter selects it as well
    page.keyboard.press("Shift+Tab")
    assert focused_node(page) == "sft_800k"
    page.keyboard.press("Enter")
    expect(up_list).to_have_text(lists("sft_800k")[0], timeout=ROUND_TRIP_MS)
    # the focused button shows a visible focus ring
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_system_map_in_the_dark_theme_after_a_keyboard_selection(page, voila_url):
    """The highlight keeps its words and outlines in the dark palette; nothing sticks out."""
    open_voila(page, voila_url, "system_map.ipynb", theme="dark")
    widget = page.locator(".r1w-system-map").first
    first = widget.locator('button[data-node="ground_truth"]')
    expect(first).to_be_visible(timeout=FIRST_RENDER_MS)
    first.focus()  # focus only: the selection itself is made with a key
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(widget.locator(".r1w-system-map-details-name")).to_have_text(
        "DeepSeek-V3-Base (input)", timeout=ROUND_TRIP_MS
    )
    shots_at_widths(widget, "voila-dark-system_map")
