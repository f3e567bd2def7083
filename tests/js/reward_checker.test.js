import { describe, expect, it } from "vitest";
import view from "../../js/chapters/reward_checker.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const RESPONSE = "<think>\n3x = 15, so x = 5.\n</think>\n<answer>\n5\n</answer>";
const HOSTILE = "<img src=x onerror=alert(1)>";
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

const state = () => ({
  question: "If 3x + 7 = 22, what is x?",
  ground_truth: "5",
  response: RESPONSE,
  target_language: "en",
  strict_format: false,
  format_reward: 1,
  accuracy_reward: 1,
  language_reward: 1,
  total_reward: 3,
  extracted_answer: "5",
  answer_span: [RESPONSE.indexOf("\n5\n") + 1, RESPONSE.indexOf("\n5\n") + 2],
  reasons: { format: "matches the template", accuracy: "'5' equals '5'", language: "5 of 5 words" },
  samples: [
    { label: "Correct", response: RESPONSE },
    { label: "No tags", response: "The answer is 5." },
    { label: "Hostile text", response: HOSTILE },
  ],
});

const statValue = (el, key) => el.querySelector(`.r1w-reward-checker-${key} .r1w-stat-value`).textContent;

describe("RewardChecker view", () => {
  it("renders its controls, the four rewards and the three reasons", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector('input[data-name="question"]').value).toBe("If 3x + 7 = 22, what is x?");
    expect(el.querySelector('input[data-name="ground_truth"]').value).toBe("5");
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(RESPONSE);
    expect(el.querySelector('select[data-name="target_language"]').value).toBe("en");
    expect(el.querySelector('input[type="checkbox"][data-name="strict_format"]').checked).toBe(false);
    expect(el.querySelectorAll(".r1w-reward-checker-samples button").length).toBe(3);
    expect(statValue(el, "format")).toBe("1.00");
    expect(statValue(el, "total")).toBe("3.00");
    const reasons = [...el.querySelectorAll(".r1w-reward-checker-reason")].map((x) => x.textContent);
    expect(reasons).toEqual(["Format: matches the template", "Accuracy: '5' equals '5'", "Language: 5 of 5 words"]);
    for (const label of el.querySelectorAll("label")) expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
  });

  it("marks the extracted answer inside the response, as text", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const shown = el.querySelector(".r1w-reward-checker-shown");
    expect(shown.textContent).toBe(RESPONSE);
    expect(shown.querySelectorAll("mark").length).toBe(1);
    expect(shown.querySelector("mark").textContent).toBe("5");
    expect(el.querySelector(".r1w-reward-checker-answer").textContent).toBe("Extracted answer: 5");
  });

  it("writes text inputs, the language and the strict toggle back", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    fire(el.querySelector('input[data-name="ground_truth"]'), "6");
    fire(el.querySelector('textarea[data-name="response"]'), "x = 6");
    await wait(200); // the text fields write after a pause in typing
    fire(el.querySelector('select[data-name="target_language"]'), "zh", "change");
    const box = el.querySelector('input[data-name="strict_format"]');
    box.click();
    expect(model.saved).toEqual([{ ground_truth: "6" }, { response: "x = 6" }, { target_language: "zh" }, { strict_format: true }]);
  });

  it("loads a sample into the response with one click", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const buttons = [...el.querySelectorAll(".r1w-reward-checker-samples button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["Correct", "No tags", "Hostile text"]);
    buttons[1].click();
    expect(model.saved.at(-1)).toEqual({ response: "The answer is 5." });
  });

  it("redraws on a kernel update, and marks nothing while the score is stale", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ response: "The answer is 6." });
    await flush();
    const shown = el.querySelector(".r1w-reward-checker-shown");
    expect(shown.textContent).toBe("The answer is 6.");
    expect(shown.querySelector("mark")).toBeNull(); // old span, new text: no wrong mark
    model.kernelUpdate({
      accuracy_reward: 0,
      format_reward: 0,
      total_reward: 1,
      extracted_answer: "6",
      answer_span: [14, 15],
      reasons: { format: "no <think> tag", accuracy: "'6' does not equal '5'", language: "4 of 4 words" },
    });
    await flush();
    expect(shown.querySelector("mark").textContent).toBe("6");
    expect(statValue(el, "accuracy")).toBe("0.00");
    expect(el.querySelector(".r1w-reward-checker-accuracy .r1w-stat-value").classList.contains("r1w-bad")).toBe(true);
    expect(el.querySelector(".r1w-reward-checker-reason-format").textContent).toBe("Format: no <think> tag");
  });

  it("shows hostile strings literally and creates no elements from them", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    el.querySelector(".r1w-reward-checker-samples button:last-child").click();
    model.kernelUpdate({ extracted_answer: "", answer_span: [], reasons: { format: HOSTILE, accuracy: HOSTILE, language: HOSTILE } });
    await flush();
    expect(el.querySelector(".r1w-reward-checker-shown").textContent).toBe(HOSTILE);
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-checker-reason-accuracy").textContent).toContain(HOSTILE);
    expect(el.querySelector("img")).toBeNull();

    // the same text as the extracted answer, inside the <mark>
    const text = `<answer>${HOSTILE}</answer>`;
    model.kernelUpdate({ response: text, extracted_answer: HOSTILE, answer_span: [8, 8 + HOSTILE.length] });
    model.kernelUpdate({ question: HOSTILE, ground_truth: HOSTILE, error: `response refused: ${HOSTILE}` });
    await flush();
    expect(el.querySelector("mark").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-checker-answer").textContent).toBe(`Extracted answer: ${HOSTILE}`);
    expect(el.querySelector(".r1w-error").textContent).toContain(HOSTILE);
    expect(el.querySelector('input[data-name="question"]').value).toBe(HOSTILE);
    expect(el.querySelector("img")).toBeNull();
  });

  it("removes every listener on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
