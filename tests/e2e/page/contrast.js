// Evaluated in the page by the browser tests (see the Python that loads it).
// axe-core cannot decide the contrast of text inside an SVG chart (it sees the chart as an
// image), so this measures it: each chart text's fill against what lies under it (a filled
// shape of the chart, else the first opaque background above the chart), 4.5:1, or 3:1 for
// large text (WCAG 1.4.3); and the kit's marks that carry data (bars, lines, dots, reference
// lines, legend swatches) against the background, 3:1 (WCAG 1.4.11); and the edge of every
// text field and drop-down, which is what shows there is a control there, 3:1 (WCAG 1.4.11).
(root) => {
  const rgba = (c) => {
    const m = (c || "").match(/[\d.]+/g) || [];
    return m.length >= 3
      ? [Number(m[0]), Number(m[1]), Number(m[2]), m.length > 3 ? Number(m[3]) : 1]
      : null;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const over = (top, alpha, under) =>
    top.slice(0, 3).map((v, i) => v * alpha + under[i] * (1 - alpha));
  const backdrop = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0.99) return c;
    }
    return [255, 255, 255, 1];
  };
  const alphaOf = (el, prop) => {
    let a = 1;
    const st = getComputedStyle(el);
    a *= Number(st[`${prop}Opacity`] ?? 1);
    for (let n = el; n && n !== root; n = n.parentElement) a *= Number(getComputedStyle(n).opacity);
    return a;
  };
  const name = (el) =>
    `${el.tagName.toLowerCase()}.${(el.getAttribute("class") || "").split(" ").join(".")}` +
    ` "${(el.textContent || "").trim().slice(0, 24)}"`;
  const problems = [];
  let checked = 0;
  for (const svg of root.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg") || !svg.getClientRects().length) continue;
    const page = backdrop(svg.parentElement);
    for (const t of svg.querySelectorAll("text")) {
      const text = (t.textContent || "").trim();
      const r = t.getBoundingClientRect();
      if (!text || !r.width || getComputedStyle(t).visibility === "hidden") continue;
      const st = getComputedStyle(t);
      const fill = rgba(st.fill);
      if (!fill) continue;
      // what lies under the text's middle: a filled shape of this chart, or the page
      let under = page;
      t.scrollIntoView({ block: "center" });
      const b = t.getBoundingClientRect();
      for (const e of document.elementsFromPoint(b.left + b.width / 2, b.top + b.height / 2)) {
        if (e === t || !svg.contains(e) || e === svg || e.tagName === "text" || e.tagName === "g")
          continue;
        const f = rgba(getComputedStyle(e).fill);
        if (f && f[3] > 0 && getComputedStyle(e).fill !== "none") {
          under = over(f, alphaOf(e, "fill") * f[3], page);
          break;
        }
      }
      const fg = over(fill, alphaOf(t, "fill") * fill[3], under);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      const got = ratio(fg, under);
      checked += 1;
      if (got < need) problems.push(`text ${name(t)} ${got.toFixed(2)}:1 < ${need}`);
    }
    for (const m of svg.querySelectorAll(".r1w-bar, .r1w-line, .r1w-dot, .r1w-ref")) {
      if (!m.getClientRects().length) continue;
      const st = getComputedStyle(m);
      const stroked = m.tagName === "polyline" || m.tagName === "line" || st.fill === "none";
      const c = rgba(stroked ? st.stroke : st.fill);
      if (!c) continue;
      const got = ratio(over(c, alphaOf(m, stroked ? "stroke" : "fill") * c[3], page), page);
      checked += 1;
      if (got < 3) problems.push(`mark ${name(m)} ${got.toFixed(2)}:1 < 3`);
    }
  }
  for (const sw of root.querySelectorAll(".r1w-swatch")) {
    if (!sw.getClientRects().length) continue;
    const st = getComputedStyle(sw);
    // a swatch drawn as a line (a dashed reference) shows its top border, not its fill
    const line = rgba(st.backgroundColor)?.[3] === 0 && Number.parseFloat(st.borderTopWidth) > 0;
    const c = rgba(line ? st.borderTopColor : st.backgroundColor);
    const page = backdrop(sw.parentElement);
    const got = ratio(over(c, c[3], page), page);
    checked += 1;
    if (got < 3 && !sw.closest(".r1w-trust-region-ramp"))
      problems.push(`swatch ${name(sw)} ${got.toFixed(2)}:1 < 3`);
  }
  for (const f of root.querySelectorAll("input[type=text], input:not([type]), textarea, select")) {
    if (!f.getClientRects().length || f.disabled) continue;
    const st = getComputedStyle(f);
    const page = backdrop(f.parentElement);
    const fill = rgba(st.backgroundColor);
    const inside = fill && fill[3] > 0 ? over(fill, fill[3], page) : page;
    const edge = rgba(st.borderTopColor);
    const line = parseFloat(st.borderTopWidth) >= 1 && edge ? over(edge, edge[3], page) : inside;
    const got = Math.max(ratio(line, page), ratio(line, inside), ratio(inside, page));
    checked += 1;
    if (got < 3)
      problems.push(`control ${name(f)}[data-name=${f.dataset.name}] edge ${got.toFixed(2)}:1 < 3`);
  }
  return { problems: [...new Set(problems)], checked };
};
