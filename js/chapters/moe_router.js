// Chapter 15 view: a sentence as native token buttons; the selected token's router scores, the
// experts it reaches among the groups the router kept, the load per expert over the sentence,
// and the parameter count of DeepSeek-V3. The kernel routes, balances and counts; this view
// draws what it sends and writes the inputs back.
import {
  Scope,
  root,
  h,
  slider,
  sliders,
  button,
  stat,
  note,
  clear,
  boundedInt,
  scrollArea,
  plot,
  bars,
  hline,
  legend,
  chartLabel,
  srTable,
  num,
  signed,
  pct,
  int,
  newId,
} from "../lib/kit.js";

const P = "r1w-moe-router";
const MAX_TOKENS = 24; // never build more token buttons than the kernel allows
const MAX_TOKEN_CHARS = 24;
const MAX_EXPERTS = 256;
const MAX_ROWS = 40; // the kernel sends k + max(8, 16 − k) rows, k ≤ 32
const MAX_GROUPS = 16;
const TOKENS_REFUSED = "tokens refused: "; // how the base begins a refusal of the sentence

/** A parameter count with its unit: 671.03B, 187.11M, 7,168. */
export function params(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 1e9) return `${num(x / 1e9, 2)}B`;
  if (Math.abs(x) >= 1e6) return `${num(x / 1e6, 2)}M`;
  return int(x);
}

const list = (v) => (Array.isArray(v) ? v : []);

/** "1 routed expert", "2 routed experts": a count with its noun, singular for exactly 1. */
export function counted(n, one, many = `${one}s`) {
  return `${int(n)} ${Number(n) === 1 ? one : many}`;
}
/** The verb after a count: "1 goes", "3 go". */
const verb = (n, one, many) => (Number(n) === 1 ? one : many);
const experts = (xs) => xs.map((i) => String(i)).join(", ");

/** Where focus moves among n token buttons: arrows, Home, End; null for other keys. */
export function nextToken(i, n, key) {
  if (key === "ArrowRight" || key === "ArrowDown") return Math.min(n - 1, i + 1);
  if (key === "ArrowLeft" || key === "ArrowUp") return Math.max(0, i - 1);
  if (key === "Home") return 0;
  if (key === "End") return n - 1;
  return null;
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "moe-router", model.get("title"));
    const A = () => model.get("architecture") || {};
    // Two plain sentences up front; the rule in detail, with its sources, one click away.
    const lead = note("", `${P}-lead`);
    const intro = note("");
    const rule = note("", "r1w-muted");
    const groupsLine = note("", `r1w-muted ${P}-groups`);
    const gammaLine = note("", `r1w-muted ${P}-gamma`);
    const how = h(
      "details",
      { cls: `${P}-how` },
      h("summary", { text: "How the rule works, with sources" }),
      intro,
      rule,
      groupsLine,
      gammaLine,
    );
    box.append(lead, how);
    scope.watch(["architecture", "published"], () => {
      const a = A();
      const pub = model.get("published") || {};
      const v = (key) => pub[key]?.value ?? "–";
      lead.textContent =
        `DeepSeek-R1 is built on DeepSeek-V3, a mixture-of-experts (MoE) model: in ${a.n_moe_layers} of its ${a.n_layers} layers a ` +
        `small router sends each token to ${a.n_activated_experts} of ${a.n_routed_experts} expert networks, and ` +
        `${a.n_shared_experts} shared expert sees every token. Type a sentence, choose a word, and see which ` +
        "experts it reaches.";
      intro.textContent =
        "DeepSeek-R1 is DeepSeek-V3-Base after post-training, and V3 is a mixture-of-experts (MoE) model. " +
        `In ${a.n_moe_layers} of its ${a.n_layers} layers the feed-forward network (FFN, the block that transforms ` +
        `each token after attention) is replaced by ${a.n_experts_per_layer} small FFNs called experts, each ` +
        `${int(a.moe_inter_dim)} wide (a dense FFN is ${int(a.inter_dim)}): ${a.n_routed_experts} routed experts ` +
        `and ${a.n_shared_experts} shared expert. A small router (V3's code calls it the gate) scores every routed ` +
        `expert for each token and sends the token to ${a.n_activated_experts} of them; the shared expert sees ` +
        "every token. So a token passes through only a small share of the weights.";
      rule.textContent =
        "V3's rule, followed exactly here: the affinity s = sigmoid(u·eᵢ) of token u to expert i's centroid eᵢ " +
        "(a learned vector: one row of the router's weight matrix; sigmoid squashes any number into 0 to 1); a " +
        `per-expert bias b added only to choose (s + b); the experts split into ${a.n_groups} groups, each group ` +
        `scored by the sum of its ${a.group_top} best s + b, and only the best ${a.n_limited_groups} groups kept; ` +
        `the k experts (${a.n_activated_experts} in V3) with the highest s + b in the kept groups; their gates ` +
        "(the weights each chosen expert's output is multiplied by before the outputs are added) are their raw " +
        `s (no bias), normalised to sum to 1 and multiplied by ${a.route_scale}. Our token vectors and expert ` +
        "centroids are seeded toys (illustrative), one fixed vector per word (V3's tokenizer cuts text into " +
        "sub-word tokens; here each word is one token): V3's router sees each token's hidden state in each " +
        "layer, which depends on its context.";
      groupsLine.textContent =
        `Why groups: in training, V3's ${a.n_routed_experts} routed experts of a layer sit on ${v("gpus")} GPUs ` +
        `in ${v("nodes")} nodes (machines), and each token may reach at most M = ${v("max_nodes")} nodes, to ` +
        "limit traffic between machines. Nodes are ranked by the sum of their experts' " +
        `K_r/M = ${a.n_activated_experts}/${v("max_nodes")} = ${a.group_top} best scores (${pub.nodes?.source ?? ""}; ` +
        `${pub.max_nodes?.source ?? ""}). V3's released inference code does the same with ${a.n_groups} groups ` +
        `of ${a.group_size} experts: each group stands for a node.`;
    });

    // --- the sentence and its tokens ----------------------------------------------------------
    // No maxlength: a longer text is sent whole, so the kernel's refusal counts every word.
    const sentenceId = newId();
    const refusalId = newId();
    const hintId = newId();
    const sentence = h("input", {
      cls: "r1w-input",
      attrs: {
        id: sentenceId,
        type: "text",
        spellcheck: "false",
        "data-name": "tokens",
        "data-lm-suppress-shortcuts": "true",
        "aria-describedby": `${refusalId} ${hintId}`,
      },
    });
    const sentenceLabel = h("label", { cls: "r1w-label", attrs: { for: sentenceId } });
    // Under the box: the kernel's refusal of the last sentence sent (polite live region), or a
    // hint while the box holds words the kernel has not routed yet.
    const refusal = h("p", {
      cls: `r1w-error ${P}-refusal`,
      attrs: { id: refusalId, role: "status", "aria-live": "polite" },
    });
    const hint = h("p", { cls: `r1w-note ${P}-hint`, attrs: { id: hintId } });
    const form = h(
      "form",
      { cls: `${P}-sentence` },
      sentenceLabel,
      h(
        "div",
        { cls: `${P}-sentence-row` },
        sentence,
        h("button", {
          cls: "r1w-button",
          text: "Route this sentence",
          attrs: { type: "submit", "data-lm-suppress-shortcuts": "true" },
        }),
      ),
      refusal,
      hint,
    );
    scope.watch(["architecture"], () => {
      const a = A();
      sentenceLabel.textContent =
        `Sentence (each word is one token: at most ${a.max_tokens ?? "–"} words, each at most ` +
        `${a.max_token_chars ?? "–"} characters)`;
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      // the kernel checks the limits and snaps back a refusal, which shows under the box; the
      // box keeps what was typed until the kernel answers
      const sent = words(sentence.value);
      shownText = sent.join(" ");
      scope.write("tokens", sent);
    });
    const tokenHelp = note(
      "Choose a token to route it: click it, or Tab to the tokens, move with the arrow keys and press Enter or Space.",
    );
    const tokenGroup = h("div", {
      cls: `${P}-tokens`,
      attrs: { role: "group", "aria-label": "Tokens of the sentence: choose one to route it" },
    });
    box.append(form, tokenHelp, tokenGroup);

    /** @type {HTMLButtonElement[]} */
    let tokenButtons = [];
    let current = 0;
    const rove = (i) => {
      current = boundedInt(i, 0, Math.max(0, tokenButtons.length - 1));
      tokenButtons.forEach((b, k) => {
        b.tabIndex = k === current ? 0 : -1;
      });
    };
    /** The selected token's button is pressed; the Tab stop follows it unless focus is here. */
    function markSelected() {
      const sel = Number(model.get("selected_token"));
      tokenButtons.forEach((b, i) => {
        b.setAttribute("aria-pressed", String(i === sel));
      });
      if (!tokenGroup.contains(document.activeElement)) rove(sel);
    }
    const words = (text) => text.trim().split(/\s+/).filter(Boolean);
    const kernelText = () => list(model.get("tokens")).map(String).join(" ");
    /** The kernel's refusal of the sentence, in its own words ("" if the last one was accepted). */
    const sentenceRefusal = () => {
      const e = String(model.get("error") || "");
      return e.startsWith(TOKENS_REFUSED) ? e.slice(TOKENS_REFUSED.length) : "";
    };
    const showHint = () => {
      const pending = !sentenceRefusal() && words(sentence.value).join(" ") !== kernelText();
      hint.textContent = pending
        ? "Not routed yet: press Enter or Route this sentence; the tokens and charts below are still the last sentence routed."
        : "";
      hint.hidden = !pending;
    };
    sentence.addEventListener("input", showHint);
    let shownText = null; // the kernel's sentence last put in the box
    scope.watch(["tokens", "error"], () => {
      const why = sentenceRefusal();
      refusal.textContent = why;
      refusal.hidden = !why;
      if (why) sentence.setAttribute("aria-invalid", "true");
      else sentence.removeAttribute("aria-invalid");
      const text = kernelText();
      // A refused sentence stays in the box to be shortened; the kernel's own goes in otherwise.
      if (text !== shownText && !why) sentence.value = text.slice(0, MAX_TOKENS * 64);
      shownText = text;
      showHint();
    });
    scope.watch(["tokens"], () => {
      const tokens = list(model.get("tokens")).slice(0, MAX_TOKENS);
      const hadFocus = tokenGroup.contains(document.activeElement);
      clear(tokenGroup);
      tokenButtons = tokens.map((t, i) => {
        const b = h("button", {
          cls: `${P}-token`,
          text: String(t).slice(0, MAX_TOKEN_CHARS),
          attrs: {
            type: "button",
            "data-name": "selected_token",
            "data-index": String(i),
            "aria-pressed": "false",
            "data-lm-suppress-shortcuts": "true",
          },
        });
        b.addEventListener("click", () => scope.write("selected_token", i));
        b.addEventListener("focus", () => rove(i));
        b.addEventListener("keydown", (ev) => {
          if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
          const next = nextToken(i, tokenButtons.length, ev.key);
          if (next === null) return;
          ev.preventDefault();
          rove(next);
          tokenButtons[next]?.focus();
        });
        return b;
      });
      tokenGroup.append(...tokenButtons);
      rove(model.get("selected_token"));
      markSelected();
      if (hadFocus) tokenButtons[current]?.focus();
    });
    scope.watch(["selected_token"], markSelected);

    // --- controls -------------------------------------------------------------------------------
    const countId = newId();
    const count = h("select", {
      cls: "r1w-select",
      attrs: { id: countId, "data-name": "n_routed_experts", "data-lm-suppress-shortcuts": "true" },
    });
    count.addEventListener("change", () => scope.write("n_routed_experts", Number(count.value)));
    scope.watch(["n_routed_experts", "architecture"], () => {
      const a = A();
      if (!count.options.length)
        for (const n of list(a.expert_counts).slice(0, 8).map(Number))
          count.append(
            h("option", {
              text: n === a.n_routed_experts ? `${n} (V3)` : String(n),
              attrs: { value: String(n) },
            }),
          );
      count.value = String(model.get("n_routed_experts"));
    });
    const active = slider(scope, {
      name: "n_active_experts",
      label: "Routed experts per token (k)",
      min: 1,
      max: 32,
      step: 1,
      format: (v) => String(v),
    });
    scope.watch(["max_active_experts"], () => {
      active.input.max = String(boundedInt(model.get("max_active_experts"), 1, 32));
    });
    const seed = slider(scope, {
      name: "seed",
      label: "Seed of the toy vectors",
      min: 0,
      max: 999,
      step: 1,
      format: (v) => String(v),
    });
    const steps = slider(scope, {
      name: "balance_steps",
      label: "Bias balancing steps",
      min: 0,
      max: 40,
      step: 1,
      format: (v) => String(v),
    });
    const limitLine = h("p", { cls: `r1w-note ${P}-limit` });
    scope.watch(["max_active_experts", "kept_capacity", "n_routed_experts", "architecture"], () => {
      const a = A();
      const n = int(model.get("n_routed_experts"));
      const cap = Number(model.get("kept_capacity"));
      const max = Number(model.get("max_active_experts"));
      limitLine.textContent =
        max < cap
          ? `With ${n} routed experts the ${a.n_limited_groups} kept groups hold ${int(cap)}, so any k up to ` +
            `${int(cap)} would be allowed; this slider stops at ${int(max)}.`
          : `With ${n} routed experts, k can be at most ${int(cap)}: the ${a.n_limited_groups} groups kept out ` +
            `of ${a.n_groups} hold only ${int(cap)} experts.`;
    });
    box.append(
      h(
        "div",
        { cls: `r1w-field ${P}-count` },
        h("label", {
          cls: "r1w-label",
          text: "Routed experts per MoE layer",
          attrs: { for: countId },
        }),
        count,
      ),
      sliders(active, seed, steps),
      limitLine,
      h(
        "div",
        { cls: `${P}-actions` },
        button("One balancing step", () => scope.act("balance"), `${P}-balance`),
        button("Reset the bias to 0", () => scope.act("reset_bias"), `${P}-reset`),
      ),
    );
    const balanceNote = note("", `${P}-balance-note`);
    scope.watch(["balance_gamma", "published"], () => {
      const g = model.get("published")?.gamma || {};
      const alpha = model.get("published")?.alpha || {};
      gammaLine.textContent =
        "Balancing is V3's auxiliary-loss-free update: after each step an overloaded expert has its bias " +
        "lowered by γ and an underloaded one has it raised by γ (overloaded: above the mean load over the " +
        "whole batch, here the sentence; our reading, the paper does not define it). Earlier MoE models add " +
        "an extra 'auxiliary' loss term that pushes the router towards even loads; V3 relies mainly on this " +
        `bias instead, keeping only a tiny sequence-wise balance loss, α = ${alpha.value ?? "–"} ` +
        `(${alpha.source ?? ""}). Our γ is ${num(model.get("balance_gamma"), 2)}, illustrative, so a few ` +
        `steps show; V3 used γ = ${g.value ?? "–"} (${g.source ?? ""}).`;
      balanceNote.textContent =
        "A balancing step lowers by γ the bias of every expert busier than the average and raises it for " +
        `every quieter one. Our γ is ${num(model.get("balance_gamma"), 2)} (illustrative); V3 used ` +
        `${g.value ?? "–"}. More under “How the rule works”.`;
    });
    box.append(balanceNote);
    const noticeLine = h("p", {
      cls: `r1w-note ${P}-notice`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    scope.watch(["notice"], () => {
      noticeLine.textContent = String(model.get("notice") || "");
      noticeLine.hidden = !noticeLine.textContent;
    });
    // Other refusals, as the kernel words them ("<input> refused: …"), without a second
    // "Refused:"; the sentence's own refusal shows under its box instead.
    const otherError = h("p", {
      cls: `r1w-error ${P}-error`,
      attrs: { role: "status", "aria-live": "polite" },
    });
    scope.watch(["error"], () => {
      const e = String(model.get("error") || "");
      otherError.textContent = e.startsWith(TOKENS_REFUSED) ? "" : e;
      otherError.hidden = !otherError.textContent;
    });
    box.append(noticeLine, otherError);

    // --- the selected token's scores -------------------------------------------------------------
    const routeHeading = h("h3", { cls: `${P}-heading` });
    const summary = h("p", { cls: `${P}-summary`, attrs: { "aria-live": "polite" } });
    const biasLine = h("p", { cls: `${P}-bias-line` });
    const scoreList = h("ol", { cls: `${P}-scores` });
    const gateNote = note("", "r1w-muted");
    scope.watch(["architecture"], () => {
      gateNote.textContent =
        `Each bar is a raw affinity s (0 to 1). Gate = ${A().route_scale} × s ÷ (sum of s over the chosen ` +
        "experts): the bias b is in s + b, which chooses, and never in a gate. When the bias swaps one expert " +
        "for another that sum changes, so the other gates shift a little, but their ratios stay those of their " +
        "raw scores.";
    });
    box.append(routeHeading, summary, gateNote, biasLine, scoreList);
    scope.watch(
      [
        "router_scores",
        "selected_experts",
        "gate_weights",
        "kept_groups",
        "tokens",
        "selected_token",
        "bias_changes",
        "balance_steps",
        "n_active_experts",
        "architecture",
      ],
      () => {
        const tokens = list(model.get("tokens"));
        const word = String(
          tokens[boundedInt(model.get("selected_token"), 0, MAX_TOKENS - 1)] ?? "",
        );
        const chosen = list(model.get("selected_experts")).slice(0, 32);
        const gates = list(model.get("gate_weights"));
        const kept = list(model.get("kept_groups")).slice(0, MAX_GROUPS);
        const k = chosen.length;
        routeHeading.textContent = `Where “${word}” goes: the router's best scores`;
        summary.textContent =
          `“${word}” goes to ${counted(k, "routed expert")}: ` +
          chosen.map((e, i) => `${e} (gate ${num(gates[i], 3)})`).join(", ") +
          `${k === 1 ? ", its gate the whole" : ", gates summing to"} ${A().route_scale}; kept groups ${experts(kept)}; plus the shared expert, always on with weight ${num(model.get("shared_expert_gate"), 0)}.`;
        const changes = model.get("bias_changes") || {};
        const left = list(changes.left);
        const joined = list(changes.joined);
        const nSteps = counted(model.get("balance_steps"), "balancing step");
        biasLine.textContent =
          model.get("balance_steps") > 0
            ? left.length
              ? `After ${nSteps} the bias changed this token's choice: expert${left.length > 1 ? "s" : ""} ${experts(left)} left, ${experts(joined)} joined. The experts that stayed keep their raw s.`
              : `After ${nSteps} this token still goes to the same experts, with the same gates: the bias moved nothing that matters for it.`
            : "No bias yet (b = 0 for every expert): press One balancing step or move the balancing slider to see the bias change the choice.";
        clear(scoreList);
        for (const r of list(model.get("router_scores")).slice(0, MAX_ROWS)) {
          const s = Number(r.score);
          const fill = h("span", { cls: `${P}-fill` });
          fill.style.width = `${Math.max(0, Math.min(100, 100 * (Number.isFinite(s) ? s : 0)))}%`;
          const verdict = r.chosen
            ? `✓ chosen, gate ${num(r.gate, 3)}`
            : r.group_kept
              ? `✗ not chosen: below the top ${k}`
              : `✗ not chosen: group ${r.group} masked`;
          scoreList.append(
            h(
              "li",
              {
                cls: `${P}-score ${r.chosen ? `${P}-chosen` : r.group_kept ? `${P}-passed` : `${P}-masked`}`,
              },
              h("span", { cls: `${P}-name`, text: `expert ${r.expert} · group ${r.group}` }),
              h("span", { cls: `${P}-track`, attrs: { "aria-hidden": "true" } }, fill),
              h("span", {
                cls: `${P}-nums`,
                text: `s ${num(s, 3)} · b ${signed(r.bias, 2)} · s + b ${num(r.biased, 3)}`,
              }),
              h("span", { cls: `${P}-verdict`, text: verdict }),
            ),
          );
        }
      },
    );

    // --- the expert grid ---------------------------------------------------------------------------
    const gridHeading = h("h3", { cls: `${P}-heading` });
    const grid = h("div", { cls: `${P}-grid`, attrs: { role: "img" } });
    const gridTable = h("div");
    box.append(
      gridHeading,
      h(
        "ul",
        { cls: `${P}-legend` },
        h("li", { cls: `${P}-key ${P}-key-chosen`, text: "● chosen for this token (filled)" }),
        h("li", { cls: `${P}-key ${P}-key-kept`, text: "✓ group kept (solid outline)" }),
        h("li", { cls: `${P}-key ${P}-key-masked`, text: "✗ group masked (dashed, faded)" }),
      ),
      scrollArea(grid, "Grid of the routed experts, one row per group"),
      gridTable,
    );
    scope.watch(
      ["selected_experts", "kept_groups", "group_scores", "n_routed_experts", "architecture"],
      () => {
        const a = A();
        const nGroups = boundedInt(a.n_groups, 1, MAX_GROUPS);
        const n = boundedInt(model.get("n_routed_experts"), nGroups, MAX_EXPERTS);
        const size = Math.max(1, Math.floor(n / nGroups));
        const chosen = new Set(list(model.get("selected_experts")).map(Number));
        const kept = new Set(list(model.get("kept_groups")).map(Number));
        const scores = list(model.get("group_scores"));
        gridHeading.textContent = `One MoE layer: ${a.n_shared_experts} shared expert + ${n} routed experts in ${nGroups} groups of ${size}`;
        clear(grid);
        grid.append(
          h(
            "div",
            { cls: `${P}-shared`, attrs: { "aria-hidden": "true" } },
            h("span", { cls: `${P}-cell ${P}-cell-shared`, text: "S" }),
            `Shared expert: always on, weight ${num(model.get("shared_expert_gate"), 0)}, for every token`,
          ),
        );
        const rows = [];
        for (let g = 0; g < nGroups; g += 1) {
          const on = kept.has(g);
          const inGroup = [];
          const cells = h("div", { cls: `${P}-cells`, attrs: { "aria-hidden": "true" } });
          cells.style.setProperty("--r1w-moe-cols", String(size));
          for (let i = g * size; i < (g + 1) * size; i += 1) {
            const pick = chosen.has(i);
            if (pick) inGroup.push(i);
            cells.append(h("span", { cls: `${P}-cell${pick ? ` ${P}-cell-chosen` : ""}` }));
          }
          const label = `Group ${g} ${on ? "✓ kept" : "✗ masked"} · score ${num(scores[g], 2)}${inGroup.length ? ` · chosen ${experts(inGroup)}` : ""}`;
          grid.append(
            h(
              "div",
              { cls: `${P}-group ${on ? `${P}-kept` : `${P}-masked-group`}` },
              h("div", { cls: `${P}-group-label`, text: label, attrs: { "aria-hidden": "true" } }),
              cells,
            ),
          );
          rows.push([
            g,
            on ? "kept" : "masked",
            num(scores[g], 3),
            inGroup.length ? experts(inGroup) : "none",
          ]);
        }
        grid.setAttribute(
          "aria-label",
          `${n} routed experts in ${nGroups} groups of ${size}, plus the shared expert (always on). Kept groups: ` +
            `${experts([...kept].sort((a, b) => a - b))}; the others are masked. Chosen experts: ${experts([...chosen].sort((a, b) => a - b))}. ` +
            "The table after the grid lists each group.",
        );
        clear(gridTable);
        gridTable.append(
          srTable(
            `Each group of experts: kept or masked, its score (sum of its ${a.group_top} best s + b), the experts chosen in it`,
            ["Group", "Kept or masked", "Group score", "Chosen experts"],
            rows,
          ),
        );
      },
      { frame: true },
    );

    // --- load per expert ----------------------------------------------------------------------------
    const loadHeading = h("h3", { cls: `${P}-heading`, text: "Load per expert over the sentence" });
    const loadBox = h("div", { cls: `${P}-load` });
    const loadLine = h("p", { cls: `${P}-load-line`, attrs: { "aria-live": "polite" } });
    box.append(loadHeading, loadBox, loadLine);
    // On a narrow screen the chart is drawn taller for its width, so the 640 × 180 shape does
    // not shrink to a strip with tiny ticks (redrawn when the width crosses NARROW).
    const NARROW = 560;
    const isNarrow = () => {
      const w = loadBox.getBoundingClientRect().width;
      return w > 0 && w < NARROW;
    };
    let drawnNarrow = false;
    const drawLoad = () => {
      const nGroups = boundedInt(A().n_groups, 1, MAX_GROUPS);
      const load = list(model.get("expert_load")).slice(0, MAX_EXPERTS).map(Number);
      const n = load.length;
      const top = Math.max(1, ...load);
      const mean = Number(model.get("mean_load"));
      const ls = model.get("load_summary") || {};
      drawnNarrow = isNarrow();
      const p = plot({
        width: drawnNarrow ? 420 : 640,
        height: drawnNarrow ? 260 : 180,
        x: [0, Math.max(1, n)],
        y: [0, top],
        xTicks: Array.from({ length: nGroups + 1 }, (_, g) => (g * n) / nGroups),
        yTicks:
          top <= 6 ? Array.from({ length: top + 1 }, (_, i) => i) : [0, Math.round(top / 2), top],
        xLabel: `Routed expert (ticks mark the ${nGroups} groups)`,
        yLabel: "Tokens",
        margin: { l: 46, r: 12, t: 12, b: 38 },
      });
      bars(p, load, { width: 0.9, cls: () => `${P}-load-bar` });
      hline(p, mean, "", `r1w-ref ${P}-mean`); // labelled in the key below: no text over bars
      const nTokens = list(model.get("tokens")).length;
      const text =
        `Tokens per routed expert over the ${counted(nTokens, "token")}, ${counted(model.get("n_active_experts"), "expert")} each: ` +
        `the busiest is expert ${ls.busiest ?? "–"} with ${ls.max ?? "–"}, ${ls.idle ?? "–"} of ${n} ${verb(ls.idle, "gets", "get")} none, ` +
        `the mean is ${num(mean, 2)}.`;
      chartLabel(p.svg, text);
      clear(loadBox);
      loadBox.append(
        p.svg,
        legend([
          [`${P}-key-load`, "bars: tokens an expert receives"],
          ["r1w-ref", `dashed line: the mean, ${num(mean, 2)} tokens per expert`],
        ]),
      );
      const a = A();
      const idle = Number(ls.min_idle);
      loadLine.textContent =
        `${text} Each step lowers by γ the bias of every expert above the mean load and raises it for every ` +
        `expert below: next step, ${ls.above_mean ?? "–"} ${verb(ls.above_mean, "goes", "go")} down and ` +
        `${ls.below_mean ?? "–"} ${verb(ls.below_mean, "goes", "go")} up` +
        (mean < 1 ? " (the mean is under 1 token, so every expert used at all goes down)." : ".") +
        (idle > 0
          ? ` With ${counted(nTokens, "token")} × ${counted(model.get("n_active_experts"), "choice")} (${ls.slots ?? "–"}) for ${n} ` +
            `experts, at least ${int(idle)} ${verb(idle, "stays", "stay")} idle whatever the bias.`
          : "") +
        " With our large γ on one fixed sentence the bias soon overshoots and the choices flip back and forth " +
        `between steps; V3 uses a ${a.gamma_ratio ?? "–"}× smaller γ on a new training batch each step.`;
    };
    scope.watch(
      ["expert_load", "mean_load", "load_summary", "tokens", "n_active_experts", "architecture"],
      drawLoad,
      { frame: true },
    );
    const resized =
      typeof ResizeObserver === "function"
        ? new ResizeObserver(() => {
            if (isNarrow() !== drawnNarrow) drawLoad();
          })
        : null;
    resized?.observe(loadBox);

    // --- the parameter count --------------------------------------------------------------------------
    const total = stat("Total parameters (our count)", `${P}-total`);
    const activeStat = stat("Active per token (naive count)", `${P}-active`);
    const share = stat("Active share (active ÷ total)", `${P}-share`);
    const paperLine = h("p", { cls: `${P}-paper`, attrs: { "aria-live": "polite" } });
    const gapLine = note("", `${P}-gap`);
    const mtpLine = note("", `r1w-muted ${P}-mtp`);
    const partsBody = h("tbody");
    const partsTable = h(
      "table",
      { cls: `r1w-table ${P}-parts` },
      h("caption", {
        text: "Parameters by part, with the experts set above (all other sizes are V3's)",
      }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Part", "Each", "Copies: all / per token", "In total", "Per token"].map((t, i) =>
            h("th", { text: t, cls: i ? "" : "r1w-left", attrs: { scope: "col" } }),
          ),
        ),
      ),
      partsBody,
    );
    const configBody = h("tbody");
    const terms = note("", `r1w-muted ${P}-terms`);
    scope.watch(["architecture"], () => {
      const a = A();
      terms.textContent =
        "Terms: MLA (multi-head latent attention) compresses keys and values into a small latent vector " +
        `(${a.kv_lora_rank} values plus a ${a.qk_rope_head_dim}-value RoPE key per token), mainly so far less ` +
        "has to be cached per token during generation; its low-rank projections also need fewer weights than " +
        "ordinary attention. RMSNorm is a normalisation with one weight per hidden unit. An expert, like the " +
        "dense FFN, is a SwiGLU block of three matrices: out = W2·(SiLU(W1 x) ⊙ W3 x). RoPE (rotary position " +
        "embedding) is how attention sees word order.";
    });
    const countHeading = h("h3", { cls: `${P}-heading` });
    box.append(
      countHeading,
      h("div", { cls: "r1w-stats" }, total.el, activeStat.el, share.el),
      paperLine,
      gapLine,
      mtpLine,
      scrollArea(partsTable, "Parameters by part"),
      terms,
      h(
        "details",
        { cls: `${P}-config` },
        h("summary", { text: "DeepSeek-V3's configuration, as the count uses it (with sources)" }),
        scrollArea(
          h(
            "table",
            { cls: "r1w-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ...["Field", "Value", "Source"].map((t) =>
                  h("th", { text: t, cls: "r1w-left", attrs: { scope: "col" } }),
                ),
              ),
            ),
            configBody,
          ),
          "DeepSeek-V3 configuration",
        ),
      ),
    );
    scope.watch(
      [
        "total_parameters",
        "active_parameters",
        "sparsity",
        "published",
        "published_share",
        "parameter_parts",
        "n_routed_experts",
        "n_active_experts",
        "architecture",
      ],
      () => {
        const pub = model.get("published") || {};
        const b = (key) => (pub[key] ? `${pub[key].value}B` : "–");
        total.set(params(model.get("total_parameters")));
        activeStat.set(params(model.get("active_parameters")));
        share.set(pct(model.get("sparsity"), 2));
        const a = A();
        const v3 =
          model.get("n_routed_experts") === a.n_routed_experts &&
          model.get("n_active_experts") === a.n_activated_experts;
        // DeepSeek's figures head V3's setting only; any other setting is headed by our count
        countHeading.textContent = v3
          ? `The count: ${b("total_b")} parameters, about ${b("active_b")} per token`
          : `The count with your setting: ${params(model.get("total_parameters"))} parameters, ` +
            `${params(model.get("active_parameters"))} per token (V3's setting: ${b("total_b")}, about ${b("active_b")})`;
        paperLine.textContent =
          `DeepSeek reports ${b("total_b")} in total (${pub.total_b?.source ?? ""}) and ${b("active_b")} ` +
          `active per token (${pub.active_b?.source ?? ""}); ${pub.active_b?.value ?? "–"} ÷ ` +
          `${pub.total_b?.value ?? "–"} = ${pct(model.get("published_share"), 2)}.` +
          (v3
            ? ""
            : ` Your setting differs from V3's (${a.n_routed_experts} routed, ${a.n_activated_experts} per token), so our count does too.`);
        gapLine.textContent =
          `Why our active count with V3's setting (${params(a.v3_active)}) is above DeepSeek's: we cannot say ` +
          "exactly. We add up every weight V3's released code uses for one token: the embedding table and " +
          `output head counted whole (${params(a.embedding)} each; DeepSeek's weights README also counts both ` +
          "whole, though a token reads only one row of the embedding), all " +
          `${a.n_layers} attention blocks, the ${a.n_dense_layers} dense FFNs, and in each of the ` +
          `${a.n_moe_layers} MoE layers the router, the shared expert and the ${a.n_activated_experts} chosen ` +
          "routed experts, norm weights included. " +
          `DeepSeek gives ${b("active_b")} in the paper and ${b("readme_active_b")} in its weights README, ` +
          `which says the ${b("readme_active_b")} includes ${b("readme_embedding_b")} for the embedding and ` +
          `${b("readme_head_b")} for the head but breaks down nothing else (${pub.readme_active_b?.source ?? ""}). ` +
          `The remaining ${params(a.gap_to_readme)} (${pct(a.gap_share, 1)} of our count) is unexplained: treat ` +
          "ours as approximate and DeepSeek's as the official figure.";
        mtpLine.textContent =
          `Not in the ${b("total_b")}: the ${b("mtp_b")} multi-token prediction (MTP) module, a training aid that predicts one ` +
          `more token ahead and can be dropped at inference (${pub.mtp_b?.source ?? ""}).`;
        clear(partsBody);
        for (const r of list(model.get("parameter_parts")).slice(0, 12)) {
          partsBody.append(
            h(
              "tr",
              {},
              h("td", { cls: "r1w-left", text: String(r.part ?? "") }),
              h("td", { text: params(r.each) }),
              h("td", { text: `${int(r.copies)} / ${int(r.active_copies)}` }),
              h("td", { text: params(r.total) }),
              h("td", { text: params(r.active) }),
            ),
          );
        }
      },
    );
    scope.watch(["v3_config"], () => {
      clear(configBody);
      for (const r of list(model.get("v3_config")).slice(0, 32)) {
        configBody.append(
          h(
            "tr",
            {},
            h("td", { cls: "r1w-left", text: String(r.label ?? r.field ?? "") }),
            h("td", {
              cls: "r1w-left",
              text:
                typeof r.value === "number"
                  ? r.value.toLocaleString("en-US")
                  : String(r.value ?? ""),
            }),
            h("td", { cls: `r1w-left ${P}-source`, text: String(r.source ?? "") }),
          ),
        );
      }
    });

    const simplified = note("", "r1w-muted");
    box.append(simplified);
    scope.watch(["architecture", "published"], () => {
      const a = A();
      const spec = model.get("published")?.specialisation || {};
      simplified.textContent =
        `Simplified: one MoE layer stands for all ${a.n_moe_layers}; the toy vectors have ${a.toy_dim} ` +
        `dimensions (V3's hidden size is ${int(a.dim)}); balancing runs over this one sentence, while V3 balances ` +
        "over whole training batches; ties in a score go to the lower expert number. The seed article says " +
        "reasoning gets built into particular experts, for maths or for code, and that this helps " +
        `distillation. No DeepSeek source says that. The V3 report does show, ${spec.value ?? "–"} ` +
        `(${spec.source ?? ""}). That is a pattern in which experts get which tokens, not reasoning stored in ` +
        "an expert. Our toy experts stand for nothing.";
    });

    return () => {
      resized?.disconnect();
      scope.cleanup();
    };
  },
};
