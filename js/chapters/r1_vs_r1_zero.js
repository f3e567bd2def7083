// Chapter 14 view: one prompt answered in R1-Zero's style and in R1's (our own illustrative
// texts), side by side with the chosen property marked in both, the property table the kernel
// measured, and Nature Table 2's scores of the two models. The kernel writes the texts, finds
// every span and holds every value with its source; this view draws them.
import { Scope, root, h, select, errorLine, note, clear, scrollArea } from "../lib/kit.js";

const P = "r1w-r1-vs-r1-zero";
const MAX_MARKS = 200; // never build more marks than this from the model
const MAX_ROWS = 20;
const MAX_ITEMS = 30;
const MAX_BENCHMARKS = 40;
const HIGHLIGHTS = ["length", "language", "format", "structure"]; // the kernel's own list
const REPEAT = "↻"; // a visible sign before a repeated line, not colour alone
// The badge before words not in English names their language, as chapter 13's does.
const LANG_TAG = { zh: "中", en: "EN" };
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const str = (v) => (v === undefined || v === null ? "" : String(v));

/**
 * Fill `box` with `text` as text nodes, each mark's span wrapped and labelled by a visible sign
 * and by words for screen readers. Spans come from the kernel in UTF-16 units (js_span); a span
 * that is not in order, inside the text and after the previous one is skipped, never trusted.
 */
export function drawMarks(box, text, marks, max = MAX_MARKS) {
  clear(box);
  const s = typeof text === "string" ? text : "";
  let at = 0;
  let shown = 0;
  for (const m of list(marks, max)) {
    const [a, z] = m && Array.isArray(m.js_span) ? m.js_span : [];
    if (!(Number.isInteger(a) && Number.isInteger(z) && at <= a && a < z && z <= s.length))
      continue;
    const kind = str(m.kind);
    const label = str(m.label);
    if (a > at) box.append(document.createTextNode(s.slice(at, a)));
    const piece = s.slice(a, z);
    if (kind === "paragraph") {
      // the paragraph as plain text, then its badge: number and words, in visible words
      box.append(
        h("span", { cls: `${P}-para`, text: piece }),
        h("span", { cls: `${P}-badge ${P}-badge-para`, text: label }),
      );
    } else {
      if (kind === "summary")
        box.append(h("span", { cls: `${P}-badge ${P}-badge-summary`, text: "Summary ▸" }));
      if (kind === "repeat")
        box.append(h("span", { cls: `${P}-sign`, text: REPEAT, attrs: { "aria-hidden": "true" } }));
      if (kind === "non_english")
        box.append(
          h("span", {
            cls: `${P}-lang-tag`,
            text: LANG_TAG[str(m.language)] ?? "?",
            attrs: { "aria-hidden": "true" },
          }),
        );
      const known = ["non_english", "tag", "repeat", "summary"].includes(kind);
      box.append(
        h("mark", {
          cls: `${P}-mark ${P}-${known ? kind : "other"}`,
          text: piece,
          attrs: { title: label },
        }),
      );
      if (label && kind !== "summary")
        box.append(h("span", { cls: "r1w-sr-only", text: ` (${label})` }));
    }
    at = z;
    shown += 1;
  }
  if (at < s.length) box.append(document.createTextNode(s.slice(at)));
  return shown;
}

/** A published value with its source as a visible muted line (and a tooltip). */
function sourced(text, source, tag = "li") {
  return h(
    tag,
    { attrs: { title: str(source) } },
    h("span", { text }),
    h("span", { cls: `${P}-source`, text: ` (source: ${str(source)})` }),
  );
}

/** One column: a heading that says the text is ours, the text box, and the paper's words. */
function column(name, sub, cls) {
  const text = h("div", {
    cls: `${P}-text`,
    attrs: { role: "region", "aria-label": `${name}: our illustrative answer` },
  });
  const facts = h("ul", { cls: `${P}-facts` });
  const el = h(
    "section",
    { cls: `${P}-column ${cls}` },
    h("h3", { cls: `${P}-heading`, text: name }),
    h("p", { cls: `${P}-sub`, text: sub }),
    text,
    h("div", { cls: "r1w-label", text: "What the papers say of this model (our words)" }),
    facts,
  );
  return { el, text, facts };
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "r1-vs-r1-zero", model.get("title"));
    box.append(
      note(
        "R1-Zero is DeepSeek-V3-Base trained by reinforcement learning (RL) alone: no example answers to copy first, only " +
          "rewards for a right answer and for putting its reasoning between <think> and </think> (its prompt template also " +
          "asked for the answer inside <answer> … </answer>). R1 begins " +
          "with a cold start, a short supervised fine-tuning (SFT: learning to copy example answers) on thousands of " +
          "readable chains of thought (the reasoning written before the answer), and its reasoning RL adds a " +
          "language-consistency (LC) reward, the share of the chain of thought's words in the target language.",
      ),
      note(
        "Both answers below are ours, written to show the two styles the paper describes; neither is a real output of " +
          "either model. Both reach the right answer: the difference is in how they read.",
        `${P}-illustrative`,
      ),
    );

    // --- the prompt and the property to mark
    const prompt = select(scope, {
      name: "prompt_id",
      label: "Prompt (ours)",
      options: list(model.get("prompts"), MAX_ITEMS).map((p) => [str(p.id), str(p.label)]),
    });
    const group = h("div", {
      cls: `${P}-highlights`,
      attrs: { role: "group", "aria-label": "Property to mark in both texts" },
    });
    const labels = {};
    for (const x of list(model.get("highlights"), HIGHLIGHTS.length)) labels[x.id] = x;
    const buttons = HIGHLIGHTS.map((id) => {
      const b = h("button", {
        cls: `r1w-button ${P}-highlight`,
        text: str(labels[id]?.label ?? id),
        attrs: {
          type: "button",
          "data-name": "highlight",
          "data-highlight": id,
          "aria-pressed": "false",
          "data-lm-suppress-shortcuts": "true",
        },
      });
      b.addEventListener("click", () => scope.write("highlight", id));
      group.append(b);
      return b;
    });
    box.append(
      h("div", { cls: `r1w-row ${P}-controls` }, prompt.el),
      h("div", { cls: "r1w-label", text: "Mark in both texts" }),
      group,
    );

    const question = h("p", { cls: `${P}-question` });
    const legend = h("p", { cls: `r1w-note ${P}-legend` });
    const marked = h("p", {
      cls: `${P}-marked`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    const zero = column(
      "R1-Zero style",
      "Illustrative, written by us: RL only, no cold start",
      `${P}-zero`,
    );
    const r1 = column(
      "R1 style",
      "Illustrative, written by us: after the four-stage pipeline",
      `${P}-r1`,
    );
    box.append(question, legend, marked, h("div", { cls: `${P}-columns` }, zero.el, r1.el));

    scope.watch(["question", "ground_truth"], () => {
      question.textContent = `Prompt: ${str(model.get("question"))} Right answer: ${str(model.get("ground_truth"))}.`;
    });
    scope.watch(["zero_text", "r1_text", "marks", "highlight", "highlights"], () => {
      const hl = str(model.get("highlight"));
      buttons.forEach((b, i) => {
        const on = HIGHLIGHTS[i] === hl;
        b.setAttribute("aria-pressed", String(on));
        b.classList.toggle("r1w-primary", on);
      });
      const info = list(model.get("highlights"), HIGHLIGHTS.length).find((x) => x.id === hl);
      legend.textContent = str(info?.legend);
      const m = model.get("marks") || {};
      drawMarks(zero.text, model.get("zero_text"), m.zero);
      drawMarks(r1.text, model.get("r1_text"), m.r1);
      marked.textContent = str(m.summary);
    });
    scope.watch(["paper_notes"], () => {
      const notes = model.get("paper_notes") || {};
      clear(zero.facts);
      for (const n of list(notes.zero, MAX_ITEMS))
        zero.facts.append(sourced(str(n.value), n.source));
      clear(r1.facts);
      for (const n of list(notes.r1, MAX_ITEMS)) r1.facts.append(sourced(str(n.value), n.source));
    });

    // --- the property table: R1-Zero vs R1, each value with its unit
    const body = h("tbody");
    const table = h(
      "table",
      { cls: `${P}-table` },
      h("caption", {
        cls: `${P}-caption`,
        text: "Measured by the kernel from the two texts above (ours, illustrative): not the models' real answers",
      }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { text: "Property", attrs: { scope: "col" } }),
          h("th", { text: "R1-Zero style", attrs: { scope: "col" } }),
          h("th", { text: "R1 style", attrs: { scope: "col" } }),
        ),
      ),
      body,
    );
    box.append(scrollArea(table, "Properties of the two texts"));
    scope.watch(["properties", "highlight"], () => {
      const hl = str(model.get("highlight"));
      clear(body);
      for (const r of list(model.get("properties"), MAX_ROWS)) {
        const on = r.group === hl;
        body.append(
          h(
            "tr",
            { cls: on ? `${P}-on` : "", attrs: { "data-group": str(r.group) } },
            h(
              "th",
              { attrs: { scope: "row" } },
              h("span", { cls: `${P}-row-label`, text: str(r.label) }),
              on ? h("span", { cls: `${P}-now`, text: " ◀ marked above" }) : null,
              h("span", { cls: `${P}-unit`, text: str(r.unit) }),
            ),
            h("td", { text: str(r.zero_text) }),
            h("td", { text: str(r.r1_text) }),
          ),
        );
      }
    });
    const caveat = note("", `${P}-caveat`);
    box.append(caveat);
    scope.watch(["paper_notes"], () => {
      const len = model.get("paper_notes")?.length || {};
      clear(caveat);
      caveat.append(
        h("span", {
          text:
            "These counts describe our two short texts, written to show each style; do not read them as the models' " +
            "lengths or rates. ",
        }),
        h("span", { text: `${str(len.text)} ` }),
        h("span", { cls: `${P}-source`, text: len.source ? `(source: ${str(len.source)}) ` : "" }),
        h("span", {
          text:
            "Our short texts show layout, not length. The papers state one format rule only, thinking between <think> " +
            "and </think>, and both texts meet it; which template R1's own format reward checked, they do not say.",
        }),
      );
    });

    // --- the published scores
    const bench = select(scope, {
      name: "benchmark",
      label: "Benchmark (a row of Nature Table 2)",
      options: list(model.get("benchmarks"), MAX_BENCHMARKS).map((b) => [str(b.id), str(b.label)]),
    });
    const zeroScore = h("span", { cls: "r1w-stat-value" });
    const r1Score = h("span", { cls: "r1w-stat-value" });
    const stats = h(
      "div",
      { cls: `r1w-stats ${P}-scores` },
      h(
        "div",
        { cls: `r1w-stat ${P}-score-zero` },
        h("span", { cls: "r1w-stat-label", text: "DeepSeek-R1-Zero" }),
        zeroScore,
      ),
      h(
        "div",
        { cls: `r1w-stat ${P}-score-r1` },
        h("span", { cls: "r1w-stat-label", text: "DeepSeek-R1" }),
        r1Score,
      ),
    );
    const verdict = h("p", { cls: `${P}-verdict` });
    const about = h("p", { cls: `r1w-note ${P}-about` });
    const metric = h("p", { cls: `r1w-note ${P}-metric` });
    const count = h("p", { cls: `${P}-count` });
    const higher = h("ul", { cls: `${P}-higher` });
    const run = h("p", { cls: `r1w-note ${P}-run` });
    const results = h(
      "section",
      { cls: `${P}-results`, attrs: { "aria-live": "polite" } },
      stats,
      verdict,
      about,
      metric,
      h("div", { cls: "r1w-label", text: "Where R1-Zero scores higher than R1 (Nature Table 2)" }),
      higher,
      count,
      run,
    );
    box.append(
      h("h3", { cls: `${P}-heading`, text: "Published scores: R1-Zero and R1" }),
      h("div", { cls: `r1w-row ${P}-bench` }, bench.el),
      results,
    );
    scope.watch(["scores"], () => {
      const sc = model.get("scores") || {};
      zeroScore.textContent = str(sc.r1_zero?.text);
      r1Score.textContent = str(sc.r1?.text);
      zeroScore.parentElement.title = str(sc.r1_zero?.source);
      r1Score.parentElement.title = str(sc.r1?.source);
      verdict.textContent = `${str(sc.label)}: ${str(sc.verdict)}`;
      about.textContent = sc.about ? `What it tests (our words): ${str(sc.about)}` : "";
      clear(metric);
      metric.append(
        h("span", { text: `Scored by ${str(sc.metric?.text)}. ` }),
        h("span", {
          cls: `${P}-source`,
          text: `(sources: ${str(sc.source)}; ${str(sc.metric?.source)})`,
        }),
      );
      clear(higher);
      for (const b of list(sc.r1_zero_higher, MAX_BENCHMARKS)) {
        const on = b.id === sc.id;
        higher.append(
          h(
            "li",
            {
              cls: on ? `${P}-on` : "",
              attrs: { title: `${str(b.r1_zero?.source)}; ${str(b.r1?.source)}` },
            },
            h("span", {
              text: `${str(b.label)}: R1-Zero ${str(b.r1_zero?.text)}, R1 ${str(b.r1?.text)}`,
            }),
            on ? h("span", { cls: `${P}-now`, text: " ◀ chosen" }) : null,
            b.about ? h("span", { cls: `${P}-about-item`, text: str(b.about) }) : null,
          ),
        );
      }
      count.textContent = str(sc.count_text);
      clear(run);
      const r = sc.run || {};
      const sources = [r.steps?.source, r.v1_aime?.source].filter(Boolean).join("; ");
      run.append(
        h("span", { text: str(r.text) }),
        h("span", { cls: `${P}-source`, text: sources ? ` (sources: ${sources})` : "" }),
      );
    });

    // --- what R1 still gets wrong, in one line
    const limits = h("p", { cls: `${P}-limits` });
    box.append(limits);
    scope.watch(["paper_notes"], () => {
      const items = list(model.get("paper_notes")?.limitations, MAX_ITEMS);
      clear(limits);
      limits.append(
        h("strong", { text: "R1's remaining limitations, as the papers list them: " }),
        h("span", { text: `${items.map((x) => str(x.value)).join("; ")}.` }),
        h("span", {
          cls: `${P}-source`,
          text: ` (sources: ${[...new Set(items.map((x) => str(x.source)))].join("; ")})`,
        }),
      );
    });

    box.append(errorLine(scope));
    return () => scope.cleanup();
  },
};
