// Chapter 06 view: distillation against RL on the same 32B base (v1 Table 6), or the six
// distilled models by size against two reference models (v1 Table 5). The kernel picks the bars,
// their published values and sources, and computes the gap; this view draws them.
import { Scope, root, h, select, errorLine, note, clear, stat } from "../lib/kit.js";

const P = "r1w-distill-ablation";
const MAX_BARS = 12; // never build more rows than this from the model
const MAX_ITEMS = 8;
const VIEWS = [
  ["ablation", "Distill or RL? (the 32B ablation)"],
  ["family", "The distilled family by size"],
];
const list = (v, n) => (Array.isArray(v) ? v.slice(0, n) : []);
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const MARK = { distilled: "▲", rl: "●", reference: "■" }; // a shape with each kind, not colour alone

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "distill-ablation", model.get("title"));
    box.append(
      note(
        "Distillation here means supervised fine-tuning (SFT) of a small open model on answers written by a big one: the small " +
          "model learns to copy, token by token, the worked answers of R1's stage 3: reasoning answers sampled from the stage-2 RL " +
          "checkpoint plus general data from DeepSeek-V3's pipeline (in the paper's words, \"curated with DeepSeek-R1\"). No " +
          "reinforcement learning (RL) is involved. The other way to teach a small " +
          "model to reason is to run RL on it directly, as R1-Zero was trained. pass@1 is the share of questions answered right " +
          "with one answer, averaged over several samples; cons@64 samples 64 answers and grades the majority's answer.",
      ),
    );

    // --- the view: two native buttons; the pressed one is marked by aria-pressed and weight
    const views = h("div", {
      cls: `${P}-views`,
      attrs: { role: "group", "aria-label": "Comparison" },
    });
    const viewButtons = VIEWS.map(([id, label]) => {
      const b = h("button", {
        cls: `r1w-button ${P}-view`,
        text: label,
        attrs: {
          type: "button",
          "data-name": "view",
          "data-view": id,
          "aria-pressed": "false",
          "data-lm-suppress-shortcuts": "true",
        },
      });
      b.addEventListener("click", () => scope.write("view", id));
      views.append(b);
      return b;
    });
    const bench = select(scope, {
      name: "benchmark",
      label: "Benchmark",
      options: list(model.get("benchmarks"), MAX_ITEMS).map((b) => [String(b.id), String(b.label)]),
    });
    box.append(views, h("div", { cls: "r1w-row" }, bench.el));

    const intro = h("p", { cls: `r1w-note ${P}-intro` });
    const caption = h("caption", { cls: `${P}-caption` });
    const body = h("tbody");
    const table = h("table", { cls: `${P}-bars` }, caption, body);
    const gap = stat("Gap", `${P}-gap`);
    const gapText = h("p", { cls: `${P}-gap-text` });
    const readme = h("p", { cls: `r1w-note ${P}-readme` });
    // every value's source in view, for keyboard, touch and screen readers alike
    const sourceList = h("ul", { cls: `${P}-source-list` });
    const results = h(
      "section",
      { cls: `${P}-results`, attrs: { "aria-live": "polite" } },
      intro,
      table,
      h("div", { cls: `r1w-row ${P}-gap-row` }, gap.el, gapText),
      readme,
      h("div", { cls: "r1w-label", text: "Where each value comes from" }),
      sourceList,
    );
    box.append(results);

    scope.watch(
      ["view", "bars", "gap", "gap_points", "readme_note", "benchmark", "benchmarks", "facts"],
      () => {
        const view = model.get("view") === "family" ? "family" : "ablation";
        for (const b of viewButtons) {
          const on = b.dataset.view === view;
          b.setAttribute("aria-pressed", String(on));
          b.classList.toggle("r1w-primary", on);
        }
        const facts = model.get("facts") || {};
        const sft = facts.sft_samples || {};
        const rl = facts.rl_steps || {};
        intro.textContent =
          view === "ablation"
            ? `Same size, two ways, both from a 32B Qwen base model. Distilled: SFT on ${sft.text ?? ""}, no RL. RL: ${rl.text ?? ""} of ` +
              "large-scale RL on the base itself. QwQ-32B-Preview, a public reasoning model of the same size, is the reference the paper used."
            : "Six models, each fine-tuned from an open Qwen or Llama model named on its row (maths-tuned Qwen2.5-Math for the " +
              `two smallest; for the 70B an instruction-tuned Llama, not a base model) on the same set of ${sft.text ?? ""}: SFT only, ` +
              "no RL (the paper adds that RL on top would bring further gains, and gives no numbers). Smallest first, then " +
              "OpenAI-o1-mini and GPT-4o.";
        const label =
          list(model.get("benchmarks"), MAX_ITEMS).find((b) => b.id === model.get("benchmark"))
            ?.label ?? "";
        caption.textContent = `${label}, in % (the bars run from 0 to 100%)`;
        clear(body);
        clear(sourceList);
        for (const b of list(model.get("bars"), MAX_BARS)) {
          const v = finite(b.value) ? b.value : 0;
          const kind = MARK[b.kind] ? b.kind : "reference";
          const fill = h("div", { cls: `${P}-fill ${P}-${kind}` });
          fill.style.width = `${Math.min(100, Math.max(0, v))}%`;
          const base = b.base?.value ? `from ${b.base.value}` : "";
          const sub = [b.kind_text, base, b.detail].filter(Boolean).join(" · ");
          const src = [b.source, b.base?.source].filter(Boolean).join("; ");
          sourceList.append(
            h(
              "li",
              {},
              h("span", { text: `${MARK[kind]} ${b.label ?? ""}, ${b.text ?? ""}: ` }),
              h("span", { cls: `${P}-source`, text: src }),
            ),
          );
          body.append(
            h(
              "tr",
              { cls: `${P}-row-${kind}` },
              h(
                "th",
                { attrs: { scope: "row" } },
                h("span", { cls: `${P}-name`, text: `${MARK[kind]} ${b.label ?? ""}` }),
                h("span", { cls: `${P}-sub`, text: sub }),
              ),
              h(
                "td",
                { cls: `${P}-track-cell`, attrs: { "aria-hidden": "true" } },
                h("div", { cls: `${P}-track` }, fill),
              ),
              h("td", { cls: `${P}-value`, text: String(b.text ?? "") }),
            ),
          );
        }
        const g = model.get("gap") || {};
        gap.el.querySelector(".r1w-stat-label").textContent = String(g.label ?? "Gap");
        gap.set(String(g.points_text ?? ""));
        gapText.textContent = String(g.text ?? "");
        const r = model.get("readme_note") || {};
        readme.textContent = r.text ? `${r.text} (${r.readme?.source ?? ""})` : "";
        readme.hidden = !r.text;
      },
    );

    const sources = h("p", { cls: `r1w-note ${P}-sources` });
    scope.watch(["view"], () => {
      sources.textContent =
        model.get("view") === "family"
          ? "Sources: arXiv v1 Table 5 (scores), and §2.4 with the DeepSeek-R1 GitHub repository's README (base models); " +
            "each value's own source is listed under the chart."
          : "Source: arXiv v1 Table 6 (§4.1); each value's own source is listed under the chart.";
    });
    box.append(sources);

    const conclusions = h("ol", { cls: `${P}-conclusions` });
    scope.watch(["conclusions"], () => {
      clear(conclusions);
      for (const c of list(model.get("conclusions"), MAX_ITEMS)) {
        conclusions.append(
          h(
            "li",
            {},
            h("span", { text: String(c.value ?? "") }),
            h("span", { cls: `${P}-source`, text: ` (${c.source ?? ""})` }),
          ),
        );
      }
    });
    box.append(
      h("div", { cls: "r1w-label", text: "The paper's two conclusions, in our words" }),
      conclusions,
    );
    box.append(
      note(
        "The seed article calls the two arms of the ablation comparable in compute; the paper does not say so. It says RL on " +
          "the small model needs enormous compute and may still fall short of distillation.",
        `r1w-muted ${P}-article`,
      ),
    );
    box.append(errorLine(scope));
    return () => scope.cleanup();
  },
};
