// Chapter 02 view: GRPO's group objective. Draws what the kernel computed; writes inputs back.
import { Scope, root, h, slider, sliders, select, stat, errorLine, note, row, plot, bars, clear, num, signed, int } from "../lib/kit.js";

const CLIP_TEXT = { "-1": "low bound", "0": "—", "1": "high bound" };

export default {
  render({ model, el }) {
    const scope = new Scope(model);
    const box = root(el, "grpo-loss", model.get("title"));
    box.append(
      h("div", { cls: "r1w-formula r1w-mono", text: "J = Σᵢ wᵢ · [ min(rᵢ·Aᵢ, clip(rᵢ, 1−ε, 1+ε)·Aᵢ) − β·KLᵢ ],   Aᵢ = (Rᵢ − mean R) / std R" }),
      note("One ratio per rollout, as the paper writes it (eq. 1); trainers apply the same terms per token. The weights wᵢ are set by the loss variant: 1/G for GRPO, tokens-based for Dr. GRPO and DAPO."),
    );

    const presets = select(scope, {
      name: "preset_name",
      label: "Published setting",
      options: [
        ["", "custom"],
        ["deepseekmath", "DeepSeekMath"],
        ["deepseek-r1", "DeepSeek-R1 (first RL stage)"],
        ["trl", "TRL defaults"],
      ],
    });
    const std = select(scope, {
      name: "std_mode",
      label: "Std",
      options: [
        ["population", "population (paper)"],
        ["sample", "sample + 1e-4 (TRL)"],
      ],
    });
    const loss = select(scope, {
      name: "loss_type",
      label: "Loss",
      options: [
        ["grpo", "GRPO: mean per rollout"],
        ["dr_grpo", "Dr. GRPO: no std, ÷ G·L"],
        ["dapo", "DAPO: token sum, clip-higher"],
      ],
    });
    box.append(row(presets.el, std.el, loss.el));

    const group = slider(scope, { name: "group_size", label: "Group size G", min: 2, max: 16, step: 1, format: (v) => `${v}` , unit: "rollouts"});
    const eps = slider(scope, { name: "clip_epsilon", label: "Clip ε", min: 0.01, max: 10, step: 0.01 });
    const epsHigh = slider(scope, { name: "clip_epsilon_high", label: "Clip ε_high (DAPO)", min: 0.01, max: 10, step: 0.01 });
    const beta = slider(scope, { name: "kl_beta", label: "KL β", min: 0, max: 2, step: 0.001, format: (v) => num(v, 3) });
    box.append(sliders(group, eps, epsHigh, beta));
    scope.watch(["loss_type"], () => {
      const on = model.get("loss_type") === "dapo";
      epsHigh.input.disabled = !on;
      for (const part of epsHigh.el.children) part.classList.toggle("r1w-muted", !on);
      epsHigh.input.title = on ? "" : "Used by the DAPO loss only; GRPO and Dr. GRPO clip at 1 ± ε.";
    });

    const presetNote = note("", "r1w-preset-note");
    scope.watch(["preset_name", "preset_note"], () => {
      presetNote.textContent = model.get("preset_note") || "Custom setting: pick a published one above to compare.";
    });
    box.append(presetNote);

    // one row per rollout
    const table = h("table", { cls: "r1w-table" });
    const head = h("tr", {},
      ...["Rollout", "Reward r", "Ratio πθ/πold", "Tokens", "Advantage A", "Clipped term", "Clip", "KL k3 (nats)"].map(
        (t, i) => h("th", { cls: i < 4 ? "r1w-left" : "", text: t, attrs: { scope: "col" } }),
      ),
    );
    const body = h("tbody");
    table.append(h("thead", {}, head), body);
    box.append(h("div", { cls: "r1w-scroll" }, table));

    let rowScope = new Scope(model);
    const cells = [];
    const buildRows = () => {
      rowScope.cleanup();
      rowScope = new Scope(model);
      clear(body);
      cells.length = 0;
      const g = model.get("group_size");
      for (let i = 0; i < g; i++) {
        const rw = slider(rowScope, { name: "rewards", index: i, label: `Reward of rollout ${i + 1}`, min: 0, max: 1, step: 0.05, cls: "r1w-compact" });
        const rt = slider(rowScope, { name: "ratios", index: i, label: `Ratio of rollout ${i + 1}`, min: 0.2, max: 3, step: 0.01, cls: "r1w-compact" });
        const ln = slider(rowScope, { name: "lengths", index: i, label: `Tokens in rollout ${i + 1}`, min: 1, max: 8192, step: 1, format: int, cls: "r1w-compact" });
        const adv = h("td", { cls: "r1w-mono r1w-adv" });
        const sur = h("td", { cls: "r1w-mono" });
        const clip = h("td");
        const kl = h("td", { cls: "r1w-mono" });
        body.append(h("tr", {}, h("th", { cls: "r1w-left", text: `${i + 1}`, attrs: { scope: "row" } }),
          h("td", {}, rw.el), h("td", {}, rt.el), h("td", {}, ln.el), adv, sur, clip, kl));
        cells.push({ adv, sur, clip, kl });
      }
    };

    const stats = {
      mean: stat("Group mean"),
      std: stat("Group std"),
      gain: stat("Policy gain"),
      penalty: stat("KL penalty β·KL"),
      objective: stat("Objective J", "r1w-objective"),
    };
    box.append(h("div", { cls: "r1w-stats" }, ...Object.values(stats).map((x) => x.el)));

    const chartBox = h("div", { cls: "r1w-chart" });
    box.append(h("div", { cls: "r1w-label", text: "Advantage of each rollout (green above the group mean, red below)" }), chartBox);
    box.append(errorLine(scope));

    const draw = () => {
      if (cells.length !== model.get("group_size")) buildRows();
      const adv = model.get("advantages") || [];
      const sur = model.get("surrogate") || [];
      const act = model.get("clip_active") || [];
      const kl = model.get("kl") || [];
      cells.forEach((c, i) => {
        c.adv.textContent = signed(adv[i], 3);
        c.sur.textContent = signed(sur[i], 3);
        const a = String(act[i] ?? 0);
        clear(c.clip);
        c.clip.append(h("span", { cls: `r1w-pill ${a !== "0" ? "r1w-on" : ""}`, text: CLIP_TEXT[a] || "—" }));
        c.kl.textContent = num(kl[i], 4);
      });
      stats.mean.set(num(model.get("group_mean"), 3));
      stats.std.set(num(model.get("group_std"), 3));
      stats.gain.set(signed(model.get("policy_gain"), 4));
      stats.penalty.set(num(model.get("kl_penalty"), 4));
      stats.objective.set(signed(model.get("objective"), 4));
      clear(chartBox);
      const lim = Math.max(1, ...adv.map((v) => Math.abs(v)));
      const top = Math.ceil(lim);
      const p = plot({
        width: 420, height: 160, x: [0, 1], y: [-top, top],
        yTicks: [-top, 0, top], yFormat: (v) => num(v, 0), yLabel: "A",
        title: "Advantages by rollout",
      });
      bars(p, adv, { labels: adv.map((_, i) => String(i + 1)) });
      chartBox.append(p.svg);
    };
    scope.watch(["group_size", "advantages", "surrogate", "clip_active", "kl", "group_mean", "group_std", "policy_gain", "kl_penalty", "objective"], draw);

    return () => {
      rowScope.cleanup();
      scope.cleanup();
    };
  },
};
