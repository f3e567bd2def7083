// Chapter 02 view: GRPO's group objective. Draws what the kernel computed; writes inputs back.
import {
  Scope,
  root,
  h,
  slider,
  sliders,
  select,
  stat,
  errorLine,
  note,
  row,
  plot,
  bars,
  clear,
  num,
  signed,
  int,
  ladder,
  boundedInt,
  scrollArea,
  sci,
} from "../lib/kit.js";

const MIN_G = 2; // the kernel's bounds on group_size: rows are never built beyond them
const MAX_G = 16;

/** A number with `digits` decimals, or in powers of ten when those would show only zeros. */
function small(x, digits = 4) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  if (x === 0 || Math.abs(x) >= 10 ** (1 - digits)) return num(x, digits);
  return sci(x, 2);
}
/** A ladder value as written: 0.0012, 0.04, 0.28, 1.5, 10 (fixed decimals would round 0.0012 away). */
const plain = (v) =>
  typeof v === "number" && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : "–";
const signedSmall = (x, digits = 4) =>
  typeof x === "number" && x > 0 && small(x, digits) !== num(0, digits)
    ? `+${small(x, digits)}`
    : small(x, digits);

const WEIGHT = {
  grpo: "wᵢ = 1/G",
  dr_grpo: "wᵢ = |oᵢ| / (G·L)",
  dapo: "wᵢ = |oᵢ| / Σⱼ|oⱼ|",
};
const VARIANT = {
  grpo: "GRPO, as DeepSeekMath writes it (its eq. 3): each rollout's tokens are averaged, then the rollouts, so every rollout weighs 1/G whatever its length.",
  dr_grpo:
    "Dr. GRPO: no division by the std, and the group's token sum is divided by G·L, where L is the generation budget (TRL's max_completion_length): the most tokens any rollout may have, the same for every group. A rollout's weight then depends on its own length only; lengthening one rollout leaves the others' weights alone.",
  dapo: "DAPO takes a token-level mean: every token's term is summed, then divided by the number of tokens (here the group's; TRL counts the whole batch's), so a longer rollout weighs more and lengthening one lowers the others' weights. With clip-higher: the upper bound 1+ε_high sits above 1+ε, so a token the old policy found unlikely can gain more probability before the clip stops it. The DAPO paper also drops the KL term; this option, like TRL's loss_type=\"dapo\", keeps the β you set (set β to 0 to match DAPO).",
};
const GREYED = {
  grpo: "Greyed out under GRPO, where they change nothing: ε_high (DAPO only), the budget L and the token counts (every rollout weighs 1/G).",
  dr_grpo:
    "Greyed out under Dr. GRPO, where they change nothing: the std choice (Dr. GRPO does not divide by the std) and ε_high (DAPO only).",
  dapo: "",
};

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "grpo-loss", model.get("title"));
    // Published values the log tracks must hold exactly come from the kernel (paper.py).
    const marks = model.get("ladder_marks") || {};
    const extra = (name) =>
      Array.isArray(marks[name]) ? marks[name].filter((v) => Number.isFinite(v)) : [];

    // The formula, one line per definition, so it wraps on a narrow screen.
    const fJ = h("div");
    const fA = h("div");
    const fW = h("div");
    const fR = h("div", {
      text: "rᵢ = πθ(oᵢ|q) / πold(oᵢ|q),   KLᵢ = k3 = πref/πθ − ln(πref/πθ) − 1 ≥ 0",
    });
    box.append(
      note(
        "GRPO (Group Relative Policy Optimization, introduced with the DeepSeekMath paper in 2024 and used for R1's RL) samples a group of G rollouts for one prompt and scores each against the rest of its group. Its objective J, term by term:",
        "r1w-grpo-loss-intro",
      ),
      h(
        "div",
        { cls: "r1w-formula r1w-mono", attrs: { role: "group", "aria-label": "The objective" } },
        fJ,
        fA,
        fW,
        fR,
      ),
      note(
        "q is the prompt and oᵢ its i-th rollout (one sampled completion); Rᵢ is rollout i's reward; Aᵢ its advantage, the reward measured against its group; rᵢ how much more (or less) likely the policy being trained, πθ, makes the rollout than the policy that sampled it, πold. The clip stops a rollout pulling further once rᵢ leaves [1−ε, 1+ε] in the direction of its advantage.",
      ),
      note(
        "KLᵢ estimates how far πθ has moved from a frozen reference model πref, with k3, the third of Schulman's (2020) KL approximations: never negative, 0 only where the two agree, and unbiased when the token is sampled from πθ. Its unit is the nat (natural logarithms; 1 nat ≈ 1.44 bits). β is the KL coefficient: how much each nat of KL costs in the objective.",
      ),
      note(
        "Simplified here: one ratio per rollout, as R1's eq. 1 writes it, where trainers compute the ratio, the clip and k3 token by token; and KLᵢ is computed from that same ratio πθ/πold, which measures the distance to πref only when πold = πref (as right after the reference is reset). Trainers compute it against the separate reference model.",
        "r1w-grpo-loss-simplified",
      ),
    );

    const presets = select(scope, {
      name: "preset_name",
      label: "Published setting",
      options: [
        ["", "custom"],
        ["deepseekmath", "DeepSeekMath"],
        ["deepseek-r1", "DeepSeek-R1 (first RL stage)"],
        ["trl", "TRL defaults"],
      ],
    });
    // The std options' wording comes from the kernel, which holds TRL's epsilon (paper.py).
    const stdLabels = model.get("std_labels") || {};
    const std = select(scope, {
      name: "std_mode",
      label: "Std",
      options: ["population", "sample"].map((v) => [
        v,
        typeof stdLabels[v] === "string" ? stdLabels[v] : v,
      ]),
    });
    const loss = select(scope, {
      name: "loss_type",
      label: "Loss",
      options: [
        ["grpo", "GRPO: mean per rollout"],
        ["dr_grpo", "Dr. GRPO: no std, ÷ G·L"],
        ["dapo", "DAPO: token mean, clip-higher"],
      ],
    });
    box.append(row(presets.el, std.el, loss.el));
    box.append(
      note(
        "Published settings: DeepSeekMath's, those of DeepSeek-R1's first RL stage, or TRL's defaults. TRL is Hugging Face's library for RL on language models; the TRL setting follows the defaults of its GRPOTrainer.",
        "r1w-grpo-loss-presets",
      ),
    );
    const stdNote = note("", "r1w-grpo-loss-std");
    scope.watch(["std_note"], () => {
      stdNote.textContent = String(model.get("std_note") ?? "");
    });
    box.append(stdNote);
    box.append(
      note(
        "Loss: GRPO as DeepSeekMath defines it (its eq. 3), or one of two later variants from other papers: Dr. GRPO (Liu et al., 2025) and DAPO (Yu et al., 2025).",
        "r1w-grpo-loss-variants",
      ),
    );
    const variant = note("", "r1w-grpo-loss-variant");
    box.append(variant);

    const group = slider(scope, {
      name: "group_size",
      label: "Group size G",
      min: MIN_G,
      max: MAX_G,
      step: 1,
      format: (v) => `${v}`,
      unit: "rollouts",
    });
    const eps = slider(scope, {
      name: "clip_epsilon",
      label: "Clip ε",
      values: ladder(0.01, 10, { extra: extra("clip_epsilon") }),
      format: plain,
    });
    const epsHigh = slider(scope, {
      name: "clip_epsilon_high",
      label: "Clip ε_high (DAPO)",
      values: ladder(0.01, 10, { extra: extra("clip_epsilon_high") }),
      format: plain,
    });
    const beta = slider(scope, {
      name: "kl_beta",
      label: "KL β",
      values: ladder(0.001, 2, { zero: true, extra: extra("kl_beta") }),
      format: plain,
    });
    const budget = slider(scope, {
      name: "max_completion_length",
      label: "Budget L",
      values: ladder(16, 32768, { integer: true, extra: extra("max_completion_length") }),
      format: int,
      unit: "tokens",
    });
    box.append(sliders(group, eps, epsHigh, beta, budget));
    box.append(
      note(
        "Budget L (TRL's max_completion_length): generation stops after L tokens, so a longer rollout counts as L. Only Dr. GRPO divides by it; under DAPO it only cuts.",
        "r1w-grpo-loss-budget",
      ),
    );
    const greyed = note("", "r1w-grpo-loss-greyed");
    box.append(greyed);

    /** Enable or grey out a control, with its reason in the tooltip and in the note above. */
    const enable = (ctl, on, why) => {
      const input = ctl.input || ctl.select;
      input.disabled = !on;
      input.title = on ? "" : why;
      for (const part of ctl.el.querySelectorAll("label, output"))
        part.classList.toggle("r1w-muted", !on);
    };
    scope.watch(["loss_type"], () => {
      const lt = String(model.get("loss_type"));
      enable(
        epsHigh,
        lt === "dapo",
        "Used by the DAPO option only; GRPO and Dr. GRPO clip at 1 ± ε.",
      );
      enable(budget, lt !== "grpo", "GRPO weighs every rollout 1/G: the budget changes nothing.");
      enable(std, lt !== "dr_grpo", "Dr. GRPO does not divide by the std.");
      variant.textContent = VARIANT[lt] || "";
      greyed.textContent = GREYED[lt] || "";
      greyed.hidden = !GREYED[lt];
      fJ.textContent = `J = Σᵢ wᵢ · [ min(rᵢ·Aᵢ, clip(rᵢ, 1−ε, 1+${lt === "dapo" ? "ε_high" : "ε"})·Aᵢ) − β·KLᵢ ]`;
      fA.textContent =
        lt === "dr_grpo"
          ? "Aᵢ = Rᵢ − mean R   (Dr. GRPO: not divided by std R)"
          : "Aᵢ = (Rᵢ − mean R) / std R";
      fW.textContent = WEIGHT[lt] || "";
    });

    const presetNote = note("", "r1w-preset-note");
    scope.watch(["preset_name", "preset_note"], () => {
      presetNote.textContent =
        model.get("preset_note") || "Custom setting: pick a published one above to compare.";
    });
    box.append(presetNote);

    // Equal rewards: the lesson of the std in one line, where it happens.
    const flat = h("p", {
      cls: "r1w-note r1w-grpo-loss-flat",
      attrs: { role: "status", "aria-live": "polite" },
    });
    scope.watch(["all_rewards_equal", "loss_type", "kl_beta"], () => {
      const on = Boolean(model.get("all_rewards_equal"));
      const why =
        model.get("loss_type") === "dr_grpo"
          ? ""
          : " (The std is 0 too; trainers give A = 0 rather than divide by it.)";
      const kl =
        Number(model.get("kl_beta")) > 0
          ? " Only the β·KL term still acts."
          : " With β = 0 there is no KL term either, so the objective is 0.";
      flat.textContent = on
        ? `All rewards are equal, so every advantage is 0: no reward signal from this group.${kl}${why}`
        : "";
      flat.hidden = !on;
    });
    box.append(flat);

    // one row per rollout; below the table's own width each row becomes a card of label: value
    // pairs (grpo_loss.css), so every result shows without scrolling sideways
    const HEADS = [
      "#",
      "Reward Rᵢ",
      "Ratio rᵢ",
      "Tokens |oᵢ|",
      "Advantage Aᵢ",
      "Clipped term",
      "Clip",
      "Weight wᵢ",
      "KL k3 (nats)",
    ];
    const LEFT = new Set([0, 1, 2, 3, 6]);
    const table = h("table", { cls: "r1w-table r1w-grpo-loss-table" });
    const head = h(
      "tr",
      {},
      ...HEADS.map((t, i) =>
        h("th", { cls: LEFT.has(i) ? "r1w-left" : "", text: t, attrs: { scope: "col" } }),
      ),
    );
    const body = h("tbody");
    table.append(h("thead", {}, head), body);
    // (the kit's scroll area scrolls a control reached by Tab fully into view)
    box.append(
      h("div", { cls: "r1w-grpo-loss-rollouts" }, scrollArea(table, "Rollouts of the group")),
    );
    box.append(
      note(
        "Clip column: “clipped at 1+ε” (or 1−ε) when min takes the clipped term, so moving rᵢ further changes nothing. " +
          "“outside, rᵢ·Aᵢ kept” when rᵢ has left the clip range [1−ε, 1+ε] (1+ε_high under DAPO) on the side where the unclipped term rᵢ·Aᵢ is the lower (worse) one: " +
          "min keeps it, so the clip caps what the objective can gain from moving rᵢ, never what it can lose. " +
          "“outside, Aᵢ = 0” when both terms are 0 and the clip has nothing to act on.",
        "r1w-grpo-loss-clipnote",
      ),
    );

    const lengthValues = ladder(1, 32768, { integer: true });
    let rowScope = new Scope(model);
    const cells = [];
    const buildRows = (g) => {
      rowScope.cleanup();
      rowScope = new Scope(model);
      clear(body);
      cells.length = 0;
      for (let i = 0; i < g; i++) {
        const rw = slider(rowScope, {
          name: "rewards",
          index: i,
          label: `Reward of rollout ${i + 1}`,
          min: 0,
          max: 1,
          step: 0.05,
          cls: "r1w-compact",
        });
        const rt = slider(rowScope, {
          name: "ratios",
          index: i,
          label: `Ratio of rollout ${i + 1}`,
          min: 0.2,
          max: 3,
          step: 0.01,
          cls: "r1w-compact",
        });
        const ln = slider(rowScope, {
          name: "lengths",
          index: i,
          label: `Tokens in rollout ${i + 1}`,
          values: lengthValues,
          format: int,
          cls: "r1w-compact r1w-grpo-loss-tokens",
        });
        const cut = h("div", { cls: "r1w-grpo-loss-cut" });
        // data-label: the column's name, shown beside the value when the row is a card
        const cell = (j, cls, ...kids) =>
          h("td", { cls, attrs: { "data-label": HEADS[j] } }, ...kids);
        const adv = cell(4, "r1w-mono r1w-adv");
        const sur = cell(5, "r1w-mono");
        const clip = cell(6, "r1w-left r1w-grpo-loss-clip");
        const weight = cell(7, "r1w-mono");
        const kl = cell(8, "r1w-mono");
        body.append(
          h(
            "tr",
            {},
            h("th", {
              cls: "r1w-left",
              text: `${i + 1}`,
              attrs: { scope: "row", "data-label": "Rollout" },
            }),
            cell(1, "r1w-grpo-loss-input", rw.el),
            cell(2, "r1w-grpo-loss-input", rt.el),
            cell(3, "r1w-grpo-loss-input", ln.el, cut),
            adv,
            sur,
            clip,
            weight,
            kl,
          ),
        );
        cells.push({ adv, sur, clip, weight, kl, ln, cut });
      }
    };
    // Rows come from the kernel's synced lists and the group size, both clamped to the
    // control's bounds: a value the kernel has not confirmed never builds structure.
    const rowCount = () =>
      boundedInt(
        Math.min(Number(model.get("group_size")), (model.get("rewards") || []).length),
        MIN_G,
        MAX_G,
      );

    const stats = {
      mean: stat("Group mean"),
      std: stat("Group std"),
      gain: stat("Policy gain"),
      penalty: stat("KL penalty β·Σ wᵢKLᵢ"),
      objective: stat("Objective J", "r1w-objective"),
    };
    box.append(h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)));

    const chartBox = h("div", { cls: "r1w-chart" });
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Advantage of each rollout (bars above the line beat the group mean, bars below fell short)",
      }),
      chartBox,
    );
    box.append(errorLine(scope));

    const draw = () => {
      const g = rowCount();
      if (cells.length !== g) buildRows(g);
      const lt = String(model.get("loss_type"));
      const raw = model.get("lengths") || [];
      const counted = model.get("counted_lengths") || [];
      const adv = model.get("advantages") || [];
      const sur = model.get("surrogate") || [];
      const act = model.get("clip_active") || [];
      const state = model.get("clip_state") || [];
      const w = model.get("weights") || [];
      const kl = model.get("kl") || [];
      const upper = lt === "dapo" ? "1+ε_high" : "1+ε";
      table.classList.toggle("r1w-grpo-loss-counts", lt !== "grpo");
      cells.forEach((c, i) => {
        c.adv.textContent = signed(adv[i], 3);
        c.sur.textContent = signed(sur[i], 3);
        // In words, never by colour alone, on one line in every state so no row changes height;
        // "not clipped" is plain text, not a pill or button.
        const a = Number(act[i] ?? 0);
        const st = String(state[i] ?? (a > 0 ? "clipped_high" : a < 0 ? "clipped_low" : "inside"));
        clear(c.clip);
        if (st === "clipped_high" || st === "clipped_low") {
          c.clip.append(
            h(
              "span",
              {},
              h("span", { cls: "r1w-grpo-loss-clipped", text: "clipped" }),
              ` at ${st === "clipped_high" ? upper : "1−ε"}`,
            ),
          );
        } else if (st === "kept") {
          c.clip.append(h("span", { cls: "r1w-grpo-loss-kept", text: "outside, rᵢ·Aᵢ kept" }));
        } else {
          c.clip.append(
            h("span", {
              cls: "r1w-muted",
              text: st === "zero" ? "outside, Aᵢ = 0" : "not clipped",
            }),
          );
        }
        c.weight.textContent = small(w[i], 4);
        c.kl.textContent = small(kl[i], 4);
        // Under GRPO lengths change nothing, so no cut is marked; under the other losses the
        // mark's line is reserved in every row (css), so a row never grows when its rollout is cut.
        const isCut =
          lt !== "grpo" &&
          typeof counted[i] === "number" &&
          typeof raw[i] === "number" &&
          counted[i] !== raw[i];
        c.cut.textContent = isCut ? `cut to L = ${int(counted[i])}` : "";
        c.cut.hidden = !isCut;
        c.ln.input.disabled = lt === "grpo";
        c.ln.input.title =
          lt === "grpo" ? "GRPO weighs every rollout 1/G: token counts change nothing." : "";
        c.ln.out.classList.toggle("r1w-muted", lt === "grpo");
      });
      stats.mean.set(num(model.get("group_mean"), 3));
      stats.std.set(num(model.get("group_std"), 3));
      stats.gain.set(signedSmall(model.get("policy_gain"), 4));
      stats.penalty.set(small(model.get("kl_penalty"), 4));
      stats.objective.set(signedSmall(model.get("objective"), 4));
      clear(chartBox);
      const lim = Math.max(
        1,
        ...adv
          .slice(0, g)
          .map((v) => Math.abs(v))
          .filter(Number.isFinite),
      );
      const top = Math.ceil(lim);
      const p = plot({
        width: 420,
        height: 160,
        x: [0, 1],
        y: [-top, top],
        yTicks: [-top, 0, top],
        yFormat: (v) => num(v, 0),
        yLabel: "A",
        title: `Advantages by rollout: ${adv
          .slice(0, g)
          .map((v, i) => `${i + 1}: ${signed(v, 2)}`)
          .join(", ")}`,
      });
      bars(p, adv.slice(0, g), { labels: adv.slice(0, g).map((_, i) => String(i + 1)) });
      chartBox.append(p.svg);
    };
    scope.watch(
      [
        "group_size",
        "rewards",
        "lengths",
        "loss_type",
        "advantages",
        "surrogate",
        "clip_active",
        "clip_state",
        "kl",
        "weights",
        "counted_lengths",
        "group_mean",
        "group_std",
        "policy_gain",
        "kl_penalty",
        "objective",
      ],
      draw,
    );

    return () => {
      rowScope.cleanup();
      scope.cleanup();
    };
  },
};
