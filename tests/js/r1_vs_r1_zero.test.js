import { describe, expect, it } from "vitest";
import view, { drawMarks } from "../../js/chapters/r1_vs_r1_zero.js";
import { FakeModel, mount, flush } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const ZERO = "<think> ok 再 ok\nwait 再\nwait 再 </think> <answer> 6 </answer>";
const R1 = "<think>\nCount them.\n</think>\n\nSummary: there are \\boxed{6}.";

const pub = (value, source, text) => ({ value, source, text });

const state = () => ({
  title: "14 · R1-Zero and R1, side by side",
  prompt_id: "primes",
  benchmark: "gpqa_diamond",
  highlight: "language",
  prompts: [
    { id: "primes", label: "Primes between 10 and 30 (counting)" },
    { id: "muffins", label: "Muffins left over (a word problem)" },
  ],
  benchmarks: [
    { id: "gpqa_diamond", label: "GPQA Diamond" },
    { id: "aime_2024", label: "AIME 2024" },
  ],
  highlights: [
    { id: "length", label: "Length", legend: "Each paragraph ends with a ¶ badge." },
    {
      id: "language",
      label: "Language mix",
      legend: "Words not in English: 中 and a double underline.",
    },
    { id: "format", label: "Format", legend: "Tags have a dashed box." },
    { id: "structure", label: "Structure", legend: "Repeats ↻, summary bar." },
  ],
  question: "How many prime numbers are there between 10 and 30?",
  ground_truth: "6",
  zero_text: ZERO,
  r1_text: R1,
  properties: [
    {
      id: "words",
      group: "length",
      label: "Words",
      unit: "words; tags not counted",
      zero: 7,
      r1: 6,
      zero_text: "7 words",
      r1_text: "6 words",
    },
    {
      id: "non_english_share",
      group: "language",
      label: "Mixed-language rate (share of words not in English)",
      unit: "share of the <think> part's words",
      zero: 0.43,
      r1: 0,
      zero_text: "43% (3 of 7 words)",
      r1_text: "0% (0 of 2 words)",
    },
    {
      id: "follows_format",
      group: "format",
      label: "Follows its model's output format",
      unit: "1 or 0",
      zero: true,
      r1: true,
      zero_text: "1: reasoning in <think>…</think>, answer in <answer>…</answer>",
      r1_text: "1: reasoning in <think>…</think>, then a summary (P-v1 §2.3.1)",
    },
  ],
  marks: {
    zero: [
      { kind: "non_english", label: "Chinese, not English", language: "zh", js_span: [11, 12] },
      { kind: "non_english", label: "Chinese, not English", language: "zh", js_span: [21, 22] },
      { kind: "non_english", label: "Chinese, not English", language: "zh", js_span: [28, 29] },
    ],
    r1: [],
    summary: "Marked as not in English: 3 runs of words in R1-Zero's text, 0 in R1's.",
  },
  scores: {
    id: "gpqa_diamond",
    label: "GPQA Diamond",
    about: "Hard multiple-choice science questions.",
    unit: "%",
    source: "Nature Table 2 (results at each stage), row GPQA Diamond",
    r1_zero: pub(75.8, "Nature Table 2: GPQA Diamond, DeepSeek-R1-Zero", "75.8%"),
    r1: pub(71.5, "Nature Table 2: GPQA Diamond, DeepSeek-R1", "71.5%"),
    metric: pub("Pass@1", "P-v1 Table 4", "pass@1, the share answered right"),
    verdict: "◀ R1-Zero ahead by 4.3 points",
    r1_zero_higher: [
      {
        id: "gpqa_diamond",
        label: "GPQA Diamond",
        r1_zero: pub(75.8, "s1", "75.8%"),
        r1: pub(71.5, "s2", "71.5%"),
      },
      {
        id: "cnmo_2024",
        label: "CNMO 2024",
        about: "A Chinese maths olympiad.",
        r1_zero: pub(88.1, "s3", "88.1%"),
        r1: pub(78.8, "s4", "78.8%"),
      },
    ],
    count_text: "R1-Zero scores higher than R1 on 6 of the table's 21 benchmarks.",
    run: {
      text: "R1-Zero in this table is the Nature paper's full RL run of 10,400 steps.",
      steps: pub(10400, "Nature, Methods", "10,400"),
      nature_aime: pub(77.9, "Nature Table 2", "77.9%"),
      v1_aime: pub(71.0, "P-v1 Table 2", "71.0%"),
    },
  },
  paper_notes: {
    zero: [{ value: "R1-Zero is trained by RL alone.", source: "P-v1 §2.2" }],
    r1: [{ value: "Reasoning, then a summary.", source: "P-v1 §2.3.1" }],
    limitations: [
      { value: "weaker at function calling", source: "P-v1 §5" },
      { value: "no use of tools", source: "Nature" },
    ],
    length: {
      value: [8400, 9600],
      source: "P-v1 Figure 3",
      text: "The paper does not compare the two models' lengths. About 9,600 tokens by step 8,400.",
    },
  },
});

const texts = (el) => [...el.querySelectorAll(".r1w-r1-vs-r1-zero-text")];
const buttons = (el) => [...el.querySelectorAll('button[data-name="highlight"]')];

describe("R1vsR1Zero view", () => {
  it("renders both texts whole, labelled illustrative, with the marks of the highlight", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(el.classList.contains("r1w-r1-vs-r1-zero")).toBe(true);
    const [zero, r1] = texts(el);
    // the text is all there, marks included (screen-reader words aside)
    const visible = (node) =>
      [...node.childNodes]
        .filter(
          (n) =>
            !(
              n.classList &&
              (n.classList.contains("r1w-sr-only") ||
                n.classList.contains("r1w-r1-vs-r1-zero-lang-tag"))
            ),
        )
        .map((n) => n.textContent)
        .join("");
    expect(visible(zero)).toBe(ZERO);
    expect(visible(r1)).toBe(R1);
    const marks = [...zero.querySelectorAll("mark")];
    expect(marks.map((m) => m.textContent)).toEqual(["再", "再", "再"]);
    // more than colour: chapter 13's mark, an inline badge naming the language just before
    // the words (no superscript), and words for screen readers
    expect(zero.querySelectorAll("sup").length).toBe(0);
    const tags = [...zero.querySelectorAll(".r1w-r1-vs-r1-zero-lang-tag")];
    expect(tags.map((t) => [t.textContent, t.getAttribute("aria-hidden")])).toEqual([
      ["中", "true"],
      ["中", "true"],
      ["中", "true"],
    ]);
    expect(tags.map((t) => t.nextElementSibling)).toEqual(marks);
    expect(marks.every((m) => m.classList.contains("r1w-r1-vs-r1-zero-non_english"))).toBe(true);
    expect(zero.querySelector(".r1w-sr-only").textContent).toBe(" (Chinese, not English)");
    expect(el.textContent).not.toContain("≠EN");
    expect(r1.querySelectorAll("mark").length).toBe(0);
    const headings = [...el.querySelectorAll(".r1w-r1-vs-r1-zero-column")].map(
      (c) => c.textContent,
    );
    expect(headings[0]).toContain("Illustrative, written by us");
    expect(headings[1]).toContain("Illustrative, written by us");
    expect(el.querySelector(".r1w-r1-vs-r1-zero-illustrative").textContent).toContain(
      "neither is a real output",
    );
    expect(el.querySelector(".r1w-r1-vs-r1-zero-marked").textContent).toBe(
      "Marked as not in English: 3 runs of words in R1-Zero's text, 0 in R1's.",
    );
    expect(el.querySelector(".r1w-r1-vs-r1-zero-marked").getAttribute("aria-live")).toBe("polite");
  });

  it("shows the property table with units and marks the highlighted rows in words", () => {
    const { el } = mount(view, new FakeModel(state()));
    const rows = [...el.querySelectorAll(".r1w-r1-vs-r1-zero-table tbody tr")];
    expect(rows.length).toBe(3);
    expect([...rows[1].querySelectorAll("td")].map((td) => td.textContent)).toEqual([
      "43% (3 of 7 words)",
      "0% (0 of 2 words)",
    ]);
    expect(rows[0].querySelector(".r1w-r1-vs-r1-zero-unit").textContent).toBe(
      "words; tags not counted",
    );
    const on = rows.filter((r) => r.classList.contains("r1w-r1-vs-r1-zero-on"));
    expect(on).toEqual([rows[1]]);
    expect(rows[1].textContent).toContain("◀ marked above");
    expect(el.querySelector(".r1w-scroll").getAttribute("aria-label")).toBe(
      "Properties of the two texts",
    );
  });

  it("writes the prompt, the highlight and the benchmark back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const prompt = el.querySelector('select[data-name="prompt_id"]');
    prompt.value = "muffins";
    prompt.dispatchEvent(new Event("change"));
    buttons(el)[3].click();
    const bench = el.querySelector('select[data-name="benchmark"]');
    bench.value = "aime_2024";
    bench.dispatchEvent(new Event("change"));
    expect(model.saved).toEqual([
      { prompt_id: "muffins" },
      { highlight: "structure" },
      { benchmark: "aime_2024" },
    ]);
    expect([...prompt.options].map((o) => o.textContent)).toEqual([
      "Primes between 10 and 30 (counting)",
      "Muffins left over (a word problem)",
    ]);
  });

  it("is operable by keyboard: highlights are native buttons in a named group", () => {
    const { el } = mount(view, new FakeModel(state()));
    const group = el.querySelector(".r1w-r1-vs-r1-zero-highlights");
    expect(group.getAttribute("role")).toBe("group");
    expect(buttons(el).map((b) => b.dataset.highlight)).toEqual([
      "length",
      "language",
      "format",
      "structure",
    ]);
    expect(buttons(el).map((b) => b.getAttribute("aria-pressed"))).toEqual([
      "false",
      "true",
      "false",
      "false",
    ]);
    for (const b of buttons(el)) {
      expect(b.tagName).toBe("BUTTON");
      expect(b.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    }
    expect(el.querySelector(".r1w-r1-vs-r1-zero-results").getAttribute("aria-live")).toBe("polite");
  });

  it("redraws marks of every kind on a kernel update", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      highlight: "structure",
      marks: {
        zero: [{ kind: "repeat", label: "repeats an earlier line", js_span: [23, 29] }],
        r1: [{ kind: "summary", label: "summary after the reasoning", js_span: [30, R1.length] }],
        summary: "Repeated lines marked: 1 in R1-Zero's text, 0 in R1's.",
      },
    });
    await flush();
    const [zero, r1] = texts(el);
    expect(zero.querySelector("mark.r1w-r1-vs-r1-zero-repeat").textContent).toBe("wait 再");
    expect(zero.textContent).toContain("↻");
    // a repeated line wears its own sign, never the language badge
    expect(zero.querySelector(".r1w-r1-vs-r1-zero-lang-tag")).toBeNull();
    expect(zero.querySelector("mark").previousElementSibling.textContent).toBe("↻");
    expect(r1.querySelector("mark.r1w-r1-vs-r1-zero-summary").textContent).toBe(
      "Summary: there are \\boxed{6}.",
    );
    expect(r1.querySelector(".r1w-r1-vs-r1-zero-badge-summary").textContent).toBe("Summary ▸");
    expect(buttons(el)[3].getAttribute("aria-pressed")).toBe("true");
    expect(el.querySelector(".r1w-r1-vs-r1-zero-legend").textContent).toBe(
      "Repeats ↻, summary bar.",
    );
    model.kernelUpdate({
      highlight: "length",
      marks: {
        zero: [{ kind: "paragraph", label: "¶1 · 7 words", js_span: [0, ZERO.length] }],
        r1: [],
        summary: "",
      },
    });
    await flush();
    expect(texts(el)[0].querySelector(".r1w-r1-vs-r1-zero-badge-para").textContent).toBe(
      "¶1 · 7 words",
    );
  });

  it("shows both scores, the verdict, the R1-Zero-higher list and the run, with sources", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const values = [...el.querySelectorAll(".r1w-r1-vs-r1-zero-scores .r1w-stat-value")].map(
      (v) => v.textContent,
    );
    expect(values).toEqual(["75.8%", "71.5%"]);
    expect(el.querySelector(".r1w-r1-vs-r1-zero-verdict").textContent).toBe(
      "GPQA Diamond: ◀ R1-Zero ahead by 4.3 points",
    );
    const items = [...el.querySelectorAll(".r1w-r1-vs-r1-zero-higher li")];
    expect(items.map((i) => i.textContent)).toEqual([
      "GPQA Diamond: R1-Zero 75.8%, R1 71.5% ◀ chosen",
      "CNMO 2024: R1-Zero 88.1%, R1 78.8%A Chinese maths olympiad.",
    ]);
    expect(items[1].querySelector(".r1w-r1-vs-r1-zero-about-item").textContent).toBe(
      "A Chinese maths olympiad.",
    );
    expect(el.querySelector(".r1w-r1-vs-r1-zero-about").textContent).toBe(
      "What it tests (our words): Hard multiple-choice science questions.",
    );
    expect(el.querySelector(".r1w-r1-vs-r1-zero-run").textContent).toContain(
      "10,400 steps. (sources: Nature, Methods; P-v1 Table 2)",
    );
    expect(el.querySelector(".r1w-r1-vs-r1-zero-limits").textContent).toBe(
      "R1's remaining limitations, as the papers list them: weaker at function calling; no use of tools. (sources: P-v1 §5; Nature)",
    );
    model.kernelUpdate({
      scores: {
        ...state().scores,
        id: "aime_2024",
        label: "AIME 2024",
        r1_zero: pub(77.9, "a", "77.9%"),
        r1: pub(79.8, "b", "79.8%"),
        verdict: "R1 ahead by 1.9 points ▶",
      },
    });
    await flush();
    expect(el.querySelector(".r1w-r1-vs-r1-zero-verdict").textContent).toContain(
      "AIME 2024: R1 ahead by 1.9 points ▶",
    );
    expect(el.querySelectorAll(".r1w-r1-vs-r1-zero-higher li.r1w-r1-vs-r1-zero-on").length).toBe(0);
  });

  it("explains its terms", () => {
    const { el } = mount(view, new FakeModel(state()));
    const text = el.querySelector(".r1w-note").textContent;
    for (const term of [
      "R1-Zero is",
      "cold start",
      "SFT",
      "language-consistency (LC) reward",
      "chains of thought",
    ])
      expect(text).toContain(term);
  });

  it("credits R1-Zero's format reward only with the <think> rule, and R1 with four stages", () => {
    const { el } = mount(view, new FakeModel(state()));
    const intro = el.querySelector(".r1w-note").textContent;
    expect(intro).toContain(
      "rewards for a right answer and for putting its reasoning between <think> and </think> " +
        "(its prompt template also asked for the answer inside <answer> … </answer>)",
    );
    expect(intro).not.toContain("keeping to a");
    const subs = [...el.querySelectorAll(".r1w-r1-vs-r1-zero-sub")].map((p) => p.textContent);
    expect(subs[1]).toBe("Illustrative, written by us: after the four-stage pipeline");
  });

  it("says under the table that the paper compares no lengths, with the kernel's number", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const caveat = () => el.querySelector(".r1w-r1-vs-r1-zero-caveat").textContent;
    expect(caveat()).toContain(
      "The paper does not compare the two models' lengths. About 9,600 tokens by step 8,400. " +
        "(source: P-v1 Figure 3) Our short texts show layout, not length.",
    );
    expect(caveat()).toContain("both texts meet it");
    model.kernelUpdate({ paper_notes: { ...state().paper_notes, length: null } });
    await flush();
    expect(caveat()).not.toContain("9,600");
    expect(caveat()).toContain("layout, not length");
  });

  it("skips spans out of order or outside the text, and never builds more marks than its bound", () => {
    const box = document.createElement("div");
    const n = drawMarks(box, "abcdef", [
      { kind: "tag", js_span: [4, 2] },
      { kind: "tag", js_span: [1, 3] },
      { kind: "tag", js_span: [2, 5] }, // overlaps the previous one
      { kind: "tag", js_span: [5, 99] },
      { kind: "tag", js_span: ["a", 6] },
    ]);
    expect(n).toBe(1);
    expect(box.textContent).toBe("abcdef"); // the text whole, nothing dropped or doubled
    expect(box.querySelectorAll("mark").length).toBe(1);
    const many = Array.from({ length: 5000 }, (_, i) => ({ kind: "tag", js_span: [i, i + 1] }));
    expect(drawMarks(box, "x".repeat(5000), many)).toBe(200);
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      zero_text: HOSTILE,
      r1_text: HOSTILE,
      question: HOSTILE,
      marks: {
        zero: [{ kind: HOSTILE, label: HOSTILE, js_span: [0, 4] }],
        r1: [],
        summary: HOSTILE,
      },
      properties: [{ ...state().properties[0], label: HOSTILE, zero_text: HOSTILE }],
      scores: { ...state().scores, verdict: HOSTILE, label: HOSTILE },
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(texts(el)[1].textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-r1-vs-r1-zero-marked").textContent).toBe(HOSTILE);
  });

  it("survives missing values and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      marks: null,
      scores: null,
      properties: "x",
      paper_notes: null,
      highlight: 7,
    });
    await flush();
    expect(el.querySelectorAll(".r1w-r1-vs-r1-zero-table tbody tr").length).toBe(0);
    expect(buttons(el).every((b) => b.getAttribute("aria-pressed") === "false")).toBe(true);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
