import { afterEach, describe, expect, it } from "vitest";
import view from "../../js/chapters/quiz.js";
import { FakeModel, mount, flush } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const BLANK = [-1, -1, -1, -1, -1, -1, -1, -1];

const questions = () =>
  Array.from({ length: 8 }, (_, q) => ({
    id: `q${q}`,
    number: q + 1,
    stem: `Stem of question ${q + 1}?`,
    options: [0, 1, 2, 3].map((k) => `Option ${k} of question ${q + 1}`),
  }));

const unanswered = () => ({
  answered: false,
  correct: null,
  chosen: -1,
  right_place: null,
  explanation: "",
  facts: [],
  revisit: null,
});

const state = () => ({
  title: "17 · Check yourself: eight questions on the paper",
  answers: BLANK,
  seed: 0,
  questions: questions(),
  results: BLANK.map(unanswered),
  score: 0,
  answered: 0,
  total: 8,
  sources: [
    { label: "R1-Zero KL coefficient β", text: "0.001", value: 0.001, source: "Nature, Methods" },
  ],
});

/** The kernel's answer to question 1 answered with `chosen`, the right place being 2. */
const judged = (chosen, revisit = { number: 11, title: "A leash", anchor: "r1w-ch11" }) => {
  const results = BLANK.map(unanswered);
  results[0] = {
    answered: true,
    correct: chosen === 2,
    chosen,
    right_place: 2,
    explanation: "Because the paper says so.",
    facts: [{ label: "β", text: "0.001", value: 0.001, source: "Nature, Methods" }],
    revisit,
  };
  return {
    answers: [chosen, ...BLANK.slice(1)],
    results,
    score: chosen === 2 ? 1 : 0,
    answered: 1,
  };
};

const radios = (el, q) => [...el.querySelectorAll(`input[type=radio][data-name="answers.${q}"]`)];
const checkButton = (el, q) => el.querySelector(`button[data-name="check.${q}"]`);

/** The walkthrough's caption for chapter 11, as it renders it. */
const caption = () => {
  const div = document.createElement("div");
  div.className = "r1w-caption";
  div.id = "r1w-ch11";
  const h2 = document.createElement("h2");
  h2.textContent = "11 · A leash";
  div.append(h2);
  document.body.prepend(div);
  return h2;
};

afterEach(() => {
  document.body.innerHTML = "";
});

describe("Quiz view", () => {
  it("renders eight native radio groups, each a fieldset with a legend", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(el.classList.contains("r1w-quiz")).toBe(true);
    const sets = el.querySelectorAll("fieldset.r1w-quiz-question");
    expect(sets.length).toBe(8);
    for (const [q, set] of [...sets].entries()) {
      expect(set.querySelector("legend").textContent).toBe(
        `Question ${q + 1} of 8. Stem of question ${q + 1}?`,
      );
      const group = radios(el, q);
      expect(group.length).toBe(4);
      expect(new Set(group.map((r) => r.name)).size).toBe(1); // one group per question
      for (const r of group) {
        expect(r.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
        expect(r.checked).toBe(false);
        const label = el.querySelector(`label[for="${r.id}"]`);
        expect(label).not.toBeNull();
      }
    }
    const names = new Set([...el.querySelectorAll("input[type=radio]")].map((r) => r.name));
    expect(names.size).toBe(8);
    expect(el.querySelector(`label[for="${radios(el, 0)[1].id}"]`).textContent).toBe(
      "B.Option 1 of question 1",
    );
    expect(el.querySelector(".r1w-quiz-score").textContent).toBe("0 of 8 right (0 answered)");
    expect(el.querySelector(".r1w-quiz-score").getAttribute("aria-live")).toBe("polite");
  });

  it("selecting a radio sends nothing and reveals nothing: it is a pending choice", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    radios(el, 0)[2].click();
    radios(el, 0)[1].click(); // moving the choice (as the arrow keys do) sends nothing either
    await flush();
    expect(model.saved).toEqual([]);
    expect(model.sent).toEqual([]);
    expect(radios(el, 0)[1].checked).toBe(true);
    expect(el.querySelectorAll(".r1w-quiz-verdict")[0].textContent).toBe("");
    // a kernel update to another question keeps the pending choice checked
    model.kernelUpdate({ ...judged(2), answers: [-1, 0, ...BLANK.slice(2)] });
    await flush();
    expect(radios(el, 0)[1].checked).toBe(true);
  });

  it("Check answer sends the pending choice into answers", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const check = checkButton(el, 0);
    expect(check.tagName).toBe("BUTTON");
    expect(check.textContent).toBe("Check answer");
    expect(check.getAttribute("aria-label")).toBe("Check answer to question 1");
    expect(checkButton(el, 2).getAttribute("aria-label")).toBe("Check answer to question 3");
    radios(el, 0)[2].click();
    check.click();
    expect(model.saved).toEqual([{ answers: [2, ...BLANK.slice(1)] }]);
    radios(el, 5)[3].click();
    checkButton(el, 5).click();
    expect(model.saved.at(-1).answers).toEqual([2, -1, -1, -1, -1, 3, -1, -1]);
  });

  it("Check answer with no choice says so and sends nothing", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    checkButton(el, 2).click();
    expect(model.saved).toEqual([]);
    const hint = el.querySelectorAll(".r1w-quiz-hint")[2];
    expect(hint.textContent).toBe("Choose an option for question 3 first.");
    expect(hint.getAttribute("aria-live")).toBe("polite");
    radios(el, 2)[0].click();
    expect(hint.textContent).toBe("");
  });

  it("after answering, the radios are disabled and show the checked choice", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    radios(el, 0)[1].click();
    checkButton(el, 0).click();
    model.kernelUpdate(judged(1));
    await flush();
    const group = radios(el, 0);
    expect(group.map((r) => r.disabled)).toEqual([true, true, true, true]);
    expect(group.map((r) => r.checked)).toEqual([false, true, false, false]);
    expect(radios(el, 1).some((r) => r.disabled)).toBe(false); // only the answered question
    const check = checkButton(el, 0);
    expect(check.getAttribute("aria-disabled")).toBe("true");
    expect(check.textContent).toBe("Answer checked");
    expect(check.getAttribute("aria-label")).toBe("Answer checked for question 1");
    const before = model.saved.length;
    check.click(); // inert now: the first answer is final
    expect(model.saved.length).toBe(before);
    // the kernel clears (reset): the group opens again, with no choice left over
    model.kernelUpdate({ answers: BLANK, results: BLANK.map(unanswered), score: 0, answered: 0 });
    await flush();
    expect(group.map((r) => r.disabled)).toEqual([false, false, false, false]);
    expect(group.some((r) => r.checked)).toBe(false);
    expect(check.getAttribute("aria-disabled")).toBe("false");
    expect(check.textContent).toBe("Check answer");
  });

  it("keeps a pending choice on its option when the kernel reshuffles", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    radios(el, 0)[0].click(); // "Option 0 of question 1"
    const qs = questions();
    qs[0].options = [...qs[0].options].reverse();
    model.kernelUpdate({ questions: qs });
    await flush();
    expect(radios(el, 0)[3].checked).toBe(true);
    checkButton(el, 0).click();
    expect(model.saved.at(-1)).toEqual({ answers: [3, ...BLANK.slice(1)] });
  });

  it("shows the verdict by word and sign, the explanation and the chapter to revisit", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const verdict = el.querySelectorAll(".r1w-quiz-verdict")[0];
    expect(verdict.getAttribute("aria-live")).toBe("polite");
    expect(verdict.textContent).toBe("");

    model.kernelUpdate(judged(1));
    await flush();
    expect(radios(el, 0)[1].checked).toBe(true);
    expect(verdict.textContent).toBe("✗ Not right: you chose B; the right answer is C.");
    expect(verdict.classList.contains("r1w-bad")).toBe(true);
    const first = el.querySelectorAll("fieldset")[0];
    expect(first.querySelector(".r1w-quiz-explanation").textContent).toBe(
      "Because the paper says so.",
    );
    expect(first.querySelector(".r1w-quiz-facts").textContent).toContain("Nature, Methods");
    // alone, no chapter anchor on the page: plain text, no link
    expect(first.querySelector(".r1w-quiz-revisit").textContent).toBe(
      "Revisit chapter 11 · A leash",
    );
    expect(first.querySelector(".r1w-quiz-revisit a")).toBeNull();
    const tags = [...first.querySelectorAll(".r1w-quiz-tag")].map((t) => t.textContent);
    expect(tags).toEqual(["", "", " ✓ right answer", ""]);
    expect(el.querySelectorAll("fieldset")[1].querySelector(".r1w-quiz-explanation")).toBeNull();

    model.kernelUpdate(judged(2));
    await flush();
    expect(verdict.textContent).toBe("✓ Right: C is correct.");
    expect(verdict.classList.contains("r1w-good")).toBe(true);
    expect(el.querySelector(".r1w-quiz-score").textContent).toBe("1 of 8 right (1 answered)");
  });

  it("rewrites a verdict only when its own question changes (live regions re-announce)", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate(judged(2));
    await flush();
    const verdict = el.querySelectorAll(".r1w-quiz-verdict")[0];
    const node = verdict.firstChild;
    const next = judged(2);
    next.answers[1] = 0;
    next.results[1] = { ...next.results[0], chosen: 0, correct: false };
    next.answered = 2;
    model.kernelUpdate(next);
    await flush();
    expect(el.querySelectorAll(".r1w-quiz-verdict")[1].textContent).toMatch(/^✗ Not right/);
    expect(verdict.firstChild).toBe(node); // question 1's verdict was not touched
    expect(el.querySelector(".r1w-quiz-score").textContent).toBe("1 of 8 right (2 answered)");
  });

  it("links the chapter to revisit when its anchor is on the page", async () => {
    caption();
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate(judged(2));
    await flush();
    const link = el.querySelector(".r1w-quiz-revisit a");
    expect(link.getAttribute("href")).toBe("#r1w-ch11");
    expect(link.textContent).toBe("Revisit chapter 11 · A leash");
    // the anchor comes from the number, never from a string the model sends
    model.kernelUpdate(judged(2, { number: 11, title: "t", anchor: "javascript:alert(1)" }));
    await flush();
    expect(el.querySelector(".r1w-quiz-revisit a").getAttribute("href")).toBe("#r1w-ch11");
  });

  it("following the link focuses the chapter's heading; Back returns to the question", async () => {
    const heading = caption();
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate(judged(2));
    await flush();
    const link = el.querySelector(".r1w-quiz-revisit a");
    link.click();
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute("tabindex")).toBe("-1");
    const back = el.querySelector(".r1w-quiz-revisit button.r1w-quiz-back");
    expect(back.textContent).toBe("Back to question 1");
    expect(back.previousElementSibling).toBe(link); // right after the link
    back.click();
    const legend = el.querySelectorAll("fieldset")[0].querySelector("legend");
    expect(document.activeElement).toBe(legend);
  });

  it("offers no Back button outside the walkthrough", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate(judged(2));
    await flush();
    expect(el.querySelector(".r1w-quiz-back")).toBeNull();
  });

  it("sends reset and shuffle as actions", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    el.querySelector("button.r1w-quiz-reset").click();
    el.querySelector("button.r1w-quiz-shuffle").click();
    expect(model.sent).toEqual([{ action: "reset" }, { action: "shuffle" }]);
    expect(model.saved).toEqual([]);
  });

  it("redraws the options when the kernel shuffles them", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const qs = questions();
    qs[0].options = ["D", "C", "B", "A"];
    model.kernelUpdate({ questions: qs, answers: [3, ...BLANK.slice(1)] });
    await flush();
    const labels = [...el.querySelectorAll("fieldset")[0].querySelectorAll(".r1w-quiz-text")];
    expect(labels.map((l) => l.textContent)).toEqual(["D", "C", "B", "A"]);
    expect(radios(el, 0)[3].checked).toBe(true);
    expect(el.querySelectorAll("fieldset").length).toBe(8);
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const qs = questions();
    qs[0].stem = HOSTILE;
    qs[0].options = [HOSTILE, "b", "c", "d"];
    const j = judged(0, { number: 2, title: HOSTILE, anchor: "x" });
    j.results[0].explanation = HOSTILE;
    j.results[0].facts = [{ label: HOSTILE, text: HOSTILE, value: 1, source: HOSTILE }];
    model.kernelUpdate({ questions: qs, ...j, sources: [{ label: HOSTILE, source: HOSTILE }] });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("legend").textContent).toContain(HOSTILE);
    expect(el.querySelector(".r1w-quiz-explanation").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-quiz-revisit").textContent).toContain(HOSTILE);
    expect(el.querySelector(".r1w-quiz-sources").textContent).toContain(HOSTILE);
  });

  it("never builds more than its bound from the model, and survives junk", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const many = Array.from({ length: 1000 }, () => ({
      stem: "s",
      options: Array(1000).fill("o"),
    }));
    model.kernelUpdate({ questions: many, results: "junk", answers: null, score: Number.NaN });
    await flush();
    expect(el.querySelectorAll("fieldset").length).toBeLessThanOrEqual(16);
    expect(el.querySelectorAll("input[type=radio]").length).toBeLessThanOrEqual(16 * 8);
    expect(el.querySelector(".r1w-quiz-score").textContent).toBe("–");
  });

  it("removes its listeners on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
