import { describe, expect, it } from "vitest";
import view from "../../js/chapters/system_map.js";
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
    // the map sits in a named scroll region for narrow screens
    const region = el.querySelector(".r1w-scroll");
    expect(region.getAttribute("role")).toBe("region");
    expect(region.getAttribute("aria-label")).toMatch(/Map of the twelve components/);
  });

  it("sends the selection on click and moves focus with the arrow keys", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    button(el, "prompts").click();
    expect(model.saved.at(-1)).toEqual({ selected: "prompts" });
    button(el, "prompts").focus();
    button(el, "prompts").dispatchEvent(
      new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }),
    );
    expect(document.activeElement).toBe(button(el, "v3_base"));
    button(el, "v3_base").dispatchEvent(
      new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }),
    );
    expect(document.activeElement).toBe(button(el, "prompts"));
    button(el, "prompts").dispatchEvent(
      new KeyboardEvent("keydown", { key: "End", bubbles: true }),
    );
    expect(document.activeElement).toBe(button(el, "r1_zero"));
    button(el, "r1_zero").dispatchEvent(
      new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }),
    );
    expect(document.activeElement).toBe(button(el, "ground_truth")); // wraps around
    expect(model.saved.length).toBe(1); // moving focus selects nothing
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
