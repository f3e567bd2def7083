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
  run_id: 1,
  task: {
    k_min: 2,
    k_max: 6,
    scratch_cap: 9,
    prompts_per_step: 64,
    eval_prompts: 2000,
    record_every: 5,
    chunk: 10,
    max_steps: 1000,
  },
  paper_recipe: recipe(),
});

// R1-Zero's settings as the kernel sends them (label, value, source); the values are paper.py's
const recipe = () => ({
  group_size: { label: "outputs per question (G)", value: 16, source: "Nature, Methods: G" },
  kl_beta: { label: "KL coefficient (β)", value: 0.001, source: "Nature, Methods: β" },
  learning_rate: { label: "learning rate", value: 3e-6, source: "Nature, Methods: lr" },
  steps: { label: "training steps", value: 10400, source: "Nature, Methods: steps" },
  temperature: { label: "sampling temperature", value: 1, source: "Nature, Methods: T" },
  questions_per_step: { label: "questions per step", value: 32, source: "Nature, Methods: 32" },
  outputs_per_rollout: {
    label: "outputs per rollout phase",
    value: 8192,
    source: "Nature, Methods: 8,192",
  },
  minibatches: {
    label: "policy updates per rollout phase (minibatches)",
    value: 16,
    source: "Nature, Methods: 16",
  },
  reference_reset: {
    label: "reference model replaced by the latest policy every",
    value: 400,
    source: "Nature, Methods: 400",
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
    expect(el.querySelector(`${P}-pass-by-k`).textContent).toContain("K = 5: 11.0%; K = 6: 9.8%.");
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
    expect(status.textContent).toBe("Paused at step 30: pass@1 20.0%, length 4.00 tokens.");
    b.click();
    expect(model.sent.at(-1)).toEqual({ action: "play" });
    el.querySelector(`${P}-step`).click();
    el.querySelector(`${P}-reset`).click();
    expect(model.sent.slice(-2)).toEqual([{ action: "step" }, { action: "reset" }]);
    model.kernelUpdate({ run_id: 2, step_count: 0, pass_at_1: 0.0995, mean_length: 3.1025 });
    await flush();
    expect(status.textContent).toBe("New run from step 0: pass@1 10.0%, length 3.10 tokens.");
  });

  it("says when the run has ended at step 1,000", async () => {
    const model = new FakeModel({ ...state(), running: true, step_count: 990 });
    const { el } = mount(view, model);
    model.kernelUpdate({ running: false, step_count: 1000, pass_at_1: 0.99, mean_length: 6.01 });
    await flush();
    expect(el.querySelector(`${P}-status`).textContent).toBe(
      "Finished at step 1,000: pass@1 99.0%, length 6.01 tokens. Reset to train again.",
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
    // a task of absurd sizes builds no more than the kit's bounds allow
    model.kernelUpdate({
      task: { ...state().task, k_min: -5, k_max: 1e9, scratch_cap: 1e9, max_steps: 1e12 },
      length_by_k: Array.from({ length: 5000 }, () => 4),
    });
    await frame();
    expect(el.querySelectorAll(`${P}-by-k rect.r1w-bar`).length).toBeLessThanOrEqual(9);
    model.kernelUpdate({ task: state().task });
    await frame();
    // a length off the axis is drawn at its top, never outside the plot
    const ys = el
      .querySelector(`${P}-now-length`)
      .getAttribute("points")
      .split(" ")
      .map((p) => Number(p.split(",")[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(12);
  });

  it("draws the previous run dashed, named in the legend, on a 0..1,000 axis once past 400", async () => {
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
    // 0..400 only while nothing has passed step 400; then the whole run, never 0..700
    expect(ticks.slice(0, 6)).toEqual(["0", "200", "400", "600", "800", "1000"]);
    expect(ticks[6]).toBe("0%");
    const rows = el.querySelectorAll(
      `${P}-curves ~ * table.r1w-sr-only tbody tr, table.r1w-sr-only tbody tr`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it("says 'New run' whenever the kernel's run_id changes, with the new run's numbers", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const status = el.querySelector(`${P}-status`);
    // two setting changes in a row at step 0: the step never goes down, the run still changes
    model.kernelUpdate({ run_id: 2, pass_at_1: 0.0625, mean_length: 7.42 });
    await flush();
    expect(status.textContent).toBe("New run from step 0: pass@1 6.3%, length 7.42 tokens.");
    model.kernelUpdate({ run_id: 3, pass_at_1: 0.209, mean_length: 3.1 });
    await flush();
    expect(status.textContent).toBe("New run from step 0: pass@1 20.9%, length 3.10 tokens.");
    // a setting changed while training: the kernel stops the run; the status says so
    model.kernelUpdate({ running: true, step_count: 40 });
    await flush();
    model.kernelUpdate({ run_id: 4, running: false, step_count: 0, pass_at_1: 0.0995 });
    await flush();
    expect(status.textContent).toBe(
      "Training stopped. New run from step 0: pass@1 10.0%, length 3.10 tokens.",
    );
  });

  it("at the last step, Train and Step are unavailable and the status says why", async () => {
    const model = new FakeModel({
      ...state(),
      step_count: 1000,
      pass_at_1: 0.998,
      mean_length: 6.2,
    });
    const { el } = mount(view, model);
    await flush();
    const status = el.querySelector(`${P}-status`);
    const finished =
      "Finished at step 1,000: pass@1 99.8%, length 6.20 tokens. Reset to train again.";
    expect(status.textContent).toBe(finished);
    const step = el.querySelector(`${P}-step`);
    for (const b of [train(el), step]) {
      expect(b.getAttribute("aria-disabled")).toBe("true");
      expect(b.getAttribute("aria-describedby")).toBe(status.id);
      expect(b.disabled).toBe(false); // still focusable: the keyboard's focus is not dropped
    }
    status.textContent = "";
    train(el).click();
    step.click();
    expect(model.sent).toEqual([]); // nothing to refuse: the view does not ask
    expect(status.textContent).toBe(finished);
    el.querySelector(`${P}-reset`).click();
    expect(model.sent).toEqual([{ action: "reset" }]);
    model.kernelUpdate({ run_id: 2, step_count: 0, pass_at_1: 0.0995, mean_length: 3.1 });
    await flush();
    expect(train(el).getAttribute("aria-disabled")).toBe("false");
    expect(step.getAttribute("aria-disabled")).toBe("false");
  });

  it("keeps the curves' end labels inside the plot and apart; references dotted, under the runs", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const full = (n, pass, len) =>
      Array.from({ length: n / 5 + 1 }, (_, i) => ({
        step: 5 * i,
        pass_at_1: i ? pass : 0.1,
        mean_length: i ? len : 3.1,
        kl: 0,
      }));
    // this run and the previous one end at the same step and the same values
    model.kernelUpdate({
      history: full(1000, 1, 6),
      previous_history: full(1000, 1, 6),
      previous_label: "seed 1, lr 0.05, β 0.04, G 8, prior on; 1,000 steps",
      step_count: 1000,
    });
    await frame();
    const svg = el.querySelector(`${P}-curves svg`);
    const top = 16; // the plot's top margin
    const ends = [...svg.querySelectorAll(`${P}-end`)];
    expect(ends.map((t) => t.textContent).sort()).toEqual(
      ["length", "length, previous", "pass@1", "pass@1, previous"].sort(),
    );
    const ys = ends.map((t) => Number(t.getAttribute("y")));
    // a label's text is about 10 units tall above its baseline: none is cut off at the top
    for (const y of ys) expect(y).toBeGreaterThanOrEqual(top + 10);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1)
      expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(13);
    // reference lines: their own dotted class (not the kit's coloured r1w-ref), drawn first
    const refs = [...svg.querySelectorAll(`line${P}-ref`)];
    expect(refs.length).toBe(2);
    expect(refs[0].classList.contains("r1w-ref")).toBe(false);
    const prev = svg.querySelector(`${P}-prev`);
    expect(refs[1].compareDocumentPosition(prev) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(el.querySelector(`${P}-prev-key`).textContent).toContain("; 1,000 steps");
  });

  it("moves an end label that would cover a reference line's label", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    // length right on the 6-token line, its end early enough to reach that line's label
    const upTo = Array.from({ length: 21 }, (_, i) => ({
      step: 5 * i,
      pass_at_1: 0.1,
      mean_length: 6,
      kl: 0,
    }));
    model.kernelUpdate({ history: upTo, step_count: 100 });
    await frame();
    const svg = el.querySelector(`${P}-curves svg`);
    const ref = [...svg.querySelectorAll(`${P}-ref-label`)].find((t) =>
      t.textContent.startsWith("full scratchpad"),
    );
    const end = svg.querySelector(`${P}-end-length`);
    expect(
      Math.abs(Number(end.getAttribute("y")) - Number(ref.getAttribute("y"))),
    ).toBeGreaterThanOrEqual(13);
    // the reference labels are drawn after the runs, so no curve covers them
    const lastRun = svg.querySelector(`${P}-now-pass`);
    expect(lastRun.compareDocumentPosition(ref) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("keeps the x axis at 0..400 until a run passes step 400", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const ticks = () =>
      [...el.querySelectorAll(`${P}-curves .r1w-axes text.r1w-tick`)]
        .map((t) => t.textContent)
        .filter((t) => Number(t) >= 100);
    const upTo = (n) =>
      Array.from({ length: n / 5 + 1 }, (_, i) => ({
        step: 5 * i,
        pass_at_1: 0.1,
        mean_length: 3,
        kl: 0,
      }));
    model.kernelUpdate({ history: upTo(400), step_count: 400 });
    await frame();
    expect(ticks()).toEqual(["100", "200", "300", "400"]);
    model.kernelUpdate({ history: upTo(410), step_count: 410 });
    await frame();
    expect(ticks()).toEqual(["200", "400", "600", "800", "1000"]);
  });

  it("rebuilds the hidden table of the curve only when a row comes", async () => {
    const model = new FakeModel({ ...state(), running: true });
    const { el } = mount(view, model);
    const upTo = (n) =>
      Array.from({ length: n / 5 + 1 }, (_, i) => ({
        step: 5 * i,
        pass_at_1: 0.1 + i / 1000,
        mean_length: 3,
        kl: 0,
      }));
    const table = () => el.querySelector(`${P}-curves ~ div table.r1w-sr-only`);
    model.kernelUpdate({ history: upTo(30), step_count: 30 });
    await frame();
    const first = table();
    expect(first.querySelectorAll("tbody tr").length).toBe(2); // steps 0 and 25
    model.kernelUpdate({ history: upTo(40), step_count: 40 });
    await frame();
    expect(table()).toBe(first); // no new row: the same table
    model.kernelUpdate({ history: upTo(50), step_count: 50 });
    await frame();
    expect(table()).not.toBe(first);
    expect(table().querySelectorAll("tbody tr").length).toBe(3);
    // paused: the last point joins the table
    model.kernelUpdate({ running: false, history: upTo(60), step_count: 60 });
    await frame();
    const cells = [...table().querySelectorAll("tbody tr")].map((r) => r.firstChild.textContent);
    expect(cells).toEqual(["0", "25", "50", "60"]);
  });

  it("reads task, terms, controls, charts, sample, then folds the long notes", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const precedes = (a, b) =>
      Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const terms = el.querySelector(`${P}-terms`);
    expect(terms.textContent).toContain(
      "pass@1: the share of 2,000 fixed evaluation prompts (400 per K)",
    );
    expect(terms.textContent).toContain("temperature 1");
    expect(terms.textContent).toContain("averages several samples per question (chapter 04)");
    // R1's own evaluation temperature, once the kernel holds it
    model.kernelUpdate({
      paper_recipe: { ...recipe(), eval_temperature: { label: "t", value: 0.6, source: "s" } },
    });
    await flush();
    expect(terms.textContent).toContain("several samples per question at temperature 0.6");
    expect(el.querySelector(`${P}-task`).textContent).toContain("K from 2 to 6");
    expect(el.querySelector(`${P}-task`).textContent).toContain("longer than 9 digits");
    expect(precedes(terms, train(el))).toBe(true);
    expect(precedes(train(el), el.querySelector(`${P}-curves`))).toBe(true);
    expect(precedes(el.querySelector(`${P}-curves`), el.querySelector(`${P}-group`))).toBe(true);
    const folds = [...el.querySelectorAll(`details${P}-more`)];
    expect(folds.length).toBe(5);
    for (const d of folds) {
      // a native summary: a keyboard stop that opens and closes its note
      expect(d.firstElementChild.tagName).toBe("SUMMARY");
      expect(d.open).toBe(false);
      expect(precedes(el.querySelector(`${P}-group`), d)).toBe(true);
    }
    // the long notes live in the folds; the two short ones do not
    for (const cls of ["simplified", "lock", "prior-note", "wide-note", "why", "prior-skill"])
      expect(el.querySelector(`${P}-${cls}`).closest("details"), cls).not.toBeNull();
    for (const cls of ["lesson", "try"])
      expect(el.querySelector(`${P}-${cls}`).closest("details"), cls).toBeNull();
    // the stats name their units
    const labels = [...el.querySelectorAll(".r1w-stat-label")].map((t) => t.textContent);
    expect(labels).toContain("KL to the start, nats per response (last batch)");
    expect(labels).toContain("Train reward: % right, last batch");
  });

  it("sets the lab beside every R1-Zero setting the kernel holds, and only those", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const rows = () =>
      [...el.querySelectorAll(`${P}-recipe tbody tr`)].map((r) =>
        [...r.children].slice(0, 3).map((c) => c.textContent),
      );
    expect(rows()).toContainEqual(["sampling temperature", "1 (the softmax as it is)", "1"]);
    expect(rows()).toContainEqual(["questions per step", "64", "32"]);
    expect(rows()).toContainEqual(["outputs per rollout phase", "64 × G = 512", "8,192"]);
    expect(rows()).toContainEqual([
      "reference model replaced by the latest policy every",
      "never: the starting table",
      "400 steps",
    ]);
    const updates = el.querySelector(`${P}-updates`).textContent;
    expect(updates).toContain("8,192 outputs into 16 minibatches");
    expect(updates).toContain("every 400 steps");
    // a kernel without those entries: no row and no sentence that would need them
    const { reference_reset, minibatches, ...fewer } = recipe();
    model.kernelUpdate({ paper_recipe: fewer });
    await frame();
    expect(rows().length).toBe(7);
    expect(el.querySelector(`${P}-updates`).textContent).not.toContain("minibatches");
    expect(el.querySelector(`${P}-updates`).textContent).not.toContain("latest policy");
  });

  it("writes each bar's value inside its bar, and the whole group's size when all are shown", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      samples: {
        ...samples(),
        rollouts: Array.from({ length: 8 }, () => rollout(["9", "=", "9"], 0, 0)),
      },
    });
    await frame();
    const bars = [...el.querySelectorAll(`${P}-by-k rect.r1w-bar`)];
    const values = [...el.querySelectorAll(`${P}-bar-value`)];
    expect(values.map((t) => t.textContent)).toEqual(["3.1", "3.1", "3.1", "3.0", "3.2"]);
    values.forEach((t, i) => {
      const y = Number(t.getAttribute("y"));
      const top = Number(bars[i].getAttribute("y"));
      expect(y).toBeGreaterThan(top + 8); // below the bar's top: inside it, not over the mark
    });
    expect(el.querySelector(`${P}-group-line`).textContent).toMatch(/^The group's 8 rollouts/);
    // the reward cell: a symbol and a value on screen, the word for a screen reader
    const reward = el.querySelector(`${P}-group tbody tr td:nth-child(4)`);
    expect(reward.querySelector(".r1w-sr-only").textContent).toBe(" wrong");
  });

  it("removes every listener on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
