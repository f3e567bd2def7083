// Chapter 10 view: one policy-gradient step, per token. The kernel samples the rollout, scores it,
// picks the advantage and computes every probability before and after the step; this view draws
// them and writes the learning rate, advantage, its source and the actions back.
import {
  Scope,
  root,
  h,
  promptLine,
  slider,
  sliders,
  select,
  button,
  stat,
  errorLine,
  note,
  row,
  clear,
  legend,
  ladder,
  num,
  signed,
  pct,
  int,
  sci,
} from "../lib/kit.js";

const P = "r1w-token-update";
// The kernel's toy has 7 positions of 3 candidates: the view never builds more than these caps,
// whatever list arrives (a stale or tampered state cannot make it build thousands of cells).
const MAX_POSITIONS = 12;
const MAX_CANDIDATES = 6;
const list = (v) => (Array.isArray(v) ? v : []);
/** Display text of a token: its leading space dropped. */
const shown = (tok) => String(tok ?? "").trim() || String(tok ?? "");
/** A probability as a bar length (CSS width), clamped to the track. */
/**
 * A probability as a percentage that stays readable when tiny: "0.024%" down to 0.01%, then
 * scientific notation, "1.8×10⁻⁴ %" (π(response) falls by orders of magnitude per update).
 */
export function tinyPct(p) {
  if (typeof p !== "number" || !Number.isFinite(p) || p < 0) return "–";
  const v = 100 * p;
  if (v >= 0.01) return `${v.toFixed(3)}%`;
  if (v === 0) return "< 10⁻³⁰⁰ %"; // the kernel's product underflowed: smaller than any double
  return `${sci(v, 1)} %`;
}
const width = (p) =>
  typeof p === "number" && Number.isFinite(p)
    ? `${Math.max(0, Math.min(100, 100 * p)).toFixed(2)}%`
    : "0%";

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "token-update", model.get("title"));

    // ---- prompt and rule ----------------------------------------------------------------------
    box.append(promptLine(scope, `${P}-prompt`));
    box.append(
      h(
        "div",
        { cls: `${P}-rule r1w-mono`, attrs: { role: "group", "aria-label": "The update rule" } },
        h("div", { text: "sampled token: logit += η·A·(1 − p)" }),
        h("div", { text: "each rival i:  logit −= η·A·pᵢ" }),
        h("div", {
          cls: "r1w-muted",
          text: "(p: the sampled token's probability; pᵢ: rival i's own)",
        }),
      ),
      note(
        "Terms: a logit is the raw score a softmax turns into a probability p (a higher logit, a higher p). " +
          "The advantage A says how much better than its group the whole response did; every token of the response shares it. " +
          "η (eta) is the learning rate, the size of the step. " +
          "The rule is the exact gradient of A·log π(sampled token) for a softmax, applied at every position.",
      ),
      note(
        "Illustrative toy policy (our own logits): each position picks one of three short tokens, independently of the others, so a sampled response can contradict itself.",
      ),
    );

    // ---- controls -----------------------------------------------------------------------------
    const SOURCE_LABEL = "Advantage A from";
    const HAND_OPTION = "by hand: overrides the reward";
    const source = select(scope, {
      name: "advantage_source",
      label: SOURCE_LABEL,
      options: [
        ["group", "the group rule (chapter 02)"],
        ["hand", HAND_OPTION],
      ],
    });
    const lr = slider(scope, {
      name: "learning_rate",
      label: "Learning rate η",
      values: ladder(0.05, 5, { extra: [1] }),
      format: (v) => num(v, 2),
    });
    const adv = slider(scope, {
      name: "advantage",
      label: "Advantage A (by hand)",
      min: -2,
      max: 2,
      step: 0.05,
      format: (v) => signed(v, 2),
    });
    const override = h("p", {
      cls: `r1w-note ${P}-override`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    box.append(row(source.el), sliders(lr, adv), override);
    scope.watch(["advantage_source", "advantage", "reward", "group_advantage"], () => {
      const hand = model.get("advantage_source") === "hand";
      adv.input.disabled = !hand;
      for (const part of adv.el.children) part.classList.toggle("r1w-muted", !hand);
      adv.input.title = hand
        ? ""
        : `The advantage comes from the group rule; set “${SOURCE_LABEL}” to “${HAND_OPTION}” to use this slider.`;
      const a = model.get("advantage");
      const wrongUp = hand && model.get("reward") !== 1 && typeof a === "number" && a > 0;
      override.hidden = !hand;
      override.classList.toggle(`${P}-warn`, wrongUp);
      override.textContent = !hand
        ? ""
        : wrongUp
          ? `⚠ Hand-set A overrides the reward: this response is wrong, yet A > 0 pushes every one of its tokens up. The group rule would give A = ${signed(model.get("group_advantage"), 3)}.`
          : "⚠ Hand-set A overrides the reward: the step ignores whether the answer is right. Choose the group rule to let the reward decide.";
    });

    const rolloutStat = stat("Rollout #", `${P}-count`);
    const updatesStat = stat("Updates applied", `${P}-count`);
    // Why Apply would change nothing, when it would (A = 0): the kernel's words.
    const updateNote = h("p", {
      cls: `r1w-note ${P}-update-note`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    box.append(
      row(
        button("New rollout", () => scope.act("new_rollout"), `r1w-primary ${P}-new`),
        button("Apply update", () => scope.act("apply_update"), `${P}-apply`),
        button("Reset", () => scope.act("reset"), `${P}-reset`),
        rolloutStat.el,
        updatesStat.el,
      ),
      updateNote,
    );
    scope.watch(["update_note"], () => {
      const text = String(model.get("update_note") ?? "");
      updateNote.textContent = text ? `⚠ ${text}` : "";
      updateNote.hidden = !text;
    });

    // ---- the sampled response and its scores --------------------------------------------------
    const responseBox = h("div", {
      cls: `${P}-response r1w-mono`,
      attrs: { role: "group", "aria-label": "Sampled response" },
    });
    box.append(
      h("div", { cls: "r1w-label", text: "Sampled response (one token per position)" }),
      responseBox,
    );
    const reward = stat("Reward (accuracy, 0 or 1)", `${P}-reward`);
    const effective = stat("Advantage A used", `${P}-advantage`);
    const probResp = stat(
      "π(response), the product of its tokens' p: now → after the next Apply update",
      `${P}-resp-prob`,
    );
    const reason = note("", `${P}-reason`);
    const groupNote = note("", `${P}-group`);
    box.append(
      h("div", { cls: "r1w-stats" }, reward.el, effective.el, probResp.el),
      reason,
      groupNote,
    );

    scope.watch(["response", "positions"], () => {
      clear(responseBox);
      for (const raw of list(model.get("positions")).slice(0, MAX_POSITIONS)) {
        const pos = raw && typeof raw === "object" ? raw : {};
        const tok = list(pos.candidates)[pos.chosen];
        responseBox.append(
          h("span", {
            cls: `${P}-tok`,
            text: String(tok ?? ""),
            attrs: { title: String(pos.name ?? "") },
          }),
        );
      }
      if (!responseBox.firstChild) responseBox.textContent = String(model.get("response") ?? "");
    });
    scope.watch(
      [
        "reward",
        "reward_reason",
        "effective_advantage",
        "response_probability_before",
        "response_probability_after",
        "rollout_index",
        "updates_applied",
      ],
      () => {
        const r = model.get("reward");
        reward.set(
          r === 1 ? "1 (final answer correct)" : r === 0 ? "0 (final answer wrong)" : num(r, 2),
        );
        reward.el.classList.toggle("r1w-good", r === 1);
        reward.el.classList.toggle("r1w-bad", r !== 1);
        reason.textContent = `Checker (chapter 03): ${model.get("reward_reason") ?? ""}`;
        effective.set(signed(model.get("effective_advantage"), 3));
        probResp.set(
          `${tinyPct(model.get("response_probability_before"))} → ${tinyPct(model.get("response_probability_after"))}`,
        );
        rolloutStat.set(int(model.get("rollout_index")));
        updatesStat.set(int(model.get("updates_applied")));
      },
    );

    scope.watch(
      ["advantage_source", "group_rewards", "group_mean", "group_std", "group_advantage", "reward"],
      () => {
        const g = list(model.get("group_rewards"));
        const text =
          `Group rule: this rollout's reward ${num(g[0], 0)} joins three other rollouts of the same prompt with fixed illustrative rewards ${g
            .slice(1)
            .map((x) => num(x, 0))
            .join(", ")}. ` +
          `Group mean ${num(model.get("group_mean"), 3)}, spread (population std) ${num(model.get("group_std"), 3)}, so A = (reward − mean) / std = ${signed(model.get("group_advantage"), 3)}. ` +
          "A correct answer in a mostly correct group earns a small push; a wrong one is pushed down hard.";
        groupNote.textContent =
          model.get("advantage_source") === "group"
            ? text
            : `The group rule would give this rollout A = ${signed(model.get("group_advantage"), 3)} (choose it above to let the reward decide).`;
      },
    );

    // ---- one column per position ---------------------------------------------------------------
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Each position: every candidate's probability now and after the next Apply update (a preview: nothing moves until you press it), in percent, with the change in percentage points",
      }),
      legend([
        [`${P}-before`, "now"],
        [`${P}-after`, "after the next Apply update"],
      ]),
    );
    const grid = h("div", { cls: `${P}-grid`, attrs: { role: "list" } });
    box.append(grid); // equal columns, as many as fit the width: nothing to scroll

    // The columns are built when the rollout or the policy changes; a slider only moves the
    // "after" bars and numbers of the cells already on screen.
    /** @type {Array<Array<{ cand: string, chosen: boolean, before: number, barA: HTMLElement, cell: HTMLElement, nums: HTMLElement, delta: HTMLElement }>>} */
    let cells = [];
    const updateAfter = () => {
      const after = list(model.get("probabilities_after"));
      const deltas = list(model.get("deltas_pp"));
      cells.forEach((row, i) => {
        row.forEach((c, j) => {
          const q = list(after[i])[j];
          const d = list(deltas[i])[j];
          const dir =
            typeof d === "number" && num(d, 1) !== num(0, 1) ? (d > 0 ? "up" : "down") : "flat";
          const arrow = dir === "up" ? "↑" : dir === "down" ? "↓" : "=";
          c.barA.style.width = width(q);
          c.nums.textContent = `${pct(c.before)} → ${pct(q)}`;
          c.delta.textContent = `${arrow} ${signed(d, 1)} pp`;
          for (const k of ["up", "down", "flat"]) c.delta.classList.toggle(`${P}-${k}`, k === dir);
          c.cell.setAttribute(
            "aria-label",
            `${c.cand}${c.chosen ? " (chosen)" : ""}: ${pct(c.before)} now, ${pct(q)} after the next update, ${signed(d, 1)} percentage points`,
          );
        });
      });
    };
    scope.watch(["positions"], () => {
      clear(grid);
      cells = list(model.get("positions"))
        .slice(0, MAX_POSITIONS)
        .map((raw, i) => {
          const pos = raw && typeof raw === "object" ? raw : {};
          const col = h(
            "div",
            { cls: `${P}-col`, attrs: { role: "listitem" } },
            h("div", { cls: `${P}-pos`, text: `${i + 1} · ${String(pos.name ?? "")}` }),
          );
          const before = list(pos.probabilities_before);
          const row = list(pos.candidates)
            .slice(0, MAX_CANDIDATES)
            .map((cand, j) => {
              const chosen = pos.chosen === j;
              const barB = h("span", { cls: `${P}-bar ${P}-before` });
              const barA = h("span", { cls: `${P}-bar ${P}-after` });
              barB.style.width = width(before[j]);
              const nums = h("span", { cls: "r1w-mono" });
              const delta = h("span", { cls: `${P}-delta r1w-mono` });
              const cell = h(
                "div",
                // a group: its aria-label (the numbers in words) is read; on a plain div it is not
                { cls: `${P}-cand${chosen ? ` ${P}-chosen` : ""}`, attrs: { role: "group" } },
                h(
                  "div",
                  { cls: `${P}-cand-head` },
                  h("span", { cls: `${P}-cand-text r1w-mono`, text: shown(cand) }),
                  chosen ? h("span", { cls: `${P}-marker`, text: "▲ chosen" }) : null,
                ),
                h("div", { cls: `${P}-track` }, barB),
                h("div", { cls: `${P}-track` }, barA),
                h("div", { cls: `${P}-nums` }, nums, delta),
              );
              col.append(cell);
              return { cand: shown(cand), chosen, before: before[j], barA, cell, nums, delta };
            });
          grid.append(col);
          return row;
        });
      updateAfter();
    });
    scope.watch(["probabilities_after", "deltas_pp"], updateAfter);
    box.append(errorLine(scope));
    return () => scope.cleanup();
  },
};
