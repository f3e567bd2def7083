// Chapter 16 view: thinking budget against accuracy (our illustrative curves, on a log axis with a
// separate 0), latency and cost, beside what the papers publish: majority voting on AIME 2024 and
// R1-Zero's response length during RL, drawn as points. The kernel computes every value and holds
// every published number with its source; this view draws them.
import {
  Scope,
  root,
  h,
  s,
  slider,
  ladder,
  stat,
  errorLine,
  note,
  plot,
  line,
  clear,
  legend,
  scrollArea,
  chartLabel,
  pct,
  int,
  num,
  newId,
} from "../lib/kit.js";

const P = "r1w-inference-scaling";
const LO = 100; // the smallest positive budget on the log axis (the kernel's curves start there)
const ZERO_GAP = 0.45; // decades between the "0" slot and LO on the axis
const MAX_CURVE = 200; // never draw more curve points than this from the model
const MAX_ROWS = 12;
const MAX_BANDS = 8;
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

/** A number with thousands separators and exactly `digits` decimals, like `int` does for 0. */
const grouped = (v, digits) =>
  v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Seconds as text, grouped like the token counts (3,297 s): one decimal under 10 s, minutes
 * beside from one minute on.
 */
export function seconds(v) {
  if (!finite(v)) return "–";
  const t = `${grouped(v, v < 10 ? 1 : 0)} s`;
  return v >= 60 ? `${t} (${grouped(v / 60, 1)} min)` : t;
}

/**
 * A band label as one line, or as two split at the space nearest its middle when it would be
 * wider than its band at the largest text scale (about 9 viewBox units a character).
 */
export function wrapLabel(label, width) {
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  if (label.length * 9 <= width || spaces.length === 0) return [label];
  const mid = spaces.reduce((a, b) =>
    Math.abs(b - label.length / 2) < Math.abs(a - label.length / 2) ? b : a,
  );
  return [label.slice(0, mid), label.slice(mid + 1)];
}

const TICKS = [0, 25, 50, 75, 100]; // the voting scale, in %

/** The voting table's scale: 0% to 100% on a track laid out like each row's dumbbell. */
function scaleTrack() {
  return h(
    "div",
    { cls: `${P}-track ${P}-scale`, attrs: { "aria-hidden": "true" } },
    ...TICKS.map((v) => {
      const t = h("span", { cls: `${P}-tick`, text: `${v}%` });
      t.style.left = `${v}%`;
      return t;
    }),
  );
}

/** Faint lines at the scale's inner ticks, drawn in each row's track. */
function gridlines() {
  return TICKS.slice(1, -1).map((v) => {
    const g = h("span", { cls: `${P}-gridline` });
    g.style.left = `${v}%`;
    return g;
  });
}

/** Position of a budget on the axis, in decades: 0 sits in its own slot left of LO. */
function axisPos(b, zero) {
  const lo = Math.log10(LO);
  if (!(b > 0)) return zero;
  if (b < LO) return zero + (b / LO) * (lo - zero);
  return Math.log10(b);
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const a = obj(model.get("assumptions"));
    const MAX = Math.min(65536, Math.max(1000, Math.round(Number(a.budget_max)) || 32768));
    const DEFAULT = finite(a.default_budget) ? a.default_budget : 4000;
    const SPEED_MIN = finite(a.speed_min) ? a.speed_min : 10;
    const SPEED_MAX = finite(a.speed_max) ? a.speed_max : 1000;
    const ANSWER = finite(a.answer_tokens) ? a.answer_tokens : 0;

    const box = root(el, "inference-scaling", model.get("title"));
    box.append(
      note(
        "Until recently, accuracy was bought mostly with compute spent before deployment: larger networks trained on larger " +
          "corpora. A reasoning model adds a test-time axis with its weights fixed: spend more compute on each question. One " +
          "way is a bigger thinking budget, the " +
          "most tokens (word pieces a model reads and writes) it may spend reasoning before it must answer. Another is to sample " +
          "many answers and take a vote (further down).",
      ),
    );

    // ---- inputs: two log ladders ------------------------------------------------------------------
    const budget = slider(scope, {
      name: "budget_tokens",
      label: "Thinking budget",
      values: ladder(LO, MAX, { zero: true, integer: true, extra: [DEFAULT, MAX] }),
      format: int,
      unit: "tokens",
    });
    const speed = slider(scope, {
      name: "tokens_per_second",
      label: "Decode speed (our input)",
      values: ladder(SPEED_MIN, SPEED_MAX, { integer: true }),
      format: int,
      unit: "tokens/s",
    });
    const budgetNote = note("", `${P}-budget-note`);
    box.append(
      h("div", { cls: `r1w-sliders ${P}-inputs` }, budget.el, speed.el),
      budgetNote,
      note(
        "The decode speed, how many tokens a model writes per second, is our input, not a published figure: it depends on the " +
          "hardware, the batch and the serving software.",
        `${P}-speed-note`,
      ),
    );

    // ---- read-outs: one polite live region --------------------------------------------------------
    const stats = {
      reasoning: stat("Reasoning model, accuracy (illustrative)", `${P}-reasoning`),
      baseline: stat("Baseline, accuracy (illustrative)", `${P}-baseline`),
      latency: stat("Latency", `${P}-latency`),
      cost: stat("Cost, relative to a direct answer", `${P}-cost`),
    };
    const depthName = h("span", { cls: `r1w-stat-value ${P}-depth-name` });
    const depthText = h("span", { cls: `${P}-depth-text` });
    const depth = h(
      "div",
      { cls: `r1w-stat ${P}-depth` },
      h("span", { cls: "r1w-stat-label", text: "Reasoning depth at this budget (our bands)" }),
      depthName,
      depthText,
    );
    box.append(
      h(
        "div",
        { cls: "r1w-stats", attrs: { "aria-live": "polite" } },
        ...Object.values(stats).map((x) => x.el),
        depth,
      ),
    );
    scope.watch(
      ["accuracy_reasoning", "accuracy_baseline", "latency_s", "relative_cost", "depth"],
      () => {
        stats.reasoning.set(pct(model.get("accuracy_reasoning"), 1));
        stats.baseline.set(pct(model.get("accuracy_baseline"), 1));
        stats.latency.set(seconds(model.get("latency_s")));
        const c = model.get("relative_cost");
        stats.cost.set(finite(c) ? `${grouped(c, 1)}×` : "–");
        const d = obj(model.get("depth"));
        depthName.textContent = String(d.label ?? "");
        depthText.textContent = String(d.description ?? "");
      },
    );

    // ---- the chart -----------------------------------------------------------------------------------
    const chartBox = h("div", { cls: `${P}-chart` });
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Accuracy against thinking budget: illustrative curves of ours, not the paper's",
      }),
      chartBox,
      legend([
        ["r1w-c1", "solid: reasoning model (illustrative)"],
        ["r1w-c2", "dashed: baseline without long-reasoning training (illustrative)"],
        [`${P}-swatch-cursor`, "▼ and vertical line: the chosen budget"],
      ]),
    );
    // published lengths on their own strip, under the same token axis: never on the accuracy scale
    const stripBox = h("div", { cls: `${P}-strip` });
    const capNote = note("", `${P}-cap-note`);
    box.append(
      h("div", {
        cls: `r1w-label ${P}-strip-label`,
        text:
          "◆ Published, on its own strip: R1-Zero's average response length on its training prompts during RL, in " +
          "tokens (v1 Figure 3), on the same token axis as the chart above. A length, not an accuracy.",
      }),
      stripBox,
      capNote,
    );
    scope.watch(
      ["budget_tokens", "curves", "depth_bands", "depth", "sourced_points"],
      () => {
        const zero = Math.log10(LO) - ZERO_GAP;
        const top = Math.log10(MAX);
        const pos = (b) => axisPos(b, zero);
        const p = plot({
          width: 600,
          height: 290,
          x: [zero - 0.12, top],
          y: [0, 1],
          xTicks: [zero, 2, 3, 4, top],
          yTicks: [0, 0.25, 0.5, 0.75, 1],
          xFormat: (u) => (u === zero ? "0" : int(10 ** u)),
          yFormat: (v) => pct(v, 0),
          xLabel: "thinking budget (tokens, log scale; 0 on its own)",
          yLabel: "accuracy",
          margin: { l: 62, r: 16, t: 46, b: 38 },
        });
        const yTop = p.margin.t;
        const yBottom = p.height - p.margin.b;
        const bands = list(model.get("depth_bands"), MAX_BANDS);
        const current = obj(model.get("depth")).id;
        const bandLayer = s("g", { class: `${P}-bands` });
        bands.forEach((b, i) => {
          if (!finite(b.low) || !finite(b.high)) return;
          const x0 = i === 0 ? p.margin.l : p.sx(pos(b.low));
          const x1 = i === bands.length - 1 ? p.width - p.margin.r : p.sx(pos(b.high + 1));
          bandLayer.append(
            s("rect", {
              x: x0,
              y: yTop,
              width: Math.max(0, x1 - x0),
              height: yBottom - yTop,
              class: `${P}-band ${P}-band-${i % 2 ? "odd" : "even"}`,
            }),
          );
          // the last band's label ends at the plot's edge; a label wider than its band (at the
          // largest text scale) takes two lines. Labels sit on the lower of two rows, so a
          // two-line label's first line never meets its neighbour's text.
          const last = i === bands.length - 1;
          const lx = last ? x1 - 2 : (x0 + x1) / 2;
          // Each line is its own <text> (not a tspan), so what lies under a line is the chart.
          const lines = wrapLabel(String(b.label ?? ""), x1 - x0);
          const g = s("g", {
            "text-anchor": last ? "end" : "middle",
            class: `${P}-band-label${b.id === current ? ` ${P}-band-on` : ""}`,
          });
          lines.forEach((part, k) => {
            const dy = lines.length === 1 || k ? "1.15em" : 0;
            const line = s("text", { x: lx, y: 13, dy, class: "r1w-tick" });
            line.textContent = part;
            g.append(line);
          });
          bandLayer.append(g);
        });
        p.layer.append(bandLayer);
        // the break between the 0 slot and the log axis
        const xb = p.sx((zero + Math.log10(LO)) / 2);
        p.layer.append(
          s("path", {
            d: `M${xb - 5},${yBottom + 4}L${xb - 1},${yBottom - 4}M${xb + 1},${yBottom + 4}L${xb + 5},${yBottom - 4}`,
            class: `${P}-break`,
          }),
        );

        const c = obj(model.get("curves"));
        const bs = list(c.budgets, MAX_CURVE);
        const pts = (ys) =>
          list(ys, MAX_CURVE)
            .map((y, i) => [bs[i], y])
            .filter(([x, y]) => finite(x) && finite(y) && x >= 0 && x <= MAX)
            .map(([x, y]) => [pos(x), Math.min(1, Math.max(0, y))]);
        line(p, pts(c.baseline), `r1w-line r1w-c2 ${P}-baseline-line`);
        line(p, pts(c.reasoning), `r1w-line r1w-c1 ${P}-reasoning-line`);

        const at = Math.min(MAX, Math.max(0, Number(model.get("budget_tokens")) || 0));
        const cx = p.sx(pos(at));
        p.layer.append(
          s("line", { x1: cx, x2: cx, y1: yTop, y2: yBottom, class: `${P}-cursor` }),
          s("path", {
            d: `M${cx - 6},${yTop - 11}H${cx + 6}L${cx},${yTop - 1}Z`,
            class: `${P}-cursor`,
          }),
        );

        const val = (ys, b) => {
          const i = bs.indexOf(b);
          return i >= 0 ? pct(list(ys, MAX_CURVE)[i], 1) : "–";
        };
        const ends = (ys) =>
          `from ${val(ys, 0)} at 0 tokens to ${val(ys, bs.at(-1))} at ${int(bs.at(-1))}`;
        const bandText = bands.map((b) => `${b.label} ${int(b.low)}–${int(b.high)}`).join(", ");
        chartLabel(
          p.svg,
          `Line chart, illustrative curves of ours (the paper publishes no such curve): accuracy against thinking budget ` +
            `on a log axis with 0 on its own. Reasoning model ${ends(c.reasoning)} tokens; baseline ${ends(c.baseline)} tokens. ` +
            `Shaded bands, ours: ${bandText} tokens. Marked: the chosen budget, ${int(at)} tokens: reasoning ` +
            `${pct(model.get("accuracy_reasoning"), 1)}, baseline ${pct(model.get("accuracy_baseline"), 1)}.`,
        );
        clear(chartBox);
        chartBox.append(p.svg);

        // the strip: published lengths on the same token axis, with no accuracy scale at all
        const sp = obj(model.get("sourced_points"));
        const lengths = list(sp.response_length, 4).filter(
          (r) => finite(r.tokens) && finite(r.step),
        );
        const q = plot({
          width: 600,
          height: 84,
          x: [zero - 0.12, top],
          y: [0, 1],
          xTicks: [zero, 2, 3, 4, top],
          xFormat: (u) => (u === zero ? "0" : int(10 ** u)),
          xLabel: "tokens (log scale): R1-Zero's answer length during training",
          margin: { l: 62, r: 16, t: 30, b: 38 },
        });
        const ym = q.sy(0.5);
        q.layer.append(
          s("line", {
            x1: q.sx(pos(at)),
            x2: q.sx(pos(at)),
            y1: q.margin.t,
            y2: q.height - q.margin.b,
            class: `${P}-cursor`,
          }),
        );
        lengths.forEach((r, i) => {
          const x = q.sx(pos(Math.min(MAX, Math.max(0, r.tokens))));
          q.layer.append(
            s("path", {
              d: `M${x},${ym - 6}L${x + 6},${ym}L${x},${ym + 6}L${x - 6},${ym}Z`,
              class: `${P}-length`,
            }),
          );
          // the last label ends at its diamond, so two labels never run into each other
          const end = i === lengths.length - 1 && lengths.length > 1;
          const t = s("text", {
            x: end ? x + 6 : x,
            y: q.margin.t - 8,
            "text-anchor": end ? "end" : "middle",
            class: `r1w-tick ${P}-length-label`,
          });
          t.textContent = `${int(r.tokens)} (step ${int(r.step)})`;
          q.layer.append(t);
        });
        const lengthText = lengths
          .map((r) => `about ${int(r.tokens)} tokens at RL step ${int(r.step)}`)
          .join(" and ");
        chartLabel(
          q.svg,
          `Strip of published points on the same token axis, no accuracy scale: R1-Zero's average response length on its ` +
            `training prompts during RL, ${lengthText || "no points"} (v1 Figure 3). Marked: the chosen budget, ${int(at)} tokens.`,
        );
        clear(stripBox);
        stripBox.append(q.svg);
      },
      { frame: true },
    );

    box.append(
      note(
        "Both curves are ours, illustrative. The paper publishes no accuracy-against-thinking-budget curve for R1; Nature's " +
          "supplementary material has a section on test-time scaling, but we could not read its figures, so nothing here comes " +
          "from them. Our reasoning curve climbs steeply over the first few hundred tokens, then ever more slowly over the next " +
          "thousands. Our baseline is an imagined model without long-reasoning training: it gains a little from room for a few " +
          "steps, then nothing. The four bands, shaded alternately, and their limits are ours too; the last, diminishing returns, is our name " +
          "for where our curve rises slowly, not a ceiling the paper found.",
        `${P}-illustrative`,
      ),
      note(
        "The seed article says Qwen-32B without R1 distillation barely improves with more budget. " +
          "Neither version of the paper shows such a curve, and we found no source for it: our baseline is not Qwen, nor any real model.",
        `${P}-article`,
      ),
    );
    const assumptions = note("", `${P}-assumptions`);
    box.append(assumptions);
    scope.watch(["sourced_points"], () => {
      const sp = obj(model.get("sourced_points"));
      const cap = obj(sp.eval_max_tokens);
      budgetNote.textContent =
        `R1 chooses its own length; the papers describe no thinking-budget setting for it. Here the budget is a cap, like the ${int(cap.value)}-token ` +
        `limit of the paper's evaluations (${String(cap.source ?? "")}).`;
      const raise = obj(sp.length_cap);
      const [before, after, step] = [obj(raise.before), obj(raise.after), obj(raise.step)];
      capNote.textContent =
        finite(before.value) && finite(after.value) && finite(step.value)
          ? `Our last band is no ceiling. When DeepSeek raised R1-Zero's training length cap from ${int(before.value)} to ` +
            `${int(after.value)} tokens at step ${int(step.value)}, both its performance and its response length jumped ` +
            `(${String(before.source ?? "")}; ${String(after.source ?? "")}; ${String(step.source ?? "")}).`
          : "";
      assumptions.textContent =
        `Latency and cost assume the model spends its whole budget, then writes an answer of ${int(ANSWER)} tokens (our round ` +
        `number): latency is (budget + ${int(ANSWER)}) tokens over the decode speed, ignoring the time to read the prompt and to ` +
        `wait in a queue. Cost counts generated tokens, relative to a direct answer of ${int(ANSWER)} tokens with no thinking ` +
        "(1×), at one price per token. A real model may stop before its budget runs out. The track ends at " +
        `${int(cap.value)} tokens, the longest generation the paper allowed in its evaluations (${String(cap.source ?? "")}).`;
    });

    // ---- published: majority voting, a second test-time axis ---------------------------------------
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "What the paper measured: voting over 64 samples",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      note(
        "Sampling many answers and taking a vote is another way to spend compute at test time. pass@1 is the share of questions " +
          "answered right by a single sampled answer, averaged over several samples per question. cons@64 samples 64 answers per " +
          "question, keeps the most common final answer (a majority vote) and grades that: about 64 times the tokens of one answer. " +
          "R1-Zero was trained by reinforcement learning (RL) alone; the distilled models by supervised fine-tuning (SFT) on " +
          "R1's worked answers, with no RL.",
      ),
    );
    const caption = h("div", {
      cls: `r1w-label ${P}-caption`,
      text: "AIME 2024 (a maths competition), in %: ● pass@1 and ■ cons@64, published",
      attrs: { id: newId() },
    });
    const body = h("tbody");
    const table = h(
      "table",
      { cls: `r1w-table ${P}-votes`, attrs: { "aria-labelledby": caption.id } },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Model", "● pass@1", "■ cons@64", "Gain"].map((t, i) =>
            h("th", { text: t, attrs: { scope: "col", class: i === 0 ? "r1w-left" : "" } }),
          ),
          h(
            "th",
            { attrs: { scope: "col", class: `${P}-track-head` } },
            h("span", { cls: "r1w-sr-only", text: "Chart" }),
            scaleTrack(),
          ),
        ),
      ),
      body,
    );
    const sourceList = h("ul", { cls: `${P}-source-list` });
    const natureRun = note("", `${P}-nature-run`);
    box.append(
      caption,
      h(
        "div",
        { cls: `${P}-vote-box` },
        scrollArea(table, "Majority voting on AIME 2024: pass@1 and cons@64 by model"),
      ),
      natureRun,
      h("div", { cls: "r1w-label", text: "Where each value comes from" }),
      sourceList,
    );
    const quote = h("blockquote", { cls: `${P}-quote` });
    const quoteSource = note("", `${P}-quote-source`);
    const lengthNote = note("", `${P}-length-note`);
    const contrastNote = note("", `${P}-contrast-note`);
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "What the paper says about how R1 spends tokens",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      quote,
      quoteSource,
      contrastNote,
      lengthNote,
    );
    scope.watch(["sourced_points"], () => {
      const sp = obj(model.get("sourced_points"));
      clear(body);
      clear(sourceList);
      for (const r of list(sp.majority_vote, MAX_ROWS)) {
        const one = obj(r.pass_at_1);
        const vote = obj(r.cons_at_64);
        const clamp = (v) => Math.min(100, Math.max(0, finite(v) ? v : 0));
        const lo = clamp(one.value);
        const hi = clamp(vote.value);
        const track = h("div", { cls: `${P}-track` }, ...gridlines());
        const span = h("div", { cls: `${P}-span` });
        span.style.left = `${Math.min(lo, hi)}%`;
        span.style.width = `${Math.abs(hi - lo)}%`;
        const dot = h("div", { cls: `${P}-mark ${P}-mark-one`, text: "●" });
        dot.style.left = `${lo}%`;
        const square = h("div", { cls: `${P}-mark ${P}-mark-vote`, text: "■" });
        square.style.left = `${hi}%`;
        track.append(span, dot, square);
        const fmt = (v) => (finite(v) ? `${num(v, 1)}%` : "–");
        body.append(
          h(
            "tr",
            {},
            h(
              "th",
              { attrs: { scope: "row", class: "r1w-left" } },
              h("span", { cls: `${P}-name`, text: String(r.label ?? "") }),
              h("span", { cls: `${P}-sub`, text: String(r.kind ?? "") }),
            ),
            h("td", { text: fmt(one.value) }),
            h("td", { text: fmt(vote.value) }),
            h("td", { text: String(r.gain_text ?? "") }),
            h("td", { cls: `${P}-track-cell`, attrs: { "aria-hidden": "true" } }, track),
          ),
        );
        sourceList.append(
          h("li", {
            text: `${String(r.label ?? "")}: ${String(one.source ?? "")}; ${String(vote.source ?? "")}`,
          }),
        );
      }
      const zero = obj(sp.r1_zero_nature);
      const [steps, one, vote16] = [obj(zero.steps), obj(zero.pass_at_1), obj(zero.cons_at_16)];
      natureRun.textContent =
        finite(steps.value) && finite(one.value) && finite(vote16.value)
          ? `Nature's longer run of R1-Zero (${int(steps.value)} RL steps) reaches ${pct(one.value, 1)} pass@1 on ` +
            `AIME 2024 (and ${pct(vote16.value, 1)} cons@16, the same majority vote over 16 samples); chapter 14 uses ` +
            "that run. The table's first row is the shorter run that arXiv v1 reports (sources: " +
            `${String(steps.source ?? "")}; ${String(one.source ?? "")}; ${String(vote16.source ?? "")}).`
          : "";
      const alloc = obj(sp.token_allocation);
      const over = obj(sp.overthinking);
      quote.textContent = `“${String(alloc.value ?? "")}”`;
      quoteSource.textContent =
        `Source: ${String(alloc.source ?? "")}. Nature also still counts “${String(over.value ?? "")}”, spending more ` +
        `tokens than a problem needs, among R1's limits (source: ${String(over.source ?? "")}).`;
      const conv = obj(sp.conventional_scaling);
      contrastNote.textContent = conv.value
        ? `In our words, not a quote: Nature sets this apart from conventional ways of scaling at test time, such as ` +
          `${String(conv.value)} (MCTS stands for Monte Carlo tree search: exploring a tree of partial solutions, guided by a model ` +
          `that scores them) (source: ${String(conv.source ?? "")}).`
        : "";
      const lengths = list(sp.response_length, 4).filter((r) => finite(r.tokens));
      const [first, last] = [lengths[0], lengths.at(-1)];
      lengthNote.textContent =
        first && last
          ? `◆ on the strip: during R1-Zero's RL, its average response on its training prompts grew from about ` +
            `${int(first.tokens)} tokens at step ${int(first.step)} to about ${int(last.tokens)} at step ${int(last.step)} ` +
            `(${String(last.source ?? "")}). That is how long it learned to think, with no budget set; it is not a test-time ` +
            "budget and is tied to no accuracy on the chart."
          : "";
    });

    box.append(errorLine(scope));
    return () => scope.cleanup();
  },
};
