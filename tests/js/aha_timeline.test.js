import { describe, expect, it } from "vitest";
import view, { highlight, niceScale, segments } from "../../js/chapters/aha_timeline.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const LABELS = {
  verification: "verification",
  alternative_method: "alternative method",
  reflection: '"wait"-style reflection',
};
const WORDS = [
  "wait",
  "mistake",
  "however",
  "but",
  "retry",
  "error",
  "verify",
  "wrong",
  "evaluate",
  "check",
];
const TEXT = "<think>\nWait, wait. That is wrong. Let me check it another way.\n</think>";
// spans in UTF-16 units, as the kernel's js_span
const BEHAVIOURS = [
  { kind: "reflection", words: ["Wait", "wait"], span: [8, 18], js_span: [8, 18] },
  { kind: "reflection", words: ["wrong"], span: [28, 33], js_span: [28, 33] },
  { kind: "verification", words: ["check"], span: [42, 47], js_span: [42, 47] },
  { kind: "alternative_method", words: ["another way"], span: [51, 62], js_span: [51, 62] },
];
const pts = (n, f) => Array.from({ length: n }, (_, i) => [200 * (i + 1), f(i)]);

const state = () => ({
  title: "04 · Longer answers and second thoughts, from reward alone",
  step: 8000,
  pasted_text: "",
  pass_at_1: 0.687,
  cons_at_16: 0.82,
  response_length: 9200,
  readings: {
    pass_at_1: "published point at step 8,000",
    cons_at_16: "published point at step 8,000",
    response_length: "read off Figure 3's smoothed curve at step 8,000",
  },
  pass_at_1_points: pts(35, (i) => 0.15 + i * 0.016),
  cons_at_16_points: pts(35, (i) => 0.25 + i * 0.017),
  response_length_points: [[0, 550], ...pts(22, (i) => 600 + 400 * i)],
  o1_reference: { pass_at_1: 0.744, cons_at_64: 0.833 },
  last_step: 8400,
  stage: {
    index: 3,
    count: 4,
    name: "frequent 'wait'",
    first_step: 8000,
    last_step: 8400,
    basis: "Nature: 'wait' much more frequent after step 8,000.",
  },
  sample_question: "How many positive divisors does 360 have?",
  sample_text: TEXT,
  behaviours: BEHAVIOURS,
  reflective_words: WORDS,
  reflective_counts: {
    ...Object.fromEntries(WORDS.map((w) => [w, 0])),
    wait: 2,
    wrong: 1,
    check: 1,
  },
  pasted_behaviours: [],
  pasted_behaviour_count: 0,
  pasted_counts: Object.fromEntries(WORDS.map((w) => [w, 0])),
  kind_labels: LABELS,
  sources: { pass_at_1: "P-v1 Figure 2", response_length: "P-v1 Figure 3" },
  version_note: "Shown: arXiv v1 Figures 2 and 3, to step 8,400. Nature: 10,400 steps, 77.9%.",
  article_note: "This view differs from the seed article: about 200 tokens at step 0.",
  claim_note: "The paper's claim: “Wait, wait. Wait. That's an aha moment I can flag here.”",
  wait_note: "Nature reports that 'wait' ...",
  user_run: {},
});

// a loaded run as the kernel sends it (trl_log.read_run): one value per training log entry
const RUN = {
  path: "/home/someone/runs/grpo-qwen/checkpoint-40/trainer_state.json",
  name: "grpo-qwen/checkpoint-40/trainer_state.json",
  steps: [10, 20, 30, 40],
  generated: [true, true, true, true],
  reward: [0.25, null, 0.5, 0.875],
  length: [120, 180.5, 240, 300],
  kl: [0, 0.001, 0.002, 0.003],
  rewards: { accuracy: [0.25, null, 0.5, 0.875] },
};

const q = (el, sel) => el.querySelector(sel);

describe("AhaTimeline view", () => {
  it("renders a keyboard slider over the steps, the read-outs and their readings", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-aha-timeline")).toBe(true);
    const range = q(el, 'input[type="range"][data-name="step"]');
    expect([range.min, range.max, range.step, range.value]).toEqual(["0", "8400", "200", "8000"]);
    expect(range.getAttribute("aria-valuetext")).toBe("8,000");
    expect(range.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    expect(q(el, `label[for="${range.id}"]`).textContent).toBe("RL training step");
    expect(q(el, ".r1w-aha-timeline-pass .r1w-stat-value").textContent).toBe("68.7%");
    expect(q(el, ".r1w-aha-timeline-cons .r1w-stat-value").textContent).toBe("82.0%");
    expect(q(el, ".r1w-aha-timeline-length .r1w-stat-value").textContent).toBe("9,200 tokens");
    expect(q(el, ".r1w-aha-timeline-pass").textContent).toContain("published point at step 8,000");
    expect(q(el, ".r1w-aha-timeline-pass").closest("[aria-live=polite]")).not.toBeNull();
    for (const label of el.querySelectorAll("label"))
      expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
  });

  it("explains its terms and says what is illustrative, which version it shows and what later work found", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const text = el.textContent;
    for (const term of ["pass@1 is", "cons@16 samples", "an RL step is one update", "AIME 2024"])
      expect(text).toContain(term);
    expect(q(el, ".r1w-aha-timeline-illustrative").textContent).toMatch(
      /our own short text, not R1-Zero's output/,
    );
    expect(q(el, ".r1w-aha-timeline-version").textContent).toBe(state().version_note);
    expect(q(el, ".r1w-aha-timeline-article").textContent).toBe(state().article_note);
    expect(q(el, ".r1w-aha-timeline-later").textContent).toMatch(/base models.*before any RL/);
    expect(q(el, ".r1w-aha-timeline-later").textContent).toContain("not born at one step");
    // R1's eq. 1 has no 1/|oᵢ|: the criticised factor is DeepSeekMath's token-level form
    const later = q(el, ".r1w-aha-timeline-later").textContent;
    expect(later).toContain("R1's equation 1 is written per whole response, with no 1/|oᵢ|");
    expect(later).toContain("DeepSeekMath's token-level form of GRPO");
    expect(later).not.toContain("per-response length normalisation of GRPO");
    // the paper's own claim comes first, then Nature's 'wait' steps, then later work
    const claim = q(el, ".r1w-aha-timeline-claim");
    expect(claim.textContent).toBe(state().claim_note);
    const order = [".r1w-aha-timeline-claim", ".r1w-aha-timeline-wait", ".r1w-aha-timeline-later"];
    const nodes = order.map((sel) => q(el, sel));
    for (let i = 1; i < nodes.length; i++)
      expect(
        nodes[i - 1].compareDocumentPosition(nodes[i]) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    // Figure 3 has no markers: its points are never called published
    expect(text).toContain(
      "Figure 3 has no markers: its dots are our readings of its smoothed curve",
    );
    expect(text).not.toContain("Dots and squares are the published points");
    expect(text).toContain("no point before step 200");
    expect(text).toContain("cons@64, a vote over 64 samples");
    expect(text).toContain("A rollout is one answer the model samples");
    expect(text).toContain("OpenAI's o1-0912");
    expect(
      [...el.querySelectorAll(".r1w-aha-timeline-sources li")].map((li) => li.textContent),
    ).toEqual(["P-v1 Figure 2", "P-v1 Figure 3"]);
  });

  it("writes the step back and redraws on the kernel's answer", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    fire(q(el, 'input[data-name="step"]'), "4000");
    expect(model.saved.at(-1)).toEqual({ step: 4000 });
    model.kernelUpdate({
      pass_at_1: null,
      cons_at_16: null,
      response_length: 570,
      readings: {
        pass_at_1: "no published point before step 200",
        cons_at_16: "no published point before step 200",
        response_length: "interpolated",
      },
      step: 100,
    });
    await flush();
    expect(q(el, ".r1w-aha-timeline-pass .r1w-stat-value").textContent).toBe("–");
    expect(q(el, ".r1w-aha-timeline-pass").textContent).toContain(
      "no published point before step 200",
    );
    expect(q(el, ".r1w-aha-timeline-length .r1w-stat-value").textContent).toBe("570 tokens");
    await frame();
    const label = el.querySelectorAll("svg.r1w-plot")[0].getAttribute("aria-label");
    expect(label).toContain("At step 100: pass@1 no published point, cons@16 no published point.");
  });

  it("draws both figures with their points, the o1 lines and a cursor, each with a text alternative", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const [acc, len] = el.querySelectorAll("svg.r1w-plot");
    expect(acc.getAttribute("role")).toBe("img");
    expect(acc.getAttribute("aria-label")).toContain(
      "through 35 published points of arXiv v1 Figure 2",
    );
    expect(acc.getAttribute("aria-label")).toContain("At step 8,000: pass@1 68.7%, cons@16 82.0%.");
    expect(acc.querySelectorAll("circle.r1w-aha-timeline-dot").length).toBe(35);
    expect(acc.querySelectorAll("rect.r1w-aha-timeline-square").length).toBe(35);
    expect(acc.querySelectorAll(".r1w-aha-timeline-cursor").length).toBe(1);
    // o1-0912's values sit in the right margin, right of every point of every curve, where no
    // curve passes; the legend names the two lines
    const refs = [...acc.querySelectorAll(".r1w-ref-label")];
    expect(refs.map((t) => t.textContent)).toEqual(["83.3%", "74.4%"]);
    const rightmost = Math.max(
      ...[...acc.querySelectorAll("circle")].map((c) => Number(c.getAttribute("cx")) + 2.6),
      ...[...acc.querySelectorAll("rect.r1w-aha-timeline-square")].map(
        (r) => Number(r.getAttribute("x")) + Number(r.getAttribute("width")),
      ),
      ...[...acc.querySelectorAll("polyline")].flatMap((l) =>
        l
          .getAttribute("points")
          .split(" ")
          .map((p) => Number(p.split(",")[0])),
      ),
    );
    for (const t of refs) expect(Number(t.getAttribute("x"))).toBeGreaterThan(rightmost);
    expect(len.getAttribute("aria-label")).toContain("At step 8,000: about 9,200 tokens.");
    expect(len.getAttribute("aria-label")).toContain(
      "through 23 of our readings of arXiv v1 Figure 3's smoothed curve (it has no markers; about ±100 tokens)",
    );
    expect(len.getAttribute("aria-label")).not.toContain("published");
    expect(len.querySelectorAll("circle").length).toBe(23);
    expect(len.querySelectorAll(".r1w-aha-timeline-cursor").length).toBe(1);
    // the legend names each curve's marker shape: colour never carries the meaning alone
    const items = [...el.querySelectorAll(".r1w-legend-item")].map((i) => i.textContent);
    expect(items).toEqual([
      "● pass@1",
      "■ cons@16",
      "dashed: o1-0912, pass@1 74.4% (lower) and cons@64 83.3% (upper)",
      "▼ and vertical line: the chosen step",
    ]);
  });

  it("shows the chosen step at step 0 and at the last step: a triangle over the cursor, on the axis", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    for (const step of [0, 8400]) {
      model.kernelUpdate({ step });
      await flush();
      await frame();
      for (const svg of el.querySelectorAll("svg.r1w-plot")) {
        const [yAxis] = [...svg.querySelectorAll(".r1w-axes > line")].filter(
          (l) => l.getAttribute("x1") === l.getAttribute("x2"),
        );
        const cur = svg.querySelector("line.r1w-aha-timeline-cursor");
        const mark = svg.querySelector("path.r1w-aha-timeline-cursor-mark");
        // the path: M left,top H right L tip,bottom Z; the tip touches the plot's top
        const [, left, top, right, tip, bottom] = mark
          .getAttribute("d")
          .match(/^M([\d.-]+),([\d.-]+)H([\d.-]+)L([\d.-]+),([\d.-]+)Z$/)
          .map(Number);
        const x = Number(cur.getAttribute("x1"));
        expect(tip).toBeCloseTo(x);
        expect((left + right) / 2).toBeCloseTo(x);
        expect(right - left).toBeGreaterThanOrEqual(10);
        expect(top).toBeGreaterThanOrEqual(0); // inside the SVG, above the plot
        expect(bottom).toBeLessThanOrEqual(Number(cur.getAttribute("y1")));
        // at step 0 the cursor lies on the y-axis: the triangle is what shows it
        if (step === 0) expect(x).toBeCloseTo(Number(yAxis.getAttribute("x1")));
        else expect(x).toBeGreaterThan(Number(yAxis.getAttribute("x1")) + 100);
      }
    }
  });

  it("keeps room for the longest reading and the tallest stage, so nothing below them moves", async () => {
    const stages = [0, 1, 2, 3].map((index) => ({
      ...state().stage,
      index,
      name: `stage ${index}`,
      text: index ? `wait ${"x ".repeat(40 * index)}` : "short",
      behaviours: index
        ? [{ kind: "reflection", words: ["wait"], span: [0, 4], js_span: [0, 4] }]
        : [],
    }));
    const longest = {
      pass_at_1:
        "interpolated on a straight line between the published points at steps 1,000 and 1,200",
      cons_at_16:
        "interpolated on a straight line between the published points at steps 1,000 and 1,200",
      response_length: "interpolated between our readings at steps 1,200 and 1,600",
    };
    const model = new FakeModel({ ...state(), stages, longest_readings: longest });
    const { el } = mount(view, model);
    // each reading: the shown text and, unseen and hidden from screen readers, the longest one
    const reading = q(el, ".r1w-aha-timeline-pass .r1w-aha-timeline-reading");
    expect(reading.textContent).toBe("published point at step 8,000");
    const box = reading.parentElement;
    expect(box.classList.contains("r1w-aha-timeline-steady")).toBe(true);
    const ghost = box.querySelector(".r1w-aha-timeline-ghost");
    expect(ghost.textContent).toBe(longest.pass_at_1);
    expect(ghost.getAttribute("aria-hidden")).toBe("true");
    // the rollout: the shown stage first, then every stage laid out unseen in the same cell
    const area = q(el, ".r1w-aha-timeline-rollout");
    const [shown, ghosts] = area.children;
    expect(shown.classList.contains("r1w-aha-timeline-ghost")).toBe(false);
    expect(shown.querySelector("[aria-live=polite]")).not.toBeNull();
    const copies = [...ghosts.children];
    expect(copies.length).toBe(4);
    for (const [i, g] of copies.entries()) {
      expect(g.classList.contains("r1w-aha-timeline-ghost")).toBe(true);
      expect(g.getAttribute("aria-hidden")).toBe("true");
      expect(g.hasAttribute("inert")).toBe(true);
      expect(g.querySelector("[aria-live]")).toBeNull(); // never announced
      const text = [...g.querySelector("pre").childNodes]
        .filter((n) => !(n.tagName === "SUP" || n.classList?.contains("r1w-sr-only")))
        .map((n) => n.textContent);
      expect(text.join("")).toBe(stages[i].text);
      expect(g.querySelector(".r1w-label").textContent).toContain(`stage ${i}`);
    }
    expect(copies[3].querySelectorAll("mark").length).toBe(4); // its mark and the key's three
    // the shown stage is untouched by its copies; a new step changes it alone
    expect(q(el, "pre.r1w-aha-timeline-text").textContent).toContain("Wait, wait");
    model.kernelUpdate({ sample_text: "short", behaviours: [], stage: stages[0] });
    await flush();
    expect(shown.querySelector("pre").textContent).toBe("short");
    expect(shown.querySelector(".r1w-aha-timeline-found").textContent).toBe(
      "No reflective behaviour found in this rollout.",
    );
    expect(ghosts.children.length).toBe(4);
    // never more copies than its bound, whatever the kernel sends
    model.kernelUpdate({ stages: Array.from({ length: 50 }, () => stages[0]) });
    await flush();
    expect(ghosts.children.length).toBeLessThanOrEqual(8);
  });

  it("marks each behaviour of the rollout with its kind in words and a letter, not colour alone", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const pre = q(el, "pre.r1w-aha-timeline-text");
    const marks = [...pre.querySelectorAll("mark")];
    expect(marks.map((m) => m.textContent)).toEqual([
      "Wait, wait",
      "wrong",
      "check",
      "another way",
    ]);
    expect(marks.map((m) => m.title)).toEqual([
      '"wait"-style reflection',
      '"wait"-style reflection',
      "verification",
      "alternative method",
    ]);
    expect([...pre.querySelectorAll("sup")].map((t) => t.textContent).join("")).toBe("RRVA");
    expect(pre.querySelector(".r1w-sr-only").textContent).toBe(' ("wait"-style reflection)');
    // the text itself is intact, marks and all
    const visible = [...pre.childNodes]
      .filter((n) => !(n.tagName === "SUP" || n.classList?.contains("r1w-sr-only")))
      .map((n) => n.textContent);
    expect(visible.join("")).toBe(TEXT);
    expect(
      [...el.querySelectorAll(".r1w-aha-timeline-found li")].map((li) => li.textContent),
    ).toEqual([
      '"wait"-style reflection: “Wait, wait”',
      '"wait"-style reflection: “wrong”',
      "verification: “check”",
      "alternative method: “another way”",
    ]);
    expect(q(el, ".r1w-aha-timeline-question").textContent).toBe(
      "Question: How many positive divisors does 360 have?",
    );
    expect(el.textContent).toContain("Stage 4 of 4 (steps 8,000–8,400): frequent 'wait'");
    const basis = q(el, ".r1w-aha-timeline-basis");
    expect(basis.textContent).toBe(state().stage.basis);
    expect(basis.closest("[aria-live=polite]")).not.toBeNull();
  });

  it("counts the ten words in a table, for the rollout and the pasted text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const rows = [...el.querySelectorAll(".r1w-aha-timeline-counts tbody tr")];
    expect(rows.length).toBe(10);
    expect([...rows[0].children].map((c) => c.textContent)).toEqual(["wait", "2", "0"]);
    model.kernelUpdate({ pasted_counts: { ...state().pasted_counts, check: 3 } });
    await flush();
    expect(
      [...el.querySelectorAll(".r1w-aha-timeline-counts tbody tr")][9].lastChild.textContent,
    ).toBe("3");
    expect(q(el, ".r1w-scroll[role=region]").getAttribute("aria-label")).toMatch(
      /ten reflective words/,
    );
  });

  it("sends pasted text and shows hostile markup as text, with its marks", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(q(el, ".r1w-aha-timeline-count").textContent).toBe("Nothing pasted yet.");
    expect(q(el, "pre.r1w-aha-timeline-pasted").hidden).toBe(true);
    const area = q(el, 'textarea[data-name="pasted_text"]');
    expect(area.maxLength).toBe(100000);
    const text = `${HOSTILE} wait`;
    fire(area, text);
    expect(model.saved.at(-1)).toEqual({ pasted_text: text });
    model.kernelUpdate({
      pasted_behaviours: [
        { kind: "reflection", words: ["wait"], span: [29, 33], js_span: [29, 33] },
      ],
      pasted_behaviour_count: 1,
    });
    await flush();
    const pre = q(el, "pre.r1w-aha-timeline-pasted");
    expect(pre.hidden).toBe(false);
    expect(pre.textContent.startsWith(HOSTILE)).toBe(true);
    expect(el.querySelector("img")).toBeNull();
    expect(pre.querySelector("mark").textContent).toBe("wait");
    expect(q(el, ".r1w-aha-timeline-count").textContent).toBe("1 reflective behaviour found.");
    model.kernelUpdate({ pasted_behaviour_count: 900 });
    await flush();
    expect(q(el, ".r1w-aha-timeline-count").textContent).toBe(
      "900 reflective behaviours found (the first 1 marked).",
    );
  });

  it("says when a paste was cut at the box's 100,000 characters", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const area = q(el, 'textarea[data-name="pasted_text"]');
    const limit = q(el, ".r1w-aha-timeline-limit");
    expect(area.maxLength).toBe(100000);
    expect(area.getAttribute("aria-describedby")).toBe(limit.id);
    expect(limit.getAttribute("role")).toBe("status");
    expect(limit.hidden).toBe(true);
    fire(area, "x".repeat(95000));
    expect(limit.hidden).toBe(false);
    expect(limit.textContent).toBe("95,000 of 100,000 characters (the most the box holds).");
    // a 129,000-character paste into an empty box: the browser keeps the first 100,000
    area.value = "";
    const paste = new Event("paste", { bubbles: true });
    Object.defineProperty(paste, "clipboardData", { value: { getData: () => "y".repeat(129000) } });
    area.setSelectionRange(0, 0);
    area.dispatchEvent(paste);
    fire(area, "y".repeat(100000));
    expect(limit.hidden).toBe(false);
    expect(limit.textContent).toBe(
      "Cut at 100,000 characters: the last 29,000 characters of your paste were dropped, so the " +
        "detector and the word counts read only the first 100,000.",
    );
    expect(limit.classList.contains("r1w-bad")).toBe(true);
    // a paste that fits the room left is not called cut, even when it fills the box
    area.value = "z".repeat(99000);
    area.setSelectionRange(99000, 99000);
    const fits = new Event("paste", { bubbles: true });
    Object.defineProperty(fits, "clipboardData", { value: { getData: () => "z".repeat(1000) } });
    area.dispatchEvent(fits);
    fire(area, "z".repeat(100000));
    expect(limit.textContent).toMatch(/^100,000 of 100,000 characters: the box is full/);
    // the kernel's text is short again: the line goes
    await wait(200);
    model.kernelUpdate({ pasted_text: "wait" });
    await flush();
    expect(limit.hidden).toBe(true);
  });

  it("shows a hostile rollout as text too", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      sample_text: `${HOSTILE}<script>x()</script>`,
      behaviours: [],
      sample_question: HOSTILE,
    });
    await flush();
    expect(el.querySelector("img, script")).toBeNull();
    expect(q(el, "pre.r1w-aha-timeline-text").textContent).toContain("<script>");
    expect(q(el, ".r1w-aha-timeline-found").textContent).toBe(
      "No reflective behaviour found in this rollout.",
    );
  });

  it("never trusts a span: out of order, overlapping, outside the text or not integers are skipped", () => {
    const box = document.createElement("pre");
    const text = "wait and check";
    const bad = [
      { kind: "reflection", js_span: [0, 4] },
      { kind: "reflection", js_span: [2, 6] }, // overlaps the first
      { kind: "verification", js_span: [9, 99] }, // past the end
      { kind: "verification", js_span: [10.5, 12] },
      { kind: "verification", js_span: [12, 10] },
      { kind: "verification", js_span: "9,14" },
      null,
      { kind: "verification", js_span: [9, 14] },
    ];
    highlight(box, text, bad, LABELS);
    expect([...box.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["wait", "check"]);
    expect(box.textContent.replace(/ \([^)]*\)/g, "").replace(/[RV]/g, "")).toBe(text);
    highlight(box, null, bad, LABELS);
    expect(box.textContent).toBe("");
    const many = Array.from({ length: 5000 }, (_, i) => ({
      kind: "reflection",
      js_span: [i, i + 1],
    }));
    highlight(box, "x".repeat(5000), many, LABELS);
    expect(box.querySelectorAll("mark").length).toBe(500); // never more marks than the kernel sends
  });

  it("removes its listeners on cleanup", () => {
    const model = new FakeModel(state());
    const { cleanup } = mount(view, model);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("shows nothing of a run until one is loaded: the chapter is as it was", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const run = q(el, ".r1w-aha-timeline-run");
    expect(run.hidden).toBe(true);
    expect(run.childElementCount).toBe(0);
    expect(el.querySelectorAll("svg.r1w-plot").length).toBe(2);
    expect(el.textContent).not.toContain("Your GRPO run");
  });

  it("draws the loaded run's reward and length on their own axes, says what they are and where they came from", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ user_run: RUN });
    await flush();
    await frame();
    const run = q(el, ".r1w-aha-timeline-run");
    expect(run.hidden).toBe(false);
    expect(q(run, "[role=heading]").textContent).toBe("Your GRPO run, beside the paper's");
    // the path from the run's folder on, never the full local path (a snapshot is published)
    expect(q(run, ".r1w-aha-timeline-run-path").textContent).toBe(RUN.name);
    expect(run.textContent).not.toContain("/home/someone");
    const summary = q(run, ".r1w-aha-timeline-run-summary").textContent;
    expect(summary).toContain("4 training log entries, steps 10 to 40.");
    expect(summary).toContain("Evaluation entries (eval_…) are left out;");
    expect(summary).toContain(
      "the closing summary counts only when it holds metrics of the last steps",
    );
    expect(summary).not.toContain("generated nothing new");
    expect(summary).toContain("Also read, in user_run: kl, rewards.");
    expect(summary).toContain("kl is TRL's: the mean over completion tokens of the k3 estimate");
    const what = q(run, ".r1w-aha-timeline-run-what").textContent;
    for (const words of [
      "on their own axes",
      "not R1-Zero's",
      "TRL's “reward”",
      "it is not AIME accuracy",
      "the weighted sum of your reward functions, averaged over the completions sampled since the previous log entry",
      "“completions/mean_length”: the mean completion length in tokens",
      "A gap in a line is a log entry without that value",
      "a completion cut at your max_completion_length counts at that length",
    ])
      expect(what).toContain(words);
    expect(what).not.toContain("Reflective words");
    // the paper's two charts first, unchanged; then the run's two
    const svgs = [...el.querySelectorAll("svg.r1w-plot")];
    expect(svgs.length).toBe(4);
    const [reward, length] = svgs.slice(2);
    expect(reward.closest(".r1w-aha-timeline-run-reward")).not.toBeNull();
    // a null reward breaks the line: two pieces, and every value has its diamond
    expect(reward.querySelectorAll("polyline").length).toBe(2);
    expect(reward.querySelectorAll("path.r1w-aha-timeline-run-mark").length).toBe(3);
    expect(length.querySelectorAll("polyline").length).toBe(1);
    expect(length.querySelectorAll("path.r1w-aha-timeline-run-mark").length).toBe(4);
    expect(reward.getAttribute("aria-label")).toBe(
      "Line chart: your run's mean reward by its own training step, 3 of 4 log entries with a value " +
        "(1 without: gaps in the line), from step 10 to 40: first 0.250, last 0.875, lowest 0.250, highest 0.875.",
    );
    expect(length.getAttribute("aria-label")).toContain(
      "from step 10 to 40: first 120 tokens, last 300 tokens",
    );
    // its own step axis: the run's steps, not the paper's 0 to 8,000
    const ticks = (svg) => [...svg.querySelectorAll(".r1w-tick")].map((t) => t.textContent);
    expect(ticks(reward)).toContain("40");
    expect(ticks(reward)).not.toContain("8,000");
    expect([...run.querySelectorAll(".r1w-legend-item")].map((i) => i.textContent)).toEqual([
      "◆ and line: your run, on its own step axis",
    ]);
  });

  it("adds the reflective-word curve when the run has completions, and says it is our measure", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      user_run: { ...RUN, reflective: [null, 2.5, 4, 6.25], completions: [0, 8, 8, 8] },
    });
    await flush();
    await frame();
    const panel = q(el, ".r1w-aha-timeline-run-reflective");
    expect(q(panel, ".r1w-label").textContent).toBe("Your run: reflective words per 1,000 words");
    expect(q(panel, "svg").getAttribute("aria-label")).toContain("3 of 4 log entries with a value");
    const what = q(el, ".r1w-aha-timeline-run-what").textContent;
    expect(what).toContain("Reflective words are a measure of ours: the paper's ten words");
    expect(what).toContain("so numbers and the pieces of a formula count as words");
    expect(what).toContain("steps where the trainer also evaluated");
  });

  it("counts the entries where TRL generated nothing new, and says why they are gaps", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const { kl: _kl, ...noKl } = RUN;
    model.kernelUpdate({
      user_run: { ...noKl, reward: [0.25, null, 0.5, null], generated: [true, false, true, false] },
    });
    await flush();
    await frame();
    const summary = q(el, ".r1w-aha-timeline-run-summary").textContent;
    expect(summary).toContain(
      "At 2 of the entries TRL generated nothing new (with num_iterations above 1",
    );
    expect(summary).toContain("Also read, in user_run: rewards.");
    expect(summary).not.toContain("k3"); // no kl logged: no word on it
  });

  it("says so when the log has no value for a curve, and hides the run when it is cleared", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ user_run: { ...RUN, reward: [null, null, null, null] } });
    await flush();
    await frame();
    expect(q(el, ".r1w-aha-timeline-run-reward").textContent).toContain(
      "Your log has no mean reward at any training step.",
    );
    expect(q(el, ".r1w-aha-timeline-run-reward svg")).toBeNull();
    model.kernelUpdate({ user_run: {} });
    await flush();
    await frame();
    expect(q(el, ".r1w-aha-timeline-run").hidden).toBe(true);
    expect(el.querySelectorAll("svg.r1w-plot").length).toBe(2);
  });

  it("shows a hostile path as text and survives a malformed run", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ user_run: { ...RUN, name: HOSTILE } });
    await flush();
    await frame();
    expect(q(el, ".r1w-aha-timeline-run-path").textContent).toBe(HOSTILE);
    expect(el.querySelector("img")).toBeNull();
    for (const bad of [
      null,
      "steps",
      { steps: "1,2" },
      { steps: [null, "x"] },
      { steps: [1, 2], reward: "x", length: { a: 1 }, reflective: 5 },
      { steps: [5, 5], reward: [Number.NaN, Infinity], length: [1, 1] },
    ]) {
      model.kernelUpdate({ user_run: bad });
      await flush();
      await frame();
    }
    // the last one: one step, one length value, no finite reward
    const run = q(el, ".r1w-aha-timeline-run");
    expect(run.hidden).toBe(false);
    expect(q(run, ".r1w-aha-timeline-run-reward").textContent).toContain("no mean reward");
    expect(q(run, ".r1w-aha-timeline-run-length svg")).not.toBeNull();
    for (const n of run.querySelectorAll("[x], [cx], [points], [d]"))
      for (const a of ["x", "cx", "points", "d"])
        expect(String(n.getAttribute(a) ?? "")).not.toMatch(/NaN|Infinity/);
  });

  it("chooses round ticks over a run's range and breaks lines at missing values", () => {
    expect(niceScale(0, 1)).toEqual({ range: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], digits: 2 });
    expect(niceScale(5, 500, 4, true)).toEqual({
      range: [0, 600],
      ticks: [0, 200, 400, 600],
      digits: 0,
    });
    expect(niceScale(3, 3, 4, true).range).toEqual([2, 4]); // one step: still an axis
    expect(niceScale(0.5, 0.5).range[0]).toBeLessThan(0.5);
    expect(niceScale(-0.3, 0.2).ticks).toEqual([-0.4, -0.2, 0, 0.2]);
    expect(niceScale(0.1, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]); // no 0.6000000000000001
    expect(segments([1, 2, 3, 4], [1, null, 3, 4])).toEqual([
      [[1, 1]],
      [
        [3, 3],
        [4, 4],
      ],
    ]);
    expect(segments([1, null, 3], [1, 2, 3])).toEqual([[[1, 1]], [[3, 3]]]);
    expect(segments([], [])).toEqual([]);
  });
});
