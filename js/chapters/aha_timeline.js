// Chapter 04 view: R1-Zero's AIME accuracy and response length by RL step (arXiv v1 Figure 2's
// markers and our readings of Figure 3's smoothed curve), an illustrative rollout per stage of training with its reflective
// behaviours marked, and a box where any text gets the same detector. The kernel reads the curves,
// picks the rollout and finds every span; this view draws them, as text nodes and <mark>s. When a
// person loads their own TRL GRPO run (AhaTimeline.from_trl / load_trl), its reward and length
// curves (and its reflective words, when TRL saved completions) are drawn on their own step axis.
import {
  Scope,
  root,
  h,
  s,
  slider,
  textarea,
  stat,
  errorLine,
  note,
  plot,
  line,
  dots,
  hline,
  clear,
  legend,
  scrollArea,
  pct,
  int,
  num,
  textLimit,
} from "../lib/kit.js";

const P = "r1w-aha-timeline";
const KEY_STEP = 200; // one arrow key press: the spacing of the published points
const MAX_MARKS = 500; // never build more marks than the kernel sends at most
const MAX_POINTS = 100;
const MAX_STAGES = 8; // the kernel sends 4
const MAX_TEXT = 100000; // the paste box's maxLength: the kernel refuses longer text
const NEAR_LIMIT = 90000; // from here on, say how many characters the box holds
const TAGS = { verification: "V", alternative_method: "A", reflection: "R" };
const MAX_RUN = 100000; // never draw more log entries than this (a real run logs a few thousand)
const MAX_DOTS = 80; // mark each point only when there are few
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);

/** Published [step, value] points, only those with finite numbers. */
function points(v) {
  return list(v, MAX_POINTS).filter((p) => Array.isArray(p) && finite(p[0]) && finite(p[1]));
}

/**
 * Fill `box` with `text` as plain text nodes, each behaviour's span wrapped in a <mark> followed
 * by its kind's letter. Spans come from the kernel in UTF-16 units (js_span); any span that is not
 * in order, inside the text and after the previous one is skipped, never trusted.
 */
export function highlight(box, text, behaviours, labels, max = MAX_MARKS) {
  clear(box);
  const str = typeof text === "string" ? text : "";
  let at = 0;
  for (const b of list(behaviours, max)) {
    const span = b && Array.isArray(b.js_span) ? b.js_span : [];
    const [a, z] = span;
    if (!(Number.isInteger(a) && Number.isInteger(z) && at <= a && a < z && z <= str.length))
      continue;
    const kind = String(b.kind);
    const label = String(labels[kind] ?? kind);
    if (a > at) box.append(document.createTextNode(str.slice(at, a)));
    const mark = h("mark", {
      cls: `${P}-mark ${P}-${TAGS[kind] ? kind : "other"}`,
      text: str.slice(a, z),
      attrs: { title: label },
    });
    box.append(
      mark,
      h("sup", { cls: `${P}-tag`, text: TAGS[kind] || "?", attrs: { "aria-hidden": "true" } }),
      h("span", { cls: "r1w-sr-only", text: ` (${label})` }),
    );
    at = z;
  }
  if (at < str.length) box.append(document.createTextNode(str.slice(at)));
}

/**
 * A vertical cursor at `x` across plot p, drawn last, with a triangle above the plot pointing at
 * it: at step 0 the line lies on the y-axis, and the triangle still shows where it is.
 */
function cursor(p, x) {
  const cx = p.sx(x);
  const top = p.margin.t;
  p.layer.append(
    s("line", { x1: cx, x2: cx, y1: top, y2: p.height - p.margin.b, class: `${P}-cursor` }),
    s("path", {
      d: `M${cx - 6},${top - 11}H${cx + 6}L${cx},${top - 1}Z`,
      class: `${P}-cursor-mark`,
    }),
  );
}

/**
 * Round ticks over [lo, hi]: about `n` steps of 1, 2, 2.5 or 5 times a power of ten (1, 2 or 5
 * for whole numbers), the range they span and the decimals a tick needs. Layout only.
 */
export function niceScale(lo, hi, n = 4, whole = false) {
  if (!(finite(lo) && finite(hi))) [lo, hi] = [0, 1];
  if (!(hi > lo)) {
    const pad = whole ? 1 : Math.abs(lo) / 2 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const steps = (whole ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * p);
  let step = steps.find((x) => x >= raw * (1 - 1e-9)) ?? 10 * p;
  if (whole) step = Math.max(1, Math.round(step));
  let digits = 0;
  while (digits < 8 && Math.abs(step * 10 ** digits - Math.round(step * 10 ** digits)) > 1e-6)
    digits++;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const at = (k) => Number((k * step).toFixed(digits)) + 0; // + 0: never a -0 tick
  const ticks = [];
  for (let k = first; k <= last && ticks.length <= 12; k++) ticks.push(at(k));
  return { range: [at(first), at(last)], ticks, digits };
}

/** The runs of consecutive entries that have a number: a missing value breaks the line. */
export function segments(steps, values) {
  const out = [];
  let run = [];
  for (let i = 0; i < steps.length; i++) {
    if (finite(steps[i]) && finite(values[i])) run.push([steps[i], values[i]]);
    else if (run.length) {
      out.push(run);
      run = [];
    }
  }
  if (run.length) out.push(run);
  return out;
}

/** Small diamonds at (x, y): the user's run, so its marks differ in shape from the paper's too. */
function diamonds(p, pts, cls) {
  for (const [x, y] of pts) {
    const [cx, cy] = [p.sx(x), p.sy(y)];
    p.layer.append(
      s("path", {
        d: `M${cx},${cy - 4}L${cx + 4},${cy}L${cx},${cy + 4}L${cx - 4},${cy}Z`,
        class: cls,
      }),
    );
  }
}

/**
 * One chart of the user's run: `values` against `steps`, on axes fitted to them (not the
 * paper's: the run's steps are its own). Returns the panel, or a line of text when the log holds
 * no value for this curve.
 */
function runPanel(title, steps, values, o) {
  const panel = h("div", { cls: `${P}-panel ${P}-run-panel ${P}-run-${o.key}` });
  panel.append(h("div", { cls: "r1w-label", text: title }));
  const parts = segments(steps, values);
  const pts = parts.flat();
  if (!pts.length) {
    panel.append(note(`Your log has no ${o.what} at any training step.`, `${P}-run-none`));
    return panel;
  }
  const ys = pts.map((q) => q[1]);
  const xs = steps.filter(finite);
  const x = niceScale(lowest(xs), highest(xs), 4, true);
  const y = niceScale(Math.min(lowest(ys), o.floor ?? Infinity), highest(ys), 4);
  const fmt = (v) => (o.whole ? int(v) : num(v, y.digits));
  const p = plot({
    width: 420,
    height: 234,
    x: x.range,
    y: y.range,
    xTicks: x.ticks,
    yTicks: y.ticks,
    xFormat: int,
    yFormat: fmt,
    xLabel: "your run's training step",
    yLabel: o.yLabel,
    margin: { l: 56, r: 12, t: 14, b: 36 },
  });
  for (const part of parts) line(p, part, `r1w-line r1w-c4 ${P}-run-line`);
  if (pts.length <= MAX_DOTS || parts.some((q) => q.length === 1))
    diamonds(
      p,
      pts.length <= MAX_DOTS ? pts : parts.filter((q) => q.length === 1).flat(),
      `${P}-run-mark`,
    );
  const gaps = steps.length - pts.length;
  const value = (v) => (o.whole ? int(v) : num(v, 3));
  p.svg.setAttribute(
    "aria-label",
    `Line chart: your run's ${o.what} by its own training step, ${int(pts.length)} of ${int(steps.length)} ` +
      `log entries with a value${gaps ? ` (${int(gaps)} without: gaps in the line)` : ""}, from step ${int(pts[0][0])} ` +
      `to ${int(pts.at(-1)[0])}: first ${value(pts[0][1])}${o.unit}, last ${value(pts.at(-1)[1])}${o.unit}, ` +
      `lowest ${value(lowest(ys))}${o.unit}, highest ${value(highest(ys))}${o.unit}.`,
  );
  panel.append(p.svg);
  return panel;
}

/** The least and the greatest of many numbers (no spread: a run may log many thousands). */
const lowest = (xs) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const highest = (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

/** A list of the run's numbers, at most `n`, each a finite number or null. */
function values(v, n) {
  return list(v, n).map((x) => (finite(x) ? x : null));
}

/** Small squares at (x, y): cons@16's markers, so the two curves differ in shape, not colour only. */
function squares(p, pts, cls) {
  for (const [x, y] of pts)
    p.layer.append(s("rect", { x: p.sx(x) - 3, y: p.sy(y) - 3, width: 6, height: 6, class: cls }));
}

/**
 * A reference line across the plot, its value written in the right margin, outside the plot,
 * where no curve passes (the legend names the line).
 */
function reference(p, y, label) {
  hline(p, y, "");
  const t = s("text", {
    x: p.width - p.margin.r + 4,
    y: p.sy(y),
    "dominant-baseline": "middle",
    class: "r1w-ref-label",
  });
  t.textContent = label;
  p.layer.append(t);
}

/**
 * Text that keeps the room of its longest value: `live` and an unseen `ghost` holding the longest
 * text share one grid cell, so the box never grows or shrinks and nothing below it moves.
 */
function steady(cls) {
  const live = h("span", { cls });
  const ghost = h("span", { cls: `${P}-ghost`, attrs: { "aria-hidden": "true" } });
  return { el: h("span", { cls: `${P}-steady` }, live, ghost), live, ghost };
}

/** The parts of a rollout block: stage line, its basis, question, text, letter key, list. */
function stageBlock(live) {
  const b = {
    line: h("div", { cls: "r1w-label" }),
    basis: note("", `${P}-basis`),
    question: h("div", { cls: `${P}-question` }),
    sample: h("pre", { cls: `${P}-text r1w-mono` }),
    kinds: h("div", { cls: `${P}-kinds` }),
    found: h("ul", { cls: `${P}-found` }),
  };
  const head = h("div", live ? { attrs: { "aria-live": "polite" } } : {}, b.line, b.basis);
  b.el = h(
    "div",
    live
      ? { cls: `${P}-stage` }
      : { cls: `${P}-stage ${P}-ghost`, attrs: { "aria-hidden": "true", inert: "" } },
    head,
    b.question,
    b.sample,
    b.kinds,
    b.found,
  );
  return b;
}

function fillStage(b, st, question) {
  b.line.textContent = `Stage ${int(st.index + 1)} of ${int(st.count)} (steps ${int(st.first_step)}–${int(st.last_step)}): ${String(st.name ?? "")}`;
  b.basis.textContent = String(st.basis ?? "");
  b.question.textContent = `Question: ${String(question ?? "")}`;
}

function fillSample(b, text, behaviours, labels) {
  const bs = list(behaviours, MAX_MARKS);
  highlight(b.sample, text, bs, labels);
  clear(b.kinds);
  b.kinds.append(
    ...Object.entries(TAGS).map(([kind, tag]) =>
      h(
        "span",
        { cls: `${P}-kind` },
        h("mark", { cls: `${P}-mark ${P}-${kind}`, text: tag }),
        ` ${String(labels[kind] ?? kind)}`,
      ),
    ),
  );
  clear(b.found);
  if (!bs.length)
    b.found.append(h("li", { text: "No reflective behaviour found in this rollout." }));
  for (const x of bs) {
    const words = list(x.words, 20).map(String).join(", ");
    b.found.append(h("li", { text: `${String(labels[x.kind] ?? x.kind)}: “${words}”` }));
  }
}

export default {
  render({ model, el }) {
    // the last step of v1's figures (8,400), from the kernel: the slider's bound and the x axis
    const LAST_STEP = Math.max(1, Number(model.get("last_step")) || 1);
    const scope = new Scope(model);
    const box = root(el, "aha-timeline", model.get("title"));
    box.append(
      note(
        "DeepSeek-R1-Zero learned by reinforcement learning (RL) alone: an RL step is one update of the model from a batch of its own " +
          "answers, each scored by rules for a right final answer and the right format. Nobody rewarded long or careful reasoning. " +
          "The curves are the paper's, on AIME 2024 (a US maths competition). pass@1 is the share of right answers when the model " +
          "answers once, averaged over 16 samples per question; cons@16 samples 16 answers, keeps the most common one (a majority " +
          "vote) and grades that.",
      ),
    );

    const step = slider(scope, {
      name: "step",
      label: "RL training step",
      min: 0,
      max: LAST_STEP,
      step: KEY_STEP,
      format: (v) => int(v),
    });
    box.append(h("div", { cls: `r1w-sliders ${P}-steps` }, step.el));

    // Read-outs that change with the step: one polite live region.
    const stats = {
      pass: stat("AIME 2024 pass@1", `${P}-pass`),
      cons: stat("AIME 2024 cons@16", `${P}-cons`),
      length: stat("Average response length", `${P}-length`),
    };
    // Each reading keeps the room of the longest one it can show: the charts never move.
    const readings = {};
    for (const [key, name] of [
      ["pass", "pass_at_1"],
      ["cons", "cons_at_16"],
      ["length", "response_length"],
    ]) {
      readings[name] = steady(`${P}-reading`);
      stats[key].el.append(readings[name].el);
    }
    const live = h(
      "div",
      { cls: "r1w-stats", attrs: { "aria-live": "polite" } },
      ...Object.values(stats).map((x) => x.el),
    );
    box.append(live);
    scope.watch(
      ["pass_at_1", "cons_at_16", "response_length", "readings", "longest_readings"],
      () => {
        const acc = (v) => (finite(v) ? pct(v, 1) : "–");
        stats.pass.set(acc(model.get("pass_at_1")));
        stats.cons.set(acc(model.get("cons_at_16")));
        const len = model.get("response_length");
        stats.length.set(finite(len) ? `${int(len)} tokens` : "–");
        const r = model.get("readings") || {};
        const most = model.get("longest_readings") || {};
        for (const [name, span] of Object.entries(readings)) {
          span.live.textContent = String(r[name] ?? "");
          span.ghost.textContent = String(most[name] ?? "");
        }
      },
    );

    // ---- the two figures ----------------------------------------------------------------------------
    const accBox = h("div", { cls: `${P}-chart` });
    const accLegend = legend([
      ["r1w-c1", "● pass@1"],
      ["r1w-c2", "■ cons@16"],
      [`${P}-swatch-ref`, "dashed: o1-0912"],
      [`${P}-swatch-cursor`, "▼ and vertical line: the chosen step"],
    ]);
    const refItem = accLegend.children[2];
    const lenBox = h("div", { cls: `${P}-chart` });
    box.append(
      h(
        "div",
        { cls: `${P}-charts` },
        h(
          "div",
          { cls: `${P}-panel` },
          h("div", { cls: "r1w-label", text: "AIME 2024 accuracy by RL step (v1 Figure 2)" }),
          accBox,
          accLegend,
        ),
        h(
          "div",
          { cls: `${P}-panel` },
          h("div", {
            cls: "r1w-label",
            text: "Average length per response by RL step (v1 Figure 3)",
          }),
          lenBox,
        ),
      ),
      note(
        "On the accuracy chart, dots and squares are Figure 2's markers, read off the paper's image. Figure 3 has no markers: its dots are " +
          "our readings of its smoothed curve, good to about ±100 tokens. Lines join the points straight, and a value between two points " +
          "is read on that line (our interpolation). Nothing is read before the first point or after the last: the accuracy " +
          "figure has no point before step 200. The dashed lines are OpenAI's o1-0912, the paper's point of comparison, with their values " +
          "at the right edge; the upper one is its cons@64, a vote over 64 samples, not 16. The triangle over each chart and its " +
          "vertical line mark the chosen step. Length is counted in tokens, the word pieces a model reads and writes.",
      ),
    );
    const pctTick = (v) => pct(v, 0);
    scope.watch(
      [
        "step",
        "pass_at_1_points",
        "cons_at_16_points",
        "response_length_points",
        "o1_reference",
        "pass_at_1",
        "cons_at_16",
        "response_length",
      ],
      () => {
        const at = Math.min(LAST_STEP, Math.max(0, Number(model.get("step")) || 0));
        const pass = points(model.get("pass_at_1_points"));
        const cons = points(model.get("cons_at_16_points"));
        const lens = points(model.get("response_length_points"));
        const o1 = model.get("o1_reference") || {};
        const ticks = [0, 2000, 4000, 6000, 8000];
        const a = plot({
          width: 420,
          height: 234,
          x: [0, LAST_STEP],
          y: [0.1, 0.9],
          xTicks: ticks,
          yTicks: [0.2, 0.4, 0.6, 0.8],
          xFormat: int,
          yFormat: pctTick,
          xLabel: "RL step",
          yLabel: "AIME 2024 accuracy",
          margin: { l: 46, r: 44, t: 14, b: 36 },
        });
        if (finite(o1.cons_at_64)) reference(a, o1.cons_at_64, pct(o1.cons_at_64, 1));
        if (finite(o1.pass_at_1)) reference(a, o1.pass_at_1, pct(o1.pass_at_1, 1));
        const ref = (v) => (finite(v) ? pct(v, 1) : "–");
        refItem.lastChild.textContent = `dashed: o1-0912, pass@1 ${ref(o1.pass_at_1)} (lower) and cons@64 ${ref(o1.cons_at_64)} (upper)`;
        line(a, cons, "r1w-line r1w-c2");
        line(a, pass, "r1w-line r1w-c1");
        squares(a, cons, `${P}-square`);
        dots(a, pass, `${P}-dot`, 2.6);
        cursor(a, at);
        const passAt = model.get("pass_at_1");
        const consAt = model.get("cons_at_16");
        const acc = (v) => (finite(v) ? pct(v, 1) : "no published point");
        const accLabel =
          `Line chart: R1-Zero's AIME 2024 pass@1 and cons@16 by RL step, through ${pass.length} published points of arXiv v1 Figure 2 ` +
          `from step ${int(pass[0]?.[0])} to ${int(pass.at(-1)?.[0])}; dashed lines at o1-0912's pass@1 ${pct(o1.pass_at_1, 1)} ` +
          `and cons@64 ${pct(o1.cons_at_64, 1)}. At step ${int(at)}: pass@1 ${acc(passAt)}, cons@16 ${acc(consAt)}.`;
        a.svg.setAttribute("aria-label", accLabel);
        clear(accBox);
        accBox.append(a.svg);

        const l = plot({
          width: 420,
          height: 234,
          x: [0, LAST_STEP],
          y: [0, 12000],
          xTicks: ticks,
          yTicks: [0, 4000, 8000, 12000],
          xFormat: int,
          yFormat: int,
          xLabel: "RL step",
          yLabel: "tokens",
          margin: { l: 52, r: 12, t: 14, b: 36 },
        });
        line(l, lens, "r1w-line r1w-c3");
        dots(l, lens, `${P}-dot-length`, 2.6);
        cursor(l, at);
        const len = model.get("response_length");
        l.svg.setAttribute(
          "aria-label",
          `Line chart: R1-Zero's average length per response on the training set, in tokens, through ${lens.length} of our readings ` +
            `of arXiv v1 Figure 3's smoothed curve (it has no markers; about ±100 tokens), from about ${int(lens[0]?.[1])} at step ${int(lens[0]?.[0])} to about ${int(lens.at(-1)?.[1])} at step ` +
            `${int(lens.at(-1)?.[0])}. At step ${int(at)}: about ${finite(len) ? int(len) : "–"} tokens.`,
        );
        clear(lenBox);
        lenBox.append(l.svg);
      },
      { frame: true },
    );

    // ---- the person's own run (loaded with from_trl / load_trl) ---------------------------------
    const runBox = h("section", { cls: `${P}-run`, attrs: { "aria-label": "Your GRPO run" } });
    box.append(runBox);
    scope.watch(
      ["user_run"],
      () => {
        clear(runBox);
        const run = model.get("user_run");
        const steps = values(run?.steps, MAX_RUN);
        const done = steps.filter(finite);
        runBox.hidden = !done.length;
        if (!done.length) return;
        const n = steps.length;
        const reflective = Array.isArray(run.reflective) ? values(run.reflective, n) : null;
        const also = ["kl", "entropy", "frac_reward_zero_std", "clip_ratio", "rewards"].filter(
          (k) => run[k] && (Array.isArray(run[k]) || Object.keys(run[k]).length),
        );
        // entries where TRL generated nothing new (num_iterations > 1): no reward or length there
        const reused = list(run.generated, n).filter((g) => g === false).length;
        runBox.append(
          h("div", {
            cls: `${P}-heading`,
            text: "Your GRPO run, beside the paper's",
            attrs: { role: "heading", "aria-level": "3" },
          }),
          h(
            "div",
            { cls: `${P}-run-from` },
            "Read from: ",
            // the path from the run's folder on: a published snapshot shows no local path
            h("span", { cls: `${P}-run-path r1w-mono`, text: String(run.name ?? run.path ?? "") }),
          ),
          note(
            `${int(n)} training log entries, steps ${int(lowest(done))} to ${int(highest(done))}. ` +
              "Evaluation entries (eval_…) are left out; the closing summary counts only when it holds " +
              "metrics of the last steps (TRL adds them when max_steps is not a multiple of logging_steps)." +
              (reused
                ? ` At ${int(reused)} of the entries TRL generated nothing new (with num_iterations above 1 it ` +
                  "updates several times on one batch): they have no reward or length, so those lines have gaps there."
                : "") +
              (also.length ? ` Also read, in user_run: ${also.join(", ")}.` : "") +
              (also.includes("kl")
                ? " There, kl is TRL's: the mean over completion tokens of the k3 estimate of KL(πθ‖πref), how " +
                  "far the model has moved from the reference (chapter 02's estimator); TRL logs it only when " +
                  "the KL coefficient β is not 0."
                : ""),
            `${P}-run-summary`,
          ),
          note(
            "These curves are your run's, read from TRL's log, on their own axes: your steps are your trainer's " +
              "updates, not R1-Zero's (another model, other data, another batch size), so they do not line up with " +
              "the paper's step axis above. Reward is TRL's “reward”: the weighted sum of your reward functions, " +
              "averaged over the completions sampled since the previous log entry; it is not AIME accuracy. Length is " +
              "TRL's “completions/mean_length”: the mean completion length in tokens over those completions; a " +
              "completion cut at your max_completion_length counts at that length (TRL logs their share as " +
              "“completions/clipped_ratio”), and with tools only the model's own tokens count. A gap " +
              "in a line is a log entry without that value." +
              (reflective
                ? " Reflective words are a measure of ours: the paper's ten words (the table below), counted by this " +
                  "chapter's detector, per 1,000 words of the completions TRL saved at that step (with " +
                  "log_completions on, its latest batch); “but” and “however” count too. A word is a run of " +
                  "letters or digits, so numbers and the pieces of a formula count as words. Left out (gaps): " +
                  "steps where the trainer also evaluated, since TRL's file there holds the evaluation's " +
                  "completions, and entries where TRL generated nothing new, whose file repeats the previous batch."
                : ""),
            `${P}-run-what`,
          ),
        );
        const charts = h("div", { cls: `${P}-charts` });
        charts.append(
          runPanel("Your run: mean reward by step", steps, values(run.reward, n), {
            key: "reward",
            what: "mean reward",
            yLabel: "reward",
            unit: "",
          }),
          runPanel("Your run: mean completion length by step", steps, values(run.length, n), {
            key: "length",
            what: "mean completion length",
            yLabel: "tokens",
            unit: " tokens",
            whole: true,
            floor: 0,
          }),
        );
        if (reflective)
          charts.append(
            runPanel("Your run: reflective words per 1,000 words", steps, reflective, {
              key: "reflective",
              what: "reflective words per 1,000 words",
              yLabel: "per 1,000 words",
              unit: " per 1,000 words",
              floor: 0,
            }),
          );
        runBox.append(charts, legend([["r1w-c4", "◆ and line: your run, on its own step axis"]]));
      },
      { frame: true },
    );

    const versionNote = note("", `${P}-version`);
    const articleNote = note("", `${P}-article`);
    scope.watch(["version_note", "article_note"], () => {
      versionNote.textContent = String(model.get("version_note") ?? "");
      articleNote.textContent = String(model.get("article_note") ?? "");
    });
    box.append(versionNote, articleNote);

    // ---- the illustrative rollout ----------------------------------------------------------------------
    // The shown stage and, unseen in the same grid cell, every stage: the area is as tall as the
    // tallest stage at this width, so the text below never moves with the step.
    const shown = stageBlock(true);
    const ghosts = h("div", { cls: `${P}-ghosts` });
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "An illustrative rollout for this stage of training",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      note(
        "A rollout is one answer the model samples during training. This one is our own short text, not R1-Zero's output (a real " +
          "rollout at these steps runs to hundreds or thousands of tokens). " +
          "Its reflective content grows from stage to stage, as the paper describes. The stages follow Nature's account of when 'wait' " +
          "appears; under each stage's name we say what the paper reports for those steps and which boundary is ours.",
        `${P}-illustrative`,
      ),
      h("div", { cls: `${P}-rollout` }, shown.el, ghosts),
    );
    scope.watch(["stage", "sample_question"], () =>
      fillStage(shown, model.get("stage") || {}, model.get("sample_question")),
    );
    scope.watch(["sample_text", "behaviours", "kind_labels"], () =>
      fillSample(
        shown,
        model.get("sample_text"),
        model.get("behaviours"),
        model.get("kind_labels") || {},
      ),
    );
    scope.watch(["stages", "sample_question", "kind_labels"], () => {
      clear(ghosts);
      for (const st of list(model.get("stages"), MAX_STAGES)) {
        if (!st || typeof st !== "object") continue;
        const g = stageBlock(false);
        fillStage(g, st, model.get("sample_question"));
        fillSample(g, st.text, st.behaviours, model.get("kind_labels") || {});
        ghosts.append(g.el);
      }
    });

    const claimNote = note("", `${P}-claim`);
    const waitNote = note("", `${P}-wait`);
    scope.watch(["claim_note", "wait_note"], () => {
      claimNote.textContent = String(model.get("claim_note") ?? "");
      waitNote.textContent = String(model.get("wait_note") ?? "");
    });
    box.append(
      claimNote,
      waitNote,
      note(
        "What later work found: studies of R1-Zero-like training (Liu et al., 2025, “Understanding R1-Zero-Like Training”; Sea AI Lab, " +
          "“There May Not Be Aha Moment in R1-Zero-like Training”) found self-reflection words in base models, DeepSeek-V3-Base among them, " +
          "before any RL; some were superficial, leading to no right answer (like the “check” in our first-stage rollout). They trace the " +
          "longer responses to how the reward is optimised. R1's equation 1 is written per whole response, with no 1/|oᵢ|; but DeepSeekMath's " +
          "token-level form of GRPO (the RL algorithm, chapter 02), which open implementations use, divides each response's loss by its " +
          "length |oᵢ| in tokens (how DeepSeek's own code averages, the paper does not say). Liu et al. point out that this division penalises a " +
          "long wrong answer less per token than a short one, so wrong answers can grow longer (chapter 02's Dr. GRPO drops it). So " +
          "reflection is not born at one step: the base model could already do it, and RL changed how often it does, and at what length.",
        `${P}-later`,
      ),
    );

    // ---- the detector on the learner's own text ----------------------------------------------------------
    const paste = textarea(scope, {
      name: "pasted_text",
      label: "Paste a model's output (up to 100,000 characters) to run the same detector",
      rows: 5,
      maxLength: 100000,
    });
    // The box holds at most MAX_TEXT characters and silently drops the rest of a longer paste:
    // say so, or the counts below read as those of the whole paste.
    const area = paste.textarea;
    const { el: limit, update: showLimit } = textLimit(area, {
      max: MAX_TEXT,
      near: NEAR_LIMIT,
      cls: `${P}-limit`,
      readsOnly: `the detector and the word counts read only the first ${int(MAX_TEXT)}.`,
    });
    const pastedCount = h("div", {
      cls: `${P}-count`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    const pasted = h("pre", {
      cls: `${P}-text ${P}-pasted r1w-mono`,
      attrs: {
        tabindex: "0",
        role: "region",
        "aria-label": "Your text, reflective behaviours marked",
        "data-lm-suppress-shortcuts": "true",
      },
    });
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "Try the detector",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      paste.el,
      limit,
      pastedCount,
      pasted,
    );
    scope.watch(
      ["pasted_text", "pasted_behaviours", "pasted_behaviour_count", "kind_labels"],
      () => {
        const text = String(model.get("pasted_text") ?? "");
        const bs = list(model.get("pasted_behaviours"), MAX_MARKS);
        const total = Number(model.get("pasted_behaviour_count")) || 0;
        highlight(pasted, text, bs, model.get("kind_labels") || {});
        pasted.hidden = !text;
        showLimit();
        pastedCount.textContent = !text
          ? "Nothing pasted yet."
          : `${int(total)} reflective behaviour${total === 1 ? "" : "s"} found${total > bs.length ? ` (the first ${int(bs.length)} marked)` : ""}.`;
      },
    );

    // ---- the ten words, counted ----------------------------------------------------------------------------
    const body = h("tbody");
    const table = h(
      "table",
      { cls: `r1w-table ${P}-counts` },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Reflective word", "In the rollout", "In your text"].map((t, i) =>
            h("th", { cls: i ? "" : "r1w-left", text: t, attrs: { scope: "col" } }),
          ),
        ),
      ),
      body,
    );
    box.append(
      note(
        "The paper's ten reflective words, chosen by three human experts (Nature, Extended Data Fig. 1), counted as whole words in any letter case: " +
          "“await”, “checkout” and “butter” do not count, nor do “checked” or “waiting” (the paper lists the words, not how to match them; that choice is ours). " +
          "The behaviours above group them (our grouping), with a few phrases of ours such as “another way” and “double-check”. " +
          "Words are a rough signal: “but” often just joins two facts.",
      ),
      scrollArea(table, "The ten reflective words counted in the rollout and in your text"),
    );
    scope.watch(["reflective_words", "reflective_counts", "pasted_counts"], () => {
      const words = list(model.get("reflective_words"), 10).map(String);
      const mine = model.get("reflective_counts") || {};
      const yours = model.get("pasted_counts") || {};
      clear(body);
      for (const w of words)
        body.append(
          h(
            "tr",
            {},
            h("td", { cls: "r1w-left r1w-mono", text: w }),
            h("td", { text: int(mine[w]) }),
            h("td", { text: int(yours[w]) }),
          ),
        );
    });

    const sources = h("ul", { cls: `${P}-sources` });
    box.append(
      h("div", { cls: "r1w-label", text: "Sources" }),
      note(
        "P-v1: the paper's first arXiv version (January 2025); Nature: the peer-reviewed version (September 2025); " +
          "[D]: read off the figure's image for this project, to the stated precision; paper-data: the project's notes on the paper.",
        `${P}-key`,
      ),
      sources,
      errorLine(scope),
    );
    scope.watch(["sources"], () => {
      clear(sources);
      for (const v of Object.values(model.get("sources") || {}).slice(0, 20))
        sources.append(h("li", { text: String(v) }));
    });

    return () => scope.cleanup();
  },
};
