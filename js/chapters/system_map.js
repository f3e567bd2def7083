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
// The map's geometry, in CSS pixels: three columns (inputs, process, outputs) of four rows.
const W = 640;
const COL_X = [16, 236, 456];
const BOX_W = 176;
const BOX_H = 52;
const ROW_Y = (r) => 44 + r * 78;
const H = ROW_Y(3) + BOX_H + 12;
const LANE_Y = 32; // the lane above the boxes that a backward arrow follows
const LANE_X = 6; // and the lane left of the inputs
const HEADINGS = ["Inputs", "Process", "Outputs"];
const GROUP_WORD = { input: "input", process: "process", output: "output" };
const MARK = { selected: "● selected", upstream: "▲ upstream", downstream: "▼ downstream" };

/** Where a node sits on the map (clamped: never outside the drawing). */
function place(node) {
  const col = boundedInt(node.column, 0, 2);
  const row = boundedInt(node.row, 0, 3);
  return { x: COL_X[col], y: ROW_Y(row), col, row };
}

/** The SVG path of one arrow from box a to box b; dy spreads arrows that share a side. */
function arrowPath(a, b, dyOut, dyIn) {
  if (a.col === b.col) {
    const x = a.x + BOX_W / 2;
    if (Math.abs(a.row - b.row) === 1) {
      const down = b.row > a.row;
      return `M${x},${down ? a.y + BOX_H : a.y} L${x},${down ? b.y - 2 : b.y + BOX_H + 2}`;
    }
    const x1 = a.x + BOX_W;
    return `M${x1},${a.y + BOX_H / 2} C${x1 + 28},${a.y + BOX_H / 2} ${x1 + 28},${b.y + BOX_H / 2} ${x1 + 2},${b.y + BOX_H / 2}`;
  }
  if (a.col < b.col) {
    const x1 = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2 + dyOut;
    const x2 = b.x - 2;
    const y2 = b.y + BOX_H / 2 + dyIn;
    const m = (x2 - x1) / 2;
    return `M${x1},${y1} C${x1 + m},${y1} ${x2 - m},${y2} ${x2},${y2}`;
  }
  // backward (an output that feeds an input): up to the top lane, left, down the left lane
  const x1 = a.x + BOX_W / 2;
  const y2 = b.y + BOX_H / 2 + dyIn;
  return `M${x1},${a.y} L${x1},${LANE_Y} L${LANE_X},${LANE_Y} L${LANE_X},${y2} L${b.x - 2},${y2}`;
}

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "system-map", model.get("title"));
    box.append(
      note(
        "The DeepSeek-R1 system as twelve components: inputs (a base model and data), processes (training " +
          "and filtering steps) and outputs (models and a dataset). An arrow points from a component to what is " +
          "built using it. Choose a component, with a click or with Tab and Enter (arrow keys move between " +
          "components): the kernel follows the arrows both ways, as far as they go, and marks everything it is " +
          "built from (upstream) and everything built from it (downstream).",
      ),
      note(
        "A simplification: the real pipeline runs some processes more than once (three SFT passes, three RL runs " +
          "with GRPO) but the map has one box for each, and its arrows say what each component is built from, not " +
          "the order of every step. Each arrow's reason and its section of the paper are listed under the map.",
        "r1w-muted",
      ),
    );

    const canvas = h("div", { cls: `${P}-canvas`, attrs: { style: `width:${W}px;height:${H}px` } });
    const svg = s("svg", {
      class: `${P}-edges`,
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: "img",
    });
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
    for (let i = 0; i < 3; i += 1) {
      canvas.append(
        h("div", {
          cls: `${P}-heading`,
          text: HEADINGS[i],
          attrs: { style: `left:${COL_X[i]}px;width:${BOX_W}px`, "aria-hidden": "true" },
        }),
      );
    }
    const group = h("div", {
      cls: `${P}-nodes`,
      attrs: { role: "group", "aria-label": "Components of the system: choose one" },
    });
    canvas.append(group);
    box.append(
      scrollArea(canvas, "Map of the twelve components (scrolls sideways on a narrow screen)"),
    );

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

    const move = (from, step) => {
      const ids = [...buttons.keys()];
      const i = ids.indexOf(from);
      const j =
        step === "home"
          ? 0
          : step === "end"
            ? ids.length - 1
            : (i + step + ids.length) % ids.length;
      buttons.get(ids[j])?.button.focus();
    };

    scope.watch(["nodes"], () => {
      clear(group);
      buttons.clear();
      const nodes = (model.get("nodes") || []).slice(0, MAX_NODES);
      for (const node of nodes) {
        const id = String(node.id);
        const at = place(node);
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
              style: `left:${at.x}px;top:${at.y}px;width:${BOX_W}px;height:${BOX_H}px`,
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
        b.addEventListener("keydown", (ev) => {
          const step = {
            ArrowDown: 1,
            ArrowRight: 1,
            ArrowUp: -1,
            ArrowLeft: -1,
            Home: "home",
            End: "end",
          }[ev.key];
          if (step === undefined) return;
          ev.preventDefault();
          move(id, step);
        });
        buttons.set(id, { button: b, mark, node });
        group.append(b);
      }
    });

    const drawEdges = (up, down, sel) => {
      clear(edgeLayer);
      clear(edgeList);
      const edges = (model.get("edges") || [])
        .slice(0, MAX_EDGES)
        .filter((e) => buttons.has(e.source) && buttons.has(e.target));
      const pos = (id) => place(buttons.get(id).node);
      // arrows that leave or enter the same side of a box are spread a few pixels apart
      const offset = (list, e) =>
        list.includes(e) ? (list.indexOf(e) - (list.length - 1) / 2) * 9 : 0;
      for (const e of edges) {
        const a = pos(e.source);
        const b = pos(e.target);
        const outs = edges
          .filter((f) => f.source === e.source && pos(f.target).col > a.col)
          .sort((f, g) => pos(f.target).y - pos(g.target).y);
        const ins = edges
          .filter((f) => f.target === e.target && pos(f.source).col !== b.col)
          .sort((f, g) => pos(f.source).y - pos(g.source).y);
        const dyOut = offset(outs, e);
        const dyIn = offset(ins, e);
        const kind =
          up.has(e.source) && (up.has(e.target) || e.target === sel)
            ? "up"
            : (e.source === sel || down.has(e.source)) && down.has(e.target)
              ? "down"
              : "plain";
        edgeLayer.append(
          s("path", {
            d: arrowPath(a, b, dyOut, dyIn),
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
      drawEdges(up, down, sel);
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

    return () => scope.cleanup();
  },
};
