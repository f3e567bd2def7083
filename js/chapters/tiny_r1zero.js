// Chapter 17 view (the lab): a tiny R1-Zero trained live by GRPO in the kernel. The kernel trains,
// evaluates and samples (core/tiny_r1zero.py); this view sends play/pause/step/reset, writes the
// settings back and draws what the kernel holds: accuracy and length by step (this run and an
// earlier one, dashed), length per prompt length K, and one sampled group with rewards and
// advantages. The page reads: task and terms, controls, charts, the sample, two short notes; the
// long notes wait in <details>. The task's sizes come from the kernel's `task` trait, R1-Zero's
// settings from `paper_recipe`; every measured number quoted here is rerun by
// tests/chapters/test_tiny_r1zero_claims.py.
import {
  Scope,
  root,
  h,
  s,
  slider,
  sliders,
  ladder,
  toggle,
  button,
  stat,
  errorLine,
  note,
  srOnly,
  plot,
  line,
  hline,
  bars,
  clear,
  chartLabel,
  srTable,
  scrollArea,
  boundedInt,
  newId,
  num,
  signed,
  pct,
  int,
  sci,
} from "../lib/kit.js";

const SLUG = "tiny-r1zero";
const P = `r1w-${SLUG}`;
const MAX_POINTS = 400; // history points drawn at most (the kernel keeps one per 5 steps)
const MAX_SHOWN = 8; // rollouts of the sample group the kernel shows at most
const GROUP = [2, 32]; // the group size's bounds
const STEP_CAP = 10000; // no run is longer than this, whatever the model says
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const share = (v) => (finite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** The task's sizes from the kernel's `task` trait, each clamped to a sane range. */
function taskOf(model) {
  const t = obj(model.get("task"));
  const kMin = boundedInt(t.k_min, 1, 9);
  const kMax = boundedInt(t.k_max, kMin, Math.min(9, kMin + 8));
  const cap = boundedInt(t.scratch_cap, 1, 20);
  const maxTokens = cap + 2; // a full-cap scratchpad, "=" and the answer
  const ks = Array.from({ length: kMax - kMin + 1 }, (_, i) => kMin + i);
  return {
    kMin,
    kMax,
    ks,
    cap,
    maxTokens,
    // the length axis: 0..lenTop tokens, its quarters on the % grid (0, 3, 6, 9, 12)
    lenTop: Math.max(12, 4 * Math.ceil(maxTokens / 4)),
    // the full scratchpad K + 2, averaged over the evaluation set's K (as many prompts of each)
    fullMean: (kMin + kMax) / 2 + 2,
    prompts: boundedInt(t.prompts_per_step, 1, 1e6),
    evalPrompts: boundedInt(t.eval_prompts, 1, 1e7),
    chunk: boundedInt(t.chunk, 1, 1000),
    maxSteps: boundedInt(t.max_steps ?? model.get("max_steps"), 1, STEP_CAP),
  };
}

/** History points {step, pass_at_1, mean_length} with finite numbers, at most MAX_POINTS. */
function points(v, T) {
  return list(v, MAX_POINTS)
    .map(obj)
    .filter((p) => finite(p.step) && finite(p.pass_at_1) && finite(p.mean_length))
    .map((p) => ({
      step: boundedInt(p.step, 0, T.maxSteps),
      pass: share(p.pass_at_1),
      length: Math.min(T.lenTop, Math.max(0, p.mean_length)),
    }));
}

/** Round ticks for a step axis from 0 to `end`: every 100 steps up to 400, then every 200. */
function stepTicks(end) {
  const every = end > 400 ? 200 : 100;
  const ticks = [];
  for (let t = 0; t <= end; t += every) ticks.push(t);
  return ticks;
}

/** One token of a response, as text: digits of the scratchpad, the marker "=", the answer. */
function tokenRow(items, cls = "") {
  const el = h("span", { cls: `${P}-tokens ${cls}` });
  items.forEach(([text, kind], i) => {
    if (i) el.append(" ");
    el.append(h("span", { cls: `${P}-tok ${kind ? `${P}-${kind}` : ""}`, text }));
  });
  return el;
}

/**
 * Labels at the curves' ends, kept inside the plot and apart: each sits above its point, or
 * below it near the top edge; a label that would cover another one, or one of the fixed labels
 * in `taken` (the reference lines'), is moved down a line.
 * @param {ReturnType<typeof plot>} p
 * @param {Array<{x: number, y: number, text: string, cls: string, left: boolean}>} items
 * @param {Array<{x0: number, x1: number, y: number}>} taken
 * @param {number} charWidth  a character's width in viewBox units, about
 */
function endLabels(p, items, taken, charWidth) {
  const LINE = 13;
  const top = p.margin.t + 10;
  const bottom = p.height - p.margin.b - 3;
  const placed = [...taken];
  const boxes = items
    .map((it) => {
      const width = it.text.length * charWidth;
      const x0 = it.left ? it.x + 6 : it.x - 6 - width;
      const y = it.y - 5 < top ? it.y + 14 : it.y - 5;
      return { ...it, x0, x1: x0 + width, y };
    })
    .sort((a, b) => a.y - b.y);
  for (const b of boxes) {
    const hit = () => placed.find((o) => b.x0 < o.x1 && o.x0 < b.x1 && Math.abs(b.y - o.y) < LINE);
    for (let o = hit(), n = 0; o && n < 8; o = hit(), n += 1) b.y = o.y + LINE;
    b.y = Math.min(bottom, Math.max(top, b.y));
    placed.push(b);
    const t = s("text", {
      x: b.left ? b.x + 6 : b.x - 6,
      y: b.y,
      "text-anchor": b.left ? "start" : "end",
      class: `r1w-tick ${P}-end ${b.cls}`,
    });
    t.textContent = b.text;
    p.layer.append(t);
  }
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, SLUG, model.get("title"));

    // ---- the task, the policy and the two measures, first ---------------------------------------
    const taskNote = note("", `${P}-task`);
    const policyNote = note(
      "The policy is a lookup table of ours, not a transformer: one softmax over the next token for each state " +
        "(thinking or answering; the last digit it wrote; the prompt digit under a pointer that moves one place per digit " +
        "written).",
      `${P}-policy`,
    );
    const termsNote = note("", `${P}-terms`);
    box.append(taskNote, policyNote, termsNote);
    scope.watch(["task", "paper_recipe"], () => {
      const T = taskOf(model);
      taskNote.textContent =
        "A lab run live in this kernel: GRPO (chapter 02) trains a small policy with R1-Zero's kind of reward. The task: " +
        `read K digits (K from ${T.kMin} to ${T.kMax}) and give their sum mod 10. The policy may first write a scratchpad ` +
        "of digits, then the marker “=”, then one answer digit. A rule grades it: 1 if the answer digit is right, else 0 " +
        "(R1-Zero also had a format reward; this task needs none). Nothing rewards length, and a scratchpad longer than " +
        `${T.cap} digits ends the response with reward 0.`;
      // R1's evaluation temperature, if the kernel holds it (paper.py is the only source)
      const evalT = obj(obj(model.get("paper_recipe")).eval_temperature).value;
      termsNote.textContent =
        `pass@1: the share of ${int(T.evalPrompts)} fixed evaluation prompts (${int(T.evalPrompts / T.ks.length)} per K) ` +
        "answered right, one sample each, drawn from the policy as in training (temperature 1); R1's reported pass@1 " +
        `averages several samples per question${finite(evalT) ? ` at temperature ${String(evalT)}` : ""} (chapter 04). ` +
        "Length: every token written (scratchpad, “=”, answer), so 2 with no scratchpad and K + 2 with one running sum " +
        "per prompt digit.";
    });

    // ---- run controls and the status line -----------------------------------------------------------
    // The label says what a press does next (Train / Pause), from the kernel's `running`; no
    // aria-pressed on top of it, or a screen reader would say "Pause, toggle button, pressed".
    // Once a run has reached its last step, Train and Step stay focusable but aria-disabled, and
    // the status line (their description) says why.
    const status = h("p", {
      cls: `r1w-note ${P}-status`,
      attrs: { id: newId(), role: "status", "aria-live": "polite" },
    });
    const finished = () =>
      !model.get("running") &&
      boundedInt(model.get("step_count"), 0, STEP_CAP) >= taskOf(model).maxSteps;
    const summary = () =>
      `pass@1 ${pct(model.get("pass_at_1"), 1)}, length ${num(model.get("mean_length"), 2)} tokens`;
    const finishedText = () =>
      `Finished at step ${int(taskOf(model).maxSteps)}: ${summary()}. Reset to train again.`;
    const unlessFinished = (action) => () => {
      if (finished()) status.textContent = finishedText();
      else scope.act(typeof action === "function" ? action() : action);
    };
    const trainBtn = button(
      "Train",
      unlessFinished(() => (model.get("running") ? "pause" : "play")),
      `r1w-primary ${P}-train`,
    );
    const stepBtn = button("Step", unlessFinished("step"), `${P}-step`);
    const resetBtn = button("Reset", () => scope.act("reset"), `${P}-reset`);
    for (const b of [trainBtn, stepBtn]) b.setAttribute("aria-describedby", status.id);
    box.append(
      h(
        "div",
        { cls: `${P}-run` },
        h(
          "div",
          { cls: "r1w-row", attrs: { role: "group", "aria-label": "Training" } },
          trainBtn,
          stepBtn,
          resetBtn,
        ),
        status,
      ),
    );

    // ---- read-outs (not live: they change every chunk while training) -------------------------------
    const stats = {
      step: stat("GRPO step", `${P}-steps`),
      pass: stat("pass@1, % right (evaluation set)", `${P}-pass`),
      length: stat("Mean length (tokens)", `${P}-length`),
      reward: stat("Train reward: % right, last batch", `${P}-reward`),
      kl: stat("KL to the start, nats per response (last batch)", `${P}-kl`),
    };
    box.append(h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)));

    // ---- settings ------------------------------------------------------------------------------------
    const lr = slider(scope, {
      name: "learning_rate",
      label: "Learning rate (Adam)",
      values: ladder(0.001, 0.5, { extra: [0.05, 0.07] }),
      format: (v) => String(Number(v.toPrecision(3))),
    });
    const beta = slider(scope, {
      name: "kl_beta",
      label: "KL coefficient β",
      values: ladder(0.001, 1, { zero: true, extra: [0.04, 0.15] }),
      format: (v) => String(Number(v.toPrecision(3))),
    });
    const group = slider(scope, {
      name: "group_size",
      label: "Group size G",
      min: GROUP[0],
      max: GROUP[1],
      step: 1,
      format: (v) => `${v}`,
      unit: "rollouts",
    });
    const seed = slider(scope, {
      name: "seed",
      label: "Seed",
      min: 0,
      max: 999,
      step: 1,
      format: (v) => `${v}`,
    });
    const prior = toggle(scope, { name: "prior", label: "Pretrained prior" });
    const wide = toggle(scope, { name: "wide_answer", label: "Answer step sees the whole sum" });
    box.append(
      h("div", { cls: "r1w-label", text: "Settings of the run" }),
      sliders(lr, beta, group, seed),
      h("div", { cls: `r1w-row ${P}-toggles` }, prior.el, wide.el),
      note(
        "Changing a setting starts a new run from step 0 (and stops training); an earlier run stays on the chart, " +
          "dashed, for comparison.",
        `${P}-new-run`,
      ),
      errorLine(scope),
    );

    // ---- chart 1: pass@1 and mean length by step ------------------------------------------------------
    const curveBox = h("div", { cls: `${P}-chart ${P}-curves` });
    const curveTable = h("div");
    const prevKey = h("span", { cls: `r1w-legend-item ${P}-prev-key` });
    const refNote = note("", `${P}-ref-note`);
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Accuracy and length by GRPO step: pass@1 (left axis, %) and mean length (right axis, tokens)",
      }),
      curveBox,
      h(
        "div",
        { cls: "r1w-legend" },
        h(
          "span",
          { cls: "r1w-legend-item" },
          h("span", { cls: `r1w-swatch ${P}-sw ${P}-sw-pass` }),
          "pass@1, this run (left axis)",
        ),
        h(
          "span",
          { cls: "r1w-legend-item" },
          h("span", { cls: `r1w-swatch ${P}-sw ${P}-sw-length` }),
          "mean length, this run (right axis)",
        ),
        prevKey,
        h(
          "span",
          { cls: "r1w-legend-item" },
          h("span", { cls: `r1w-swatch ${P}-sw ${P}-sw-ref` }),
          "dotted: reference lengths",
        ),
      ),
      refNote,
      curveTable,
    );

    // On a narrow screen the chart is drawn from a narrower viewBox, so its text keeps its size
    // and the axis titles keep clear of the ticks (redrawn when the width crosses NARROW).
    const NARROW = 560;
    const isNarrow = () => {
      const w = curveBox.getBoundingClientRect().width;
      return w > 0 && w < NARROW;
    };
    let drawnNarrow = false;
    let tableKey = "";
    const drawCurves = () => {
      drawnNarrow = isNarrow();
      const T = taskOf(model);
      const hist = points(model.get("history"), T);
      const prev = points(model.get("previous_history"), T);
      const label = String(model.get("previous_label") ?? "");
      const last = (pts) => (pts.length ? pts[pts.length - 1].step : 0);
      const reach = Math.max(
        last(hist),
        last(prev),
        boundedInt(model.get("step_count"), 0, T.maxSteps),
      );
      // 0..400 (the take-off and its end), then straight to the whole run: two scales, not six
      const end = reach <= 400 && T.maxSteps > 400 ? 400 : T.maxSteps;
      const p = plot({
        width: drawnNarrow ? 420 : 640,
        height: drawnNarrow ? 300 : 280,
        x: [0, end],
        y: [0, 1],
        xTicks: stepTicks(end),
        yTicks: [0, 0.25, 0.5, 0.75, 1],
        yFormat: (v) => pct(v, 0),
        xLabel: "GRPO step",
        yLabel: "pass@1 (%)",
        margin: drawnNarrow ? { l: 62, r: 58, t: 16, b: 38 } : { l: 58, r: 60, t: 16, b: 38 },
      });
      // the right axis: tokens, 0..lenTop on the same grid as 0..100 %
      const xr = p.width - p.margin.r;
      const axis = s("g", { class: "r1w-axes" });
      axis.append(s("line", { x1: xr, x2: xr, y1: p.margin.t, y2: p.height - p.margin.b }));
      for (const q of [0, 1, 2, 3, 4]) {
        const v = (q * T.lenTop) / 4;
        const y = p.sy(q / 4);
        axis.append(s("line", { x1: xr, x2: xr + 4, y1: y, y2: y }));
        const t = s("text", { x: xr + 7, y: y + 4, "text-anchor": "start", class: "r1w-tick" });
        t.textContent = String(v);
        axis.append(t);
      }
      const ym = (p.margin.t + p.height - p.margin.b) / 2;
      const xt = p.width - 10;
      const right = s("text", {
        x: xt,
        y: ym,
        "text-anchor": "middle",
        class: "r1w-axis-label",
        transform: `rotate(90 ${xt} ${ym})`,
      });
      right.textContent = "mean length (tokens)";
      axis.append(right);
      p.svg.insertBefore(axis, p.layer);

      // reference lengths: thin, dotted, grey, under the runs; their labels (left end, with a
      // halo) go over the runs, so a curve never hides them
      const fullMean = num(T.fullMean, Number.isInteger(T.fullMean) ? 0 : 1);
      // SVG text grows by up to 1.5 in a narrow output (keepTextSize): a character's width, about
      const charWidth = 6.2 * (drawnNarrow ? Math.min(1.5, p.width / 360) : 1);
      const refs = [
        [2, "no scratchpad: 2 tokens"],
        [T.fullMean, `full scratchpad: mean K + 2 = ${fullMean} tokens`],
      ].map(([v, text]) => {
        hline(p, v / T.lenTop, "", `${P}-ref`);
        const box = { x0: p.margin.l + 4, y: p.sy(v / T.lenTop) - 4 };
        const t = s("text", {
          x: box.x0,
          y: box.y,
          "text-anchor": "start",
          class: `r1w-ref-label ${P}-ref-label`,
        });
        t.textContent = text;
        return { t, ...box, x1: box.x0 + text.length * charWidth };
      });
      const pass = (pts) => pts.map((q) => [q.step, q.pass]);
      const len = (pts) => pts.map((q) => [q.step, q.length / T.lenTop]);
      const ends = [];
      const endAt = (pts, names, cls) => {
        const q = pts[pts.length - 1];
        const x = p.sx(q.step);
        const left = q.step < end / 2;
        ends.push(
          { x, y: p.sy(q.pass), text: names[0], cls: `${P}-end-pass ${cls}`, left },
          { x, y: p.sy(q.length / T.lenTop), text: names[1], cls: `${P}-end-length ${cls}`, left },
        );
      };
      if (prev.length) {
        line(p, pass(prev), `r1w-line r1w-c1 ${P}-prev ${P}-prev-pass`);
        line(p, len(prev), `r1w-line r1w-c2 ${P}-prev ${P}-prev-length`);
        endAt(prev, ["pass@1, previous", "length, previous"], `${P}-end-prev`);
      }
      line(p, len(hist), `r1w-line r1w-c2 ${P}-now-length`);
      line(p, pass(hist), `r1w-line r1w-c1 ${P}-now-pass`);
      if (hist.length) {
        const q = hist[hist.length - 1];
        const x = p.sx(q.step);
        // a dot at each curve's current end: visible from the first point on
        p.layer.append(
          s("circle", {
            cx: x,
            cy: p.sy(q.length / T.lenTop),
            r: 3.5,
            class: `r1w-dot ${P}-dot-length`,
          }),
          s("circle", { cx: x, cy: p.sy(q.pass), r: 3.5, class: `r1w-dot ${P}-dot-pass` }),
        );
        endAt(hist, ["pass@1", "length"], `${P}-end-now`);
      }
      p.layer.append(...refs.map((r) => r.t));
      // direct labels at the ends, so no curve rests on colour alone
      endLabels(p, ends, refs, charWidth);
      const at = (q) =>
        `step ${int(q.step)}: pass@1 ${pct(q.pass, 1)}, mean length ${num(q.length, 2)} tokens`;
      const now = hist.length ? hist[hist.length - 1] : null;
      const then = prev.length ? prev[prev.length - 1] : null;
      chartLabel(
        p.svg,
        `Line chart of this run: pass@1 (left axis, 0 to 100%) and mean length (right axis, 0 to ${T.lenTop} tokens) ` +
          `against GRPO step, 0 to ${int(end)}. ` +
          (now ? `Started at ${at(hist[0])}; now at ${at(now)}. ` : "No points yet. ") +
          (then ? `Dashed, the previous run (${label}), ending at ${at(then)}. ` : "") +
          `Dotted reference lines at 2 tokens (no scratchpad) and ${fullMean} tokens (full scratchpad, mean over K). ` +
          "The table after the chart lists the values.",
      );
      clear(curveBox);
      curveBox.append(p.svg);

      clear(prevKey);
      if (prev.length)
        prevKey.append(
          h("span", { cls: `r1w-swatch ${P}-sw ${P}-sw-prev` }),
          `dashed: previous run (${label})`,
        );
      prevKey.hidden = !prev.length;
      refNote.textContent =
        `Dotted lines on the length axis: 2 tokens is no scratchpad (“=” and the answer); ${fullMean} tokens is the ` +
        `full scratchpad K + 2, averaged over K = ${T.kMin}..${T.kMax} (the evaluation set holds as many prompts of each K).`;

      // for a screen reader: every 25 steps, and the last point once the run stops. Rebuilt only
      // when a row comes or goes, not at every chunk.
      const running = Boolean(model.get("running"));
      const rows = hist
        .filter((q, i) => q.step % 25 === 0 || (!running && i === hist.length - 1))
        .map((q) => [int(q.step), pct(q.pass, 1), num(q.length, 2)]);
      const key = JSON.stringify(rows);
      if (key !== tableKey) {
        tableKey = key;
        clear(curveTable);
        curveTable.append(
          srTable(
            "This run, every 25 steps and where it stopped: pass@1 and mean length",
            ["GRPO step", "pass@1", "Mean length (tokens)"],
            rows,
          ),
        );
      }
    };
    scope.watch(
      ["history", "previous_history", "previous_label", "step_count", "running", "task"],
      drawCurves,
      { frame: true },
    );
    const resized =
      typeof ResizeObserver === "function"
        ? new ResizeObserver(() => {
            if (isNarrow() !== drawnNarrow) drawCurves();
          })
        : null;
    resized?.observe(curveBox);

    // ---- chart 2: length per K at the current step ------------------------------------------------------
    const kBox = h("div", { cls: `${P}-chart ${P}-by-k` });
    const kPass = h("p", { cls: `r1w-note ${P}-pass-by-k` });
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Mean length per prompt length K at the current step; dashed: K + 2, the full scratchpad",
      }),
      kBox,
      kPass,
    );
    const drawByK = () => {
      const T = taskOf(model);
      const tokens = (v) => (finite(v) ? Math.min(T.lenTop, Math.max(0, v)) : 0);
      const lengths = T.ks.map((_, i) => tokens(list(model.get("length_by_k"), T.ks.length)[i]));
      const passes = list(model.get("pass_by_k"), T.ks.length);
      const step = boundedInt(model.get("step_count"), 0, T.maxSteps);
      const p = plot({
        width: 440,
        height: 210,
        x: [0, 1],
        y: [0, T.lenTop],
        yTicks: [0, 1, 2, 3, 4].map((q) => (q * T.lenTop) / 4),
        xLabel: "prompt length K (digits)",
        yLabel: "tokens",
        margin: { l: 44, r: 10, t: 12, b: 50 },
      });
      const { slot } = bars(p, lengths, {
        cls: () => `r1w-c2 ${P}-bar`,
        labels: T.ks.map((k) => `K = ${k}`),
      });
      T.ks.forEach((k, i) => {
        const x0 = p.margin.l + slot * i;
        const y = p.sy(k + 2);
        p.layer.append(
          s("line", { x1: x0 + 2, x2: x0 + slot - 2, y1: y, y2: y, class: `${P}-full` }),
        );
        // the value inside its bar, near the top (below the K + 2 mark when the two meet)
        const top = p.sy(lengths[i]);
        const yv = y >= top && y < top + 14 ? y + 12 : top + 12;
        const t = s("text", {
          x: x0 + slot / 2,
          y: Math.min(yv, p.sy(0) - 2),
          "text-anchor": "middle",
          class: `r1w-tick ${P}-bar-value`,
        });
        t.textContent = num(lengths[i], 1);
        p.layer.append(t);
      });
      const said = T.ks.map(
        (k, i) => `K = ${k}: ${num(lengths[i], 2)} tokens (full scratchpad ${k + 2})`,
      );
      chartLabel(
        p.svg,
        `Bar chart: mean length per prompt length K at step ${int(step)}; ${said.join("; ")}.`,
      );
      clear(kBox);
      kBox.append(p.svg);
      kPass.textContent = `pass@1 per K at step ${int(step)}: ${T.ks.map((k, i) => `K = ${k}: ${pct(passes[i], 1)}`).join("; ")}.`;
    };
    scope.watch(["length_by_k", "pass_by_k", "step_count", "task"], drawByK, { frame: true });

    // ---- one sampled group ------------------------------------------------------------------------------
    const T0 = taskOf(model); // the kernel's task, as it was at render: the slider's bounds
    const kSlider = slider(scope, {
      name: "sample_k",
      label: "Sample's prompt length K",
      min: T0.kMin,
      max: T0.kMax,
      step: 1,
      format: (v) => `${v}`,
      unit: "digits",
    });
    const promptLine = h("div", { cls: `${P}-prompt` });
    const sumsLine = h("div", { cls: `${P}-prompt` });
    const groupLine = h("p", { cls: `r1w-note ${P}-group-line` });
    const body = h("tbody");
    const table = h(
      "table",
      { cls: `r1w-table ${P}-group` },
      h("caption", { cls: "r1w-sr-only", text: "Sampled rollouts of the current policy" }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["#", "Response", "Tokens", "Reward", "Advantage"].map((t, i) =>
            h("th", { text: t, attrs: { scope: "col", class: i === 1 ? "r1w-left" : "" } }),
          ),
        ),
      ),
      body,
    );
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "One group sampled from the current policy",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      sliders(kSlider),
      promptLine,
      sumsLine,
      scrollArea(table, "Sampled rollouts: response, tokens, reward and advantage"),
      groupLine,
      note(
        "A rollout's advantage = (reward − group mean) / group std (population std), as in chapter 02: above zero for a " +
          "rollout that beat its group, below for one that fell short. When a group's rewards are all equal, every " +
          "advantage is 0 and the rewards teach nothing (only the KL term still acts). At the start, with about 10% " +
          "right, almost half the groups of 8 are all wrong; at the end almost all are all right.",
        `${P}-adv-note`,
      ),
    );
    const drawSamples = () => {
      const T = taskOf(model);
      const sm = obj(model.get("samples"));
      const digits = list(sm.prompt, T.kMax).map((d) => String(d));
      const sums = list(sm.running_sums, T.kMax).map((d) => String(d));
      clear(promptLine);
      promptLine.append(
        h("span", { cls: "r1w-stat-label", text: "Prompt" }),
        tokenRow(digits.map((d) => [d, "digit"])),
        h("span", {
          cls: "r1w-muted",
          text: `→ right answer ${String(sm.answer ?? "–")} (sum mod 10)`,
        }),
      );
      clear(sumsLine);
      sumsLine.append(
        h("span", { cls: "r1w-stat-label", text: "Right running sums (a full scratchpad)" }),
        tokenRow([
          ...sums.map((d) => [d, "digit"]),
          ["=", "marker"],
          [String(sm.answer ?? "–"), "answer"],
        ]),
      );
      clear(body);
      const rollouts = list(sm.rollouts, MAX_SHOWN).map(obj);
      rollouts.forEach((r, i) => {
        const toks = list(r.tokens, T.maxTokens).map((t) => String(t));
        const marker = toks.indexOf("=");
        const items = toks.map((t, j) => [
          t,
          marker < 0 || j < marker ? "digit" : j === marker ? "marker" : "answer",
        ]);
        const response = h("td", { cls: "r1w-left" }, tokenRow(items));
        if (r.over_cap)
          response.append(" ", h("span", { cls: `${P}-over`, text: "over the cap: no answer" }));
        const right = r.reward === 1;
        // the symbol and the value on screen, the word for a screen reader too
        const reward = h(
          "td",
          { cls: right ? "r1w-good" : "r1w-bad" },
          right ? "✓ 1" : "✗ 0",
          srOnly(right ? " right" : r.over_cap ? " over the cap" : " wrong"),
        );
        const a = finite(r.advantage) ? r.advantage : 0;
        body.append(
          h(
            "tr",
            {},
            h("td", { text: String(i + 1) }),
            response,
            h("td", { text: int(r.length) }),
            reward,
            h("td", { cls: a > 0 ? "r1w-good" : a < 0 ? "r1w-bad" : "", text: signed(a, 2) }),
          ),
        );
      });
      const g = boundedInt(sm.group_size, GROUP[0], GROUP[1]);
      const which =
        rollouts.length >= g
          ? `The group's ${g} rollouts`
          : `The first ${rollouts.length} of the group's ${g} rollouts`;
      groupLine.textContent = rollouts.length
        ? `${which}, sampled at step ${int(model.get("step_count"))} for a prompt of ` +
          `${boundedInt(sm.k, T.kMin, T.kMax)} digits (a fresh group, not one the step trained on).`
        : "No rollouts to show.";
    };
    scope.watch(["samples", "task"], drawSamples, { frame: true });

    // ---- read-outs and the status line ------------------------------------------------------------------
    // What matters, said once: started, paused at step N, finished, a new run. Not every chunk.
    let wasRunning = Boolean(model.get("running"));
    let lastStep = boundedInt(model.get("step_count"), 0, STEP_CAP);
    let lastRun = model.get("run_id");
    const drawStats = () => {
      const T = taskOf(model);
      const running = Boolean(model.get("running"));
      const step = boundedInt(model.get("step_count"), 0, T.maxSteps);
      const runId = model.get("run_id");
      const done = finished();
      stats.step.set(`${int(step)} of ${int(T.maxSteps)}`);
      stats.pass.set(pct(model.get("pass_at_1"), 1));
      stats.length.set(num(model.get("mean_length"), 2));
      stats.kl.set(step ? num(model.get("kl"), 2) : "– (no step yet)");
      stats.reward.set(step ? pct(model.get("train_reward"), 1) : "– (no step yet)");
      trainBtn.textContent = running ? "Pause" : "Train";
      for (const b of [trainBtn, stepBtn]) b.setAttribute("aria-disabled", String(done));
      let said = "";
      if (runId !== lastRun)
        said = `${wasRunning ? "Training stopped. " : ""}New run from step 0: ${summary()}.`;
      else if (running && !wasRunning) said = `Training from step ${int(step)}.`;
      else if (!running && wasRunning)
        said = done ? finishedText() : `Paused at step ${int(step)}: ${summary()}.`;
      else if (!running && step > lastStep) said = `Step ${int(step)}: ${summary()}.`;
      if (said) status.textContent = said;
      wasRunning = running;
      lastStep = step;
      lastRun = runId;
    };
    status.textContent = wasRunning
      ? `Training, at step ${int(lastStep)}.`
      : finished()
        ? finishedText()
        : `Press Train: the kernel trains ${int(taskOf(model).chunk)} steps at a time and redraws after each.`;
    scope.watch(
      [
        "run_id",
        "running",
        "step_count",
        "max_steps",
        "pass_at_1",
        "mean_length",
        "kl",
        "train_reward",
        "task",
      ],
      drawStats,
    );

    // ---- two short notes, then the long ones folded ------------------------------------------------------
    const fold = (summaryText, cls, ...children) =>
      h("details", { cls: `${P}-more ${cls}` }, h("summary", { text: summaryText }), ...children);
    const recipeBody = h("tbody");
    const recipe = h(
      "table",
      { cls: `r1w-table ${P}-recipe` },
      h("caption", {
        cls: `${P}-caption`,
        text: "This lab beside R1-Zero's published RL settings",
      }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Setting", "This lab (ours)", "R1-Zero (published)", "Source"].map((t, i) =>
            h("th", {
              text: t,
              attrs: { scope: "col", class: i === 0 || i === 3 ? "r1w-left" : "" },
            }),
          ),
        ),
      ),
      recipeBody,
    );
    const updatesNote = note("", `${P}-updates`);
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "What to watch, and what to try",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      note(
        "With the defaults little happens at first. Length starts to climb a little before accuracy; then, somewhere " +
          "between steps 150 and 300, both rise steeply together, to about 99% and 6 tokens by step 400: a full " +
          "scratchpad on every prompt, longer for longer prompts (the bars). Nothing rewarded length: writing the running " +
          "sums made answers right, and RL reinforced it. Trained on to step 1,000, length drifts a little above K + 2 " +
          "(about 6.2 tokens): repeating the last digit costs nothing when length is neither rewarded nor penalised.",
        `${P}-lesson`,
      ),
      note(
        "Then try the toggles. With “Answer step sees the whole sum” the scratchpad is useless: accuracy still rises and " +
          "length falls to about 2 tokens. Without the “Pretrained prior” accuracy stays near a guess. The notes below " +
          "explain both, and what β, the learning rate and G do.",
        `${P}-try`,
      ),
      fold(
        "How the policy and its pretrained prior work",
        `${P}-more-policy`,
        note(
          "Writing the running sum (last digit + digit under the pointer, mod 10) at every step leaves the answer as the " +
            "last digit written. The answer step itself adds the digit under the pointer, so K − 1 sums already suffice " +
            "(K + 1 tokens); trained, the policy usually writes all K. Answering at once, it sees only the first prompt " +
            "digit and is right only by luck.",
        ),
        note(
          "The pretrained prior is our stand-in for a base model: a small logit bonus on the one-step sum in every state, " +
            "and a larger one on “=” while thinking, a habit of answering at once. Past the end of the prompt the same " +
            "bonus favours answering with the last digit written. Each step is right only about 17% of the time, so a " +
            "whole right scratchpad is rare at first (about 1 in 200 for K = 2): RL builds on those rare successes. At " +
            "step 0 the policy is right about 10% of the time, a guess, and writes about 3.1 tokens.",
          `${P}-prior-skill`,
        ),
      ),
      fold(
        "Why length grows here, and what that says about R1-Zero",
        `${P}-more-why`,
        note(
          "R1-Zero's responses grew longer during RL too, with rewards for accuracy and format only (chapter 04). Here " +
            "the growth is forced: the table remembers only the last digit it wrote and sees only the digit under the " +
            "pointer, so writing the running sums is its only way to carry the sum to the answer. We built the task that " +
            "way. A transformer sees its whole context, and for R1-Zero other causes have been proposed, such as how GRPO " +
            "is usually implemented: dividing each response's loss by its length penalises a long wrong answer less than " +
            "a short one (chapter 04). This lab sums over each response's tokens, as R1's equation 1 does, so that effect " +
            "is absent; with the per-response average instead, our runs end the same (about 99% and 6 tokens at step 400, " +
            "seeds 0 to 2). The lab shows one way length can grow with no reward for it, not why R1-Zero's did.",
          `${P}-why`,
        ),
      ),
      fold(
        "The two toggles",
        `${P}-more-toggles`,
        note(
          "“Answer step sees the whole sum” is a control: the answering state sees the true sum in place of the " +
            "pointer's digit, so answering at once can be right (pass@1 starts near 21%). The scratchpad then earns " +
            "nothing: accuracy passes 98% within 100 steps and length falls to about 2 tokens. The few rows for answering " +
            "at once (last digit 0, one per sum) serve every prompt, so they are learned first. With the defaults, length " +
            "grew only because thinking paid.",
          `${P}-wide-note`,
        ),
        note(
          "“Pretrained prior” off: every logit starts at 0. Responses start long and random (about 7.4 tokens) and " +
            "pass@1 stays near a guess (about 10%) for 400 steps: RL reinforces what the policy already does now and " +
            "then, and a right chain of running sums is too rare to find. Length still falls, to about 5.7 tokens, close " +
            "to the 6-token line: RL learns only to stop before the cap, which always scores 0. Those are random digits, " +
            "not a scratchpad: length alone is not reasoning. R1-Zero's RL, too, began from a pretrained model, " +
            "DeepSeek-V3-Base.",
          `${P}-prior-note`,
        ),
      ),
      fold(
        "When it fails: β, learning rate, group size",
        `${P}-more-fail`,
        note(
          "β = 0 with learning rate 0.2: some thinking states lock onto “=”, and almost every rollout that reaches one " +
            "stops there. A group's advantages add up to zero, so a row that every rollout of the group passes with the " +
            "same choice gets no net push, however the guesses turn out; only a rollout that writes a digit there could " +
            "teach it, and almost none does. pass@1 stalls: seeds 0 to 2 ended between 44% and 89% at step 1,000. With " +
            "β > 0 the KL pulls such rows back toward the start, where “=” had about 47%.",
          `${P}-lock`,
        ),
        note(
          "A large β holds the policy near its start: at 0.15 the take-off comes near step 400 instead of about 200; at " +
            "0.3 pass@1 stays near 10% through step 1,000. At G = 2 most pairs score 0 and 0 and teach nothing: " +
            "learning barely starts by step 400.",
          `${P}-slow`,
        ),
      ),
      fold(
        "Simplified on purpose, and R1-Zero's own settings",
        `${P}-more-simplified`,
        note(
          "A lookup table, not a transformer, updated by Adam. The KL to the start is exact: KL(π‖π_ref) in each state " +
            "a rollout visits, the quantity R1's equation 2 estimates with k3 (an estimate from the sampled tokens, " +
            "chapter 02). A language-model trainer has only the sampled tokens; if it adds k3 to its loss and " +
            "differentiates it, as DeepSeekMath describes and TRL does, on average it follows the gradient of the reverse " +
            "direction, KL(π_ref‖π), which resists dropping any token the start allowed. Swapped in here, that version " +
            "stalls near 92% at β = 0.04 (seeds 0 to 2, step 400).",
          `${P}-simplified`,
        ),
        updatesNote,
        scrollArea(recipe, "This lab's settings beside R1-Zero's published RL settings"),
        note(
          "β and the learning rate do not carry over: on a table, with Adam and the KL summed over a response, their " +
            "scale means something else. Every number the lab shows is ours, illustrative, from this toy; only the " +
            "published column is the paper's.",
        ),
      ),
    );
    const drawRecipe = () => {
      const T = taskOf(model);
      const r = obj(model.get("paper_recipe"));
      const value = (name) => (finite(obj(r[name]).value) ? obj(r[name]).value : NaN);
      // a published setting: 3×10⁻⁶ for a tiny rate, 10,400 for a count
      const fmt = (v) =>
        !finite(v) ? "–" : v > 0 && v < 1e-4 ? sci(v, 0) : v >= 1000 ? int(v) : String(v);
      const g = boundedInt(model.get("group_size"), GROUP[0], GROUP[1]);
      const rows = [
        ["group_size", `G = ${g}`],
        ["kl_beta", `β = ${String(model.get("kl_beta"))}`],
        ["learning_rate", `${String(model.get("learning_rate"))} (Adam on a table)`],
        ["steps", `up to ${int(T.maxSteps)}`],
        ["temperature", "1 (the softmax as it is)"],
        ["questions_per_step", int(T.prompts)],
        ["outputs_per_rollout", `${int(T.prompts)} × G = ${int(T.prompts * g)}`],
        ["minibatches", "1 (one update per batch)"],
        ["reference_reset", "never: the starting table", (v) => `${fmt(v)} steps`],
      ];
      clear(recipeBody);
      for (const [name, mine, shown = fmt] of rows) {
        const e = obj(r[name]);
        if (!Object.keys(e).length) continue; // only what the kernel holds
        recipeBody.append(
          h(
            "tr",
            {},
            h("th", { text: String(e.label ?? name), attrs: { scope: "row", class: "r1w-left" } }),
            h("td", { text: mine }),
            h("td", { text: finite(e.value) ? shown(e.value) : "–" }),
            h("td", { cls: "r1w-left", text: String(e.source ?? "") }),
          ),
        );
      }
      const outputs = value("outputs_per_rollout");
      const batches = value("minibatches");
      const reset = value("reference_reset");
      updatesNote.textContent =
        `Each step here samples ${int(T.prompts)} prompts × G rollouts and takes one update on them, so every probability ` +
        "ratio is 1 and a clip would never bind (there is none). " +
        (finite(outputs) && finite(batches)
          ? `R1-Zero split each rollout phase's ${int(outputs)} outputs into ${int(batches)} minibatches with one update ` +
            "each, so after the first its ratios moved off 1, where GRPO's clip acts (R1-Zero's clip ratio is not " +
            "published). "
          : "") +
        "The reference here stays the starting table" +
        (finite(reset)
          ? `; R1-Zero's was replaced by the latest policy every ${int(reset)} steps.`
          : ".");
    };
    scope.watch(["paper_recipe", "group_size", "kl_beta", "learning_rate", "task"], drawRecipe);

    return () => {
      resized?.disconnect();
      scope.cleanup();
    };
  },
};
