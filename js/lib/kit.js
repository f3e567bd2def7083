// The r1widgets view kit: DOM and control helpers, SVG plotting, number formats.
// Every chapter view imports from here; esbuild inlines what it uses into the chapter bundle.
// Views do no math: they draw what the model holds and write inputs back.

export const SVG_NS = "http://www.w3.org/2000/svg";

/** @typedef {{ get(name: string): any, set(name: string, v: any): void, save_changes(): void,
 *   on(ev: string, fn: Function): void, off(ev: string, fn: Function): void,
 *   send(content: any): void }} Model */

/**
 * Create an HTML element. Text is always set as text, never parsed as HTML.
 * @param {string} tag
 * @param {{ cls?: string, text?: string, attrs?: Record<string, string> }} [props]
 * @param {...(Node|string|null|undefined)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  if (props.cls) el.className = props.cls;
  if (props.text !== undefined) el.textContent = String(props.text);
  for (const [k, v] of Object.entries(props.attrs || {})) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/**
 * Create an SVG element.
 * @param {string} tag
 * @param {Record<string, string|number>} [attrs]
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// ---- number formats -------------------------------------------------------------------------

/** Fixed digits, a true minus sign, "–" for a missing or non-finite value. */
export function num(x, digits = 3) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  const t = Math.abs(x) < 0.5 * 10 ** -digits ? (0).toFixed(digits) : x.toFixed(digits);
  return t.replace("-", "−");
}
/** Signed: always shows + or −. */
export function signed(x, digits = 3) {
  const t = num(x, digits);
  return typeof x === "number" && x > 0 && t !== (0).toFixed(digits) ? `+${t}` : t;
}
/** A share in [0, 1] shown as a percentage. */
export function pct(x, digits = 1) {
  return typeof x === "number" && Number.isFinite(x) ? `${num(100 * x, digits)}%` : "–";
}
/** An integer with thousands separators. */
const SUPERSCRIPT = {
  "-": "⁻",
  0: "⁰",
  1: "¹",
  2: "²",
  3: "³",
  4: "⁴",
  5: "⁵",
  6: "⁶",
  7: "⁷",
  8: "⁸",
  9: "⁹",
};

/** A number in powers of ten with superscript digits: sci(0.00018, 1) → "1.8×10⁻⁴". */
export function sci(x, digits = 2) {
  const [m, e] = x.toExponential(digits).split("e");
  return `${m.replace("-", "−")}×10${[...String(Number(e))].map((c) => SUPERSCRIPT[c]).join("")}`;
}

export function int(x) {
  return typeof x === "number" && Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–";
}

// ---- model binding -----------------------------------------------------------------------------

/** Tracks model listeners so the view can remove them all on cleanup. */
export class Scope {
  /** @param {Model} model */
  constructor(model) {
    this.model = model;
    /** @type {Array<[string, Function]>} */
    this.handlers = [];
  }
  /**
   * Call fn now and whenever any of the named traits changes.
   * With `frame`, redraws wait for the next animation frame, which paints them as soon as a
   * microtask would (paint happens at frames) but lets readouts update first and coalesces
   * bursts (Play, a loop in Python) into one redraw per frame: for charts.
   * @param {string[]} names
   * @param {() => void} fn
   * @param {{ frame?: boolean }} [opts]
   */
  watch(names, fn, opts = {}) {
    // Several traits arrive in one kernel message: redraw once, after the batch.
    let queued = false;
    const run = () => {
      queued = false;
      if (this.handlers.length) fn();
    };
    const defer =
      opts.frame && typeof requestAnimationFrame === "function"
        ? () => requestAnimationFrame(run)
        : () => Promise.resolve().then(run);
    const later = () => {
      if (queued) return;
      queued = true;
      defer();
    };
    for (const n of names) {
      const ev = `change:${n}`;
      this.model.on(ev, later);
      this.handlers.push([ev, later]);
    }
    fn();
  }
  /** Write one input trait back to the kernel. */
  write(name, value) {
    this.model.set(name, value);
    this.model.save_changes();
  }
  /** Ask the kernel to run a whitelisted action. */
  act(action) {
    this.model.send({ action });
  }
  cleanup() {
    for (const [ev, fn] of this.handlers) this.model.off(ev, fn);
    this.handlers = [];
  }
}

/**
 * A page-unique id for label/control pairs. Every chapter bundle inlines its own copy of this
 * kit, so a module-level counter would restart at 0 in each copy and ids would repeat on a page
 * with several chapters: the counter lives on the page's global object instead, shared by all.
 */
export function newId(prefix = "r1w") {
  const g = /** @type {any} */ (globalThis);
  g.__r1wLastId = (g.__r1wLastId || 0) + 1;
  return `${prefix}-${g.__r1wLastId}`;
}

/**
 * An integer from the model, clamped to a control's own bounds. A view never builds structure
 * (rows, cells, sliders) from a value the kernel has not confirmed: a hostile or stale value
 * could otherwise build thousands of elements before the kernel's snap-back arrives.
 * @param {unknown} v
 * @param {number} lo
 * @param {number} hi
 */
export function boundedInt(v, lo, hi) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

/**
 * The values of a log-scaled slider: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 in every decade from lo
 * to hi, plus `extra` values (published settings, so each is reachable exactly), and 0 first
 * when `zero`. With `integer`, values are rounded and repeats dropped.
 * @param {number} lo  smallest positive value
 * @param {number} hi
 * @param {{ extra?: number[], zero?: boolean, integer?: boolean }} [o]
 * @returns {number[]}
 */
export function ladder(lo, hi, o = {}) {
  const marks = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
  const out = new Set(o.zero ? [0] : []);
  const clean = (v) => (o.integer ? Math.round(v) : Number(v.toPrecision(6)));
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e += 1) {
    for (const m of marks) {
      const v = clean(m * 10 ** e);
      if (v >= lo && v <= hi) out.add(v);
    }
  }
  for (const v of [lo, hi, ...(o.extra || [])])
    if ((v >= lo && v <= hi) || v === 0) out.add(clean(v));
  return [...out].sort((a, b) => a - b);
}

/** The index of the ladder value nearest to v (on a log scale; 0 only for 0). */
export function ladderIndex(values, v) {
  let best = 0;
  let dist = Infinity;
  values.forEach((x, i) => {
    const d = x > 0 && v > 0 ? Math.abs(Math.log(x / v)) : Math.abs(x - v) * 1e6;
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/** Mark a focusable element so JupyterLab leaves its keys alone (arrows, space, enter). */
function keyboardSafe(el) {
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  return el;
}

/**
 * The root of a chapter view: adds the theme classes and the title.
 * @param {HTMLElement} el
 * @param {string} name  chapter slug, e.g. "grpo-loss"
 * @param {string} title  the model's `title` trait (number and title from the registry)
 */
export function root(el, name, title) {
  el.classList.add("r1w", `r1w-${name}`);
  const box = h("div", { cls: "r1w-box" });
  // The chapter's one title, from the kernel (the registry); a heading for screen readers.
  if (title)
    box.append(
      h("div", { cls: "r1w-title", text: title, attrs: { role: "heading", "aria-level": "2" } }),
    );
  el.append(box);
  return box;
}

/** Up to 2,001 values a plain slider can take: every step, or its ends when there are more. */
function stepsOf(min, max, step) {
  const n = (max - min) / step;
  if (!Number.isFinite(n) || n < 0 || n > 2000) return [min, max];
  return Array.from({ length: Math.floor(n) + 1 }, (_, i) => min + i * step);
}

/** The length of the longest text among the values, in characters. */
function widestText(values, text) {
  return values.reduce((m, v) => Math.max(m, text(v).length), 0);
}

/**
 * A labelled range slider bound to a numeric trait (or to one entry of a list trait).
 * @param {Scope} scope
 * With `values` (see `ladder`), the track moves through that list, one value per key press:
 * log-scaled quantities (β, ε, lengths) get even spacing per decade and exact published values.
 * @param {{ name: string, label: string, min?: number, max?: number, step?: number,
 *   values?: number[], index?: number, format?: (v: number) => string, unit?: string,
 *   cls?: string }} o
 */
export function slider(scope, o) {
  const id = newId();
  const values = o.values;
  const attrs = values
    ? {
        type: "range",
        id,
        min: "0",
        max: String(values.length - 1),
        step: "1",
        "data-values": values.join(","),
      }
    : { type: "range", id, min: String(o.min), max: String(o.max), step: String(o.step) };
  const input = keyboardSafe(h("input", { cls: "r1w-range", attrs }));
  input.dataset.name = o.index === undefined ? o.name : `${o.name}.${o.index}`;
  const out = h("output", { cls: "r1w-value", attrs: { for: id } });
  const label = h("label", { cls: "r1w-label", text: o.label, attrs: { for: id } });
  const wrap = h("div", { cls: `r1w-slider ${o.cls || ""}` }, label, input, out);
  const format = o.format || ((v) => num(v, 2));
  const text = (v) => format(v) + (o.unit ? ` ${o.unit}` : "");
  // The readout is as wide as its widest value from the start (a monospace font: one ch per
  // character), so the track never shifts sideways as the value's text grows or shrinks.
  out.style.minWidth = `${widestText(values || stepsOf(o.min, o.max, o.step), text)}ch`;
  const read = () => {
    const v = scope.model.get(o.name);
    return o.index === undefined ? v : Array.isArray(v) ? v[o.index] : undefined;
  };
  const show = () => {
    const v = read();
    if (typeof v !== "number") return;
    input.value = String(values ? ladderIndex(values, v) : v);
    out.textContent = text(v);
    input.setAttribute("aria-valuetext", text(v));
  };
  input.addEventListener("input", () => {
    const v = values ? values[boundedInt(input.value, 0, values.length - 1)] : Number(input.value);
    if (o.index === undefined) {
      scope.write(o.name, v);
    } else {
      const list = [...scope.model.get(o.name)];
      list[o.index] = v;
      scope.write(o.name, list);
    }
    out.textContent = text(v);
    input.setAttribute("aria-valuetext", text(v));
  });
  scope.watch([o.name], show);
  return { el: wrap, input, out };
}

/**
 * A labelled <select> bound to a string trait.
 * @param {Scope} scope
 * @param {{ name: string, label: string, options: Array<[string, string]> }} o
 */
export function select(scope, o) {
  const id = newId();
  const sel = keyboardSafe(h("select", { cls: "r1w-select", attrs: { id } }));
  sel.dataset.name = o.name;
  for (const [value, text] of o.options) sel.append(h("option", { text, attrs: { value } }));
  sel.addEventListener("change", () => scope.write(o.name, sel.value));
  scope.watch([o.name], () => {
    sel.value = String(scope.model.get(o.name));
  });
  const wrap = h(
    "div",
    { cls: "r1w-field" },
    h("label", { cls: "r1w-label", text: o.label, attrs: { for: id } }),
    sel,
  );
  return { el: wrap, select: sel };
}

/**
 * A checkbox bound to a boolean trait.
 * @param {Scope} scope
 * @param {{ name: string, label: string }} o
 */
export function toggle(scope, o) {
  const id = newId();
  const box = keyboardSafe(h("input", { cls: "r1w-check", attrs: { type: "checkbox", id } }));
  box.dataset.name = o.name;
  box.addEventListener("change", () => scope.write(o.name, box.checked));
  scope.watch([o.name], () => {
    box.checked = Boolean(scope.model.get(o.name));
  });
  const wrap = h(
    "div",
    { cls: "r1w-field r1w-toggle" },
    box,
    h("label", { text: o.label, attrs: { for: id } }),
  );
  return { el: wrap, input: box };
}

/**
 * Bind a text control to a string trait. The first keystroke is sent at once (a single edit
 * costs one round trip); while typing goes on, writes are throttled to one per `delay` ms and
 * the last one always goes out. Model changes do not overwrite text still waiting to be sent.
 * @param {Scope} scope
 * @param {HTMLInputElement | HTMLTextAreaElement} el
 * @param {string} name
 * @param {number} [delay]
 */
function bindText(scope, el, name, delay = 150) {
  let timer = 0;
  let last = -Infinity;
  const flush = () => {
    timer = 0;
    last = performance.now();
    scope.write(name, el.value);
  };
  el.addEventListener("input", () => {
    if (timer) return; // a trailing write is already due and will read the latest text
    const wait = last + delay - performance.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  });
  scope.watch([name], () => {
    if (timer) return;
    const v = String(scope.model.get(name) ?? "");
    if (el.value !== v) el.value = v;
  });
}

/**
 * A labelled text area bound to a string trait (see bindText for when it writes).
 * @param {Scope} scope
 * @param {{ name: string, label: string, rows?: number, delay?: number, maxLength?: number }} o
 */
export function textarea(scope, o) {
  const id = newId();
  const area = keyboardSafe(
    h("textarea", {
      cls: "r1w-text",
      attrs: { id, rows: String(o.rows || 4), spellcheck: "false" },
    }),
  );
  area.dataset.name = o.name;
  if (o.maxLength) area.maxLength = o.maxLength;
  bindText(scope, area, o.name, o.delay);
  const wrap = h(
    "div",
    { cls: "r1w-field r1w-textfield" },
    h("label", { cls: "r1w-label", text: o.label, attrs: { for: id } }),
    area,
  );
  return { el: wrap, textarea: area };
}

/**
 * A labelled single-line text input bound to a string trait.
 * @param {Scope} scope
 * @param {{ name: string, label: string, delay?: number }} o
 */
export function textInput(scope, o) {
  const id = newId();
  const input = keyboardSafe(
    h("input", { cls: "r1w-input", attrs: { id, type: "text", spellcheck: "false" } }),
  );
  input.dataset.name = o.name;
  bindText(scope, input, o.name, o.delay);
  const wrap = h(
    "div",
    { cls: "r1w-field" },
    h("label", { cls: "r1w-label", text: o.label, attrs: { for: id } }),
    input,
  );
  return { el: wrap, input };
}

/**
 * A button that sends a whitelisted action to the kernel (or runs onClick).
 * @param {string} label
 * @param {() => void} onClick
 * @param {string} [cls]
 */
export function button(label, onClick, cls = "") {
  const b = keyboardSafe(
    h("button", { cls: `r1w-button ${cls}`, text: label, attrs: { type: "button" } }),
  );
  b.addEventListener("click", onClick);
  return b;
}

/**
 * A read-out: a label and a value, updated with set(text).
 * @param {string} label
 * @param {string} [cls]
 */
export function stat(label, cls = "") {
  const value = h("span", { cls: "r1w-stat-value", text: "–" });
  const el = h(
    "div",
    { cls: `r1w-stat ${cls}` },
    h("span", { cls: "r1w-stat-label", text: label }),
    value,
  );
  return {
    el,
    value,
    /** @param {string} text */
    set(text) {
      value.textContent = text;
    },
  };
}

/**
 * The question a chapter's toy policy answers and its ground truth, from the `prompt` and
 * `ground_truth` traits.
 * @param {Scope} scope
 * @param {string} [cls]
 */
export function promptLine(scope, cls = "") {
  const text = h("span", { cls: "r1w-mono" });
  const truth = h("span", { cls: "r1w-muted" });
  const el = h(
    "div",
    { cls: `r1w-prompt ${cls}` },
    h("span", { cls: "r1w-stat-label", text: "Prompt" }),
    text,
    truth,
  );
  scope.watch(["prompt", "ground_truth"], () => {
    text.textContent = `Q: ${scope.model.get("prompt") ?? ""}`;
    truth.textContent = `ground truth ${scope.model.get("ground_truth") ?? ""}`;
  });
  return el;
}

/** A status line that shows why the kernel refused the last input (role=status, polite). */
export function errorLine(scope) {
  const el = h("div", { cls: "r1w-error", attrs: { role: "status", "aria-live": "polite" } });
  scope.watch(["error"], () => {
    const e = String(scope.model.get("error") || "");
    el.textContent = e ? `Refused: ${e}` : "";
    el.hidden = !e;
  });
  return el;
}

/** A short caption paragraph (our own words, set as text). */
export function note(text, cls = "") {
  return h("p", { cls: `r1w-note ${cls}`, text });
}

/**
 * Text only a screen reader reads: in the reading order, hidden on screen (theme.css's
 * r1w-sr-only). For what a sighted reader gets from a chart's shape or a colour.
 * @param {string} text
 * @param {string} [tag]
 * @returns {HTMLElement}
 */
export function srOnly(text, tag = "span") {
  return h(tag, { cls: "r1w-sr-only", text });
}

/**
 * Name an SVG chart for screen readers: role=img, an aria-label that says what it shows (best
 * with its values, when they are few), and the same text as its <title>, a tooltip for a
 * pointer. Call again after a redraw to say what it shows now.
 * @param {SVGSVGElement} svg
 * @param {string} text
 * @returns {SVGSVGElement}
 */
export function chartLabel(svg, text) {
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", text);
  let title = [...svg.children].find((c) => c.tagName.toLowerCase() === "title");
  if (!title) {
    title = s("title");
    svg.prepend(title);
  }
  title.textContent = text;
  return svg;
}

/**
 * A chart's values as a table only a screen reader reads (hidden on screen): for a chart with
 * too many values to say in its label. Cells are set as text.
 * @param {string} caption  what the table holds
 * @param {string[]} head  column headings
 * @param {Array<Array<string|number>>} rows
 * @returns {HTMLTableElement}
 */
export function srTable(caption, head, rows) {
  const tr = (cells, tag) =>
    h(
      "tr",
      {},
      ...cells.map((c) => h(tag, { text: String(c), attrs: tag === "th" ? { scope: "col" } : {} })),
    );
  return /** @type {HTMLTableElement} */ (
    h(
      "table",
      { cls: "r1w-sr-only" },
      h("caption", { text: caption }),
      h("thead", {}, tr(head, "th")),
      h("tbody", {}, ...rows.map((r) => tr(r, "td"))),
    )
  );
}

/** A column of sliders that share one grid, so labels, tracks and values line up. */
export function sliders(...items) {
  return h("div", { cls: "r1w-sliders" }, ...items.map((x) => x.el || x));
}

/**
 * A horizontal scroll area for wide content (tables, grids) on narrow screens. It can take
 * focus, so keyboard users can scroll it, carries a name for screen readers, and shows that it
 * scrolls: a visible scrollbar and a shadow on the side where more content hides.
 * @param {Node} child
 * @param {string} label  what the region holds, e.g. "Rollouts of the group"
 */
export function scrollArea(child, label) {
  const el = h(
    "div",
    { cls: "r1w-scroll", attrs: { tabindex: "0", role: "region", "aria-label": label } },
    child,
  );
  keyboardSafe(el);
  const mark = () => {
    const more = el.scrollWidth - el.clientWidth;
    el.classList.toggle("r1w-more-right", more > 1 && el.scrollLeft < more - 1);
    el.classList.toggle("r1w-more-left", more > 1 && el.scrollLeft > 1);
    // A tab stop only while there is something to scroll to: no empty stops at wide sizes.
    el.tabIndex = more > 1 ? 0 : -1;
  };
  // A control that takes focus inside the area is scrolled fully into view.
  el.addEventListener("focusin", (ev) => {
    const t = /** @type {HTMLElement} */ (ev.target);
    if (t !== el && t.scrollIntoView) t.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  el.addEventListener("scroll", mark, { passive: true });
  if (typeof ResizeObserver === "function") new ResizeObserver(mark).observe(el);
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(mark);
  return el;
}

/**
 * Keep an SVG's text readable when the SVG is drawn narrower than its viewBox (a 420 px output
 * area): sets --r1w-k, the factor theme.css multiplies SVG font sizes by, capped at 1.5.
 * @param {SVGSVGElement} svg
 * @param {number} width  the viewBox width
 */
export function keepTextSize(svg, width) {
  const fit = () => {
    const shown = svg.getBoundingClientRect().width;
    const k = shown > 0 ? Math.min(1.5, Math.max(1, width / shown)) : 1;
    svg.style.setProperty("--r1w-k", k.toFixed(3));
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(fit).observe(svg);
  return svg;
}

/** A row of children laid out with flex wrap. */
export function row(...children) {
  return h("div", { cls: "r1w-row" }, ...children);
}

// ---- SVG plotting ---------------------------------------------------------------------------------

/**
 * A plot frame with linear scales, axes, ticks and labels. Draw into `layer`.
 * @param {{ width?: number, height?: number, x: [number, number], y: [number, number],
 *   xTicks?: number[], yTicks?: number[], xLabel?: string, yLabel?: string,
 *   xFormat?: (v: number) => string, yFormat?: (v: number) => string, title?: string,
 *   margin?: {l: number, r: number, t: number, b: number} }} o
 */
export function plot(o) {
  const W = o.width || 360;
  const H = o.height || 200;
  const m = o.margin || { l: 46, r: 12, t: 10, b: 36 };
  const svg = keepTextSize(
    s("svg", { class: "r1w-plot", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img" }),
    W,
  );
  if (o.title) chartLabel(svg, o.title);
  const [x0, x1] = o.x;
  const [y0, y1] = o.y;
  const sx = (v) => m.l + ((v - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (v) => H - m.b - ((v - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const axes = s("g", { class: "r1w-axes" });
  axes.append(s("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }));
  axes.append(s("line", { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
  const minus = (v) => String(v).replace("-", "−"); // a true minus sign, as num() writes it
  const xf = o.xFormat || minus;
  const yf = o.yFormat || minus;
  for (const v of o.xTicks || []) {
    axes.append(s("line", { x1: sx(v), x2: sx(v), y1: H - m.b, y2: H - m.b + 4 }));
    const t = s("text", { x: sx(v), y: H - m.b + 15, "text-anchor": "middle", class: "r1w-tick" });
    t.textContent = xf(v);
    axes.append(t);
  }
  for (const v of o.yTicks || []) {
    axes.append(s("line", { x1: m.l - 4, x2: m.l, y1: sy(v), y2: sy(v) }));
    axes.append(s("line", { x1: m.l, x2: W - m.r, y1: sy(v), y2: sy(v), class: "r1w-grid" }));
    const t = s("text", { x: m.l - 6, y: sy(v) + 4, "text-anchor": "end", class: "r1w-tick" });
    t.textContent = yf(v);
    axes.append(t);
  }
  if (o.xLabel) {
    const t = s("text", {
      x: (m.l + W - m.r) / 2,
      y: H - 4,
      "text-anchor": "middle",
      class: "r1w-axis-label",
    });
    t.textContent = o.xLabel;
    axes.append(t);
  }
  if (o.yLabel) {
    const t = s("text", {
      x: 12,
      y: (m.t + H - m.b) / 2,
      "text-anchor": "middle",
      class: "r1w-axis-label",
      transform: `rotate(-90 12 ${(m.t + H - m.b) / 2})`,
    });
    t.textContent = o.yLabel;
    axes.append(t);
  }
  const layer = s("g", { class: "r1w-layer" });
  svg.append(axes, layer);
  return { svg, layer, sx, sy, width: W, height: H, margin: m };
}

/**
 * Vertical bars from a zero baseline into plot p's layer (cleared first by the caller).
 * @param {ReturnType<typeof plot>} p
 * @param {number[]} values
 * With `stagger`, every other label sits one line lower, so long labels under narrow bars
 * do not run together (leave room for two lines in the plot's bottom margin).
 * @param {{ cls?: (v: number, i: number) => string, labels?: string[], width?: number,
 *   stagger?: boolean }} [o]
 */
export function bars(p, values, o = {}) {
  const n = values.length;
  const left = p.margin.l;
  const span = p.width - p.margin.l - p.margin.r;
  const slot = span / Math.max(n, 1);
  const bw = Math.max(2, slot * (o.width ?? 0.7));
  const base = p.sy(0);
  values.forEach((v, i) => {
    const y = p.sy(v);
    const r = s("rect", {
      x: left + slot * i + (slot - bw) / 2,
      y: Math.min(y, base),
      width: bw,
      height: Math.max(1, Math.abs(base - y)),
      class: `r1w-bar ${o.cls ? o.cls(v, i) : v >= 0 ? "r1w-pos" : "r1w-neg"}`,
    });
    p.layer.append(r);
    if (o.labels) {
      const dy = o.stagger && i % 2 ? "2.3em" : "1.2em"; // em: follows the label's own size
      const t = s("text", {
        x: left + slot * i + slot / 2,
        y: p.height - p.margin.b,
        dy,
        "text-anchor": "middle",
        class: "r1w-tick",
      });
      t.textContent = o.labels[i];
      p.layer.append(t);
    }
  });
  return { slot };
}

/**
 * A polyline through (x, y) pairs into plot p's layer.
 * @param {ReturnType<typeof plot>} p
 * @param {Array<[number, number]>} pts
 * @param {string} [cls]
 */
export function line(p, pts, cls = "r1w-line") {
  const d = pts.map(([x, y]) => `${p.sx(x).toFixed(1)},${p.sy(y).toFixed(1)}`).join(" ");
  const el = s("polyline", { points: d, class: cls, fill: "none" });
  p.layer.append(el);
  return el;
}

/**
 * Circles at (x, y) pairs into plot p's layer.
 * @param {ReturnType<typeof plot>} p
 * @param {Array<[number, number]>} pts
 * @param {string} [cls]
 * @param {number} [r]
 */
export function dots(p, pts, cls = "r1w-dot", r = 3) {
  for (const [x, y] of pts)
    p.layer.append(s("circle", { cx: p.sx(x), cy: p.sy(y), r, class: cls }));
}

/**
 * A horizontal reference line with a label at its right end.
 * @param {ReturnType<typeof plot>} p
 * @param {number} y
 * @param {string} label
 * @param {string} [cls]
 */
export function hline(p, y, label, cls = "r1w-ref") {
  const yy = p.sy(y);
  p.layer.append(
    s("line", { x1: p.margin.l, x2: p.width - p.margin.r, y1: yy, y2: yy, class: cls }),
  );
  if (label) {
    const t = s("text", {
      x: p.width - p.margin.r - 2,
      y: yy - 3,
      "text-anchor": "end",
      class: "r1w-ref-label",
    });
    t.textContent = label;
    p.layer.append(t);
  }
}

/**
 * A legend: coloured swatches with labels.
 * @param {Array<[string, string]>} items  [css class of the swatch, label]
 */
export function legend(items) {
  return h(
    "div",
    { cls: "r1w-legend" },
    ...items.map(([cls, label]) =>
      h("span", { cls: "r1w-legend-item" }, h("span", { cls: `r1w-swatch ${cls}` }), label),
    ),
  );
}

/**
 * A text box that holds at most `max` characters drops the rest of a longer paste silently:
 * this status line says so ("Cut at 100,000 characters: the last 29,000 ... were dropped, so
 * <readsOnly>"), counts characters from `near` on, and says when the box is full. Call
 * `update()` after the box's text changes from the kernel too.
 * @param {HTMLTextAreaElement} area
 * @param {{max: number, near: number, readsOnly: string, cls?: string}} o
 */
export function textLimit(area, o) {
  const el = h("div", {
    cls: `r1w-limit ${o.cls || ""}`,
    attrs: { id: newId(), role: "status", "aria-live": "polite" },
  });
  el.hidden = true;
  area.setAttribute("aria-describedby", el.id);
  let dropped = 0; // characters of the last paste that did not fit
  area.addEventListener("paste", (e) => {
    const incoming = e.clipboardData ? e.clipboardData.getData("text").length : 0;
    const kept = area.value.length - (area.selectionEnd - area.selectionStart);
    dropped = Math.max(0, kept + incoming - o.max);
  });
  const update = () => {
    const n = area.value.length;
    if (n < o.max) dropped = 0;
    const most = int(o.max);
    el.textContent =
      n >= o.max && dropped
        ? `Cut at ${most} characters: the last ${int(dropped)} characters of your paste were dropped, so ${o.readsOnly}`
        : n >= o.max
          ? `${most} of ${most} characters: the box is full, and text typed or pasted past this point is cut.`
          : n >= o.near
            ? `${int(n)} of ${most} characters (the most the box holds).`
            : "";
    el.hidden = !el.textContent;
    el.classList.toggle("r1w-bad", n >= o.max);
  };
  area.addEventListener("input", update);
  return { el, update };
}
