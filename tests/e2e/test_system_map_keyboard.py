"""SystemMap by keyboard alone, in Voila and Chromium: the map is one Tab stop (a roving
tabindex), the arrow keys follow its drawn grid without wrapping, Enter and Space select, and the
kernel's upstream and downstream come back into the highlight and the text lists. No mouse event
is sent. And on narrow screens: whole names, the selected node in view, a word that it scrolls."""

from __future__ import annotations

from harness import FIRST_RENDER_MS, ROUND_TRIP_MS, open_voila, shots_at_widths
from playwright.sync_api import expect

from r1widgets import SystemMap

MAX_TABS = 60  # the page's own controls come first; the map's one stop is well within this


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


def tab_stops(widget) -> list[str]:
    """The map's buttons a Tab can land on (a roving tabindex keeps exactly one)."""
    return widget.evaluate(
        "el => [...el.querySelectorAll('button[data-node]')]"
        ".filter(b => b.tabIndex >= 0).map(b => b.dataset.node)"
    )


def test_nodes_are_reached_and_selected_by_keyboard_only(page, voila_url):
    open_voila(page, voila_url, "system_map.ipynb")
    widget = page.locator(".r1w-system-map").first
    expect(widget.locator('button[data-node="r1_zero"]')).to_have_attribute(
        "aria-pressed", "true", timeout=FIRST_RENDER_MS
    )
    up_list = widget.locator(".r1w-system-map-up-list")
    down_list = widget.locator(".r1w-system-map-down-list")
    expect(up_list).to_have_text(lists("r1_zero")[0])
    assert tab_stops(widget) == ["r1_zero"], "the map should be one Tab stop, the selected node"

    # Tab from the top of the page until a component button has focus: the selected one
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_node(page):
            break
    assert focused_node(page) == "r1_zero", "Tab never reached the map's selected button"

    # the arrow keys follow the drawn grid: Left into the next column, no wrap at the edge
    for key, expected in [
        ("ArrowLeft", "rule_reward"),
        ("ArrowLeft", "ground_truth"),
        ("ArrowLeft", "ground_truth"),
        ("ArrowUp", "ground_truth"),
        ("ArrowDown", "prompts"),
    ]:
        page.keyboard.press(key)
        assert focused_node(page) == expected, f"{key} should move focus to {expected}"
    page.keyboard.press("Enter")
    up, down = lists("prompts")
    expect(up_list).to_have_text(up, timeout=ROUND_TRIP_MS)
    expect(down_list).to_have_text(down, timeout=ROUND_TRIP_MS)
    prompts = widget.locator('button[data-node="prompts"]')
    expect(prompts).to_have_attribute("aria-pressed", "true")
    expect(prompts).to_contain_text("● selected")
    expect(widget.locator('button[data-node="grpo"]')).to_contain_text("▼ downstream")
    expect(widget.locator(".r1w-system-map-details-name")).to_have_text("Prompts (input)")

    # the learner's case: Right from DeepSeek-V3-Base goes into the Process column, same row
    page.keyboard.press("ArrowDown")
    assert focused_node(page) == "v3_base"
    page.keyboard.press("ArrowRight")
    assert focused_node(page) == "rejection_sampling"
    assert tab_stops(widget) == ["rejection_sampling"]

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

    page.keyboard.press("ArrowUp")
    assert focused_node(page) == "sft_800k"
    page.keyboard.press("Enter")
    expect(up_list).to_have_text(lists("sft_800k")[0], timeout=ROUND_TRIP_MS)

    # Tab leaves the map in one step; Shift+Tab comes back to where the focus was
    page.keyboard.press("Tab")
    assert focused_node(page) is None
    page.keyboard.press("Shift+Tab")
    assert focused_node(page) == "sft_800k"
    # the focused button shows a visible focus ring
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


# Each node's box holds its whole name; the selected node shows inside the map's scroll area.
FITS = """el => {
  const region = el.querySelector('.r1w-scroll').getBoundingClientRect();
  const sel = el.querySelector('button[aria-pressed="true"]').getBoundingClientRect();
  const cut = [...el.querySelectorAll('button[data-node]')]
    .filter(b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
    .map(b => b.dataset.node);
  const hint = el.querySelector('.r1w-system-map-hint');
  return {
    cut,
    selected_shown: sel.left >= region.left - 1 && sel.right <= region.right + 1,
    hint: !hint.hidden,
    page_scrolled: [document.scrollingElement, ...document.querySelectorAll('*')]
      .some(n => n && !n.classList?.contains('r1w-scroll') && n.scrollLeft > 0)
      || document.scrollingElement.scrollTop > 0,
  };
}"""


def test_narrow_screens_show_whole_names_and_the_selected_node(page, voila_url):
    """At 320 px the map still overflows: it opens scrolled (inside its own area, never the
    page) to the selected node, and says it scrolls. At 420 px the compact map fits whole."""
    page.set_viewport_size({"width": 320, "height": 900})
    open_voila(page, voila_url, "system_map.ipynb")
    widget = page.locator(".r1w-system-map").first
    expect(widget.locator('button[data-node="r1_zero"]')).to_have_attribute(
        "aria-pressed", "true", timeout=FIRST_RENDER_MS
    )
    hint = widget.locator(".r1w-system-map-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("scroll it sideways for the outputs")
    page.wait_for_function(
        "() => document.querySelector('.r1w-system-map .r1w-scroll').scrollLeft > 0"
    )
    fits = widget.evaluate(FITS)
    assert fits["cut"] == [], f"names cut in their boxes at 320 px: {fits['cut']}"
    assert fits["selected_shown"], "the selected node is scrolled out of sight"
    assert not fits["page_scrolled"], "only the map's own area may scroll sideways"

    page.set_viewport_size({"width": 420, "height": 900})
    expect(hint).to_be_hidden()
    fits = widget.evaluate(FITS)
    assert fits["cut"] == [], f"names cut in their boxes at 420 px: {fits['cut']}"
    assert fits["selected_shown"]
    region = widget.locator(".r1w-scroll")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth + 1"), "the map overflows at 420"


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
