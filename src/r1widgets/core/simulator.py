"""GRPO on a toy problem: a softmax policy over four strategies with hidden success rates.

Pure numpy. One step samples a group of G strategies from the policy, gives each a 0/1 reward
(Bernoulli with the strategy's success rate), turns the rewards into group-relative advantages
and moves the logits by the exact softmax policy gradient of mean_i A_i·log π(s_i).

All functions work on a batch of runs (leading axis R), so one call advances many runs at once.
The randomness of a run is a stream of uniforms drawn as ``default_rng(seed).random((steps, 2,
G))``: for each step, G uniforms pick the strategies (inverse CDF) and G more decide the rewards.
A vectorised sweep and a single run with the same seed therefore see the same numbers and follow
exactly the same trajectory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .grpo import group_advantages
from .policy import sample_from_uniforms, softmax

STRATEGIES: tuple[str, ...] = ("decompose", "verify", "guess pattern", "shortcut")
"""Names of the four strategies (our own toy labels, not from the paper)."""

DEFAULT_SUCCESS_RATES: tuple[float, ...] = (0.7, 0.5, 0.3, 0.1)
"""Hidden success rates; their mean is 0.40, the expected reward of the uniform start."""

QUANTILES: tuple[float, ...] = (0.1, 0.5, 0.9)
COLLAPSE_THRESHOLD = 0.9  # a run has collapsed when one strategy holds more than this share
MAX_SWEEP_CELLS = 20_000_000  # runs × (steps + 1): caps the memory of a sweep's record
CHUNK_FLOATS = 4_000_000  # uniforms held at once by a sweep (32 MB)


@dataclass(frozen=True)
class StepResult:
    """One GRPO step for a batch of R runs with groups of G rollouts."""

    logits: NDArray[np.float64]  # (R, K) logits after the update
    chosen: NDArray[np.int64]  # (R, G) sampled strategy of each rollout
    rewards: NDArray[np.float64]  # (R, G) 0/1 rewards
    advantages: NDArray[np.float64]  # (R, G) group-relative advantages (population std)
    gradient: NDArray[np.float64]  # (R, K) gradient of mean_i A_i·log π(s_i) w.r.t. the logits


@dataclass(frozen=True)
class SweepResult:
    """Many runs, summarised per learning rate.

    Shapes: L learning rates, S seeds, T steps, K strategies, Q quantile levels.
    """

    learning_rates: NDArray[np.float64]  # (L,)
    seeds: NDArray[np.int64]  # (S,)
    steps: NDArray[np.int64]  # (T + 1,) 0, 1, ..., T
    quantile_levels: NDArray[np.float64]  # (Q,)
    expected_reward: NDArray[np.float64]  # (L, S, T + 1) every run's expected reward
    mean: NDArray[np.float64]  # (L, T + 1) mean over seeds
    quantiles: NDArray[np.float64]  # (L, Q, T + 1) quantile bands over seeds
    final_probabilities: NDArray[np.float64]  # (L, S, K) each run's policy after T steps
    collapsed: NDArray[np.bool_]  # (L, S) ended with > 90% on a strategy that is not the best
    collapse_share: NDArray[np.float64]  # (L,) share of collapsed runs


def expected_reward(probs: ArrayLike, success_rates: ArrayLike) -> NDArray[np.float64]:
    """Expected reward Σ_k π_k·p_k of a policy (last axis: strategies)."""
    p = np.asarray(probs, dtype=float)
    return np.sum(p * np.asarray(success_rates, dtype=float), axis=-1)


def draw_uniforms(seed: int, steps: int, group_size: int) -> NDArray[np.float64]:
    """The random stream of one run: ``default_rng(seed).random((steps, 2, group_size))``.

    Index [t, 0] picks the strategies of step t, index [t, 1] decides their rewards.
    """
    return np.random.default_rng(seed).random((steps, 2, group_size))


def group_gradient(
    probs: ArrayLike, chosen: ArrayLike, advantages: ArrayLike
) -> NDArray[np.float64]:
    """Gradient of (1/G)·Σ_i A_i·log π(s_i) with respect to the logits, batched.

    For a softmax, d log π(s)/d logit_k = 1[k = s] − π_k, so the gradient is
    (1/G)·Σ_i A_i·(onehot(s_i) − π).

    Parameters
    ----------
    probs : (R, K) policies.
    chosen : (R, G) sampled strategies.
    advantages : (R, G) their advantages.
    """
    p = np.asarray(probs, dtype=float)
    s = np.asarray(chosen)
    a = np.asarray(advantages, dtype=float)
    onehot = (s[..., :, None] == np.arange(p.shape[-1])).astype(float)  # (R, G, K)
    return np.mean(a[..., :, None] * (onehot - p[..., None, :]), axis=-2)


def grpo_step(
    logits: ArrayLike,
    success_rates: ArrayLike,
    learning_rates: ArrayLike,
    uniforms: ArrayLike,
) -> StepResult:
    """Advance R runs by one GRPO step.

    Parameters
    ----------
    logits : (R, K) current logits.
    success_rates : (K,) hidden probability that each strategy earns reward 1.
    learning_rates : scalar or (R,) step sizes.
    uniforms : (R, 2, G) numbers in [0, 1): [:, 0] samples strategies, [:, 1] rewards.
    """
    z = np.asarray(logits, dtype=float)
    u = np.asarray(uniforms, dtype=float)
    rates = np.asarray(success_rates, dtype=float)
    lr = np.asarray(learning_rates, dtype=float).reshape(-1, 1)
    probs = softmax(z)
    chosen = sample_from_uniforms(probs, u[:, 0, :])
    rewards = (u[:, 1, :] < rates[chosen]).astype(float)
    _, _, adv = group_advantages(rewards)
    grad = group_gradient(probs, chosen, adv)
    return StepResult(z + lr * grad, chosen, rewards, adv, grad)


def _check_run_inputs(success_rates: ArrayLike, group_size: int) -> NDArray[np.float64]:
    rates = np.asarray(success_rates, dtype=float)
    if rates.ndim != 1 or rates.size < 2 or not np.all((rates >= 0) & (rates <= 1)):
        raise ValueError("success_rates must be a list of at least 2 numbers in [0, 1]")
    if isinstance(group_size, bool) or not isinstance(group_size, int | np.integer):
        raise ValueError(f"group_size must be an integer, not {group_size!r}")
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, not {group_size}")
    return rates


def sweep(
    learning_rates: Sequence[float] | ArrayLike,
    seeds: Sequence[int] | ArrayLike,
    steps: int,
    success_rates: ArrayLike = DEFAULT_SUCCESS_RATES,
    group_size: int = 8,
    quantile_levels: Sequence[float] = QUANTILES,
) -> SweepResult:
    """Run every (learning rate, seed) pair from the uniform policy for ``steps`` steps at once.

    Parameters
    ----------
    learning_rates : (L,) positive, finite step sizes.
    seeds : (S,) non-negative integer seeds; the run for seed s uses ``draw_uniforms(s, ...)``
        whatever its learning rate, so learning rates are compared on the same random draws.
    steps : number of GRPO steps per run.
    success_rates : (K,) hidden success rates.
    group_size : rollouts per group G.
    quantile_levels : levels of the bands over seeds (default 10%, 50%, 90%).

    A run "collapses" when it ends with more than 90% of its probability on a strategy whose
    success rate is below the best one.
    """
    rates = _check_run_inputs(success_rates, group_size)
    lrs = np.asarray(learning_rates, dtype=float).reshape(-1)
    if lrs.size == 0 or not np.all(np.isfinite(lrs) & (lrs > 0)):
        raise ValueError("learning_rates must be one or more positive finite numbers")
    seed_arr = np.asarray(seeds).reshape(-1)
    if seed_arr.size == 0 or seed_arr.dtype.kind not in "iu" or np.any(seed_arr < 0):
        raise ValueError("seeds must be one or more non-negative integers")
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, not {steps!r}")
    n_lr, n_seed, k = lrs.size, seed_arr.size, rates.size
    runs = n_lr * n_seed
    if runs * (steps + 1) > MAX_SWEEP_CELLS:
        raise ValueError(
            f"{runs:,} runs × {steps + 1:,} steps is more than {MAX_SWEEP_CELLS:,} cells; "
            "sweep fewer seeds, learning rates or steps"
        )

    # run r = lr index * S + seed index
    run_lr = np.repeat(lrs, n_seed)
    logits = np.zeros((runs, k))
    record = np.empty((runs, steps + 1))
    record[:, 0] = expected_reward(softmax(logits), rates)
    generators = [np.random.default_rng(int(s)) for s in seed_arr]
    chunk = max(1, CHUNK_FLOATS // max(1, n_seed * 2 * group_size))
    for start in range(0, steps, chunk):
        size = min(chunk, steps - start)
        block = np.stack([g.random((size, 2, group_size)) for g in generators])  # (S, c, 2, G)
        for t in range(size):
            u = np.tile(block[:, t], (n_lr, 1, 1))  # (R, 2, G): each lr sees the same seeds
            logits = grpo_step(logits, rates, run_lr, u).logits
            record[:, start + t + 1] = expected_reward(softmax(logits), rates)

    final = softmax(logits).reshape(n_lr, n_seed, k)
    wrong = rates < rates.max()
    collapsed = np.any((final > COLLAPSE_THRESHOLD) & wrong, axis=-1)
    curves = record.reshape(n_lr, n_seed, steps + 1)
    levels = np.asarray(quantile_levels, dtype=float)
    return SweepResult(
        learning_rates=lrs,
        seeds=seed_arr.astype(np.int64),
        steps=np.arange(steps + 1),
        quantile_levels=levels,
        expected_reward=curves,
        mean=curves.mean(axis=1),
        quantiles=np.moveaxis(np.quantile(curves, levels, axis=1), 0, 1),
        final_probabilities=final,
        collapsed=collapsed,
        collapse_share=collapsed.mean(axis=1),
    )
