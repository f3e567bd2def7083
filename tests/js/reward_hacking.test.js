import { describe, expect, it } from "vitest";
import view from "../../js/chapters/reward_hacking.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const NAMES = [
  "step_markers",
  "confident_words",
  "verification",
  "question_echoes",
  "length",
  "hedging",
  "negation",
];
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

const state = () => ({
  exploits: [],
  base: "wrong",
  response: "<think>\n7919 = 13 * 609, not prime.\n</think>\n<answer>\nno\n</answer>",
  question: "Is 7919 prime?",
  ground_truth: "yes",
  edited: false,
  feature_names: NAMES,
  feature_labels: {
    step_markers: "steps",
    confident_words: "confident",
    verification: "checks",
    question_echoes: "echoes",
    length: "length",
    hedging: "hedges",
    negation: "negations",
  },
  feature_meanings: Object.fromEntries(NAMES.map((n) => [n, `meaning of ${n}`])),
  features: {
    step_markers: 0,
    confident_words: 0,
    verification: 0,
    question_echoes: 0,
    length: 2.5,
    hedging: 0,
    negation: 10,
  },
  reward_model_weights: {
    step_markers: 0.9,
    confident_words: 0.25,
    verification: 1.1,
    question_echoes: 0.8,
    length: 0.35,
    hedging: 0.6,
    negation: -0.12,
  },
  reward_model_bias: -2.5,
  reward_model_contributions: {
    step_markers: 0,
    confident_words: 0,
    verification: 0,
    question_echoes: 0,
    length: 0.875,
    hedging: 0,
    negation: -1.2,
  },
  reward_model_logit: -2.825,
  reward_model_score: 0.056,
  accuracy_reward: 0,
  format_reward: 1,
  extracted_answer: "no",
  rule_reasons: {
    accuracy: "'no' from the answer block does not equal 'yes'",
    format: "matches the template",
  },
});

const box = (el, name) => el.querySelector(`input[type="checkbox"][data-name="exploits.${name}"]`);

// An aria-label is read only on an element with a role (its own or a native one): on a plain
// div, span, p or pre a screen reader skips it.
const unreadLabels = (el) =>
  [
    ...el.querySelectorAll("div[aria-label], span[aria-label], p[aria-label], pre[aria-label]"),
  ].filter((e) => !e.getAttribute("role"));

describe("RewardHacking view", () => {
  it("renders five exploit switches, the base select, the response and both scores", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-reward-hacking")).toBe(true);
    expect(el.querySelectorAll(".r1w-reward-hacking-exploits input[type=checkbox]").length).toBe(5);
    expect(box(el, "padding_steps").checked).toBe(false);
    expect(el.querySelector('select[data-name="base"]').value).toBe("wrong");
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(state().response);
    expect(
      el.querySelector(".r1w-reward-hacking-model .r1w-reward-hacking-value").textContent,
    ).toBe("Score 0.056");
    expect(el.querySelector(".r1w-reward-hacking-model").textContent).toContain(
      "Toy outcome reward model (illustrative)",
    );
    expect(el.querySelector(".r1w-reward-hacking-rule .r1w-reward-hacking-value").textContent).toBe(
      "Accuracy reward 0 ✗ not earned",
    ); // a word with the colour
    expect(el.querySelector(".r1w-reward-hacking-rule").textContent).toContain(
      "Accuracy reward (rule-based",
    );
    expect(el.querySelector(".r1w-reward-hacking-rule").textContent).toContain(
      "format reward (rule-based, 0 or 1): 1",
    );
    expect(el.querySelector(".r1w-reward-hacking-question").textContent).toContain(
      "Is 7919 prime?",
    );
    // bias + seven features, signed: the negation bar points down
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-bar").length).toBe(8);
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-neg").length).toBe(1);
    expect(el.querySelectorAll("tbody tr").length).toBe(8);
    // the wide table scrolls inside a named, focusable region
    const region = el.querySelector(".r1w-scroll");
    expect(region.getAttribute("role")).toBe("region");
    expect(region.getAttribute("tabindex")).toBe("0");
    expect(region.getAttribute("aria-label")).toMatch(/reward model/);
    expect(region.querySelector("table")).not.toBeNull();
    for (const label of el.querySelectorAll("label"))
      expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
  });

  it("writes exploits, base and response back", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    box(el, "fake_verification").click();
    expect(model.saved.at(-1)).toEqual({ exploits: ["fake_verification"] });
    box(el, "padding_steps").click();
    expect(model.saved.at(-1)).toEqual({ exploits: ["fake_verification", "padding_steps"] });
    box(el, "fake_verification").click();
    expect(model.saved.at(-1)).toEqual({ exploits: ["padding_steps"] });
    fire(el.querySelector('select[data-name="base"]'), "correct", "change");
    expect(model.saved.at(-1)).toEqual({ base: "correct" });
    fire(el.querySelector('textarea[data-name="response"]'), "Step 1: yes");
    await wait(200);
    expect(model.saved.at(-1)).toEqual({ response: "Step 1: yes" });
  });

  it("redraws on a kernel update", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      exploits: ["hedge_both"],
      reward_model_score: 0.375,
      reward_model_logit: -0.51,
      edited: true,
      accuracy_reward: 1,
      reward_model_contributions: { ...state().reward_model_contributions, hedging: 0.9 },
    });
    await flush();
    expect(box(el, "hedge_both").checked).toBe(true);
    expect(
      el.querySelector(".r1w-reward-hacking-model .r1w-reward-hacking-value").textContent,
    ).toBe("Score 0.375");
    expect(
      el.querySelector(".r1w-reward-hacking-model [role=meter]").getAttribute("aria-valuenow"),
    ).toBe("0.375");
    expect(el.querySelector(".r1w-reward-hacking-rule .r1w-reward-hacking-value").textContent).toBe(
      "Accuracy reward 1 ✓ earned",
    );
    expect(el.querySelector(".r1w-reward-hacking-status-text").textContent).toMatch(
      /^Your own text \(edited\)/,
    );
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-pos").length).toBe(2);
  });

  it("names the model an outcome reward model, explains a PRM and gives the paper's three objections", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const text = el.textContent;
    expect(text).toContain("outcome reward model");
    expect(text).toMatch(/process reward model \(PRM\) scores each intermediate step/);
    expect(text).not.toMatch(/learned PRM|PRM score/);
    const objections = [...el.querySelectorAll(".r1w-reward-hacking-objections li")].map(
      (li) => li.textContent,
    );
    expect(objections.length).toBe(3);
    expect(objections[0]).toMatch(/fine-grained steps/);
    expect(objections[1]).toMatch(/model.*people|people.*model/);
    expect(objections[2]).toMatch(/reward hacking.*retrain|retrain.*reward hacking/);
    // the paper says it of a model-based PRM, not of every model-based reward
    expect(objections[2]).toMatch(/model-based PRM/);
    expect(objections[2]).not.toMatch(/any model-based reward/i);
    expect(text).toContain("none makes a wrong answer right");
  });

  it("uses one name for the toy model and says once that its weights are hand-set", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const text = el.textContent;
    expect(text).not.toMatch(/learned outcome reward model|learned-style|learned model/i);
    const names = text.match(/toy outcome reward model/gi) || [];
    expect(names.length).toBeGreaterThanOrEqual(3); // gauge, note, chart label
    const notes = [...el.querySelectorAll(".r1w-note")].filter((n) => /hand/.test(n.textContent));
    expect(notes.length).toBe(1);
    expect(notes[0].textContent).toMatch(/stands in for a learned one/);
    expect(notes[0].textContent).toMatch(/by hand/);
    expect(notes[0].textContent).toMatch(/illustrative/);
  });

  it("shows the chart's words in the table, never the code names", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const chartWords = [...el.querySelectorAll(".r1w-reward-hacking-chart text.r1w-tick")]
      .map((t) => t.textContent)
      .filter((t) => /[a-z]/.test(t));
    const rowWords = [
      ...el.querySelectorAll("tbody tr td:first-child .r1w-reward-hacking-word"),
    ].map((td) => td.textContent);
    expect(rowWords).toEqual([
      "bias",
      "steps",
      "confident",
      "checks",
      "echoes",
      "length",
      "hedges",
      "negations",
    ]);
    expect(chartWords).toEqual(rowWords);
  });

  it("locks the switches while the text is the learner's own, and offers the way back", async () => {
    const model = new FakeModel({ ...state(), exploits: ["padding_steps", "hedge_both"] });
    const { el } = mount(view, model);
    const status = el.querySelector(".r1w-reward-hacking-status-text");
    const back = el.querySelector("button.r1w-reward-hacking-back");
    const switches = [...el.querySelectorAll(".r1w-reward-hacking-exploits input[type=checkbox]")];
    const base = el.querySelector('select[data-name="base"]');
    expect(status.getAttribute("role")).toBe("status");
    expect(status.textContent).toMatch(/^The composed answer/);
    expect(back.hidden).toBe(true);
    expect(switches.every((b) => !b.disabled) && !base.disabled).toBe(true);
    expect(box(el, "padding_steps").checked).toBe(true);

    // the kernel's answer to a hand edit: edited, every switch cleared
    model.kernelUpdate({ response: "my own answer", edited: true, exploits: [] });
    await flush();
    expect(switches.every((b) => b.disabled && !b.checked)).toBe(true);
    expect(base.disabled).toBe(true);
    expect(status.textContent).toMatch(/^Your own text \(edited\)/);
    expect(status.textContent).toMatch(/switches are off and locked/);
    expect(back.hidden).toBe(false);
    expect(back.textContent).toBe("Back to the composed answer");
    back.focus();
    back.click();
    expect(model.sent).toEqual([{ action: "recompose" }]);
    expect(model.saved).toEqual([]); // the view itself rewrites nothing

    model.kernelUpdate({ response: state().response, edited: false });
    await flush();
    expect(switches.every((b) => !b.disabled) && !base.disabled).toBe(true);
    expect(back.hidden).toBe(true);
    expect(document.activeElement).toBe(switches[0]); // focus stays in the chapter
    expect(status.textContent).toMatch(/^The composed answer/);
  });

  it("lays the feature table out in four columns, the meaning under each word", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const heads = [...el.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(heads).toEqual(["Feature (what it measures)", "Value", "Weight", "Contribution to z"]);
    for (const tr of el.querySelectorAll("tbody tr")) expect(tr.children.length).toBe(4);
    const steps = el.querySelectorAll("tbody tr")[1];
    expect(steps.querySelector(".r1w-reward-hacking-word").textContent).toBe("steps");
    expect(steps.querySelector(".r1w-reward-hacking-meaning").textContent).toBe(
      "meaning of step_markers",
    );
    expect(steps.lastElementChild.textContent).toBe("0.000");
  });

  it("never builds more bars or rows than its bound", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ feature_names: Array.from({ length: 1000 }, (_, i) => `f${i}`) });
    await flush();
    expect(el.querySelectorAll("tbody tr").length).toBeLessThanOrEqual(17);
    expect(
      el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-bar").length,
    ).toBeLessThanOrEqual(17);
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      response: HOSTILE,
      extracted_answer: HOSTILE,
      rule_reasons: { accuracy: HOSTILE, format: HOSTILE },
      question: HOSTILE,
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-hacking-rule").textContent).toContain(HOSTILE);
    expect(el.querySelector(".r1w-reward-hacking-question").textContent).toContain(HOSTILE);
  });

  it("survives missing or non-finite numbers and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      reward_model_score: Number.NaN,
      reward_model_contributions: {},
      features: {},
    });
    await flush();
    expect(
      el.querySelector(".r1w-reward-hacking-model .r1w-reward-hacking-value").textContent,
    ).toBe("Score –");
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("says each bar's contribution in words, in the chart's own words", () => {
    const { el } = mount(view, new FakeModel(state()));
    const svg = el.querySelector(".r1w-reward-hacking-chart svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe(
      "Contribution of each feature to the toy outcome reward model's logit, in logit units: bias −2.50, steps 0.00, " +
        "confident 0.00, checks 0.00, echoes 0.00, length +0.88, hedges 0.00, negations −1.20",
    );
    expect(unreadLabels(el)).toEqual([]);
  });
});
