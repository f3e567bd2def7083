import { describe, expect, it } from "vitest";
import view from "../../js/chapters/sft_vs_rl.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const TRACE = [
  "17",
  "×",
  "23",
  " =",
  " 17",
  "×",
  "20",
  " +",
  " 17",
  "×",
  "3",
  " =",
  " 340",
  " +",
  " 51",
  " =",
  " 391",
  " <answer>",
  "391",
  "</answer>",
];
const losses = TRACE.map(() => 0);
losses[0] = 0.49376579494277406;
losses[14] = 0.38971756609240094;
losses[17] = 0.3411538747320879;
const alternatives = TRACE.map(() => []);
alternatives[0] = [
  { token: "391", p: 0.1459 },
  { token: "23", p: 0.1459 },
  { token: "401", p: 0.0978 },
];
alternatives[14] = [{ token: " 41", p: 0.3228 }];
alternatives[17] = [{ token: ".", p: 0.2891 }];

const sample = (path, name, tokens, answer, reward, advantage) => ({
  path,
  name,
  tokens,
  text: tokens.join(""),
  answer,
  reward,
  advantage,
  push: Math.sign(advantage),
  reason: reward ? "equals '391'" : "does not equal '391'",
});

const state = () => ({
  mode: "sft",
  group_size: 4,
  seed: 1,
  learning_rate: 1,
  prompt: "What is 17 × 23?",
  ground_truth: "391",
  path_names: ["human", "direct", "verify", "wrong carry", "23×17", "wrong guess"],
  path_texts: ["", "", "", "", "", ""],
  path_rewards: [1, 1, 1, 0, 1, 0],
  path_probabilities: [0.2939, 0.1459, 0.1195, 0.197, 0.1459, 0.0978],
  path_probabilities_after: [0.4945, 0.1047, 0.088, 0.1343, 0.1047, 0.0737],
  logit_changes: [0.706, -0.146, -0.119, -0.197, -0.146, -0.098],
  trace_tokens: TRACE,
  token_probabilities: TRACE.map((_, i) => Math.exp(-losses[i])),
  token_losses: losses,
  token_alternatives: alternatives,
  sft_loss: 1.224637235767263,
  samples: [
    sample(2, "verify", ["391", ".", " Check", " <answer>", "391", "</answer>"], "391", 1, 1),
    sample(5, "wrong guess", ["401", " <answer>", "401", "</answer>"], "401", 0, -1),
    sample(0, "human", TRACE, "391", 1, 1),
    sample(5, "wrong guess", ["401", " <answer>", "401", "</answer>"], "401", 0, -1),
  ],
  path_counts: [1, 0, 1, 0, 0, 2],
  mean_reward: 0.5,
  step_summary:
    "One SFT step moved human from 29.4% to 49.4%. All 5 other paths fell, 3 of them correct answers.",
});

const pressed = (el) =>
  [...el.querySelectorAll("button[data-mode]")].map((b) => [
    b.dataset.mode,
    b.getAttribute("aria-pressed"),
  ]);

// An aria-label is read only on an element with a role (its own or a native one): on a plain
// div, span, p or pre a screen reader skips it.
const unreadLabels = (el) =>
  [
    ...el.querySelectorAll("div[aria-label], span[aria-label], p[aria-label], pre[aria-label]"),
  ].filter((e) => !e.getAttribute("role"));

describe("SFTvsRL view", () => {
  it("renders the prompt, the mode switch, the token chips with their losses and the chart", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.textContent).toContain("Q: What is 17 × 23?");
    expect(pressed(el)).toEqual([
      ["sft", "true"],
      ["rl", "false"],
    ]);
    const chips = el.querySelectorAll(".r1w-sft-vs-rl-chip");
    expect(chips.length).toBe(20);
    expect(chips[14].textContent).toBe("510.39");
    expect(el.querySelectorAll(".r1w-sft-vs-rl-hot").length).toBe(3);
    expect(el.querySelector(".r1w-sft-vs-rl-total .r1w-stat-value").textContent).toBe("1.225 nats");
    expect(el.querySelectorAll(".r1w-sft-vs-rl-branches li").length).toBe(3);
    expect(el.querySelectorAll("svg rect.r1w-bar").length).toBe(12);
    expect(el.textContent).toContain("an illustrative toy (our own, not the paper's)");
    expect(el.querySelector(".r1w-sft-vs-rl-summary").textContent).toContain("29.4% to 49.4%");
    const [sftPanel, rlPanel] = el.querySelectorAll(".r1w-sft-vs-rl-panel");
    expect([sftPanel.hidden, rlPanel.hidden]).toEqual([false, true]);
  });

  it("writes the mode, group size and learning rate back, and sends resample", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    el.querySelector('button[data-mode="rl"]').click();
    fire(el.querySelector('input[data-name="group_size"]'), 8);
    const lr = el.querySelector('input[data-name="learning_rate"]');
    const values = lr.dataset.values.split(",").map(Number);
    fire(lr, values.indexOf(2.5));
    expect(model.saved).toEqual([{ mode: "rl" }, { group_size: 8 }, { learning_rate: 2.5 }]);
    const resample = [...el.querySelectorAll("button")].find((b) => b.textContent === "Resample");
    resample.click();
    expect(model.sent).toEqual([{ action: "resample" }]);
  });

  it("shows the RL group with tokens coloured by the push when the kernel switches mode", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      mode: "rl",
      step_summary: "One RL step raised the logits of the sampled correct paths (human, verify).",
    });
    await flush();
    expect(pressed(el)).toEqual([
      ["sft", "false"],
      ["rl", "true"],
    ]);
    const rows = el.querySelectorAll(".r1w-sft-vs-rl-group tbody tr");
    expect(rows.length).toBe(4);
    const cells = [...rows[1].querySelectorAll("td")].map((c) => c.textContent);
    expect(cells).toEqual(["wrong guess", "401 <answer>401</answer>", "401", "0", "−1.00"]);
    expect(rows[0].querySelectorAll(".r1w-sft-vs-rl-tok.r1w-sft-vs-rl-up").length).toBe(6);
    expect(rows[1].querySelectorAll(".r1w-sft-vs-rl-tok.r1w-sft-vs-rl-down").length).toBe(4);
    expect(el.querySelector(".r1w-sft-vs-rl-summary").textContent).toContain("(human, verify)");
    const [sftPanel, rlPanel] = el.querySelectorAll(".r1w-sft-vs-rl-panel");
    expect([sftPanel.hidden, rlPanel.hidden]).toEqual([true, false]);
  });

  it("redraws the group, the seed and the advantages on a new sample", async () => {
    const model = new FakeModel({ ...state(), mode: "rl" });
    const { el } = mount(view, model);
    model.kernelUpdate({
      seed: 2,
      samples: [
        sample(0, "human", TRACE, "391", 1, 0),
        sample(1, "direct", ["391", " <answer>", "391", "</answer>"], "391", 1, 0),
      ],
      path_counts: [1, 1, 0, 0, 0, 0],
      mean_reward: 1,
      path_probabilities_after: [0.2939, 0.1459, 0.1195, 0.197, 0.1459, 0.0978],
    });
    await flush();
    expect(el.querySelectorAll(".r1w-sft-vs-rl-group tbody tr").length).toBe(2);
    expect(el.querySelectorAll(".r1w-sft-vs-rl-flat").length).toBeGreaterThan(20);
    expect(el.textContent).toContain("+0.00");
    const seed = [...el.querySelectorAll(".r1w-stat")].find((s) =>
      s.textContent.startsWith("Seed"),
    );
    expect(seed.querySelector(".r1w-stat-value").textContent).toBe("2");
  });

  it("keeps the probability axis fixed while only η moves: the before bars keep their height", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const ticks = () =>
      [...el.querySelectorAll("svg .r1w-axes text.r1w-tick")].map((t) => t.textContent);
    const beforeBars = () =>
      [...el.querySelectorAll("svg rect.r1w-c1")].map((r) => [
        r.getAttribute("y"),
        r.getAttribute("height"),
      ]);
    const t0 = ticks();
    const b0 = beforeBars();
    expect(t0).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    // a large η: the human path climbs to 96.7%; a small one: every bar near its start
    for (const after of [
      [0.967, 0.007, 0.005, 0.01, 0.007, 0.004],
      [0.31, 0.142, 0.117, 0.193, 0.142, 0.096],
    ]) {
      model.kernelUpdate({
        learning_rate: after[0] > 0.9 ? 5 : 0.1,
        path_probabilities_after: after,
      });
      await flush();
      expect(ticks()).toEqual(t0);
      expect(beforeBars()).toEqual(b0);
    }
    // switching the mode keeps the same scale too: the same policy, the same before bars
    model.kernelUpdate({ mode: "rl" });
    await flush();
    expect(ticks()).toEqual(t0);
    expect(beforeBars()).toEqual(b0);
  });

  it("shows η with two decimals, as chapter 10 does", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const lr = el.querySelector('input[data-name="learning_rate"]');
    const out = () => el.querySelector(`output[for="${lr.id}"]`).textContent;
    expect(out()).toBe("1.00");
    for (const [v, text] of [
      [0.12, "0.12"],
      [2.5, "2.50"],
      [0.25, "0.25"],
    ]) {
      model.kernelUpdate({ learning_rate: v });
      await flush();
      expect(out()).toBe(text);
    }
  });

  it("labels each chart path with ✓ or ✗, every other one a line lower, so neighbours do not run together at 420 px", () => {
    const { el } = mount(view, new FakeModel(state()));
    const labels = [...el.querySelectorAll("svg .r1w-layer text.r1w-tick")];
    expect(labels.map((t) => t.textContent)).toEqual([
      "human ✓",
      "direct ✓",
      "verify ✓",
      "wrong carry ✗",
      "23×17 ✓",
      "wrong guess ✗",
    ]);
    expect(labels.map((t) => t.getAttribute("dy"))).toEqual([
      "1.2em",
      "2.3em",
      "1.2em",
      "2.3em",
      "1.2em",
      "2.3em",
    ]);
  });

  it("names every cell of both tables by its column, so a narrow row can show as a card", () => {
    const model = new FakeModel({ ...state(), mode: "rl" });
    const { el } = mount(view, model);
    for (const cls of ["r1w-sft-vs-rl-group", "r1w-sft-vs-rl-probs"]) {
      const table = el.querySelector(`table.${cls}`);
      // the box whose width decides table or cards holds the scroll area and the table
      expect(table.parentElement.parentElement.classList.contains("r1w-sft-vs-rl-cards")).toBe(
        true,
      );
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
      const rows = table.querySelectorAll("tbody tr");
      expect(rows.length).toBeGreaterThan(0);
      for (const tr of rows) {
        const labels = [...tr.children].map((c) => c.getAttribute("data-label"));
        expect(labels).toEqual(
          cls === "r1w-sft-vs-rl-group" ? ["Rollout", ...heads.slice(1)] : heads,
        );
      }
    }
  });

  it("never builds group rows from an unconfirmed group size", async () => {
    const model = new FakeModel({ ...state(), mode: "rl" });
    const { el } = mount(view, model);
    const rows = () => el.querySelectorAll(".r1w-sft-vs-rl-group tbody tr").length;
    expect(rows()).toBe(4);
    // a tampered slider sends 999: the view writes it, but builds nothing from it
    const slider = el.querySelector('input[data-name="group_size"]');
    slider.max = "999";
    fire(slider, 999);
    model.kernelUpdate({ group_size: 999 });
    await flush();
    expect(rows()).toBe(4);
    // and even a group longer than the slider allows is cut at its maximum, 16
    model.kernelUpdate({
      samples: Array.from({ length: 999 }, () => sample(1, "direct", ["391"], "391", 1, 0)),
    });
    await flush();
    expect(rows()).toBe(16);
  });

  it("explains its terms where they first appear", () => {
    const model = new FakeModel({ ...state(), mode: "rl" });
    const { el } = mount(view, model);
    const text = el.textContent;
    for (const term of [
      "A policy is the model's probabilities over its outputs",
      "a rollout is one sampled completion",
      "in nats (natural-log units)",
      "logit, the raw score",
      "η (eta), the learning rate",
      "advantage A = (reward − group mean) / group std",
      "chapter 03's accuracy reward", // one name for chapter 03's reward
      "(population std, ÷G; the papers don't say which)", // neither paper names its std
    ]) {
      expect(text).toContain(term);
    }
    expect(text).not.toMatch(/DeepSeekMath-style|accuracy check/);
    expect(el.querySelectorAll('.r1w-scroll[role="region"][tabindex="0"]').length).toBe(2);
  });

  it("shows hostile strings as text and removes its listeners on cleanup", async () => {
    const model = new FakeModel({ ...state(), mode: "rl" });
    const { el, cleanup } = mount(view, model);
    const evil = "<img src=x onerror=alert(1)>";
    model.kernelUpdate({
      error: `mode refused: ${evil}`,
      prompt: evil,
      trace_tokens: [evil],
      token_losses: [1],
      token_alternatives: [[{ token: evil, p: 0.5 }]],
      samples: [sample(0, evil, [evil], evil, 1, 1), null],
      path_names: [evil],
      step_summary: evil,
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-error").textContent).toContain(evil);
    expect(el.querySelector(".r1w-sft-vs-rl-summary").textContent).toBe(evil);
    expect(el.querySelector(".r1w-sft-vs-rl-chip").textContent).toContain(evil);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("says its chart's bars in words, each path right or wrong, before → after", () => {
    const { el } = mount(view, new FakeModel(state()));
    const svg = el.querySelector(".r1w-sft-vs-rl-chart svg, svg.r1w-plot");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe(
      "Path probabilities before → after one step: human (right) 29.4% → 49.5%; direct (right) 14.6% → 10.5%; " +
        "verify (right) 11.9% → 8.8%; wrong carry (wrong) 19.7% → 13.4%; 23×17 (right) 14.6% → 10.5%; wrong guess (wrong) 9.8% → 7.4%",
    );
    expect(unreadLabels(el)).toEqual([]);
  });
});
