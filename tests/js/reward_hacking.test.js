import { describe, expect, it } from "vitest";
import view from "../../js/chapters/reward_hacking.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const NAMES = ["step_markers", "confident_words", "verification", "question_echoes", "length", "hedging", "negation"];
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

const state = () => ({
  exploits: [],
  base: "wrong",
  response: "<think>\n7919 = 13 * 609, not prime.\n</think>\n<answer>\nno\n</answer>",
  question: "Is 7919 prime?",
  ground_truth: "yes",
  edited: false,
  feature_names: NAMES,
  feature_meanings: Object.fromEntries(NAMES.map((n) => [n, `meaning of ${n}`])),
  features: { step_markers: 0, confident_words: 0, verification: 0, question_echoes: 0, length: 2.5, hedging: 0, negation: 10 },
  prm_weights: { step_markers: 0.9, confident_words: 0.25, verification: 1.1, question_echoes: 0.8, length: 0.35, hedging: 0.6, negation: -0.12 },
  prm_bias: -2.5,
  prm_contributions: { step_markers: 0, confident_words: 0, verification: 0, question_echoes: 0, length: 0.875, hedging: 0, negation: -1.2 },
  prm_logit: -2.825,
  prm_score: 0.056,
  rule_reward: 0,
  format_reward: 1,
  extracted_answer: "no",
  rule_reasons: { accuracy: "'no' from the answer block does not equal 'yes'", format: "matches the template" },
});

const box = (el, name) => el.querySelector(`input[type="checkbox"][data-name="exploits.${name}"]`);

describe("RewardHacking view", () => {
  it("renders five exploit switches, the base select, the response and both scores", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-reward-hacking")).toBe(true);
    expect(el.querySelectorAll(".r1w-reward-hacking-exploits input[type=checkbox]").length).toBe(5);
    expect(box(el, "padding_steps").checked).toBe(false);
    expect(el.querySelector('select[data-name="base"]').value).toBe("wrong");
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(state().response);
    expect(el.querySelector(".r1w-reward-hacking-prm .r1w-reward-hacking-value").textContent).toBe("PRM score 0.056");
    expect(el.querySelector(".r1w-reward-hacking-prm").textContent).toContain("learned PRM (illustrative model)");
    expect(el.querySelector(".r1w-reward-hacking-rule .r1w-reward-hacking-value").textContent).toBe("Rule reward 0");
    expect(el.querySelector(".r1w-reward-hacking-question").textContent).toContain("Is 7919 prime?");
    // bias + seven features, signed: the negation bar points down
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-bar").length).toBe(8);
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-neg").length).toBe(1);
    expect(el.querySelectorAll("tbody tr").length).toBe(8);
    for (const label of el.querySelectorAll("label")) expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
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
      prm_score: 0.375,
      prm_logit: -0.51,
      edited: true,
      rule_reward: 1,
      prm_contributions: { ...state().prm_contributions, hedging: 0.9 },
    });
    await flush();
    expect(box(el, "hedge_both").checked).toBe(true);
    expect(el.querySelector(".r1w-reward-hacking-prm .r1w-reward-hacking-value").textContent).toBe("PRM score 0.375");
    expect(el.querySelector(".r1w-reward-hacking-prm [role=meter]").getAttribute("aria-valuenow")).toBe("0.375");
    expect(el.querySelector(".r1w-reward-hacking-rule .r1w-reward-hacking-value").textContent).toBe("Rule reward 1");
    expect(el.querySelector(".r1w-reward-hacking-edited").hidden).toBe(false);
    expect(el.querySelectorAll(".r1w-reward-hacking-chart rect.r1w-pos").length).toBe(2);
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ response: HOSTILE, extracted_answer: HOSTILE, rule_reasons: { accuracy: HOSTILE, format: HOSTILE }, question: HOSTILE });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-hacking-rule").textContent).toContain(HOSTILE);
    expect(el.querySelector(".r1w-reward-hacking-question").textContent).toContain(HOSTILE);
  });

  it("survives missing or non-finite numbers and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({ prm_score: Number.NaN, prm_contributions: {}, features: {} });
    await flush();
    expect(el.querySelector(".r1w-reward-hacking-prm .r1w-reward-hacking-value").textContent).toBe("PRM score –");
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
