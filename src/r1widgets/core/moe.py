"""DeepSeek-V3's mixture-of-experts router and a parameter count from its configuration.

The router follows V3's rule (report eq. 12-16 and ``Gate.forward`` in its inference code):

1. affinities ``s = sigmoid(u · e_i)`` of a token ``u`` to each routed expert's centroid ``e_i``;
2. a per-expert bias ``b`` is added for *selection only*: ``s + b``;
3. the experts are split into ``n_groups`` equal groups; a group's score is the sum of its
   ``group_top`` highest biased scores; the ``n_limited_groups`` best groups are kept and every
   expert of the other groups is masked out;
4. the ``top_k`` experts with the highest biased scores among the kept groups are selected;
5. their gates are their *raw* affinities ``s`` (no bias), normalised to sum to 1 and multiplied
   by ``route_scale``.

The shared expert is always on with weight 1, outside the normalisation
(``MoE.forward`` returns ``routed + shared(x)``).

Ties are broken towards the lower index (numpy's stable sort); V3's ``torch.topk`` leaves the
order of exact ties unspecified, which float64 scores from random vectors almost never meet.

Also here: the aux-loss-free balancing update of the bias (``b_i -= γ`` for an overloaded expert,
``+= γ`` for an underloaded one), seeded toy token vectors and expert centroids (illustrative,
not V3's), and :func:`count_parameters`, which counts every weight of the V3 architecture.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from .. import paper

_C = {k: v.value for k, v in paper.V3_CONFIG.items()}
N_GROUPS: int = int(_C["n_expert_groups"])  # 8
N_LIMITED_GROUPS: int = int(_C["n_limited_groups"])  # 4
TOP_K: int = int(_C["n_activated_experts"])  # 8
ROUTE_SCALE: float = float(_C["route_scale"])  # 2.5
# K_r / M = 8 / 4 = 2: 8 routed experts per token over at most M = 4 nodes; V3's code hard-codes
# 2 and its groups stand in for the nodes.
GROUP_TOP: int = TOP_K // N_LIMITED_GROUPS  # 2
SHARED_GATE = 1.0  # the shared expert's weight: always on, not normalised with the others

TOY_DIM = 16  # the toy vectors' dimension (V3's hidden size is 7168)
MAX_EXPERTS = 256


@dataclass(frozen=True)
class Routing:
    """Where each of T tokens goes, among E routed experts.

    ``scores`` (T, E) raw sigmoid affinities; ``biased`` (T, E) scores + bias, which choose;
    ``group_scores`` (T, G); ``kept_groups`` (T, n_limited_groups), best group first;
    ``selected`` (T, k) expert indices, highest biased score first; ``gates`` (T, k) the
    selected experts' raw scores normalised to sum to ``route_scale``.
    """

    scores: np.ndarray
    biased: np.ndarray
    group_scores: np.ndarray
    kept_groups: np.ndarray
    selected: np.ndarray
    gates: np.ndarray


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function, stable for large |x|."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def affinities(tokens: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """``s[t, i] = sigmoid(tokens[t] · centroids[i])``: shape (T, E)."""
    return sigmoid(np.asarray(tokens, float) @ np.asarray(centroids, float).T)


def route(
    scores: np.ndarray,
    bias: np.ndarray | None = None,
    top_k: int = TOP_K,
    n_groups: int = N_GROUPS,
    n_limited_groups: int = N_LIMITED_GROUPS,
    group_top: int = GROUP_TOP,
    route_scale: float = ROUTE_SCALE,
) -> Routing:
    """Route every token by V3's rule (see the module's docstring).

    Parameters
    ----------
    scores
        (T, E) affinities in (0, 1), or (E,) for one token.
    bias
        (E,) per-expert bias; it changes which experts are selected, never a gate value.
    top_k
        Experts per token: at most ``n_limited_groups · E / n_groups``, the experts left after
        the group mask.
    group_top
        How many of a group's best biased scores make its score (fewer if a group is smaller).
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    n_tokens, n_experts = s.shape
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite")
    if n_experts % n_groups:
        raise ValueError(f"{n_experts} experts do not split into {n_groups} equal groups")
    if not 1 <= n_limited_groups <= n_groups:
        raise ValueError(f"n_limited_groups must be in [1, {n_groups}]")
    size = n_experts // n_groups
    if not 1 <= top_k <= n_limited_groups * size:
        raise ValueError(
            f"top_k must be in [1, {n_limited_groups * size}]: the top {n_limited_groups} of "
            f"{n_groups} groups hold only {n_limited_groups * size} of {n_experts} experts"
        )
    b = np.zeros(n_experts) if bias is None else np.asarray(bias, dtype=float)
    if b.shape != (n_experts,) or not np.all(np.isfinite(b)):
        raise ValueError(f"bias must be {n_experts} finite numbers")

    biased = s + b
    grouped = biased.reshape(n_tokens, n_groups, size)
    top = min(group_top, size)
    group_scores = np.sort(grouped, axis=-1)[..., size - top :].sum(axis=-1)
    kept = np.argsort(-group_scores, axis=-1, kind="stable")[:, :n_limited_groups]
    keep = np.zeros((n_tokens, n_groups), dtype=bool)
    np.put_along_axis(keep, kept, True, axis=-1)
    masked = np.where(np.repeat(keep, size, axis=-1), biased, -np.inf)
    selected = np.argsort(-masked, axis=-1, kind="stable")[:, :top_k]
    raw = np.take_along_axis(s, selected, axis=-1)
    gates = raw / raw.sum(axis=-1, keepdims=True) * route_scale
    return Routing(s, biased, group_scores, kept, selected, gates)


def expert_load(selected: np.ndarray, n_experts: int) -> np.ndarray:
    """How many tokens each expert receives: (E,) integers summing to T · k."""
    return np.bincount(np.asarray(selected).ravel(), minlength=n_experts)


def balance_bias(
    scores: np.ndarray, steps: int, gamma: float, top_k: int = TOP_K, **route_kwargs: int
) -> np.ndarray:
    """The bias after ``steps`` aux-loss-free updates on these tokens, from zero.

    After each step an expert whose load is above the mean load is overloaded (``b -= γ``) and
    one below it is underloaded (``b += γ``); an expert exactly at the mean keeps its bias.
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    bias = np.zeros(s.shape[1])
    for _ in range(int(steps)):
        load = expert_load(route(s, bias, top_k, **route_kwargs).selected, s.shape[1])
        bias = bias - gamma * np.sign(load - load.mean())
    return bias


# --- seeded toy vectors (illustrative, not V3's) -----------------------------------------------


def token_vectors(tokens: Sequence[str], seed: int) -> np.ndarray:
    """One toy vector per token, from a stable hash of its text (zlib.crc32, not Python's
    salted ``hash``) and the seed: the same word always gets the same vector. The last
    component is 1, so each centroid's last component acts as that expert's popularity."""
    rows = []
    for token in tokens:
        rng = np.random.default_rng([int(seed), 1, zlib.crc32(token.encode("utf-8"))])
        rows.append(np.append(rng.standard_normal(TOY_DIM), 1.0))
    return np.array(rows).reshape(len(rows), TOY_DIM + 1)


def expert_centroids(n_experts: int, seed: int, spread: float = 1.0) -> np.ndarray:
    """Toy centroids ``e_i``: a direction (logit spread ``spread`` for a unit-variance token)
    plus a popularity offset, so some experts draw more tokens than others. The first ``n`` of
    the 256 experts are the same for every ``n``."""
    if not 1 <= n_experts <= MAX_EXPERTS:
        raise ValueError(f"n_experts must be in [1, {MAX_EXPERTS}]")
    rng = np.random.default_rng([int(seed), 2])
    directions = rng.standard_normal((MAX_EXPERTS, TOY_DIM)) * spread / np.sqrt(TOY_DIM)
    popularity = rng.normal(-1.5, 0.5, size=(MAX_EXPERTS, 1))
    return np.hstack([directions, popularity])[:n_experts]


# --- parameter count ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelConfig:
    """The fields of V3's ``config_671B.json`` that decide its size."""

    vocab_size: int
    dim: int
    inter_dim: int
    moe_inter_dim: int
    n_layers: int
    n_dense_layers: int
    n_heads: int
    n_routed_experts: int
    n_shared_experts: int
    n_activated_experts: int
    q_lora_rank: int
    kv_lora_rank: int
    qk_nope_head_dim: int
    qk_rope_head_dim: int
    v_head_dim: int

    def with_experts(self, n_routed: int, n_active: int) -> ModelConfig:
        return replace(self, n_routed_experts=int(n_routed), n_activated_experts=int(n_active))


V3 = ModelConfig(**{f.name: int(_C[f.name]) for f in fields(ModelConfig)})


@dataclass(frozen=True)
class ParameterCount:
    """Weights of each part, and the totals. ``active`` is a naive count of the weights used for
    one token: embedding table and output head counted whole (a token reads only one row of the
    embedding), all attention, the dense FFNs, and
    per MoE layer the router, the shared experts and the ``n_activated_experts`` routed ones."""

    embedding: int
    output_head: int
    attention: int  # one layer's MLA, with its two RMSNorm weights (q_norm, kv_norm)
    layer_norms: int  # one layer's two RMSNorm weights (before attention, before the FFN)
    dense_ffn: int  # one dense SwiGLU FFN
    expert: int  # one expert, a SwiGLU FFN of width moe_inter_dim
    router: int  # one MoE layer's gate: a weight row and a bias per routed expert
    final_norm: int
    n_moe_layers: int
    total: int
    active: int


def count_parameters(cfg: ModelConfig = V3) -> ParameterCount:
    """Every weight of a DeepSeek-V3-style model (the MTP module excluded), RMSNorms included.

    Attention is MLA: queries through a rank-``q_lora_rank`` bottleneck, keys and values through
    a rank-``kv_lora_rank`` one plus a shared RoPE key; FFNs and experts are SwiGLU (three
    matrices). Embedding and output head are separate matrices (untied).
    """
    d = cfg.dim
    qk_head = cfg.qk_nope_head_dim + cfg.qk_rope_head_dim
    attention = (
        d * cfg.q_lora_rank  # wq_a
        + cfg.q_lora_rank  # q_norm
        + cfg.q_lora_rank * cfg.n_heads * qk_head  # wq_b
        + d * (cfg.kv_lora_rank + cfg.qk_rope_head_dim)  # wkv_a
        + cfg.kv_lora_rank  # kv_norm
        + cfg.kv_lora_rank * cfg.n_heads * (cfg.qk_nope_head_dim + cfg.v_head_dim)  # wkv_b
        + cfg.n_heads * cfg.v_head_dim * d  # wo
    )
    layer_norms = 2 * d
    dense_ffn = 3 * d * cfg.inter_dim
    expert = 3 * d * cfg.moe_inter_dim
    router = cfg.n_routed_experts * (d + 1)
    embedding = output_head = cfg.vocab_size * d
    n_moe = cfg.n_layers - cfg.n_dense_layers
    common = (
        embedding
        + output_head
        + cfg.n_layers * (attention + layer_norms)
        + cfg.n_dense_layers * dense_ffn
        + n_moe * (router + cfg.n_shared_experts * expert)
        + d  # the final norm
    )
    total = common + n_moe * cfg.n_routed_experts * expert
    active = common + n_moe * cfg.n_activated_experts * expert
    return ParameterCount(
        embedding, output_head, attention, layer_norms, dense_ffn, expert, router, d, n_moe,
        total, active,
    )  # fmt: skip
