"""One policy-gradient step on a toy token policy, position by position (chapter 10).

The toy policy answers "What is 12 × 8?" with one token from each of a few positions; each
position has its own softmax over three candidate tokens and fixed, illustrative logits (our
own, not a measurement). A real model conditions every token on the ones before it; here the
positions are independent, which keeps the update of each one readable on its own.

The step is the exact gradient of A·log π(chosen) for a softmax: the chosen logit moves by
η·A·(1 − p_chosen) and every other logit i by −η·A·pᵢ, its own probability
(``policy.policy_gradient``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import grpo, rewards
from .policy import policy_gradient, sample_from_uniforms, softmax

PROMPT = "What is 12 × 8?"
GROUND_TRUTH = "96"

POSITION_NAMES: tuple[str, ...] = (
    "restate",
    "split",
    "partial sums",
    "result",
    "check",
    "answer phrase",
    "final answer",
)
"""What each position of the response does."""

CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("12 × 8", "8 × 12", "12 times 8"),
    (" = 12 × 10 − 12 × 2", " = 10 × 12 − 2 × 12", " = 120 − 2 × 12"),
    (" = 120 − 24", " = 120 − 34", " = 120 − 20 − 4"),
    (" = 96.", " = 86.", " = 106."),
    (" Let me check: 96 ÷ 8 = 12 ✓.", " Wait, let me verify: 8 × 12 = 96.", " No need to check."),
    (" The answer is", " So the answer is", " Final answer:"),
    (" 96", " 86", " 106"),
)
"""Candidate tokens at each position (a "token" here is a short phrase). Position 2 holds a
wrong-arithmetic branch (12 × 2 taken as 34), position 4 the verification tokens, position 6
the final answer. Positions are drawn independently, so a response can contradict itself (a
slip at "result" that the final answer does not repeat); the outcome reward reads only the end."""

INITIAL_LOGITS: tuple[tuple[float, ...], ...] = (
    (1.0, 0.4, -0.6),
    (0.8, 0.5, -0.4),
    (0.6, 0.4, 0.1),
    (0.9, 0.3, -0.5),
    (0.1, -0.2, 0.5),
    (0.6, 0.3, 0.0),
    (0.9, 0.5, -0.3),
)
"""Illustrative starting logits (nats), one row per position."""

GROUP_OTHER_REWARDS: tuple[float, ...] = (1.0, 1.0, 0.0)
"""Rewards of three other rollouts of the same prompt: with this rollout they make the group
of four whose mean and std set the advantage when its source is "group" (chapter 02's rule)."""


def sample_tokens(logits: Sequence[ArrayLike], rng: np.random.Generator) -> list[int]:
    """Draw one token index per position from its softmax, one uniform per position.

    Parameters
    ----------
    logits : one array of candidate logits per position.
    rng : the random generator; the same generator state gives the same draw.
    """
    uniforms = rng.random(len(logits))
    return [int(sample_from_uniforms(softmax(z), u)) for z, u in zip(logits, uniforms, strict=True)]


def logit_step(
    logits: ArrayLike, chosen: int, advantage: float, learning_rate: float
) -> NDArray[np.float64]:
    """Logits after one ascent step on advantage·log π(chosen) for one position.

    Parameters
    ----------
    logits : (K,) logits of the candidates at this position.
    chosen : index of the sampled candidate.
    advantage : A, the rollout's advantage (shared by every token of the rollout).
    learning_rate : η.

    Returns z + η·A·(onehot(chosen) − softmax(z)): the chosen logit rises by η·A·(1 − p_chosen),
    every other logit i falls by η·A·pᵢ, its own probability (all signs flip when A < 0;
    nothing moves when A = 0).
    """
    z = np.asarray(logits, dtype=float)
    return z + learning_rate * policy_gradient(softmax(z), [chosen], [advantage])


def update_all(
    logits: Sequence[ArrayLike], chosen: Sequence[int], advantage: float, learning_rate: float
) -> list[NDArray[np.float64]]:
    """``logit_step`` at every position of a rollout with the rollout's one advantage.

    Positions with the same number of candidates are stepped together as one (P, K) array: the
    same formula row by row, one numpy call instead of one per position.
    """
    if len({len(z) for z in logits}) != 1:
        pairs = zip(logits, chosen, strict=True)
        return [logit_step(z, c, advantage, learning_rate) for z, c in pairs]
    z = np.asarray(logits, dtype=float)
    rows = np.arange(z.shape[0])
    onehot = np.zeros_like(z)
    onehot[rows, np.asarray(chosen, dtype=int)] = 1.0
    return list(z + learning_rate * advantage * (onehot - softmax(z, axis=-1)))


def response_text(chosen: Sequence[int], candidates: Sequence[Sequence[str]] = CANDIDATES) -> str:
    """The response a rollout spells: its chosen tokens, concatenated."""
    return "".join(cands[c] for cands, c in zip(candidates, chosen, strict=True))


def rollout_reward(response: str, ground_truth: str = GROUND_TRUTH) -> tuple[float, str]:
    """Chapter 03's accuracy reward (1 or 0) and its one-line reason."""
    return rewards.accuracy_reward(response, ground_truth)


def group_advantage(
    reward: float, other_rewards: Sequence[float] = GROUP_OTHER_REWARDS
) -> tuple[float, float, float]:
    """This rollout's GRPO advantage inside a group with ``other_rewards``.

    Returns
    -------
    (advantage, group mean, group std): (r − mean) / std with the population std (÷G, as
    chapter 02 uses by default; neither DeepSeekMath nor the R1 papers say which std); 0
    when every reward in the group is equal. With the fixed others (1, 1, 0), a correct
    rollout gets +1/√3 and a wrong one −1: a wrong answer is never pushed up.
    """
    mean, std, adv = grpo.group_advantages([reward, *other_rewards])
    return float(adv[0]), float(mean), float(std)
