import { describe, expect, it } from "vitest";
import view from "../../js/chapters/grpo_loss.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const state = () => ({
  group_size: 4,
  rewards: [1, 0, 0, 1],
  ratios: [1.15, 0.9, 1, 1.3],
  lengths: [180, 420, 260, 350],
  clip_epsilon: 0.2,
  clip_epsilon_high: 0.28,
  kl_beta: 0.04,
  std_mode: "population",
  loss_type: "grpo",
  preset_name: "",
  preset_note: "",
  group_mean: 0.5,
  group_std: 0.5,
  advantages: [1, -1, -1, 1],
  surrogate: [1.15, -0.9, -1, 1.2],
  clip_active: [0, 0, 0, 1],
  kl: [0.0093, 0.0058, 0, 0.0316],
  weights: [0.25, 0.25, 0.25, 0.25],
  policy_gain: 0.1125,
  kl_penalty: 0.0005,
  objective: 0.112,
});

describe("GRPOLoss view", () => {
  it("renders one row per rollout with the kernel's numbers", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    expect(el.querySelectorAll("tbody tr").length).toBe(4);
    expect(el.querySelector(".r1w-objective .r1w-stat-value").textContent).toBe("+0.1120");
    expect(el.querySelectorAll(".r1w-pill.r1w-on").length).toBe(1);
    expect(el.querySelectorAll("svg rect.r1w-bar").length).toBe(4);
  });

  it("writes a rollout's reward back as the whole list", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const second = el.querySelector('input[data-name="rewards.1"]');
    fire(second, 0.5);
    expect(model.saved.at(-1)).toEqual({ rewards: [1, 0.5, 0, 1] });
  });

  it("writes scalar knobs and selects back", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    fire(el.querySelector('input[data-name="kl_beta"]'), 0.5);
    fire(el.querySelector('select[data-name="loss_type"]'), "dapo", "change");
    expect(model.saved).toEqual([{ kl_beta: 0.5 }, { loss_type: "dapo" }]);
  });

  it("rebuilds the rows when the kernel changes the group size, and redraws once per batch", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    model.kernelUpdate({
      group_size: 6,
      rewards: [1, 0, 0, 1, 0, 0],
      ratios: [1, 1, 1, 1, 1, 1],
      lengths: [1, 1, 1, 1, 1, 1],
      advantages: [1.4, -0.7, -0.7, 1.4, -0.7, -0.7],
      objective: -0.25,
    });
    await flush();
    expect(el.querySelectorAll("tbody tr").length).toBe(6);
    expect(el.querySelector(".r1w-objective .r1w-stat-value").textContent).toBe("−0.2500");
  });

  it("disables ε_high unless the loss is DAPO", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const hi = el.querySelector('input[data-name="clip_epsilon_high"]');
    expect(hi.disabled).toBe(true);
    model.kernelUpdate({ loss_type: "dapo" });
    await flush();
    expect(hi.disabled).toBe(false);
  });

  it("shows the kernel's refusal as text and removes its listeners on cleanup", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({ error: "kl_beta refused: <script>x</script>" });
    await flush();
    expect(el.querySelector(".r1w-error").textContent).toContain("<script>x</script>");
    expect(el.querySelector("script")).toBeNull();
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
