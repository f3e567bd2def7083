// Chapter 08 view: the twelve components as native buttons on a map, arrows for what is built
// from what, and text lists of the selected component's upstream and downstream. The kernel
// holds the graph and computes both (transitive) sets; this view draws them and sends `selected`.
import {
  Scope,
  root,
  h,
  s,
  note,
  errorLine,
  clear,
  boundedInt,
  scrollArea,
  newId,
} from "../lib/kit.js";

const P = "r1w-system-map";
const MAX_NODES = 16; // never build more buttons than this from the model
const MAX_EDGES = 40;
const MAX_FACTS = 8;
const HEADINGS = ["Inputs", "Process", "Outputs"];
const GROUP_WORD = { input: "input", process: "process", output: "output" };
const MARK = { selected: "● selected", upstream: "▲ upstream", downstream: "▼ downstream" };
const WIDE = 640; // the map's full width in CSS pixels
const NARROWEST = 350; // below this the compact map scrolls sideways too

/**
 * The map's geometry for a scroll area `width` CSS pixels wide: three columns (inputs, process,
 * outputs) of four rows. The full map when it fits (or when the width is not known yet, 0);
 * else a compact map as wide as the area (not under NARROWEST), with smaller boxes and type.
 */
export function geometry(width) {
  const compact = width > 0 && width < WIDE + 2;
  const w = compact ? Math.max(NARROWEST, Math.floor(width) - 2) : WIDE;
  const left = compact ? 12 : 16; // the left lane, for the arrow that runs back to the inputs
  const gap = compact ? 24 : 44;
  const boxW = Math.floor((w - left - 2 * gap - (compact ? 2 : 8)) / 3);
  const boxH = compact ? 68 : 52;
  const top = compact ? 40 : 44;
  const step = compact ? 82 : 78;
  return {
    compact,
    w,
    h: top + 3 * step + boxH + 12,
    colX: [0, 1, 2].map((i) => left + i * (boxW + gap)),
    boxW,
    boxH,
    rowY: (r) => top + r * step,
    laneY: top - 12, // the lane above the boxes that a backward arrow follows
    laneX: compact ? 5 : 6, // and the lane left of the inputs
  };
}

/** Where a node sits on the map (clamped: never outside the drawing). */
function place(node, g) {
  const col = boundedInt(node.column, 0, 2);
  const row = boundedInt(node.row, 0, 3);
  return { x: g.colX[col], y: g.rowY(row), col, row };
}

/**
 * Where a key moves focus on the drawn grid: ArrowUp/ArrowDown to the nearest node above or
 * below in the same column, ArrowLeft/ArrowRight to the nearest column that way and in it the
 * node nearest by row (the upper one on a tie), Home/End to the first/last node. No wrap-around:
 * at an edge the focus stays. Returns the id to focus, or null for a key that moves nothing.
 * @param {{id: string, col: number, row: number}[]} cells  in map order
 */
export function neighbour(cells, from, key) {
  const here = cells.find((c) => c.id === from);
  if (!here || !cells.length) return null;
  if (key === "Home") return cells[0].id;
  if (key === "End") return cells[cells.length - 1].id;
  const dRow = { ArrowUp: -1, ArrowDown: 1 }[key];
  const dCol = { ArrowLeft: -1, ArrowRight: 1 }[key];
  const nearest = (list, by) =>
    list.reduce((best, c) => (best === null || by(c) < by(best) ? c : best), null);
  if (dRow) {
    const next = nearest(
      cells.filter((c) => c.col === here.col && (c.row - here.row) * dRow > 0),
      (c) => Math.abs(c.row - here.row),
    );
    return next ? next.id : from;
  }
  if (dCol) {
    const side = cells.filter((c) => (c.col - here.col) * dCol > 0);
    const col = nearest(side, (c) => Math.abs(c.col - here.col))?.col;
    const next = nearest(
      side.filter((c) => c.col === col),
      (c) => Math.abs(c.row - here.row) * 8 + c.row, // nearest row; the upper one on a tie
    );
    return next ? next.id : from;
  }
  return null;
}

/** The SVG path of one arrow from box a to box b; dy spreads arrows that share a side. */
function arrowPath(a, b, dyOut, dyIn, g) {
  const { boxW, boxH } = g;
  if (a.col === b.col) {
    const x = a.x + boxW / 2;
    if (Math.abs(a.row - b.row) === 1) {
      const down = b.row > a.row;
      return `M${x},${down ? a.y + boxH : a.y} L${x},${down ? b.y - 2 : b.y + boxH + 2}`;
    }
    const x1 = a.x + boxW;
    const bend = Math.min(28, (g.colX[1] - g.colX[0] - boxW) * 0.6);
    return `M${x1},${a.y + boxH / 2} C${x1 + bend},${a.y + boxH / 2} ${x1 + bend},${b.y + boxH / 2} ${x1 + 2},${b.y + boxH / 2}`;
  }
  if (a.col < b.col) {
    const x1 = a.x + boxW;
    const y1 = a.y + boxH / 2 + dyOut;
    const x2 = b.x - 2;
    const y2 = b.y + boxH / 2 + dyIn;
    const m = (x2 - x1) / 2;
    return `M${x1},${y1} C${x1 + m},${y1} ${x2 - m},${y2} ${x2},${y2}`;
  }
  // backward (an output that feeds an input): up to the top lane, left, down the left lane
  const x1 = a.x + boxW / 2;
  const y2 = b.y + boxH / 2 + dyIn;
  return `M${x1},${a.y} L${x1},${g.laneY} L${g.laneX},${g.laneY} L${g.laneX},${y2} L${b.x - 2},${y2}`;
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "system-map", model.get("title"));
    box.append(
      note(
        "The DeepSeek-R1 system as twelve components: inputs (a base model and data), processes (training " +
          "and filtering steps) and outputs (models and a dataset). An arrow points from a component to what is " +
          "built using it. Choose a component with a click, or by keyboard: Tab to the map, the arrow keys move " +
          "along its rows and columns, Enter or Space chooses. The kernel follows the arrows both ways, as far as " +
          "they go, and marks everything it is built from (upstream) and everything built from it (downstream).",
      ),
      note(
        "A simplification: the real pipeline runs some processes more than once (three SFT passes, three RL runs " +
          "with GRPO) but the map has one box for each, and its arrows say what each component is built from, not " +
          "the order of every step. So no arrow runs from the SFT pass to the GRPO loop, although stage 2's RL starts " +
          "from the stage-1 fine-tune: with one box per process that arrow would close a loop. Each arrow's reason " +
          "and its section of the paper are listed under the map.",
        "r1w-muted",
      ),
    );

    const canvas = h("div", { cls: `${P}-canvas` });
    const svg = s("svg", { class: `${P}-edges`, role: "img" });
    const markers = {};
    const defs = s("defs");
    for (const kind of ["plain", "up", "down"]) {
      markers[kind] = newId(`${P}-arrow`);
      const m = s("marker", {
        id: markers[kind],
        viewBox: "0 0 8 8",
        refX: "7",
        refY: "4",
        markerWidth: "8",
        markerHeight: "8",
        markerUnits: "userSpaceOnUse",
        orient: "auto",
      });
      m.append(s("path", { d: "M0,0 L8,4 L0,8 z", class: `${P}-head ${P}-head-${kind}` }));
      defs.append(m);
    }
    svg.append(defs);
    const edgeLayer = s("g");
    svg.append(edgeLayer);
    canvas.append(svg);
    const headings = HEADINGS.map((text) =>
      h("div", { cls: `${P}-heading`, text, attrs: { "aria-hidden": "true" } }),
    );
    canvas.append(...headings);
    const group = h("div", {
      cls: `${P}-nodes`,
      attrs: {
        role: "group",
        "aria-label":
          "Components of the system: arrow keys move between them, Enter or Space chooses",
      },
    });
    canvas.append(group);
    const hint = h("p", {
      cls: `r1w-note ${P}-hint`,
      text: "The map is wider than this screen: scroll it sideways for the outputs (or move there with the arrow keys).",
      attrs: { hidden: "" },
    });
    const region = scrollArea(
      canvas,
      "Map of the twelve components (scrolls sideways on a narrow screen)",
    );
    box.append(hint, region);

    const legend = h(
      "ul",
      { cls: `${P}-legend` },
      h("li", {
        cls: `${P}-key ${P}-selected`,
        text: `${MARK.selected}: the component you chose (thick outline)`,
      }),
      h("li", {
        cls: `${P}-key ${P}-upstream`,
        text: `${MARK.upstream}: what it is built from, directly or through others (dashed outline)`,
      }),
      h("li", {
        cls: `${P}-key ${P}-downstream`,
        text: `${MARK.downstream}: what is built from it, directly or through others (dotted outline)`,
      }),
    );
    box.append(legend);

    const chosen = h("div", { cls: `${P}-chosen`, attrs: { "aria-live": "polite" } });
    const upText = h("p", { cls: `${P}-up-list` });
    const downText = h("p", { cls: `${P}-down-list` });
    const summary = h("p", { cls: `${P}-summary` });
    const facts = h("ul", { cls: `${P}-facts` });
    const name = h("h3", { cls: `${P}-details-name` });
    chosen.append(name, summary, upText, downText);
    box.append(
      chosen,
      h("div", { cls: "r1w-label", text: "From the paper (each line with its source)" }),
      facts,
    );

    const edgeList = h("ul", { cls: `${P}-edge-list` });
    const all = h(
      "details",
      { cls: `${P}-all` },
      h("summary", { text: "Every arrow, with its reason and source" }),
      edgeList,
    );
    box.append(all, errorLine(scope));

    /** @type {Map<string, {button: HTMLButtonElement, mark: HTMLElement, node: any}>} */
    const buttons = new Map();
    const nameOf = (id) => buttons.get(id)?.node.name ?? String(id);
    let g = geometry(0); // the full map until the scroll area has a width
    const cells = () => [...buttons].map(([id, { node }]) => ({ id, ...place(node, g) }));

    // One Tab stop for the whole map (a roving tabindex): the current button has tabindex 0,
    // the others -1; the arrow keys move the current button, Enter and Space choose it.
    let current = "";
    const rove = (id) => {
      current = buttons.has(id) ? id : (buttons.keys().next().value ?? "");
      for (const [k, { button }] of buttons) button.tabIndex = k === current ? 0 : -1;
    };

    /** Put the boxes, headings and drawing where the current geometry says. */
    const layout = () => {
      canvas.classList.toggle(`${P}-compact`, g.compact);
      canvas.style.width = `${g.w}px`;
      canvas.style.height = `${g.h}px`;
      svg.setAttribute("viewBox", `0 0 ${g.w} ${g.h}`);
      svg.setAttribute("width", String(g.w));
      svg.setAttribute("height", String(g.h));
      headings.forEach((hd, i) => {
        hd.style.left = `${g.colX[i]}px`;
        hd.style.width = `${g.boxW}px`;
      });
      for (const { button, node } of buttons.values()) {
        const at = place(node, g);
        Object.assign(button.style, {
          left: `${at.x}px`,
          top: `${at.y}px`,
          width: `${g.boxW}px`,
          height: `${g.boxH}px`,
        });
      }
    };

    scope.watch(["nodes"], () => {
      clear(group);
      buttons.clear();
      const nodes = (model.get("nodes") || []).slice(0, MAX_NODES);
      for (const node of nodes) {
        const id = String(node.id);
        const mark = h("span", { cls: `${P}-mark` });
        const b = h(
          "button",
          {
            cls: `${P}-node ${P}-${node.group === "input" || node.group === "output" ? node.group : "process"}`,
            attrs: {
              type: "button",
              "data-name": "selected",
              "data-node": id,
              "data-lm-suppress-shortcuts": "true",
            },
          },
          h("span", { cls: `${P}-node-name`, text: String(node.name ?? id) }),
          h(
            "span",
            { cls: `${P}-node-line` },
            h("span", { cls: `${P}-group`, text: GROUP_WORD[node.group] ?? "" }),
            mark,
          ),
        );
        b.addEventListener("click", () => scope.write("selected", id));
        b.addEventListener("focus", () => rove(id));
        b.addEventListener("keydown", (ev) => {
          if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
          const next = neighbour(cells(), id, ev.key);
          if (next === null) return;
          ev.preventDefault();
          rove(next);
          buttons.get(next)?.button.focus();
        });
        buttons.set(id, { button: b, mark, node });
        group.append(b);
      }
      layout();
      rove(String(model.get("selected") ?? ""));
    });

    const drawEdges = (up, down, sel) => {
      clear(edgeLayer);
      clear(edgeList);
      const edges = (model.get("edges") || [])
        .slice(0, MAX_EDGES)
        .filter((e) => buttons.has(e.source) && buttons.has(e.target));
      const pos = (id) => place(buttons.get(id).node, g);
      // arrows that leave or enter the same side of a box are spread a few pixels apart
      const offset = (list, e) =>
        list.includes(e) ? (list.indexOf(e) - (list.length - 1) / 2) * (g.compact ? 8 : 9) : 0;
      for (const e of edges) {
        const a = pos(e.source);
        const b = pos(e.target);
        const outs = edges
          .filter((f) => f.source === e.source && pos(f.target).col > a.col)
          .sort((f, k) => pos(f.target).y - pos(k.target).y);
        const ins = edges
          .filter((f) => f.target === e.target && pos(f.source).col !== b.col)
          .sort((f, k) => pos(f.source).y - pos(k.source).y);
        const kind =
          up.has(e.source) && (up.has(e.target) || e.target === sel)
            ? "up"
            : (e.source === sel || down.has(e.source)) && down.has(e.target)
              ? "down"
              : "plain";
        edgeLayer.append(
          s("path", {
            d: arrowPath(a, b, offset(outs, e), offset(ins, e), g),
            class: `${P}-edge ${P}-edge-${kind}`,
            "marker-end": `url(#${markers[kind]})`,
            fill: "none",
          }),
        );
        edgeList.append(
          h("li", {
            text: `${nameOf(e.source)} → ${nameOf(e.target)}: ${e.why ?? ""} (${e.cite ?? ""})`,
          }),
        );
      }
      svg.setAttribute(
        "aria-label",
        `Map of ${buttons.size} components and ${edges.length} arrows; an arrow points from a component to what is built using it. ` +
          "The selected component's upstream and downstream are listed in words below the map.",
      );
    };

    const redraw = () => {
      const sel = String(model.get("selected") ?? "");
      const up = new Set((model.get("upstream") || []).map(String));
      const down = new Set((model.get("downstream") || []).map(String));
      drawEdges(up, down, sel);
    };

    scope.watch(["selected", "upstream", "downstream", "details", "edges", "nodes"], () => {
      const sel = String(model.get("selected") ?? "");
      const up = new Set((model.get("upstream") || []).map(String));
      const down = new Set((model.get("downstream") || []).map(String));
      for (const [id, { button, mark }] of buttons) {
        const state =
          id === sel ? "selected" : up.has(id) ? "upstream" : down.has(id) ? "downstream" : "";
        for (const k of ["selected", "upstream", "downstream"])
          button.classList.toggle(`${P}-${k}`, state === k);
        button.setAttribute("aria-pressed", String(state === "selected"));
        mark.textContent = state ? MARK[state] : "";
      }
      // the map's Tab stop follows the selection, unless a person is moving inside the map
      if (!group.contains(document.activeElement)) rove(sel);
      redraw();
      const d = model.get("details") || {};
      const names = (set) => [...buttons.keys()].filter((id) => set.has(id)).map(nameOf);
      const ups = names(up);
      const downs = names(down);
      name.textContent = `${d.name ?? ""} (${d.group ?? ""})`;
      summary.textContent = String(d.summary ?? "");
      upText.textContent = `${MARK.upstream}, what it is built from (${ups.length}): ${ups.length ? ups.join(", ") : "nothing: it is a starting point"}.`;
      downText.textContent = `${MARK.downstream}, what is built from it (${downs.length}): ${downs.length ? downs.join(", ") : "nothing: it is an end point"}.`;
      clear(facts);
      for (const f of (Array.isArray(d.facts) ? d.facts : []).slice(0, MAX_FACTS)) {
        facts.append(
          h(
            "li",
            {},
            `${f.text ?? ""} `,
            h("span", { cls: `${P}-source`, text: `(${f.source ?? ""})` }),
          ),
        );
      }
    });

    // Fit the map to its scroll area: the full map when it fits, else the compact one. The first
    // time the area has a width, scroll it (only it, never the page) to the selected component.
    let scrolled = false;
    const fit = () => {
      const width = region.clientWidth;
      if (!width) return;
      const next = geometry(width);
      if (next.w !== g.w || next.compact !== g.compact) {
        g = next;
        layout();
        redraw();
      }
      const more = region.scrollWidth - region.clientWidth;
      hint.hidden = more <= 1;
      const sel = buttons.get(String(model.get("selected") ?? ""));
      if (!scrolled && sel) {
        scrolled = true;
        const at = place(sel.node, g);
        const x = at.x + g.boxW / 2 - region.clientWidth / 2;
        region.scrollLeft = Math.max(0, Math.min(more, Math.round(x)));
      }
    };
    const observer = typeof ResizeObserver === "function" ? new ResizeObserver(fit) : null;
    observer?.observe(region);
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(fit);

    return () => {
      observer?.disconnect();
      scope.cleanup();
    };
  },
};
