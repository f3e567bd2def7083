// Chapter 01 view: SFT vs RL on one toy policy. The kernel computes every number (token
// losses, the sampled group, rewards, advantages, the probabilities after one step); this view
// draws them and writes the mode, group size, learning rate and resample action back.
import {
  Scope,
  root,
  h,
  promptLine,
  s,
  slider,
  sliders,
  button,
  stat,
  errorLine,
  note,
  row,
  plot,
  clear,
  legend,
  ladder,
  scrollArea,
  chartLabel,
  num,
  signed,
  pct,
  int,
} from "../lib/kit.js";

const MODES = [
  ["sft", "SFT: imitate one human trace"],
  ["rl", "RL: sample, score, reinforce"],
];
const PUSH = {
  1: ["r1w-sft-vs-rl-up", "pushed up"],
  "-1": ["r1w-sft-vs-rl-down", "pushed down"],
  0: ["r1w-sft-vs-rl-flat", "no change"],
};
const NOTES = {
  sft:
    "What SFT reinforces: resemblance to one text. The gradient lifts the human trace and pushes down every token that would have " +
    "started something else, so 23×17, the bare 391 and the checked version all lose probability although each one is right.",
  rl:
    "What RL reinforces: outcomes. Each sampled answer is judged by its final number only, and all its tokens share its advantage, " +
    "so a correct path the model found by itself is reinforced just as the human one would be. A path nobody sampled gets no direct signal.",
};

/**
 * A table cell maker that names each cell by its column head (data-label): when the table is
 * narrower than its content, sft_vs_rl.css turns each row into a card that shows those names.
 * @param {string[]} heads
 */
const labelled = (heads) => (j, tag, props) =>
  h(tag, { ...props, attrs: { "data-label": heads[j], ...(props.attrs || {}) } });
/** A box whose own width decides table or cards (a CSS container), around a scroll area. */
const cards = (area, cls) => h("div", { cls: `r1w-sft-vs-rl-cards ${cls}` }, area);

/** Display text of a token: its leading space dropped (the raw token goes in the title). */
const shown = (tok) => String(tok).trim() || String(tok);
const list = (v) => (Array.isArray(v) ? v : []);
const MIN_GROUP = 2; // the group-size slider's bounds (the kernel's too)
const MAX_GROUP = 16;
// The probability axis is fixed at 0–100%: it must not rescale while η moves (the "before" bars
// never change, so they must not change height), nor between the two modes on the same policy.
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "sft-vs-rl", model.get("title"));

    // ---- the prompt and the mode switch ---------------------------------------------------------
    box.append(promptLine(scope, "r1w-sft-vs-rl-prompt"));

    const modeButtons = MODES.map(([value, label]) => {
      const b = button(label, () => scope.write("mode", value), "r1w-sft-vs-rl-mode");
      b.dataset.mode = value;
      return b;
    });
    box.append(
      h(
        "div",
        { cls: "r1w-row", attrs: { role: "group", "aria-label": "Training signal" } },
        ...modeButtons,
      ),
    );
    box.append(
      note(
        "A policy is the model's probabilities over its outputs. This one is an illustrative toy (our own, not the paper's): " +
          "a softmax over six complete answers with fixed logits. " +
          "Token probabilities are read off the answers through their shared beginnings.",
      ),
    );

    // ---- SFT: the human trace, token by token ---------------------------------------------------
    const chips = h("div", {
      cls: "r1w-sft-vs-rl-chips",
      attrs: { role: "list", "aria-label": "Human trace tokens with their loss in nats" },
    });
    const total = stat("SFT loss Σ −log p (nats)", "r1w-sft-vs-rl-total");
    const branches = h("ul", { cls: "r1w-sft-vs-rl-branches" });
    const sftPanel = h(
      "div",
      { cls: "r1w-sft-vs-rl-panel" },
      note(
        "Every token of the human trace is a target. Under each token: its loss −log p(token | tokens before it), the cross-entropy, " +
          "in nats (natural-log units): 0 when the model was already sure of that token, 0.69 when it gave it 50%.",
      ),
      chips,
      row(total.el),
      h("div", {
        cls: "r1w-label",
        text: "Where the loss comes from: the tokens where another answer could have begun",
      }),
      branches,
    );

    const drawSft = () => {
      const tokens = list(model.get("trace_tokens"));
      const losses = list(model.get("token_losses"));
      const probs = list(model.get("token_probabilities"));
      const alts = list(model.get("token_alternatives"));
      clear(chips);
      clear(branches);
      tokens.forEach((tok, i) => {
        const hot = typeof losses[i] === "number" && num(losses[i], 2) !== num(0, 2);
        const chip = h(
          "span",
          {
            cls: `r1w-sft-vs-rl-chip${hot ? " r1w-sft-vs-rl-hot" : ""}`,
            attrs: {
              role: "listitem",
              title: `token ${JSON.stringify(String(tok))}, p ${num(probs[i], 3)}`,
            },
          },
          h("span", { cls: "r1w-sft-vs-rl-tok", text: shown(tok) }),
          h("span", { cls: "r1w-sft-vs-rl-loss", text: num(losses[i], 2) }),
        );
        chips.append(chip);
        const others = list(alts[i]);
        if (others.length) {
          const rivals = others.map((a) => `“${shown(a?.token)}” ${num(a?.p, 3)}`).join(", ");
          branches.append(
            h(
              "li",
              {},
              h("span", {
                cls: "r1w-mono",
                text: `“${shown(tok)}” p ${num(probs[i], 3)}, loss ${num(losses[i], 3)} nats`,
              }),
              h("span", { cls: "r1w-muted", text: ` · pushed down: ${rivals}` }),
            ),
          );
        }
      });
      total.set(`${num(model.get("sft_loss"), 3)} nats`);
    };
    scope.watch(
      ["trace_tokens", "token_losses", "token_probabilities", "token_alternatives", "sft_loss"],
      drawSft,
    );

    // ---- RL: the sampled group ------------------------------------------------------------------
    const groupSlider = slider(scope, {
      name: "group_size",
      label: "Group size G",
      min: MIN_GROUP,
      max: MAX_GROUP,
      step: 1,
      format: (v) => `${v}`,
      unit: "rollouts",
    });
    const seedStat = stat("Seed");
    const meanStat = stat("Mean reward");
    const resample = button("Resample", () => scope.act("resample"), "r1w-primary");
    const body = h("tbody");
    const GROUP_HEADS = ["#", "Path", "Completion", "Answer", "Reward", "Advantage A"];
    const table = h(
      "table",
      { cls: "r1w-table r1w-sft-vs-rl-group" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...GROUP_HEADS.map((t, i) =>
            h("th", { cls: i < 4 ? "r1w-left" : "", text: t, attrs: { scope: "col" } }),
          ),
        ),
      ),
      body,
    );
    const rlPanel = h(
      "div",
      { cls: "r1w-sft-vs-rl-panel" },
      note(
        "A group of rollouts (a rollout is one sampled completion) drawn from the same toy policy, each scored 1 or 0 by chapter 03's accuracy reward. " +
          "Its advantage A = (reward − group mean) / group std (population std, ÷G; the papers don't say which) says how much better than its own group it did: " +
          "positive above the mean, negative below, 0 for everyone when all rewards are equal. Every token of a completion shares its advantage.",
      ),
      sliders(groupSlider),
      row(resample, seedStat.el, meanStat.el),
      cards(
        scrollArea(
          table,
          "The sampled group: path, completion, answer, reward and advantage of each rollout",
        ),
        "r1w-sft-vs-rl-group-box",
      ),
      legend([
        ["r1w-sft-vs-rl-up", "tokens pushed up (A > 0)"],
        ["r1w-sft-vs-rl-down", "pushed down (A < 0)"],
        ["r1w-sft-vs-rl-flat", "untouched (A = 0)"],
      ]),
    );

    const drawRl = () => {
      clear(body);
      // Rows come from the kernel's sampled group, never from the group_size slider's unconfirmed
      // value, and never more than the slider's own maximum.
      list(model.get("samples"))
        .slice(0, MAX_GROUP)
        .forEach((raw, i) => {
          const smp = raw && typeof raw === "object" ? raw : {};
          const push = PUSH[String(smp?.push)] || PUSH[0];
          const cell = labelled(GROUP_HEADS);
          const text = cell(2, "td", {
            cls: "r1w-left r1w-sft-vs-rl-text",
            attrs: { "aria-label": `${smp.text ?? ""}: every token ${push[1]}` },
          });
          for (const tok of list(smp.tokens))
            text.append(h("span", { cls: `r1w-sft-vs-rl-tok ${push[0]}`, text: String(tok) }));
          const reward = cell(4, "td", {
            cls: "r1w-mono",
            text: smp.reward === 1 ? "1" : smp.reward === 0 ? "0" : num(smp.reward, 2),
            attrs: { title: String(smp.reason ?? "") },
          });
          reward.classList.add(smp.reward > 0 ? "r1w-good" : "r1w-bad");
          body.append(
            h(
              "tr",
              {},
              cell(0, "th", {
                cls: "r1w-left",
                text: `${i + 1}`,
                attrs: { scope: "row", "data-label": "Rollout" },
              }),
              cell(1, "td", { cls: "r1w-left r1w-sft-vs-rl-name", text: String(smp.name ?? "") }),
              text,
              cell(3, "td", { cls: "r1w-left r1w-mono", text: String(smp.answer ?? "") }),
              reward,
              cell(5, "td", { cls: `r1w-mono ${push[0]}-text`, text: signed(smp.advantage, 2) }),
            ),
          );
        });
      seedStat.set(int(model.get("seed")));
      meanStat.set(num(model.get("mean_reward"), 2));
    };
    scope.watch(["samples", "seed", "mean_reward"], drawRl);

    // ---- both modes: one step on the same policy ------------------------------------------------
    // Two decimals, as chapter 10 shows η: every stop of this ladder (0.12, 0.15, 0.25, ...) is exact.
    const lr = slider(scope, {
      name: "learning_rate",
      label: "Learning rate η",
      values: ladder(0.1, 5, { extra: [1] }),
      format: (v) => num(v, 2),
    });
    const chart = h("div", { cls: "r1w-chart" });
    const PROB_HEADS = ["Path", "Correct", "π before", "π after one step", "Δ logit", "Sampled"];
    const probBody = h("tbody");
    const probTable = h(
      "table",
      { cls: "r1w-table r1w-sft-vs-rl-probs" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...PROB_HEADS.map((t, i) =>
            h("th", { cls: i < 2 ? "r1w-left" : "", text: t, attrs: { scope: "col" } }),
          ),
        ),
      ),
      probBody,
    );
    const summary = h("p", {
      cls: "r1w-sft-vs-rl-summary",
      attrs: { role: "status", "aria-live": "polite" },
    });
    const ownNote = note("", "r1w-sft-vs-rl-own");
    const panels = h("div", {}, sftPanel, rlPanel);
    box.append(
      panels,
      h("div", {
        cls: "r1w-label r1w-sft-vs-rl-chart-title",
        text: "Path probabilities before and after one gradient step (illustrative toy)",
      }),
      note(
        "One step adds η × gradient to each path's logit, the raw score a softmax turns into a probability. " +
          "η (eta), the learning rate, sets the size of that step. The axis stays at 0–100% whatever η is, so the before bars never move.",
      ),
      sliders(lr),
      chart,
      legend([
        ["r1w-c1", "π before"],
        ["r1w-c2", "π after one step"],
      ]),
      summary,
      cards(
        scrollArea(
          probTable,
          "Path probabilities before and after one step, with the change of each logit",
        ),
        "r1w-sft-vs-rl-probs-box",
      ),
      ownNote,
      errorLine(scope),
    );

    const drawStep = () => {
      const names = list(model.get("path_names"));
      const before = list(model.get("path_probabilities"));
      const after = list(model.get("path_probabilities_after"));
      const rewards = list(model.get("path_rewards"));
      const dz = list(model.get("logit_changes"));
      const counts = list(model.get("path_counts"));
      const rl = model.get("mode") === "rl";
      const k = names.length;
      // Room for two-line path labels and wide ticks: at 420 px the kit draws chart text larger.
      const p = plot({
        width: 520,
        height: 222,
        x: [0, Math.max(k, 1)],
        y: [0, 1],
        yTicks: Y_TICKS,
        yFormat: (v) => pct(v, 0),
        yLabel: "π(path)",
        title: "Path probabilities before and after one step",
        margin: { l: 60, r: 24, t: 10, b: 46 },
      });
      names.forEach((name, i) => {
        for (const [j, v, cls, what] of [
          [0, before[i], "r1w-c1", "before"],
          [1, after[i], "r1w-c2", "after one step"],
        ]) {
          if (typeof v !== "number") continue;
          const x0 = p.sx(i + 0.14 + 0.36 * j);
          const y = p.sy(v);
          const r = s("rect", {
            x: x0,
            y,
            width: p.sx(i + 0.5) - p.sx(i + 0.14),
            height: Math.max(1, p.sy(0) - y),
            class: `r1w-bar ${cls}`,
          });
          const t = s("title");
          t.textContent = `${name}, ${what}: ${pct(v, 1)}`;
          r.append(t);
          p.layer.append(r);
        }
        // the name with whether the path is correct; every other label one line lower, so
        // neighbours never run together when the chart is drawn narrow (its text grows then)
        const x = p.sx(i + 0.5);
        const label = s("text", {
          x,
          y: p.height - p.margin.b,
          dy: i % 2 ? "2.3em" : "1.2em",
          "text-anchor": "middle",
          class: "r1w-tick",
        });
        label.textContent = `${name} ${rewards[i] > 0 ? "✓" : "✗"}`;
        p.layer.append(label);
      });
      // the bars in words: each path, right or wrong, before → after
      const said = names.map(
        (name, i) =>
          `${name} (${rewards[i] > 0 ? "right" : "wrong"}) ${pct(before[i], 1)} → ${pct(after[i], 1)}`,
      );
      chartLabel(p.svg, `Path probabilities before → after one step: ${said.join("; ")}`);
      clear(chart);
      chart.append(p.svg);

      clear(probBody);
      const cell = labelled(PROB_HEADS);
      names.forEach((name, i) => {
        probBody.append(
          h(
            "tr",
            {},
            cell(0, "td", { cls: "r1w-left r1w-sft-vs-rl-name", text: String(name) }),
            cell(1, "td", {
              cls: `r1w-left ${rewards[i] > 0 ? "r1w-good" : "r1w-bad"}`,
              text: rewards[i] > 0 ? "✓" : "✗",
            }),
            cell(2, "td", { cls: "r1w-mono", text: pct(before[i], 1) }),
            cell(3, "td", { cls: "r1w-mono", text: pct(after[i], 1) }),
            cell(4, "td", { cls: "r1w-mono", text: signed(dz[i], 3) }),
            cell(5, "td", { cls: "r1w-mono", text: rl ? `${int(counts[i])}×` : "–" }),
          ),
        );
      });
      summary.textContent = String(model.get("step_summary") ?? "");
    };
    scope.watch(
      [
        "path_names",
        "path_probabilities",
        "path_probabilities_after",
        "path_rewards",
        "logit_changes",
        "path_counts",
        "step_summary",
        "mode",
      ],
      drawStep,
    );

    scope.watch(["mode"], () => {
      const mode = model.get("mode") === "rl" ? "rl" : "sft";
      for (const b of modeButtons) {
        const on = b.dataset.mode === mode;
        b.setAttribute("aria-pressed", String(on));
        b.classList.toggle("r1w-primary", on);
      }
      sftPanel.hidden = mode !== "sft";
      rlPanel.hidden = mode !== "rl";
      ownNote.textContent = NOTES[mode];
    });

    return () => scope.cleanup();
  },
};
