import { describe, expect, it, vi } from "vitest";
import {
  Scope,
  h,
  num,
  signed,
  pct,
  int,
  slider,
  select,
  errorLine,
  textInput,
  promptLine,
  scrollArea,
  srOnly,
  chartLabel,
  srTable,
  plot,
  sci,
  textLimit,
} from "../../js/lib/kit.js";
import { FakeModel, flush, fire } from "./fake_model.js";

describe("number formats", () => {
  it("formats with a true minus sign and a dash for missing values", () => {
    expect(num(-0.5, 2)).toBe("−0.50");
    expect(num(Number.NaN)).toBe("–");
    expect(num(undefined)).toBe("–");
    expect(num(-0.00001, 3)).toBe("0.000");
    expect(signed(0.25, 2)).toBe("+0.25");
    expect(signed(0, 2)).toBe("0.00");
    expect(pct(0.123)).toBe("12.3%");
    expect(int(671000)).toBe("671,000");
  });
});

describe("controls", () => {
  it("a slider shows the model value, writes input back and marks itself for JupyterLab", async () => {
    const model = new FakeModel({ beta: 0.04 });
    const scope = new Scope(model);
    const sl = slider(scope, {
      name: "beta",
      label: "β",
      min: 0,
      max: 1,
      step: 0.01,
      unit: "nats",
    });
    expect(sl.input.value).toBe("0.04");
    expect(sl.out.textContent).toBe("0.04 nats");
    expect(sl.input.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    expect(sl.el.querySelector("label").htmlFor).toBe(sl.input.id);
    fire(sl.input, 0.5);
    expect(model.saved).toEqual([{ beta: 0.5 }]);
    model.kernelUpdate({ beta: 0.1 }); // the kernel snaps it back
    await flush();
    expect(sl.input.value).toBe("0.1");
  });

  it("a slider's readout is as wide as its widest value, so the track never moves", () => {
    const fmt = (v) => int(v);
    const ladderSlider = slider(new Scope(new FakeModel({ b: 0 })), {
      name: "b",
      label: "budget",
      values: [0, 10, 4000, 32768],
      format: fmt,
      unit: "tokens",
    });
    expect(ladderSlider.out.style.minWidth).toBe("13ch"); // "32,768 tokens"
    const plain = slider(new Scope(new FakeModel({ k: 3 })), {
      name: "k",
      label: "k",
      min: 1,
      max: 100,
      step: 1,
    });
    expect(plain.out.style.minWidth).toBe("6ch"); // "100.00" is the widest of 1.00..100.00
    const huge = slider(new Scope(new FakeModel({ x: 0 })), {
      name: "x",
      label: "x",
      min: 0,
      max: 1e6,
      step: 1,
      format: fmt,
    });
    expect(huge.out.style.minWidth).toBe("9ch"); // its ends only: "1,000,000"
  });

  it("a list slider writes the whole list with one entry changed", () => {
    const model = new FakeModel({ r: [0, 1, 0] });
    const sl = slider(new Scope(model), {
      name: "r",
      index: 1,
      label: "r1",
      min: 0,
      max: 1,
      step: 0.1,
    });
    fire(sl.input, 0.3);
    expect(model.saved).toEqual([{ r: [0, 0.3, 0] }]);
  });

  it("a select writes its value", () => {
    const model = new FakeModel({ mode: "a" });
    const sel = select(new Scope(model), {
      name: "mode",
      label: "Mode",
      options: [
        ["a", "A"],
        ["b", "B"],
      ],
    });
    fire(sel.select, "b", "change");
    expect(model.saved).toEqual([{ mode: "b" }]);
  });

  it("text is text: markup from the model is never parsed", async () => {
    const model = new FakeModel({ error: "" });
    const line = errorLine(new Scope(model));
    model.kernelUpdate({ error: "<img src=x onerror=alert(1)>" });
    await flush();
    expect(line.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(line.querySelector("img")).toBeNull();
    expect(h("p", { text: "<b>x</b>" }).children.length).toBe(0);
  });

  it("cleanup removes every listener", () => {
    const model = new FakeModel({ beta: 0 });
    const scope = new Scope(model);
    slider(scope, { name: "beta", label: "β", min: 0, max: 1, step: 0.1 });
    expect(model.listenerCount()).toBeGreaterThan(0);
    scope.cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});

describe("text controls", () => {
  it("send the first edit at once, throttle the rest, and keep text that is still to be sent", async () => {
    vi.useFakeTimers();
    try {
      const model = new FakeModel({ truth: "5" });
      const field = textInput(new Scope(model), { name: "truth", label: "Ground truth" });
      fire(field.input, "6");
      expect(model.saved).toEqual([{ truth: "6" }]); // no waiting for a pause in typing
      fire(field.input, "60");
      fire(field.input, "600");
      expect(model.saved.length).toBe(1);
      model.kernelUpdate({ truth: "6" }); // a late echo must not eat the newer keystrokes
      await Promise.resolve();
      expect(field.input.value).toBe("600");
      vi.advanceTimersByTime(200);
      expect(model.saved).toEqual([{ truth: "6" }, { truth: "600" }]); // the last text goes out
      model.kernelUpdate({ truth: "5" }); // a refusal snaps the field back
      await Promise.resolve();
      expect(field.input.value).toBe("5");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("Scope.watch", () => {
  it("coalesces a burst into one redraw, in a microtask or, for charts, in the next frame", async () => {
    const model = new FakeModel({ a: 1, b: 2 });
    const scope = new Scope(model);
    const calls = { now: 0, frame: 0 };
    scope.watch(["a", "b"], () => (calls.now += 1));
    scope.watch(["a", "b"], () => (calls.frame += 1), { frame: true });
    expect(calls).toEqual({ now: 1, frame: 1 }); // both draw at once when made
    model.kernelUpdate({ a: 3, b: 4 });
    await Promise.resolve();
    expect(calls).toEqual({ now: 2, frame: 1 }); // the readout first...
    await new Promise((done) => requestAnimationFrame(done));
    expect(calls).toEqual({ now: 2, frame: 2 }); // ...the chart in the frame that paints both
    scope.cleanup();
    model.kernelUpdate({ a: 5 });
    await new Promise((done) => requestAnimationFrame(done));
    expect(calls).toEqual({ now: 2, frame: 2 }); // nothing after cleanup
  });
});

describe("promptLine", () => {
  it("shows the question and its ground truth as text and follows the kernel", async () => {
    const model = new FakeModel({ prompt: "What is 2 + 2?", ground_truth: "4" });
    const line = promptLine(new Scope(model), "r1w-x-prompt");
    expect(line.classList.contains("r1w-prompt") && line.classList.contains("r1w-x-prompt")).toBe(
      true,
    );
    expect(line.textContent).toBe("PromptQ: What is 2 + 2?ground truth 4");
    model.kernelUpdate({ prompt: "<b>bold?</b>", ground_truth: "5" });
    await flush();
    expect(line.querySelector("b")).toBeNull();
    expect(line.textContent).toBe("PromptQ: <b>bold?</b>ground truth 5");
  });
});

describe("ids, ladders and bounds", () => {
  it("ids stay unique across separate copies of the kit on one page", async () => {
    // Each chapter bundle inlines its own copy of the kit: load a second, fresh copy.
    const first = await import("../../js/lib/kit.js");
    vi.resetModules();
    const second = await import("../../js/lib/kit.js?copy=2");
    expect(second).not.toBe(first);
    const ids = new Set();
    for (let i = 0; i < 50; i += 1) {
      ids.add(first.newId());
      ids.add(second.newId());
    }
    expect(ids.size).toBe(100);
  });

  it("a log ladder spaces each decade evenly and holds the published values exactly", async () => {
    const { ladder, ladderIndex } = await import("../../js/lib/kit.js");
    const betas = ladder(0.0001, 2, { zero: true, extra: [0.001, 0.04] });
    expect(betas[0]).toBe(0);
    expect(betas).toContain(0.001);
    expect(betas).toContain(0.04);
    expect(betas.at(-1)).toBe(2);
    for (let i = 1; i < betas.length; i += 1) expect(betas[i]).toBeGreaterThan(betas[i - 1]);
    // every decade from 1e-4 to 1 has the same number of stops
    const perDecade = [-4, -3, -2, -1].map(
      (e) => betas.filter((b) => b >= 10 ** e && b < 10 ** (e + 1)).length,
    );
    expect(new Set(perDecade).size).toBe(1);
    const lengths = ladder(1, 8192, { integer: true, extra: [180, 420] });
    expect(lengths.every(Number.isInteger)).toBe(true);
    expect(lengths.indexOf(420) - lengths.indexOf(180)).toBeGreaterThanOrEqual(3);
    expect(ladderIndex(betas, 0.041)).toBe(betas.indexOf(0.04));
    expect(ladderIndex(betas, 0)).toBe(0);
  });

  it("a ladder slider writes ladder values and shows the model's exact value", async () => {
    const { ladder } = await import("../../js/lib/kit.js");
    const values = ladder(0.01, 10, { extra: [0.2] });
    const model = new FakeModel({ eps: 0.2 });
    const sl = slider(new Scope(model), {
      name: "eps",
      label: "ε",
      values,
      format: (v) => num(v, 3),
    });
    expect(Number(sl.input.value)).toBe(values.indexOf(0.2));
    expect(sl.out.textContent).toBe("0.200");
    fire(sl.input, values.indexOf(0.2) + 1);
    expect(model.saved.at(-1)).toEqual({ eps: values[values.indexOf(0.2) + 1] });
    fire(sl.input, 10_000); // a tampered track cannot index past the ladder
    expect(model.saved.at(-1)).toEqual({ eps: 10 });
  });

  it("boundedInt clamps what a view builds structure from", async () => {
    const { boundedInt } = await import("../../js/lib/kit.js");
    expect(boundedInt(999, 2, 16)).toBe(16);
    expect(boundedInt(-5, 2, 16)).toBe(2);
    expect(boundedInt("7", 2, 16)).toBe(7);
    expect(boundedInt(Number.NaN, 2, 16)).toBe(2);
  });

  it("plot ticks use a true minus sign", async () => {
    const { plot } = await import("../../js/lib/kit.js");
    const p = plot({ x: [0, 1], y: [-3, 3], yTicks: [-3, 0, 3] });
    const ticks = [...p.svg.querySelectorAll(".r1w-tick")].map((t) => t.textContent);
    expect(ticks).toEqual(["−3", "0", "3"]);
  });
});

describe("scroll areas", () => {
  it("a scroll area is a named, focusable region that JupyterLab leaves alone", () => {
    const area = scrollArea(h("table"), "Rollouts of the group");
    expect(area.getAttribute("role")).toBe("region");
    expect(area.getAttribute("aria-label")).toBe("Rollouts of the group");
    expect(area.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    expect(area.querySelector("table")).not.toBeNull();
  });

  it("a scroll area is a tab stop only while its content overflows", () => {
    const area = scrollArea(h("table"), "Wide table");
    let scrollWidth = 300;
    Object.defineProperty(area, "scrollWidth", { get: () => scrollWidth });
    Object.defineProperty(area, "clientWidth", { get: () => 300 });
    area.dispatchEvent(new Event("scroll"));
    expect(area.tabIndex).toBe(-1);
    expect(area.classList.contains("r1w-more-right")).toBe(false);
    scrollWidth = 500;
    area.dispatchEvent(new Event("scroll"));
    expect(area.tabIndex).toBe(0);
    expect(area.classList.contains("r1w-more-right")).toBe(true);
  });
});

describe("text alternatives", () => {
  it("srOnly is text, hidden on screen by the theme's class", () => {
    const el = srOnly("<b>policy</b> A 0.5", "p");
    expect(el.tagName).toBe("P");
    expect(el.className).toBe("r1w-sr-only");
    expect(el.textContent).toBe("<b>policy</b> A 0.5");
    expect(el.children.length).toBe(0);
  });

  it("chartLabel names a chart as an image, with one title that follows each relabel", () => {
    const p = plot({ x: [0, 1], y: [0, 1], title: "Reward by step" });
    expect(p.svg.getAttribute("role")).toBe("img");
    expect(p.svg.getAttribute("aria-label")).toBe("Reward by step");
    chartLabel(p.svg, "Reward by step: 0.2 at step 0, 0.8 at step 50");
    const titles = [...p.svg.children].filter((c) => c.tagName.toLowerCase() === "title");
    expect(titles.length).toBe(1);
    expect(titles[0].textContent).toBe("Reward by step: 0.2 at step 0, 0.8 at step 50");
    expect(p.svg.getAttribute("aria-label")).toBe("Reward by step: 0.2 at step 0, 0.8 at step 50");
    // a chart drawn without a title gets its name later, the title first in the svg
    const bare = plot({ x: [0, 1], y: [0, 1] });
    expect(bare.svg.getAttribute("aria-label")).toBeNull();
    chartLabel(bare.svg, "Advantages");
    expect(bare.svg.firstChild.tagName.toLowerCase()).toBe("title");
  });

  it("srTable holds a chart's values as text, with a caption and column headings", () => {
    const t = srTable(
      "Probability by strategy",
      ["strategy", "probability"],
      [
        ["<i>guess</i>", "25%"],
        ["verify", 0.75],
      ],
    );
    expect(t.className).toBe("r1w-sr-only");
    expect(t.querySelector("caption").textContent).toBe("Probability by strategy");
    expect(
      [...t.querySelectorAll("th")].map((x) => [x.textContent, x.getAttribute("scope")]),
    ).toEqual([
      ["strategy", "col"],
      ["probability", "col"],
    ]);
    expect(
      [...t.querySelectorAll("tbody tr")].map((r) => [...r.cells].map((c) => c.textContent)),
    ).toEqual([
      ["<i>guess</i>", "25%"],
      ["verify", "0.75"],
    ]);
    expect(t.querySelector("i")).toBeNull();
  });
});

describe("sci", () => {
  it("writes powers of ten with superscript digits and a true minus", () => {
    expect(sci(0.00018, 1)).toBe("1.8×10⁻⁴");
    expect(sci(-12345, 2)).toBe("−1.23×10⁴");
    expect(sci(1e-300, 0)).toBe("1×10⁻³⁰⁰");
  });
});

describe("textLimit", () => {
  it("says how much of a paste the box dropped, and nothing for short text", () => {
    const area = document.createElement("textarea");
    const { el, update } = textLimit(area, { max: 10, near: 8, readsOnly: "only ten count." });
    expect(area.getAttribute("aria-describedby")).toBe(el.id);
    area.value = "abc";
    update();
    expect(el.hidden).toBe(true);
    const paste = new Event("paste");
    paste.clipboardData = { getData: () => "x".repeat(14) };
    area.dispatchEvent(paste); // 3 kept + 14 pasted = 17: 7 dropped
    area.value = "x".repeat(10);
    area.dispatchEvent(new Event("input"));
    expect(el.textContent).toBe(
      "Cut at 10 characters: the last 7 characters of your paste were dropped, so only ten count.",
    );
    area.value = "x".repeat(9);
    update();
    expect(el.textContent).toBe("9 of 10 characters (the most the box holds).");
  });
});
