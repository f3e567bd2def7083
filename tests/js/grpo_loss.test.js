import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import view from "../../js/chapters/grpo_loss.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const state = () => ({
  group_size: 4,
  rewards: [1, 0, 0, 1],
  ratios: [1.15, 0.9, 1, 1.3],
  lengths: [200, 500, 250, 400],
  max_completion_length: 1024,
  clip_epsilon: 0.2,
  clip_epsilon_high: 0.28,
  kl_beta: 0.04,
  std_mode: "population",
  loss_type: "grpo",
  preset_name: "",
  preset_note: "",
  std_labels: { population: "population (÷G)", sample: "sample (÷(G−1)) + 1e-4 (TRL)" },
  std_note: "Std: neither DeepSeekMath nor the R1 paper says which std it uses.",
  ladder_marks: {
    clip_epsilon: [0.2, 10],
    clip_epsilon_high: [0.2, 0.28],
    kl_beta: [0, 0.001, 0.04],
    max_completion_length: [256, 1024, 32768],
  },
  group_mean: 0.5,
  group_std: 0.5,
  all_rewards_equal: false,
  advantages: [1, -1, -1, 1],
  surrogate: [1.15, -0.9, -1, 1.2],
  clip_active: [0, 0, 0, 1],
  clip_state: ["inside", "inside", "inside", "clipped_high"],
  kl: [0.0093, 0.0058, 0, 0.0316],
  counted_lengths: [200, 500, 250, 400],
  weights: [0.25, 0.25, 0.25, 0.25],
  policy_gain: 0.1125,
  kl_penalty: 0.0005,
  objective: 0.112,
});

const ladderOf = (input) => input.dataset.values.split(",").map(Number);

describe("GRPOLoss view", () => {
  it("renders one row per rollout with the kernel's numbers", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelectorAll("tbody tr").length).toBe(4);
    expect(el.querySelector(".r1w-objective .r1w-stat-value").textContent).toBe("+0.1120");
    expect(el.querySelectorAll("svg rect.r1w-bar").length).toBe(4);
  });

  it("names the reward R and the ratio r, as the formula does", () => {
    const { el } = mount(view, new FakeModel(state()));
    const heads = [...el.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(heads).toContain("Reward Rᵢ");
    expect(heads.some((t) => t.startsWith("Ratio rᵢ"))).toBe(true);
    expect(el.querySelector(".r1w-formula").textContent).toContain("(Rᵢ − mean R)");
    expect(el.querySelector(".r1w-formula").textContent).toContain("rᵢ = πθ(oᵢ|q) / πold(oᵢ|q)");
  });

  it("explains its terms where they first appear and names the later papers", () => {
    const { el } = mount(view, new FakeModel(state()));
    const text = el.textContent;
    for (const term of [
      "q is the prompt and oᵢ its i-th rollout (one sampled completion)",
      "k3, the third of Schulman's (2020) KL approximations",
      "unbiased when the token is sampled from πθ",
      "β is the KL coefficient: how much each nat of KL costs",
      "Dr. GRPO (Liu et al., 2025)",
      "DAPO (Yu et al., 2025)",
    ]) {
      expect(text).toContain(term);
    }
    // the first note that names Dr. GRPO or DAPO cites both as later papers
    const notes = [...el.querySelectorAll(".r1w-note")].map((n) => n.textContent);
    const first = notes.find((t) => /Dr\. GRPO|DAPO/.test(t));
    expect(first).toContain(
      "later variants from other papers: Dr. GRPO (Liu et al., 2025) and DAPO (Yu et al., 2025)",
    );
  });

  it("takes the std options and their note from the kernel, which holds TRL's epsilon", () => {
    const model = new FakeModel({
      ...state(),
      std_labels: { population: "kernel: population", sample: "kernel: sample + ε" },
      std_note: "kernel: the std note",
    });
    const { el } = mount(view, model);
    const options = [...el.querySelectorAll('select[data-name="std_mode"] option')];
    expect(options.map((o) => [o.value, o.textContent])).toEqual([
      ["population", "kernel: population"],
      ["sample", "kernel: sample + ε"],
    ]);
    expect(el.querySelector(".r1w-grpo-loss-std").textContent).toBe("kernel: the std note");
    // the view types no published number such as TRL's 1e-4, and credits no paper with a std
    const source = readFileSync(`${process.cwd()}/js/chapters/grpo_loss.js`, "utf8");
    expect(source).not.toMatch(/\d\s*e\s*-\s*\d/);
    expect(source).not.toMatch(/DeepSeekMath-style/);
  });

  it("says clipped or not clipped in words, and not clipped is plain text", () => {
    const { el } = mount(view, new FakeModel(state()));
    const clips = [...el.querySelectorAll("tbody tr")].map((tr) => tr.children[6].textContent);
    expect(clips).toEqual(["not clipped", "not clipped", "not clipped", "clipped at 1+ε"]);
    expect(el.querySelector("tbody .r1w-pill, tbody button")).toBeNull();
  });

  it("says why a ratio outside the range can stay unclipped, in one run of text per cell", async () => {
    const model = new FakeModel({
      ...state(),
      ratios: [1.3, 1.3, 1.5, 0.5],
      clip_active: [1, 0, 0, -1],
      clip_state: ["clipped_high", "kept", "zero", "clipped_low"],
    });
    const { el } = mount(view, model);
    const clipCells = () => [...el.querySelectorAll("tbody tr")].map((tr) => tr.children[6]);
    expect(clipCells().map((c) => c.textContent)).toEqual([
      "clipped at 1+ε",
      "outside, rᵢ·Aᵢ kept",
      "outside, Aᵢ = 0",
      "clipped at 1−ε",
    ]);
    // one child per cell: nothing stacks as a second line that would grow the row
    expect(clipCells().every((c) => c.children.length === 1)).toBe(true);
    expect(el.querySelector(".r1w-grpo-loss-bound")).toBeNull();
    const why = el.querySelector(".r1w-grpo-loss-clipnote").textContent;
    expect(why).toContain("“outside, rᵢ·Aᵢ kept” when rᵢ has left the clip range");
    expect(why).toContain("the lower (worse) one: min keeps it");
    model.kernelUpdate({ loss_type: "dapo" });
    await flush();
    expect(clipCells()[0].textContent).toBe("clipped at 1+ε_high");
  });

  it("spells out GRPO and says what TRL is where each first appears in prose", () => {
    const { el } = mount(view, new FakeModel(state()));
    const notes = [...el.querySelectorAll(".r1w-note")].map((n) => n.textContent);
    const grpo = notes.find((t) => /GRPO/.test(t));
    expect(grpo).toContain(
      "GRPO (Group Relative Policy Optimization, introduced with the DeepSeekMath paper in 2024",
    );
    const trl = notes.find((t) => /TRL/.test(t));
    expect(trl).toContain("TRL is Hugging Face's library for RL on language models");
    expect(trl).toContain("GRPOTrainer");
  });

  it("names each row's cells by their column, so a narrow row can show as a card", () => {
    const { el } = mount(view, new FakeModel(state()));
    const heads = [...el.querySelectorAll("thead th")].map((th) => th.textContent);
    for (const tr of el.querySelectorAll("tbody tr")) {
      const labels = [...tr.children].map((c) => c.getAttribute("data-label"));
      expect(labels).toEqual(["Rollout", ...heads.slice(1)]);
    }
    // the box whose width decides table or cards holds the scroll area and the table
    expect(el.querySelector(".r1w-grpo-loss-rollouts > .r1w-scroll > table")).not.toBeNull();
  });

  it("scrolls a control reached by Tab fully into view inside the scroll area", () => {
    const { el } = mount(view, new FakeModel(state()));
    const calls = [];
    const tokens = el.querySelector('input[data-name="lengths.2"]');
    tokens.scrollIntoView = (opts) => calls.push(opts);
    tokens.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    expect(calls).toEqual([{ block: "nearest", inline: "nearest" }]);
  });

  it("marks a cut only where lengths count, and keeps its line in every row there", async () => {
    const model = new FakeModel({
      ...state(),
      max_completion_length: 256,
      counted_lengths: [200, 256, 250, 256],
    });
    const { el } = mount(view, model);
    const table = el.querySelector("table");
    const cuts = () => [...el.querySelectorAll(".r1w-grpo-loss-cut")].map((c) => c.hidden);
    // GRPO weighs every rollout 1/G: a cut changes nothing, so none is marked
    expect(cuts()).toEqual([true, true, true, true]);
    expect(table.classList.contains("r1w-grpo-loss-counts")).toBe(false);
    model.kernelUpdate({ loss_type: "dr_grpo" });
    await flush();
    expect(cuts()).toEqual([true, false, true, false]);
    expect(table.classList.contains("r1w-grpo-loss-counts")).toBe(true); // the css reserves the line
  });

  it("shows a tiny KL penalty in powers of ten, not as 0.0000", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ kl_penalty: 1.234e-5, kl: [2.5e-6, 0.0058, 0, 0.0316] });
    await flush();
    const penalty = [...el.querySelectorAll(".r1w-stat")].find((s) =>
      s.textContent.startsWith("KL penalty"),
    );
    expect(penalty.querySelector(".r1w-stat-value").textContent).toBe("1.23×10⁻⁵");
    expect(el.querySelector("tbody tr").children[8].textContent).toBe("2.50×10⁻⁶");
  });

  it("writes a rollout's reward back as the whole list", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const second = el.querySelector('input[data-name="rewards.1"]');
    fire(second, 0.5);
    expect(model.saved.at(-1)).toEqual({ rewards: [1, 0.5, 0, 1] });
  });

  it("puts ε, ε_high, β and L on log ladders that hold every published value exactly", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const want = {
      clip_epsilon: [0.2, 10],
      clip_epsilon_high: [0.2, 0.28],
      kl_beta: [0, 0.001, 0.04],
      max_completion_length: [256, 1024, 32768],
    };
    for (const [name, values] of Object.entries(want)) {
      const input = el.querySelector(`input[data-name="${name}"]`);
      const ladder = ladderOf(input);
      for (const v of values) {
        expect(ladder).toContain(v);
        model.saved = [];
        fire(input, ladder.indexOf(v));
        expect(model.saved.at(-1)).toEqual({ [name]: v });
      }
    }
    // each value reads as written, never rounded to a neighbour (0.0012 is not "0.001")
    const out = (name) =>
      el.querySelector(`output[for="${el.querySelector(`input[data-name="${name}"]`).id}"]`)
        .textContent;
    model.kernelUpdate({ kl_beta: 0.0012, clip_epsilon: 0.28 });
    await flush();
    expect([out("kl_beta"), out("clip_epsilon")]).toEqual(["0.0012", "0.28"]);
    // β = 0 is the first stop; 0.001 is the next: two key presses from the left end.
    const beta = ladderOf(el.querySelector('input[data-name="kl_beta"]'));
    expect(beta.slice(0, 2)).toEqual([0, 0.001]);
    // token counts: 200 and 500 sit several stops apart on the rollout's length track
    const lengths = ladderOf(el.querySelector('input[data-name="lengths.0"]'));
    expect(lengths.indexOf(500) - lengths.indexOf(200)).toBeGreaterThanOrEqual(4);
  });

  it("writes scalar knobs and selects back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const beta = el.querySelector('input[data-name="kl_beta"]');
    fire(beta, ladderOf(beta).indexOf(0.5));
    fire(el.querySelector('select[data-name="loss_type"]'), "dapo", "change");
    expect(model.saved).toEqual([{ kl_beta: 0.5 }, { loss_type: "dapo" }]);
  });

  it("rebuilds the rows when the kernel changes the group size, and redraws once per batch", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      group_size: 6,
      rewards: [1, 0, 0, 1, 0, 0],
      ratios: [1, 1, 1, 1, 1, 1],
      lengths: [1, 1, 1, 1, 1, 1],
      advantages: [1.4, -0.7, -0.7, 1.4, -0.7, -0.7],
      objective: -0.25,
    });
    await flush();
    expect(el.querySelectorAll("tbody tr").length).toBe(6);
    expect(el.querySelector(".r1w-objective .r1w-stat-value").textContent).toBe("−0.2500");
  });

  it("never builds rows from an unconfirmed group size or list", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    // the browser's own echo of a tampered slider, before the kernel refuses it
    fire(el.querySelector('input[data-name="group_size"]'), 999);
    await flush();
    expect(el.querySelectorAll("tbody tr").length).toBeLessThanOrEqual(16);
    expect(el.querySelectorAll("tbody tr").length).toBe(4); // the synced lists still hold 4
    model.kernelUpdate({
      group_size: 999,
      rewards: Array(999).fill(0),
      advantages: Array(999).fill(0),
    });
    await flush();
    expect(el.querySelectorAll("tbody tr").length).toBe(16);
    expect(el.querySelectorAll("tbody input").length).toBe(48);
  });

  it("greys out, with a visible reason, the knobs the chosen loss ignores", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const hi = el.querySelector('input[data-name="clip_epsilon_high"]');
    const budget = el.querySelector('input[data-name="max_completion_length"]');
    const tokens = () => [...el.querySelectorAll('input[data-name^="lengths."]')];
    const std = el.querySelector('select[data-name="std_mode"]');
    const reason = el.querySelector(".r1w-grpo-loss-greyed");
    expect([hi.disabled, budget.disabled, std.disabled]).toEqual([true, true, false]);
    expect(tokens().every((t) => t.disabled)).toBe(true);
    expect(reason.hidden).toBe(false);
    expect(reason.textContent).toMatch(/budget L and the token counts/);
    model.kernelUpdate({ loss_type: "dr_grpo" });
    await flush();
    expect([hi.disabled, budget.disabled, std.disabled]).toEqual([true, false, true]);
    expect(tokens().some((t) => t.disabled)).toBe(false);
    expect(reason.textContent).toMatch(/std/);
    expect(el.querySelector(".r1w-grpo-loss-variant").textContent).toMatch(/max_completion_length/);
    expect(el.querySelector(".r1w-formula").textContent).toContain("wᵢ = |oᵢ| / (G·L)");
    model.kernelUpdate({ loss_type: "dapo" });
    await flush();
    expect([hi.disabled, budget.disabled, std.disabled]).toEqual([false, false, false]);
    expect(reason.hidden).toBe(true);
    expect(el.querySelector(".r1w-grpo-loss-variant").textContent).toMatch(/drops the KL term/);
    expect(el.querySelector(".r1w-formula").textContent).toContain("1+ε_high");
  });

  it("marks a rollout cut at the budget", async () => {
    const model = new FakeModel({ ...state(), loss_type: "dapo" });
    const { el } = mount(view, model);
    expect([...el.querySelectorAll(".r1w-grpo-loss-cut")].every((c) => c.hidden)).toBe(true);
    model.kernelUpdate({ max_completion_length: 256, counted_lengths: [200, 256, 250, 256] });
    await flush();
    const cuts = [...el.querySelectorAll(".r1w-grpo-loss-cut")];
    expect(cuts.map((c) => c.hidden)).toEqual([true, false, true, false]);
    expect(cuts[1].textContent).toBe("cut to L = 256");
  });

  it("says where it happens that equal rewards give no reward signal, while β·KL still acts", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const flat = el.querySelector(".r1w-grpo-loss-flat");
    expect(flat.hidden).toBe(true);
    model.kernelUpdate({
      rewards: [1, 1, 1, 1],
      all_rewards_equal: true,
      advantages: [0, 0, 0, 0],
    });
    await flush();
    expect(flat.hidden).toBe(false);
    expect(flat.textContent).toMatch(/every advantage is 0: no reward signal from this group/);
    expect(flat.textContent).toContain("Only the β·KL term still acts");
    expect(flat.textContent).not.toMatch(/teaches nothing/); // the objective is −β·KL, not 0
    expect(flat.getAttribute("aria-live")).toBe("polite");
    model.kernelUpdate({ kl_beta: 0 });
    await flush();
    expect(flat.textContent).toContain(
      "With β = 0 there is no KL term either, so the objective is 0",
    );
  });

  it("calls DAPO's loss a token-level mean, not a token sum", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const option = el.querySelector('select[data-name="loss_type"] option[value="dapo"]');
    expect(option.textContent).toBe("DAPO: token mean, clip-higher");
    model.kernelUpdate({ loss_type: "dapo" });
    await flush();
    const variant = el.querySelector(".r1w-grpo-loss-variant").textContent;
    expect(variant).toContain("token-level mean");
    expect(variant).not.toMatch(/token sum/);
  });

  it("holds the table in a named scroll area", () => {
    const { el } = mount(view, new FakeModel(state()));
    const area = el.querySelector('[role="region"].r1w-scroll');
    expect(area.getAttribute("aria-label")).toBe("Rollouts of the group");
    expect(area.querySelector("table")).not.toBeNull();
  });

  it("shows the kernel's refusal as text and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({ error: "kl_beta refused: <script>x</script>" });
    await flush();
    expect(el.querySelector(".r1w-error").textContent).toContain("<script>x</script>");
    expect(el.querySelector("script")).toBeNull();
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
