// Chapter 09 view: GRPO running on a four-strategy toy policy. The kernel does every step (the
// sampled group, rewards, advantages, the update, the history); this view draws the state, asks
// for steps (once, or on a timer while playing) and writes the knobs back.
import {
  Scope,
  root,
  h,
  s,
  slider,
  sliders,
  button,
  stat,
  errorLine,
  note,
  plot,
  bars,
  line,
  hline,
  clear,
  legend,
  ladder,
  chartLabel,
  num,
  signed,
  pct,
  int,
} from "../lib/kit.js";

const SLUG = "grpo-simulator";
const TICK_MS = 300; // one step request per tick while playing
const PLAY_STEPS = 50; // Play runs to the next multiple of fifty steps, then pauses
const PLAY_LIMIT = 500; // and never past this (the kernel keeps 500 history entries)
const MAX_GROUP = 64; // the group-size slider's maximum: the view never draws more chips
const list = (v) => (Array.isArray(v) ? v : []);
const c = (name) => `r1w-${SLUG}-${name}`;
/** The kernel's step count as a non-negative integer (0 when missing). */
const boundedSteps = (v) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;

/** Round ticks for a step axis from `first` to `end`: every 10, 20, 50 or 100 steps. */
function stepTicks(first, end) {
  const span = end - first;
  const every = span <= 60 ? 10 : span <= 120 ? 20 : span <= 300 ? 50 : 100;
  const ticks = [];
  for (let t = Math.ceil(first / every) * every; t <= end; t += every) ticks.push(t);
  return ticks;
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, SLUG, model.get("title"));
    box.append(
      note(
        "Illustrative toy (our own, not the paper's): a softmax over four strategies, each with a hidden chance of earning " +
          "reward 1. Every step samples a group, scores each rollout against the group's mean and spread, and nudges the logits " +
          "(the raw scores the softmax turns into probabilities) by the exact policy gradient. " +
          "Simplified: no KL penalty and no clip. Each group feeds one update of the policy that sampled it, so the ratio of new to old " +
          "probability (πθ/πold, chapter 02) is exactly 1 there and a clip would never act.",
      ),
      note(
        "A rollout's advantage A = (reward − group mean) / group std (population std, ÷G; the papers don't say which): positive when it beat its group, negative when it fell short. " +
          "Play runs fifty steps, then pauses; press it again for fifty more.",
      ),
    );

    // ---- buttons: step, play/pause, reset ----------------------------------------------------------
    let timer = 0;
    let target = 0; // the step count this play stops at
    let left = 0; // step requests still to send (counted, so a slow kernel cannot overshoot)
    // The label says what a press does next (Play / Pause); no aria-pressed on top of it, or a
    // screen reader would announce "Pause, toggle button, pressed".
    const playBtn = button("Play", () => (timer ? pause() : play()), c("play"));
    const steps = () => boundedSteps(model.get("step_count"));
    const play = () => {
      const now = steps();
      if (timer || now >= PLAY_LIMIT) return;
      target = Math.min(PLAY_LIMIT, (Math.floor(now / PLAY_STEPS) + 1) * PLAY_STEPS);
      left = target - now;
      timer = setInterval(() => {
        if (left <= 0 || steps() >= target) {
          pause();
          return;
        }
        left -= 1;
        scope.act("step");
      }, TICK_MS);
      playBtn.textContent = "Pause";
    };
    const pause = () => {
      clearInterval(timer);
      timer = 0;
      playBtn.textContent = "Play";
    };
    const stepBtn = button("Step", () => scope.act("step"), `r1w-primary ${c("step")}`);
    const resetBtn = button(
      "Reset",
      () => {
        pause();
        scope.act("reset");
      },
      c("reset"),
    );
    box.append(
      h(
        "div",
        { cls: "r1w-row", attrs: { role: "group", "aria-label": "Run controls" } },
        stepBtn,
        playBtn,
        resetBtn,
      ),
    );

    // ---- read-outs -----------------------------------------------------------------------------------
    const stats = {
      steps: stat("Steps taken", c("steps")),
      // both shares in one format: a mean reward between 0 and 1
      group: stat("Last group: mean reward (share rewarded)", c("group-reward")),
      expected: stat("Expected reward (chance a sample is right)", c("expected")),
    };
    box.append(h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)));

    // ---- charts: the policy and the history ------------------------------------------------------------
    const barBox = h("div", { cls: `r1w-chart ${c("policy")}` });
    const histBox = h("div", { cls: `r1w-chart ${c("history")}` });
    box.append(
      h(
        "div",
        { cls: c("charts") },
        h(
          "div",
          {},
          h("div", {
            cls: "r1w-label",
            text: "Strategy probabilities πθ(strategy); under each name, its success rate (hidden from the policy)",
          }),
          barBox,
          legend([
            ["r1w-pos", "★ best: the highest success rate"],
            ["r1w-c1", "the other strategies"],
          ]),
        ),
        h("div", {}, h("div", { cls: "r1w-label", text: "Expected reward by step" }), histBox),
      ),
    );

    // Whether the policy has locked onto one strategy, and if that is a collapse (the kernel's words).
    const lockNote = h("p", {
      cls: `r1w-note ${c("lock-note")}`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    box.append(lockNote);

    // ---- the last group ----------------------------------------------------------------------------------
    // A list only while it has rollouts (a list without items is an error for screen readers):
    // before the first step it is hidden and a line says what to do.
    const chips = h("div", {
      cls: c("chips"),
      attrs: { role: "list", "aria-label": "Last group of rollouts" },
    });
    const noGroup = h("p", {
      cls: `r1w-note ${c("no-group")}`,
      text: "Press Step to sample the first group.",
    });
    // Why a step changed nothing, when it happens: a group whose rewards are all equal.
    const groupNote = h("p", {
      cls: `r1w-note ${c("group-note")}`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "Last group of rollouts: strategy, reward (1 right, 0 wrong), advantage A",
      }),
      chips,
      noGroup,
      groupNote,
    );

    // ---- knobs -------------------------------------------------------------------------------------------
    const names = list(model.get("strategies"));
    const knobs = [
      slider(scope, {
        name: "learning_rate",
        label: "Learning rate η",
        values: ladder(0.01, 2, { extra: [0.2] }),
        format: (v) => String(Number(v.toPrecision(3))),
      }),
      slider(scope, {
        name: "group_size",
        label: "Group size G",
        min: 2,
        max: MAX_GROUP,
        step: 1,
        format: (v) => `${v}`,
        unit: "rollouts",
      }),
      slider(scope, {
        name: "seed",
        label: "Seed",
        min: 0,
        max: 999,
        step: 1,
        format: (v) => `${v}`,
      }),
      ...[0, 1, 2, 3].map((i) =>
        slider(scope, {
          name: "success_rates",
          index: i,
          label: `Success rate: ${names[i] ?? `strategy ${i + 1}`}`,
          min: 0,
          max: 1,
          step: 0.05,
          format: (v) => pct(v, 0),
        }),
      ),
    ];
    box.append(
      sliders(...knobs),
      note(
        "η (eta), the learning rate, sets the size of each step on the logits. A new seed or success rate starts a new run from the uniform policy; " +
          "learning rate and group size apply from the next step.",
      ),
      note(
        "Try it: at η = 2, the top of its track, most runs still find the best strategy, but some lock onto a worse one within fifty steps (seed 1 does, with the other settings at their defaults). " +
          "Smaller groups make that likelier: set the group size to 2 and try a few seeds.",
        c("hint"),
      ),
      errorLine(scope),
    );

    const drawStats = () => {
      const count = model.get("step_count");
      stats.steps.set(int(count));
      const group = list(model.get("last_group"));
      stats.group.set(group.length ? num(model.get("last_group_reward"), 3) : "– (no step yet)");
      stats.expected.set(num(model.get("expected_reward"), 3));
      if (timer && boundedSteps(count) >= target) pause();
    };

    const drawPolicy = () => {
      const probs = list(model.get("probabilities"));
      const rates = list(model.get("success_rates"));
      const best = model.get("best_strategy");
      clear(barBox);
      const p = plot({
        width: 380,
        height: 190,
        x: [0, 1],
        y: [0, 1],
        yTicks: [0, 0.5, 1],
        yFormat: (v) => pct(v, 0),
        margin: { l: 40, r: 8, t: 14, b: 40 },
        title: "Probability of each strategy under the current policy",
      });
      // The best strategy: green, and a ★ in its label, so colour never carries it alone.
      const { slot } = bars(p, probs, {
        cls: (_, i) => (i === best ? `r1w-pos ${c("best")}` : `r1w-c1 ${c("bar")}`),
        labels: probs.map((_, i) => `${i === best ? "★ " : ""}${String(names[i] ?? i + 1)}`),
      });
      const said = probs.map(
        (v, i) =>
          `${String(names[i] ?? i + 1)}${i === best ? " (best)" : ""} ${pct(v, 1)}, succeeds ${pct(rates[i], 0)}`,
      );
      chartLabel(
        p.svg,
        `Probability of each strategy under the current policy: ${said.join("; ")}`,
      );
      probs.forEach((v, i) => {
        const x = p.margin.l + slot * (i + 0.5);
        const top = s("text", {
          x,
          y: p.sy(v) - 3,
          "text-anchor": "middle",
          class: `r1w-tick ${c("prob")}`,
        });
        top.textContent = pct(v, 1);
        const rate = s("text", {
          x,
          y: p.height - p.margin.b + 28,
          "text-anchor": "middle",
          class: `r1w-tick ${c("rate")}`,
        });
        rate.textContent = `succeeds ${pct(rates[i], 0)}`;
        p.layer.append(top, rate);
      });
      barBox.append(p.svg);
    };

    const drawHistory = () => {
      const hist = list(model.get("history"));
      const rates = list(model.get("success_rates"));
      clear(histBox);
      const first = hist.length ? boundedSteps(hist[0].step) : 0;
      const last = hist.length ? boundedSteps(hist[hist.length - 1].step) : 0;
      // The axis ends at the next multiple of fifty: 0–50 for the chapter's fifty steps.
      const end = Math.max(first + PLAY_STEPS, Math.ceil(last / PLAY_STEPS) * PLAY_STEPS);
      const p = plot({
        width: 380,
        height: 190,
        x: [first, end],
        y: [0, 1],
        xTicks: stepTicks(first, end),
        yTicks: [0, 0.5, 1],
        yFormat: (v) => num(v, 1),
        xLabel: "GRPO step",
        yLabel: "E[reward]",
        margin: { l: 40, r: 8, t: 14, b: 36 },
        title: "Expected reward of the policy at each step",
      });
      if (rates.length) hline(p, Math.max(...rates), `best strategy ${num(Math.max(...rates), 2)}`);
      line(
        p,
        hist.map((e) => [e.step, e.expected_reward]),
        `r1w-line ${c("curve")}`,
      );
      const at = (e) => `${num(e.expected_reward, 3)} at step ${boundedSteps(e.step)}`;
      const best = rates.length
        ? `; the best strategy's success rate, the most it can reach, is ${num(Math.max(...rates), 2)}`
        : "";
      chartLabel(
        p.svg,
        hist.length > 1
          ? `Expected reward of the policy by step: ${at(hist[0])}, ${at(hist[hist.length - 1])} now${best}`
          : `Expected reward of the policy by step: ${hist.length ? at(hist[0]) : "no steps yet"}${best}`,
      );
      histBox.append(p.svg);
    };

    const drawGroup = () => {
      clear(chips);
      // Chips come from the kernel's last group, never from the group_size slider's unconfirmed
      // value, and never more than the slider's own maximum.
      for (const raw of list(model.get("last_group")).slice(0, MAX_GROUP)) {
        const r = raw && typeof raw === "object" ? raw : {};
        const a = r.advantage;
        const tone = a > 0 ? c("up") : a < 0 ? c("down") : c("flat");
        chips.append(
          h(
            "span",
            { cls: `${c("chip")} ${tone}`, attrs: { role: "listitem" } },
            h("span", { cls: c("name"), text: String(r.strategy) }),
            h("span", { cls: c("reward"), text: `reward ${num(r.reward, 0)}` }),
            h("span", { cls: c("adv"), text: `A ${signed(a, 2)}` }),
          ),
        );
      }
      chips.hidden = !chips.firstChild;
      noGroup.hidden = !chips.hidden;
      const why = String(model.get("group_note") ?? "");
      groupNote.textContent = why ? `⚠ ${why}` : "";
      groupNote.hidden = !why;
    };

    scope.watch(["step_count", "last_group", "last_group_reward", "expected_reward"], drawStats);
    scope.watch(["probabilities", "success_rates", "best_strategy"], drawPolicy, { frame: true });
    scope.watch(["history", "success_rates"], drawHistory, { frame: true });
    scope.watch(["last_group", "group_note"], drawGroup);
    scope.watch(["lock_note"], () => {
      const text = String(model.get("lock_note") ?? "");
      lockNote.textContent = text;
      lockNote.hidden = !text;
    });

    return () => {
      pause();
      scope.cleanup();
    };
  },
};
