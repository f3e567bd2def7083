import { describe, expect, it } from "vitest";
import view, { drawTrace } from "../../js/chapters/language_consistency.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const grid = Array.from({ length: 41 }, (_, i) => i * 0.05);

const SEGMENTS = [
  { text: "<think>\n", language: "none", off_target: false },
  { text: "Let me think about this. ", language: "en", off_target: false, clause_start: false },
  { text: "所以一共有10对，", language: "zh", off_target: true, clause_start: true },
  { text: "each adding up to 40.", language: "en", off_target: false, clause_start: true },
  { text: "\n</think>\n<answer>400</answer>", language: "none", off_target: false },
];

const state = () => ({
  title: "13 · One language per chain of thought, at a small price",
  weight: 0.5,
  target_language: "en",
  seed: 2,
  languages: [
    { id: "en", label: "English" },
    { id: "zh", label: "Chinese" },
  ],
  prompt: "What is the sum of the first 20 positive odd numbers?",
  sample_text: SEGMENTS.map((s) => s.text).join(""),
  segments: SEGMENTS,
  switch_probability: 0.0893,
  switched_clauses: 1,
  clauses: 13,
  word_counts: { target: 58, other: 6, total: 64, symbols: 3 },
  mixed_rate: 6 / 64,
  language_reward: 58 / 64,
  language_reason: "58 of 64 words in the <think> block are English words: 91%",
  expected_mixed_rate: 0.113,
  accuracy: { maths: 1.0, code: 0.969 },
  readability: 0.887,
  curves: {
    weights: grid,
    expected_mixed_rate: grid.map((w) => 0.466 * Math.exp(-3 * w)),
    readability: grid.map((w) => 1 - 0.466 * Math.exp(-3 * w)),
    maths: grid.map(() => 1),
    code: grid.map((w) => 1 - 0.04 * (1 - Math.exp(-3 * w))),
  },
  direct_weight: 1,
  published: {
    rule: { label: "The reward rules", value: "rule", source: "Nature Methods eq. 7" },
    article_weight: {
      label: "The seed article's weight",
      value: 0.4,
      source: "the seed article's chapter 13, not the paper",
    },
  },
  notes: {
    paper: "What the paper says: no weight λ is stated.",
    article: "The seed article says λ ≈ 0.4. Neither is in the paper.",
    secondary: "A secondary note reads LiveCodeBench 0.46 and 0.38; unverified.",
    scale: "λ is our knob.",
    supplement: "The supplementary ablation, via a secondary note, places it on coding.",
    filter: "Stage 3 filtered out mixed-language reasoning.",
    runs: "Each λ stands for a separate RL run. λ does nothing when a trained model answers.",
  },
});

const statText = (el, cls) =>
  el.querySelector(`.r1w-language-consistency-${cls} .r1w-stat-value`).textContent;

describe("LanguageConsistency view", () => {
  it("renders the controls, the trace with its switched clause marked, and the read-outs with units", async () => {
    const { el } = mount(view, new FakeModel(state()));
    await frame();
    expect(el.classList.contains("r1w-language-consistency")).toBe(true);
    expect(el.querySelector(".r1w-title").textContent).toBe(state().title);
    const weight = el.querySelector('input[data-name="weight"]');
    expect([weight.type, weight.min, weight.max, weight.value]).toEqual(["range", "0", "2", "0.5"]);
    expect(el.querySelector('input[data-name="seed"]').value).toBe("2");
    const select = el.querySelector('select[data-name="target_language"]');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ["en", "English"],
      ["zh", "Chinese"],
    ]);
    expect(select.value).toBe("en");
    // every control is labelled
    for (const c of el.querySelectorAll("input, select"))
      expect(el.querySelector(`label[for="${c.id}"]`)).not.toBeNull();

    const trace = el.querySelector(".r1w-language-consistency-trace");
    expect(trace.textContent.replace(/\(switches to Chinese:\) |中| \(end of switch\) /g, "")).toBe(
      state().sample_text,
    );
    const off = trace.querySelectorAll(".r1w-language-consistency-off");
    expect(off.length).toBe(1);
    // marked by more than colour: an underlined span, a visible tag and words for screen readers
    expect(off[0].querySelector(".r1w-language-consistency-off-text").textContent).toBe(
      "所以一共有10对，",
    );
    expect(off[0].querySelector(".r1w-language-consistency-tag").textContent).toBe("中");
    expect(off[0].querySelector(".r1w-sr-only").textContent).toBe("(switches to Chinese:) ");
    // the mark's underline class is the one its key shows, and the key names the badge
    const key = el.querySelector(".r1w-language-consistency-key");
    expect(key.querySelector(".r1w-language-consistency-tag").textContent).toBe("中");
    expect(key.querySelector(".r1w-language-consistency-off-text").textContent).toBe(
      "double underline",
    );
    expect(key.textContent).toContain("a clause in Chinese, not the target language");
    // a faint separator before each segment that starts a clause, and only there: the clauses
    // of "1 of 13" can be counted; it adds no text (CSS draws it) and is hidden from readers
    const seps = [...trace.querySelectorAll(".r1w-language-consistency-sep")];
    expect(seps.length).toBe(2);
    expect(seps.map((x) => [x.textContent, x.getAttribute("aria-hidden")])).toEqual([
      ["", "true"],
      ["", "true"],
    ]);
    expect(seps[0].nextElementSibling).toBe(off[0]);
    expect(seps[1].previousElementSibling).toBe(off[0]);
    expect(key.querySelector(".r1w-language-consistency-sep")).not.toBeNull();
    expect(el.querySelector(".r1w-language-consistency-clauses").textContent).toContain(
      "Clauses switched (parted by · or a line break)",
    );
    // the measure has the same name as chapter 14's
    expect(el.querySelector(".r1w-language-consistency-mixed").textContent).toContain(
      "Mixed-language rate (share of words not in the target language)",
    );

    expect(statText(el, "mixed")).toBe("9.4% of words");
    expect(statText(el, "reward")).toBe("0.906 (90.6% English)");
    expect(statText(el, "clauses")).toBe("1 of 13");
    expect(statText(el, "code")).toBe("96.9%");
    expect(statText(el, "readable")).toBe("88.7%");
    // the pooled share is named for what it is, not as a separate readability score
    expect(el.querySelector(".r1w-language-consistency-readable").textContent).toContain(
      "Share in the target language, pooled over samples (illustrative)",
    );
    expect(el.textContent).not.toMatch(/readability \(/i);
    // the read-outs sit in a polite live region
    expect(
      el.querySelector(".r1w-language-consistency-mixed").closest("[aria-live]"),
    ).not.toBeNull();
    expect(el.textContent).toContain("Illustrative: our own text");
    expect(el.textContent).toContain("8.9% per clause");
    expect(el.textContent).toContain("no weight λ is stated");
    expect(el.textContent).toContain("λ ≈ 0.4");
    // the kernel's notes: each λ is a training run; the supplement and stage 3's filter
    expect(el.querySelector(".r1w-language-consistency-runs").textContent).toBe(state().notes.runs);
    expect(el.querySelector(".r1w-language-consistency-supplement").textContent).toBe(
      state().notes.supplement,
    );
    expect(el.querySelector(".r1w-language-consistency-filter").textContent).toBe(
      state().notes.filter,
    );
  });

  it("draws both illustrative charts with a text alternative and a marker at the chosen λ", async () => {
    const { el } = mount(view, new FakeModel(state()));
    await frame();
    const svgs = [...el.querySelectorAll("svg.r1w-plot")];
    expect(svgs.length).toBe(2);
    for (const svg of svgs) {
      expect(svg.getAttribute("role")).toBe("img");
      expect(svg.getAttribute("aria-label")).toMatch(/^Line chart, illustrative/);
      expect(svg.getAttribute("aria-label")).toContain("At λ = 0.50");
      expect(svg.querySelectorAll("line.r1w-language-consistency-cursor").length).toBe(1);
    }
    for (const svg of svgs) {
      // λ = 1 (the kernel's direct_weight) marked on both charts, in the middle of the λ axis
      const mark = svg.querySelectorAll("line.r1w-language-consistency-direct");
      expect(mark.length).toBe(1);
      expect(Number(mark[0].getAttribute("x1"))).toBeCloseTo(48 + (360 - 48 - 12) / 2);
      const labels = [...svg.querySelectorAll(".r1w-language-consistency-direct-label")];
      expect(labels.map((t) => t.textContent)).toEqual(["R1: added directly", "(our reading)"]);
      expect(svg.getAttribute("aria-label")).toContain(
        "Dotted line at λ = 1: the LC reward added directly, as R1 does (our reading).",
      );
    }
    expect(svgs[0].getAttribute("aria-label")).toContain("this sample's rate 9.4%");
    expect(svgs[1].getAttribute("aria-label")).toContain("code 96.9%");
  });

  it("writes λ, the seed and the target language back to the kernel", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    fire(el.querySelector('input[data-name="weight"]'), "1.25");
    fire(el.querySelector('input[data-name="seed"]'), "17");
    fire(el.querySelector('select[data-name="target_language"]'), "zh", "change");
    expect(model.saved).toEqual([{ weight: 1.25 }, { seed: 17 }, { target_language: "zh" }]);
  });

  it("redraws when the kernel sends a new sample and moves the marker", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const before = el.querySelector("line.r1w-language-consistency-cursor").getAttribute("x1");
    model.kernelUpdate({
      weight: 1.5,
      target_language: "zh",
      segments: [
        { text: "前20个奇数是1, 3, 5。", language: "zh", off_target: false },
        { text: "So there are 10 pairs, ", language: "en", off_target: true },
      ],
      mixed_rate: 0.05,
      language_reward: 0.95,
      switched_clauses: 1,
      accuracy: { maths: 1, code: 0.961 },
    });
    await flush();
    await frame();
    expect(statText(el, "mixed")).toBe("5.0% of words");
    expect(statText(el, "reward")).toBe("0.950 (95.0% Chinese)");
    const off = el.querySelector(".r1w-language-consistency-off");
    expect(off.querySelector(".r1w-language-consistency-tag").textContent).toBe("EN");
    expect(off.textContent).toContain("switches to English");
    expect(el.querySelector('select[data-name="target_language"]').value).toBe("zh");
    expect(el.querySelector(".r1w-language-consistency-heading").textContent).toContain(
      "λ = 1.50, target Chinese",
    );
    const after = el.querySelector("line.r1w-language-consistency-cursor").getAttribute("x1");
    expect(Number(after)).toBeGreaterThan(Number(before));
  });

  it("shows hostile strings as text, never as HTML", async () => {
    const s = state();
    s.segments = [
      { text: HOSTILE, language: "en", off_target: false },
      { text: HOSTILE, language: HOSTILE, off_target: true },
    ];
    s.prompt = HOSTILE;
    s.language_reason = HOSTILE;
    s.languages = [{ id: HOSTILE, label: HOSTILE }];
    s.notes = { paper: HOSTILE, article: HOSTILE, secondary: HOSTILE, scale: HOSTILE };
    s.published = { x: { label: HOSTILE, value: 1, source: HOSTILE } };
    const { el } = mount(view, new FakeModel(s));
    await frame();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-language-consistency-trace").textContent).toContain(HOSTILE);
    expect(el.textContent).toContain(`Prompt: ${HOSTILE}`);
    expect(el.querySelector(".r1w-language-consistency-sources").textContent).toContain(HOSTILE);
    expect(el.querySelector("option").textContent).toBe(HOSTILE);
  });

  it("never builds more than it should from the model, and survives junk", async () => {
    const s = state();
    s.segments = Array.from({ length: 10000 }, () => ({
      text: "x",
      language: "zh",
      off_target: true,
    }));
    s.curves = { weights: "junk", code: null };
    s.accuracy = null;
    s.word_counts = null;
    s.mixed_rate = Number.NaN;
    s.direct_weight = 1e9; // off the axis: no mark rather than one outside the chart
    const { el } = mount(view, new FakeModel(s));
    await frame();
    expect(el.querySelectorAll(".r1w-language-consistency-off").length).toBe(64);
    expect(statText(el, "mixed")).toBe("– of words");
    expect(el.querySelectorAll("svg.r1w-plot").length).toBe(2);
    expect(el.querySelector(".r1w-language-consistency-direct")).toBeNull();
    const box = document.createElement("pre");
    drawTrace(box, [null, 5, { text: 3 }, "a", { text: "b", clause_start: "yes" }]);
    expect(box.textContent).toBe("3b");
    expect(box.querySelector(".r1w-language-consistency-sep")).toBeNull(); // true only
  });

  it("shows the kernel's refusal and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({ error: "weight refused: must be a finite number" });
    await flush();
    expect(el.querySelector(".r1w-error").textContent).toBe(
      "Refused: weight refused: must be a finite number",
    );
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
