"""Softmax policies: probabilities, sampling from uniforms, and the exact policy gradient.

Shared by the chapters that move a softmax policy (01 SFT vs RL, 09 simulator, 10 token
update, 11 KL penalty).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def softmax(logits: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """Numerically stable softmax along ``axis``."""
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(logits: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """log softmax along ``axis``, stable for large logits."""
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def sample_from_uniforms(probs: ArrayLike, uniforms: ArrayLike) -> NDArray[np.int64]:
    """Categorical draws by inverse CDF: index i where cdf[i-1] <= u < cdf[i].

    Parameters
    ----------
    probs : (..., K) probabilities over the last axis (leading axes broadcast with uniforms).
    uniforms : (..., N) numbers in [0, 1); one draw per entry.

    Using uniforms drawn up front (instead of ``rng.choice``) makes a vectorised batch of runs
    consume the same random stream as one run at a time, so the two agree exactly.
    """
    p = np.asarray(probs, dtype=float)
    u = np.asarray(uniforms, dtype=float)
    cdf = np.cumsum(p, axis=-1)
    cdf[..., -1] = 1.0  # guard against round-off leaving the last bin short
    if cdf.ndim == 1:
        return np.searchsorted(cdf, u, side="right")
    # batched: compare each uniform against each cdf entry
    return (u[..., :, None] >= cdf[..., None, :]).sum(axis=-1)


def policy_gradient(
    probs: ArrayLike, chosen: ArrayLike, advantages: ArrayLike
) -> NDArray[np.float64]:
    """Gradient of mean_i A_i·log π(chosen_i) with respect to the logits.

    For a softmax, d log π(a) / d logit_j = 1[j = a] − π_j, so the gradient is
    mean_i A_i·(onehot(chosen_i) − π): the chosen logit rises by A·(1 − p), every other logit
    falls by A·p_j (and the signs flip for a negative advantage).

    Parameters
    ----------
    probs : (K,) policy probabilities.
    chosen : (N,) indices of the sampled actions.
    advantages : (N,) their advantages.
    """
    p = np.asarray(probs, dtype=float)
    idx = np.asarray(chosen, dtype=int)
    adv = np.asarray(advantages, dtype=float)
    onehot = np.zeros((idx.size, p.size))
    onehot[np.arange(idx.size), idx] = 1.0
    return (adv[:, None] * (onehot - p[None, :])).mean(axis=0)


def kl_logit_gradient(probs: ArrayLike, reference: ArrayLike) -> NDArray[np.float64]:
    """Gradient of KL(π‖πref) = Σ π log(π/πref) with respect to the logits of π = softmax(z).

    ∂KL/∂z_j = π_j·(log π_j − log πref_j − KL), over the last axis; actions with π_j = 0 (masked
    ones, where πref_j = 0 too) contribute nothing.
    """
    p = np.asarray(probs, dtype=float)
    q = np.asarray(reference, dtype=float)
    live = p > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.where(live, np.log(np.where(live, p, 1.0) / np.where(live, q, 1.0)), 0.0)
    kl = np.sum(p * log_ratio, axis=-1, keepdims=True)
    return np.where(live, p * (log_ratio - kl), 0.0)
