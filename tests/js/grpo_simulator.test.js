import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import view from "../../js/chapters/grpo_simulator.js";
import { FakeModel, mount, fire } from "./fake_model.js";

const state = () => ({
  success_rates: [0.7, 0.5, 0.3, 0.1],
  learning_rate: 0.2,
  group_size: 8,
  seed: 0,
  strategies: ["decompose", "verify", "guess pattern", "shortcut"],
  best_strategy: 0,
  probabilities: [0.25, 0.25, 0.25, 0.25],
  expected_reward: 0.4,
  last_group: [],
  last_group_reward: 0,
  group_note: "",
  lock_note: "",
  history: [{ step: 0, expected_reward: 0.4, probabilities: [0.25, 0.25, 0.25, 0.25] }],
  step_count: 0,
});

const group = [
  { strategy: "decompose", index: 0, reward: 1, advantage: 1 },
  { strategy: "shortcut", index: 3, reward: 0, advantage: -1 },
];

const stepText = (el) => el.querySelector(".r1w-grpo-simulator-steps .r1w-stat-value").textContent;
const buttonNamed = (el, cls) => el.querySelector(`button.r1w-grpo-simulator-${cls}`);

describe("GRPOSimulator view", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("renders the controls, four labelled bars and the readouts", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.classList.contains("r1w-grpo-simulator")).toBe(true);
    for (const name of [
      "learning_rate",
      "group_size",
      "seed",
      "success_rates.0",
      "success_rates.3",
    ]) {
      expect(el.querySelector(`input[data-name="${name}"]`)).not.toBeNull();
    }
    expect(el.querySelectorAll(".r1w-grpo-simulator-policy rect.r1w-bar").length).toBe(4);
    expect(el.querySelector(".r1w-grpo-simulator-policy rect.r1w-pos")).not.toBeNull();
    const ticks = [...el.querySelectorAll(".r1w-grpo-simulator-policy text")].map(
      (t) => t.textContent,
    );
    expect(ticks).toContain("guess pattern");
    expect(ticks).toContain("★ decompose"); // the best bar is marked by a sign, not colour alone
    expect(el.querySelector(".r1w-legend").textContent).toContain(
      "★ best: the highest success rate",
    );
    expect(ticks).toContain("succeeds 70%");
    // shown to the learner, hidden from the policy: the heading says which
    expect(el.textContent).toContain("its success rate (hidden from the policy)");
    expect(el.textContent).not.toMatch(/hidden success rate/);
    expect(ticks).toContain("25.0%");
    expect(stepText(el)).toBe("0");
    expect(el.querySelector(".r1w-grpo-simulator-expected .r1w-stat-value").textContent).toBe(
      "0.400",
    );
    expect(el.textContent).toContain("Success rate: verify");
  });

  it("names its simplifications and credits no paper with the std it uses", () => {
    const { el } = mount(view, new FakeModel(state()));
    const first = el.querySelector(".r1w-note").textContent;
    expect(first).toContain("no KL penalty and no clip");
    expect(first).toMatch(
      /one update of the policy that sampled it.*is exactly 1 there and a clip would never act/,
    );
    expect(el.textContent).toContain("(population std, ÷G; the papers don't say which)");
    expect(el.textContent).not.toContain("DeepSeekMath-style");
  });

  it("writes the knobs back, one list entry as the whole list", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const lr = el.querySelector('input[data-name="learning_rate"]');
    const values = lr.dataset.values.split(",").map(Number);
    expect(values).toContain(0.2);
    expect(Number(lr.value)).toBe(values.indexOf(0.2));
    fire(lr, values.indexOf(0.5));
    fire(el.querySelector('input[data-name="success_rates.2"]'), 0.9);
    fire(el.querySelector('input[data-name="group_size"]'), 16);
    expect(model.saved).toEqual([
      { learning_rate: 0.5 },
      { success_rates: [0.7, 0.5, 0.9, 0.1] },
      { group_size: 16 },
    ]);
  });

  it("sends step and reset actions and redraws when the kernel answers", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    buttonNamed(el, "step").click();
    buttonNamed(el, "reset").click();
    expect(model.sent).toEqual([{ action: "step" }, { action: "reset" }]);
    model.kernelUpdate({
      step_count: 1,
      last_group: group,
      last_group_reward: 0.5,
      probabilities: [0.3, 0.25, 0.25, 0.2],
      expected_reward: 0.435,
      history: [
        ...state().history,
        { step: 1, expected_reward: 0.435, probabilities: [0.3, 0.25, 0.25, 0.2] },
      ],
    });
    await vi.runAllTimersAsync();
    expect(stepText(el)).toBe("1");
    // the group's share rewarded in the same format as the expected reward: 0.500 beside 0.435
    expect(el.querySelector(".r1w-grpo-simulator-group-reward .r1w-stat-value").textContent).toBe(
      "0.500",
    );
    expect(el.querySelector(".r1w-grpo-simulator-expected .r1w-stat-value").textContent).toBe(
      "0.435",
    );
    const chips = el.querySelectorAll(".r1w-grpo-simulator-chip");
    expect(chips.length).toBe(2);
    expect(chips[0].classList.contains("r1w-grpo-simulator-up")).toBe(true);
    expect(chips[0].textContent).toContain("A +1.00");
    expect(chips[1].textContent).toContain("A −1.00");
    expect(chips[1].textContent).toContain("reward 0");
    expect(
      el.querySelector(".r1w-grpo-simulator-curve").getAttribute("points").split(" ").length,
    ).toBe(2);
  });

  it("plays by asking for a step every 300 ms, and stops on pause, at the limit and on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    const play = buttonNamed(el, "play");
    play.click();
    // the label says what the next press does; not also a pressed toggle ("Pause, pressed")
    expect(play.hasAttribute("aria-pressed")).toBe(false);
    expect(play.textContent).toBe("Pause");
    vi.advanceTimersByTime(950);
    expect(model.sent.length).toBe(3);
    play.click();
    vi.advanceTimersByTime(1000);
    expect(model.sent.length).toBe(3);
    expect(play.textContent).toBe("Play");

    play.click();
    model.kernelUpdate({ step_count: 500 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(play.textContent).toBe("Play");
    expect(play.hasAttribute("aria-pressed")).toBe(false);
    expect(model.sent.length).toBe(3);

    model.kernelUpdate({ step_count: 10 });
    play.click();
    cleanup();
    vi.advanceTimersByTime(1000);
    expect(model.sent.length).toBe(3);
    expect(model.listenerCount()).toBe(0);
  });

  it("plays fifty steps as the title says, then pauses; again for fifty more, even if the kernel lags", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const play = buttonNamed(el, "play");
    play.click();
    // the kernel never answers: the view still sends exactly fifty requests, no more
    await vi.advanceTimersByTimeAsync(300 * 80);
    expect(model.sent.length).toBe(50);
    expect(play.textContent).toBe("Play");
    model.kernelUpdate({ step_count: 50 });
    play.click();
    await vi.advanceTimersByTimeAsync(300 * 80);
    expect(model.sent.length).toBe(100); // from 50 to 100
    // from step 73 the next stop is 100: 27 steps
    model.kernelUpdate({ step_count: 73 });
    play.click();
    await vi.advanceTimersByTimeAsync(300 * 80);
    expect(model.sent.length).toBe(127);
  });

  it("ticks the step axis at round numbers: 0, 10, … 50 for fifty steps, by 100 for five hundred", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const xTicks = () =>
      [...el.querySelectorAll(".r1w-grpo-simulator-history .r1w-axes text.r1w-tick")]
        .filter((t) => t.getAttribute("text-anchor") === "middle")
        .map((t) => t.textContent);
    expect(xTicks()).toEqual(["0", "10", "20", "30", "40", "50"]);
    const hist = (n) =>
      Array.from({ length: n + 1 }, (_, i) => ({
        step: i,
        expected_reward: 0.4,
        probabilities: [0.25, 0.25, 0.25, 0.25],
      }));
    model.kernelUpdate({ history: hist(94), step_count: 94 });
    await vi.runAllTimersAsync();
    expect(xTicks()).toEqual(["0", "20", "40", "60", "80", "100"]);
    model.kernelUpdate({ history: hist(500), step_count: 500 });
    await vi.runAllTimersAsync();
    expect(xTicks()).toEqual(["0", "100", "200", "300", "400", "500"]);
  });

  it("says why a step taught nothing when every reward of the group was equal", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const note = el.querySelector(".r1w-grpo-simulator-group-note");
    expect(note.hidden).toBe(true);
    expect(note.getAttribute("aria-live")).toBe("polite");
    model.kernelUpdate({
      step_count: 1,
      last_group: [
        { strategy: "decompose", index: 0, reward: 1, advantage: 0 },
        { strategy: "verify", index: 1, reward: 1, advantage: 0 },
      ],
      group_note:
        "No learning this step: all 2 rollouts of the group got reward 1, so every advantage is 0.",
    });
    await vi.runAllTimersAsync();
    expect(note.hidden).toBe(false);
    expect(note.textContent).toContain("No learning this step");
    model.kernelUpdate({ last_group: group, group_note: "" });
    await vi.runAllTimersAsync();
    expect(note.hidden).toBe(true);
  });

  it("hints at the collapse and shows the kernel's status line when the policy locks", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelector(".r1w-grpo-simulator-hint").textContent).toMatch(
      /η = 2.*seed 1.*group size to 2/,
    );
    const lock = el.querySelector(".r1w-grpo-simulator-lock-note");
    expect(lock.getAttribute("role")).toBe("status");
    expect(lock.hidden).toBe(true);
    const text = "Collapse: locked onto verify (96.5%), not the best strategy (decompose).";
    model.kernelUpdate({ lock_note: text });
    await vi.runAllTimersAsync();
    expect(lock.hidden).toBe(false);
    expect(lock.textContent).toBe(text);
    model.kernelUpdate({ lock_note: "" });
    await vi.runAllTimersAsync();
    expect(lock.hidden).toBe(true);
  });

  it("never draws chips from an unconfirmed group size", async () => {
    const model = new FakeModel({ ...state(), last_group: group, step_count: 1 });
    const { el } = mount(view, model);
    const chips = () => el.querySelectorAll(".r1w-grpo-simulator-chip").length;
    expect(chips()).toBe(2);
    const slider = el.querySelector('input[data-name="group_size"]');
    slider.max = "999";
    fire(slider, 999);
    model.kernelUpdate({ group_size: 999 });
    await vi.runAllTimersAsync();
    expect(chips()).toBe(2);
    model.kernelUpdate({ last_group: Array.from({ length: 999 }, () => group[0]) });
    await vi.runAllTimersAsync();
    expect(chips()).toBe(64);
  });

  it("is a list only while it holds rollouts, and its charts say their values in words", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const list = el.querySelector(".r1w-grpo-simulator-chips");
    const hint = el.querySelector(".r1w-grpo-simulator-no-group");
    // before the first step: no list without list items (a screen reader error), a hint instead
    expect(list.hidden).toBe(true);
    expect(hint.hidden).toBe(false);
    expect(hint.textContent).toBe("Press Step to sample the first group.");
    const policy = el.querySelector(".r1w-grpo-simulator-policy svg");
    expect(policy.getAttribute("role")).toBe("img");
    expect(policy.getAttribute("aria-label")).toBe(
      "Probability of each strategy under the current policy: decompose (best) 25.0%, succeeds 70%; " +
        "verify 25.0%, succeeds 50%; guess pattern 25.0%, succeeds 30%; shortcut 25.0%, succeeds 10%",
    );
    model.kernelUpdate({
      step_count: 1,
      last_group: group,
      probabilities: [0.4, 0.2, 0.2, 0.2],
      history: [
        ...state().history,
        { step: 1, expected_reward: 0.46, probabilities: [0.4, 0.2, 0.2, 0.2] },
      ],
    });
    await vi.runAllTimersAsync();
    expect(list.hidden).toBe(false);
    expect(hint.hidden).toBe(true);
    expect([...list.children].every((c) => c.getAttribute("role") === "listitem")).toBe(true);
    expect(list.children.length).toBe(2);
    expect(el.querySelector(".r1w-grpo-simulator-policy svg").getAttribute("aria-label")).toContain(
      "decompose (best) 40.0%",
    );
    expect(el.querySelector(".r1w-grpo-simulator-history svg").getAttribute("aria-label")).toBe(
      "Expected reward of the policy by step: 0.400 at step 0, 0.460 at step 1 now; the best strategy's success rate, the most it can reach, is 0.70",
    );
    model.kernelUpdate({ step_count: 0, last_group: [] }); // reset
    await vi.runAllTimersAsync();
    expect(list.hidden).toBe(true);
    expect(hint.hidden).toBe(false);
  });

  it("shows hostile strings as text", async () => {
    const evil = "<img src=x onerror=alert(1)>";
    const model = new FakeModel({ ...state(), strategies: [evil, "b", "c", "d"] });
    const { el } = mount(view, model);
    model.kernelUpdate({
      error: `seed refused: ${evil}`,
      last_group: [{ strategy: evil, index: 0, reward: 1, advantage: 0 }],
      step_count: 1,
    });
    await vi.runAllTimersAsync();
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".r1w-error").textContent).toContain(evil);
    expect(el.querySelector(".r1w-grpo-simulator-chip").textContent).toContain(evil);
    expect(el.textContent).toContain(`Success rate: ${evil}`);
  });
});
