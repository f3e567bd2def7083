// Chapter 11 view: the KL penalty toward πref on the simplex of three actions.
// The kernel computes every value (objective, optimum, the shaded grid and its contour lines);
// this view maps barycentric points to the SVG and back (a scale and its inverse) and writes
// the policy the person drags or steps with the keyboard.
import {
  Scope,
  root,
  h,
  s,
  slider,
  stat,
  button,
  errorLine,
  note,
  row,
  clear,
  ladder,
  num,
  signed,
  newId,
  srOnly,
} from "../lib/kit.js";

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
const BANDS = 8; // shades of the heat map (the kernel sends a base band 0..7 per cell)
const MAX_CELLS = 4096; // the kernel's grid has 2,304 cells; the view never draws more than this
const MAX_PIECES = 4096; // per contour level (the kernel sends under two hundred)
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
const short = (x) =>
  typeof x === "number" && Number.isFinite(x)
    ? String(Number(x.toFixed(2))).replace("-", "−")
    : "–";
const plain = (v) => String(Number(v.toPrecision(3)));
const finite = (v) => typeof v === "number" && Number.isFinite(v);
const triple = (p, d = 3) => (Array.isArray(p) ? p.map((v) => num(v, d)).join(" · ") : "–");

/** A binary buffer from the kernel (a DataView of little-endian uint16) or a plain array, as numbers. */
const uints = (v) => {
  if (v instanceof DataView)
    return new Uint16Array(v.buffer.slice(v.byteOffset, v.byteOffset + (v.byteLength & ~1)));
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return v;
  return [];
};
/** The kernel's packed (πA, πB) pair, scaled by `scale`, as an SVG point "x y" (πC = 1 − πA − πB). */
const packedXY = (a, b, scale) => {
  const pa = (Number(a) || 0) / scale;
  const pb = (Number(b) || 0) / scale;
  const [x, y] = toXY([pa, pb, 1 - pa - pb]);
  return `${x.toFixed(1)} ${y.toFixed(1)}`;
};
const scaleOf = (v) => (finite(v) && v > 0 ? v : 1);

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
    const svg = s("svg", {
      class: "r1w-plot r1w-trust-region-simplex",
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: "group",
    });
    svg.setAttribute("aria-label", "Policy simplex: shaded by the objective, with contour lines");
    // The simplex holds a control (the dot), so it is a named group, not an image (whose inside
    // a screen reader skips); what it shows is said in words beside it, hidden on screen.
    const described = srOnly("", "p");
    described.id = newId("r1w-trust-region-said");
    svg.setAttribute("aria-describedby", described.id);
    // The heat map: one path per band, painted in order. A band holds its whole cells and, for
    // the contour level below it, the part of each crossed cell above that level, so each band
    // lies over the last and meets it exactly along a contour line.
    const cellLayer = s("g", { class: "r1w-trust-region-cells" });
    const fills = Array.from({ length: BANDS }, (_, k) =>
      s("path", { class: `r1w-trust-region-fill r1w-trust-region-band-${k}` }),
    );
    cellLayer.append(...fills);
    const lineLayer = s("g", { class: "r1w-trust-region-lines" });
    const edge = s("polygon", {
      class: "r1w-trust-region-edge",
      points: CORNER.map((c) => c.join(",")).join(" "),
    });
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
    // on every shade of the heat map; drawn after the dot, shown while the dot has keyboard
    // focus. A click focuses the dot too (so the arrow keys work next), but marks it as
    // pointer-focused: no ring until a key is pressed or focus leaves.
    const ring = s("g", {
      class: "r1w-trust-region-ring",
      "aria-hidden": "true",
      "data-r1w-focus-ring": "",
    });
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
      dot.classList.add("r1w-trust-region-pointer");
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
    const onBlur = () => dot.classList.remove("r1w-trust-region-pointer");
    const onKey = (ev) => {
      dot.classList.remove("r1w-trust-region-pointer"); // a key: show where focus is
      const move = KEY_MOVES[ev.key];
      if (move) {
        const p = current();
        propose(p.map((v, i) => v + move[i]));
      } else if (ev.key === "Home") {
        act("move_to_reference", statusSide)();
      } else if (ev.key === "End") {
        act("move_to_optimum", statusSide)();
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
    dot.addEventListener("blur", onBlur);

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
    const beta = slider(scope, {
      name: "kl_beta",
      label: "KL coefficient β",
      values: ladder(Math.min(0.01, ...marks), 2, { zero: true, extra: marks }),
      format: plain,
    });
    const betaNote = note("", "r1w-trust-region-beta-note");
    // What the last button did, or that it changed nothing ("already at πref"), shown near the
    // buttons pressed: one slot at the foot of the side column, one under the reference
    // buttons. Each slot keeps its room while empty, so a message moves nothing on the page.
    const statusSlot = (where) =>
      h("p", {
        cls: `r1w-note r1w-trust-region-status r1w-trust-region-status-${where}`,
        attrs: { role: "status", "aria-live": "polite" },
      });
    const statusSide = statusSlot("side");
    const statusRef = statusSlot("ref");
    let statusAt = statusSide;
    /** @param {string} action  @param {HTMLElement} slot  where its answer shows */
    const act = (action, slot) => () => {
      statusAt = slot;
      scope.act(action);
    };
    const moves = row(
      button("Jump to optimum π*", act("move_to_optimum", statusSide), "r1w-trust-region-to-opt"),
      button("Back to πref", act("move_to_reference", statusSide), "r1w-trust-region-to-ref"),
    );
    const betas = row(
      button(
        betaLabel("DeepSeekMath", published.deepseekmath),
        act("use_deepseekmath_beta", statusSide),
        "r1w-trust-region-beta-dsm",
      ),
      button(
        betaLabel("DeepSeek-R1", published.r1),
        act("use_r1_beta", statusSide),
        "r1w-trust-region-beta-r1",
      ),
    );
    const side = h(
      "div",
      { cls: "r1w-col r1w-trust-region-side" },
      h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)),
      beta.el,
      betas,
      betaNote,
      moves,
      statusSide,
    );

    // heat map legend: the kernel's band edges, lowest and highest
    const swatches = [];
    for (let k = 0; k < BANDS; k++)
      swatches.push(h("span", { cls: `r1w-swatch r1w-trust-region-band-${k}` }));
    const low = h("span", { cls: "r1w-mono" });
    const high = h("span", { cls: "r1w-mono" });
    const levelsText = h("span", { cls: "r1w-trust-region-levels" });
    const heatLegend = h(
      "div",
      { cls: "r1w-legend r1w-trust-region-legend" },
      h("span", { text: "objective E[R] − β·KL:" }),
      // the ramp and its two ends wrap as one unit: "high" never lands away from its end
      h(
        "span",
        { cls: "r1w-trust-region-scale" },
        low,
        h("span", { cls: "r1w-trust-region-ramp" }, ...swatches),
        high,
      ),
      levelsText,
    );
    const markLegend = h(
      "div",
      { cls: "r1w-legend" },
      h(
        "span",
        { cls: "r1w-legend-item" },
        h("span", { cls: "r1w-swatch r1w-trust-region-sw-ref" }),
        "πref (reference, grey)",
      ),
      h(
        "span",
        { cls: "r1w-legend-item" },
        h("span", { cls: "r1w-swatch r1w-trust-region-sw-opt" }),
        "π* (optimum, diamond)",
      ),
      h(
        "span",
        { cls: "r1w-legend-item" },
        h("span", { cls: "r1w-swatch r1w-trust-region-sw-dot" }),
        "πθ (current policy, red: drag it)",
      ),
    );
    const keys = note(
      "Keyboard: focus the red dot (Tab). ↑/↓ move 0.01 of probability to/from A (taken from or given to B and C equally); " +
        "←/→ move 0.01 from C to B / from B to C; Home returns to πref, End jumps to π*.",
    );
    keys.id = keysId;

    const rewards = ACTIONS.map((a, i) =>
      slider(scope, {
        name: "action_rewards",
        index: i,
        label: `Reward of ${a}`,
        min: -1,
        max: 1,
        step: 0.05,
      }),
    );
    const refStat = stat("πref (A · B · C)", "r1w-trust-region-refstat");
    const refNote = note("", "r1w-trust-region-ref-note");
    const refButtons = row(
      button(
        "Make πθ the new reference",
        act("reference_from_policy", statusRef),
        "r1w-trust-region-ref-from-policy",
      ),
      button(
        "Uniform reference",
        act("uniform_reference", statusRef),
        "r1w-trust-region-ref-uniform",
      ),
    );

    box.append(
      h(
        "div",
        { cls: "r1w-row r1w-trust-region-main" },
        h("div", { cls: "r1w-trust-region-plot" }, svg, described, heatLegend, markLegend),
        side,
      ),
      keys,
      h(
        "div",
        { cls: "r1w-row r1w-trust-region-inputs" },
        h("div", { cls: "r1w-col" }, ...rewards.map((r) => r.el)),
        h("div", { cls: "r1w-col" }, refStat.el, refButtons, refNote, statusRef),
      ),
      errorLine(scope),
    );

    // ---- drawing ----------------------------------------------------------------------------------
    /** Each grid cell as a path piece "Mx yLx yLx yZ", built once from the kernel's grid. */
    let cellPaths = [];
    const drawLandscape = () => {
      const c = model.get("contours") || {};
      const bands = String(c.bands ?? ""); // one digit per cell: its base band
      const parts = Array.from({ length: BANDS }, () => []);
      cellPaths.forEach((d, i) => {
        const k = Number(bands[i]);
        parts[Number.isInteger(k) && k >= 0 && k < BANDS ? k : 0].push(d);
      });
      clear(lineLayer);
      const scale = scaleOf(c.scale);
      // Level j's pieces: eight numbers each, four (πA, πB) points; the first two are the
      // contour segment. They are painted in band j + 1, over the cell's base band.
      list(c.pieces)
        .slice(0, BANDS - 1)
        .forEach((raw, j) => {
          const q = uints(raw);
          const n = Math.min(MAX_PIECES, Math.floor(q.length / 8));
          let fill = "";
          let contour = "";
          for (let k = 0; k < n; k++) {
            const o = 8 * k;
            const [p1, p2, p3, p4] = [0, 2, 4, 6].map((i) =>
              packedXY(q[o + i], q[o + i + 1], scale),
            );
            fill += `M${p1}L${p2}L${p3}L${p4}Z`;
            contour += `M${p1}L${p2}`;
          }
          parts[j + 1].push(fill);
          if (contour)
            lineLayer.append(s("path", { d: contour, class: "r1w-trust-region-contour" }));
        });
      fills.forEach((f, k) => {
        f.setAttribute("d", parts[k].join(""));
      });
      const edges = c.band_edges || [];
      low.textContent = `low ${num(edges[0], 3)}`;
      high.textContent = `high ${num(edges[edges.length - 1], 3)}`;
      const levels = c.levels || [];
      levelsText.textContent = levels.length
        ? `· contour lines (the band edges) at ${levels.map((v) => num(v, 3)).join(", ")}`
        : "· flat: no contour lines";
    };
    scope.watch(["simplex_grid"], () => {
      const grid = model.get("simplex_grid") || {};
      const scale = scaleOf(grid.scale);
      const ab = uints(grid.vertices);
      const tri = uints(grid.cells);
      const nVertices = Math.floor(ab.length / 2);
      const at = [];
      for (let k = 0; k < nVertices; k++) at.push(packedXY(ab[2 * k], ab[2 * k + 1], scale));
      const point = (k) => at[k] ?? packedXY(0, 0, scale);
      cellPaths = [];
      const nCells = Math.min(MAX_CELLS, Math.floor(tri.length / 3));
      for (let i = 0; i < nCells; i++)
        cellPaths.push(`M${point(tri[3 * i])}L${point(tri[3 * i + 1])}L${point(tri[3 * i + 2])}Z`);
      drawLandscape();
    });

    scope.watch(["contours"], drawLandscape);

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

    // The simplex in words: where the policy, the reference and the optimum are, at which β.
    scope.watch(
      [
        "policy",
        "reference_policy",
        "optimum",
        "optimum_objective",
        "kl_beta",
        "kl",
        "expected_reward",
        "action_rewards",
      ],
      () => {
        const probs = (p) => ACTIONS.map((a, i) => `${a} ${num(list(p)[i], 2)}`).join(", ");
        const r = list(model.get("action_rewards"));
        const beta = model.get("kl_beta");
        described.textContent =
          `The current policy πθ puts probability ${probs(model.get("policy"))} on the actions ` +
          `(expected reward ${num(model.get("expected_reward"), 3)}, KL from πref ${num(model.get("kl"), 4)} nats). ` +
          `The reference πref: ${probs(model.get("reference_policy"))}. ` +
          `At β = ${finite(beta) ? plain(beta) : "–"}, the optimum π* is ${probs(model.get("optimum"))}, ` +
          `objective ${signed(model.get("optimum_objective"), 4)}. ` +
          `Rewards: ${ACTIONS.map((a, i) => `${a} ${short(r[i])}`).join(", ")}.`;
      },
    );

    scope.watch(["action_status"], () => {
      const text = String(model.get("action_status") ?? "");
      for (const slot of [statusSide, statusRef]) {
        const mine = slot === statusAt ? text : "";
        slot.textContent = mine;
        slot.classList.toggle("r1w-trust-region-said", Boolean(mine));
      }
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
      dot.removeEventListener("blur", onBlur);
      scope.cleanup();
    };
  },
};
