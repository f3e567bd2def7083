// Chapter 13 view: an illustrative chain of thought that mixes English and Chinese less as the
// language-consistency weight λ grows, its mixing rate and LC reward (computed by the kernel with
// chapter 03's rule), and illustrative curves over λ with a marker at the chosen λ. The kernel
// samples the trace, counts the words and draws the curves' values; this view lays them out.
import {
  Scope,
  root,
  h,
  s,
  slider,
  select,
  stat,
  errorLine,
  note,
  plot,
  line,
  clear,
  legend,
  num,
  pct,
  int,
  srOnly,
} from "../lib/kit.js";

const P = "r1w-language-consistency";
const MAX_SEGMENTS = 64; // the kernel sends 20: never build more from the model
const MAX_POINTS = 201; // the kernel sends 41 per curve
const MAX_LANGUAGES = 4;
const MAX_SEED_TRACK = 999; // the slider's track; Python may set any seed up to 2³² − 1
const NAMES = { en: "English", zh: "Chinese" };
const TAGS = { en: "EN", zh: "中" }; // the visible mark of a clause in the other language
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const langName = (id) => NAMES[id] ?? "another language";

/**
 * Fill `box` with the trace as text: each segment a text node, or, when it is in the non-target
 * language, a <span> double-underlined and preceded by a visible tag naming its language and a
 * label for screen readers. A segment that starts a clause (clause_start, from the kernel) gets
 * a faint separator before it, drawn by CSS so that the trace's text stays the kernel's.
 */
export function drawTrace(box, segments) {
  clear(box);
  for (const seg of list(segments, MAX_SEGMENTS)) {
    if (!seg || typeof seg !== "object") continue;
    const text = String(seg.text ?? "");
    if (seg.clause_start === true)
      box.append(h("span", { cls: `${P}-sep`, attrs: { "aria-hidden": "true" } }));
    if (!seg.off_target) {
      box.append(document.createTextNode(text));
      continue;
    }
    const lang = String(seg.language ?? "");
    box.append(
      h(
        "span",
        { cls: `${P}-off` },
        h("span", { cls: `${P}-tag`, text: TAGS[lang] ?? "?", attrs: { "aria-hidden": "true" } }),
        srOnly(`(switches to ${langName(lang)}:) `),
        h("span", { cls: `${P}-off-text`, text }),
        srOnly(" (end of switch) "),
      ),
    );
  }
}

/** A vertical cursor at λ across plot p, with a triangle above the plot pointing at it. */
function cursor(p, x) {
  const cx = p.sx(x);
  const top = p.margin.t;
  p.layer.append(
    s("line", { x1: cx, x2: cx, y1: top, y2: p.height - p.margin.b, class: `${P}-cursor` }),
    s("path", { d: `M${cx - 6},${top - 11}H${cx + 6}L${cx},${top - 1}Z`, class: `${P}-cursor` }),
  );
}

/**
 * A dotted vertical line at λ = `x` across plot p, labelled on two lines to its right at mid
 * height: where R1's "added directly" sits on our scale (our reading).
 */
function directMark(p, x) {
  const cx = p.sx(x);
  const top = p.margin.t;
  const bottom = p.height - p.margin.b;
  const y = top + 0.5 * (bottom - top);
  p.layer.append(s("line", { x1: cx, x2: cx, y1: top, y2: bottom, class: `r1w-ref ${P}-direct` }));
  ["R1: added directly", "(our reading)"].forEach((text, i) => {
    const t = s("text", { x: cx + 4, y: y + 12 * i, class: `r1w-ref-label ${P}-direct-label` });
    t.textContent = text;
    p.layer.append(t);
  });
}

/** [λ, value] pairs of one curve, finite ones only. */
function pairs(weights, values) {
  const w = list(weights, MAX_POINTS);
  const v = list(values, MAX_POINTS);
  return w.map((x, i) => [x, v[i]]).filter(([x, y]) => finite(x) && finite(y));
}

/** The curve's value at λ: the grid point nearest to it (the kernel's grid is fine enough). */
function at(pts, x) {
  let best = null;
  for (const pt of pts) if (!best || Math.abs(pt[0] - x) < Math.abs(best[0] - x)) best = pt;
  return best ? best[1] : NaN;
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "language-consistency", model.get("title"));
    box.append(
      note(
        "Language mixing (or code-switching) is changing language in the middle of a text. DeepSeek-R1-Zero's chains of " +
          "thought, the reasoning it writes before its answer, did it: English and Chinese in one line. R1 added a " +
          "language-consistency (LC) reward: the share of the words in the chain of thought that are in the target " +
          "language, the language it should write in. A chain all in the target language earns 1; half in another earns 0.5.",
      ),
    );

    const weight = slider(scope, {
      name: "weight",
      label: "LC weight λ",
      min: 0,
      max: 2,
      step: 0.05,
      format: (v) => num(v, 2),
    });
    const seed = slider(scope, {
      name: "seed",
      label: "Sample (seed)",
      min: 0,
      max: MAX_SEED_TRACK,
      step: 1,
      format: (v) => int(v),
    });
    const target = select(scope, {
      name: "target_language",
      label: "Target language",
      options: list(model.get("languages"), MAX_LANGUAGES).map((l) => [
        String(l.id),
        String(l.label),
      ]),
    });
    const scale = note("", `${P}-scale`);
    const runs = note("", `${P}-runs`);
    box.append(
      h("div", { cls: `r1w-sliders ${P}-knobs` }, weight.el, seed.el),
      target.el,
      scale,
      runs,
    );

    // ---- the sample --------------------------------------------------------------------------------
    const heading = h("div", {
      cls: `${P}-heading`,
      attrs: { role: "heading", "aria-level": "3" },
    });
    const modelNote = note("", `${P}-model`);
    const prompt = h("div", { cls: `${P}-prompt` });
    const key = h("div", { cls: `${P}-key` });
    const trace = h("pre", {
      cls: `${P}-trace r1w-mono`,
      attrs: {
        tabindex: "0",
        role: "region",
        "aria-label": "The sample chain of thought, switched clauses marked",
        "data-lm-suppress-shortcuts": "true",
      },
    });
    box.append(heading, modelNote, prompt, key, trace);

    const stats = {
      mixed: stat(
        "Mixed-language rate (share of words not in the target language), this sample",
        `${P}-mixed`,
      ),
      reward: stat("LC reward (chapter 03's rule)", `${P}-reward`),
      clauses: stat("Clauses switched (parted by · or a line break)", `${P}-clauses`),
      code: stat("Code score vs λ = 0 (illustrative)", `${P}-code`),
      readable: stat(
        "Share in the target language, pooled over samples (illustrative)",
        `${P}-readable`,
      ),
    };
    const reason = h("p", { cls: `r1w-note ${P}-reason` });
    box.append(
      h(
        "div",
        { attrs: { "aria-live": "polite" } },
        h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)),
        reason,
      ),
    );

    scope.watch(
      [
        "weight",
        "target_language",
        "prompt",
        "segments",
        "switch_probability",
        "switched_clauses",
        "clauses",
        "word_counts",
        "mixed_rate",
        "language_reward",
        "language_reason",
        "accuracy",
        "readability",
      ],
      () => {
        const lam = model.get("weight");
        const tgt = String(model.get("target_language") ?? "");
        const other = tgt === "zh" ? "en" : "zh";
        heading.textContent = `An illustrative chain of thought at λ = ${num(lam, 2)}, target ${langName(tgt)}`;
        modelNote.textContent =
          "Illustrative: our own text and our own model of mixing, not R1's output. Each clause switches to " +
          `${langName(other)} with a chance that falls as λ grows: ${pct(model.get("switch_probability"), 1)} per ` +
          "clause here. Real mixing also happens word by word; ours switches whole clauses. Change the seed for another sample.";
        prompt.textContent = `Prompt: ${String(model.get("prompt") ?? "")}`;
        clear(key);
        key.append(
          h("span", { cls: `${P}-tag`, text: TAGS[other], attrs: { "aria-hidden": "true" } }),
          h("span", { cls: `${P}-off-text`, text: "double underline" }),
          `: a clause in ${langName(other)}, not the target language. A faint `,
          h("span", { cls: `${P}-sep`, attrs: { "aria-hidden": "true" } }),
          "(a middle dot) or a line break parts one clause from the next.",
        );
        drawTrace(trace, model.get("segments"));

        const c = model.get("word_counts") || {};
        const mixed = model.get("mixed_rate");
        const reward = model.get("language_reward");
        stats.mixed.set(`${pct(mixed, 1)} of words`);
        stats.reward.set(`${num(reward, 3)} (${pct(reward, 1)} ${langName(tgt)})`);
        stats.clauses.set(`${int(model.get("switched_clauses"))} of ${int(model.get("clauses"))}`);
        const acc = model.get("accuracy") || {};
        stats.code.set(pct(acc.code, 1));
        stats.readable.set(pct(model.get("readability"), 1));
        reason.textContent =
          `${String(model.get("language_reason") ?? "")}. Mixed-language rate = ${int(c.other)} of ${int(c.total)} words not in ` +
          `${langName(tgt)}, so the LC reward is 1 minus it: both count words the same way (English: runs of letters; Chinese: ` +
          "one word per character, since it has no spaces and the paper names no word splitter; that rule is ours).";
      },
    );

    // ---- the illustrative curves ---------------------------------------------------------------------
    const mixBox = h("div", { cls: `${P}-chart` });
    const costBox = h("div", { cls: `${P}-chart` });
    box.append(
      h(
        "div",
        { cls: `${P}-charts` },
        h(
          "div",
          { cls: `${P}-panel` },
          h("div", { cls: "r1w-label", text: "Language over λ (illustrative model)" }),
          mixBox,
          legend([
            ["r1w-c2", "solid: mixed-language rate, pooled over many samples"],
            ["r1w-c3", "dashed: share in the target language (1 − solid)"],
            [`${P}-swatch-dot`, "diamond: this sample's mixed-language rate"],
            [`${P}-swatch-direct`, "dotted: R1's reward added directly (our reading)"],
          ]),
        ),
        h(
          "div",
          { cls: `${P}-panel` },
          h("div", {
            cls: "r1w-label",
            text: "Accuracy over λ (illustrative), % of the score without the LC reward",
          }),
          costBox,
          legend([
            ["r1w-c1", "solid: code"],
            ["r1w-c4", "dashed: maths"],
            [`${P}-swatch-cursor`, "▼ and vertical line: the chosen λ"],
          ]),
        ),
      ),
      note(
        "Both charts are our illustration, not measurements: the paper publishes no curve over a weight. The dashed line " +
          "on the left is only the mixing rate turned round (1 minus it), not a separate readability score. The accuracy " +
          "curves follow the words of the supplementary ablation as a secondary note quotes them: maths drawn flat " +
          '("comparable"), code falling slightly; how far it falls is our choice.',
        `${P}-illustrative`,
      ),
    );
    const pctTick = (v) => pct(v, 0);
    scope.watch(
      [
        "weight",
        "curves",
        "mixed_rate",
        "accuracy",
        "readability",
        "expected_mixed_rate",
        "direct_weight",
      ],
      () => {
        const lam = Math.min(2, Math.max(0, Number(model.get("weight")) || 0));
        const dw = model.get("direct_weight");
        const direct = finite(dw) && dw >= 0 && dw <= 2 ? dw : null;
        const directText =
          direct === null
            ? ""
            : ` Dotted line at λ = ${num(direct, 0)}: the LC reward added directly, as R1 does (our reading).`;
        const cv = model.get("curves") || {};
        const mix = pairs(cv.weights, cv.expected_mixed_rate);
        const read = pairs(cv.weights, cv.readability);
        const code = pairs(cv.weights, cv.code);
        const maths = pairs(cv.weights, cv.maths);
        const frame = (y, ticks, yLabel) =>
          plot({
            width: 360,
            height: 220,
            x: [0, 2],
            y,
            xTicks: [0, 0.5, 1, 1.5, 2],
            yTicks: ticks,
            yFormat: pctTick,
            xLabel: "LC weight λ",
            yLabel,
            margin: { l: 48, r: 12, t: 16, b: 36 },
          });

        const a = frame([0, 1], [0, 0.25, 0.5, 0.75, 1], "share of words");
        line(a, mix, "r1w-line r1w-c2");
        line(a, read, `r1w-line r1w-c3 ${P}-dashed`);
        if (direct !== null) directMark(a, direct);
        cursor(a, lam);
        const mixed = model.get("mixed_rate");
        if (finite(mixed)) {
          const [x, y] = [a.sx(lam), a.sy(Math.min(1, Math.max(0, mixed)))];
          a.layer.append(
            s("path", {
              d: `M${x},${y - 6}L${x + 6},${y}L${x},${y + 6}L${x - 6},${y}Z`,
              class: `${P}-dot`,
            }),
          );
        }
        a.svg.setAttribute(
          "aria-label",
          `Line chart, illustrative: our model's mixed-language rate pooled over many samples falls from ${pct(mix[0]?.[1], 1)} at ` +
            `λ = 0 to ${pct(mix.at(-1)?.[1], 1)} at λ = 2; the share in the target language, its complement, rises. At ` +
            `λ = ${num(lam, 2)}: pooled rate ${pct(at(mix, lam), 1)}, target-language share ` +
            `${pct(model.get("readability"), 1)}, this sample's rate ${pct(mixed, 1)}.${directText}`,
        );
        clear(mixBox);
        mixBox.append(a.svg);

        const b = frame([0.8, 1.01], [0.8, 0.85, 0.9, 0.95, 1], "% of λ = 0's score");
        line(b, maths, `r1w-line r1w-c4 ${P}-dashed`);
        line(b, code, "r1w-line r1w-c1");
        if (direct !== null) directMark(b, direct);
        cursor(b, lam);
        const acc = model.get("accuracy") || {};
        b.svg.setAttribute(
          "aria-label",
          `Line chart, illustrative: scores as a share of the score without the LC reward. Maths stays at ${pct(maths[0]?.[1], 0)}; ` +
            `code falls slightly, to ${pct(code.at(-1)?.[1], 1)} at λ = 2. At λ = ${num(lam, 2)}: code ${pct(acc.code, 1)}, ` +
            `maths ${pct(acc.maths, 1)}.${directText}`,
        );
        clear(costBox);
        costBox.append(b.svg);
      },
      { frame: true },
    );

    // ---- what the paper says, and what it does not -------------------------------------------------
    const paper = note("", `${P}-paper`);
    const supplement = note("", `${P}-supplement`);
    const filter = note("", `${P}-filter`);
    const article = note("", `${P}-article`);
    const secondary = note("", `${P}-secondary`);
    const sources = h("ul", { cls: `${P}-sources` });
    box.append(
      h("div", {
        cls: `${P}-heading`,
        text: "What the paper says",
        attrs: { role: "heading", "aria-level": "3" },
      }),
      paper,
      supplement,
      filter,
      article,
      secondary,
      h("div", { cls: "r1w-label", text: "Sources" }),
      sources,
      errorLine(scope),
    );
    scope.watch(["notes", "published"], () => {
      const n = model.get("notes") || {};
      scale.textContent = String(n.scale ?? "");
      runs.textContent = String(n.runs ?? "");
      paper.textContent = String(n.paper ?? "");
      supplement.textContent = String(n.supplement ?? "");
      filter.textContent = String(n.filter ?? "");
      article.textContent = String(n.article ?? "");
      secondary.textContent = String(n.secondary ?? "");
      clear(sources);
      for (const item of Object.values(model.get("published") || {}).slice(0, 12)) {
        if (!item || typeof item !== "object") continue;
        sources.append(
          h(
            "li",
            {},
            h("span", { text: `${String(item.label ?? "")}: ` }),
            h("span", { cls: `${P}-source`, text: String(item.source ?? "") }),
          ),
        );
      }
    });

    return () => scope.cleanup();
  },
};
