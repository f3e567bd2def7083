import { describe, expect, it } from "vitest";
import view, { tinyPct } from "../../js/chapters/token_update.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const position = (name, candidates, before, chosen) => ({
  name,
  candidates,
  logits: [0, 0, 0],
  probabilities_before: before,
  chosen,
});
const deltas = (before, after) =>
  before.map((row, i) => row.map((p, j) => 100 * (after[i][j] - p)));
const BEFORE = [
  [0.5, 0.3, 0.2],
  [0.5, 0.34, 0.16],
];
const AFTER = [
  [0.45, 0.39, 0.16],
  [0.7, 0.2, 0.1],
];

const state = () => ({
  learning_rate: 1,
  advantage: 1,
  advantage_source: "group",
  seed: 7,
  prompt: "What is 12 × 8?",
  ground_truth: "96",
  positions: [
    position("restate", ["12 × 8", "8 × 12", "12 times 8"], BEFORE[0], 1),
    position("final answer", [" 96", " 86", " 106"], BEFORE[1], 0),
  ],
  chosen: [1, 0],
  response: "8 × 12 96",
  reward: 1,
  reward_reason: "'96' after 'answer is' equals '96'",
  probabilities_before: BEFORE,
  probabilities_after: AFTER,
  logits_after: [
    [0, 0, 0],
    [0, 0, 0],
  ],
  deltas_pp: deltas(BEFORE, AFTER),
  effective_advantage: 0.577,
  group_rewards: [1, 1, 1, 0],
  group_mean: 0.75,
  group_std: 0.433,
  group_advantage: 0.577,
  response_probability_before: 0.15,
  response_probability_after: 0.273,
  rollout_index: 0,
  updates_applied: 0,
  update_note: "",
});

// An aria-label is read only on an element with a role (its own or a native one): on a plain
// div, span, p or pre a screen reader skips it.
const unreadLabels = (el) =>
  [
    ...el.querySelectorAll("div[aria-label], span[aria-label], p[aria-label], pre[aria-label]"),
  ].filter((e) => !e.getAttribute("role"));

describe("TokenUpdate view", () => {
  it("draws one column per position with a before/after bar pair per candidate", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-token-update")).toBe(true);
    const cols = el.querySelectorAll(".r1w-token-update-col");
    expect(cols.length).toBe(2);
    expect(cols[0].querySelectorAll(".r1w-token-update-cand").length).toBe(3);
    expect(el.querySelectorAll(".r1w-token-update-bar").length).toBe(12);
    const chosen = el.querySelectorAll(".r1w-token-update-chosen");
    expect(chosen.length).toBe(2);
    expect(chosen[0].textContent).toContain("8 × 12");
    expect(chosen[0].textContent).toContain("▲ chosen");
    expect(chosen[0].querySelector(".r1w-token-update-delta").textContent).toBe("↑ +9.0 pp");
    expect(chosen[0].querySelector(".r1w-token-update-up")).not.toBeNull();
    expect(cols[0].querySelectorAll(".r1w-token-update-delta")[0].textContent).toBe("↓ −5.0 pp");
    expect(chosen[1].querySelector(".r1w-token-update-after").style.width).toBe("70.00%");
    expect(el.querySelector(".r1w-token-update-response").textContent).toBe("8 × 12 96");
    expect(el.querySelector(".r1w-token-update-reward .r1w-stat-value").textContent).toBe(
      "1 (final answer correct)",
    );
    expect(el.querySelector(".r1w-token-update-advantage .r1w-stat-value").textContent).toBe(
      "+0.577",
    );
  });

  it("starts on the group rule: the hand slider is off and no override is flagged", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const source = el.querySelector('select[data-name="advantage_source"]');
    expect(source.value).toBe("group");
    expect(source.options[0].value).toBe("group");
    expect(el.querySelector('input[data-name="advantage"]').disabled).toBe(true);
    expect(el.querySelector(".r1w-token-update-override").hidden).toBe(true);
    // the disabled slider's hint names the select and an option it really has
    const hint = el.querySelector('input[data-name="advantage"]').title;
    const quoted = [...hint.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
    expect(quoted.length).toBe(2);
    expect(el.querySelector(`label[for="${source.id}"]`).textContent).toContain(quoted[0]);
    expect([...source.options].map((o) => o.textContent)).toContain(quoted[1]);
    expect(el.querySelector(".r1w-token-update-group").textContent).toContain(
      "A = (reward − mean) / std = +0.577",
    );
  });

  it("writes the sliders and the source select back, and flags a hand-set A as overriding the reward", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    fire(el.querySelector('select[data-name="advantage_source"]'), "hand", "change");
    fire(el.querySelector('input[data-name="advantage"]'), -1.5);
    const lr = el.querySelector('input[data-name="learning_rate"]');
    const values = lr.dataset.values.split(",").map(Number);
    expect(values).toContain(1);
    fire(lr, values.indexOf(0.5));
    expect(model.saved).toEqual([
      { advantage_source: "hand" },
      { advantage: -1.5 },
      { learning_rate: 0.5 },
    ]);
    await flush();
    expect(el.querySelector('input[data-name="advantage"]').disabled).toBe(false);
    const flag = el.querySelector(".r1w-token-update-override");
    expect(flag.hidden).toBe(false);
    expect(flag.textContent).toContain("overrides the reward");
    // a wrong answer with a positive hand-set A: the flag says it is being pushed up
    model.kernelUpdate({ reward: 0, advantage: 1, group_advantage: -1 });
    await flush();
    expect(flag.textContent).toContain(
      "this response is wrong, yet A > 0 pushes every one of its tokens up",
    );
    expect(flag.textContent).toContain("A = −1.000");
    expect(flag.classList.contains("r1w-token-update-warn")).toBe(true);
    expect(el.querySelector(".r1w-token-update-group").textContent).toContain("−1.000");
  });

  it("never builds more columns or cells than its caps, whatever list arrives", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const many = Array.from({ length: 300 }, (_, i) =>
      position(
        `p${i}`,
        Array.from({ length: 40 }, (_, j) => `t${j}`),
        [1],
        0,
      ),
    );
    model.kernelUpdate({ positions: many });
    await flush();
    const cols = el.querySelectorAll(".r1w-token-update-col");
    expect(cols.length).toBeLessThanOrEqual(12);
    expect(cols[0].querySelectorAll(".r1w-token-update-cand").length).toBeLessThanOrEqual(6);
    expect(el.querySelectorAll(".r1w-token-update-tok").length).toBeLessThanOrEqual(12);
  });

  it("sends the three actions from its buttons", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const buttons = [...el.querySelectorAll("button")];
    const names = buttons.map((b) => b.textContent);
    expect(names).toEqual(["New rollout", "Apply update", "Reset"]);
    for (const b of buttons) b.click();
    expect(model.sent).toEqual([
      { action: "new_rollout" },
      { action: "apply_update" },
      { action: "reset" },
    ]);
  });

  it("redraws when the kernel sends a new step", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const cellBefore = el.querySelector(".r1w-token-update-chosen");
    // A slider's step: only the after values change, and the cells on screen are updated in place.
    const after = [[0.55, 0.21, 0.24], AFTER[1]];
    model.kernelUpdate({
      probabilities_after: after,
      deltas_pp: deltas(BEFORE, after),
      reward: 0,
      effective_advantage: -1,
      group_advantage: -1,
      updates_applied: 2,
    });
    await flush();
    const chosen = el.querySelector(".r1w-token-update-chosen");
    expect(chosen).toBe(cellBefore);
    expect(chosen.querySelector(".r1w-token-update-delta").textContent).toBe("↓ −9.0 pp");
    expect(chosen.querySelector(".r1w-token-update-down")).not.toBeNull();
    expect(chosen.querySelector(".r1w-token-update-up")).toBeNull();
    expect(chosen.querySelector(".r1w-token-update-after").style.width).toBe("21.00%");
    expect(chosen.getAttribute("aria-label")).toBe(
      "8 × 12 (chosen): 30.0% now, 21.0% after the next update, −9.0 percentage points",
    );
    expect(el.querySelector(".r1w-token-update-reward .r1w-stat-value").textContent).toBe(
      "0 (final answer wrong)",
    );
    expect(el.querySelector(".r1w-token-update-advantage .r1w-stat-value").textContent).toBe(
      "−1.000",
    );
  });

  it("labels the after bars as a preview of the next Apply, not a step already taken", () => {
    const { el } = mount(view, new FakeModel(state()));
    const legend = el.querySelector(".r1w-legend").textContent;
    expect(legend).toContain("now");
    expect(legend).toContain("after the next Apply update");
    expect(legend).not.toContain("after the step");
    const heading = [...el.querySelectorAll(".r1w-label")].map((l) => l.textContent).join(" ");
    expect(heading).toContain("now and after the next Apply update");
    expect(el.querySelector(".r1w-token-update-resp-prob .r1w-stat-label").textContent).toContain(
      "now → after the next Apply update",
    );
  });

  it("says when Apply would change nothing (A = 0), in the kernel's words", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const note = el.querySelector(".r1w-token-update-update-note");
    expect(note.getAttribute("role")).toBe("status");
    expect(note.hidden).toBe(true);
    model.kernelUpdate({ update_note: "A = 0: this update changes nothing." });
    await flush();
    expect(note.hidden).toBe(false);
    expect(note.textContent).toContain("A = 0: this update changes nothing.");
    model.kernelUpdate({ update_note: "" });
    await flush();
    expect(note.hidden).toBe(true);
  });

  it("shows a vanishing π(response) in scientific notation, never as 0.000%", async () => {
    expect(tinyPct(0.15)).toBe("15.000%");
    expect(tinyPct(0.00024223)).toBe("0.024%");
    expect(tinyPct(1.781335e-6)).toBe("1.8×10⁻⁴ %");
    expect(tinyPct(4.993e-10)).toBe("5.0×10⁻⁸ %");
    expect(tinyPct(8.139e-193)).toBe("8.1×10⁻¹⁹¹ %");
    expect(tinyPct(0)).toBe("< 10⁻³⁰⁰ %");
    expect(tinyPct(Number.NaN)).toBe("–");
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      response_probability_before: 1.781335e-6,
      response_probability_after: 4.993e-10,
    });
    await flush();
    const shown = el.querySelector(".r1w-token-update-resp-prob .r1w-stat-value").textContent;
    expect(shown).toBe("1.8×10⁻⁴ % → 5.0×10⁻⁸ %");
    expect(shown).not.toContain("0.000%");
  });

  it("shows hostile strings as text and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    const evil = "<img src=x onerror=alert(1)>";
    const s = state();
    s.positions[0].candidates = [evil, "b", "c"];
    s.positions[0].chosen = 0;
    model.kernelUpdate({ positions: s.positions, reward_reason: evil, error: evil });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-token-update-response").textContent).toContain(evil);
    expect(el.querySelector(".r1w-token-update-reason").textContent).toContain(evil);
    expect(el.querySelector(".r1w-error").textContent).toContain(evil);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("names each candidate's numbers and the response where a screen reader reads them", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(unreadLabels(el)).toEqual([]);
    const cands = [...el.querySelectorAll(".r1w-token-update-cand")];
    expect(cands.length).toBe(6);
    expect(cands.every((c) => c.getAttribute("role") === "group")).toBe(true);
    expect(cands[1].getAttribute("aria-label")).toMatch(
      /^8 × 12 \(chosen\): 30\.0% now, 39\.0% after the next update/,
    );
    expect(el.querySelector(".r1w-token-update-response").getAttribute("role")).toBe("group");
  });
});
