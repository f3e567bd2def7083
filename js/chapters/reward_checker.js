// Chapter 03 view: R1's rule-based reward. The kernel scores the response; this view shows the
// scores, the reasons and where the answer was read, and writes the inputs back.
import { Scope, root, h, select, toggle, textarea, textInput, button, stat, errorLine, note, row, clear, num } from "../lib/kit.js";

const REWARDS = [
  ["format_reward", "Format reward (0 or 1)", "format"],
  ["accuracy_reward", "Accuracy reward (0 or 1)", "accuracy"],
  ["language_reward", "Language reward (share, 0–1)", "language"],
  ["total_reward", "Total reward (0–3)", "total"],
];
const REASONS = [
  ["format", "Format"],
  ["accuracy", "Accuracy"],
  ["language", "Language"],
];

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "reward-checker", model.get("title"));
    box.append(
      note(
        "R1 scores a reasoning answer with plain rules: did the reply keep the <think> and <answer> tags, " +
          "does its final answer equal the known one, and (for R1, not R1-Zero) how much of its reasoning " +
          "stays in one language. Edit the response or load an example; the kernel rescores it as you type.",
      ),
      note(
        "The papers publish no regex or word splitter: the exact rules here are our reading of them, " +
          "each explained in the reason lines below.",
        "r1w-muted",
      ),
    );

    const question = textInput(scope, { name: "question", label: "Question" });
    const truth = textInput(scope, { name: "ground_truth", label: "Ground truth" });
    question.el.classList.add("r1w-reward-checker-grow");
    truth.el.classList.add("r1w-reward-checker-grow");
    box.append(row(question.el, truth.el));

    const language = select(scope, {
      name: "target_language",
      label: "Target language",
      options: [
        ["en", "English (R1)"],
        ["zh", "Chinese (R1)"],
        ["none", "none (R1-Zero: no language reward)"],
      ],
    });
    const strict = toggle(scope, { name: "strict_format", label: "Strict template (open-r1 rule, exact newlines)" });
    box.append(row(language.el, strict.el));

    const sampleRow = h("div", { cls: "r1w-row r1w-reward-checker-samples", attrs: { role: "group", "aria-label": "Example responses" } });
    box.append(h("div", { cls: "r1w-label", text: "Load an example response" }), sampleRow);
    scope.watch(["samples"], () => {
      clear(sampleRow);
      for (const sample of model.get("samples") || []) {
        const text = String(sample.response ?? "");
        sampleRow.append(button(String(sample.label ?? ""), () => scope.write("response", text)));
      }
    });

    const response = textarea(scope, { name: "response", label: "Response (the model's text)", rows: 7, maxLength: 100000 });
    box.append(response.el);

    // The response again, with the extracted answer marked: three nodes, all plain text.
    const before = document.createTextNode("");
    const mark = h("mark", { cls: "r1w-reward-checker-mark" });
    const after = document.createTextNode("");
    const shown = h("pre", { cls: "r1w-reward-checker-shown r1w-mono", attrs: { "aria-label": "Response with the extracted answer marked" } });
    const answerLine = h("div", { cls: "r1w-reward-checker-answer" });
    box.append(h("div", { cls: "r1w-label", text: "What the checker read" }), shown, answerLine);

    const stats = Object.fromEntries(REWARDS.map(([name, label, key]) => [name, stat(label, `r1w-reward-checker-${key}`)]));
    box.append(h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)));

    const reasonItems = Object.fromEntries(
      REASONS.map(([key, label]) => {
        const text = h("span", { cls: "r1w-reward-checker-reason-text" });
        const item = h("li", { cls: `r1w-reward-checker-reason r1w-reward-checker-reason-${key}` }, h("strong", { text: `${label}: ` }), text);
        return [key, { item, text }];
      }),
    );
    box.append(h("ul", { cls: "r1w-reward-checker-reasons" }, ...Object.values(reasonItems).map((x) => x.item)));
    box.append(errorLine(scope));

    const drawShown = () => {
      const text = String(model.get("response") ?? "");
      const span = model.get("answer_span") || [];
      const answer = String(model.get("extracted_answer") ?? "");
      clear(shown);
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
      answerLine.textContent = answer ? `Extracted answer: ${answer}` : "Extracted answer: none found";
    };
    scope.watch(["response", "answer_span", "extracted_answer"], drawShown);

    scope.watch(
      REWARDS.map(([name]) => name).concat(["reasons"]),
      () => {
        for (const [name] of REWARDS) {
          const v = model.get(name);
          stats[name].set(num(v, 2));
          const binary = name === "format_reward" || name === "accuracy_reward";
          stats[name].value.classList.toggle("r1w-good", binary && v === 1);
          stats[name].value.classList.toggle("r1w-bad", binary && v === 0);
        }
        const reasons = model.get("reasons") || {};
        for (const [key] of REASONS) reasonItems[key].text.textContent = String(reasons[key] ?? "");
      },
    );

    return () => scope.cleanup();
  },
};
