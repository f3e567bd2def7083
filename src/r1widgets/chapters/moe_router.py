"""Chapter 15: DeepSeek-V3's mixture-of-experts router on a toy sentence, and the parameter
count that gives 671B in total and about 37B at work per token.

The routing rule and the count live in :mod:`r1widgets.core.moe`; the token vectors and expert
centroids are seeded toys (illustrative), the rule and the configuration are V3's."""

from __future__ import annotations

from typing import Any

import numpy as np
import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input, StrictInt, TextList
from ..core import moe

EXPERT_COUNTS = (8, 16, 32, 64, 128, 256)  # multiples of the 8 groups; 256 is V3's
MAX_TOKENS = 24
MAX_TOKEN_CHARS = 24
MAX_ACTIVE = 32  # the slider's own cap; the group rule may allow fewer
MAX_BALANCE_STEPS = 40
BALANCE_GAMMA = 0.02  # ours, 20x the paper's 0.001, so a few steps move the selection visibly
ROUTER_ROWS = 16  # the selected token's rows: its k chosen experts and the best others
DEFAULT_TOKENS = "The router sends every word to a few experts ; most experts stay idle .".split()
DEFAULT_TOKEN = 1  # "router"
DEFAULT_SEED = 0

_P = paper.R1_PIPELINE


def _published(sourced: paper.Sourced, label: str) -> dict[str, Any]:
    return {"label": label, "value": sourced.value, "source": sourced.source}


CONFIG_LABELS = {
    "n_layers": "Layers",
    "n_dense_layers": "Dense layers (no experts)",
    "dim": "Hidden size",
    "inter_dim": "Dense FFN width",
    "moe_inter_dim": "Expert width",
    "n_routed_experts": "Routed experts per MoE layer",
    "n_shared_experts": "Shared experts per MoE layer",
    "n_activated_experts": "Routed experts per token",
    "n_expert_groups": "Expert groups",
    "n_limited_groups": "Groups kept per token",
    "route_scale": "Gate scale",
    "score_func": "Affinity function",
    "vocab_size": "Vocabulary",
    "n_heads": "Attention heads",
    "q_lora_rank": "Query compression rank (MLA)",
    "kv_lora_rank": "Key-value compression rank (MLA)",
    "qk_nope_head_dim": "Non-RoPE part of each query/key head",
    "qk_rope_head_dim": "RoPE part of each query/key head",
    "v_head_dim": "Value head size",
}
V3_CONFIG_ROWS = [
    {"field": f, "label": label, **_published(paper.V3_CONFIG[f], label)}
    for f, label in CONFIG_LABELS.items()
]
PUBLISHED = {
    "total_b": _published(_P["v3_total_params_b"], "Total parameters (paper)"),
    "active_b": _published(_P["v3_active_params_b"], "Active per token (paper)"),
    "readme_active_b": _published(paper.V3_README_ACTIVE_PARAMS_B, "Active (V3 weights README)"),
    "mtp_b": _published(paper.V3_MTP_PARAMS_B, "MTP module, not in the 671B"),
    "gamma": _published(paper.V3_BIAS_UPDATE_SPEED, "Bias update speed γ (V3)"),
    "alpha": _published(paper.V3_BALANCE_LOSS_ALPHA, "Sequence-wise balance loss factor α (V3)"),
    "readme_embedding_b": _published(
        paper.V3_README_EMBEDDING_PARAMS_B, "Embedding in the 36.7B (V3 weights README)"
    ),
    "readme_head_b": _published(
        paper.V3_README_HEAD_PARAMS_B, "Output head in the 36.7B (V3 weights README)"
    ),
    "gpus": _published(paper.V3_NODE_LIMITED_ROUTING["gpus"], "GPUs holding a layer's experts"),
    "nodes": _published(paper.V3_NODE_LIMITED_ROUTING["nodes"], "Nodes (machines) of those GPUs"),
    "max_nodes": _published(paper.V3_NODE_LIMITED_ROUTING["max_nodes"], "Nodes per token, M"),
    "specialisation": _published(paper.V3_EXPERT_SPECIALISATION, "Expert load by kind of text"),
}
PUBLISHED_SHARE = _P["v3_active_params_b"].value / _P["v3_total_params_b"].value


class ExpertCount(traitlets.Enum):
    """One of :data:`EXPERT_COUNTS`, as an integer (booleans and fractions refused)."""

    def __init__(self) -> None:
        super().__init__(list(EXPERT_COUNTS), 256)

    def validate(self, obj: Any, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value not in EXPERT_COUNTS:
            raise traitlets.TraitError(
                f"{self.name} must be one of {list(EXPERT_COUNTS)}, not {str(value)[:40]!r}"
            )
        return value


class Sentence(TextList):
    """The sentence's words, refused in a learner's words when there are too many or one is too
    long or blank (the view shows the message under the box); other refusals are the base's."""

    def __init__(self) -> None:
        super().__init__(1, MAX_TOKENS, MAX_TOKEN_CHARS, DEFAULT_TOKENS)

    def validate(self, obj: Any, value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            n = len(value)
            if n == 0:
                raise traitlets.TraitError("The sentence is empty: type at least one word.")
            if n > MAX_TOKENS:
                raise traitlets.TraitError(
                    f"That sentence has {n:,} words; the router takes at most {MAX_TOKENS}. "
                    "Shorten it."
                )
            for i, word in enumerate(value):
                if not isinstance(word, str):
                    continue  # the base's message
                if len(word) > MAX_TOKEN_CHARS:
                    start = word[:12].encode("utf-8", "replace").decode("utf-8")
                    raise traitlets.TraitError(
                        f'Word {i + 1} ("{start}…") is {len(word):,} characters; '
                        f"the limit is {MAX_TOKEN_CHARS}."
                    )
                if not word.strip():
                    raise traitlets.TraitError(
                        f"Word {i + 1} is blank: every word needs a visible character."
                    )
        return super().validate(obj, value)


class MoERouter(ChapterWidget):
    """V3's router on a short sentence, and V3's parameter count.

    Inputs: ``tokens`` (1 to 24 words of 1 to 24 characters, none blank), ``selected_token``
    (an index into ``tokens``), ``n_routed_experts`` (8, 16, 32, 64, 128 or 256),
    ``n_active_experts`` (1 to 32, and at most ``n_routed_experts // 2``: the 4 groups kept out
    of 8 hold half the experts), ``seed`` (the toy vectors), ``balance_steps`` (0 to 40
    aux-loss-free bias updates over this sentence, with our γ = 0.02).

    Cross-field rules: a ``selected_token`` past the end of ``tokens`` and an
    ``n_active_experts`` above ``n_routed_experts // 2`` are refused (from the browser: logged,
    snapped back). Changes that would break a rule from the other side are followed instead,
    and ``notice`` says so: fewer ``tokens`` move the selection to the last token, fewer
    ``n_routed_experts`` lower ``n_active_experts`` to the new limit.

    Derived, for the selected token: ``router_scores`` (its chosen experts and the best of the
    others, at least 8 of them and 16 rows in all, by biased score, each with the
    raw affinity, the bias, whether its group was kept and whether it was chosen),
    ``selected_experts`` and ``gate_weights`` (raw affinities normalised, × 2.5),
    ``unbiased_experts`` (the choice with no bias), ``group_scores`` and ``kept_groups``. Over
    the sentence: ``expert_load``, ``load_summary`` (busiest, idle, how many experts the next
    balancing step lowers and raises, and the fewest that stay idle whatever the bias) and
    ``bias``; ``kept_capacity`` (the experts in the kept groups). The count: ``total_parameters``
    and ``active_parameters`` (naive: embedding and head whole, though a token reads one row of
    the embedding; every other weight the code uses for one token), ``sparsity`` (the
    active share, active ÷ total), ``parameter_parts``; and the published values.

    Examples
    --------
    >>> w = MoERouter()
    >>> round(w.total_parameters / 1e9, 2), round(w.active_parameters / 1e9, 2)
    (671.03, 37.55)
    >>> len(w.selected_experts), round(sum(w.gate_weights), 6)
    (8, 2.5)
    """

    _esm = STATIC / "moe_router.js"
    _actions = ("balance", "reset_bias")

    tokens = Input(Sentence())
    selected_token = Input(StrictInt(DEFAULT_TOKEN, min=0, max=MAX_TOKENS - 1))
    n_routed_experts = Input(ExpertCount())
    n_active_experts = Input(StrictInt(moe.TOP_K, min=1, max=MAX_ACTIVE))
    seed = Input(StrictInt(DEFAULT_SEED, min=0, max=999))
    balance_steps = Input(StrictInt(0, min=0, max=MAX_BALANCE_STEPS))

    router_scores = Derived(traitlets.List())
    selected_experts = Derived(traitlets.List())
    gate_weights = Derived(traitlets.List())
    unbiased_experts = Derived(traitlets.List())
    bias_changes = Derived(traitlets.Dict())
    """{"left": experts the bias pushed out, "joined": experts it brought in}, sorted."""
    group_scores = Derived(traitlets.List())
    kept_groups = Derived(traitlets.List())
    expert_load = Derived(traitlets.List())
    load_summary = Derived(traitlets.Dict())
    """{"busiest": expert, "max": its load, "idle": experts with no token, "used": the rest}."""
    bias = Derived(traitlets.List())
    mean_load = Derived(traitlets.Float(0.0))
    kept_capacity = Derived(traitlets.Int(128))
    """How many routed experts the kept groups hold: the group rule's limit on k."""
    max_active_experts = Derived(traitlets.Int(MAX_ACTIVE))
    shared_expert_gate = Derived(traitlets.Float(moe.SHARED_GATE))
    route_scale = Derived(traitlets.Dict())
    balance_gamma = Derived(traitlets.Float(BALANCE_GAMMA))
    total_parameters = Derived(traitlets.Int(0))
    active_parameters = Derived(traitlets.Int(0))
    sparsity = Derived(traitlets.Float(0.0))
    """The active share per token, active ÷ total (the seed article's "sparsity" figure)."""
    published_share = Derived(traitlets.Float(PUBLISHED_SHARE))
    parameter_parts = Derived(traitlets.List())
    v3_config = Derived(traitlets.List())
    published = Derived(traitlets.Dict())
    notice = Derived(traitlets.Unicode(""))
    architecture = Derived(traitlets.Dict())
    """V3's sizes that the view's sentences quote (from paper.py through core.moe), and the
    embedding's size: plain numbers, so the view types none of them."""

    def __init__(self, **kwargs: Any) -> None:
        self._adjusting = False
        self._notice = ""
        super().__init__(**kwargs)

    # -- cross-field rules ---------------------------------------------------------------------
    @traitlets.validate("selected_token")
    def _token_in_range(self, proposal: Any) -> int:
        index, n = proposal["value"], len(self.tokens)
        if index >= n:
            raise traitlets.TraitError(
                f"selected_token must be below the number of tokens ({n}), not {index}"
            )
        return index

    @traitlets.validate("n_active_experts")
    def _active_within_kept_groups(self, proposal: Any) -> int:
        k, limit = proposal["value"], _kept_capacity(self.n_routed_experts)
        if k > limit:
            raise traitlets.TraitError(
                f"n_active_experts must be at most {limit}: with {self.n_routed_experts} routed "
                f"experts, the {moe.N_LIMITED_GROUPS} groups kept out of {moe.N_GROUPS} hold "
                f"{limit}, not {k}"
            )
        return k

    def _follow_rules(self) -> str:
        """Move a dependent input back inside its rule; say what moved ("" if nothing)."""
        notes = []
        limit = _kept_capacity(self.n_routed_experts)
        if self.n_active_experts > limit:
            old, self.n_active_experts = self.n_active_experts, limit
            notes.append(
                f"Routed experts per token lowered from {old} to {limit}: with "
                f"{self.n_routed_experts} experts in {moe.N_GROUPS} groups, the "
                f"{moe.N_LIMITED_GROUPS} kept groups hold only {limit}."
            )
        if self.selected_token >= len(self.tokens):
            self.selected_token = len(self.tokens) - 1
            notes.append("The sentence got shorter: its last token is now selected.")
        return " ".join(notes)

    def _on_input(self, change: dict[str, Any]) -> None:
        if self._adjusting:
            return  # the change that caused this one refreshes once
        self._adjusting = True
        try:
            self._notice = self._follow_rules()
        finally:
            self._adjusting = False
        super()._on_input(change)

    # -- derived values ------------------------------------------------------------------------
    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            self._notice = self._follow_rules()  # observers are not attached yet
            out.update(
                v3_config=[dict(r) for r in V3_CONFIG_ROWS],
                published={k: dict(v) for k, v in PUBLISHED.items()},
                route_scale=_published(paper.V3_CONFIG["route_scale"], "Gate scale"),
                architecture=_architecture(),
            )
        n_experts, k = self.n_routed_experts, self.n_active_experts
        scores = moe.affinities(
            moe.token_vectors(self.tokens, self.seed), moe.expert_centroids(n_experts, self.seed)
        )
        bias = moe.balance_bias(scores, self.balance_steps, BALANCE_GAMMA, k)
        routing = moe.route(scores, bias, k)
        plain = moe.route(scores[self.selected_token], None, k)
        t = self.selected_token
        size = n_experts // moe.N_GROUPS
        kept = set(routing.kept_groups[t].tolist())
        chosen = routing.selected[t].tolist()
        gates = dict(zip(chosen, routing.gates[t].tolist(), strict=True))
        # every chosen expert, and the best of the others (at least 8, and 16 rows in all)
        ranked = np.argsort(-routing.biased[t], kind="stable").tolist()
        others = [i for i in ranked if i not in gates][: max(8, ROUTER_ROWS - k)]
        order = [i for i in ranked if i in gates or i in others]
        rows = [
            {
                "expert": int(i),
                "group": int(i) // size,
                "score": float(routing.scores[t, i]),
                "bias": float(bias[i]),
                "biased": float(routing.biased[t, i]),
                "group_kept": int(i) // size in kept,
                "chosen": int(i) in gates,
                "gate": gates.get(int(i), 0.0),
            }
            for i in order
        ]
        count = moe.count_parameters(moe.V3.with_experts(n_experts, k))
        load = moe.expert_load(routing.selected, n_experts)
        mean = len(self.tokens) * k / n_experts
        unbiased = set(plain.selected[0].tolist())
        out.update(
            router_scores=rows,
            selected_experts=chosen,
            gate_weights=routing.gates[t].tolist(),
            unbiased_experts=plain.selected[0].tolist(),
            bias_changes={
                "left": sorted(unbiased - set(chosen)),
                "joined": sorted(set(chosen) - unbiased),
            },
            group_scores=routing.group_scores[t].tolist(),
            kept_groups=routing.kept_groups[t].tolist(),
            expert_load=load.tolist(),
            load_summary={
                "busiest": int(np.argmax(load)),
                "max": int(load.max()),
                "idle": int((load == 0).sum()),
                "used": int((load > 0).sum()),
                # what the next balancing step does, and what no bias can change
                "above_mean": int((load > mean).sum()),
                "below_mean": int((load < mean).sum()),
                "slots": len(self.tokens) * k,
                "min_idle": max(0, n_experts - len(self.tokens) * k),
            },
            bias=bias.tolist(),
            mean_load=mean,
            kept_capacity=_kept_capacity(n_experts),
            max_active_experts=min(MAX_ACTIVE, _kept_capacity(n_experts)),
            total_parameters=count.total,
            active_parameters=count.active,
            sparsity=count.active / count.total,
            parameter_parts=_parts(count, n_experts, k),
            notice=self._notice,
        )
        return out

    # -- actions and Python helpers --------------------------------------------------------------
    def balance(self) -> None:
        """One more aux-loss-free bias update over the sentence (action)."""
        if self.balance_steps >= MAX_BALANCE_STEPS:
            raise ValueError(f"at most {MAX_BALANCE_STEPS} balancing steps")
        self.balance_steps += 1

    def reset_bias(self) -> None:
        """Back to zero bias: no balancing steps (action)."""
        self.balance_steps = 0

    def select(self, index: int) -> None:
        """Select a token by its index (same as setting ``selected_token``)."""
        self.selected_token = index


def _kept_capacity(n_routed: int) -> int:
    """The routed experts in the kept groups: the most experts a token can be sent to."""
    return moe.N_LIMITED_GROUPS * (n_routed // moe.N_GROUPS)


def _architecture() -> dict[str, Any]:
    cfg, count = moe.V3, moe.count_parameters()
    readme_active = paper.V3_README_ACTIVE_PARAMS_B.value * 1e9
    return {
        "n_layers": cfg.n_layers,
        "n_dense_layers": cfg.n_dense_layers,
        "n_moe_layers": count.n_moe_layers,
        "n_routed_experts": cfg.n_routed_experts,
        "n_shared_experts": cfg.n_shared_experts,
        "n_activated_experts": cfg.n_activated_experts,
        "n_groups": moe.N_GROUPS,
        "n_limited_groups": moe.N_LIMITED_GROUPS,
        "group_top": moe.GROUP_TOP,
        "group_size": cfg.n_routed_experts // moe.N_GROUPS,
        "n_experts_per_layer": cfg.n_routed_experts + cfg.n_shared_experts,
        "route_scale": moe.ROUTE_SCALE,
        "dim": cfg.dim,
        "inter_dim": cfg.inter_dim,
        "moe_inter_dim": cfg.moe_inter_dim,
        "kv_lora_rank": cfg.kv_lora_rank,
        "qk_rope_head_dim": cfg.qk_rope_head_dim,
        "toy_dim": moe.TOY_DIM,
        "embedding": count.embedding,
        "output_head": count.output_head,
        # our naive count at V3's setting, and how far it is above the weights README's 36.7B
        "v3_active": count.active,
        "gap_to_readme": count.active - readme_active,
        "gap_share": (count.active - readme_active) / count.active,
        "gamma_ratio": round(BALANCE_GAMMA / paper.V3_BIAS_UPDATE_SPEED.value),
        "max_active": MAX_ACTIVE,
        "max_balance_steps": MAX_BALANCE_STEPS,
        "expert_counts": list(EXPERT_COUNTS),
        "max_tokens": MAX_TOKENS,
        "max_token_chars": MAX_TOKEN_CHARS,
    }


def _parts(count: moe.ParameterCount, n_routed: int, n_active: int) -> list[dict[str, Any]]:
    """One row per kind of weight: its size, how many copies the model holds, how many one
    token uses, and the two products."""
    cfg = moe.V3
    n_moe = count.n_moe_layers
    rows = [
        ("Embedding table (vocabulary × hidden size)", count.embedding, 1, 1),
        ("Output head (separate from the embedding)", count.output_head, 1, 1),
        ("Attention (MLA) of one layer, with its 2 norm weights", count.attention, cfg.n_layers),
        ("RMSNorm weights around one layer (2 × hidden size)", count.layer_norms, cfg.n_layers),
        (
            f"Dense FFN of one of the first {cfg.n_dense_layers} layers",
            count.dense_ffn,
            cfg.n_dense_layers,
        ),
        ("Router (gate) of one MoE layer: weights and biases", count.router, n_moe),
        ("Shared expert, always on", count.expert, n_moe * cfg.n_shared_experts),
        ("Routed expert", count.expert, n_moe * n_routed, n_moe * n_active),
        ("Final RMSNorm", count.final_norm, 1),
    ]
    out = []
    for label, each, copies, *used in rows:
        active_copies = used[0] if used else copies
        out.append(
            {
                "part": label,
                "each": each,
                "copies": copies,
                "active_copies": active_copies,
                "total": each * copies,
                "active": each * active_copies,
            }
        )
    return out
