// Evaluated in the page by the browser tests (see the Python that loads it).
// Records, for every element inside a chapter that takes focus, whether a focus indicator is
// drawn (an outline or a box-shadow) and the outline's contrast against what surrounds it. An
// SVG control may draw its own ring instead: the element right after it, marked
// data-r1w-focus-ring, shown only while the control has focus.
() => {
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
  // The first opaque background at or above el.
  const backdrop = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0.99) return c;
    }
    return [255, 255, 255, 1];
  };
  window.__r1wFocusLog = [];
  document.addEventListener("focusin", (ev) => {
    const el = ev.target;
    const root = el.closest?.(".r1w");
    if (!root) return;
    const st = getComputedStyle(el);
    const outline =
      st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 1 ? rgba(st.outlineColor) : null;
    const shadow = st.boxShadow && st.boxShadow !== "none";
    const next = el.nextElementSibling;
    const ring = Boolean(
      next?.hasAttribute("data-r1w-focus-ring") &&
        getComputedStyle(next).visibility === "visible" &&
        getComputedStyle(next).display !== "none",
    );
    // an outline drawn outside the element sits on its parent's background, else on its own
    const behind = parseFloat(st.outlineOffset) >= 0 ? backdrop(el.parentElement) : backdrop(el);
    const name = [...root.classList].find((c) => c.startsWith("r1w-")) || "r1w";
    window.__r1wFocusLog.push({
      chapter: name.replace(/^r1w-/, "").replace(/-/g, "_"),
      what:
        el.tagName.toLowerCase() +
        (el.dataset.name ? `[data-name=${el.dataset.name}]` : "") +
        (el.getAttribute("aria-label") ? ` "${el.getAttribute("aria-label").slice(0, 30)}"` : ""),
      visible: Boolean((outline && outline[3] > 0) || shadow || ring),
      contrast: outline ? Math.round(ratio(outline, behind) * 100) / 100 : null,
    });
  });
  return document.querySelectorAll(
    ".r1w a[href], .r1w button, .r1w input, .r1w select, .r1w textarea, .r1w [tabindex]",
  ).length;
};
