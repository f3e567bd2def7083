// The closing quiz (registry number 17): eight questions, each a native radio group and a
// "Check answer" button. A radio only sets a pending choice here in the view (nothing is sent,
// nothing revealed, so arrowing through a group answers nothing); Check writes it to the
// kernel's `answers`, which keeps the first checked answer until "Clear all answers". The kernel
// shuffles the options, checks every answer and sends the verdict, the explanation and the
// chapter to revisit; this view draws them.
import { Scope, root, h, button, errorLine, note, clear, newId, boundedInt } from "../lib/kit.js";

const P = "r1w-quiz";
const MAX_QUESTIONS = 16; // never build more fieldsets than this from the model
const MAX_OPTIONS = 8;
const MAX_FACTS = 64;
const LETTERS = "ABCDEFGH";

/** Mark a control so JupyterLab leaves its keys (arrows, space) alone, as the kit does. */
function keyboardSafe(el) {
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  return el;
}

const asList = (v) => (Array.isArray(v) ? v : []);
const letter = (k) => LETTERS[k] ?? String(k + 1);
const chapterNumber = (n) => String(boundedInt(n, 0, 99)).padStart(2, "0");

/** One published value: its label, as written in the explanation, and its source. */
function factItem(f) {
  const o = f && typeof f === "object" ? f : {};
  return h(
    "li",
    {},
    h("span", { text: `${o.label ?? ""}: ` }),
    h("span", { cls: `${P}-fact-value`, text: String(o.text ?? "") }),
    h("span", { cls: `${P}-fact-source`, text: ` (${o.source ?? ""})` }),
  );
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "quiz", model.get("title"));
    box.append(
      note(
        "Eight questions, one for each big idea of the course. Choose an option (with the " +
          "mouse, or the arrow keys within a question), then press Check answer: the kernel " +
          "says whether it is right and why, and names the chapter to revisit. Your first " +
          "checked answer is final and is what the score counts; Clear all answers starts " +
          "the whole quiz again.",
      ),
      note(
        "Questions, options and explanations are our own wording. Where the seed article " +
          "says more than the paper, the explanation says what the paper shows. The options " +
          "are shuffled by a seed: the same seed gives the same order.",
        "r1w-muted",
      ),
    );

    const list = h("div", { cls: `${P}-list` });
    const score = h("p", {
      cls: `${P}-score`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    const reset = button("Clear all answers", () => scope.act("reset"), `${P}-reset`);
    const shuffle = button("Shuffle the options", () => scope.act("shuffle"), `${P}-shuffle`);
    const sourcesList = h("ul", { cls: `${P}-facts` });
    const sourcesSummary = keyboardSafe(h("summary", {}));
    const sources = h("details", { cls: `${P}-sources` }, sourcesSummary, sourcesList);
    box.append(
      list,
      h("div", { cls: `r1w-row ${P}-footer` }, score, reset, shuffle),
      sources,
      errorLine(scope),
    );

    /** @type {Array<{ radios: HTMLInputElement[], labels: HTMLElement[], check: HTMLElement,
     *   hint: HTMLElement, legend: HTMLElement, verdict: HTMLElement, more: HTMLElement,
     *   options: string[], shown: string }>} */
    let items = [];
    // The view's own state, never sent: per question the pending choice (the option's text, so
    // it survives a reshuffle; "" for none) and whether the kernel had it answered last time.
    let pending = [];
    const wasAnswered = [];

    // The chosen places as the kernel last confirmed them, one per question shown.
    const answers = () => {
      const a = asList(model.get("answers")).slice(0, MAX_QUESTIONS);
      const n = Math.max(a.length, items.length);
      return Array.from({ length: n }, (_, q) => boundedInt(a[q] ?? -1, -1, MAX_OPTIONS - 1));
    };

    const build = () => {
      const qs = asList(model.get("questions")).slice(0, MAX_QUESTIONS);
      const total = qs.length;
      clear(list);
      items = qs.map((raw, q) => {
        const question = raw && typeof raw === "object" ? raw : {};
        const name = newId(`${P}-q`);
        const options = asList(question.options)
          .slice(0, MAX_OPTIONS)
          .map((t) => String(t ?? ""));
        const radios = [];
        const labels = [];
        const group = h("div", { cls: `${P}-options` });
        options.forEach((text, k) => {
          const id = newId();
          const radio = keyboardSafe(
            h("input", {
              cls: `${P}-radio`,
              attrs: { type: "radio", id, name, value: String(k) },
            }),
          );
          radio.dataset.name = `answers.${q}`;
          // A pending choice only: nothing goes to the kernel until Check answer.
          radio.addEventListener("change", () => {
            if (!radio.checked) return;
            pending[q] = options[k];
            items[q].hint.textContent = "";
          });
          const tag = h("span", { cls: `${P}-tag` });
          const label = h(
            "label",
            { cls: `${P}-label`, attrs: { for: id } },
            h("span", { cls: `${P}-letter`, text: `${letter(k)}.` }),
            h("span", { cls: `${P}-text`, text }),
            tag,
          );
          radios.push(radio);
          labels.push(tag);
          group.append(h("div", { cls: `${P}-option` }, radio, label));
        });
        const check = button("Check answer", () => checkAnswer(q), `${P}-check`);
        check.setAttribute("aria-label", `Check answer to question ${q + 1}`);
        check.dataset.name = `check.${q}`;
        const hint = h("span", {
          cls: `${P}-hint`,
          attrs: { role: "status", "aria-live": "polite" },
        });
        const verdict = h("p", {
          cls: `${P}-verdict`,
          attrs: { role: "status", "aria-live": "polite" },
        });
        const more = h("div", { cls: `${P}-more` });
        const legend = h(
          "legend",
          { cls: `${P}-legend`, attrs: { tabindex: "-1" } },
          h("span", { cls: `${P}-number`, text: `Question ${q + 1} of ${total}. ` }),
          h("span", { cls: `${P}-stem`, text: String(question.stem ?? "") }),
        );
        list.append(
          h(
            "fieldset",
            { cls: `${P}-question`, attrs: { "data-question": String(q + 1) } },
            legend,
            group,
            h("div", { cls: `${P}-actions` }, check, hint),
            verdict,
            more,
          ),
        );
        return { radios, labels, check, hint, legend, verdict, more, options, shown: "" };
      });
      pending = items.map((_, q) => pending[q] ?? "");
      paint();
    };

    // Send the pending choice of question q: the kernel keeps it as the first, final answer.
    const checkAnswer = (q) => {
      const item = items[q];
      const next = answers();
      if (!item || next[q] >= 0) return; // already answered: the button is inert
      const k = item.options.indexOf(pending[q]);
      if (k < 0) {
        item.hint.textContent = `Choose an option for question ${q + 1} first.`;
        return;
      }
      item.hint.textContent = "";
      next[q] = k;
      scope.write("answers", next);
    };

    /** Follow a revisit link: focus the chapter's caption heading, and offer the way back. */
    const followLink = (ev, anchor) => {
      const doc = el.ownerDocument || document;
      const caption = doc.getElementById(anchor);
      const heading = caption?.querySelector("h2") ?? caption;
      if (!heading) return;
      ev.preventDefault();
      heading.setAttribute("tabindex", "-1");
      heading.focus(); // scrolls it into view
    };

    const paint = () => {
      const chosen = answers();
      const results = asList(model.get("results"));
      const doc = el.ownerDocument || document;
      items.forEach((item, q) => {
        const answered = chosen[q] >= 0;
        if (wasAnswered[q] && !answered) pending[q] = ""; // cleared: start afresh
        wasAnswered[q] = answered;
        const mine = answered ? chosen[q] : item.options.indexOf(pending[q]);
        item.radios.forEach((r, k) => {
          r.checked = mine === k;
          r.disabled = answered; // the checked answer is final: shown, not changeable
        });
        // Inert once answered, but kept focusable: disabling it would drop the keyboard's focus.
        item.check.setAttribute("aria-disabled", String(answered));
        const label = answered ? "Answer checked" : "Check answer";
        if (item.check.textContent !== label) {
          item.check.textContent = label;
          item.check.setAttribute(
            "aria-label",
            answered ? `Answer checked for question ${q + 1}` : `Check answer to question ${q + 1}`,
          );
        }
        if (answered) item.hint.textContent = "";
        const res = results[q] && typeof results[q] === "object" ? results[q] : {};
        // A live region announces every rewrite, even to the same text: touch a question's
        // feedback only when its own answer or result changed, not when another's did.
        const key = JSON.stringify([chosen[q], res]);
        if (key === item.shown) return;
        item.shown = key;
        const done = res.answered === true && chosen[q] >= 0;
        const right = done ? boundedInt(res.right_place, 0, item.radios.length - 1) : -1;
        item.labels.forEach((tag, k) => {
          tag.textContent = k === right ? " ✓ right answer" : "";
        });
        item.verdict.classList.toggle("r1w-good", done && res.correct === true);
        item.verdict.classList.toggle("r1w-bad", done && res.correct === false);
        item.verdict.textContent = !done
          ? ""
          : res.correct === true
            ? `✓ Right: ${letter(chosen[q])} is correct.`
            : `✗ Not right: you chose ${letter(chosen[q])}; the right answer is ${letter(right)}.`;
        clear(item.more);
        if (!done) return;
        item.more.append(h("p", { cls: `${P}-explanation`, text: String(res.explanation ?? "") }));
        const facts = asList(res.facts).slice(0, MAX_FACTS);
        if (facts.length) {
          item.more.append(
            h("p", { cls: `${P}-facts-head`, text: "Published values used above, with sources:" }),
            h("ul", { cls: `${P}-facts` }, ...facts.map(factItem)),
          );
        }
        const rv = res.revisit && typeof res.revisit === "object" ? res.revisit : null;
        if (rv) {
          const nn = chapterNumber(rv.number);
          const title = String(rv.title ?? "");
          const text = `Revisit chapter ${nn}${title ? ` · ${title}` : ""}`;
          const anchor = `r1w-ch${nn}`;
          const line = h("p", { cls: `${P}-revisit` });
          // A link only inside the walkthrough, where the chapter's caption carries the id;
          // following it focuses the chapter's heading, and "Back" returns to this question.
          if (doc.getElementById(anchor)) {
            const link = h("a", { cls: `${P}-link`, text, attrs: { href: `#${anchor}` } });
            link.addEventListener("click", (ev) => followLink(ev, anchor));
            const back = button(
              `Back to question ${q + 1}`,
              () => item.legend.focus(),
              `${P}-back`,
            );
            line.append(link, back);
          } else {
            line.append(h("span", { text }));
          }
          item.more.append(line);
        }
      });
      const n = Number(model.get("score"));
      const total = Number(model.get("total"));
      const answered = Number(model.get("answered"));
      const ok = [n, total, answered].every(Number.isFinite);
      const line = ok ? `${n} of ${total} right (${answered} answered)` : "–";
      if (score.textContent !== line) score.textContent = line;
    };

    scope.watch(["questions"], build);
    scope.watch(["answers", "results", "score", "total", "answered"], paint);
    scope.watch(["sources"], () => {
      const facts = asList(model.get("sources")).slice(0, MAX_FACTS);
      sourcesSummary.textContent = `The ${facts.length} published values the explanations use, with their sources`;
      clear(sourcesList);
      sourcesList.append(...facts.map(factItem));
    });

    return () => scope.cleanup();
  },
};
