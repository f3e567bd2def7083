// Chapter 03 view: the rule-based rewards of R1's reasoning RL. The kernel scores the response;
// this view shows the scores, the reasons and where the answer was read, and writes the inputs
// back.
import {
  Scope,
  root,
  h,
  select,
  toggle,
  textarea,
  textInput,
  stat,
  errorLine,
  note,
  row,
  clear,
  num,
  int,
  newId,
  textLimit,
} from "../lib/kit.js";

const REWARDS = [
  ["format_reward", "Format reward (0 or 1)", "format"],
  ["accuracy_reward", "Accuracy reward (0 or 1)", "accuracy"],
  ["language_reward", "Language-consistency reward (share, 0–1)", "language"],
  ["total_reward", "Rule-based total", "total"],
];
const REASONS = [
  ["format", "Format"],
  ["accuracy", "Accuracy"],
  ["language", "Language consistency"],
];
const P = "r1w-reward-checker";
const MAX_SAMPLES = 20; // never build more options than this from the model
const MAX_TEXT = 100000; // the response box's maxLength: the kernel refuses longer text
const NEAR_LIMIT = 90000; // from here on, show how many characters the box holds

/** A word and a sign to go with a reward's colour: full, none, or a share in between. */
function verdict(v) {
  if (v === 1) return [" ✓ earned", "r1w-good"];
  if (v === 0) return [" ✗ not earned", "r1w-bad"];
  return typeof v === "number" && Number.isFinite(v) ? [" partial", ""] : ["", ""];
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "reward-checker", model.get("title"));
    box.append(
      note(
        "In its reasoning RL, R1 was scored by rules a program runs, each giving a reward. The format reward " +
          "is for keeping the reasoning between <think> and </think>; the papers say no more of it. The accuracy " +
          "reward checks that the final answer equals the known one, and gives nothing to an answer that offers " +
          "two. The language-consistency reward (R1 only; R1-Zero had none) is the share of words in the chain " +
          "of thought, the reasoning written inside <think>, that are in the target language. Edit the response " +
          "or pick an example; the kernel rescores it as you type.",
      ),
      note(
        "The papers publish no regex, word splitter or reward sizes: the exact rules here are our reading of " +
          "them, each explained in the reason lines below. Where we go further than the papers:",
        `${P}-ours r1w-muted`,
      ),
      h(
        "ul",
        { cls: `${P}-choices r1w-muted` },
        h("li", {
          text:
            "Format: our rule also asks for the <answer>…</answer> block of R1-Zero's template, and uses that " +
            "template in every setting: the papers do not say which template R1's format reward checked after " +
            "its cold start (R1's readable output ends with a summary).",
        }),
        h("li", {
          text:
            "Accuracy: the paper asks for the final answer in a specified format, such as a box. With no " +
            '<answer> block and no \\boxed{}, our checker also reads the number after "answer is" or ' +
            '"answer:", a leniency of ours.',
        }),
        h("li", {
          text: "Language: a one-letter symbol such as x is not counted as a word (a, A and I are).",
        }),
      ),
    );

    const question = textInput(scope, { name: "question", label: "Question" });
    const hintId = newId();
    question.el.append(
      h("div", {
        cls: `${P}-hint r1w-muted`,
        text: "Context only: no rule reads the question, so it changes no score.",
        attrs: { id: hintId },
      }),
    );
    question.input.setAttribute("aria-describedby", hintId);
    const truth = textInput(scope, { name: "ground_truth", label: "Ground truth" });
    question.el.classList.add(`${P}-grow`);
    truth.el.classList.add(`${P}-grow`);
    const fields = row(question.el, truth.el);
    fields.classList.add(`${P}-fields`);
    box.append(fields);

    const language = select(scope, {
      name: "target_language",
      label: "Target language",
      options: [
        ["en", "English (R1)"],
        ["zh", "Chinese (R1)"],
        ["none", "none (R1-Zero: language reward off)"],
      ],
    });
    const strict = toggle(scope, {
      name: "strict_format",
      label: "Strict template (open-r1's rule: exact newlines)",
    });
    const strictHintId = newId();
    const strictHint = h("div", {
      cls: `${P}-hint ${P}-strict-hint r1w-muted`,
      text: "open-r1 is Hugging Face's open reproduction of R1's training recipe; its format rule wants each tag on a line of its own.",
      attrs: { id: strictHintId },
    });
    strict.input.setAttribute("aria-describedby", strictHintId);
    box.append(row(language.el, strict.el), strictHint);

    // The example list shows which example the response is, or that it was edited.
    const sampleId = newId();
    const EDITED = "";
    const sampleSelect = h("select", {
      cls: `r1w-select ${P}-samples`,
      attrs: { id: sampleId, "data-lm-suppress-shortcuts": "true" },
    });
    sampleSelect.addEventListener("change", () => {
      const pick = (model.get("samples") || []).find(
        (x) => String(x?.label ?? "") === sampleSelect.value,
      );
      if (pick) scope.write("response", String(pick.response ?? ""));
    });
    box.append(
      h(
        "div",
        { cls: "r1w-field" },
        h("label", { cls: "r1w-label", text: "Example response", attrs: { for: sampleId } }),
        sampleSelect,
      ),
    );
    scope.watch(["samples"], () => {
      clear(sampleSelect);
      sampleSelect.append(
        h("option", { text: "your own text (edited)", attrs: { value: EDITED, disabled: "" } }),
      );
      const samples = (model.get("samples") || []).slice(0, MAX_SAMPLES);
      for (const sample of samples) {
        const label = String(sample?.label ?? "");
        sampleSelect.append(h("option", { text: label, attrs: { value: label } }));
      }
      sampleSelect.value = String(model.get("sample_label") ?? EDITED);
    });
    scope.watch(["sample_label"], () => {
      sampleSelect.value = String(model.get("sample_label") ?? EDITED);
    });

    const response = textarea(scope, {
      name: "response",
      label: "Response (the model's text)",
      rows: 7,
      maxLength: MAX_TEXT,
    });
    // The box holds at most MAX_TEXT characters and silently drops the rest of a longer paste:
    // say so, or the checker's verdict on the cut text ("no </think> tag") reads as a mystery.
    const area = response.textarea;
    const { el: limit, update: showLimit } = textLimit(area, {
      max: MAX_TEXT,
      near: NEAR_LIMIT,
      cls: `${P}-limit`,
      readsOnly: `the checker reads only the ${int(MAX_TEXT)} the box holds (a tag in the dropped part counts as missing).`,
    });
    box.append(response.el, limit);

    // The response again, with the extracted answer marked: three nodes, all plain text.
    const before = document.createTextNode("");
    const mark = h("mark", { cls: `${P}-mark` });
    const after = document.createTextNode("");
    const shown = h("pre", {
      cls: `${P}-shown r1w-mono`,
      attrs: { role: "group", "aria-label": "Response with the extracted answer marked" },
    });
    const answerLine = h("div", { cls: `${P}-answer` });
    box.append(h("div", { cls: "r1w-label", text: "What the checker read" }), shown, answerLine);

    const stats = Object.fromEntries(
      REWARDS.map(([name, label, key]) => [name, stat(label, `${P}-${key}`)]),
    );
    const totalLabel = stats.total_reward.el.querySelector(".r1w-stat-label");
    const statsBox = h(
      "div",
      { cls: "r1w-stats", attrs: { "aria-live": "polite" } },
      ...Object.values(stats).map((x) => x.el),
    );
    box.append(
      statsBox,
      note(
        "The scale is ours: the papers combine the accuracy and format rewards with the same weight and add " +
          "the language reward directly, but give no sizes, and no weight for the language reward. Here each " +
          "rule gives 0 or 1 (the language reward a share from 0 to 1), all added at weight 1: the total is out " +
          "of 3, or out of 2 when the language reward is off.",
        `${P}-scale r1w-muted`,
      ),
    );

    const reasonItems = Object.fromEntries(
      REASONS.map(([key, label]) => {
        const text = h("span", { cls: `${P}-reason-text` });
        const item = h(
          "li",
          { cls: `${P}-reason ${P}-reason-${key}` },
          h("strong", { text: `${label}: ` }),
          text,
        );
        return [key, { item, text }];
      }),
    );
    box.append(h("ul", { cls: `${P}-reasons` }, ...Object.values(reasonItems).map((x) => x.item)));
    box.append(errorLine(scope));

    const drawShown = () => {
      const text = String(model.get("response") ?? "");
      const span = model.get("answer_span") || [];
      const answer = String(model.get("extracted_answer") ?? "");
      clear(shown);
      if (!text) {
        shown.append(h("span", { cls: `${P}-empty r1w-muted`, text: "(empty)" }));
        answerLine.textContent = "Extracted answer: none found";
        return;
      }
      // Mark only when the kernel's span still points at its answer in the current text
      // (while typing, the text may be newer than the last score).
      if (span.length === 2 && text.slice(span[0], span[1]) === answer && answer) {
        before.textContent = text.slice(0, span[0]);
        mark.textContent = answer;
        after.textContent = text.slice(span[1]);
        shown.append(before, mark, after);
      } else {
        before.textContent = text;
        shown.append(before);
      }
      answerLine.textContent = answer
        ? `Extracted answer: ${answer}`
        : "Extracted answer: none found";
    };
    scope.watch(["response", "answer_span", "extracted_answer"], () => {
      drawShown();
      showLimit();
    });

    scope.watch(
      REWARDS.map(([name]) => name).concat(["reasons", "language_scored", "max_total_reward"]),
      () => {
        const scored = model.get("language_scored") !== false;
        for (const [name] of REWARDS) {
          const v = model.get(name);
          const off = name === "language_reward" && !scored;
          const value = stats[name].value;
          value.classList.remove("r1w-good", "r1w-bad");
          stats[name].set(off ? "off (not scored)" : num(v, 2));
          if (off || name === "total_reward") continue;
          // The three rules alike: colour for full or none, always with a sign and a word.
          const [word, cls] = verdict(v);
          if (cls) value.classList.add(cls);
          if (word) value.append(h("span", { cls: `${P}-verdict`, text: word }));
        }
        const most = model.get("max_total_reward");
        totalLabel.textContent = `Rule-based total (out of ${num(most, 0)})`;
        const reasons = model.get("reasons") || {};
        for (const [key] of REASONS) reasonItems[key].text.textContent = String(reasons[key] ?? "");
      },
    );

    return () => scope.cleanup();
  },
};
