// Evaluated in the page by the browser tests (see the Python that loads it).
(root) => {
  const box = root.querySelector(".r1w-box") || root;
  const edge = box.getBoundingClientRect().right + 1;
  const out = [];
  if (box.scrollWidth > box.clientWidth + 1)
    out.push(`box scrolls: ${box.scrollWidth} > ${box.clientWidth}`);
  for (const el of box.querySelectorAll("*")) {
    if (el.closest(".r1w-scroll") || el.closest(".r1w-sr-only, .r1w-compact .r1w-label")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > edge) {
      const name =
        el.tagName.toLowerCase() +
        (el.className && el.className.baseVal === undefined
          ? `.${String(el.className).split(" ").join(".")}`
          : "");
      out.push(
        `${name} "${(el.textContent || "").trim().slice(0, 30)}" ends at ${Math.round(r.right)} > ${Math.round(edge)}`,
      );
    }
  }
  return out.slice(0, 8);
};
