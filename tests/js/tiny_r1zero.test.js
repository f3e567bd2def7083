import { describe, expect, it } from "vitest";
import view from "../../js/chapters/tiny_r1zero.js";
import { FakeModel, fire, flush, mount } from "./fake_model.js";

const rollout = (tokens, reward, advantage, extra = {}) => ({
  tokens,
  length: tokens.length,
  answer: Number(tokens.at(-1)),
  over_cap: false,
  reward,
  advantage,
  ...extra,
});

const samples = () => ({
  prompt: [2, 9, 7, 4],
  k: 4,
  answer: 2,
  running_sums: [2, 1, 8, 2],
  group_size: 8,
  rollouts: [
    rollout(["8", "7", "4", "8", "=", "9"], 0, -0.378),
    rollout(["9", "8", "=", "2"], 1, 2.646),
    rollout(["=", "5"], 0, -0.378),
  ],
});

const state = () => ({
  title: "17 · Lab: train a tiny R1-Zero",
  seed: 0,
  learning_rate: 0.05,
  kl_beta: 0.04,
  group_size: 8,
  prior: true,
  wide_answer: false,
  sample_k: 4,
  running: false,
  step_count: 0,
  max_steps: 1000,
  pass_at_1: 0.0995,
  mean_length: 3.1025,
  length_by_k: [3.11, 3.12, 3.1, 3.02, 3.16],
  pass_by_k: [0.095, 0.105, 0.09, 0.11, 0.0975],
  kl: 0,
  train_reward: 0,
  history: [{ step: 0, pass_at_1: 0.0995, mean_length: 3.1025, kl: 0 }],
  previous_history: [],
  previous_label: "",
  samples: samples(),
  paper_recipe: {
    group_size: { label: "outputs per question (G)", value: 16, source: "Nature, Methods: G" },
    kl_beta: { label: "KL coefficient (β)", value: 0.001, source: "Nature, Methods: β" },
    learning_rate: { label: "learning rate", value: 3e-6, source: "Nature, Methods: lr" },
    steps: { label: "training steps", value: 10400, source: "Nature, Methods: steps" },
  },
});

const P = ".r1w-tiny-r1zero";
const train = (el) => el.querySelector(`${P}-train`);
const statText = (el, name) => el.querySelector(`${P}-${name} .r1w-stat-value`).textContent;
const frame = () => new Promise((r) => setTimeout(r, 30)); // charts redraw at the next frame

describe("TinyR1Zero view", () => {
  it("renders every control labelled, the stats and both charts", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    expect(el.classList.contains("r1w-tiny-r1zero")).toBe(true);
    expect(el.querySelector(".r1w-title").textContent).toBe("17 · Lab: train a tiny R1-Zero");
    for (const name of [
      "learning_rate",
      "kl_beta",
      "group_size",
      "seed",
      "prior",
      "wide_answer",
      "sample_k",
    ]) {
      const c = el.querySelector(`input[data-name="${name}"]`);
      expect(c, name).not.toBeNull();
      expect(el.querySelector(`label[for="${c.id}"]`), name).not.toBeNull();
      expect(c.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    }
    const lr = el.querySelector('input[data-name="learning_rate"]').dataset.values.split(",");
    expect(lr.map(Number)).toEqual(expect.arrayContaining([0.05, 0.07, 0.001, 0.5]));
    const beta = el.querySelector('input[data-name="kl_beta"]').dataset.values.split(",");
    expect(beta.map(Number)).toEqual(expect.arrayContaining([0, 0.04, 0.15, 1]));
    expect(el.textContent).toContain("Pretrained prior");
    expect(el.textContent).toContain("Answer step sees the whole sum");
    expect(el.textContent).toContain("Changing a setting starts a new run from step 0");
    expect(statText(el, "steps")).toBe("0 of 1,000");
    expect(statText(el, "pass")).toBe("10.0%");
    expect(statText(el, "length")).toBe("3.10");
    expect(statText(el, "kl")).toBe("– (no step yet)");
    const curves = el.querySelector(`${P}-curves svg`);
    expect(curves.getAttribute("role")).toBe("img");
    expect(curves.getAttribute("aria-label")).toContain(
      "step 0: pass@1 10.0%, mean length 3.10 tokens",
    );
    const refs = [...curves.querySelectorAll(".r1w-ref-label")].map((t) => t.textContent);
    expect(refs).toEqual(["no scratchpad: 2 tokens", "full scratchpad: mean K + 2 = 6 tokens"]);
    const axes = [...curves.querySelectorAll(".r1w-axis-label")].map((t) => t.textContent);
    expect(axes).toEqual(["GRPO step", "pass@1 (%)", "mean length (tokens)"]);
    // at least 0..400 steps on the x axis before any training
    const ticks = [...curves.querySelectorAll(".r1w-axes text.r1w-tick")].map((t) => t.textContent);
    expect(ticks).toContain("400");
    expect(el.querySelector(`${P}-curves + * table, table.r1w-sr-only`)).not.toBeNull();
    expect(el.querySelectorAll(`${P}-by-k rect.r1w-bar`).length).toBe(5);
    expect(el.querySelectorAll(`${P}-by-k line${P}-full`).length).toBe(5);
    expect(el.querySelector(`${P}-pass-by-k`).textContent).toContain("K = 6 9.8%");
    // the published settings come from the kernel, with their sources
    const recipe = el.querySelector(`${P}-recipe`).textContent;
    expect(recipe).toContain("3×10⁻⁶");
    expect(recipe).toContain("10,400");
    expect(recipe).toContain("Nature, Methods: β");
  });

  it("sends play or pause by the kernel's running state, and its label follows it", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const b = train(el);
    expect(b.textContent).toBe("Train");
    expect(b.hasAttribute("aria-pressed")).toBe(false);
    b.click();
    expect(model.sent).toEqual([{ action: "play" }]);
    // the kernel has not answered yet: the label stays, a second press asks for play again
    // (the kernel ignores it: one run at a time)
    model.kernelUpdate({ running: true, step_count: 10, pass_at_1: 0.11 });
    await flush();
    expect(b.textContent).toBe("Pause");
    const status = el.querySelector(`${P}-status`);
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe("Training from step 10.");
    // chunks while training do not speak again
    model.kernelUpdate({ step_count: 20 });
    await flush();
    expect(status.textContent).toBe("Training from step 10.");
    b.click();
    expect(model.sent.at(-1)).toEqual({ action: "pause" });
    model.kernelUpdate({ running: false, step_count: 30, pass_at_1: 0.2, mean_length: 4 });
    await flush();
    expect(b.textContent).toBe("Train");
    expect(status.textContent).toBe("Paused at step 30: pass@1 20.0%, mean length 4.00 tokens.");
    b.click();
    expect(model.sent.at(-1)).toEqual({ action: "play" });
    el.querySelector(`${P}-step`).click();
    el.querySelector(`${P}-reset`).click();
    expect(model.sent.slice(-2)).toEqual([{ action: "step" }, { action: "reset" }]);
    model.kernelUpdate({ step_count: 0, pass_at_1: 0.0995, mean_length: 3.1025 });
    await flush();
    expect(status.textContent).toContain("New run from step 0");
  });

  it("says when the run has ended at step 1,000", async () => {
    const model = new FakeModel({ ...state(), running: true, step_count: 990 });
    const { el } = mount(view, model);
    model.kernelUpdate({ running: false, step_count: 1000, pass_at_1: 0.99, mean_length: 6.01 });
    await flush();
    expect(el.querySelector(`${P}-status`).textContent).toBe(
      "Finished at step 1,000: pass@1 99.0%, mean length 6.01 tokens. Reset to train again.",
    );
  });

  it("writes the settings back; a refused value shows the error and snaps back", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const beta = el.querySelector('input[data-name="kl_beta"]');
    const values = beta.dataset.values.split(",").map(Number);
    expect(values[Number(beta.value)]).toBe(0.04);
    fire(beta, values.indexOf(0));
    el.querySelector('input[data-name="prior"]').click();
    fire(el.querySelector('input[data-name="sample_k"]'), 6);
    expect(model.saved).toEqual([{ kl_beta: 0 }, { prior: false }, { sample_k: 6 }]);

    const group = el.querySelector('input[data-name="group_size"]');
    group.max = "999";
    fire(group, 500);
    model.kernelUpdate({
      group_size: 8,
      error: "group_size refused: The value of the 'group_size' trait must be <= 32",
    });
    await flush();
    expect(group.value).toBe("8");
    expect(el.querySelector(".r1w-error").textContent).toBe(
      "Refused: group_size refused: The value of the 'group_size' trait must be <= 32",
    );
    model.kernelUpdate({ error: "" });
    await flush();
    expect(el.querySelector(".r1w-error").hidden).toBe(true);
  });

  it("shows the sample group as text: prompt, right sums, tokens, reward in words, signed advantage", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const prompts = el.querySelectorAll(`${P}-prompt`);
    expect(prompts[0].textContent).toContain("2 9 7 4");
    expect(prompts[0].textContent).toContain("right answer 2");
    expect(prompts[1].textContent).toContain("2 1 8 2 = 2");
    const rows = [...el.querySelectorAll(`${P}-group tbody tr`)];
    expect(rows.length).toBe(3);
    const cells = (r) => [...r.children].map((c) => c.textContent);
    expect(cells(rows[0])).toEqual(["1", "8 7 4 8 = 9", "6", "✗ 0 wrong", "−0.38"]);
    expect(cells(rows[1])).toEqual(["2", "9 8 = 2", "4", "✓ 1 right", "+2.65"]);
    expect(rows[1].querySelector(`${P}-marker`).textContent).toBe("=");
    expect(rows[1].querySelector(`${P}-answer`).textContent).toBe("2");
    expect(el.querySelector(`${P}-group-line`).textContent).toContain("first 3 of the group's 8");
    expect(el.textContent).toContain("(reward − group mean) / group std");
    model.kernelUpdate({
      samples: {
        ...samples(),
        rollouts: [
          rollout(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"], 0, 0, {
            answer: -1,
            over_cap: true,
          }),
        ],
      },
    });
    await frame();
    const over = el.querySelector(`${P}-group tbody tr`);
    expect(over.textContent).toContain("over the cap: no answer");
    expect(over.textContent).toContain("✗ 0 over the cap");
  });

  it("renders hostile strings as text, never as markup", async () => {
    const evil = "<b>x</b><img src=x onerror=alert(1)>";
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      error: evil,
      previous_label: evil,
      previous_history: [{ step: 0, pass_at_1: 0.1, mean_length: 3, kl: 0 }],
      samples: { ...samples(), prompt: [evil], rollouts: [rollout(["<b>", evil], 0, 0)] },
      paper_recipe: {
        ...state().paper_recipe,
        kl_beta: { label: evil, value: 0.001, source: evil },
      },
    });
    await frame();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("b")).toBeNull();
    expect(el.querySelector(".r1w-error").textContent).toContain(evil);
    expect(el.querySelector(`${P}-group tbody`).textContent).toContain("<b>");
    expect(el.querySelector(`${P}-prev-key`).textContent).toContain(evil);
    expect(el.querySelector(`${P}-recipe`).textContent).toContain(evil);
  });

  it("bounds what it builds by the controls' own limits, whatever the model holds", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const many = Array.from({ length: 5000 }, () => rollout(["1", "=", "1"], 1, 0));
    const longTokens = Array.from({ length: 5000 }, () => "7");
    model.kernelUpdate({
      samples: {
        ...samples(),
        group_size: 1e9,
        k: 1e9,
        prompt: Array.from({ length: 5000 }, () => 3),
        running_sums: Array.from({ length: 5000 }, () => 3),
        rollouts: [rollout(longTokens, 0, 0), ...many],
      },
      length_by_k: Array.from({ length: 5000 }, () => 4),
      history: Array.from({ length: 100000 }, (_, i) => ({
        step: i,
        pass_at_1: 0.5,
        mean_length: 1e9,
        kl: 0,
      })),
      step_count: 1e12,
    });
    await frame();
    expect(el.querySelectorAll(`${P}-group tbody tr`).length).toBe(8);
    const first = el.querySelector(`${P}-group tbody tr`);
    expect(first.querySelectorAll(`${P}-tok`).length).toBe(11);
    expect(el.querySelectorAll(`${P}-prompt`)[0].querySelectorAll(`${P}-tok`).length).toBe(6);
    expect(el.querySelector(`${P}-group-line`).textContent).toContain("group's 32 rollouts");
    expect(el.querySelectorAll(`${P}-by-k rect.r1w-bar`).length).toBe(5);
    expect(statText(el, "steps")).toBe("1,000 of 1,000");
    const points = el.querySelector(`${P}-now-pass`).getAttribute("points").split(" ");
    expect(points.length).toBeLessThanOrEqual(400);
    // a length off the axis is drawn at its top, never outside the plot
    const ys = el
      .querySelector(`${P}-now-length`)
      .getAttribute("points")
      .split(" ")
      .map((p) => Number(p.split(",")[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(12);
  });

  it("draws the previous run dashed, named in the legend, and the x axis grows with the steps", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    expect(el.querySelector(`${P}-prev-key`).hidden).toBe(true);
    const hist = (n) =>
      Array.from({ length: n / 5 + 1 }, (_, i) => ({
        step: 5 * i,
        pass_at_1: Math.min(1, 0.1 + i / 100),
        mean_length: 3 + i / 50,
        kl: 0,
      }));
    model.kernelUpdate({
      previous_history: hist(650),
      previous_label: "seed 0, lr 0.05, β 0.04, G 8, prior on",
      history: hist(20),
      step_count: 20,
    });
    await frame();
    const key = el.querySelector(`${P}-prev-key`);
    expect(key.hidden).toBe(false);
    expect(key.textContent).toBe("dashed: previous run (seed 0, lr 0.05, β 0.04, G 8, prior on)");
    expect(el.querySelectorAll(`${P}-curves ${P}-prev`).length).toBe(2);
    const svg = el.querySelector(`${P}-curves svg`);
    expect(svg.getAttribute("aria-label")).toContain(
      "Dashed, the previous run (seed 0, lr 0.05, β 0.04, G 8, prior on), ending at step 650",
    );
    const ticks = [...svg.querySelectorAll(".r1w-axes text.r1w-tick")].map((t) => t.textContent);
    expect(ticks).toContain("600");
    expect(ticks).not.toContain("1000");
    const rows = el.querySelectorAll(
      `${P}-curves ~ * table.r1w-sr-only tbody tr, table.r1w-sr-only tbody tr`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it("removes every listener on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
