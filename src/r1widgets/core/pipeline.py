"""Small pure helpers for chapters 05 and 06: the lineage of R1's checkpoints, gaps between
published scores in points, and how a score is written with its unit.

The checkpoints are Nature's names (Fig. 2 and Table 2): Dev1, Dev2 and Dev3 are the models
after R1's first three stages. ``WEIGHTS_FROM`` says whose weights a checkpoint was trained
from; ``DATA_FROM`` says which other checkpoints supplied part of its training data. The two
differ at stage 3: Dev3 is trained from DeepSeek-V3-Base again, on data sampled from Dev2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

CHECKPOINTS = ("v3_base", "r1_zero", "dev1", "dev2", "dev3", "r1")
NAMES = {
    "v3_base": "DeepSeek-V3-Base",
    "r1_zero": "R1-Zero",
    "dev1": "Dev1",
    "dev2": "Dev2",
    "dev3": "Dev3",
    "r1": "R1",
}
STAGE_CHECKPOINTS = ("v3_base", "dev1", "dev2", "dev3", "r1")
"""The checkpoint that stage i (0 to 4) leaves behind; stage 0 is the pretrained base."""

WEIGHTS_FROM = {
    "r1_zero": "v3_base",  # pure RL from the base: not a stage of R1
    "dev1": "v3_base",  # stage 1, cold-start SFT
    "dev2": "dev1",  # stage 2, reasoning RL
    "dev3": "v3_base",  # stage 3, SFT restarted from the base
    "r1": "dev3",  # stage 4, RL for all scenarios
}
DATA_FROM = {
    "dev1": ("r1_zero",),  # part of the cold-start data: R1-Zero outputs, made readable
    "dev3": ("dev2",),  # the ~600k reasoning samples, rejection-sampled from Dev2
}

UNITS = ("%", "percentile", "rating")


def lineage(checkpoint: str) -> list[str]:
    """The checkpoints whose weights lead to ``checkpoint``, base first, itself last.

    Parameters
    ----------
    checkpoint
        One of :data:`CHECKPOINTS`.
    """
    if checkpoint not in NAMES:
        raise ValueError(f"checkpoint must be one of {list(CHECKPOINTS)}, not {checkpoint!r}")
    chain = [checkpoint]
    while chain[-1] in WEIGHTS_FROM:
        chain.append(WEIGHTS_FROM[chain[-1]])
    return chain[::-1]


def gap_points(minuend: float, subtrahend: float, digits: int = 1) -> float:
    """``minuend - subtrahend`` for scores published to ``digits`` decimals, exact in decimal
    (72.6 - 47.0 is 25.6, not 25.599999999999994).

    Parameters
    ----------
    minuend, subtrahend
        Published scores, finite.
    digits
        Decimals the scores were published with.
    """
    if not (math.isfinite(minuend) and math.isfinite(subtrahend)):
        raise ValueError("gap_points needs two finite scores")
    exact = Decimal(repr(float(minuend))) - Decimal(repr(float(subtrahend)))
    return float(round(exact, digits)) + 0.0  # + 0.0: no negative zero


def best(values: Mapping[str, float]) -> str:
    """The key with the highest value; on a tie, the first in the mapping's order."""
    if not values:
        raise ValueError("best needs at least one value")
    return max(values, key=lambda k: (values[k], -list(values).index(k)))


def format_score(value: float, unit: str) -> str:
    """A score with its unit written out: 77.9%, 96.3 (percentile), 2,029 (rating)."""
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "percentile":
        return f"{value:.1f} (percentile)"
    if unit == "rating":
        return f"{value:,.0f} (rating)"
    raise ValueError(f"unit must be one of {list(UNITS)}, not {unit!r}")


def format_points(gap: float) -> str:
    """A gap in points with its sign: +25.6 points, −16.1 points (a true minus sign)."""
    text = f"{gap:+.1f}".replace("-", "−")
    return f"{'±0.0' if text in ('+0.0', '−0.0') else text} points"
