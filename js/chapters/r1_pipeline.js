// Chapter 05 view: R1's four training stages as a lineage drawing (whose weights each checkpoint
// is trained from, and who supplied data), the chosen stage's inputs, sizes and reasons, and
// Nature Table 2's score of every checkpoint on one benchmark. The kernel holds every value and
// its source; this view draws them.
import {
  Scope,
  root,
  h,
  s,
  select,
  errorLine,
  note,
  clear,
  boundedInt,
  chartLabel,
  keepTextSize,
  newId,
} from "../lib/kit.js";

const P = "r1w-r1-pipeline";
const STAGES = 5; // stage 0 to 4: the control's own bounds, and the kernel's
const MAX_ITEMS = 12; // never build more rows than this from the model
const MAX_BENCHMARKS = 40;
const NOW = "◀ after this stage"; // the current checkpoint's row says so in words
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);

// The drawing's geometry (viewBox units): the base and R1-Zero on the left, R1's stages on the right.
const W = 372;
const H = 320;
const BOX = {
  v3_base: { x: 8, y: 8, w: 150 },
  r1_zero: { x: 8, y: 134, w: 110 },
  dev1: { x: 214, y: 64, w: 130 },
  dev2: { x: 214, y: 134, w: 130 },
  dev3: { x: 214, y: 204, w: 130 },
  r1: { x: 214, y: 274, w: 130 },
};
const BH = 40;
const SUB = {
  v3_base: "pretrained",
  r1_zero: "RL only, own run",
  dev1: "after stage 1",
  dev2: "after stage 2",
  dev3: "after stage 3",
  r1: "after stage 4",
};
// Solid: weights trained further, with the stage's number; dashed: data only.
const WEIGHTS = [
  { stage: 1, d: "M158,28 H279 V62", at: [216, 28] },
  { stage: 2, d: "M279,104 V132", at: [279, 118] },
  { stage: 3, d: "M136,48 V224 H212", at: [176, 224] },
  { stage: 4, d: "M279,244 V272", at: [279, 258] },
  { stage: 0, d: "M50,48 V132", label: "RL", at: [50, 92] },
];
const DATA = [
  { d: "M118,154 C166,154 166,84 212,84", label: "data", at: [168, 128] },
  { d: "M310,174 V202", label: "data only", at: [304, 192], anchor: "end" },
];

function marker(id, cls) {
  const m = s("marker", {
    id,
    viewBox: "0 0 10 10",
    refX: "9",
    refY: "5",
    markerWidth: "8",
    markerHeight: "8",
    markerUnits: "userSpaceOnUse", // the same size on a thick (current) arrow as on a thin one
    orient: "auto-start-reverse",
  });
  m.append(s("path", { d: "M0,0 L10,5 L0,10 z", class: cls }));
  return m;
}

/** The lineage drawing: built once; `update(stage)` marks the current checkpoint and arrow. */
function lineageDrawing(names) {
  const svg = keepTextSize(
    s("svg", { class: `r1w-plot ${P}-lineage`, viewBox: `0 0 ${W} ${H}`, width: W, height: H }),
    W,
  );
  const ids = { w: newId("r1w-arrow"), d: newId("r1w-arrow") };
  const defs = s("defs");
  defs.append(marker(ids.w, `${P}-head`), marker(ids.d, `${P}-head-data`));
  svg.append(defs);
  const arrows = [];
  for (const a of WEIGHTS) {
    const path = s("path", { d: a.d, class: `${P}-weights`, "marker-end": `url(#${ids.w})` });
    const g = s("g", { class: `${P}-arrow` });
    g.append(path);
    if (a.stage > 0) {
      g.append(s("circle", { cx: a.at[0], cy: a.at[1], r: 8, class: `${P}-badge` }));
      const t = s("text", {
        x: a.at[0],
        y: a.at[1] + 3.5,
        "text-anchor": "middle",
        class: `${P}-badge-text`,
      });
      t.textContent = String(a.stage);
      g.append(t);
    } else {
      const t = s("text", { x: a.at[0] + 6, y: a.at[1], class: `r1w-tick ${P}-edge-label` });
      t.textContent = a.label;
      g.append(t);
    }
    arrows.push([a.stage, g]);
    svg.append(g);
  }
  for (const a of DATA) {
    svg.append(s("path", { d: a.d, class: `${P}-data`, "marker-end": `url(#${ids.d})` }));
    const t = s("text", {
      x: a.at[0],
      y: a.at[1],
      "text-anchor": a.anchor || "middle",
      class: `r1w-tick ${P}-edge-label`,
    });
    t.textContent = a.label;
    svg.append(t);
  }
  const boxes = {};
  for (const [id, b] of Object.entries(BOX)) {
    const g = s("g", { class: `${P}-node` });
    g.append(s("rect", { x: b.x, y: b.y, width: b.w, height: BH, rx: 5, class: `${P}-node-box` }));
    const name = s("text", {
      x: b.x + b.w / 2,
      y: b.y + 17,
      "text-anchor": "middle",
      class: `${P}-node-name`,
    });
    name.textContent = String(names[id] ?? id);
    const sub = s("text", {
      x: b.x + b.w / 2,
      y: b.y + 32,
      "text-anchor": "middle",
      class: `r1w-tick ${P}-node-sub`,
    });
    sub.textContent = SUB[id];
    g.append(name, sub);
    boxes[id] = { g, sub };
    svg.append(g);
  }
  return {
    svg,
    /** @param {number} stage @param {string} current checkpoint id */
    update(stage, current) {
      for (const [n, g] of arrows) g.classList.toggle(`${P}-on`, n === stage && n > 0);
      for (const [id, b] of Object.entries(boxes)) {
        const on = id === current;
        b.g.classList.toggle(`${P}-on`, on);
        b.sub.textContent = on ? `● now: ${SUB[id]}` : SUB[id];
      }
    },
  };
}

/** A published value with its source as a visible muted line (and a tooltip). */
function sourced(text, source, tag = "li") {
  return h(
    tag,
    { attrs: { title: String(source ?? "") } },
    h("span", { text }),
    h("span", { cls: `${P}-source`, text: ` (source: ${source ?? ""})` }),
  );
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "r1-pipeline", model.get("title"));
    box.append(
      note(
        "DeepSeek-R1 was not trained in one go but in four stages on top of DeepSeek-V3-Base, a pretrained model. SFT (supervised " +
          "fine-tuning) trains a model to copy example answers token by token; RL (reinforcement learning) lets it answer on its " +
          "own and rewards the good answers. A cold start is a short SFT before RL, so RL does not begin from the raw base. " +
          "Rejection sampling draws many answers from a model and keeps only those that pass a check; the kept ones become SFT " +
          "data. Dev1, Dev2 and Dev3 are the names the Nature paper gives the checkpoints after stages 1, 2 and 3.",
      ),
    );

    // --- the stage: five native buttons, built once; the pressed one says so in words too
    const group = h("div", {
      cls: `${P}-stages`,
      attrs: { role: "group", "aria-label": "Training stage" },
    });
    const buttons = [];
    for (let i = 0; i < STAGES; i += 1) {
      const label = h("span", { cls: `${P}-stage-label` });
      const b = h(
        "button",
        {
          cls: `r1w-button ${P}-stage`,
          attrs: {
            type: "button",
            "data-name": "stage",
            "data-stage": String(i),
            "aria-pressed": "false",
            "data-lm-suppress-shortcuts": "true",
          },
        },
        h("span", { cls: `${P}-stage-number`, text: `${i}` }),
        label,
      );
      b.addEventListener("click", () => scope.write("stage", i));
      buttons.push({ b, label });
      group.append(b);
    }
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Training stage (each button shows the model after that stage)",
      }),
      group,
    );

    // --- the lineage drawing
    const drawing = lineageDrawing(model.get("checkpoint_names") || {});
    const legendText = h("p", {
      cls: `r1w-note ${P}-legend`,
      text:
        "Solid arrow: weights trained further, numbered by stage. Dashed arrow: data only. Stage 3's arrow starts at " +
        "DeepSeek-V3-Base, not at Dev2: the SFT of stage 3 starts again from the base model, and Dev2 only writes its data. " +
        "The paper describes the restart but gives no reason for it.",
    });
    box.append(h("figure", { cls: `${P}-figure` }, drawing.svg, legendText));

    // --- the chosen stage: one polite live region
    // (placed after the scores, so that a longer or shorter stage never moves the chart)
    const panel = h("section", { cls: `${P}-panel`, attrs: { "aria-live": "polite" } });

    scope.watch(
      ["stages", "stage", "model_state", "stage_inputs", "data_sizes", "fixes", "lineage_text"],
      () => {
        const stages = list(model.get("stages"), STAGES);
        const stage = boundedInt(model.get("stage"), 0, STAGES - 1);
        buttons.forEach(({ b, label }, i) => {
          label.textContent = String(stages[i]?.short ?? "");
          label.dataset.text = label.textContent; // reserves the pressed (bold) width: no re-wrap
          b.setAttribute("aria-pressed", String(i === stage));
          b.classList.toggle("r1w-primary", i === stage);
        });
        const state = model.get("model_state") || {};
        const inputs = model.get("stage_inputs") || {};
        drawing.update(stage, String(state.checkpoint ?? ""));
        chartLabel(
          drawing.svg,
          `Lineage of R1's checkpoints. ${model.get("lineage_text") ?? ""} Now shown: ${state.name ?? ""}.`,
        );

        clear(panel);
        panel.append(
          h("h3", { cls: `${P}-stage-name`, text: String(state.stage_name ?? "") }),
          h(
            "p",
            { cls: `${P}-state` },
            h("strong", { cls: `${P}-state-name`, text: String(state.name ?? "") }),
            h("span", { text: `: ${state.text ?? ""}` }),
          ),
        );
        const facts = h("dl", { cls: `${P}-facts` });
        const fact = (term, text, cls = "") =>
          facts.append(h("dt", { text: term }), h("dd", { cls, text }));
        fact("Method", String(inputs.method ?? ""));
        if (inputs.weights_from) {
          const restart = Boolean(state.restart);
          fact(
            "Weights from",
            `${inputs.weights_from}${restart ? " ⟲ a restart: not from the previous stage's model" : ""}`,
            restart ? `${P}-restart` : "",
          );
        }
        const dataFrom = list(inputs.data_from, MAX_ITEMS);
        if (dataFrom.length) fact("Data also from", dataFrom.join(", "));
        if (inputs.data) fact("Data", String(inputs.data));
        panel.append(facts);

        const sizes = list(model.get("data_sizes"), MAX_ITEMS);
        if (sizes.length) {
          panel.append(h("div", { cls: "r1w-label", text: "Sizes and settings (published)" }));
          panel.append(
            h(
              "ul",
              { cls: `${P}-sizes` },
              ...sizes.map((x) => sourced(`${x.label}: ${x.text}`, x.source)),
            ),
          );
        }
        const fixes = list(model.get("fixes"), MAX_ITEMS);
        panel.append(
          h("div", {
            cls: "r1w-label",
            text: "What this stage was for (the paper's reasons, in our words)",
          }),
        );
        panel.append(
          fixes.length
            ? h(
                "ul",
                { cls: `${P}-fixes` },
                ...fixes.map((f) => sourced(String(f.value ?? ""), f.source)),
              )
            : h("p", {
                cls: `r1w-note ${P}-fixes`,
                text: "Nothing yet: this is the pretrained model that both R1-Zero and R1 start from.",
              }),
        );
      },
    );

    // --- the scores: one row per checkpoint, the value and its unit written beside the bar
    const bench = select(scope, {
      name: "benchmark",
      label: "Benchmark (a row of Nature Table 2)",
      options: list(model.get("benchmarks"), MAX_BENCHMARKS).map((b) => [
        String(b.id),
        String(b.label),
      ]),
    });
    const about = h("p", { cls: `r1w-note ${P}-about` });
    const metric = h("p", { cls: `r1w-note ${P}-metric` });
    const caption = h("caption", { cls: `${P}-caption` });
    const body = h("tbody");
    const table = h("table", { cls: `${P}-bars` }, caption, body);
    const source = h("p", { cls: `r1w-note ${P}-source-line` });
    const notes = h("ul", { cls: `${P}-notes` });
    const zero = h("p", { cls: `r1w-note ${P}-zero` });
    const results = h(
      "section",
      { cls: `${P}-results`, attrs: { "aria-live": "polite" } },
      about,
      metric,
      table,
      source,
      notes,
      zero,
    );
    box.append(h("div", { cls: `r1w-row ${P}-bench` }, bench.el), results, panel);

    scope.watch(["scores", "benchmark_info", "score_notes", "r1_zero_versions", "stages"], () => {
      const info = model.get("benchmark_info") || {};
      about.textContent = `What ${info.label ?? "it"} tests (our summary): ${info.about ?? ""}`;
      const m = info.metric || {};
      clear(metric);
      metric.append(
        h("span", { text: `Score: ${m.text ?? ""}.` }),
        h("span", { cls: `${P}-source`, text: ` (source: ${m.source ?? ""})` }),
      );
      // every row carries one sub-line, so marking the current one never changes a row's height
      const stageOf = {};
      for (const st of list(model.get("stages"), STAGES)) stageOf[st.checkpoint] = st.index;
      const top = finite(info.scale_max) && info.scale_max > 0 ? info.scale_max : 100;
      const unit =
        info.unit === "%"
          ? "%"
          : info.unit === "rating"
            ? "a rating, not a percentage"
            : "a percentile";
      caption.textContent = `${info.label ?? ""} at each checkpoint (${unit}; the bar's scale runs from 0 to ${top.toLocaleString("en-US")})`;
      clear(body);
      for (const sc of list(model.get("scores"), MAX_ITEMS)) {
        const v = finite(sc.value) ? sc.value : 0;
        const zeroRun = sc.checkpoint === "r1_zero";
        const fill = h("div", {
          cls: `${P}-fill ${zeroRun ? `${P}-fill-zero` : ""} ${sc.current ? `${P}-fill-on` : ""}`,
        });
        fill.style.width = `${Math.min(100, Math.max(0, (100 * v) / top))}%`;
        const tr = h(
          "tr",
          { cls: sc.current ? `${P}-current` : "", attrs: { title: String(sc.source ?? "") } },
          h(
            "th",
            { attrs: { scope: "row" } },
            h("span", { text: String(sc.label ?? "") }),
            h("span", {
              cls: `${P}-tag ${zeroRun ? "" : `${P}-tag-stage`} ${sc.current ? `${P}-now` : ""}`,
              attrs: zeroRun ? {} : { "data-reserve": NOW },
              text: zeroRun
                ? "RL only, not a stage of R1"
                : sc.current
                  ? NOW
                  : `after stage ${stageOf[sc.checkpoint] ?? "?"}`,
            }),
          ),
          h(
            "td",
            { cls: `${P}-track-cell`, attrs: { "aria-hidden": "true" } },
            h("div", { cls: `${P}-track` }, fill),
          ),
          h("td", { cls: `${P}-value`, text: String(sc.text ?? "") }),
        );
        body.append(tr);
      }
      source.textContent = `Source: ${info.source ?? ""}. DeepSeek-V3-Base has no column in this table.`;
      clear(notes);
      for (const n of list(model.get("score_notes"), MAX_ITEMS))
        notes.append(sourced(String(n.value ?? ""), n.source));
      // which R1-Zero the row is; v1's own value only where v1's Table 2 has this benchmark
      const z = model.get("r1_zero_versions") || {};
      const zeroSources = [z.steps?.source, z.v1?.source].filter(Boolean).join("; ");
      clear(zero);
      zero.append(
        h("span", { text: String(z.text ?? "") }),
        h("span", { cls: `${P}-source`, text: zeroSources ? ` (sources: ${zeroSources})` : "" }),
      );
    });

    box.append(errorLine(scope));
    return () => scope.cleanup();
  },
};
