import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import view, { seconds, wrapLabel } from "../../js/chapters/inference_scaling.js";
import { FakeModel, fire, flush, mount } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const pub = (value, source) => ({ value, source });
const vote = (id, label, one, many, kind = "distilled from R1 (SFT only)") => ({
  id,
  label,
  kind,
  pass_at_1: pub(one, `P-v1 Table 5: ${label}, AIME 2024 pass@1`),
  cons_at_64: pub(many, `P-v1 Table 5: ${label}, AIME 2024 cons@64`),
  gain_points: Math.round((many - one) * 10) / 10,
  gain_text: `+${(many - one).toFixed(1)} points`,
});
const BANDS = [
  { id: "direct", label: "direct answer", low: 0, high: 199, description: "No room to think." },
  { id: "step_by_step", label: "step by step", low: 200, high: 1999, description: "Once." },
  { id: "verification", label: "verification", low: 2000, high: 11999, description: "Checks." },
  {
    id: "diminishing",
    label: "diminishing returns",
    low: 12000,
    high: 32768,
    description: "On our curve each extra token buys less. Hard problems still use this room.",
  },
];

const state = () => ({
  title: "16 · Thinking longer at test time: a second way to scale",
  budget_tokens: 4000,
  tokens_per_second: 50,
  accuracy_reasoning: 0.6765,
  accuracy_baseline: 0.12,
  latency_s: 84,
  relative_cost: 21,
  depth_label: "verification",
  depth: BANDS[2],
  depth_bands: BANDS,
  curves: {
    budgets: [0, 100, 1000, 4000, 32768],
    reasoning: [0.1, 0.168, 0.486, 0.676, 0.78],
    baseline: [0.08, 0.091, 0.119, 0.12, 0.12],
  },
  assumptions: {
    answer_tokens: 200,
    budget_max: 32768,
    default_budget: 4000,
    speed_min: 10,
    speed_max: 1000,
    default_speed: 50,
  },
  sourced_points: {
    majority_vote: [
      {
        ...vote("r1_zero", "DeepSeek-R1-Zero (arXiv v1 run)", 71.0, 86.7, "pure RL (R1-Zero)"),
        pass_at_1: pub(71.0, "P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 pass@1 71.0"),
        cons_at_64: pub(86.7, "P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 cons@64 86.7"),
      },
      vote("qwen_32b", "DeepSeek-R1-Distill-Qwen-32B", 72.6, 83.3),
      vote("gpt_4o", "GPT-4o-0513", 9.3, 13.4, "reference model without long reasoning"),
    ],
    r1_zero_nature: {
      steps: pub(10400, "Nature, Methods: 10,400 steps (1.6 epochs)"),
      pass_at_1: pub(0.779, "Nature, main text and Fig. 1a: R1-Zero AIME 2024 pass@1 77.9%"),
      cons_at_16: pub(0.867, "Nature, main text: self-consistency reaches 86.7%"),
    },
    response_length: [
      { value: [0, 550], source: "P-v1 Figure 3, start", step: 0, tokens: 550 },
      { value: [8400, 9600], source: "P-v1 Figure 3, end", step: 8400, tokens: 9600 },
    ],
    length_cap: {
      before: pub(32768, "Nature, Methods: R1-Zero max length 32,768 tokens before the 8.2k step"),
      after: pub(65536, "Nature, Methods: R1-Zero max length 65,536 tokens after the 8.2k step"),
      step: pub(8200, "Nature, Methods: performance and response length jump at the 8.2k step"),
    },
    token_allocation: pub("DeepSeek-R1 dynamically allocates computational resources", "Nature"),
    conventional_scaling: pub(
      "majority voting and MCTS",
      "Nature, on token efficiency (not a quote)",
    ),
    overthinking: pub("overthinking", "Nature, limitations"),
    eval_max_tokens: pub(32768, "P-v1 §3 Evaluation Setup: maximum generation length"),
  },
});

const text = (el, sel) => el.querySelector(sel).textContent;
const chart = (el) => el.querySelector(".r1w-inference-scaling-chart svg");
// a band label's text, its lines (one <text> each, in a group) joined by a space
const bandText = (g) => [...g.querySelectorAll("text")].map((x) => x.textContent).join(" ");
const strip = (el) => el.querySelector(".r1w-inference-scaling-strip svg");

describe("InferenceScaling view", () => {
  it("renders both sliders on log ladders, the read-outs with units, and the depth band", async () => {
    const { el } = mount(view, new FakeModel(state()));
    await flush();
    expect(el.classList.contains("r1w-inference-scaling")).toBe(true);
    const budget = el.querySelector('input[data-name="budget_tokens"]');
    const values = budget.dataset.values.split(",").map(Number);
    expect(values[0]).toBe(0); // 0 is on the track
    expect(values.at(-1)).toBe(32768);
    expect(values).toContain(4000);
    expect(values[Number(budget.value)]).toBe(4000);
    expect(budget.getAttribute("aria-valuetext")).toBe("4,000 tokens");
    const speed = el.querySelector('input[data-name="tokens_per_second"]');
    const speeds = speed.dataset.values.split(",").map(Number);
    expect([speeds[0], speeds.at(-1)]).toEqual([10, 1000]);
    expect(speed.getAttribute("aria-valuetext")).toBe("50 tokens/s");
    expect(text(el, ".r1w-inference-scaling-speed-note")).toContain(
      "is our input, not a published figure",
    );
    expect(text(el, ".r1w-inference-scaling-reasoning .r1w-stat-value")).toBe("67.7%");
    expect(text(el, ".r1w-inference-scaling-baseline .r1w-stat-value")).toBe("12.0%");
    expect(text(el, ".r1w-inference-scaling-reasoning .r1w-stat-label")).toContain("illustrative");
    expect(text(el, ".r1w-inference-scaling-latency .r1w-stat-value")).toBe("84 s (1.4 min)");
    expect(text(el, ".r1w-inference-scaling-cost .r1w-stat-value")).toBe("21.0×");
    expect(text(el, ".r1w-inference-scaling-depth-name")).toBe("verification");
    expect(el.querySelector(".r1w-stats").getAttribute("aria-live")).toBe("polite");
  });

  it("draws the illustrative chart: a 0 tick, the four bands, the cursor and a full label", async () => {
    const { el } = mount(view, new FakeModel(state()));
    await flush();
    const svg = chart(el);
    expect(svg.getAttribute("role")).toBe("img");
    const label = svg.getAttribute("aria-label");
    for (const part of [
      "illustrative",
      "publishes no such curve",
      "log axis with 0 on its own",
      "from 10.0% at 0 tokens to 78.0% at 32,768",
      "verification 2,000–11,999",
      "diminishing returns 12,000–32,768",
      "4,000 tokens",
    ])
      expect(label).toContain(part);
    expect(label).not.toContain("Diamonds");
    const ticks = [...svg.querySelectorAll(".r1w-axes .r1w-tick")].map((t) => t.textContent);
    expect(ticks.slice(0, 5)).toEqual(["0", "100", "1,000", "10,000", "32,768"]);
    const bands = [...svg.querySelectorAll(".r1w-inference-scaling-band-label")];
    expect(bands.map(bandText)).toEqual([
      "direct answer",
      "step by step",
      "verification",
      "diminishing returns",
    ]);
    // the last band is narrow: its label takes two lines, ending at the plot's right edge
    const lastSpans = [...bands[3].querySelectorAll("text")].map((t) => t.textContent);
    expect(lastSpans).toEqual(["diminishing", "returns"]);
    expect(bands[3].getAttribute("text-anchor")).toBe("end");
    expect(bands[0].querySelectorAll("text").length).toBe(1);
    // no tspans: the in-page contrast check takes the element under a text's middle as its
    // background, and a tspan would be taken for it
    expect(svg.querySelectorAll("tspan").length).toBe(0);
    // one-line labels sit on the lower row, with the second line of the wrapped one
    expect(bands[0].querySelector("text").getAttribute("dy")).toBe("1.15em");
    expect(bands[3].querySelectorAll("text")[1].getAttribute("dy")).toBe("1.15em");
    expect(bands[3].querySelectorAll("text")[0].getAttribute("dy")).toBe("0");
    // the current band is marked by weight (a class), not by colour alone
    expect(bands[2].classList.contains("r1w-inference-scaling-band-on")).toBe(true);
    expect(svg.querySelectorAll("polyline").length).toBe(2);
    expect(svg.querySelectorAll("circle").length).toBe(0); // no curve value drawn as a point
    // the published lengths are not drawn on the accuracy chart ...
    expect(svg.querySelectorAll("path.r1w-inference-scaling-length").length).toBe(0);
    expect(svg.querySelectorAll(".r1w-inference-scaling-length-label").length).toBe(0);
    expect(svg.querySelectorAll("line.r1w-inference-scaling-cursor").length).toBe(1);
  });

  it("puts the published lengths on their own strip, on the token axis with no accuracy scale", async () => {
    const { el } = mount(view, new FakeModel(state()));
    await flush();
    const st = strip(el);
    expect(st).not.toBeNull();
    expect(st.getAttribute("role")).toBe("img");
    const label = st.getAttribute("aria-label");
    expect(label).toContain("no accuracy scale");
    expect(label).toContain(
      "about 550 tokens at RL step 0 and about 9,600 tokens at RL step 8,400",
    );
    expect(st.querySelectorAll("path.r1w-inference-scaling-length").length).toBe(2);
    expect(
      [...st.querySelectorAll(".r1w-inference-scaling-length-label")].map((t) => t.textContent),
    ).toEqual(["550 (step 0)", "9,600 (step 8,400)"]);
    // same token ticks as the chart above, and no percentage anywhere on the strip
    const ticks = [...st.querySelectorAll(".r1w-axes .r1w-tick")].map((t) => t.textContent);
    expect(ticks).toEqual(["0", "100", "1,000", "10,000", "32,768"]);
    expect(st.textContent).not.toContain("%");
    expect(st.textContent).toContain("tokens (log scale)");
    // and the diamonds line up with the chart's budget axis: the cursor sits at the same x
    const cx = chart(el).querySelector("line.r1w-inference-scaling-cursor").getAttribute("x1");
    expect(st.querySelector("line.r1w-inference-scaling-cursor").getAttribute("x1")).toBe(cx);
    expect(text(el, ".r1w-inference-scaling-strip-label")).toContain("A length, not an accuracy");
  });

  it("states the length cap raise with its Nature sources, and that R1 sets its own length", () => {
    const { el } = mount(view, new FakeModel(state()));
    const cap = text(el, ".r1w-inference-scaling-cap-note");
    expect(cap).toContain(
      "When DeepSeek raised R1-Zero's training length cap from 32,768 to 65,536 tokens at step 8,200, " +
        "both its performance and its response length jumped",
    );
    expect(cap).toContain("Nature, Methods: performance and response length jump at the 8.2k step");
    expect(cap).toContain("Our last band is no ceiling");
    const budget = text(el, ".r1w-inference-scaling-budget-note");
    expect(budget).toContain("R1 chooses its own length");
    expect(budget).toContain("a cap, like the 32,768-token limit of the paper's evaluations");
    const contrast = text(el, ".r1w-inference-scaling-contrast-note");
    expect(contrast).toContain("not a quote");
    expect(contrast).toContain("majority voting and MCTS");
    expect(contrast).toContain("Monte Carlo tree search");
    // our own words, not the seed article's
    expect(el.textContent).not.toContain("more parameters, more data");
    expect(el.textContent).toContain("larger networks trained on larger corpora");
    const illus = text(el, ".r1w-inference-scaling-illustrative");
    expect(illus).toContain("diminishing returns, is our name");
    expect(illus).not.toContain("flattens");
  });

  it("writes no cap sentence when the kernel sends no cap", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      sourced_points: { ...state().sourced_points, length_cap: { before: 1 } },
    });
    await flush();
    expect(text(el, ".r1w-inference-scaling-cap-note")).toBe("");
  });

  it("says the curves are ours, the paper has none, and the article's Qwen claim has no source", () => {
    const { el } = mount(view, new FakeModel(state()));
    const illus = text(el, ".r1w-inference-scaling-illustrative");
    expect(illus).toContain("Both curves are ours, illustrative");
    expect(illus).toContain("publishes no accuracy-against-thinking-budget curve");
    expect(illus).toContain("could not read its figures");
    const article = text(el, ".r1w-inference-scaling-article");
    // one name for the source article across the course
    expect(article).toMatch(/^The seed article says Qwen-32B/);
    expect(el.textContent).not.toMatch(/walkthrough article|article this widget follows/);
    expect(article).toContain("Qwen-32B");
    expect(article).toContain("we found no source for it");
    expect(article).toContain("our baseline is not Qwen");
    const a = text(el, ".r1w-inference-scaling-assumptions");
    expect(a).toContain("an answer of 200 tokens (our round number)");
    expect(a).toContain("relative to a direct answer of 200 tokens with no thinking (1×)");
    expect(a).toContain("32,768 tokens, the longest generation the paper allowed");
    expect(a).toContain("P-v1 §3 Evaluation Setup");
    // terms explained where they first appear
    const all = el.textContent;
    expect(all).toContain("thinking budget, the most tokens");
    expect(all).toContain(
      "pass@1 is the share of questions answered right by a single sampled answer",
    );
    expect(all).toContain("cons@64 samples 64 answers");
    expect(all).toContain("supervised fine-tuning (SFT)");
  });

  it("shows the published votes as a table with sources, the quote and the length note", () => {
    const { el } = mount(view, new FakeModel(state()));
    const rows = [...el.querySelectorAll(".r1w-inference-scaling-votes tbody tr")];
    expect(
      rows.map((r) => [...r.querySelectorAll("td")].slice(0, 3).map((c) => c.textContent)),
    ).toEqual([
      ["71.0%", "86.7%", "+15.7 points"],
      ["72.6%", "83.3%", "+10.7 points"],
      ["9.3%", "13.4%", "+4.1 points"],
    ]);
    expect(rows[0].querySelector(".r1w-inference-scaling-name").textContent).toBe(
      "DeepSeek-R1-Zero (arXiv v1 run)",
    );
    expect(rows[0].querySelector(".r1w-inference-scaling-sub").textContent).toBe(
      "pure RL (R1-Zero)",
    );
    expect(rows[0].querySelector(".r1w-inference-scaling-mark-one").style.left).toBe("71%");
    expect(rows[0].querySelector(".r1w-inference-scaling-mark-vote").style.left).toBe("86.7%");
    const sources = [...el.querySelectorAll(".r1w-inference-scaling-source-list li")].map(
      (li) => li.textContent,
    );
    expect(sources[0]).toBe(
      "DeepSeek-R1-Zero (arXiv v1 run): P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 pass@1 71.0; P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 cons@64 86.7",
    );
    expect(el.querySelector(".r1w-scroll").getAttribute("aria-label")).toContain("Majority voting");
    const table = el.querySelector(".r1w-inference-scaling-votes");
    const name = document.getElementById(table.getAttribute("aria-labelledby"));
    expect(name.textContent).toContain("● pass@1 and ■ cons@64, published");
    // the dumbbells repeat the table's numbers: hidden from screen readers, which read the cells
    expect(
      rows[0].querySelector(".r1w-inference-scaling-track-cell").getAttribute("aria-hidden"),
    ).toBe("true");
    expect(text(el, ".r1w-inference-scaling-quote")).toBe(
      "“DeepSeek-R1 dynamically allocates computational resources”",
    );
    expect(text(el, ".r1w-inference-scaling-quote-source")).toContain("“overthinking”");
    const len = text(el, ".r1w-inference-scaling-length-note");
    expect(len).toContain("about 550 tokens at step 0 to about 9,600 at step 8,400");
    expect(len).toContain("not a test-time budget");
  });

  it("shows the latency with a thousands separator, as the kernel sends it", async () => {
    const model = new FakeModel({ ...state(), latency_s: 3296.8 });
    const { el } = mount(view, model);
    expect(text(el, ".r1w-inference-scaling-latency .r1w-stat-value")).toBe("3,297 s (54.9 min)");
  });

  it("gives the voting dumbbells a 0% to 100% scale and gridlines at its inner ticks", () => {
    const { el } = mount(view, new FakeModel(state()));
    const head = el.querySelector(
      ".r1w-inference-scaling-votes thead .r1w-inference-scaling-scale",
    );
    const ticks = [...head.querySelectorAll(".r1w-inference-scaling-tick")];
    expect(ticks.map((t) => [t.textContent, t.style.left])).toEqual([
      ["0%", "0%"],
      ["25%", "25%"],
      ["50%", "50%"],
      ["75%", "75%"],
      ["100%", "100%"],
    ]);
    // the scale repeats what the cells say: hidden from screen readers, the column keeps its name
    expect(head.getAttribute("aria-hidden")).toBe("true");
    expect(head.closest("th").querySelector(".r1w-sr-only").textContent).toBe("Chart");
    for (const row of el.querySelectorAll(".r1w-inference-scaling-votes tbody tr")) {
      const lines = [...row.querySelectorAll(".r1w-inference-scaling-gridline")];
      expect(lines.map((g) => g.style.left)).toEqual(["25%", "50%", "75%"]);
    }
    // the table sits in the box whose width decides the narrow layout (the plot under each row)
    expect(
      el.querySelector(".r1w-inference-scaling-vote-box .r1w-inference-scaling-votes"),
    ).not.toBe(null);
  });

  it("names Nature's longer R1-Zero run, the one chapter 14 uses, beside v1's row", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const n = text(el, ".r1w-inference-scaling-nature-run");
    expect(n).toContain(
      "Nature's longer run of R1-Zero (10,400 RL steps) reaches 77.9% pass@1 on AIME 2024 " +
        "(and 86.7% cons@16, the same majority vote over 16 samples); chapter 14 uses that run.",
    );
    expect(n).toContain("Nature, Methods: 10,400 steps (1.6 epochs)");
    expect(n).toContain("Nature, main text and Fig. 1a: R1-Zero AIME 2024 pass@1 77.9%");
    expect(n).toContain("Nature, main text: self-consistency reaches 86.7%");
    // it sits by the table: after the table, before the source list
    const order = [
      ".r1w-inference-scaling-vote-box",
      ".r1w-inference-scaling-nature-run",
      ".r1w-inference-scaling-source-list",
    ].map((q) => el.querySelector(q));
    expect(
      order[0].compareDocumentPosition(order[1]) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      order[1].compareDocumentPosition(order[2]) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    model.set("sourced_points", { ...state().sourced_points, r1_zero_nature: { steps: 1 } });
    await flush();
    expect(text(el, ".r1w-inference-scaling-nature-run")).toBe("");
  });

  it("shades the bands with a tint of the text colour, never panel against background", () => {
    // jsdom computes no colours: this reads the stylesheet; the screenshots show the result.
    // In Voila's light theme --r1w-panel and --r1w-bg are both white, so those fills vanish.
    const css = readFileSync(`${process.cwd()}/js/chapters/inference_scaling.css`, "utf8");
    const fill = (cls) => css.match(new RegExp(`\\.${cls} \\{\\s*fill: ([^;]+);`))?.[1];
    expect(fill("r1w-inference-scaling-band-even")).toMatch(
      /^color-mix\(in srgb, var\(--r1w-fg\) \d+%, transparent\)$/,
    );
    expect(fill("r1w-inference-scaling-band-odd")).toBe("transparent");
  });

  it("writes ladder values back and redraws on the kernel's answer", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const budget = el.querySelector('input[data-name="budget_tokens"]');
    const values = budget.dataset.values.split(",").map(Number);
    fire(budget, 0);
    fire(budget, values.indexOf(12000));
    const speed = el.querySelector('input[data-name="tokens_per_second"]');
    fire(speed, speed.dataset.values.split(",").map(Number).indexOf(100));
    expect(model.saved).toEqual([
      { budget_tokens: 0 },
      { budget_tokens: 12000 },
      { tokens_per_second: 100 },
    ]);
    model.kernelUpdate({
      latency_s: 4.2,
      relative_cost: 61,
      depth: BANDS[3],
      depth_label: "diminishing returns",
      accuracy_reasoning: 0.766,
    });
    await flush();
    await new Promise((r) => setTimeout(r, 30)); // the chart redraws at the next frame
    expect(text(el, ".r1w-inference-scaling-latency .r1w-stat-value")).toBe("4.2 s");
    expect(text(el, ".r1w-inference-scaling-cost .r1w-stat-value")).toBe("61.0×");
    expect(text(el, ".r1w-inference-scaling-depth-name")).toBe("diminishing returns");
    const on = chart(el).querySelector(".r1w-inference-scaling-band-on");
    expect(bandText(on)).toBe("diminishing returns");
    expect(chart(el).getAttribute("aria-label")).toContain("12,000 tokens: reasoning 76.6%");
  });

  it("snaps back to the kernel's value and shows why it was refused", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const budget = el.querySelector('input[data-name="budget_tokens"]');
    fire(budget, 0);
    model.kernelUpdate({ budget_tokens: 4000, error: "budget_tokens refused: too large" });
    await flush();
    const values = budget.dataset.values.split(",").map(Number);
    expect(values[Number(budget.value)]).toBe(4000);
    expect(text(el, ".r1w-error")).toBe("Refused: budget_tokens refused: too large");
  });

  it("shows hostile text as text and never builds more rows than its bound", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const row = state().sourced_points.majority_vote[1];
    model.kernelUpdate({
      depth: { label: HOSTILE, description: HOSTILE },
      depth_bands: Array.from({ length: 500 }, () => ({ ...BANDS[0], label: HOSTILE })),
      sourced_points: {
        ...state().sourced_points,
        majority_vote: Array.from({ length: 1000 }, () => ({
          ...row,
          label: HOSTILE,
          kind: HOSTILE,
        })),
        token_allocation: pub(HOSTILE, HOSTILE),
      },
    });
    await flush();
    await new Promise((r) => setTimeout(r, 30));
    expect(el.querySelector("img")).toBeNull();
    expect(text(el, ".r1w-inference-scaling-depth-name")).toBe(HOSTILE);
    expect(el.querySelectorAll(".r1w-inference-scaling-votes tbody tr").length).toBeLessThanOrEqual(
      12,
    );
    expect(
      chart(el).querySelectorAll(".r1w-inference-scaling-band-label").length,
    ).toBeLessThanOrEqual(8);
    expect(text(el, ".r1w-inference-scaling-quote")).toBe(`“${HOSTILE}”`);
  });

  it("survives missing or non-finite numbers and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      accuracy_reasoning: Number.NaN,
      latency_s: null,
      relative_cost: Number.POSITIVE_INFINITY,
      depth: null,
      curves: { budgets: [0, 1e9, Number.NaN], reasoning: [0.5, 2, 0.1], baseline: "x" },
      sourced_points: null,
      budget_tokens: 1e12,
    });
    await flush();
    await new Promise((r) => setTimeout(r, 30));
    expect(text(el, ".r1w-inference-scaling-reasoning .r1w-stat-value")).toBe("–");
    expect(text(el, ".r1w-inference-scaling-latency .r1w-stat-value")).toBe("–");
    expect(text(el, ".r1w-inference-scaling-cost .r1w-stat-value")).toBe("–");
    expect(chart(el)).not.toBeNull();
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("wraps a band label only when it is wider than its band", () => {
    expect(wrapLabel("verification", 130)).toEqual(["verification"]);
    expect(wrapLabel("diminishing returns", 74)).toEqual(["diminishing", "returns"]);
    expect(wrapLabel("diminishing returns", 400)).toEqual(["diminishing returns"]);
    expect(wrapLabel("a b c d", 10)).toEqual(["a b", "c d"]);
  });

  it("formats seconds with their unit, grouped like the token counts", () => {
    expect(seconds(4.25)).toBe("4.3 s");
    expect(seconds(84)).toBe("84 s (1.4 min)");
    // the slowest speed at the largest budget: (32,768 + 200) / 10 s
    expect(seconds(3296.8)).toBe("3,297 s (54.9 min)");
    expect(seconds(999.6)).toBe("1,000 s (16.7 min)");
    expect(seconds(123456)).toBe("123,456 s (2,057.6 min)");
    expect(seconds(Number.NaN)).toBe("–");
  });
});
