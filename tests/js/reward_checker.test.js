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
  language_scored: true,
  total_reward: 3,
  max_total_reward: 3,
  extracted_answer: "5",
  answer_span: [RESPONSE.indexOf("\n5\n") + 1, RESPONSE.indexOf("\n5\n") + 2],
  reasons: { format: "matches the template", accuracy: "'5' equals '5'", language: "5 of 5 words" },
  samples: [
    { label: "Correct", response: RESPONSE },
    { label: "No tags", response: "The answer is 5." },
  ],
  sample_label: "Correct",
});

const statValue = (el, key) =>
  el.querySelector(`.r1w-reward-checker-${key} .r1w-stat-value`).textContent;
const statLabel = (el, key) =>
  el.querySelector(`.r1w-reward-checker-${key} .r1w-stat-label`).textContent;
const examples = (el) => el.querySelector("select.r1w-reward-checker-samples");

// An aria-label is read only on an element with a role (its own or a native one): on a plain
// div, span, p or pre a screen reader skips it.
const unreadLabels = (el) =>
  [
    ...el.querySelectorAll("div[aria-label], span[aria-label], p[aria-label], pre[aria-label]"),
  ].filter((e) => !e.getAttribute("role"));

describe("RewardChecker view", () => {
  it("renders its controls, the four rewards and the three reasons", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector('input[data-name="question"]').value).toBe(
      "If 3x + 7 = 22, what is x?",
    );
    expect(el.querySelector('input[data-name="ground_truth"]').value).toBe("5");
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(RESPONSE);
    expect(el.querySelector('select[data-name="target_language"]').value).toBe("en");
    expect(el.querySelector('input[type="checkbox"][data-name="strict_format"]').checked).toBe(
      false,
    );
    expect(statValue(el, "format")).toBe("1.00 ✓ earned");
    expect(statValue(el, "total")).toBe("3.00");
    expect(statLabel(el, "total")).toBe("Rule-based total (out of 3)");
    const reasons = [...el.querySelectorAll(".r1w-reward-checker-reason")].map(
      (x) => x.textContent,
    );
    expect(reasons).toEqual([
      "Format: matches the template",
      "Accuracy: '5' equals '5'",
      "Language consistency: 5 of 5 words",
    ]);
    for (const label of el.querySelectorAll("label"))
      expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
  });

  it("says the scale is ours, the question scores nothing, and the strict template is open-r1's", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector(".r1w-reward-checker-scale").textContent).toMatch(
      /scale is ours.*no sizes/,
    );
    const hint = el.querySelector(".r1w-reward-checker-hint");
    expect(hint.textContent).toContain("changes no score");
    expect(el.querySelector('input[data-name="question"]').getAttribute("aria-describedby")).toBe(
      hint.id,
    );
    const strict = el.querySelector('input[data-name="strict_format"]');
    expect(el.querySelector(`label[for="${strict.id}"]`).textContent).toContain("open-r1");
    // open-r1 explained where it first appears, and tied to the checkbox
    expect(el.textContent.indexOf("open-r1")).toBe(
      el.textContent.indexOf("Strict template (open-r1") + "Strict template (".length,
    );
    const strictHint = document.getElementById(strict.getAttribute("aria-describedby"));
    expect(strictHint.textContent).toMatch(
      /^open-r1 is Hugging Face's open reproduction of R1's training recipe/,
    );
    expect(el.textContent).not.toMatch(/R1-Zero's strict|strict R1-Zero/);
    expect(el.textContent).toContain("chain of thought");
  });

  it("credits the papers only with what they state and names our own choices", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const scale = el.querySelector(".r1w-reward-checker-scale").textContent;
    // same weight for accuracy + format only; the language reward is added directly, weight unstated
    expect(scale).toMatch(/accuracy and format rewards with the same weight/);
    expect(scale).toMatch(/language reward directly/);
    expect(scale).toMatch(/no weight for the language reward/);
    expect(el.textContent).not.toMatch(/equal weight/);
    const choices = [...el.querySelectorAll(".r1w-reward-checker-choices li")].map(
      (li) => li.textContent,
    );
    expect(choices.length).toBe(3);
    // the format reward: the papers name only <think>…</think>; the <answer> block and the template are ours
    expect(el.textContent).toMatch(/between <think> and <\/think>; the papers say no more/);
    expect(choices[0]).toMatch(/also asks for the <answer>…<\/answer> block/);
    expect(choices[0]).toMatch(
      /do not say which template R1's format reward checked after its cold start/,
    );
    expect(choices[0]).toMatch(/R1-Zero's template, and uses that template in every setting/);
    // the accuracy reward: a box in the paper; "answer is" / "answer:" is our leniency
    expect(choices[1]).toMatch(/specified format, such as a box/);
    expect(choices[1]).toMatch(/"answer is" or "answer:", a leniency of ours/);
    expect(choices[2]).toMatch(/one-letter symbol such as x is not counted/);
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
    expect(model.saved).toEqual([
      { ground_truth: "6" },
      { response: "x = 6" },
      { target_language: "zh" },
      { strict_format: true },
    ]);
  });

  it("shows the loaded example as selected, loads another, and shows an edit as edited", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const list = examples(el);
    expect([...list.options].map((o) => o.textContent)).toEqual([
      "your own text (edited)",
      "Correct",
      "No tags",
    ]);
    expect(list.value).toBe("Correct");
    expect(el.querySelector(`label[for="${list.id}"]`).textContent).toBe("Example response");
    fire(list, "No tags", "change");
    expect(model.saved.at(-1)).toEqual({ response: "The answer is 5." });
    model.kernelUpdate({ sample_label: "No tags" });
    await flush();
    expect(list.value).toBe("No tags");
    model.kernelUpdate({ response: "The answer is 55.", sample_label: "" });
    await flush();
    expect(list.value).toBe("");
    expect(list.selectedOptions[0].textContent).toBe("your own text (edited)");
    expect(list.options[0].disabled).toBe(true); // a state to show, not an example to pick
  });

  it("colours the three rules alike, never by colour alone", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const value = (key) => el.querySelector(`.r1w-reward-checker-${key} .r1w-stat-value`);
    for (const key of ["format", "accuracy", "language"]) {
      expect(value(key).classList.contains("r1w-good")).toBe(true);
      expect(value(key).textContent).toMatch(/✓ earned$/);
    }
    model.kernelUpdate({
      format_reward: 0,
      accuracy_reward: 0,
      language_reward: 0,
      total_reward: 0,
    });
    await flush();
    for (const key of ["format", "accuracy", "language"]) {
      expect(value(key).classList.contains("r1w-bad")).toBe(true);
      expect(value(key).classList.contains("r1w-good")).toBe(false);
      expect(value(key).textContent).toBe("0.00 ✗ not earned");
    }
    model.kernelUpdate({ language_reward: 0.625 });
    await flush();
    expect(value("language").textContent).toBe("0.63 partial"); // a share: neither colour
    expect(value("language").className).toBe("r1w-stat-value");
    model.kernelUpdate({ language_scored: false, language_reward: 0 });
    await flush();
    expect(value("language").textContent).toBe("off (not scored)");
    expect(value("language").className).toBe("r1w-stat-value"); // off is no failure
    expect(value("total").textContent).toBe("0.00");
  });

  it("shows an empty response as (empty), not as a sliver", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ response: "", extracted_answer: "", answer_span: [] });
    await flush();
    const shown = el.querySelector(".r1w-reward-checker-shown");
    expect(shown.textContent).toBe("(empty)");
    expect(shown.querySelector(".r1w-reward-checker-empty")).not.toBeNull();
    expect(el.querySelector(".r1w-reward-checker-answer").textContent).toBe(
      "Extracted answer: none found",
    );
    model.kernelUpdate({ response: RESPONSE });
    await flush();
    expect(shown.textContent).toBe(RESPONSE);
  });

  it("counts characters near the box's limit and says when a paste was cut", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const area = el.querySelector('textarea[data-name="response"]');
    const limit = el.querySelector(".r1w-reward-checker-limit");
    expect(area.maxLength).toBe(100000);
    expect(area.getAttribute("aria-describedby")).toBe(limit.id);
    expect(limit.hidden).toBe(true);
    fire(area, "x".repeat(95000));
    expect(limit.hidden).toBe(false);
    expect(limit.textContent).toBe("95,000 of 100,000 characters (the most the box holds).");
    // a 126,000-character paste into an empty box: the browser keeps the first 100,000
    area.value = "";
    const paste = new Event("paste", { bubbles: true });
    Object.defineProperty(paste, "clipboardData", { value: { getData: () => "y".repeat(126000) } });
    area.setSelectionRange(0, 0);
    area.dispatchEvent(paste);
    fire(area, "y".repeat(100000));
    expect(limit.textContent).toMatch(
      /^Cut at 100,000 characters: the last 26,000 characters of your paste were dropped/,
    );
    expect(limit.textContent).toMatch(/a tag in the dropped part counts as missing/);
    expect(limit.getAttribute("role")).toBe("status");
    // the kernel's text is short again (an example loaded): the note goes
    await wait(200);
    model.kernelUpdate({ response: RESPONSE });
    await flush();
    expect(limit.hidden).toBe(true);
  });

  it("never builds more example options than its bound", () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ label: `s${i}`, response: `r${i}` }));
    const model = new FakeModel({ ...state(), samples: many });
    const { el } = mount(view, model);
    expect(examples(el).options.length).toBeLessThanOrEqual(21);
  });

  it("shows the language reward as off and the total out of 2 for R1-Zero", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      target_language: "none",
      language_reward: 0,
      language_scored: false,
      total_reward: 2,
      max_total_reward: 2,
      reasons: {
        ...state().reasons,
        language: "off: R1-Zero was trained without a language reward",
      },
    });
    await flush();
    expect(statValue(el, "language")).toBe("off (not scored)");
    expect(statLabel(el, "total")).toBe("Rule-based total (out of 2)");
    expect(statValue(el, "total")).toBe("2.00");
    model.kernelUpdate({
      target_language: "en",
      language_scored: true,
      language_reward: 0,
      max_total_reward: 3,
      total_reward: 2,
    });
    await flush();
    expect(statValue(el, "language")).toBe("0.00 ✗ not earned"); // scored, and zero: not "off"
    expect(statLabel(el, "total")).toBe("Rule-based total (out of 3)");
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
      reasons: {
        format: "no <think> tag",
        accuracy: "'6' does not equal '5'",
        language: "4 of 4 words",
      },
    });
    await flush();
    expect(shown.querySelector("mark").textContent).toBe("6");
    expect(statValue(el, "accuracy")).toBe("0.00 ✗ not earned");
    expect(
      el
        .querySelector(".r1w-reward-checker-accuracy .r1w-stat-value")
        .classList.contains("r1w-bad"),
    ).toBe(true);
    expect(el.querySelector(".r1w-reward-checker-reason-format").textContent).toBe(
      "Format: no <think> tag",
    );
  });

  it("shows hostile strings literally and creates no elements from them", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      response: HOSTILE,
      extracted_answer: "",
      answer_span: [],
      sample_label: "",
      reasons: { format: HOSTILE, accuracy: HOSTILE, language: HOSTILE },
      samples: [{ label: HOSTILE, response: HOSTILE }],
    });
    await flush();
    expect(el.querySelector(".r1w-reward-checker-shown").textContent).toBe(HOSTILE);
    expect(el.querySelector('textarea[data-name="response"]').value).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-checker-reason-accuracy").textContent).toContain(HOSTILE);
    expect([...examples(el).options].map((o) => o.textContent)).toContain(HOSTILE);
    expect(el.querySelector("img")).toBeNull();

    // the same text as the extracted answer, inside the <mark>
    const text = `<answer>${HOSTILE}</answer>`;
    model.kernelUpdate({
      response: text,
      extracted_answer: HOSTILE,
      answer_span: [8, 8 + HOSTILE.length],
    });
    model.kernelUpdate({
      question: HOSTILE,
      ground_truth: HOSTILE,
      error: `response refused: ${HOSTILE}`,
    });
    await flush();
    expect(el.querySelector("mark").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-reward-checker-answer").textContent).toBe(
      `Extracted answer: ${HOSTILE}`,
    );
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

  it("names what the checker read where a screen reader reads it", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(unreadLabels(el)).toEqual([]);
    const shown = el.querySelector(".r1w-reward-checker-shown");
    expect(shown.getAttribute("role")).toBe("group");
    expect(shown.getAttribute("aria-label")).toBe("Response with the extracted answer marked");
  });
});
