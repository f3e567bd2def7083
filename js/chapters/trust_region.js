// Chapter 11 view: the KL penalty toward πref on the simplex of three actions.
// The kernel computes every value (objective, optimum, the shaded grid and its contour lines);
// this view maps barycentric points to the SVG and back (a scale and its inverse) and writes
// the policy the person drags or steps with the keyboard.
import { Scope, root, h, s, slider, stat, button, errorLine, note, row, clear, ladder, num, signed, newId } from "../lib/kit.js";

const ACTIONS = ["A", "B", "C"];
const W = 400;
const H = 360;
// Corners of the simplex in SVG units: A on top, B bottom left, C bottom right.
const CORNER = [
  [200, 42],
  [40, 319],
  [360, 319],
];
const STEP = 0.01; // probability moved per arrow key press
const BANDS = 8; // shades of the heat map (the kernel sends a band 0..7 per cell)
const MAX_CELLS = 4096; // the kernel's grid has 900 cells; the view never builds more than this
const list = (v) => (Array.isArray(v) ? v : []);

/** Barycentric (πA, πB, πC) → SVG point. */
function toXY(p) {
  return [
    p[0] * CORNER[0][0] + p[1] * CORNER[1][0] + p[2] * CORNER[2][0],
    p[0] * CORNER[0][1] + p[1] * CORNER[1][1] + p[2] * CORNER[2][1],
  ];
}

/** SVG point → barycentric (the inverse of toXY; may fall outside the simplex). */
function toBary(x, y) {
  const [[ax, ay], [bx, by], [cx, cy]] = CORNER;
  const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
  const a = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / det;
  const b = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / det;
  return [a, b, 1 - a - b];
}

const fixed = (v) => Number(v.toFixed(4));
/** A reward in its short form: 0.9, not 0.90. */
const short = (x) => (typeof x === "number" && Number.isFinite(x) ? String(Number(x.toFixed(2))).replace("-", "−") : "–");
const plain = (v) => String(Number(v.toPrecision(3)));
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const triple = (p, d = 3) => (Array.isArray(p) ? p.map((v) => num(v, d)).join(" · ") : "–");

/** A binary buffer from the kernel (a DataView of float32) or a plain array, as numbers. */
const floats = (v) => {
  if (v instanceof DataView) return new Float32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return v;
  return [];
};

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "trust-region", model.get("title"));
    // Published β values come from the kernel (paper.py): this view types none of them.
    const published = model.get("published_betas") || {};
    const betaLabel = (who, v) => (finite(v) && v >= 0 ? `${who}'s β = ${plain(v)}` : `${who}'s β`);
    box.append(
      note(
        "An illustrative toy with three actions: a policy is a point in the triangle, and each corner always picks one action. With E[R], the expected reward, as its only goal the policy would put all its probability on the best action; " +
          "the β·KL penalty pulls it back toward the reference πref. The kernel finds the balance point π* exactly.",
      ),
      note(
        "Terms: πθ is the policy being trained; πref, the reference policy, is a frozen copy of an earlier model, which training may renew from time to time (how often R1 did: see the note by the reference buttons). " +
          "KL(πθ‖πref), the Kullback–Leibler divergence, measures how far πθ has drifted from πref, in nats (natural-log units): 0 when they match. " +
          "β sets the price of each nat of drift.",
        "r1w-trust-region-terms",
      ),
      note(
        "A penalty, not a bound: every policy is allowed here, drifting only costs. GRPO's stand-in for a per-update trust region is a different device, " +
          "PPO's clip on the ratio πθ/πold (chapter 02), where πold is the policy that sampled the current group: past 1 ± ε it removes the gradient for moving a token's ratio further in one update, without forbidding the move.",
        "r1w-trust-region-penalty",
      ),
    );

    // ---- the simplex ---------------------------------------------------------------------------
    const svg = s("svg", { class: "r1w-plot r1w-trust-region-simplex", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "group" });
    svg.setAttribute("aria-label", "Policy simplex: shaded by the objective, with contour lines");
    const cellLayer = s("g", { class: "r1w-trust-region-cells" });
    const lineLayer = s("g", { class: "r1w-trust-region-lines" });
    const edge = s("polygon", { class: "r1w-trust-region-edge", points: CORNER.map((c) => c.join(",")).join(" ") });
    const labels = CORNER.map((c, i) =>
      s("text", {
        x: i === 0 ? c[0] : i === 1 ? 8 : W - 8,
        y: i === 0 ? c[1] - 14 : c[1] + 24,
        "text-anchor": i === 0 ? "middle" : i === 1 ? "start" : "end",
        class: "r1w-axis-label",
      }),
    );
    const refDot = s("circle", { r: 5.5, class: "r1w-trust-region-ref" });
    const optMark = s("polygon", { class: "r1w-trust-region-opt" });
    const dot = s("circle", {
      r: 8,
      class: "r1w-trust-region-dot",
      tabindex: 0,
      role: "slider",
      "aria-label": "Current policy πθ",
      "aria-roledescription": "two-way probability slider",
      "aria-valuemin": 0,
      "aria-valuemax": 1,
      "data-name": "policy",
      "data-lm-suppress-shortcuts": "true",
    });
    const keysId = newId("r1w-trust-region-keys");
    dot.setAttribute("aria-describedby", keysId);
    // The focus ring: a light halo under a dark ring (swapped in the dark palette), so it shows
    // on every shade of the heat map; drawn after the dot, shown while the dot has focus.
    const ring = s("g", { class: "r1w-trust-region-ring", "aria-hidden": "true" });
    const halo = s("circle", { r: 13, class: "r1w-trust-region-ring-halo" });
    const band = s("circle", { r: 13, class: "r1w-trust-region-ring-line" });
    ring.append(halo, band);
    svg.append(cellLayer, edge, lineLayer, ...labels, refDot, optMark, dot, ring);

    // ---- writing the policy: the first move at once, then at most once per animation frame ---------
    let pending = null;
    let frame = 0;
    let lastWrite = -Infinity;
    const flushWrite = () => {
      frame = 0;
      lastWrite = performance.now();
      if (pending) scope.write("policy", pending);
      pending = null;
    };
    const propose = (p) => {
      pending = p.map(fixed);
      if (frame) return; // the frame's write will carry the latest point
      if (performance.now() - lastWrite >= 16) flushWrite();
      else frame = requestAnimationFrame(flushWrite);
    };
    const current = () => pending || model.get("policy") || [1 / 3, 1 / 3, 1 / 3];

    let dragging = false;
    const fromPointer = (ev) => {
      const rect = svg.getBoundingClientRect();
      if (!rect.width || !rect.height) return;
      const x = Math.min(W, Math.max(0, ((ev.clientX - rect.left) / rect.width) * W));
      const y = Math.min(H, Math.max(0, ((ev.clientY - rect.top) / rect.height) * H));
      propose(toBary(x, y));
    };
    const onDown = (ev) => {
      dragging = true;
      svg.setPointerCapture?.(ev.pointerId);
      dot.focus?.();
      fromPointer(ev);
      ev.preventDefault();
    };
    const onMove = (ev) => {
      if (dragging) fromPointer(ev);
    };
    const onUp = (ev) => {
      dragging = false;
      svg.releasePointerCapture?.(ev.pointerId);
    };
    // Up/Down move mass between A and the other two (split evenly); Left/Right between B and C.
    const KEY_MOVES = {
      ArrowUp: [STEP, -STEP / 2, -STEP / 2],
      ArrowDown: [-STEP, STEP / 2, STEP / 2],
      ArrowLeft: [0, STEP, -STEP],
      ArrowRight: [0, -STEP, STEP],
    };
    const onKey = (ev) => {
      const move = KEY_MOVES[ev.key];
      if (move) {
        const p = current();
        propose(p.map((v, i) => v + move[i]));
      } else if (ev.key === "Home") {
        act("move_to_reference", () => moves)();
      } else if (ev.key === "End") {
        act("move_to_optimum", () => moves)();
      } else {
        return;
      }
      ev.preventDefault();
      ev.stopPropagation();
    };
    svg.addEventListener("pointerdown", onDown);
    svg.addEventListener("pointermove", onMove);
    svg.addEventListener("pointerup", onUp);
    svg.addEventListener("pointercancel", onUp);
    dot.addEventListener("keydown", onKey);

    // ---- read-outs and controls -------------------------------------------------------------------
    const stats = {
      policy: stat("πθ (A · B · C)", "r1w-trust-region-policy"),
      reward: stat("Expected reward E[R]", "r1w-trust-region-reward"),
      kl: stat("KL(πθ‖πref)", "r1w-trust-region-kl"),
      objective: stat("Objective E[R] − β·KL", "r1w-trust-region-objective"),
      optimum: stat("Optimum π* (A · B · C)", "r1w-trust-region-optimum"),
      optObjective: stat("Objective at π*", "r1w-trust-region-opt-objective"),
    };
    // A log ladder: 0, then even steps per decade up to 2, the kernel's published values exact
    // (the track starts at the smallest of them, or at 0.01 without any).
    const marks = Object.values(published).filter((v) => finite(v) && v >= 1e-6 && v <= 2);
    const beta = slider(scope, { name: "kl_beta", label: "KL coefficient β", values: ladder(Math.min(0.01, ...marks), 2, { zero: true, extra: marks }), format: plain });
    const betaNote = note("", "r1w-trust-region-beta-note");
    // What the last button did, or that it changed nothing ("already at πref"): one live region,
    // moved under the row of the button pressed, so the answer shows where the person looks.
    const status = h("p", { cls: "r1w-note r1w-trust-region-status", attrs: { role: "status", "aria-live": "polite" } });
    status.hidden = true;
    /** @param {string} action  @param {() => HTMLElement} where */
    const act = (action, where) => () => {
      where().after(status);
      scope.act(action);
    };
    const moves = row(
      button("Jump to optimum π*", act("move_to_optimum", () => moves), "r1w-trust-region-to-opt"),
      button("Back to πref", act("move_to_reference", () => moves), "r1w-trust-region-to-ref"),
    );
    const betas = row(
      button(betaLabel("DeepSeekMath", published.deepseekmath), act("use_deepseekmath_beta", () => betas), "r1w-trust-region-beta-dsm"),
      button(betaLabel("DeepSeek-R1", published.r1), act("use_r1_beta", () => betas), "r1w-trust-region-beta-r1"),
    );
    const side = h(
      "div",
      { cls: "r1w-col r1w-trust-region-side" },
      h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)),
      beta.el,
      betas,
      betaNote,
      moves,
      status,
    );

    // heat map legend: the kernel's band edges, lowest and highest
    const swatches = [];
    for (let k = 0; k < BANDS; k++) swatches.push(h("span", { cls: `r1w-swatch r1w-trust-region-band-${k}` }));
    const low = h("span", { cls: "r1w-mono" });
    const high = h("span", { cls: "r1w-mono" });
    const levelsText = h("span", { cls: "r1w-trust-region-levels" });
    const heatLegend = h(
      "div",
      { cls: "r1w-legend r1w-trust-region-legend" },
      h("span", { text: "objective E[R] − β·KL:" }),
      low,
      h("span", { cls: "r1w-trust-region-ramp" }, ...swatches),
      high,
      levelsText,
    );
    const markLegend = h(
      "div",
      { cls: "r1w-legend" },
      h("span", { cls: "r1w-legend-item" }, h("span", { cls: "r1w-swatch r1w-trust-region-sw-ref" }), "πref (reference, grey)"),
      h("span", { cls: "r1w-legend-item" }, h("span", { cls: "r1w-swatch r1w-trust-region-sw-opt" }), "π* (optimum, diamond)"),
      h("span", { cls: "r1w-legend-item" }, h("span", { cls: "r1w-swatch r1w-trust-region-sw-dot" }), "πθ (current policy, red: drag it)"),
    );
    const keys = note(
      "Keyboard: focus the red dot (Tab). ↑/↓ move 0.01 of probability to/from A (taken from or given to B and C equally); " +
        "←/→ move 0.01 from C to B / from B to C; Home returns to πref, End jumps to π*.",
    );
    keys.id = keysId;

    const rewards = ACTIONS.map((a, i) =>
      slider(scope, { name: "action_rewards", index: i, label: `Reward of ${a}`, min: -1, max: 1, step: 0.05 }),
    );
    const refStat = stat("πref (A · B · C)", "r1w-trust-region-refstat");
    const refNote = note("", "r1w-trust-region-ref-note");
    const refButtons = row(
      button("Make πθ the new reference", act("reference_from_policy", () => refButtons), "r1w-trust-region-ref-from-policy"),
      button("Uniform reference", act("uniform_reference", () => refButtons), "r1w-trust-region-ref-uniform"),
    );

    box.append(
      row(h("div", { cls: "r1w-trust-region-plot" }, svg, heatLegend, markLegend), side),
      keys,
      h("div", { cls: "r1w-row r1w-trust-region-inputs" }, h("div", { cls: "r1w-col" }, ...rewards.map((r) => r.el)), h("div", { cls: "r1w-col" }, refStat.el, refButtons, refNote)),
      errorLine(scope),
    );

    // ---- drawing ----------------------------------------------------------------------------------
    let cells = [];
    const drawLandscape = () => {
      const c = model.get("contours") || {};
      const bands = String(c.bands ?? ""); // one digit per cell
      cells.forEach((poly, i) => poly.setAttribute("class", `r1w-trust-region-cell r1w-trust-region-band-${bands[i] ?? 0}`));
      clear(lineLayer);
      for (const raw of c.lines || []) {
        const flat = floats(raw);
        // six numbers per segment: two end points in barycentric coordinates
        let d = "";
        for (let k = 0; k + 6 <= flat.length; k += 6) {
          const [x1, y1] = toXY(flat.slice(k, k + 3));
          const [x2, y2] = toXY(flat.slice(k + 3, k + 6));
          d += `M${x1.toFixed(1)} ${y1.toFixed(1)}L${x2.toFixed(1)} ${y2.toFixed(1)}`;
        }
        if (d) lineLayer.append(s("path", { d, class: "r1w-trust-region-contour" }));
      }
      const edges = c.band_edges || [];
      low.textContent = `low ${num(edges[0], 3)}`;
      high.textContent = `high ${num(edges[edges.length - 1], 3)}`;
      const levels = c.levels || [];
      levelsText.textContent = levels.length ? `· contour lines at ${levels.map((v) => num(v, 3)).join(", ")}` : "· flat: no contour lines";
    };
    scope.watch(["simplex_grid"], () => {
      const grid = model.get("simplex_grid") || {};
      const vertices = grid.vertices || [];
      clear(cellLayer);
      cells = list(grid.cells).slice(0, MAX_CELLS).map((tri) => {
        const pts = list(tri).slice(0, 3).map((k) => toXY(vertices[k] || [0, 0, 0]).map((v) => v.toFixed(2)).join(",")).join(" ");
        const poly = s("polygon", { points: pts, class: "r1w-trust-region-cell" });
        cellLayer.append(poly);
        return poly;
      });
      drawLandscape();
    });

    scope.watch(["contours"], () => {
      if (cells.length) drawLandscape();
    });

    scope.watch(["action_rewards"], () => {
      const r = model.get("action_rewards") || [];
      labels.forEach((t, i) => {
        t.textContent = `always ${ACTIONS[i]} (R=${short(r[i])})`;
      });
    });

    scope.watch(["reference_policy"], () => {
      const q = model.get("reference_policy") || [];
      const [x, y] = toXY(q);
      refDot.setAttribute("cx", x.toFixed(1));
      refDot.setAttribute("cy", y.toFixed(1));
      refStat.set(triple(q));
    });

    scope.watch(["optimum", "optimum_objective"], () => {
      const p = model.get("optimum") || [];
      const [x, y] = toXY(p);
      const r = 7;
      optMark.setAttribute("points", `${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`);
      stats.optimum.set(triple(p));
      stats.optObjective.set(signed(model.get("optimum_objective"), 4));
    });

    scope.watch(["policy", "expected_reward", "kl", "objective"], () => {
      const p = model.get("policy") || [];
      const [x, y] = toXY(p);
      for (const c of [dot, halo, band]) {
        c.setAttribute("cx", x.toFixed(1));
        c.setAttribute("cy", y.toFixed(1));
      }
      const text = ACTIONS.map((a, i) => `π(${a}) ${num(p[i], 2)}`).join(", ");
      dot.setAttribute("aria-valuenow", num(p[0], 2));
      dot.setAttribute("aria-valuetext", text);
      stats.policy.set(triple(p));
      stats.reward.set(num(model.get("expected_reward"), 3));
      stats.kl.set(`${num(model.get("kl"), 4)} nats`);
      stats.objective.set(signed(model.get("objective"), 4));
    });

    scope.watch(["action_status"], () => {
      const text = String(model.get("action_status") ?? "");
      status.textContent = text;
      status.hidden = !text;
    });

    scope.watch(["beta_note", "reference_note"], () => {
      betaNote.textContent = model.get("beta_note") || "";
      refNote.textContent = model.get("reference_note") || "";
    });

    return () => {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pending = null;
      svg.removeEventListener("pointerdown", onDown);
      svg.removeEventListener("pointermove", onMove);
      svg.removeEventListener("pointerup", onUp);
      svg.removeEventListener("pointercancel", onUp);
      dot.removeEventListener("keydown", onKey);
      scope.cleanup();
    };
  },
};
