// Evaluated in the page by the browser tests (see the Python that loads it).
// Every chart (an outermost <svg>) in a chapter is either an image with a name a screen reader
// reads (role=img and aria-label, aria-labelledby or a <title>), or hidden from screen readers
// because a text alternative (a visually hidden table, a caption) stands beside it. A chart
// holding a control (a draggable point) cannot be an image, whose inside a screen reader skips:
// it is a named group described in words (aria-describedby).
(root) => {
  const problems = [];
  let named = 0;
  for (const svg of root.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg")) continue;
    if (svg.closest('[aria-hidden="true"]')) continue;
    const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const byIds = ids.map((id) => document.getElementById(id)?.textContent || "").join(" ");
    const title = svg.querySelector(":scope > title");
    const name = (svg.getAttribute("aria-label") || byIds || title?.textContent || "").trim();
    const cls = svg.getAttribute("class") || "";
    const described = (svg.getAttribute("aria-describedby") || "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent || "")
      .join(" ")
      .trim();
    const control = svg.querySelector("[tabindex], a[href]");
    if (
      svg.getAttribute("role") !== "img" &&
      !(control && svg.getAttribute("role") === "group" && described.length >= 20)
    ) {
      problems.push(
        `svg.${cls} has role ${svg.getAttribute("role")}, and no image role or description in words`,
      );
    } else if (name.length < 12)
      problems.push(`svg.${cls} has no name that says what it shows ("${name}")`);
    else named += 1;
  }
  return { problems, named };
};
