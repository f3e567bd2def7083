import { describe, expect, it } from "vitest";
import view from "../../js/chapters/distill_ablation.js";
import { FakeModel, mount, flush } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const item = (label, value, source) => ({ label, value, source, text: `${value.toFixed(1)}%` });
const bar = (id, label, value, kind, kind_text, base, detail = "") => ({
  ...item(label, value, `P-v1 Table 6: ${label}, AIME 2024 pass@1`),
  id,
  kind,
  kind_text,
  base: base ? { value: base, source: `P-v1 §2.4: from ${base}` } : null,
  detail,
});
const ABLATION = [
  bar(
    "qwen_32b",
    "DeepSeek-R1-Distill-Qwen-32B",
    72.6,
    "distilled",
    "distilled from R1 (SFT only)",
    "Qwen2.5-32B",
  ),
  bar(
    "zero_qwen_32b",
    "DeepSeek-R1-Zero-Qwen-32B",
    47.0,
    "rl",
    "RL on the base model",
    null,
    "over 10,000 steps",
  ),
  bar("qwq_32b", "QwQ-32B-Preview", 50.0, "reference", "reference model", null),
];

const state = () => ({
  title: "06 · Teach a small model, or train it with RL?",
  view: "ablation",
  benchmark: "aime_pass_at_1",
  benchmarks: [
    { id: "aime_pass_at_1", label: "AIME 2024 pass@1" },
    { id: "math_500", label: "MATH-500 pass@1" },
  ],
  bars: ABLATION,
  gap_points: 25.6,
  gap: {
    label: "Distilled minus RL on the same-size base",
    points_text: "+25.6 points",
    text: "DeepSeek-R1-Distill-Qwen-32B at 72.6% (distilled) minus DeepSeek-R1-Zero-Qwen-32B at 47.0% (RL on the base), on AIME 2024 pass@1: +25.6 points.",
    minuend: item("DeepSeek-R1-Distill-Qwen-32B", 72.6, "P-v1 Table 6"),
    subtrahend: item("DeepSeek-R1-Zero-Qwen-32B", 47.0, "P-v1 Table 6"),
  },
  conclusions: [
    {
      value: "Distilling works better than RL on the small model.",
      source: "P-v1 §4.1, first conclusion",
    },
    {
      value: "Going further needs stronger bases and more RL.",
      source: "P-v1 §4.1, second conclusion",
    },
  ],
  facts: {
    sft_samples: {
      label: "Distillation data",
      value: 800000,
      source: "P-v1 §2.4",
      text: "about 800,000 worked answers from R1's pipeline (its stage-3 set)",
    },
    rl_steps: {
      label: "RL on the 32B base",
      value: 10000,
      source: "P-v1 §4.1",
      text: "over 10,000 steps",
    },
  },
  readme_note: {
    text: "The README of the DeepSeek-R1 GitHub repository gives 44.0% for QwQ-32B-Preview here, in its table of distilled models; the paper's Tables 5 and 6 give 50.0%. Shown: the paper's.",
    readme: { value: 44.0, source: "In the DeepSeek-R1 GitHub repository's README" },
    paper: { value: 50.0, source: "P-v1 Table 6" },
  },
});

const rows = (el) => [...el.querySelectorAll(".r1w-distill-ablation-bars tbody tr")];

describe("DistillAblation view", () => {
  it("renders the view buttons, the benchmark, one row per bar with its value and unit, and the gap", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(el.classList.contains("r1w-distill-ablation")).toBe(true);
    const buttons = [...el.querySelectorAll('button[data-name="view"]')];
    expect(buttons.map((b) => [b.dataset.view, b.getAttribute("aria-pressed")])).toEqual([
      ["ablation", "true"],
      ["family", "false"],
    ]);
    expect(el.querySelector('select[data-name="benchmark"]').value).toBe("aime_pass_at_1");
    const r = rows(el);
    expect(r.length).toBe(3);
    expect(r.map((x) => x.querySelector(".r1w-distill-ablation-value").textContent)).toEqual([
      "72.6%",
      "47.0%",
      "50.0%",
    ]);
    // each kind has a shape and words, not only a colour
    expect(r[0].querySelector(".r1w-distill-ablation-name").textContent).toBe(
      "▲ DeepSeek-R1-Distill-Qwen-32B",
    );
    expect(r[1].querySelector(".r1w-distill-ablation-name").textContent).toBe(
      "● DeepSeek-R1-Zero-Qwen-32B",
    );
    expect(r[0].querySelector(".r1w-distill-ablation-sub").textContent).toBe(
      "distilled from R1 (SFT only) · from Qwen2.5-32B",
    );
    expect(r[1].querySelector(".r1w-distill-ablation-sub").textContent).toBe(
      "RL on the base model · over 10,000 steps",
    );
    // every value's source is on the page (not in a hover-only tooltip): one line per bar
    expect(r[0].getAttribute("title")).toBeNull();
    const sources = [...el.querySelectorAll(".r1w-distill-ablation-source-list li")].map(
      (li) => li.textContent,
    );
    expect(sources).toEqual([
      "▲ DeepSeek-R1-Distill-Qwen-32B, 72.6%: P-v1 Table 6: DeepSeek-R1-Distill-Qwen-32B, AIME 2024 pass@1; P-v1 §2.4: from Qwen2.5-32B",
      "● DeepSeek-R1-Zero-Qwen-32B, 47.0%: P-v1 Table 6: DeepSeek-R1-Zero-Qwen-32B, AIME 2024 pass@1",
      "■ QwQ-32B-Preview, 50.0%: P-v1 Table 6: QwQ-32B-Preview, AIME 2024 pass@1",
    ]);
    expect(el.textContent).not.toContain("Hover");
    expect(r[0].querySelector(".r1w-distill-ablation-fill").style.width).toBe("72.6%");
    expect(el.querySelector(".r1w-distill-ablation-gap .r1w-stat-value").textContent).toBe(
      "+25.6 points",
    );
    expect(el.querySelector(".r1w-distill-ablation-gap .r1w-stat-label").textContent).toBe(
      "Distilled minus RL on the same-size base",
    );
    expect(el.querySelector(".r1w-distill-ablation-gap-text").textContent).toContain(
      "72.6% (distilled) minus",
    );
    expect(el.querySelector(".r1w-distill-ablation-caption").textContent).toBe(
      "AIME 2024 pass@1, in % (the bars run from 0 to 100%)",
    );
    expect(el.querySelector(".r1w-distill-ablation-readme").textContent).toContain(
      "Shown: the paper's",
    );
    expect(el.querySelector(".r1w-distill-ablation-sources").textContent).toContain("Table 6");
    expect(el.querySelector(".r1w-distill-ablation-readme").textContent).toContain(
      "DeepSeek-R1 GitHub repository",
    );
  });

  it("writes the view and the benchmark back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    el.querySelector('button[data-view="family"]').click();
    const sel = el.querySelector('select[data-name="benchmark"]');
    sel.value = "math_500";
    sel.dispatchEvent(new Event("change"));
    expect(model.saved).toEqual([{ view: "family" }, { benchmark: "math_500" }]);
  });

  it("redraws the family on a kernel update and hides the README note", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const fam = [
      bar(
        "qwen_1_5b",
        "DeepSeek-R1-Distill-Qwen-1.5B",
        28.9,
        "distilled",
        "distilled from R1 (SFT only)",
        "Qwen2.5-Math-1.5B",
      ),
      bar(
        "o1_mini",
        "OpenAI-o1-mini",
        63.6,
        "reference",
        "reference model",
        null,
        "OpenAI's smaller reasoning model",
      ),
    ];
    model.kernelUpdate({
      view: "family",
      bars: fam,
      readme_note: {},
      gap: {
        ...state().gap,
        label: "Best distilled model minus OpenAI-o1-mini",
        points_text: "+9.0 points",
      },
    });
    await flush();
    expect(el.querySelector('button[data-view="family"]').getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(rows(el).length).toBe(2);
    // the sources list is rebuilt with the bars, not appended to
    expect(
      [...el.querySelectorAll(".r1w-distill-ablation-source-list li")].map((li) => li.textContent),
    ).toEqual([
      "▲ DeepSeek-R1-Distill-Qwen-1.5B, 28.9%: P-v1 Table 6: DeepSeek-R1-Distill-Qwen-1.5B, AIME 2024 pass@1; P-v1 §2.4: from Qwen2.5-Math-1.5B",
      "■ OpenAI-o1-mini, 63.6%: P-v1 Table 6: OpenAI-o1-mini, AIME 2024 pass@1",
    ]);
    expect(rows(el)[1].querySelector(".r1w-distill-ablation-name").textContent).toBe(
      "■ OpenAI-o1-mini",
    );
    expect(el.querySelector(".r1w-distill-ablation-gap .r1w-stat-value").textContent).toBe(
      "+9.0 points",
    );
    expect(el.querySelector(".r1w-distill-ablation-readme").hidden).toBe(true);
    const family = el.querySelector(".r1w-distill-ablation-intro").textContent;
    expect(family).toContain("SFT only, ");
    // not all six start from plain base models
    expect(family).toContain("maths-tuned Qwen2.5-Math for the two smallest");
    expect(family).toContain("for the 70B an instruction-tuned Llama, not a base model");
    expect(family).not.toContain("its own Qwen or Llama base model");
    expect(el.querySelector(".r1w-distill-ablation-sources").textContent).toContain("Table 5");
  });

  it("explains its terms and states both conclusions with their sources", () => {
    const { el } = mount(view, new FakeModel(state()));
    const intro = el.querySelector(".r1w-note").textContent;
    for (const term of [
      "Distillation here means",
      "supervised fine-tuning (SFT)",
      "reinforcement learning (RL)",
      "pass@1",
      "cons@64",
      // where the distillation data came from: R1's stage-3 set, not the final R1
      "the worked answers of R1's stage 3",
      "sampled from the stage-2 RL checkpoint",
      '"curated with DeepSeek-R1"',
    ]) {
      expect(intro).toContain(term);
    }
    expect(intro).not.toContain("copies R1's reasoning traces");
    const items = [...el.querySelectorAll(".r1w-distill-ablation-conclusions li")].map(
      (li) => li.textContent,
    );
    expect(items).toEqual([
      "Distilling works better than RL on the small model. (P-v1 §4.1, first conclusion)",
      "Going further needs stronger bases and more RL. (P-v1 §4.1, second conclusion)",
    ]);
    expect(el.querySelector(".r1w-distill-ablation-article").textContent).toContain(
      "the paper does not say so",
    );
    expect(el.querySelector(".r1w-distill-ablation-results").getAttribute("aria-live")).toBe(
      "polite",
    );
  });

  it("never builds more rows than its bound", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({ bars: Array.from({ length: 1000 }, () => ABLATION[0]) });
    await flush();
    expect(rows(el).length).toBeLessThanOrEqual(12);
    expect(el.querySelectorAll(".r1w-distill-ablation-source-list li").length).toBeLessThanOrEqual(
      12,
    );
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      bars: [
        {
          ...ABLATION[0],
          label: HOSTILE,
          text: HOSTILE,
          kind_text: HOSTILE,
          detail: HOSTILE,
          source: HOSTILE,
        },
      ],
      gap: { label: HOSTILE, points_text: HOSTILE, text: HOSTILE },
      conclusions: [{ value: HOSTILE, source: HOSTILE }],
      readme_note: { text: HOSTILE },
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-distill-ablation-value").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-distill-ablation-gap-text").textContent).toBe(HOSTILE);
  });

  it("survives missing or non-finite numbers and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      bars: [
        { ...ABLATION[0], value: Number.NaN },
        { ...ABLATION[1], value: 1e9, kind: "bogus" },
      ],
      gap: null,
      facts: null,
      readme_note: null,
    });
    await flush();
    const fills = [...el.querySelectorAll(".r1w-distill-ablation-fill")];
    expect(fills.map((f) => f.style.width)).toEqual(["0%", "100%"]);
    expect(fills[1].classList.contains("r1w-distill-ablation-reference")).toBe(true);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
