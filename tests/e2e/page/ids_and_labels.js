// Evaluated in the page by the browser tests (see the Python that loads it).
async () => {
  const problems = [];
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push(`id ${id} appears ${n} times`);
  const roots = [...document.querySelectorAll(".r1w")];
  const chapterOf = (el) => roots.indexOf(el.closest(".r1w"));
  let clicked = 0;
  for (const root of roots) {
    for (const el of root.querySelectorAll("[aria-labelledby], [aria-describedby], output[for]")) {
      const refs = [
        el.getAttribute("aria-labelledby"),
        el.getAttribute("aria-describedby"),
        el.getAttribute("for"),
      ]
        .filter(Boolean)
        .join(" ")
        .split(/\s+/)
        .filter(Boolean);
      for (const ref of refs) {
        const target = document.getElementById(ref);
        if (!target || chapterOf(target) !== chapterOf(el))
          problems.push(`reference ${ref} leaves its chapter`);
      }
    }
    for (const label of root.querySelectorAll("label")) {
      const control = label.control;
      const text = label.textContent.trim().slice(0, 40);
      if (!control) {
        problems.push(`label "${text}" has no control`);
        continue;
      }
      if (chapterOf(control) !== chapterOf(label)) {
        problems.push(`label "${text}" points into another chapter`);
        continue;
      }
      if (control.disabled || !control.getClientRects().length) continue; // hidden in this mode
      if (document.activeElement?.blur) document.activeElement.blur();
      const _y = window.scrollY;
      if (control.type === "checkbox") {
        const before = control.checked;
        label.click();
        if (control.checked === before)
          problems.push(`label "${text}" did not toggle its checkbox`);
        label.click(); // put it back
      } else {
        label.click();
        if (document.activeElement !== control)
          problems.push(`label "${text}" did not focus its control`);
      }
      clicked += 1;
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  return { problems: problems.slice(0, 20), clicked };
};
