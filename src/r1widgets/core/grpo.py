"""GRPO's group-relative advantages, clipped surrogate, k3 KL estimator and loss aggregations.

Pure numpy; TRL's std epsilon is read from ``paper``. The objective follows DeepSeek-R1
eq. (1)-(3) with one ratio per rollout (the sequence-level notation of the paper); every token
of a rollout shares its rollout's terms, so the per-token aggregations of DeepSeekMath and of
the later Dr. GRPO (Liu et al., 2025) and DAPO (Yu et al., 2025) differ only in their weights.
Real trainers compute the ratio, the clip and k3 per token; that is the simplification here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import paper

StdMode = Literal["population", "sample"]
LossType = Literal["grpo", "dr_grpo", "dapo"]

# TRL adds this to the sample std, so an all-equal group never divides by zero.
SAMPLE_STD_EPS = float(paper.TRL_GRPO_DEFAULTS["std_eps"].value)


def group_advantages(
    rewards: ArrayLike, std_mode: StdMode = "population", scale: bool = True
) -> tuple[float, float, NDArray[np.float64]]:
    """Group mean, group std and advantages A_i = (r_i - mean) / std.

    Parameters
    ----------
    rewards : the G rewards of one group (last axis is the group; leading axes are batches).
    std_mode : "population" (ddof=0, divide by G: the plain reading; neither DeepSeekMath nor
        the R1 papers say which std they mean) or "sample" (ddof=1, Bessel's correction, plus
        ``SAMPLE_STD_EPS`` in the denominator as TRL does, so an all-equal group never divides
        by zero).
    scale : divide by the std (False gives Dr. GRPO's unscaled advantages r_i - mean).

    A group whose rewards are all equal has std 0 and gets zero advantages, never NaN: the
    formula is undefined there and the implementations treat it as "nothing to learn".
    """
    r = np.asarray(rewards, dtype=float)
    mean = r.mean(axis=-1, keepdims=True)
    # Equal rewards: the rounded mean can differ from them by an ulp, so compare the spread
    # itself; such a group has exactly zero std and zero advantages.
    equal = np.ptp(r, axis=-1, keepdims=True) == 0
    centred = np.where(equal, 0.0, r - mean)
    if std_mode == "population":
        std = r.std(axis=-1, keepdims=True)
        denom = std
    elif std_mode == "sample":
        std = r.std(axis=-1, ddof=1, keepdims=True)
        denom = std + SAMPLE_STD_EPS
    else:
        raise ValueError(f"std_mode must be 'population' or 'sample', not {std_mode!r}")
    std = np.where(equal, 0.0, std)
    if scale:
        with np.errstate(invalid="ignore", divide="ignore"):
            adv = np.where(denom > 0, centred / np.where(denom > 0, denom, 1.0), 0.0)
    else:
        adv = centred
    return np.squeeze(mean, -1), np.squeeze(std, -1), adv


def clipped_surrogate(
    ratios: ArrayLike, advantages: ArrayLike, eps_low: float, eps_high: float | None = None
) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
    """PPO's pessimistic term min(r·A, clip(r, 1-eps_low, 1+eps_high)·A) and which bound binds.

    Returns the per-rollout surrogate and an int array: -1 where the low bound is active (the
    clipped term is chosen and differs from the unclipped one), +1 for the high bound, 0 else.
    """
    r = np.asarray(ratios, dtype=float)
    a = np.asarray(advantages, dtype=float)
    hi = eps_low if eps_high is None else eps_high
    clipped_r = np.clip(r, 1.0 - eps_low, 1.0 + hi)
    unclipped, clipped = r * a, clipped_r * a
    surrogate = np.minimum(unclipped, clipped)
    binds = clipped < unclipped
    active = np.where(binds & (r > 1.0 + hi), 1, np.where(binds & (r < 1.0 - eps_low), -1, 0))
    return surrogate, active.astype(np.int8)


def k3_kl(ratio_to_ref: ArrayLike) -> NDArray[np.float64]:
    """The k3 estimate of KL(πθ‖πref) for ratio = πθ/πref: 1/r + ln r - 1 (≥ 0), in nats.

    k3 is the third of Schulman's (2020) KL approximations: x - ln x - 1 with x = πref/πθ, as
    DeepSeekMath and R1 write it, unbiased when the sample is drawn from πθ. The GRPO chapter
    feeds it the ratio πθ/πold, which is this ratio only when πold = πref.
    """
    r = np.asarray(ratio_to_ref, dtype=float)
    return 1.0 / r + np.log(r) - 1.0


def aggregation_weights(
    lengths: ArrayLike, loss_type: LossType, max_length: float | None = None
) -> NDArray[np.float64]:
    """Weight of each rollout's (shared per-token) term in the group objective.

    grpo: 1/G (each rollout averaged over its own tokens, then over the group: DeepSeekMath).
    dr_grpo: L_i / (G·L) with L the fixed generation budget ``max_length`` (TRL's
        ``max_completion_length``): a rollout's weight depends on its own length only.
    dapo: L_i / Σ L_j (a token-level mean: the sum over all tokens divided by their count;
        DAPO's loss and TRL's default, which counts the whole batch's tokens).

    Dr. GRPO needs ``max_length``, and no rollout may be longer (generation stops there).
    """
    lengths = np.asarray(lengths, dtype=float)
    g = lengths.shape[-1]
    if loss_type == "grpo":
        return np.full_like(lengths, 1.0 / g)
    if loss_type == "dr_grpo":
        if max_length is None or not max_length > 0:
            raise ValueError("dr_grpo needs max_length, the fixed generation budget L > 0")
        if np.any(lengths > max_length):
            raise ValueError(f"a rollout is longer than the budget L = {max_length:g} tokens")
        return lengths / (g * float(max_length))
    if loss_type == "dapo":
        return lengths / lengths.sum(axis=-1, keepdims=True)
    raise ValueError(f"loss_type must be 'grpo', 'dr_grpo' or 'dapo', not {loss_type!r}")


@dataclass(frozen=True)
class GroupObjective:
    """Everything the GRPO loss chapter shows for one group."""

    group_mean: float
    group_std: float
    advantages: NDArray[np.float64]
    surrogate: NDArray[np.float64]
    clip_active: NDArray[np.int8]
    kl: NDArray[np.float64]
    weights: NDArray[np.float64]
    counted_lengths: NDArray[np.float64]
    policy_gain: float
    kl_penalty: float
    objective: float


def grpo_objective(
    rewards: ArrayLike,
    ratios: ArrayLike,
    lengths: ArrayLike,
    clip_epsilon: float = 0.2,
    clip_epsilon_high: float | None = None,
    kl_beta: float = 0.04,
    std_mode: StdMode = "population",
    loss_type: LossType = "grpo",
    max_length: float | None = None,
) -> GroupObjective:
    """The GRPO objective J = Σ_i w_i·(surrogate_i − β·KL_i) of one group, with its parts.

    Parameters
    ----------
    rewards, ratios, lengths : per-rollout reward, πθ/πold ratio and token count (G each).
    clip_epsilon, clip_epsilon_high : the clip range [1-ε, 1+ε_high]; ε_high defaults to ε.
    kl_beta : the KL coefficient β.
    std_mode : "population" or "sample" (see ``group_advantages``).
    loss_type : "grpo", "dr_grpo" (no std scaling, 1/(G·L) weights) or "dapo" (token-level mean).
    max_length : the generation budget L (TRL's ``max_completion_length``): generation stops
        there, so longer rollouts count as L tokens. Dr. GRPO divides by G·L; required there.
    """
    mean, std, adv = group_advantages(rewards, std_mode, scale=loss_type != "dr_grpo")
    surrogate, active = clipped_surrogate(ratios, adv, clip_epsilon, clip_epsilon_high)
    kl = k3_kl(ratios)
    counted = np.asarray(lengths, dtype=float)
    if max_length is not None:
        counted = np.minimum(counted, float(max_length))
    w = aggregation_weights(counted, loss_type, max_length)
    gain = float(np.sum(w * surrogate))
    penalty = float(kl_beta * np.sum(w * kl))
    return GroupObjective(
        group_mean=float(mean),
        group_std=float(std),
        advantages=adv,
        surrogate=surrogate,
        clip_active=active,
        kl=kl,
        weights=w,
        counted_lengths=counted,
        policy_gain=gain,
        kl_penalty=penalty,
        objective=gain - penalty,
    )
