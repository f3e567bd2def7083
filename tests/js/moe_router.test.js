import { afterEach, describe, expect, it, vi } from "vitest";
import view, { counted, nextToken, params } from "../../js/chapters/moe_router.js";
import { FakeModel, mount, flush, fire } from "./fake_model.js";

const HOSTILE = "<img src=x onerror=1>";
const frame = () => new Promise((r) => setTimeout(r, 40)); // redraws that wait for a frame

// A small state as the kernel would send it: 16 routed experts in 8 groups of 2, k = 2.
const row = (expert, score, bias, keptGroup, chosen, gate) => ({
  expert,
  group: Math.floor(expert / 2),
  score,
  bias,
  biased: score + bias,
  group_kept: keptGroup,
  chosen,
  gate,
});
const state = () => ({
  title: "15 · The router",
  tokens: ["Tiny", HOSTILE, "router"],
  selected_token: 1,
  n_routed_experts: 16,
  n_active_experts: 2,
  seed: 0,
  balance_steps: 2,
  router_scores: [
    row(4, 0.95, 0.02, true, true, 1.3),
    row(0, 0.94, 0.0, false, false, 0),
    row(6, 0.9, -0.02, true, true, 1.2),
    row(7, 0.8, 0.0, true, false, 0),
  ],
  selected_experts: [4, 6],
  gate_weights: [1.3, 1.2],
  unbiased_experts: [4, 7],
  bias_changes: { left: [7], joined: [6] },
  group_scores: [1.0, 0.5, 1.6, 1.7, 0.4, 0.3, 0.2, 0.1],
  kept_groups: [3, 2, 0, 1],
  expert_load: [0, 1, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  load_summary: {
    busiest: 4,
    max: 3,
    idle: 13,
    used: 3,
    above_mean: 3,
    below_mean: 13,
    slots: 6,
    min_idle: 10,
  },
  mean_load: 0.375,
  bias: Array(16).fill(0),
  max_active_experts: 8,
  kept_capacity: 8,
  shared_expert_gate: 1,
  balance_gamma: 0.02,
  total_parameters: 671026419200,
  active_parameters: 37552297472,
  sparsity: 37552297472 / 671026419200,
  published_share: 37 / 671,
  parameter_parts: [
    {
      part: "Routed expert",
      each: 44040192,
      copies: 58 * 256,
      active_copies: 58 * 8,
      total: 44040192 * 58 * 256,
      active: 44040192 * 58 * 8,
    },
    { part: HOSTILE, each: 7168, copies: 1, active_copies: 1, total: 7168, active: 7168 },
  ],
  v3_config: [{ field: "dim", label: "Hidden size", value: 7168, source: "config dim" }],
  published: {
    total_b: { label: "t", value: 671, source: "P-v1 §3" },
    active_b: { label: "a", value: 37, source: "P-v1 §3 a" },
    readme_active_b: { label: "r", value: 36.7, source: "README_WEIGHTS" },
    mtp_b: { label: "m", value: 14, source: "README_WEIGHTS mtp" },
    gamma: { label: "g", value: 0.001, source: "P-V3 gamma" },
    alpha: { label: "al", value: 0.0001, source: "P-V3 §4.2 alpha" },
    readme_embedding_b: { label: "e", value: 0.9, source: "README_WEIGHTS emb" },
    readme_head_b: { label: "hd", value: 0.9, source: "README_WEIGHTS head" },
    gpus: { label: "g", value: 64, source: "P-V3 nodes" },
    nodes: { label: "n", value: 8, source: "P-V3 nodes" },
    max_nodes: { label: "mn", value: 4, source: "P-V3 §4.2 M" },
    specialisation: {
      label: "sp",
      value: "on a test model, a load pattern",
      source: "P-V3 Fig. 9",
    },
  },
  architecture: {
    n_layers: 61,
    n_dense_layers: 3,
    n_moe_layers: 58,
    n_routed_experts: 256,
    n_shared_experts: 1,
    n_activated_experts: 8,
    n_groups: 8,
    n_limited_groups: 4,
    group_top: 2,
    group_size: 32,
    n_experts_per_layer: 257,
    route_scale: 2.5,
    dim: 7168,
    inter_dim: 18432,
    moe_inter_dim: 2048,
    kv_lora_rank: 512,
    qk_rope_head_dim: 64,
    toy_dim: 16,
    embedding: 926679040,
    output_head: 926679040,
    v3_active: 37552297472,
    gap_to_readme: 852297472,
    gap_share: 852297472 / 37552297472,
    gamma_ratio: 20,
    max_active: 32,
    max_balance_steps: 40,
    expert_counts: [8, 16, 32, 64, 128, 256],
    max_tokens: 24,
    max_token_chars: 24,
  },
  route_scale: { label: "Gate scale", value: 2.5, source: "config route_scale" },
  notice: "",
});

const tokens = (el) => [...el.querySelectorAll("button.r1w-moe-router-token")];

describe("MoERouter view", () => {
  it("draws tokens as native toggle buttons, hostile text as text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    expect(el.classList.contains("r1w-moe-router")).toBe(true);
    const b = tokens(el);
    expect(b.map((x) => x.textContent)).toEqual(["Tiny", HOSTILE, "router"]);
    expect(b.every((x) => x.type === "button" && x.dataset.name === "selected_token")).toBe(true);
    expect(b.map((x) => x.getAttribute("aria-pressed"))).toEqual(["false", "true", "false"]);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector('[role="group"]').getAttribute("aria-label")).toMatch(/Tokens/);
    expect(el.querySelector('input[data-name="tokens"]').value).toBe(`Tiny ${HOSTILE} router`);
    // the explanation takes its numbers from the kernel
    expect(el.textContent).toContain("In 58 of its 61 layers");
    expect(el.textContent).toContain("multiplied by 2.5");
    expect(el.textContent).toContain("illustrative");
    // the MoE layer replaces the FFN (it is not a dense FFN cut up), sizes from the kernel
    expect(el.textContent).toContain(
      "is replaced by 257 small FFNs called experts, each 2,048 wide (a dense FFN is 18,432)",
    );
    expect(el.textContent).not.toContain("split into 256");
    expect(el.textContent).toContain("V3's code calls it the gate");
    expect(el.textContent).toContain("one row of the router's weight matrix");
    expect(el.textContent).toContain(
      "the k experts (8 in V3) with the highest s + b in the kept groups",
    );
    expect(el.textContent).toContain("sub-word tokens");
    // groups are explained by V3's nodes, every number from the kernel
    const groups = el.querySelector(".r1w-moe-router-groups").textContent;
    expect(groups).toContain("sit on 64 GPUs in 8 nodes (machines)");
    expect(groups).toContain("at most M = 4 nodes");
    expect(groups).toContain("K_r/M = 8/4 = 2 best scores (P-V3 nodes; P-V3 §4.2 M)");
    expect(groups).toContain("8 groups of 32 experts: each group stands for a node");
    // specialisation: the seed's claim has no source, V3's load pattern has one
    expect(el.textContent).toContain("No DeepSeek source says that.");
    expect(el.textContent).toContain(
      "The V3 report does show, on a test model, a load pattern (P-V3 Fig. 9).",
    );
    expect(el.textContent).not.toContain("no DeepSeek source says so");
    // terms: MLA's cache and SwiGLU's formula
    const terms = el.querySelector(".r1w-moe-router-terms").textContent;
    expect(terms).toContain("(512 values plus a 64-value RoPE key per token)");
    expect(terms).toContain("out = W2·(SiLU(W1 x) ⊙ W3 x)");
  });

  it("selects by click and moves focus with the arrow keys (one Tab stop)", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const b = tokens(el);
    expect(b.map((x) => x.tabIndex)).toEqual([-1, 0, -1]);
    b[2].click();
    expect(model.saved.at(-1)).toEqual({ selected_token: 2 });
    b[1].focus();
    b[1].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(b[2]);
    expect(b.map((x) => x.tabIndex)).toEqual([-1, -1, 0]);
    b[2].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(b[2]); // no wrap
    b[2].dispatchEvent(new KeyboardEvent("keydown", { key: "Home", bubbles: true }));
    expect(document.activeElement).toBe(b[0]);
    expect(nextToken(0, 3, "End")).toBe(2);
    expect(nextToken(1, 3, "a")).toBeNull();
  });

  it("sends the sentence split at spaces, and numbers for the expert count", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const input = el.querySelector('input[data-name="tokens"]');
    input.value = "  Mixture   of experts ";
    el.querySelector("form").dispatchEvent(new Event("submit", { cancelable: true }));
    expect(model.saved.at(-1)).toEqual({ tokens: ["Mixture", "of", "experts"] });
    input.value = "   ";
    el.querySelector("form").dispatchEvent(new Event("submit", { cancelable: true }));
    expect(model.saved.at(-1)).toEqual({ tokens: [] }); // the kernel refuses it and snaps back
    const count = el.querySelector('select[data-name="n_routed_experts"]');
    expect([...count.options].map((o) => o.textContent)).toEqual([
      "8",
      "16",
      "32",
      "64",
      "128",
      "256 (V3)",
    ]);
    expect(count.value).toBe("16");
    fire(count, "64", "change");
    expect(model.saved.at(-1)).toEqual({ n_routed_experts: 64 });
    const k = el.querySelector('input[data-name="n_active_experts"]');
    expect(k.max).toBe("8"); // the kernel's limit for 16 experts
    fire(k, "3");
    expect(model.saved.at(-1)).toEqual({ n_active_experts: 3 });
    el.querySelector(".r1w-moe-router-balance").click();
    el.querySelector(".r1w-moe-router-reset").click();
    expect(model.sent).toEqual([{ action: "balance" }, { action: "reset_bias" }]);
  });

  it("lists each score with a word for chosen, passed over or masked", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const rows = [...el.querySelectorAll(".r1w-moe-router-score")];
    expect(rows.length).toBe(4);
    expect(rows[0].textContent).toContain("expert 4 · group 2");
    expect(rows[0].textContent).toContain("✓ chosen, gate 1.300");
    expect(rows[0].textContent).toContain("b +0.02");
    expect(rows[1].textContent).toContain("✗ not chosen: group 0 masked");
    expect(rows[3].textContent).toContain("✗ not chosen: below the top 2");
    expect(rows[0].querySelector(".r1w-moe-router-fill").style.width).toBe("95%");
    const summary = el.querySelector(".r1w-moe-router-summary");
    expect(summary.getAttribute("aria-live")).toBe("polite");
    expect(summary.textContent).toContain(`“${HOSTILE}” goes to 2 routed experts: 4 (gate 1.300)`);
    expect(summary.textContent).toContain("shared expert, always on with weight 1");
    expect(el.querySelector(".r1w-moe-router-bias-line").textContent).toContain(
      "expert 7 left, 6 joined",
    );
  });

  it("marks chosen experts and kept groups with signs and names the grid", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const groups = [...el.querySelectorAll(".r1w-moe-router-group")];
    expect(groups.length).toBe(8);
    expect(el.querySelectorAll(".r1w-moe-router-cells .r1w-moe-router-cell").length).toBe(16);
    expect(el.querySelectorAll(".r1w-moe-router-cell-chosen").length).toBe(2);
    expect(groups[2].textContent).toContain("Group 2 ✓ kept");
    expect(groups[2].textContent).toContain("chosen 4");
    expect(groups[5].textContent).toContain("Group 5 ✗ masked");
    const grid = el.querySelector(".r1w-moe-router-grid");
    expect(grid.getAttribute("role")).toBe("img");
    expect(grid.getAttribute("aria-label")).toContain("Kept groups: 0, 1, 2, 3");
    expect(grid.getAttribute("aria-label")).toContain("Chosen experts: 4, 6");
    const table = el.querySelector("table.r1w-sr-only");
    expect(table.querySelectorAll("tbody tr").length).toBe(8);
    // the load chart is named with its numbers
    const svg = el.querySelector(".r1w-moe-router-load svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toContain("the busiest is expert 4 with 3");
    expect(svg.querySelectorAll("rect.r1w-bar").length).toBe(16);
    expect(svg.querySelectorAll("text.r1w-ref-label").length).toBe(0); // no text over the bars
    expect(el.querySelector(".r1w-moe-router-load .r1w-legend").textContent).toContain(
      "dashed line: the mean, 0.38 tokens per expert",
    );
  });

  it("shows the count with units and the paper's figures from the kernel", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const stat = (cls) => el.querySelector(`.${cls} .r1w-stat-value`).textContent;
    expect(stat("r1w-moe-router-total")).toBe("671.03B");
    expect(stat("r1w-moe-router-active")).toBe("37.55B");
    expect(stat("r1w-moe-router-share")).toBe("5.60%");
    const paper = el.querySelector(".r1w-moe-router-paper").textContent;
    expect(paper).toContain(
      "DeepSeek reports 671B in total (P-v1 §3) and 37B active per token (P-v1 §3 a); 37 ÷ 671 = 5.51%.",
    );
    expect(paper).toContain("Your setting differs"); // 16 experts, k = 2
    const gap = el.querySelector(".r1w-moe-router-gap").textContent;
    expect(gap).toContain("Why our active count with V3's setting (37.55B) is above DeepSeek's");
    expect(gap).toContain("counted whole (926.68M each;");
    expect(gap).toContain("a token reads only one row of the embedding");
    expect(gap).not.toContain("every weight one token passes through");
    expect(gap).toContain("includes 0.9B for the embedding and 0.9B for the head");
    expect(gap).toContain("The remaining 852.30M (2.3% of our count) is unexplained");
    expect(el.querySelector(".r1w-moe-router-mtp").textContent).toContain(
      "Not in the 671B: the 14B multi-token prediction (MTP) module",
    );
    const cells = [...el.querySelectorAll(".r1w-moe-router-parts tbody td")].map(
      (td) => td.textContent,
    );
    expect(cells.slice(0, 5)).toEqual([
      "Routed expert",
      "44.04M",
      "14,848 / 464",
      "653.91B",
      "20.43B",
    ]);
    expect(cells[5]).toBe(HOSTILE);
    expect(params(7168)).toBe("7,168");
    expect(params(NaN)).toBe("–");
  });

  it("redraws on kernel updates and bounds what it builds from hostile values", async () => {
    const model = new FakeModel(state());
    const { el, cleanup } = mount(view, model);
    model.kernelUpdate({
      selected_token: 2,
      notice: "Routed experts per token lowered from 8 to 4.",
      tokens: Array(500).fill("w".repeat(80)),
      n_routed_experts: 1e9,
      architecture: { ...state().architecture, n_groups: 1e6 },
    });
    await flush();
    await frame();
    const b = tokens(el);
    expect(b.length).toBe(24);
    expect(b[0].textContent.length).toBe(24);
    expect(b[2].getAttribute("aria-pressed")).toBe("true");
    const notice = el.querySelector(".r1w-moe-router-notice");
    expect(notice.hidden).toBe(false);
    expect(notice.getAttribute("aria-live")).toBe("polite");
    expect(notice.textContent).toContain("lowered from 8 to 4");
    expect(el.querySelectorAll(".r1w-moe-router-group").length).toBeLessThanOrEqual(16);
    expect(el.querySelectorAll(".r1w-moe-router-cell").length).toBeLessThanOrEqual(257);
    model.kernelUpdate({ error: "seed refused: seed must be at most 999" });
    await flush();
    const other = el.querySelector(".r1w-moe-router-error");
    expect(other.textContent).toBe("seed refused: seed must be at most 999"); // no "Refused: " before it
    expect(other.hidden).toBe(false);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("explains balancing with counts from the kernel: who goes down, who stays idle", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await frame();
    const line = () => el.querySelector(".r1w-moe-router-load-line").textContent;
    expect(line()).toContain("next step, 3 go down and 13 go up");
    expect(line()).toContain("(the mean is under 1 token, so every expert used at all goes down)");
    expect(line()).toContain("With 3 tokens × 2 choices (6) for 16 experts, at least 10 stay idle");
    expect(line()).toContain("V3 uses a 20× smaller γ on a new training batch each step");
    model.kernelUpdate({
      mean_load: 1.5,
      load_summary: { ...state().load_summary, above_mean: 5, below_mean: 11, min_idle: 0 },
    });
    await flush();
    await frame();
    expect(line()).toContain("next step, 5 go down and 11 go up.");
    expect(line()).not.toContain("mean is under 1 token");
    expect(line()).not.toContain("stay idle whatever the bias");
    const gamma = el.querySelector(".r1w-moe-router-gamma").textContent;
    expect(gamma).toContain("α = 0.0001 (P-V3 §4.2 alpha)");
    expect(gamma).toContain("'auxiliary' loss term");
    expect(gamma).toContain("the paper does not define it");
  });

  it("names the slider's own stop apart from the group limit", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const limit = () => el.querySelector(".r1w-moe-router-limit").textContent;
    expect(limit()).toBe(
      "With 16 routed experts, k can be at most 8: the 4 groups kept out of 8 hold only 8 experts.",
    );
    model.kernelUpdate({ n_routed_experts: 256, kept_capacity: 128, max_active_experts: 32 });
    await flush();
    expect(limit()).toBe(
      "With 256 routed experts the 4 kept groups hold 128, so any k up to 128 would be allowed; this slider stops at 32.",
    );
    expect(limit()).not.toContain("at most 32");
  });
});

const sentenceParts = (el) => {
  const input = el.querySelector('input[data-name="tokens"]');
  const submit = () =>
    el.querySelector("form").dispatchEvent(new Event("submit", { cancelable: true }));
  return {
    input,
    submit,
    refusal: el.querySelector(".r1w-moe-router-refusal"),
    hint: el.querySelector(".r1w-moe-router-hint"),
  };
};
const THIRTY = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
const TOO_MANY = "That sentence has 30 words; the router takes at most 24. Shorten it.";

describe("MoERouter sentence box (learner findings 3–5)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the sentence's refusal right under the box, tied to it, and keeps the text", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await flush();
    const { input, submit, refusal } = sentenceParts(el);
    expect(refusal.hidden).toBe(true);
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    input.value = THIRTY;
    submit();
    expect(model.saved.at(-1).tokens.length).toBe(30);
    await flush();
    // the kernel refuses and snaps back, in one message
    model.kernelUpdate({ error: `tokens refused: ${TOO_MANY}`, tokens: state().tokens });
    await flush();
    expect(refusal.textContent).toBe(TOO_MANY);
    expect(refusal.hidden).toBe(false);
    expect(refusal.getAttribute("role")).toBe("status");
    expect(refusal.getAttribute("aria-live")).toBe("polite");
    // directly under the box: the next thing after the box's row, inside the same form
    expect(refusal.previousElementSibling.contains(input)).toBe(true);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby").split(" ")).toContain(refusal.id);
    expect(el.textContent).not.toContain("tokens refused");
    expect(el.textContent).not.toContain("Refused:");
    expect(el.querySelector(".r1w-moe-router-error").hidden).toBe(true);
    expect(input.value).toBe(THIRTY); // kept, to be shortened
    expect(tokens(el).map((b) => b.textContent)).toEqual(["Tiny", HOSTILE, "router"]);
    // the next routing is accepted: the kernel clears the error and echoes nothing else
    input.value = "A shorter one";
    submit();
    await flush();
    model.kernelUpdate({ error: "" });
    await flush();
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(refusal.hidden).toBe(true);
    expect(refusal.textContent).toBe("");
    expect(input.value).toBe("A shorter one");
    expect(tokens(el).map((b) => b.textContent)).toEqual(["A", "shorter", "one"]);
  });

  it("sends a long text whole (no maxlength), so the kernel counts every word", () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const { input, submit } = sentenceParts(el);
    expect(input.hasAttribute("maxlength")).toBe(false);
    input.value = Array(100).fill("word").join(" ");
    submit();
    expect(model.saved.at(-1).tokens.length).toBe(100);
  });

  it("labels the box with the kernel's limits in words", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    const label = () => el.querySelector(".r1w-moe-router-sentence label").textContent;
    expect(label()).toBe(
      "Sentence (each word is one token: at most 24 words, each at most 24 characters)",
    );
    model.kernelUpdate({
      architecture: { ...state().architecture, max_tokens: 12, max_token_chars: 10 },
    });
    await flush();
    expect(label()).toContain("at most 12 words, each at most 10 characters");
  });

  it("says when the box holds a sentence not routed yet", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await flush();
    const { input, submit, hint } = sentenceParts(el);
    expect(hint.hidden).toBe(true);
    expect(input.getAttribute("aria-describedby").split(" ")).toContain(hint.id);
    fire(input, "A new sentence"); // typed, then Tab away without Enter
    expect(hint.hidden).toBe(false);
    expect(hint.textContent).toContain("Not routed yet: press Enter");
    fire(input, `  Tiny   ${HOSTILE} router `); // the same words as the kernel's: nothing pending
    expect(hint.hidden).toBe(true);
    fire(input, "A new sentence");
    submit();
    await flush();
    expect(hint.hidden).toBe(true);
    // a sentence set from Python replaces the box and leaves nothing pending
    model.kernelUpdate({ tokens: ["From", "Python"] });
    await flush();
    expect(input.value).toBe("From Python");
    expect(hint.hidden).toBe(true);
  });
});

describe("MoERouter wording and layout (learner findings 6–9, 21)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one expert, one step, one token in the singular", async () => {
    expect(counted(1, "routed expert")).toBe("1 routed expert");
    expect(counted(2, "routed expert")).toBe("2 routed experts");
    const model = new FakeModel({
      ...state(),
      tokens: ["Solo"],
      selected_token: 0,
      n_active_experts: 1,
      selected_experts: [4],
      gate_weights: [2.5],
      balance_steps: 1,
      mean_load: 1 / 16,
      load_summary: {
        ...state().load_summary,
        idle: 15,
        above_mean: 1,
        below_mean: 15,
        min_idle: 1,
      },
    });
    const { el } = mount(view, model);
    await frame();
    const summary = el.querySelector(".r1w-moe-router-summary").textContent;
    expect(summary).toContain(
      "“Solo” goes to 1 routed expert: 4 (gate 2.500), its gate the whole 2.5;",
    );
    expect(el.querySelector(".r1w-moe-router-bias-line").textContent).toMatch(
      /^After 1 balancing step the bias/,
    );
    const line = el.querySelector(".r1w-moe-router-load-line").textContent;
    expect(line).toContain("over the 1 token, 1 expert each");
    expect(line).toContain("next step, 1 goes down and 15 go up");
    expect(line).toContain("With 1 token × 1 choice (6) for 16 experts, at least 1 stays idle");
    expect(el.textContent).not.toMatch(/\b1 (routed experts|balancing steps|tokens)\b/);
  });

  it("heads the count with the setting shown, and with DeepSeek's figures only at V3's", async () => {
    const model = new FakeModel(state()); // 16 experts, k = 2: not V3's setting
    const { el } = mount(view, model);
    const heading = () =>
      [...el.querySelectorAll("h3")].find((x) => x.textContent.startsWith("The count")).textContent;
    expect(heading()).toBe(
      "The count with your setting: 671.03B parameters, 37.55B per token (V3's setting: 671B, about 37B)",
    );
    model.kernelUpdate({ n_routed_experts: 256, n_active_experts: 8 });
    await flush();
    expect(heading()).toBe("The count: 671B parameters, about 37B per token");
  });

  it("draws the load chart taller for its width on a narrow screen", async () => {
    const wide = new FakeModel(state());
    const a = mount(view, wide);
    await frame();
    expect(a.el.querySelector(".r1w-moe-router-load svg").getAttribute("viewBox")).toBe(
      "0 0 640 180",
    );
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({
      width: 380,
      height: 0,
      top: 0,
      left: 0,
      right: 380,
      bottom: 0,
      x: 0,
      y: 0,
    });
    const { el } = mount(view, new FakeModel(state()));
    await frame();
    const svg = el.querySelector(".r1w-moe-router-load svg");
    expect(svg.getAttribute("viewBox")).toBe("0 0 420 260"); // 380 px wide → about 235 px tall
  });

  it("puts two plain sentences before the first control and the rule in a details", async () => {
    const model = new FakeModel(state());
    const { el } = mount(view, model);
    await flush();
    const form = el.querySelector("form");
    const how = el.querySelector("details.r1w-moe-router-how");
    expect(how.open).toBe(false);
    expect(how.querySelector("summary").textContent).toBe("How the rule works, with sources");
    expect(how.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    for (const cls of ["groups", "gamma"])
      expect(how.querySelector(`.r1w-moe-router-${cls}`)).not.toBeNull();
    expect(how.textContent).toContain("In 58 of its 61 layers");
    expect(how.textContent).toContain("K_r/M = 8/4 = 2");
    // what is read before the sentence box, outside the closed details: short, no citations
    let before = "";
    for (const node of el.querySelector(".r1w-moe-router-lead").parentElement.children) {
      if (node === form) break;
      if (node !== how && !node.matches("h2, h3")) before += node.textContent;
    }
    expect(before.length).toBeLessThan(320);
    expect(before).not.toMatch(/P-V3|§|K_r/);
    expect(before).toContain("sends each token to 8 of 256 expert networks");
    // by the balancing buttons: one plain line; its full text stays in the details
    expect(el.querySelector(".r1w-moe-router-balance-note").textContent).toContain(
      "Our γ is 0.02 (illustrative); V3 used 0.001.",
    );
  });
});
