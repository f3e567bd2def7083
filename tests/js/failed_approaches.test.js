import { describe, expect, it } from "vitest";
import view from "../../js/chapters/failed_approaches.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const count = (exact, scientific, digits) => ({
  exact,
  scientific,
  digits,
  text: exact || scientific,
});

const state = () => ({
  title: "07 · What did not work",
  approach: "mcts",
  branching: 129280,
  depth: 10,
  expansion_cap: 4,
  approaches: [
    { id: "prm", name: "Process reward model (PRM)", origin: "paper" },
    { id: "mcts", name: "Monte Carlo tree search (MCTS)", origin: "paper" },
    { id: "value_model", name: "Learned value model", origin: "article" },
  ],
  card: {
    id: "mcts",
    name: "Monte Carlo tree search (MCTS)",
    origin: "paper",
    origin_text: "In the paper: one of its two unsuccessful attempts.",
    what: "MCTS builds a tree of partial answers.",
    method: { value: "Answers were cut into steps.", source: "P-v1 §4.2, MCTS method" },
    conclusion: { value: "Self-search remains a challenge.", source: "P-v1 §4.2, MCTS conclusion" },
    conclusion_label: "The paper's verdict on MCTS:",
  },
  limitations: [
    { value: "An exponentially larger search space.", source: "P-v1 §4.2, MCTS challenge 1" },
    {
      value: "A fine-grained value model is hard to train.",
      source: "P-v1 §4.2, MCTS challenge 2",
    },
  ],
  caveat: { value: "Failures shared for insight.", source: "P-v1 §4.2, opening paragraph" },
  limits: {
    branching: { value: 129280, source: "V3 config vocab_size" },
    depth: { value: 32768, source: "Nature, Methods: max length" },
  },
  search_space: count("", "1.304 × 10⁵¹", 52),
  nodes_explored: count("1,398,101", "1.398 × 10⁶", 7),
  share_searched: {
    mantissa: "1.072",
    exponent: -45,
    percent: "",
    whole: false,
    scientific: "1.072 × 10⁻⁴⁵",
    text: "1.072 × 10⁻⁴⁵",
  },
  effective_cap: 4,
});

const values = (input) => input.dataset.values.split(",").map(Number);

describe("FailedApproaches view", () => {
  it("renders the three choices, the chosen card with sources and the calculator", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-failed-approaches")).toBe(true);
    const choices = [...el.querySelectorAll('button[data-name="approach"]')];
    expect(choices.map((b) => b.dataset.approach)).toEqual(["prm", "mcts", "value_model"]);
    expect(choices.map((b) => b.getAttribute("aria-pressed"))).toEqual(["false", "true", "false"]);
    expect(choices[2].textContent).toContain("article's addition");
    expect(choices[0].textContent).toContain("in the paper");
    const card = el.querySelector(".r1w-failed-approaches-card");
    expect(card.querySelector("h3").textContent).toBe("Monte Carlo tree search (MCTS)");
    const items = [...card.querySelectorAll(".r1w-failed-approaches-limitations li")];
    expect(items.length).toBe(2);
    expect(items[0].querySelector(".r1w-failed-approaches-source").textContent).toBe(
      "(P-v1 §4.2, MCTS challenge 1)",
    );
    expect(card.textContent).toContain("(P-v1 §4.2, MCTS method)");
    expect(el.querySelector(".r1w-failed-approaches-caveat").textContent).toBe(
      "Failures shared for insight. (P-v1 §4.2, opening paragraph)",
    );
    // the counts, as the kernel wrote them (never recomputed here)
    expect(el.querySelector(".r1w-failed-approaches-space .r1w-stat-value").textContent).toBe(
      "1.304 × 10⁵¹",
    );
    expect(
      el.querySelector(".r1w-failed-approaches-space .r1w-failed-approaches-unit").textContent,
    ).toBe("nodes (a 52-digit number)");
    expect(el.querySelector(".r1w-failed-approaches-explored .r1w-stat-value").textContent).toBe(
      "1,398,101",
    );
    expect(
      el.querySelector(".r1w-failed-approaches-explored .r1w-failed-approaches-unit").textContent,
    ).toBe("nodes");
    expect(el.querySelector(".r1w-failed-approaches-share .r1w-stat-value").textContent).toBe(
      "1.072 × 10⁻⁴⁵",
    );
    expect(el.querySelector(".r1w-failed-approaches-share").textContent).toContain(
      "a fraction, not a percent",
    );
    expect(el.querySelector(".r1w-failed-approaches-stats").getAttribute("aria-live")).toBe(
      "polite",
    );
    // powers are written one way: superscripts (b², bᴰ), never a caret
    expect(el.textContent).toContain("1 + b + b² + … + bᴰ nodes (bᴰ is b to the power D)");
    expect(el.textContent).toContain("1 + c + c² + … + cᴰ");
    expect(el.textContent).not.toContain("^");
    // the sliders' ladders end at the published limits the kernel sent
    const b = el.querySelector('input[data-name="branching"]');
    const d = el.querySelector('input[data-name="depth"]');
    expect(values(b).at(-1)).toBe(129280);
    expect(values(d).at(-1)).toBe(32768);
    expect(values(el.querySelector('input[data-name="expansion_cap"]'))[0]).toBe(1);
    expect(card.textContent).toContain(
      "The paper's verdict on MCTS: Self-search remains a challenge. (P-v1 §4.2, MCTS conclusion)",
    );
    expect(items[0].textContent).toBe(
      "An exponentially larger search space. (P-v1 §4.2, MCTS challenge 1)",
    );
    // the chronology is the paper's ("early stages"), and our token tree is named as ours
    expect(el.textContent).toContain("Early in developing R1");
    expect(el.textContent).not.toContain("Before settling");
    expect(el.textContent).toContain("a node was a reasoning step the model marked with tags");
    expect(el.textContent).toContain("V3 config vocab_size");
    expect(el.textContent).toContain("illustrative");
    for (const label of el.querySelectorAll("label"))
      expect(el.querySelector(`#${label.htmlFor}`)).not.toBeNull();
  });

  it("writes the approach and the calculator's inputs back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    el.querySelector('button[data-approach="value_model"]').click();
    expect(model.saved.at(-1)).toEqual({ approach: "value_model" });
    const b = el.querySelector('input[data-name="branching"]');
    fire(b, values(b).indexOf(2));
    expect(model.saved.at(-1)).toEqual({ branching: 2 });
    const d = el.querySelector('input[data-name="depth"]');
    fire(d, values(d).indexOf(3));
    expect(model.saved.at(-1)).toEqual({ depth: 3 });
    const c = el.querySelector('input[data-name="expansion_cap"]');
    fire(c, 0);
    expect(model.saved.at(-1)).toEqual({ expansion_cap: 1 }); // the lowest cap is 1, never 0
  });

  it("redraws on a kernel update, marks the article's card and links the PRM card to chapter 12", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      approach: "value_model",
      card: {
        id: "value_model",
        name: "Learned value model",
        origin: "article",
        origin_text: "The article's addition, not the paper's.",
        what: "A value model estimates.",
      },
      limitations: [{ value: "Hard to train.", source: "P-v1 §4.2, MCTS challenge 2" }],
      search_space: count("15", "1.500 × 10¹", 2),
      nodes_explored: count("4", "4.000 × 10⁰", 1),
      share_searched: {
        mantissa: "2.667",
        exponent: -1,
        percent: "26.67",
        whole: false,
        scientific: "2.667 × 10⁻¹",
        text: "26.67%",
      },
    });
    await flush();
    const card = el.querySelector(".r1w-failed-approaches-card");
    expect(card.classList.contains("r1w-failed-approaches-article")).toBe(true);
    expect(card.querySelector(".r1w-failed-approaches-origin").textContent).toBe(
      "⚠ The article's addition, not the paper's.",
    );
    expect(
      el.querySelector('button[data-approach="value_model"]').getAttribute("aria-pressed"),
    ).toBe("true");
    expect(el.querySelector(".r1w-failed-approaches-space .r1w-stat-value").textContent).toBe("15");
    expect(el.querySelector(".r1w-failed-approaches-share .r1w-stat-value").textContent).toBe(
      "26.67%",
    );
    expect(el.querySelector(".r1w-failed-approaches-share").textContent).not.toContain(
      "a fraction",
    );

    model.kernelUpdate({
      approach: "prm",
      card: {
        id: "prm",
        name: "PRM",
        origin: "paper",
        origin_text: "In the paper.",
        what: "Scores each step.",
        link: { href: "#r1w-ch12", text: "Chapter 12 · Why R1 graded its reasoning with rules" },
        link_text: "See",
      },
    });
    await flush();
    const link = el.querySelector("a.r1w-failed-approaches-link");
    expect(link.getAttribute("href")).toBe("#r1w-ch12");
    expect(link.textContent).toBe("Chapter 12 · Why R1 graded its reasoning with rules");
    expect(
      el
        .querySelector(".r1w-failed-approaches-card")
        .classList.contains("r1w-failed-approaches-article"),
    ).toBe(false);
  });

  it("says when the cap removes nothing", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector(".r1w-failed-approaches-cap-note").textContent).toMatch(
      /keeps 4 of its 129,280 children/,
    );
    // the warning is quoted as the paper's, the reason why as ours
    const capNote = el.querySelector(".r1w-failed-approaches-cap-note").textContent;
    expect(capNote).toContain(
      'The paper warns that such a cap "can lead to the model getting stuck in local optima" (P-v1 §4.2, MCTS challenge 1). Our reading of why:',
    );
    model.kernelUpdate({ expansion_cap: 10, branching: 5, effective_cap: 5 });
    await flush();
    expect(el.querySelector(".r1w-failed-approaches-cap-note").textContent).toMatch(
      /removes nothing/,
    );
  });

  it("shows hostile text as text and never follows a foreign link", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      card: {
        name: HOSTILE,
        origin_text: HOSTILE,
        what: HOSTILE,
        link: { href: "javascript:alert(1)", text: HOSTILE },
      },
      limitations: [{ value: HOSTILE, source: HOSTILE }],
      search_space: { text: HOSTILE },
      approaches: Array.from({ length: 500 }, (_, i) => ({ id: `a${i}`, name: HOSTILE })),
    });
    await flush();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-failed-approaches-card h3").textContent).toBe(HOSTILE);
    expect(el.querySelector(".r1w-failed-approaches-space .r1w-stat-value").textContent).toBe(
      HOSTILE,
    );
    expect(el.querySelector("a.r1w-failed-approaches-link").getAttribute("href")).toBe("#");
    expect(el.querySelectorAll('button[data-name="approach"]').length).toBeLessThanOrEqual(3);
  });

  it("survives missing values and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      search_space: null,
      share_searched: undefined,
      limitations: null,
      card: null,
    });
    await flush();
    expect(el.querySelector(".r1w-failed-approaches-space .r1w-stat-value").textContent).toBe("–");
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
