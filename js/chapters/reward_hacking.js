// Chapter 12 view: a toy outcome reward model (hand-set weights, standing in for a learned one)
// and the rule-based checker score the same response. The kernel composes the text, computes every feature and both rewards; this view
// draws them.
import {
  Scope,
  root,
  h,
  select,
  toggle,
  textarea,
  button,
  errorLine,
  note,
  row,
  plot,
  bars,
  hline,
  clear,
  num,
  signed,
  scrollArea,
  chartLabel,
} from "../lib/kit.js";

const EXPLOITS = [
  ["padding_steps", "Padding steps (many empty “Step k:” lines)"],
  ["confident_filler", "Confident filler (clearly, obviously, certainly…)"],
  ["fake_verification", "Fake verification (“Let me verify: ✓ verified”)"],
  ["restate_question", "Restate the question"],
  ["hedge_both", "Hedge: state both yes and no"],
];
const MAX_FEATURES = 16; // never build more bars or rows than this from the model
const P = "r1w-reward-hacking";

/** A Scope whose model shows one exploit as a boolean "trait", so the kit's toggle can bind it. */
function exploitScope(model, name) {
  const proxy = {
    get: () => (model.get("exploits") || []).includes(name),
    set: (_n, on) => {
      const rest = (model.get("exploits") || []).filter((e) => e !== name);
      model.set("exploits", on ? [...rest, name] : rest);
    },
    save_changes: () => model.save_changes(),
    on: (_ev, fn) => model.on("change:exploits", fn),
    off: (_ev, fn) => model.off("change:exploits", fn),
    send: (c) => model.send(c),
  };
  return new Scope(proxy);
}

/** A horizontal 0–1 gauge with a text read-out. */
function gauge(label, cls) {
  const fill = h("div", { cls: `${P}-fill` });
  const track = h(
    "div",
    {
      cls: `${P}-track`,
      attrs: { role: "meter", "aria-valuemin": "0", "aria-valuemax": "1", "aria-label": label },
    },
    fill,
  );
  const value = h("div", { cls: `${P}-value`, attrs: { "aria-live": "polite" } });
  const detail = h("div", { cls: `${P}-detail` });
  const el = h(
    "div",
    { cls: `${P}-panel ${cls}` },
    h("div", { cls: "r1w-label", text: label }),
    track,
    value,
    detail,
  );
  return {
    el,
    value,
    detail,
    set(v, text) {
      const ok = typeof v === "number" && Number.isFinite(v);
      fill.style.width = ok ? `${Math.min(100, Math.max(0, 100 * v))}%` : "0%";
      track.setAttribute("aria-valuenow", ok ? String(v) : "0");
      track.setAttribute("aria-valuetext", text);
      value.textContent = text;
    },
  };
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const scopes = [scope];
    const box = root(el, "reward-hacking", model.get("title"));
    box.append(
      note(
        "A reward model is a network trained to score a model's responses. An outcome reward model gives the " +
          "finished response one score; a process reward model (PRM) scores each intermediate step of the " +
          "reasoning. The one below is outcome-level: it reads the whole text once, from surface features. " +
          "Switch on the tricks: each lifts its score, yet none makes a wrong answer right under the accuracy " +
          "reward, the rule that compares the final answer with the known one. Trained against such a model, a " +
          "policy learns the tricks instead of the task: that is reward hacking.",
      ),
      note(
        "The toy outcome reward model here stands in for a learned one: a small logistic model (a weighted sum " +
          "of surface features of the text, squashed into 0–1) whose weights we set by hand, to imitate what a " +
          "reward model trained on rated answers can pick up. It was not trained, it is not DeepSeek's model, " +
          "and its numbers are illustrative, not from the paper.",
        "r1w-muted",
      ),
    );

    const question = h("div", { cls: `${P}-question` });
    scope.watch(["question", "ground_truth"], () => {
      question.textContent = `Question: ${model.get("question") ?? ""}   Ground truth: ${model.get("ground_truth") ?? ""}`;
    });
    box.append(question);

    const base = select(scope, {
      name: "base",
      label: "Base answer",
      options: [
        ["wrong", "wrong: says 7919 is not prime"],
        ["correct", "correct: says 7919 is prime"],
      ],
    });
    box.append(row(base.el));

    const group = h("div", {
      cls: `${P}-exploits`,
      attrs: { role: "group", "aria-label": "Exploits" },
    });
    const switches = [];
    for (const [name, label] of EXPLOITS) {
      const s = exploitScope(model, name);
      scopes.push(s);
      const t = toggle(s, { name: `exploits.${name}`, label });
      switches.push(t.input);
      group.append(t.el);
    }
    box.append(
      h("div", { cls: "r1w-label", text: "Exploits (each adds text to the composed answer)" }),
      group,
    );

    // Typing makes the response the learner's own text. The kernel then clears the switches
    // (they no longer describe the text) and refuses them and the base answer until "Back to
    // the composed answer", so no switch ever overwrites an edit; the view locks them to match.
    const response = textarea(scope, {
      name: "response",
      label: "Response (editable: typing makes it your own text)",
      rows: 8,
      maxLength: 100000,
    });
    const status = h("div", {
      cls: `${P}-status-text`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    const back = button("Back to the composed answer", () => scope.act("recompose"), `${P}-back`);
    const edited = h("div", { cls: `${P}-edited` }, status, back);
    scope.watch(["edited"], () => {
      const on = Boolean(model.get("edited"));
      const hadFocus = typeof document !== "undefined" && document.activeElement === back;
      for (const input of [...switches, base.select]) input.disabled = on;
      group.classList.toggle(`${P}-locked`, on);
      status.textContent = on
        ? "Your own text (edited): the scores below are for it. The exploit switches are off and locked, since they " +
          "no longer describe the text; the button discards your edits and brings back the composed answer."
        : "The composed answer: the base answer plus the exploits ticked above.";
      back.hidden = !on;
      if (hadFocus && !on) switches[0]?.focus(); // the button hides: keep focus in the chapter
    });
    box.append(response.el, edited);

    const modelGauge = gauge("Toy outcome reward model (illustrative)", `${P}-model`);
    const ruleGauge = gauge("Accuracy reward (rule-based, chapter 03's checker)", `${P}-rule`);
    const reasons = h("ul", { cls: `${P}-reasons` });
    ruleGauge.el.append(reasons);
    box.append(h("div", { cls: `r1w-row ${P}-side` }, modelGauge.el, ruleGauge.el));

    scope.watch(["reward_model_score", "reward_model_logit"], () => {
      const v = model.get("reward_model_score");
      modelGauge.set(v, `Score ${num(v, 3)}`);
      modelGauge.detail.textContent =
        "one score for the whole response: the model's probability that it is good, " +
        `logistic(z) with the logit z = ${signed(model.get("reward_model_logit"), 2)} (the sum before squashing into 0–1)`;
    });
    scope.watch(["accuracy_reward", "format_reward", "extracted_answer", "rule_reasons"], () => {
      const v = model.get("accuracy_reward");
      ruleGauge.set(
        v,
        `Accuracy reward ${num(v, 0)}${v === 1 ? " ✓ earned" : v === 0 ? " ✗ not earned" : ""}`,
      );
      ruleGauge.value.classList.toggle("r1w-good", v === 1);
      ruleGauge.value.classList.toggle("r1w-bad", v === 0);
      const answer = String(model.get("extracted_answer") ?? "");
      ruleGauge.detail.textContent = `1 if the <answer> equals the ground truth and offers no second answer, else 0; answer read: ${answer || "none"}`;
      const r = model.get("rule_reasons") || {};
      clear(reasons);
      reasons.append(
        h("li", { text: `Accuracy: ${r.accuracy ?? ""}` }),
        h("li", {
          text: `Beside it, the format reward (rule-based, 0 or 1): ${num(model.get("format_reward"), 0)}, ${r.format ?? ""}`,
        }),
      );
    });

    box.append(
      note(
        "Why rules: the R1 paper gives reward hacking in large-scale RL, and the cost and complexity of retraining a " +
          "reward model, as its reasons for using no learned reward model, outcome or process, in its reasoning RL. " +
          "It also tried process reward models and lists three problems with them (in our words):",
        `${P}-why`,
      ),
      h(
        "ol",
        { cls: `${P}-objections` },
        h("li", {
          text: "In general reasoning there is no clear way to cut the work into fine-grained steps to score.",
        }),
        h("li", {
          text: "Judging whether one intermediate step is right is itself hard: labels made by a model are not reliable enough, and labels made by people do not scale.",
        }),
        h("li", {
          text: "Once a model-based PRM is brought in, reward hacking follows, the paper says; and retraining that reward model takes extra resources and complicates the whole training pipeline.",
        }),
      ),
    );

    const chartBox = h("div", { cls: `${P}-chart` });
    const table = h("table", { cls: "r1w-table" });
    const body = h("tbody");
    table.append(
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Feature (what it measures)", "Value", "Weight", "Contribution to z"].map((t, i) =>
            h("th", { cls: i < 1 ? "r1w-left" : "", text: t, attrs: { scope: "col" } }),
          ),
        ),
      ),
      body,
    );
    box.append(
      h("div", {
        cls: "r1w-label",
        text: "What moved the toy outcome reward model: weight × feature, added to the logit z (signed)",
      }),
      chartBox,
      scrollArea(table, "Features of the toy outcome reward model: value, weight and contribution"),
      errorLine(scope),
    );

    scope.watch(
      [
        "feature_names",
        "feature_labels",
        "features",
        "reward_model_contributions",
        "reward_model_weights",
        "reward_model_bias",
        "feature_meanings",
      ],
      () => {
        const names = (model.get("feature_names") || []).slice(0, MAX_FEATURES).map(String);
        const labels = model.get("feature_labels") || {};
        const contrib = model.get("reward_model_contributions") || {};
        const feats = model.get("features") || {};
        const weights = model.get("reward_model_weights") || {};
        const meanings = model.get("feature_meanings") || {};
        const bias = model.get("reward_model_bias");
        const word = (k) => String(labels[k] ?? k);
        const keys = ["bias", ...names];
        const values = keys.map((k) => (k === "bias" ? bias : contrib[k]));
        const finite = values.filter((v) => typeof v === "number" && Number.isFinite(v));
        const top = Math.max(1, Math.ceil(Math.max(0, ...finite.map(Math.abs))));
        const p = plot({
          width: 480,
          height: 226,
          x: [0, keys.length],
          y: [-top, top],
          yTicks: [-top, 0, top],
          yLabel: "logit units",
          title: "Contribution of each feature to the toy outcome reward model's logit",
          margin: { l: 46, r: 10, t: 10, b: 46 },
        });
        hline(p, 0, "");
        bars(
          p,
          values.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : 0)),
          {
            labels: keys.map((k) => (k === "bias" ? "bias" : word(k))),
            stagger: true, // eight words under eight bars: two rows, so they never run together
            cls: (v, i) => (i === 0 || v === 0 ? "r1w-neutral" : v > 0 ? "r1w-pos" : "r1w-neg"),
          },
        );
        const said = keys.map(
          (k, i) => `${k === "bias" ? "bias" : word(k)} ${signed(values[i], 2)}`,
        );
        chartLabel(
          p.svg,
          `Contribution of each feature to the toy outcome reward model's logit, in logit units: ${said.join(", ")}`,
        );
        clear(chartBox);
        chartBox.append(p.svg);

        clear(body);
        // The feature's word, with what it measures on a line below: four narrow columns fit a
        // phone-wide output, so the contribution is never hidden behind a scroll.
        const nameCell = (w, meaning) =>
          h(
            "td",
            { cls: `r1w-left ${P}-feature` },
            h("span", { cls: `${P}-word`, text: w }),
            h("span", { cls: `${P}-meaning`, text: meaning }),
          );
        body.append(
          h(
            "tr",
            {},
            nameCell("bias", "constant term of the model"),
            h("td", { text: "–" }),
            h("td", { text: "–" }),
            h("td", { text: signed(bias, 3) }),
          ),
        );
        for (const k of names) {
          body.append(
            h(
              "tr",
              {},
              nameCell(word(k), String(meanings[k] ?? "")),
              h("td", { text: num(feats[k], 3) }),
              h("td", { text: signed(weights[k], 2) }),
              h("td", { text: signed(contrib[k], 3) }),
            ),
          );
        }
      },
    );

    return () => {
      for (const s of scopes) s.cleanup();
    };
  },
};
