import { describe, expect, it, vi } from "vitest";
import view, { geometry, neighbour } from "../../js/chapters/system_map.js";
import { FakeModel, mount, flush } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const node = (id, name, group, column, row) => ({ id, name, group, column, row });

const NODES = [
  node("ground_truth", "Ground-truth answers", "input", 0, 0),
  node("prompts", "Prompts", "input", 0, 1),
  node("v3_base", "DeepSeek-V3-Base", "input", 0, 2),
  node("cold_start", "Cold-start data", "input", 0, 3),
  node("rule_reward", "Rule-based reward", "process", 1, 0),
  node("grpo", "GRPO loop", "process", 1, 1),
  node("r1_zero", "DeepSeek-R1-Zero", "output", 2, 0),
];
const edge = (source, target) => ({
  source,
  target,
  why: `${target} uses ${source}`,
  cite: "P-v1 §2.2",
});

const state = () => ({
  title: "08 · The whole system",
  selected: "grpo",
  nodes: NODES,
  edges: [
    edge("ground_truth", "rule_reward"),
    edge("rule_reward", "grpo"),
    edge("prompts", "grpo"),
    edge("v3_base", "grpo"),
    edge("grpo", "r1_zero"),
    edge("r1_zero", "cold_start"),
    edge("grpo", "nowhere"),
  ],
  details: {
    id: "grpo",
    name: "GRPO loop",
    group: "process",
    summary: "Samples a group.",
    facts: [{ text: "16 answers per prompt.", source: "Nature, Methods", value: 16 }],
  },
  upstream: ["ground_truth", "prompts", "v3_base", "rule_reward"],
  downstream: ["cold_start", "r1_zero"],
});

const button = (el, id) => el.querySelector(`button[data-node="${id}"]`);

describe("SystemMap view", () => {
  it("renders one native button per node, marks upstream and downstream with words and outlines", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-system-map")).toBe(true);
    const buttons = [...el.querySelectorAll("button.r1w-system-map-node")];
    expect(buttons.length).toBe(7);
    expect(buttons.every((b) => b.type === "button" && b.dataset.name === "selected")).toBe(true);
    expect(button(el, "grpo").getAttribute("aria-pressed")).toBe("true");
    expect(button(el, "grpo").textContent).toContain("● selected");
    expect(button(el, "prompts").textContent).toContain("▲ upstream");
    expect(button(el, "prompts").classList.contains("r1w-system-map-upstream")).toBe(true);
    expect(button(el, "r1_zero").textContent).toContain("▼ downstream");
    expect(button(el, "r1_zero").classList.contains("r1w-system-map-downstream")).toBe(true);
    expect(button(el, "rule_reward").getAttribute("aria-pressed")).toBe("false");
    // text lists for screen readers, in a polite live region
    const chosen = el.querySelector(".r1w-system-map-chosen");
    expect(chosen.getAttribute("aria-live")).toBe("polite");
    expect(el.querySelector(".r1w-system-map-up-list").textContent).toBe(
      "▲ upstream, what it is built from (4): Ground-truth answers, Prompts, DeepSeek-V3-Base, Rule-based reward.",
    );
    expect(el.querySelector(".r1w-system-map-down-list").textContent).toBe(
      "▼ downstream, what is built from it (2): Cold-start data, DeepSeek-R1-Zero.",
    );
    expect(el.querySelector(".r1w-system-map-details-name").textContent).toBe(
      "GRPO loop (process)",
    );
    expect(el.querySelector(".r1w-system-map-facts").textContent).toContain("(Nature, Methods)");
    // the drawing: an SVG with a text alternative and one arrow per edge between known nodes
    const svg = el.querySelector("svg.r1w-system-map-edges");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toMatch(/7 components and 6 arrows/);
    expect(svg.querySelectorAll("path.r1w-system-map-edge").length).toBe(6);
    expect(svg.querySelectorAll("path.r1w-system-map-edge-up").length).toBe(4);
    expect(svg.querySelectorAll("path.r1w-system-map-edge-down").length).toBe(2);
    expect(el.querySelectorAll(".r1w-system-map-edge-list li").length).toBe(6);
    expect(el.querySelector(".r1w-system-map-edge-list").textContent).toContain(
      "GRPO loop → DeepSeek-R1-Zero: r1_zero uses grpo (P-v1 §2.2)",
    );
    // the simplification note names the arrow one box per process cannot draw
    expect(el.textContent).toContain(
      "no arrow runs from the SFT pass to the GRPO loop, although stage 2's RL starts from the stage-1 fine-tune",
    );
    // the map sits in a named scroll region for narrow screens
    const region = el.querySelector(".r1w-scroll");
    expect(region.getAttribute("role")).toBe("region");
    expect(region.getAttribute("aria-label")).toMatch(/Map of the twelve components/);
  });

  it("sends the selection on click and moves focus along the drawn grid, one Tab stop", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const key = (id, k) =>
      button(el, id).dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
    // a roving tabindex: only the selected component is in the Tab order
    const tabStops = () =>
      [...el.querySelectorAll("button.r1w-system-map-node")]
        .filter((b) => b.tabIndex === 0)
        .map((b) => b.dataset.node);
    expect(tabStops()).toEqual(["grpo"]);
    button(el, "prompts").click();
    expect(model.saved.at(-1)).toEqual({ selected: "prompts" });
    button(el, "prompts").focus();
    expect(tabStops()).toEqual(["prompts"]);
    key("prompts", "ArrowDown");
    expect(document.activeElement).toBe(button(el, "v3_base"));
    expect(tabStops()).toEqual(["v3_base"]); // the Tab stop moves with the focus
    // Right goes to the next column on the same row (here: the nearest row, the GRPO loop's 1)
    key("v3_base", "ArrowRight");
    expect(document.activeElement).toBe(button(el, "grpo"));
    key("grpo", "ArrowLeft");
    expect(document.activeElement).toBe(button(el, "prompts"));
    key("prompts", "ArrowUp");
    expect(document.activeElement).toBe(button(el, "ground_truth"));
    // no wrap-around: at an edge the focus stays
    key("ground_truth", "ArrowUp");
    expect(document.activeElement).toBe(button(el, "ground_truth"));
    key("ground_truth", "ArrowLeft");
    expect(document.activeElement).toBe(button(el, "ground_truth"));
    key("ground_truth", "End");
    expect(document.activeElement).toBe(button(el, "r1_zero"));
    key("r1_zero", "ArrowRight");
    expect(document.activeElement).toBe(button(el, "r1_zero"));
    key("r1_zero", "Home");
    expect(document.activeElement).toBe(button(el, "ground_truth"));
    expect(model.saved.length).toBe(1); // moving focus selects nothing
    expect(tabStops()).toEqual(["ground_truth"]);
  });

  it("moves like the drawn twelve-component grid, with no wrap-around", () => {
    const ids = [
      ["ground_truth", "prompts", "v3_base", "cold_start"],
      ["rule_reward", "grpo", "rejection_sampling", "sft"],
      ["r1_zero", "r1", "sft_800k", "r1_distill"],
    ];
    const cells = ids.flatMap((col, c) => col.map((id, r) => ({ id, col: c, row: r })));
    // the learner's report: Right from DeepSeek-V3-Base goes into the Process column
    expect(neighbour(cells, "v3_base", "ArrowRight")).toBe("rejection_sampling");
    expect(neighbour(cells, "ground_truth", "ArrowLeft")).toBe("ground_truth");
    for (let c = 0; c < 3; c += 1)
      for (let r = 0; r < 4; r += 1) {
        const at = (cc, rr) => ids[Math.min(2, Math.max(0, cc))][Math.min(3, Math.max(0, rr))];
        expect(neighbour(cells, ids[c][r], "ArrowDown")).toBe(at(c, r + 1));
        expect(neighbour(cells, ids[c][r], "ArrowUp")).toBe(at(c, r - 1));
        expect(neighbour(cells, ids[c][r], "ArrowRight")).toBe(at(c + 1, r));
        expect(neighbour(cells, ids[c][r], "ArrowLeft")).toBe(at(c - 1, r));
      }
    expect(neighbour(cells, "sft", "Home")).toBe("ground_truth");
    expect(neighbour(cells, "sft", "End")).toBe("r1_distill");
    expect(neighbour(cells, "sft", "a")).toBeNull();
    // a column with fewer nodes: the nearest row, the upper one on a tie
    const sparse = [
      { id: "a", col: 0, row: 3 },
      { id: "b", col: 1, row: 0 },
      { id: "c", col: 1, row: 2 },
      { id: "d", col: 2, row: 1 },
    ];
    expect(neighbour(sparse, "a", "ArrowRight")).toBe("c");
    expect(neighbour(sparse, "d", "ArrowLeft")).toBe("b");
    expect(neighbour(sparse, "a", "ArrowDown")).toBe("a");
  });

  it("fits a narrow screen: a compact map, the selected component scrolled into view", () => {
    const observers = [];
    const saved = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(fn) {
        this.fn = fn;
        observers.push(this);
      }
      observe() {}
      disconnect() {}
    };
    const intoView = vi.fn();
    Element.prototype.scrollIntoView = intoView;
    try {
      const model = new FakeModel({ ...state(), selected: "r1_zero" });
      const { el, cleanup } = mount(view, model);
      const region = el.querySelector(".r1w-scroll");
      const hint = el.querySelector(".r1w-system-map-hint");
      expect(hint.hidden).toBe(true);
      expect(button(el, "r1_zero").style.left).toBe("456px"); // the full map until measured
      // a 300 px area: narrower than even the compact map, which then scrolls
      let left = 0;
      let size = { clientWidth: 300, scrollWidth: 420 };
      Object.defineProperty(region, "clientWidth", { get: () => size.clientWidth });
      Object.defineProperty(region, "scrollWidth", { get: () => size.scrollWidth });
      Object.defineProperty(region, "scrollLeft", {
        get: () => left,
        set: (v) => {
          left = v;
        },
      });
      const resize = () => {
        for (const o of observers) o.fn();
      };
      resize();
      expect(el.querySelector(".r1w-system-map-canvas").classList).toContain(
        "r1w-system-map-compact",
      );
      const b = button(el, "r1_zero");
      const x = Number.parseFloat(b.style.left);
      const w = Number.parseFloat(b.style.width);
      expect(w).toBeLessThan(100);
      expect(x + w).toBeLessThan(350); // inside the compact canvas
      // the selected box is fully inside the visible part of the area
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(x);
      expect(x + w).toBeLessThanOrEqual(left + 300);
      expect(hint.hidden).toBe(false);
      expect(hint.textContent).toContain("scroll it sideways for the outputs");
      expect(intoView).not.toHaveBeenCalled(); // only the area scrolls, never the page
      // later resizes keep the reader's own scroll position
      left = 0;
      resize();
      expect(left).toBe(0);
      // a wide area: the full map, no hint
      size = { clientWidth: 900, scrollWidth: 900 };
      resize();
      expect(button(el, "r1_zero").style.left).toBe("456px");
      expect(el.querySelector(".r1w-system-map-canvas").classList).not.toContain(
        "r1w-system-map-compact",
      );
      expect(hint.hidden).toBe(true);
      cleanup();
    } finally {
      globalThis.ResizeObserver = saved;
      delete Element.prototype.scrollIntoView;
    }
  });

  it("sizes the compact map to its area: three columns of boxes that fit", () => {
    expect(geometry(0).compact).toBe(false);
    expect(geometry(0).colX).toEqual([16, 236, 456]);
    expect(geometry(700).compact).toBe(false);
    for (const width of [352, 360, 420, 600, 640]) {
      const g = geometry(width);
      expect(g.compact).toBe(true);
      expect(g.colX[2] + g.boxW).toBeLessThanOrEqual(width - 2); // no sideways scroll
      expect(g.colX[0]).toBeGreaterThan(g.laneX); // room for the lane left of the inputs
      expect(g.colX[1] - g.colX[0] - g.boxW).toBeGreaterThanOrEqual(20); // room for arrows
      expect(g.rowY(0)).toBeGreaterThan(g.laneY);
    }
    expect(geometry(200).w).toBe(350); // never narrower: it scrolls instead
  });

  it("redraws on a kernel update", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      selected: "ground_truth",
      upstream: [],
      downstream: ["rule_reward", "grpo", "r1_zero"],
      details: {
        id: "ground_truth",
        name: "Ground-truth answers",
        group: "input",
        summary: "Known answers.",
        facts: [],
      },
    });
    await flush();
    expect(button(el, "ground_truth").getAttribute("aria-pressed")).toBe("true");
    expect(button(el, "grpo").getAttribute("aria-pressed")).toBe("false");
    expect(button(el, "grpo").textContent).toContain("▼ downstream");
    expect(button(el, "prompts").textContent).not.toMatch(/upstream|downstream|selected/);
    expect(el.querySelector(".r1w-system-map-up-list").textContent).toBe(
      "▲ upstream, what it is built from (0): nothing: it is a starting point.",
    );
    expect(el.querySelector(".r1w-system-map-details-name").textContent).toBe(
      "Ground-truth answers (input)",
    );
  });

  it("never builds more buttons than its bound and never places one off the map", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      nodes: Array.from({ length: 1000 }, (_, i) => node(`n${i}`, HOSTILE, "input", 99, -5)),
    });
    await flush();
    const buttons = el.querySelectorAll("button.r1w-system-map-node");
    expect(buttons.length).toBe(16);
    expect(buttons[0].style.left).toBe("456px"); // column 99 → the last column
    expect(buttons[0].style.top).toBe("44px"); // row −5 → the first row
    expect(el.querySelector("img")).toBeNull();
    expect(buttons[0].textContent).toContain(HOSTILE);
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      details: {
        name: HOSTILE,
        group: HOSTILE,
        summary: HOSTILE,
        facts: [{ text: HOSTILE, source: HOSTILE }],
      },
      edges: [{ ...edge("prompts", "grpo"), why: HOSTILE }],
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-system-map-summary").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-system-map-edge-list").textContent).toContain(HOSTILE);
  });

  it("removes its listeners on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
