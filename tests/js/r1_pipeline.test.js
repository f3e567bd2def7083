import { describe, expect, it } from "vitest";
import view from "../../js/chapters/r1_pipeline.js";
import { FakeModel, mount, flush } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const CKPTS = ["r1_zero", "dev1", "dev2", "dev3", "r1"];
const LABELS = [
  "DeepSeek-R1-Zero",
  "DeepSeek-R1 Dev1",
  "DeepSeek-R1 Dev2",
  "DeepSeek-R1 Dev3",
  "DeepSeek-R1",
];
const AIME = [77.9, 59.0, 74.0, 78.1, 79.8];
const SHORT = [
  "V3-Base",
  "Cold-start SFT",
  "Reasoning RL",
  "Rejection sampling + SFT",
  "RL, all scenarios",
];

const scores = (values, texts, current) =>
  CKPTS.map((c, i) => ({
    checkpoint: c,
    label: LABELS[i],
    value: values[i],
    source: `Nature Table 2: row, ${LABELS[i]}`,
    text: texts[i],
    current: c === current,
  }));

const state = () => ({
  title: "05 · From R1-Zero to R1: four training stages",
  stage: 3,
  benchmark: "aime_2024",
  stages: SHORT.map((short, i) => ({
    index: i,
    name: `Stage ${i}`,
    short,
    checkpoint: ["v3_base", "dev1", "dev2", "dev3", "r1"][i],
    weights_from: "",
    data_from: [],
  })),
  checkpoint_names: {
    v3_base: "DeepSeek-V3-Base",
    r1_zero: "R1-Zero",
    dev1: "Dev1",
    dev2: "Dev2",
    dev3: "Dev3",
    r1: "R1",
  },
  lineage_text: "Weights: stage 3: DeepSeek-V3-Base → Dev3 (with data from Dev2).",
  benchmarks: [
    { id: "aime_2024", label: "AIME 2024" },
    { id: "codeforces_rating", label: "Codeforces (rating)" },
  ],
  model_state: {
    checkpoint: "dev3",
    name: "Dev3",
    stage_name: "Stage 3 · rejection sampling + SFT, from V3-Base again",
    text: "A fresh fine-tune.",
    lineage: ["v3_base", "dev3"],
    restart: true,
  },
  stage_inputs: {
    method: "SFT of DeepSeek-V3-Base",
    data: "Reasoning and non-reasoning data.",
    weights_from: "DeepSeek-V3-Base",
    data_from: ["Dev2"],
  },
  data_sizes: [
    {
      label: "Reasoning samples",
      value: 600000,
      source: "P-v1 §2.3.3: about 600k",
      text: "about 600,000",
    },
    { label: "In total", value: 800000, source: "P-v1 §2.3.3: about 800k", text: "about 800,000" },
  ],
  fixes: [{ value: "Adds non-reasoning data.", source: "P-v1 §2.3.3" }],
  scores: scores(
    AIME,
    AIME.map((v) => `${v.toFixed(1)}%`),
    "dev3",
  ),
  benchmark_info: {
    id: "aime_2024",
    label: "AIME 2024",
    unit: "%",
    scale_max: 100,
    source: "Nature Table 2 (results at each stage), row AIME 2024",
    about: "The 2024 American Invitational Mathematics Examination: 30 problems.",
    metric: {
      label: "Scored by",
      value: "Pass@1",
      source: "P-v1 Table 4: the row is labelled AIME 2024 (Pass@1)",
      text: "pass@1, the share answered right by one sampled answer",
    },
  },
  score_notes: [
    {
      value: "The paper notes that Dev1 reasons somewhat worse than R1-Zero.",
      source: "Nature, Results",
    },
  ],
  r1_zero_versions: {
    text:
      "R1-Zero here is the Nature paper's full run of 10,400 RL steps, at 77.9% on this benchmark. " +
      "arXiv v1's Table 2 gave R1-Zero 71.0% on it, from the shorter run v1 showed.",
    steps: { label: "RL steps", value: 10400, source: "Nature, Methods", text: "10,400" },
    nature: { label: "R1-Zero", value: 77.9, source: "Nature Table 2", text: "77.9" },
    v1: { label: "R1-Zero", value: 71.0, source: "P-v1 Table 2", text: "71.0" },
  },
});

const stageButtons = (el) => [...el.querySelectorAll('button[data-name="stage"]')];

describe("R1Pipeline view", () => {
  it("renders five stage buttons, the lineage, the stage panel and one row per checkpoint", () => {
    const { el } = mount(view, new FakeModel(state()));
    expect(el.classList.contains("r1w-r1-pipeline")).toBe(true);
    const buttons = stageButtons(el);
    expect(buttons.map((b) => b.dataset.stage)).toEqual(["0", "1", "2", "3", "4"]);
    expect(buttons.map((b) => b.getAttribute("aria-pressed"))).toEqual([
      "false",
      "false",
      "false",
      "true",
      "false",
    ]);
    expect(buttons[3].textContent).toContain("Rejection sampling + SFT");
    expect(el.querySelector(".r1w-r1-pipeline-stage-name").textContent).toBe(
      "Stage 3 · rejection sampling + SFT, from V3-Base again",
    );
    const rows = [...el.querySelectorAll(".r1w-r1-pipeline-bars tbody tr")];
    expect(rows.length).toBe(5);
    // the value and its unit are written beside each bar, not carried by colour
    expect(rows.map((r) => r.querySelector(".r1w-r1-pipeline-value").textContent)).toEqual([
      "77.9%",
      "59.0%",
      "74.0%",
      "78.1%",
      "79.8%",
    ]);
    expect(rows[3].textContent).toContain("after this stage");
    expect(rows[0].textContent).toContain("RL only, not a stage of R1");
    expect(rows[1].getAttribute("title")).toBe("Nature Table 2: row, DeepSeek-R1 Dev1");
    expect(rows[1].querySelector(".r1w-r1-pipeline-fill").style.width).toBe("59%");
    expect(el.querySelector(".r1w-r1-pipeline-source-line").textContent).toContain(
      "Nature Table 2 (results at each stage), row AIME 2024",
    );
  });

  it("draws stage 3's arrow from V3-Base and says the restart in words", () => {
    const { el } = mount(view, new FakeModel(state()));
    const svg = el.querySelector("svg.r1w-r1-pipeline-lineage");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toContain(
      "DeepSeek-V3-Base → Dev3 (with data from Dev2)",
    );
    const on = [...svg.querySelectorAll(".r1w-r1-pipeline-arrow.r1w-r1-pipeline-on path")];
    expect(on.length).toBe(1);
    expect(on[0].getAttribute("d")).toBe("M136,48 V224 H212"); // from the base's box down to Dev3
    expect(svg.querySelector(".r1w-r1-pipeline-node.r1w-r1-pipeline-on").textContent).toContain(
      "Dev3",
    );
    expect(svg.querySelector(".r1w-r1-pipeline-node.r1w-r1-pipeline-on").textContent).toContain(
      "now",
    );
    expect(el.querySelector(".r1w-r1-pipeline-restart").textContent).toContain("a restart");
    expect(el.querySelector(".r1w-r1-pipeline-legend").textContent).toContain("not at Dev2");
    expect(el.querySelector(".r1w-r1-pipeline-panel").textContent).toContain("Data also fromDev2");
  });

  it("writes the stage and the benchmark back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    stageButtons(el)[1].click();
    const sel = el.querySelector('select[data-name="benchmark"]');
    sel.value = "codeforces_rating";
    sel.dispatchEvent(new Event("change"));
    expect(model.saved).toEqual([{ stage: 1 }, { benchmark: "codeforces_rating" }]);
    expect([...sel.options].map((o) => o.textContent)).toEqual([
      "AIME 2024",
      "Codeforces (rating)",
    ]);
  });

  it("is operable by keyboard: stages are native buttons in one named group", () => {
    const { el } = mount(view, new FakeModel(state()));
    const group = el.querySelector(".r1w-r1-pipeline-stages");
    expect(group.getAttribute("role")).toBe("group");
    expect(group.getAttribute("aria-label")).toBe("Training stage");
    for (const b of stageButtons(el)) {
      expect(b.tagName).toBe("BUTTON");
      expect(b.getAttribute("type")).toBe("button");
      expect(b.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    }
    expect(el.querySelector(".r1w-r1-pipeline-panel").getAttribute("aria-live")).toBe("polite");
    expect(el.querySelector(".r1w-r1-pipeline-results").getAttribute("aria-live")).toBe("polite");
  });

  it("redraws on a kernel update, with the rating's unit in words", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const rating = [1444, 1534, 1687, 1746, 2029];
    model.kernelUpdate({
      stage: 0,
      model_state: {
        checkpoint: "v3_base",
        name: "DeepSeek-V3-Base",
        stage_name: "Starting point",
        text: "Pretrained.",
        lineage: ["v3_base"],
        restart: false,
      },
      stage_inputs: { method: "Pretraining", data: "", weights_from: "", data_from: [] },
      fixes: [],
      data_sizes: [],
      scores: scores(
        rating,
        rating.map((v) => `${v.toLocaleString("en-US")} (rating)`),
        "v3_base",
      ),
      benchmark_info: {
        id: "codeforces_rating",
        label: "Codeforces (rating)",
        unit: "rating",
        scale_max: 2500,
        source: "Nature Table 2, row Codeforces (rating)",
      },
      score_notes: [],
    });
    await flush();
    expect(stageButtons(el)[0].getAttribute("aria-pressed")).toBe("true");
    expect(el.querySelector(".r1w-r1-pipeline-restart")).toBeNull();
    expect(el.querySelector(".r1w-r1-pipeline-fixes").textContent).toContain("Nothing yet");
    const values = [...el.querySelectorAll(".r1w-r1-pipeline-value")].map((v) => v.textContent);
    expect(values).toEqual([
      "1,444 (rating)",
      "1,534 (rating)",
      "1,687 (rating)",
      "1,746 (rating)",
      "2,029 (rating)",
    ]);
    expect(el.querySelector(".r1w-r1-pipeline-caption").textContent).toContain(
      "a rating, not a percentage",
    );
    expect(el.querySelectorAll(".r1w-r1-pipeline-current").length).toBe(0);
    expect(el.querySelectorAll(".r1w-r1-pipeline-notes li").length).toBe(0);
    expect(el.querySelector(".r1w-r1-pipeline-arrow.r1w-r1-pipeline-on")).toBeNull();
  });

  it("shows every published size and reason with its source", () => {
    const { el } = mount(view, new FakeModel(state()));
    const items = [...el.querySelectorAll(".r1w-r1-pipeline-sizes li")];
    expect(items.map((i) => i.textContent)).toEqual([
      "Reasoning samples: about 600,000 (source: P-v1 §2.3.3: about 600k)",
      "In total: about 800,000 (source: P-v1 §2.3.3: about 800k)",
    ]);
    expect(el.querySelector(".r1w-r1-pipeline-fixes li").textContent).toBe(
      "Adds non-reasoning data. (source: P-v1 §2.3.3)",
    );
    expect(el.querySelector(".r1w-r1-pipeline-zero").textContent).toBe(
      "R1-Zero here is the Nature paper's full run of 10,400 RL steps, at 77.9% on this benchmark. " +
        "arXiv v1's Table 2 gave R1-Zero 71.0% on it, from the shorter run v1 showed. " +
        "(sources: Nature, Methods; P-v1 Table 2)",
    );
  });

  it("says what the chosen benchmark tests and how it is scored, and speaks of v1 only where v1 has it", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector(".r1w-r1-pipeline-about").textContent).toBe(
      "What AIME 2024 tests (our summary): The 2024 American Invitational Mathematics Examination: 30 problems.",
    );
    expect(el.querySelector(".r1w-r1-pipeline-metric").textContent).toBe(
      "Score: pass@1, the share answered right by one sampled answer. " +
        "(source: P-v1 Table 4: the row is labelled AIME 2024 (Pass@1))",
    );
    model.kernelUpdate({
      benchmark: "c_simpleqa",
      benchmark_info: {
        id: "c_simpleqa",
        label: "C-SimpleQA",
        unit: "%",
        scale_max: 100,
        source: "Nature Table 2, row C-SimpleQA",
        about: "Short factual questions in Chinese.",
        metric: {
          label: "Scored by",
          value: "Correct",
          source: "P-v1 Table 4: C-SimpleQA (Correct)",
          text: "the share of answers graded correct",
        },
      },
      score_notes: [],
      r1_zero_versions: {
        text: "R1-Zero here is the Nature paper's full run of 10,400 RL steps, at 66.4% on this benchmark.",
        steps: { value: 10400, source: "Nature, Methods" },
        nature: { value: 66.4, source: "Nature Table 2" },
        v1: null,
      },
    });
    await flush();
    expect(el.querySelector(".r1w-r1-pipeline-about").textContent).toContain(
      "What C-SimpleQA tests (our summary): Short factual questions in Chinese.",
    );
    expect(el.querySelector(".r1w-r1-pipeline-metric").textContent).toContain("graded correct");
    const zero = el.querySelector(".r1w-r1-pipeline-zero").textContent;
    expect(zero).toContain("66.4% on this benchmark");
    expect(zero).not.toContain("AIME");
    expect(zero).not.toContain("v1");
  });

  it("keeps the chart still across stages: the scores come before the stage's details, and every row has one sub-line", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const results = el.querySelector(".r1w-r1-pipeline-results");
    const panel = el.querySelector(".r1w-r1-pipeline-panel");
    // the panel (whose length varies by stage) is after the chart, never above it
    expect(results.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(el.querySelector(".r1w-r1-pipeline-bench").nextElementSibling).toBe(results);
    const tags = () =>
      [...el.querySelectorAll(".r1w-r1-pipeline-bars tbody tr")].map((r) =>
        [...r.querySelectorAll(".r1w-r1-pipeline-tag")].map((s) => s.textContent),
      );
    expect(tags()).toEqual([
      ["RL only, not a stage of R1"],
      ["after stage 1"],
      ["after stage 2"],
      ["◀ after this stage"],
      ["after stage 4"],
    ]);
    model.kernelUpdate({ stage: 0, scores: scores(AIME, AIME.map(String), "v3_base") });
    await flush();
    expect(tags().map((x) => x.length)).toEqual([1, 1, 1, 1, 1]);
    expect(tags()[3]).toEqual(["after stage 3"]);
    // each stage label carries its own text for the bold-width reserve (CSS ::after)
    expect(
      stageButtons(el).map((b) => b.querySelector(".r1w-r1-pipeline-stage-label").dataset.text),
    ).toEqual(SHORT);
  });

  it("explains its terms", () => {
    const { el } = mount(view, new FakeModel(state()));
    const text = el.querySelector(".r1w-note").textContent;
    for (const term of [
      "SFT (supervised fine-tuning)",
      "RL (reinforcement learning)",
      "A cold start",
      "Rejection sampling",
      "Dev1, Dev2 and Dev3",
    ]) {
      expect(text).toContain(term);
    }
  });

  it("never builds more rows than its bounds, and clamps the stage", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const many = Array.from({ length: 1000 }, (_, i) => ({
      checkpoint: `c${i}`,
      label: "x",
      value: 1,
      source: "s",
      text: "1%",
      current: false,
    }));
    model.kernelUpdate({ scores: many, data_sizes: many, fixes: many, stage: 1e9 });
    await flush();
    expect(el.querySelectorAll(".r1w-r1-pipeline-bars tbody tr").length).toBeLessThanOrEqual(12);
    expect(el.querySelectorAll(".r1w-r1-pipeline-sizes li").length).toBeLessThanOrEqual(12);
    expect(stageButtons(el).length).toBe(5);
    expect(stageButtons(el)[4].getAttribute("aria-pressed")).toBe("true");
  });

  it("shows hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      model_state: { ...state().model_state, name: HOSTILE, text: HOSTILE, stage_name: HOSTILE },
      stage_inputs: { method: HOSTILE, data: HOSTILE, weights_from: HOSTILE, data_from: [HOSTILE] },
      fixes: [{ value: HOSTILE, source: HOSTILE }],
      scores: scores(
        AIME,
        AIME.map(() => HOSTILE),
        "dev3",
      ),
      lineage_text: HOSTILE,
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-r1-pipeline-stage-name").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-r1-pipeline-value").textContent).toBe(HOSTILE);
  });

  it("survives missing or non-finite numbers and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      scores: scores([Number.NaN, null, -5, 1e9, 50], ["a", "b", "c", "d", "e"], "r1"),
      benchmark_info: { scale_max: Number.NaN },
      model_state: null,
      stage_inputs: null,
    });
    await flush();
    const widths = [...el.querySelectorAll(".r1w-r1-pipeline-fill")].map((f) => f.style.width);
    expect(widths).toEqual(["0%", "0%", "0%", "100%", "50%"]);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
