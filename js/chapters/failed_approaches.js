// Chapter 07 view: the paper's unsuccessful attempts as cards, and a calculator for the size of
// the tree a Monte Carlo tree search faces. The kernel holds every text, every published value
// and every count (exact integers, sent as text); this view lays them out and writes inputs back.
import {
  Scope,
  root,
  h,
  slider,
  sliders,
  ladder,
  stat,
  note,
  errorLine,
  clear,
  int,
  boundedInt,
} from "../lib/kit.js";

const P = "r1w-failed-approaches";
const MAX_CARDS = 3; // never build more choice buttons than the three approaches
const MAX_ITEMS = 8; // nor more list items than this per card

/** A published value with its source, as the kernel sends it: {value, source}. */
function sourced(item) {
  return item && typeof item === "object" ? item : {};
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "failed-approaches", model.get("title"));
    box.append(
      note(
        "Early in developing R1, the DeepSeek team also tried two more elaborate ideas, and the paper reports " +
          "that neither paid off in its large-scale training. Choose an approach to read what it is and the paper's " +
          "own points against it, restated in our words, each with its place in the paper.",
      ),
    );
    const caveat = h("p", { cls: `r1w-note ${P}-caveat` });
    scope.watch(["caveat"], () => {
      const c = sourced(model.get("caveat"));
      caveat.textContent = `${c.value ?? ""} (${c.source ?? ""})`;
    });
    box.append(caveat);

    // --- the choice of approach: native buttons, the pressed one marked by aria-pressed and a word
    const choices = h("div", {
      cls: `${P}-choices`,
      attrs: { role: "group", "aria-label": "Approach" },
    });
    box.append(choices);
    scope.watch(["approaches", "approach"], () => {
      const list = (model.get("approaches") || []).slice(0, MAX_CARDS);
      const chosen = model.get("approach");
      clear(choices);
      for (const a of list) {
        const on = a.id === chosen;
        const b = h(
          "button",
          {
            cls: `r1w-button ${P}-choice${on ? ` ${P}-on` : ""}`,
            attrs: {
              type: "button",
              "aria-pressed": String(on),
              "data-name": "approach",
              "data-approach": String(a.id),
              "data-lm-suppress-shortcuts": "true",
            },
          },
          h("span", { text: String(a.name ?? "") }),
          h("span", {
            cls: `${P}-origin-tag`,
            text: a.origin === "article" ? "article's addition" : "in the paper",
          }),
        );
        b.addEventListener("click", () => scope.write("approach", a.id));
        choices.append(b);
      }
    });

    // --- the chosen card
    const card = h("section", { cls: `${P}-card`, attrs: { "aria-live": "polite" } });
    box.append(card);
    scope.watch(["card", "limitations"], () => {
      const c = model.get("card") || {};
      const items = (model.get("limitations") || []).slice(0, MAX_ITEMS);
      clear(card);
      const article = c.origin === "article";
      card.classList.toggle(`${P}-article`, article);
      card.append(
        h("h3", { cls: `${P}-name`, text: String(c.name ?? "") }),
        h("p", { cls: `${P}-origin`, text: `${article ? "⚠ " : ""}${c.origin_text ?? ""}` }),
        h("p", { cls: `${P}-what`, text: String(c.what ?? "") }),
      );
      if (c.method) {
        const m = sourced(c.method);
        card.append(
          h(
            "p",
            {},
            h("strong", { text: "What they tried: " }),
            `${m.value ?? ""} `,
            h("span", { cls: `${P}-source`, text: `(${m.source ?? ""})` }),
          ),
        );
      }
      card.append(
        h("div", {
          cls: "r1w-label",
          text: article
            ? "The paper's point about a value model (in our words)"
            : "Why it fell short, the paper's points (in our words)",
        }),
      );
      const ol = h("ol", { cls: `${P}-limitations` });
      for (const item of items) {
        const it = sourced(item);
        ol.append(
          h(
            "li",
            {},
            `${it.value ?? ""} `,
            h("span", { cls: `${P}-source`, text: `(${it.source ?? ""})` }),
          ),
        );
      }
      card.append(ol);
      if (c.conclusion) {
        const k = sourced(c.conclusion);
        card.append(
          h(
            "p",
            {},
            h("strong", { text: `${c.conclusion_label ?? "The paper's verdict:"} ` }),
            `${k.value ?? ""} `,
            h("span", { cls: `${P}-source`, text: `(${k.source ?? ""})` }),
          ),
        );
      }
      if (c.link && typeof c.link === "object") {
        const href = String(c.link.href ?? "");
        const a = h("a", {
          cls: `${P}-link`,
          text: String(c.link.text ?? ""),
          attrs: { href: /^#r1w-ch\d\d$/.test(href) ? href : "#" },
        });
        card.append(h("p", {}, `${c.link_text ?? ""} `, a, " (a link within the walkthrough)."));
      }
    });

    // --- the calculator
    const limits = model.get("limits") || {};
    const maxB = boundedInt(sourced(limits.branching).value, 2, 1e6);
    const maxD = boundedInt(sourced(limits.depth).value, 2, 1e6);
    box.append(
      h("h3", { cls: `${P}-calc-title`, text: "How large is the tree MCTS has to search?" }),
      note(
        "Our model, a simplification: each node of the tree is a partial answer and each child adds one more token " +
          "(the root is the empty answer). In the paper's attempt a node was a reasoning step the model marked with " +
          "tags, not a single token; a tree over tokens is the extreme case behind the paper's \"exponentially " +
          'larger search space". The full tree gives every node b children down to D levels, so it holds ' +
          "1 + b + b² + … + bᴰ nodes (bᴰ is b to the power D): the root and every level, not only the complete " +
          "answers. A search that may expand at most c children of any node can reach at most 1 + c + c² + … + cᴰ " +
          "of them. That is an upper bound: a real MCTS stops after its budget of simulations and visits far fewer. " +
          "Counts are exact integers computed in Python; long ones are shown in scientific notation (10⁵¹ is a 1 " +
          "followed by 51 zeros).",
      ),
    );
    const b = slider(scope, {
      name: "branching",
      label: "Branching factor b (children per node)",
      values: ladder(1, maxB, { integer: true, extra: [maxB] }),
      format: (v) => int(v),
      unit: "children",
    });
    const d = slider(scope, {
      name: "depth",
      label: "Depth D (tokens after the root)",
      values: ladder(1, maxD, { integer: true, extra: [maxD] }),
      format: (v) => int(v),
      unit: "levels",
    });
    const c = slider(scope, {
      name: "expansion_cap",
      label: "Expansion cap c (most children a node may expand)",
      values: ladder(1, maxB, { integer: true, extra: [maxB] }),
      format: (v) => int(v),
      unit: "children",
    });
    box.append(sliders(b, d, c));
    const marks = h("ul", { cls: `${P}-marks` });
    const lb = sourced(limits.branching);
    const ld = sourced(limits.depth);
    marks.append(
      h("li", {
        text: `b at most ${int(lb.value)}: DeepSeek-V3's vocabulary, so at token level any of them can come next (${lb.source ?? ""}).`,
      }),
      h("li", {
        text: `D at most ${int(ld.value)}: the most tokens R1 could write in one response in its first RL stage (${ld.source ?? ""}).`,
      }),
      h("li", {
        text: "c is ours: the paper caps each node's expansions but does not give the cap (illustrative).",
      }),
    );
    box.append(marks);

    const space = stat("Full tree (the search space)", `${P}-space`);
    const reach = stat("Reachable under the cap (nodes explored, at most)", `${P}-explored`);
    const share = stat("Share of the full tree reachable", `${P}-share`);
    const stats = h(
      "div",
      { cls: `r1w-stats ${P}-stats`, attrs: { "aria-live": "polite" } },
      space.el,
      reach.el,
      share.el,
    );
    const capNote = h("p", { cls: `r1w-note ${P}-cap-note`, attrs: { "aria-live": "polite" } });
    box.append(stats, capNote, errorLine(scope));

    // Each read-out gets a unit line under its value: how many digits a long count has.
    const units = [space, reach, share].map((st) => {
      const u = h("span", { cls: `${P}-unit` });
      st.el.append(u);
      return u;
    });
    const nodes = (count) => {
      const n = boundedInt(count?.digits, 0, 1e7);
      return count && !count.exact && n ? `nodes (a ${int(n)}-digit number)` : "nodes";
    };
    scope.watch(
      [
        "search_space",
        "nodes_explored",
        "share_searched",
        "effective_cap",
        "expansion_cap",
        "branching",
      ],
      () => {
        const s = model.get("search_space") || {};
        const r = model.get("nodes_explored") || {};
        const f = model.get("share_searched") || {};
        space.set(String(s.text ?? "–"));
        reach.set(String(r.text ?? "–"));
        share.set(String(f.text ?? "–"));
        units[0].textContent = nodes(s);
        units[1].textContent = nodes(r);
        units[2].textContent =
          f.percent || f.whole
            ? "of the full tree"
            : "of the full tree (a fraction, not a percent)";
        const capped = model.get("effective_cap");
        capNote.textContent =
          model.get("expansion_cap") >= model.get("branching")
            ? "The cap is at or above the branching factor, so it removes nothing: the search can reach the whole tree."
            : `Each node keeps ${int(capped)} of its ${int(model.get("branching"))} children; the rest of the tree, below every skipped child, is out of reach. The paper warns that such a cap "can lead to the model getting stuck in local optima" (P-v1 §4.2, MCTS challenge 1). Our reading of why: if the best answer lies in the part out of reach, the search cannot find it.`;
      },
    );

    return () => scope.cleanup();
  },
};
