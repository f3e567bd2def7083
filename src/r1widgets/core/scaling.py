"""Chapter 16's math: thinking budget against accuracy, latency and cost.

**Every curve here is ours, illustrative.** The R1 papers publish no accuracy-against-thinking-
budget curve (paper-data §7; the Nature supplementary's test-time-scaling figures could not be
read). :func:`accuracy_reasoning` and :func:`accuracy_baseline` are sums of saturating
exponentials, ``floor + Σ gain·(1 − exp(−budget/scale))``, with parameters of our choosing: the
reasoning model climbs steeply over the first few hundred tokens (from a direct answer to working
step by step), then ever more slowly over thousands (room to check and try another way); the
baseline, a model without long-reasoning training, barely moves. Each term is increasing and
concave in the budget, so both curves never fall, each extra token buys less than the one before,
and both stay in [0, 1].

**Latency and cost** follow from a stated assumption: the model spends its whole budget thinking,
then writes an answer of :data:`ANSWER_TOKENS` tokens (our round number). Latency is generated
tokens over decode speed (prompt reading and queueing ignored); cost is generated tokens relative
to a direct answer of :data:`ANSWER_TOKENS` tokens with no thinking (one price per generated token).

**Depth bands** (direct answer, step by step, verification, diminishing returns) and their limits
are ours. The last is not a plateau: our curve still rises there, only slowly. Nothing in the
papers says that room past 12,000 tokens is wasted: in training, R1-Zero's answers averaged about
9,600 tokens late in the v1 run, and when its length cap went from 32,768 to 65,536 tokens both its
accuracy and its answer length jumped (paper-data §1.4, §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

BUDGET_MAX = 32_768  # the paper's maximum generation length in its evaluations (paper.py)
ANSWER_TOKENS = 200  # our round number: the answer written after the thinking
CURVE_MIN_BUDGET = 100  # the smallest positive budget on the chart's log axis
CURVE_SAMPLES = 64  # positive budgets sampled for the chart, log-spaced, plus 0


@dataclass(frozen=True)
class SaturatingCurve:
    """``floor + Σ gains[i]·(1 − exp(−budget/scales[i]))``: illustrative, our parameters."""

    floor: float
    gains: tuple[float, ...]
    scales: tuple[float, ...]  # tokens

    def __call__(self, budget: ArrayLike) -> np.ndarray:
        b = np.asarray(budget, dtype=float)
        if np.any(~np.isfinite(b)) or np.any(b < 0):
            raise ValueError("budgets must be finite numbers of tokens, at least 0")
        out = np.full(b.shape, self.floor)
        for gain, scale in zip(self.gains, self.scales, strict=True):
            out = out + gain * -np.expm1(-b / scale)
        return out

    @property
    def ceiling(self) -> float:
        """The value an unlimited budget would approach."""
        return self.floor + sum(self.gains)


# A fast term (a few hundred tokens: from a direct answer to working step by step) and a slow
# one (thousands: checking, another method). Ours: no paper gives these numbers.
REASONING = SaturatingCurve(floor=0.10, gains=(0.40, 0.28), scales=(600.0, 4_000.0))
# A model without long-reasoning training: a little better with room for a few steps, no more.
BASELINE = SaturatingCurve(floor=0.08, gains=(0.04,), scales=(300.0,))


def accuracy_reasoning(budget: ArrayLike) -> np.ndarray:
    """Illustrative accuracy (0 to 1) of a reasoning model given ``budget`` thinking tokens."""
    return REASONING(budget)


def accuracy_baseline(budget: ArrayLike) -> np.ndarray:
    """Illustrative accuracy (0 to 1) of a non-reasoning baseline given ``budget`` tokens."""
    return BASELINE(budget)


def _check(budget: float, tokens_per_second: float | None = None) -> None:
    if not (np.isfinite(budget) and budget >= 0):
        raise ValueError(f"budget must be a finite number of tokens, at least 0, not {budget}")
    if tokens_per_second is not None and not (
        np.isfinite(tokens_per_second) and tokens_per_second > 0
    ):
        raise ValueError(f"tokens_per_second must be positive, not {tokens_per_second}")


def latency_s(budget: float, tokens_per_second: float, answer_tokens: int = ANSWER_TOKENS) -> float:
    """Seconds to generate ``budget`` thinking tokens and an answer of ``answer_tokens``.

    Parameters
    ----------
    budget : thinking tokens, all of them spent (our assumption).
    tokens_per_second : decode speed.
    answer_tokens : the answer written after the thinking.
    """
    _check(budget, tokens_per_second)
    return (float(budget) + answer_tokens) / float(tokens_per_second)


def relative_cost(budget: float, answer_tokens: int = ANSWER_TOKENS) -> float:
    """Generated tokens relative to a direct answer (``answer_tokens``, no thinking): 1 at 0."""
    _check(budget)
    return (float(budget) + answer_tokens) / answer_tokens


@dataclass(frozen=True)
class DepthBand:
    """A range of budgets, ``low`` to ``high`` tokens inclusive, and what fits in it (ours)."""

    id: str
    label: str
    low: int
    high: int
    description: str


DEPTH_BANDS: tuple[DepthBand, ...] = (
    DepthBand(
        "direct", "direct answer", 0, 199, "No room to think: the answer comes almost at once."
    ),
    DepthBand(
        "step_by_step",
        "step by step",
        200,
        1_999,
        "Room to work the problem through once, step by step.",
    ),
    DepthBand(
        "verification",
        "verification",
        2_000,
        11_999,
        "Room to check the work, notice a slip and try another method.",
    ),
    DepthBand(
        "diminishing",
        "diminishing returns",
        12_000,
        BUDGET_MAX,
        "On our curve each extra token buys less. Hard problems still use this room.",
    ),
)


def depth_band(budget: float) -> DepthBand:
    """The band that holds ``budget`` (0 to :data:`BUDGET_MAX` tokens)."""
    _check(budget)
    if budget > BUDGET_MAX:
        raise ValueError(f"budget must be at most {BUDGET_MAX:,} tokens, not {budget}")
    return next(band for band in DEPTH_BANDS if budget < band.high + 1)


def curve_budgets(
    low: int = CURVE_MIN_BUDGET, high: int = BUDGET_MAX, samples: int = CURVE_SAMPLES
) -> np.ndarray:
    """0, then ``samples`` budgets log-spaced from ``low`` to ``high`` (rounded to tokens)."""
    grid = np.unique(np.rint(np.geomspace(low, high, samples)).astype(int))
    return np.concatenate(([0], grid))
