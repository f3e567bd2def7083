// Evaluated in the page by the browser tests (see the Python that loads it).
// Runs axe-core (injected beforehand) on one element (a chapter's root, a caption) with the
// WCAG 2.0/2.1 A and AA rules; returns its violations, the checks axe could not decide (for a
// person to review) and how many colour-contrast checks passed.
async (root) => {
  const result = await window.axe.run(root, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    resultTypes: ["violations", "incomplete", "passes"],
  });
  const pick = (r) => ({
    id: r.id,
    impact: r.impact,
    help: r.help,
    nodes: r.nodes.map((n) => ({
      target: n.target.join(" "),
      impact: n.impact,
      summary: (n.failureSummary || "").split("\n").slice(0, 3).join(" ").slice(0, 300),
    })),
  });
  return {
    violations: result.violations.map(pick),
    contrastPassed: result.passes
      .filter((r) => r.id === "color-contrast")
      .reduce((n, r) => n + r.nodes.length, 0),
    incomplete: result.incomplete.map(pick),
  };
};
