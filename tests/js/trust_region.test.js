import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import view from "../../js/chapters/trust_region.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

// A one-cell grid keeps the fixture small: the three corners and the triangle between them,
// packed as the kernel packs them: (πA, πB) pairs and vertex indices, uint16 (scale 1 here).
const u16 = (values) => new DataView(new Uint16Array(values).buffer);
const state = () => ({
  action_rewards: [0.9, 0.5, 0.1],
  reference_policy: [1 / 3, 1 / 3, 1 / 3],
  policy: [0.5, 0.3, 0.2],
  kl_beta: 0.5,
  expected_reward: 0.62,
  kl: 0.0689,
  objective: 0.6172,
  optimum: [0.6056, 0.2721, 0.1223],
  optimum_objective: 0.856,
  optimum_expected_reward: 0.9,
  optimum_kl: 1.0982,
  simplex_grid: {
    subdivisions: 1,
    scale: 1,
    vertices: u16([0, 0, 0, 1, 1, 0]), // C, B, A
    cells: u16([0, 2, 1]),
  },
  contours: {
    bands: "3",
    band_edges: [0.1, 0.25, 0.5, 0.55, 0.6, 0.7, 0.8, 0.85, 0.9],
    levels: [0.25, 0.5, 0.55, 0.6, 0.7, 0.8, 0.85],
    // level 0.25: one piece as the kernel sends it (a uint16 buffer of four (πA, πB) points,
    // arriving as a DataView; scale 2): X1 = (½, ½, 0), X2 = (½, 0, ½), then corner A twice.
    pieces: [u16([1, 1, 1, 0, 2, 0, 2, 0]), [], [], [], [], [], []],
    scale: 2,
    grid_max: 0.9,
    grid_argmax: [1, 0, 0],
  },
  beta_note: "β = 0.04 is DeepSeekMath's; R1 used 0.001.",
  published_betas: { deepseekmath: 0.04, r1: 0.001 },
  reference_note: "R1 reset its reference every 400 steps.",
  action_status: "",
});

const value = (el, cls) => el.querySelector(`.${cls} .r1w-stat-value`).textContent;

// Animation frames run only when the test says so, to check the one-write-per-frame rule.
let frames = [];
beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (fn) => frames.push(fn));
  vi.stubGlobal("cancelAnimationFrame", () => {
    frames = [];
  });
});
afterEach(() => vi.unstubAllGlobals());
const runFrame = () => {
  const due = frames;
  frames = [];
  for (const fn of due) fn(0);
};

/** The simplex SVG laid out at its natural size (happy-dom does no layout). */
function simplexOf(el) {
  const svg = el.querySelector("svg.r1w-trust-region-simplex");
  svg.getBoundingClientRect = () => ({
    left: 0,
    top: 0,
    width: 400,
    height: 360,
    right: 400,
    bottom: 360,
  });
  return svg;
}
function pointer(target, type, x, y) {
  const ev = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true });
  Object.defineProperty(ev, "pointerId", { value: 1 });
  target.dispatchEvent(ev);
}

describe("TrustRegion view", () => {
  it("renders the simplex, its markers, the controls and the kernel's read-outs", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-trust-region")).toBe(true);
    // one path per band, painted in order; the whole cell in its base band, the piece above
    // the first level in band 1
    const fills = [...el.querySelectorAll("path.r1w-trust-region-fill")];
    expect(fills.map((f) => f.getAttribute("class").match(/band-(\d)/)[1])).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
    expect(fills[3].getAttribute("d")).toBe("M360.0 319.0L200.0 42.0L40.0 319.0Z");
    expect(fills[1].getAttribute("d")).toBe("M120.0 180.5L280.0 180.5L200.0 42.0L200.0 42.0Z");
    for (const k of [0, 2, 4, 5, 6, 7]) expect(fills[k].getAttribute("d")).toBe("");
    const paths = el.querySelectorAll("path.r1w-trust-region-contour");
    expect(paths.length).toBe(1); // the empty levels draw nothing
    expect(paths[0].getAttribute("d")).toBe("M120.0 180.5L280.0 180.5"); // the piece's first edge
    expect(el.querySelector(".r1w-trust-region-ref")).not.toBeNull();
    expect(el.querySelector(".r1w-trust-region-opt").getAttribute("points")).not.toBe("");
    const dot = el.querySelector(".r1w-trust-region-dot");
    expect(dot.getAttribute("tabindex")).toBe("0");
    expect(dot.getAttribute("role")).toBe("slider");
    expect(dot.getAttribute("aria-label")).toContain("policy");
    expect(dot.getAttribute("aria-valuetext")).toBe("π(A) 0.50, π(B) 0.30, π(C) 0.20");
    // A at (200, 42), B at (40, 319), C at (360, 319): 0.5·A + 0.3·B + 0.2·C
    expect(dot.getAttribute("cx")).toBe("184.0");
    expect(dot.getAttribute("cy")).toBe("180.5");
    expect(el.querySelectorAll('input[data-name="kl_beta"]').length).toBe(1);
    for (const i of [0, 1, 2])
      expect(el.querySelector(`input[data-name="action_rewards.${i}"]`)).not.toBeNull();
    expect(value(el, "r1w-trust-region-reward")).toBe("0.620");
    expect(value(el, "r1w-trust-region-kl")).toBe("0.0689 nats");
    expect(value(el, "r1w-trust-region-objective")).toBe("+0.6172");
    expect(value(el, "r1w-trust-region-optimum")).toBe("0.606 · 0.272 · 0.122");
    expect(value(el, "r1w-trust-region-opt-objective")).toBe("+0.8560");
    expect(el.querySelector(".r1w-trust-region-beta-note").textContent).toContain("0.001");
    expect(el.querySelector(".r1w-trust-region-legend").textContent).toContain(
      "contour lines (the band edges) at 0.250, 0.500, 0.550",
    );
    // the ramp and its two ends are one unit, in order, so they wrap together
    const scale = el.querySelector(".r1w-trust-region-scale");
    expect([...scale.children].map((c) => c.textContent || c.className)).toEqual([
      "low 0.100",
      "r1w-trust-region-ramp",
      "high 0.900",
    ]);
    expect(el.textContent).toContain("always A (R=0.9)");
  });

  it("writes β and one reward back (the reward as the whole list)", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const beta = el.querySelector('input[data-name="kl_beta"]');
    const values = beta.dataset.values.split(",").map(Number);
    fire(beta, values.indexOf(1));
    fire(el.querySelector('input[data-name="action_rewards.2"]'), -0.25);
    expect(model.saved).toEqual([{ kl_beta: 1 }, { action_rewards: [0.9, 0.5, -0.25] }]);
  });

  it("puts β on a log ladder: 0 reachable, both published values exact, the view starts at the kernel's β", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const beta = el.querySelector('input[data-name="kl_beta"]');
    const values = beta.dataset.values.split(",").map(Number);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(2);
    for (const v of [0.001, 0.04, 0.5]) expect(values).toContain(v);
    // even steps per decade: from 0.001 to 0.01 takes as many presses as from 0.1 to 1
    expect(values.indexOf(0.01) - values.indexOf(0.001)).toBe(
      values.indexOf(1) - values.indexOf(0.1),
    );
    expect(Number(beta.value)).toBe(values.indexOf(0.5));
    expect(el.querySelector(`output[for="${beta.id}"]`).textContent).toBe("0.5");
    model.kernelUpdate({ kl_beta: 0.001 });
    return flush().then(() => {
      expect(Number(beta.value)).toBe(values.indexOf(0.001));
      expect(el.querySelector(`output[for="${beta.id}"]`).textContent).toBe("0.001");
    });
  });

  it("takes the published β values, for the ladder and the button labels, from the kernel", () => {
    const model = new FakeModel({ ...state(), published_betas: { deepseekmath: 0.03, r1: 0.002 } });
    const { el } = mount(view, model);
    const values = el
      .querySelector('input[data-name="kl_beta"]')
      .dataset.values.split(",")
      .map(Number);
    expect(values).toContain(0.03);
    expect(values).toContain(0.002);
    expect(values[1]).toBe(0.002); // 0, then the track starts at the smallest published value
    const labels = [...el.querySelectorAll("button")].map((b) => b.textContent);
    expect(labels).toContain("DeepSeekMath's β = 0.03");
    expect(labels).toContain("DeepSeek-R1's β = 0.002");
    expect(labels.join(" ")).not.toContain("0.04");
  });

  it("names the buttons without a number when the kernel sends no usable values", () => {
    const model = new FakeModel({
      ...state(),
      published_betas: { deepseekmath: "0.04", r1: Number.NaN },
    });
    const { el } = mount(view, model);
    expect(el.querySelector("button.r1w-trust-region-beta-dsm").textContent).toBe(
      "DeepSeekMath's β",
    );
    expect(el.querySelector("button.r1w-trust-region-beta-r1").textContent).toBe("DeepSeek-R1's β");
    const values = el
      .querySelector('input[data-name="kl_beta"]')
      .dataset.values.split(",")
      .map(Number);
    expect(values[1]).toBe(0.01);
    expect(values.at(-1)).toBe(2);
  });

  it("says what a button did in a slot near it that keeps its place, empty or not", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const [side, ref] = el.querySelectorAll(".r1w-trust-region-status");
    for (const slot of [side, ref]) {
      expect(slot.getAttribute("role")).toBe("status");
      expect(slot.hidden).toBe(false); // in the layout from the start: a message moves nothing
      expect(slot.textContent).toBe("");
    }
    // the side slot closes the column of the β and move buttons; the other sits under the
    // reference buttons' column
    expect(side.parentElement.contains(el.querySelector("button.r1w-trust-region-to-ref"))).toBe(
      true,
    );
    expect(side.parentElement.lastElementChild).toBe(side);
    expect(
      ref.parentElement.contains(el.querySelector("button.r1w-trust-region-ref-uniform")),
    ).toBe(true);
    const parents = () => [side.parentElement, ref.parentElement];
    const before = parents();
    el.querySelector("button.r1w-trust-region-to-ref").click();
    model.kernelUpdate({ action_status: "πθ is already at πref (KL = 0): nothing to move." });
    await flush();
    expect(side.textContent).toContain("already at πref");
    expect(side.classList.contains("r1w-trust-region-said")).toBe(true);
    expect(ref.textContent).toBe("");
    el.querySelector("button.r1w-trust-region-ref-uniform").click();
    model.kernelUpdate({ action_status: "πref is already uniform: nothing changed." });
    await flush();
    expect(ref.textContent).toContain("already uniform");
    expect(side.textContent).toBe("");
    expect(side.classList.contains("r1w-trust-region-said")).toBe(false);
    expect(parents()).toEqual(before); // nothing was moved in the page
    model.kernelUpdate({ action_status: "" });
    await flush();
    expect(ref.textContent).toBe("");
  });

  it("shows the focus ring for keyboard focus only, not after a click on the dot", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const svg = simplexOf(el);
    const dot = el.querySelector(".r1w-trust-region-dot");
    const pointerFocused = () => dot.classList.contains("r1w-trust-region-pointer");
    expect(pointerFocused()).toBe(false);
    pointer(svg, "pointerdown", 200, 42);
    expect(pointerFocused()).toBe(true); // the CSS hides the ring for a pointer-focused dot
    pointer(svg, "pointerup", 200, 42);
    dot.dispatchEvent(
      new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true, cancelable: true }),
    );
    expect(pointerFocused()).toBe(false); // a key press shows it again
    pointer(svg, "pointerdown", 200, 42);
    dot.dispatchEvent(new FocusEvent("blur"));
    expect(pointerFocused()).toBe(false); // and a later Tab back onto the dot shows it
  });

  it("never draws more cells or pieces than its caps, whatever the kernel sends", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const huge = Array.from({ length: 3 * 20000 }, (_, i) => i % 3);
    model.kernelUpdate({
      simplex_grid: { subdivisions: 1, scale: 1, vertices: [0, 0, 0, 1, 1, 0], cells: huge },
      contours: {
        ...state().contours,
        bands: "1".repeat(20000),
        pieces: Array.from({ length: 12 }, () => new Array(8 * 5000).fill(1)),
      },
    });
    await flush();
    const subpaths = [...el.querySelectorAll("path.r1w-trust-region-fill")].map(
      (f) => (f.getAttribute("d").match(/Z/g) || []).length,
    );
    expect(subpaths[1]).toBeLessThanOrEqual(4096 + 4096);
    expect(subpaths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4096 + 7 * 4096);
    expect(el.querySelectorAll("path.r1w-trust-region-contour").length).toBeLessThanOrEqual(7);
  });

  it("draws a two-tone focus ring that follows the dot", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const dot = el.querySelector(".r1w-trust-region-dot");
    const ring = dot.nextElementSibling;
    expect(ring.getAttribute("class")).toBe("r1w-trust-region-ring");
    expect(ring.querySelectorAll("circle").length).toBe(2);
    model.kernelUpdate({ policy: [1, 0, 0] });
    await flush();
    for (const c of ring.querySelectorAll("circle"))
      expect([c.getAttribute("cx"), c.getAttribute("cy")]).toEqual(["200.0", "42.0"]);
  });

  it("says the simplex in words for a screen reader: the policy, the reference, the optimum and β", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const svg = simplexOf(el);
    // a group holding the dot, not an image (a screen reader would skip the dot inside an image)
    expect(svg.getAttribute("role")).toBe("group");
    const said = document.getElementById(svg.getAttribute("aria-describedby"));
    expect(said.className).toBe("r1w-sr-only");
    expect(el.contains(said)).toBe(true);
    expect(said.textContent).toBe(
      "The current policy πθ puts probability A 0.50, B 0.30, C 0.20 on the actions (expected reward 0.620, KL from πref 0.0689 nats). " +
        "The reference πref: A 0.33, B 0.33, C 0.33. At β = 0.5, the optimum π* is A 0.61, B 0.27, C 0.12, objective +0.8560. " +
        "Rewards: A 0.9, B 0.5, C 0.1.",
    );
    model.kernelUpdate({
      kl_beta: 0.04,
      optimum: [0.9, 0.08, 0.02],
      optimum_objective: 0.8,
      policy: [1, 0, 0],
    });
    await flush();
    expect(said.textContent).toContain("puts probability A 1.00, B 0.00, C 0.00");
    expect(said.textContent).toContain(
      "At β = 0.04, the optimum π* is A 0.90, B 0.08, C 0.02, objective +0.8000.",
    );
    // its own focus ring is marked, so the browser audit finds it
    expect(
      el
        .querySelector(".r1w-trust-region-dot")
        .nextElementSibling.hasAttribute("data-r1w-focus-ring"),
    ).toBe(true);
  });

  it("drags the policy: the first point at once, then at most one update per frame", () => {
    const clock = vi.spyOn(performance, "now").mockReturnValue(1000); // all within one frame
    try {
      const model = new FakeModel(state());
      const { el } = mount(view, model);
      const svg = simplexOf(el);
      pointer(svg, "pointerdown", 200, 42); // corner A: sent at once (one round trip)
      expect(model.saved.length).toBe(1);
      expect(model.saved[0].policy[0]).toBeCloseTo(1, 4);
      pointer(svg, "pointermove", 40, 319); // corner B
      pointer(svg, "pointermove", 360, 319); // corner C
      expect(model.saved.length).toBe(1);
      expect(frames.length).toBe(1);
      runFrame(); // the frame carries only the latest point
      expect(model.saved.length).toBe(2);
      const p = model.saved[1].policy;
      expect(p[0]).toBeCloseTo(0, 4);
      expect(p[1]).toBeCloseTo(0, 4);
      expect(p[2]).toBeCloseTo(1, 4);
      pointer(svg, "pointerup", 360, 319);
      pointer(svg, "pointermove", 200, 42); // no longer dragging
      runFrame();
      expect(model.saved.length).toBe(2);
    } finally {
      clock.mockRestore();
    }
  });

  it("moves 0.01 of probability per arrow key, and Home/End ask the kernel", () => {
    const clock = vi.spyOn(performance, "now").mockReturnValue(1000);
    try {
      const model = new FakeModel(state());
      const { el } = mount(view, model);
      const dot = el.querySelector(".r1w-trust-region-dot");
      const key = (k) =>
        dot.dispatchEvent(
          new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }),
        );
      key("ArrowUp"); // sent at once
      key("ArrowUp"); // same frame: builds on the first, sent with the frame
      expect(model.saved.at(-1).policy).toEqual([0.51, 0.295, 0.195]);
      runFrame();
      expect(model.saved.at(-1)).toEqual({ policy: [0.52, 0.29, 0.19] });
      key("ArrowRight");
      runFrame();
      expect(model.saved.at(-1)).toEqual({ policy: [0.52, 0.28, 0.2] });
      const writes = model.saved.length;
      key("Home");
      key("End");
      expect(model.sent).toEqual([{ action: "move_to_reference" }, { action: "move_to_optimum" }]);
      key("x");
      runFrame();
      expect(model.saved.length).toBe(writes);
    } finally {
      clock.mockRestore();
    }
  });

  it("sends its actions from the buttons", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const click = (text) =>
      [...el.querySelectorAll("button")].find((b) => b.textContent === text).click();
    click("Jump to optimum π*");
    click("DeepSeek-R1's β = 0.001");
    click("DeepSeekMath's β = 0.04");
    click("Make πθ the new reference");
    click("Uniform reference");
    expect(model.sent.map((m) => m.action)).toEqual([
      "move_to_optimum",
      "use_r1_beta",
      "use_deepseekmath_beta",
      "reference_from_policy",
      "uniform_reference",
    ]);
  });

  it("redraws the dot, the optimum, the shading and the read-outs when the kernel changes", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      policy: [1, 0, 0],
      expected_reward: 0.9,
      kl: 1.0986,
      objective: 0.856,
      optimum: [0.4718, 0.3162, 0.212],
      optimum_objective: 0.5534,
      contours: { ...state().contours, bands: "6", levels: [], pieces: [] },
      action_rewards: [0.9, 0.5, -0.3],
    });
    await flush();
    const dot = el.querySelector(".r1w-trust-region-dot");
    expect([dot.getAttribute("cx"), dot.getAttribute("cy")]).toEqual(["200.0", "42.0"]);
    expect(value(el, "r1w-trust-region-kl")).toBe("1.0986 nats");
    expect(value(el, "r1w-trust-region-optimum")).toBe("0.472 · 0.316 · 0.212");
    expect(value(el, "r1w-trust-region-opt-objective")).toBe("+0.5534");
    const fills = [...el.querySelectorAll("path.r1w-trust-region-fill")];
    expect(fills[6].getAttribute("d")).toBe("M360.0 319.0L200.0 42.0L40.0 319.0Z");
    expect(fills.filter((f) => f.getAttribute("d")).length).toBe(1);
    expect(el.querySelectorAll("path.r1w-trust-region-contour").length).toBe(0);
    expect(el.querySelector(".r1w-trust-region-legend").textContent).toContain(
      "flat: no contour lines",
    );
    expect(el.textContent).toContain("always C (R=−0.3)");
  });

  it("shows hostile text as text and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    const evil = "<img src=x onerror=alert(1)>";
    model.kernelUpdate({ error: `policy refused: ${evil}`, beta_note: evil, reference_note: evil });
    await flush();
    expect(el.querySelector(".r1w-error").textContent).toContain(evil);
    expect(el.querySelector(".r1w-trust-region-beta-note").textContent).toBe(evil);
    expect(el.querySelector(".r1w-trust-region-ref-note").textContent).toBe(evil);
    expect(el.querySelector("img")).toBeNull();
    const dot = el.querySelector(".r1w-trust-region-dot");
    dot.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(frames.length).toBe(0); // the pending frame was cancelled
  });
});
