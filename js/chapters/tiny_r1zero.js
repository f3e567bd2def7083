// Chapter 17 view (the lab): a tiny R1-Zero trained live by GRPO in the kernel. The kernel trains,
// evaluates and samples (core/tiny_r1zero.py); this view sends play/pause/step/reset, writes the
// settings back and draws what the kernel holds: accuracy and length by step (this run and the
// last one, dashed), length per prompt length K, and one sampled group with rewards and advantages.
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
  plot,
  line,
  hline,
  bars,
  clear,
  chartLabel,
  srTable,
  scrollArea,
  boundedInt,
  num,
  signed,
  pct,
  int,
  sci,
} from "../lib/kit.js";

const SLUG = "tiny-r1zero";
const P = `r1w-${SLUG}`;
// The task's fixed sizes (core/tiny_r1zero.py): prompt lengths, the scratchpad cap, the batch.
const K_MIN = 2;
const K_MAX = 6;
const KS = [2, 3, 4, 5, 6];
const SCRATCH_CAP = 9; // digits; one more ends the response with reward 0
const MAX_TOKENS = SCRATCH_CAP + 2; // the longest response: a full-cap scratchpad, "=", answer
const MAX_STEPS = 1000; // the slider-free bound of a run (the kernel's max_steps)
const MAX_POINTS = 400; // history points drawn at most (the kernel keeps one per 5 steps: 201)
const MAX_SHOWN = 8; // rollouts of the sample group the kernel shows at most
const GROUP = [2, 32]; // the group size's bounds
const LEN_TOP = 12; // the length axis: 0..12 tokens, so its ticks 0, 3, 6, 9, 12 share the % grid
const NO_SCRATCH = 2; // "=" and the answer
const FULL_MEAN = 6; // the full scratchpad K + 2, averaged over K = 2..6 (4 + 5 + 6 + 7 + 8) / 5
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const share = (v) => (finite(v) ? Math.min(1, Math.max(0, v)) : 0);
const tokens = (v) => (finite(v) ? Math.min(LEN_TOP, Math.max(0, v)) : 0);

/** History points {step, pass_at_1, mean_length} with finite numbers, at most MAX_POINTS. */
function points(v) {
  return list(v, MAX_POINTS)
    .map(obj)
    .filter((p) => finite(p.step) && finite(p.pass_at_1) && finite(p.mean_length))
    .map((p) => ({
      step: boundedInt(p.step, 0, MAX_STEPS),
      pass: share(p.pass_at_1),
      length: tokens(p.mean_length),
    }));
}

/** Round ticks for a step axis from 0 to `end`: every 100 steps, or 200 past 600. */
function stepTicks(end) {
  const every = end > 600 ? 200 : 100;
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

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, SLUG, model.get("title"));

    box.append(
      note(
        "A lab of our own, run live in this kernel: GRPO (chapter 02) trains a small policy with R1-Zero's kind of reward, " +
          "and you watch what it learns. The task: read K digits (K from 2 to 6) and give their sum mod 10. The policy may " +
          "first write a scratchpad of digits, then the marker “=”, then one answer digit. Reward: 1 if the answer digit is " +
          `right, else 0: a rule-based accuracy reward, as in chapter 03 (R1-Zero also had a format reward, which this task ` +
          `does not need). Nothing rewards length; a scratchpad longer than ${SCRATCH_CAP} digits (the cap) ends the response ` +
          "with reward 0.",
      ),
    );

    // ---- run controls and the status line -----------------------------------------------------------
    // The label says what a press does next (Train / Pause), from the kernel's `running`; no
    // aria-pressed on top of it, or a screen reader would say "Pause, toggle button, pressed".
    const trainBtn = button(
      "Train",
      () => scope.act(model.get("running") ? "pause" : "play"),
      `r1w-primary ${P}-train`,
    );
    const stepBtn = button("Step", () => scope.act("step"), `${P}-step`);
    const resetBtn = button("Reset", () => scope.act("reset"), `${P}-reset`);
    // What matters, said once: started, paused at step N, finished, a new run. Not every chunk.
    const status = h("p", {
      cls: `r1w-note ${P}-status`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    box.append(
      h(
        "div",
        { cls: "r1w-row", attrs: { role: "group", "aria-label": "Training" } },
        trainBtn,
        stepBtn,
        resetBtn,
      ),
      status,
    );

    // ---- read-outs (not live: they change every ten steps while training) ---------------------------
    const stats = {
      step: stat("GRPO step", `${P}-steps`),
      pass: stat("pass@1 (evaluation set)", `${P}-pass`),
      length: stat("Mean length (tokens)", `${P}-length`),
      kl: stat("KL to the start (nats)", `${P}-kl`),
      reward: stat("Train reward, last batch", `${P}-reward`),
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
        "Changing a setting starts a new run from step 0; the last run stays on the chart, dashed.",
        `${P}-new-run`,
      ),
      errorLine(scope),
    );

    // ---- chart 1: pass@1 and mean length by step ------------------------------------------------------
    const curveBox = h("div", { cls: `${P}-chart ${P}-curves` });
    const curveTable = h("div");
    const prevKey = h("span", { cls: `r1w-legend-item ${P}-prev-key` });
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
          "reference lengths",
        ),
      ),
      note(
        "Reference lines on the length axis: 2 tokens is no scratchpad (“=” and the answer); 6 tokens is the full scratchpad, " +
          "K + 2 tokens for a prompt of K digits, averaged over K = 2..6 (the evaluation set holds as many prompts of each K).",
        `${P}-ref-note`,
      ),
      curveTable,
    );

    // On a narrow screen the chart is drawn taller for its width, so it does not shrink to a
    // strip with tiny ticks (redrawn when the width crosses NARROW).
    const NARROW = 560;
    const isNarrow = () => {
      const w = curveBox.getBoundingClientRect().width;
      return w > 0 && w < NARROW;
    };
    let drawnNarrow = false;
    const drawCurves = () => {
      drawnNarrow = isNarrow();
      const hist = points(model.get("history"));
      const prev = points(model.get("previous_history"));
      const label = String(model.get("previous_label") ?? "");
      const last = (pts) => (pts.length ? pts[pts.length - 1].step : 0);
      const reach = Math.max(
        last(hist),
        last(prev),
        boundedInt(model.get("step_count"), 0, MAX_STEPS),
      );
      const end = Math.min(MAX_STEPS, Math.max(400, Math.ceil(reach / 100) * 100));
      const p = plot({
        width: 640,
        height: drawnNarrow ? 420 : 280,
        x: [0, end],
        y: [0, 1],
        xTicks: stepTicks(end),
        yTicks: [0, 0.25, 0.5, 0.75, 1],
        yFormat: (v) => pct(v, 0),
        xLabel: "GRPO step",
        yLabel: "pass@1 (%)",
        margin: { l: 56, r: 60, t: 12, b: 38 },
      });
      // the right axis: tokens, 0..12 on the same grid as 0..100 %
      const xr = p.width - p.margin.r;
      const axis = s("g", { class: "r1w-axes" });
      axis.append(s("line", { x1: xr, x2: xr, y1: p.margin.t, y2: p.height - p.margin.b }));
      for (const v of [0, 3, 6, 9, 12]) {
        const y = p.sy(v / LEN_TOP);
        axis.append(s("line", { x1: xr, x2: xr + 4, y1: y, y2: y }));
        const t = s("text", { x: xr + 7, y: y + 4, "text-anchor": "start", class: "r1w-tick" });
        t.textContent = String(v);
        axis.append(t);
      }
      const ym = (p.margin.t + p.height - p.margin.b) / 2;
      const right = s("text", {
        x: xr + 40,
        y: ym,
        "text-anchor": "middle",
        class: "r1w-axis-label",
        transform: `rotate(90 ${xr + 40} ${ym})`,
      });
      right.textContent = "mean length (tokens)";
      axis.append(right);
      p.svg.insertBefore(axis, p.layer);

      // reference lengths, labelled at the left end (the curves' current ends are on the right)
      for (const [v, text] of [
        [NO_SCRATCH, "no scratchpad: 2 tokens"],
        [FULL_MEAN, "full scratchpad: mean K + 2 = 6 tokens"],
      ]) {
        hline(p, v / LEN_TOP, "", `r1w-ref ${P}-ref`);
        const t = s("text", {
          x: p.margin.l + 4,
          y: p.sy(v / LEN_TOP) - 4,
          "text-anchor": "start",
          class: `r1w-ref-label ${P}-ref-label`,
        });
        t.textContent = text;
        p.layer.append(t);
      }
      const pass = (pts) => pts.map((q) => [q.step, q.pass]);
      const len = (pts) => pts.map((q) => [q.step, q.length / LEN_TOP]);
      if (prev.length) {
        line(p, pass(prev), `r1w-line r1w-c1 ${P}-prev ${P}-prev-pass`);
        line(p, len(prev), `r1w-line r1w-c2 ${P}-prev ${P}-prev-length`);
      }
      line(p, len(hist), `r1w-line r1w-c2 ${P}-now-length`);
      line(p, pass(hist), `r1w-line r1w-c1 ${P}-now-pass`);
      // direct labels at the current ends, so the two curves never rest on colour alone
      if (hist.length) {
        const q = hist[hist.length - 1];
        const x = p.sx(q.step);
        // a dot at each curve's current end: visible from the first point on
        p.layer.append(
          s("circle", {
            cx: x,
            cy: p.sy(q.length / LEN_TOP),
            r: 3.5,
            class: `r1w-dot ${P}-dot-length`,
          }),
          s("circle", { cx: x, cy: p.sy(q.pass), r: 3.5, class: `r1w-dot ${P}-dot-pass` }),
        );
        let [yp, yl] = [p.sy(q.pass), p.sy(q.length / LEN_TOP)];
        if (Math.abs(yp - yl) < 14) {
          const mid = (yp + yl) / 2;
          [yp, yl] = yp <= yl ? [mid - 7, mid + 7] : [mid + 7, mid - 7];
        }
        const leftHalf = q.step < end / 2;
        for (const [y, text, cls] of [
          [yp, "pass@1", "pass"],
          [yl, "length", "length"],
        ]) {
          const t = s("text", {
            x: leftHalf ? x + 6 : x - 6,
            y: y - 5,
            "text-anchor": leftHalf ? "start" : "end",
            class: `r1w-tick ${P}-end ${P}-end-${cls}`,
          });
          t.textContent = text;
          p.layer.append(t);
        }
      }
      const at = (q) =>
        `step ${int(q.step)}: pass@1 ${pct(q.pass, 1)}, mean length ${num(q.length, 2)} tokens`;
      const now = hist.length ? hist[hist.length - 1] : null;
      const then = prev.length ? prev[prev.length - 1] : null;
      chartLabel(
        p.svg,
        "Line chart of this run: pass@1 (left axis, 0 to 100%) and mean length (right axis, 0 to 12 tokens) " +
          `against GRPO step, 0 to ${int(end)}. ` +
          (now ? `Started at ${at(hist[0])}; now at ${at(now)}. ` : "No points yet. ") +
          (then ? `Dashed, the previous run (${label}), ending at ${at(then)}. ` : "") +
          "Reference lines at 2 tokens (no scratchpad) and 6 tokens (full scratchpad, mean over K). " +
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

      // every 25 steps and the current point, for a screen reader
      const rows = hist
        .filter((q, i) => q.step % 25 === 0 || i === hist.length - 1)
        .map((q) => [int(q.step), pct(q.pass, 1), num(q.length, 2)]);
      clear(curveTable);
      curveTable.append(
        srTable(
          "This run, every 25 steps and now: pass@1 and mean length",
          ["GRPO step", "pass@1", "Mean length (tokens)"],
          rows,
        ),
      );
    };
    scope.watch(["history", "previous_history", "previous_label", "step_count"], drawCurves, {
      frame: true,
    });
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
        text: "Mean length per prompt length K at the current step; the dashed mark is K + 2, the full scratchpad",
      }),
      kBox,
      kPass,
    );
    const drawByK = () => {
      const lengths = KS.map((_, i) => tokens(list(model.get("length_by_k"), KS.length)[i]));
      const passes = list(model.get("pass_by_k"), KS.length);
      const step = boundedInt(model.get("step_count"), 0, MAX_STEPS);
      const p = plot({
        width: 440,
        height: 210,
        x: [0, 1],
        y: [0, LEN_TOP],
        yTicks: [0, 3, 6, 9, 12],
        xLabel: "prompt length K (digits)",
        yLabel: "tokens",
        margin: { l: 44, r: 10, t: 12, b: 50 },
      });
      const { slot } = bars(p, lengths, {
        cls: () => `r1w-c2 ${P}-bar`,
        labels: KS.map((k) => `K = ${k}`),
      });
      KS.forEach((k, i) => {
        const x0 = p.margin.l + slot * i;
        const y = p.sy(k + 2);
        p.layer.append(
          s("line", { x1: x0 + 2, x2: x0 + slot - 2, y1: y, y2: y, class: `r1w-ref ${P}-full` }),
        );
        const t = s("text", {
          x: x0 + slot / 2,
          y: Math.min(p.sy(lengths[i]), y) - 4,
          "text-anchor": "middle",
          class: `r1w-tick ${P}-bar-value`,
        });
        t.textContent = num(lengths[i], 1);
        p.layer.append(t);
      });
      const said = KS.map(
        (k, i) => `K = ${k}: ${num(lengths[i], 2)} tokens (full scratchpad ${k + 2})`,
      );
      chartLabel(
        p.svg,
        `Bar chart: mean length per prompt length K at step ${int(step)}; ${said.join("; ")}.`,
      );
      clear(kBox);
      kBox.append(p.svg);
      kPass.textContent = `pass@1 per K at step ${int(step)}: ${KS.map((k, i) => `K = ${k} ${pct(passes[i], 1)}`).join(", ")}.`;
    };
    scope.watch(["length_by_k", "pass_by_k", "step_count"], drawByK, { frame: true });

    // ---- one sampled group ------------------------------------------------------------------------------
    const kSlider = slider(scope, {
      name: "sample_k",
      label: "Sample's prompt length K",
      min: K_MIN,
      max: K_MAX,
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
          "rollout that beat its group, below for one that fell short. When every reward of a group is equal (all wrong at the " +
          "start, all right at the end), every advantage is 0 and that group teaches nothing.",
        `${P}-adv-note`,
      ),
    );
    const drawSamples = () => {
      const sm = obj(model.get("samples"));
      const digits = list(sm.prompt, K_MAX).map((d) => String(d));
      const sums = list(sm.running_sums, K_MAX).map((d) => String(d));
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
        const toks = list(r.tokens, MAX_TOKENS).map((t) => String(t));
        const marker = toks.indexOf("=");
        const items = toks.map((t, j) => [
          t,
          marker < 0 || j < marker ? "digit" : j === marker ? "marker" : "answer",
        ]);
        const response = h("td", { cls: "r1w-left" }, tokenRow(items));
        if (r.over_cap)
          response.append(" ", h("span", { cls: `${P}-over`, text: "over the cap: no answer" }));
        const right = r.reward === 1;
        const word = right ? "✓ 1 right" : r.over_cap ? "✗ 0 over the cap" : "✗ 0 wrong";
        const a = finite(r.advantage) ? r.advantage : 0;
        body.append(
          h(
            "tr",
            {},
            h("td", { text: String(i + 1) }),
            response,
            h("td", { text: int(r.length) }),
            h("td", { cls: right ? "r1w-good" : "r1w-bad", text: word }),
            h("td", { cls: a > 0 ? "r1w-good" : a < 0 ? "r1w-bad" : "", text: signed(a, 2) }),
          ),
        );
      });
      const g = boundedInt(sm.group_size, GROUP[0], GROUP[1]);
      groupLine.textContent = rollouts.length
        ? `The first ${rollouts.length} of the group's ${g} rollouts, sampled at step ${int(model.get("step_count"))} ` +
          `for a prompt of ${boundedInt(sm.k, K_MIN, K_MAX)} digits (a fresh group, not one the step trained on).`
        : "No rollouts to show.";
    };
    scope.watch(["samples"], drawSamples, { frame: true });

    // ---- read-outs and the status line ------------------------------------------------------------------
    let wasRunning = Boolean(model.get("running"));
    let lastStep = boundedInt(model.get("step_count"), 0, MAX_STEPS);
    const summary = () =>
      `pass@1 ${pct(model.get("pass_at_1"), 1)}, mean length ${num(model.get("mean_length"), 2)} tokens`;
    const drawStats = () => {
      const running = Boolean(model.get("running"));
      const step = boundedInt(model.get("step_count"), 0, MAX_STEPS);
      const max = boundedInt(model.get("max_steps"), 1, MAX_STEPS);
      stats.step.set(`${int(step)} of ${int(max)}`);
      stats.pass.set(pct(model.get("pass_at_1"), 1));
      stats.length.set(num(model.get("mean_length"), 2));
      stats.kl.set(step ? num(model.get("kl"), 2) : "– (no step yet)");
      stats.reward.set(step ? num(model.get("train_reward"), 3) : "– (no step yet)");
      trainBtn.textContent = running ? "Pause" : "Train";
      let said = "";
      if (step < lastStep)
        said = `New run from step 0: ${summary()}. The last run stays on the chart, dashed.`;
      else if (running && !wasRunning) said = `Training from step ${int(step)}.`;
      else if (!running && wasRunning)
        said =
          step >= max
            ? `Finished at step ${int(step)}: ${summary()}. Reset to train again.`
            : `Paused at step ${int(step)}: ${summary()}.`;
      else if (!running && step > lastStep) said = `Step ${int(step)}: ${summary()}.`;
      if (said) status.textContent = said;
      wasRunning = running;
      lastStep = step;
    };
    status.textContent = wasRunning
      ? `Training, at step ${int(lastStep)}.`
      : lastStep >= boundedInt(model.get("max_steps"), 1, MAX_STEPS)
        ? `This run has reached step ${int(lastStep)}: Reset to train again.`
        : "Press Train: the kernel trains ten steps at a time and redraws after each.";
    scope.watch(
      ["running", "step_count", "max_steps", "pass_at_1", "mean_length", "kl", "train_reward"],
      drawStats,
    );

    // ---- what it shows, and what is ours ---------------------------------------------------------------
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
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "What you are looking at",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      note(
        "The policy is a lookup table, not a transformer: a softmax over the next token in each state (thinking or " +
          "answering; the last digit written, 0 at first; the prompt digit under a pointer that moves one place per " +
          "digit written). Writing the running sum (last digit + digit under the pointer, mod 10) at each step " +
          "leaves the answer as the last digit: K digits of scratchpad, K + 2 tokens in all. Answering at once, the " +
          "answer step sees only the first prompt digit: right only by luck.",
      ),
      note(
        "pass@1: the share of 2,000 fixed evaluation prompts (400 per K) answered right, one sample each. Length " +
          "counts every token written: scratchpad digits, “=” and the answer.",
      ),
      note(
        "The pretrained prior is our stand-in for a base model: a small logit bonus on the one-step sum in every " +
          "state, and a larger one on “=” while thinking, a habit of answering at once. At step 0 the policy is " +
          "right about 10% of the time, a guess, and writes about 3.1 tokens.",
      ),
      note(
        "With the defaults, little changes at first; then, somewhere between steps 150 and 300, accuracy and " +
          "length rise together, to about 99% and 6 tokens: a full scratchpad on every prompt, longer for longer " +
          "prompts (the bars). Length was never rewarded: writing the running sums made answers right, and RL " +
          "strengthened that. R1-Zero's responses also grew longer during RL, rewarded for accuracy and format, " +
          "never for length (chapter 04), on a vastly larger scale.",
        `${P}-lesson`,
      ),
      note(
        "“Answer step sees the whole sum” (a control): the answering state sees the true sum in place of the " +
          "pointer's digit, so answering at once can be right. The scratchpad then earns nothing: accuracy still " +
          "rises, and length falls to about 2 tokens, because the rows for answering at once are shared by every " +
          "response that stops early and are learned first. Length grew above only because thinking paid.",
        `${P}-wide-note`,
      ),
      note(
        "“Pretrained prior” off: every logit starts at 0. Scratchpads are long and random (about 7 tokens at step " +
          "0), answers are right about as often as a guess, and pass@1 stays near 10% through 400 steps (through " +
          "1,000 in our runs): RL strengthens what the policy already does now and then, and correct running sums " +
          "are too rare to find. Length alone is not reasoning. R1-Zero's RL, too, began from a pretrained model, " +
          "DeepSeek-V3-Base.",
        `${P}-prior-note`,
      ),
      note(
        "A failure worth seeing: β = 0 and learning rate 0.2. Some thinking states lock onto “=”. By then a " +
          "group's rollouts are nearly alike: they all stop there and almost always miss, equal rewards give zero " +
          "advantages, nothing pulls the state back, and pass@1 stalls (seeds 0 to 7 ended between 44% and 89% at " +
          "step 1,000 in our runs). β = 0.04 at that rate ended higher (86% to 100%) but is no guarantee. A large β " +
          "holds the policy near its start: at 0.15 the rise is not done by step 400; at 0.3 none comes by step " +
          "1,000. At G = 2 most pairs score 0 and 0 and teach nothing: learning barely starts in 400 steps.",
        `${P}-try`,
      ),
      note(
        "Simplified on purpose: a lookup table, not a transformer; 64 prompts × G rollouts per step and one update " +
          "per batch, so every probability ratio is 1 and a clip would never bind (there is none); the KL to the " +
          "starting table is exact, summed over the states a rollout visits (a language-model trainer estimates it " +
          "from the sampled tokens, e.g. with k3, chapter 02); the reference stays the starting table (R1-Zero's was " +
          "replaced by the latest policy from time to time); Adam does the updates. Every number the lab shows is " +
          "ours, illustrative, from this toy: none is the paper's.",
        `${P}-simplified`,
      ),
      scrollArea(recipe, "This lab's settings beside R1-Zero's published RL settings"),
    );
    const drawRecipe = () => {
      const r = obj(model.get("paper_recipe"));
      // a published setting: 3×10⁻⁶ for a tiny rate, 10,400 for a count
      const fmt = (v) =>
        !finite(v) ? "–" : v > 0 && v < 1e-4 ? sci(v, 0) : v >= 1000 ? int(v) : String(v);
      const mine = {
        group_size: `G = ${String(model.get("group_size"))}`,
        kl_beta: `β = ${String(model.get("kl_beta"))}`,
        learning_rate: `${String(model.get("learning_rate"))} (Adam on a table)`,
        steps: `up to ${int(MAX_STEPS)}`,
      };
      clear(recipeBody);
      for (const name of ["group_size", "kl_beta", "learning_rate", "steps"]) {
        const e = obj(r[name]);
        recipeBody.append(
          h(
            "tr",
            {},
            h("th", { text: String(e.label ?? name), attrs: { scope: "row", class: "r1w-left" } }),
            h("td", { text: mine[name] }),
            h("td", { text: fmt(e.value) }),
            h("td", { cls: "r1w-left", text: String(e.source ?? "") }),
          ),
        );
      }
    };
    scope.watch(["paper_recipe", "group_size", "kl_beta", "learning_rate"], drawRecipe);

    return () => {
      resized?.disconnect();
      scope.cleanup();
    };
  },
};
