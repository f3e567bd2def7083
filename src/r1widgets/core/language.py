"""Language mixing in a chain of thought, and our illustrative model of how a language-consistency
weight λ reduces it (chapter 13).

R1-Zero's chains of thought mixed languages, English and Chinese above all; R1 added a
language-consistency (LC) reward, the share of target-language words in the chain of thought
(P-v1 §2.3.2; Nature eq. 7), computed here by :func:`r1widgets.core.rewards.language_reward`.

Everything else in this module is OUR illustrative model, not the paper's: one fixed maths prompt
and a trace of our own written in both languages, clause by clause (:data:`CLAUSES`). Each clause
that has words switches to the other language with probability
``BASE_SWITCH_RATE * exp(-DECAY * λ)``, decided by one uniform draw per clause from a seeded
``numpy.random.Generator``. The same draws serve every λ, so for one seed a larger λ can only
remove switches (a coupling: the mixing rate falls with λ seed by seed, not only on average).
The accuracy curves are illustrative shapes that follow the words of the LC-reward ablation: the
main text (v1 §2.3.2, Nature) reports only "a slight degradation", and the supplementary
ablation (arXiv v2 Suppl. B.6, read via a secondary note, paper-data §2.1 [S]) places it on code,
with maths "comparable". No numbers for them are used. The "readability" curve is only the
target-language share, 1 minus the pooled mixing rate.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from . import rewards

TARGET_LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
WEIGHT_RANGE = (0.0, 2.0)  # λ: 0 is no LC reward; the track stops where mixing has all but gone
BASE_SWITCH_RATE = 0.4  # chance a clause switches language at λ = 0 (illustrative)
DECAY = 3.0  # how fast switching falls per unit of λ (illustrative)
CODE_COST = 0.04  # the code score's largest relative drop, as λ grows (illustrative)
CURVE_POINTS = 41  # λ = 0, 0.05, ..., 2
# λ at which the LC reward is added directly, as R1 does, on chapter 03's 0/1 scale (our reading:
# the paper gives no weight and no scale)
DIRECT_WEIGHT = 1.0


@dataclass(frozen=True)
class Clause:
    """One clause of the trace in both languages; ``en == zh`` for a clause without words
    (layout or arithmetic), which never switches."""

    en: str
    zh: str

    @property
    def switchable(self) -> bool:
        return self.en != self.zh

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.zh


PROMPTS = {
    "en": "What is the sum of the first 20 positive odd numbers?",
    "zh": "前20个正奇数之和是多少?",
}
ANSWER = "400"
OPEN = rewards.THINK_OPEN + "\n"
CLOSE = f"\n{rewards.THINK_CLOSE}\n{rewards.ANSWER_OPEN}{ANSWER}{rewards.ANSWER_CLOSE}"

_NL = Clause("\n", "\n")
CLAUSES: tuple[Clause, ...] = (
    Clause("Let me think about this. ", "我来想一想。"),
    Clause("The first 20 odd numbers are 1, 3, 5, up to 39.", "前20个奇数是1, 3, 5, 一直到39。"),
    _NL,
    Clause("I can pair the first with the last: ", "把第一个和最后一个配对："),
    Clause("1 + 39 = 40, ", "1 + 39 = 40, "),
    Clause("and 3 + 37 = 40 as well.", "3 + 37 也等于40。"),
    _NL,
    Clause("So there are 10 pairs, ", "所以一共有10对，"),
    Clause("each adding up to 40, ", "每对的和都是40，"),
    Clause("and the sum is 10 × 40 = 400.", "总和是10 × 40 = 400。"),
    _NL,
    Clause("Wait, let me check with a formula. ", "等等，用公式验证一下。"),
    Clause("The sum of the first n odd numbers is n squared.", "前n个奇数之和等于n的平方。"),
    _NL,
    Clause("Here n = 20, ", "这里n = 20，"),
    Clause("and 20 squared is 400. ", "20的平方是400。"),
    Clause("Both ways agree, ", "两种方法结果一致，"),
    Clause("so the answer is 400.", "所以答案是400。"),
)
SWITCHABLE = tuple(i for i, c in enumerate(CLAUSES) if c.switchable)
# The clauses that open a new clause on their line: every clause after another clause with words.
# A clause without words (the sum "1 + 39 = 40, ") opens a clause itself and the one after it
# continues it, so each clause the view separates holds exactly one clause with words.
CLAUSE_STARTS = frozenset(
    i for i, c in enumerate(CLAUSES) if i > 0 and c is not _NL and CLAUSES[i - 1].switchable
)


def other_language(target: str) -> str:
    """The language the trace mixes in: Chinese for an English target, and the other way."""
    _check_target(target)
    return "zh" if target == "en" else "en"


def _check_target(target: str) -> None:
    if target not in TARGET_LANGUAGES:
        raise ValueError(f"target language must be one of {list(TARGET_LANGUAGES)}, not {target!r}")


def _check_weight(weight: float) -> float:
    w = float(weight)
    if not (math.isfinite(w) and WEIGHT_RANGE[0] <= w <= WEIGHT_RANGE[1]):
        raise ValueError(f"λ must be a number in [{WEIGHT_RANGE[0]:g}, {WEIGHT_RANGE[1]:g}]")
    return w


def switch_probability(weight: float) -> float:
    """The chance that one clause switches to the other language at weight λ (our model):
    ``BASE_SWITCH_RATE · exp(−DECAY · λ)``, 0.4 at λ = 0, falling by e³ per unit of λ."""
    return BASE_SWITCH_RATE * math.exp(-DECAY * _check_weight(weight))


def switch_draws(seed: int) -> np.ndarray:
    """One uniform draw in [0, 1) per clause, from ``numpy.random.default_rng(seed)``. A clause
    switches when its draw is below the switch probability: the same draws at every λ."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return np.random.default_rng(int(seed)).random(len(CLAUSES))


@dataclass(frozen=True)
class Segment:
    """A piece of the sample text: its language ("en", "zh" or "none" for tags, layout and
    arithmetic), whether it is in the non-target language, and whether it starts a new clause
    on its line (where the view draws a faint separator, so that the clauses can be counted)."""

    text: str
    language: str
    off_target: bool
    clause_start: bool = False


@dataclass(frozen=True)
class Trace:
    """A sampled response: its full text and the same text cut into segments, in order."""

    text: str
    segments: tuple[Segment, ...]
    switched: tuple[int, ...]  # indices into CLAUSES of the clauses that switched


def sample_trace(weight: float, target: str, seed: int) -> Trace:
    """The illustrative response at weight λ for the target language and seed: ``<think>``,
    the clauses (each in the target language unless its draw switched it), ``</think>`` and
    the answer. Deterministic in (λ, target, seed)."""
    other = other_language(target)
    p = switch_probability(weight)
    draws = switch_draws(seed)
    segments = [Segment(OPEN, "none", False)]
    switched = []
    for i, clause in enumerate(CLAUSES):
        start = i in CLAUSE_STARTS
        if not clause.switchable:
            segments.append(Segment(clause.en, "none", False, start))
        elif draws[i] < p:
            switched.append(i)
            segments.append(Segment(clause.text(other), other, True, start))
        else:
            segments.append(Segment(clause.text(target), target, False, start))
    segments.append(Segment(CLOSE, "none", False))
    text = "".join(s.text for s in segments)
    return Trace(text, tuple(segments), tuple(switched))


def word_counts(response: str, target: str) -> dict[str, int]:
    """Words in the chain of thought (the ``<think>`` block) by the LC reward's rule: runs of
    Latin letters are English words, except one-letter symbols such as the n of "n squared"
    (a, A and I are words); each CJK ideograph is one Chinese word; runs of any other script
    are one word each. Returns target, other (every word not in the target language), total,
    and symbols (the one-letter symbols left out)."""
    _check_target(target)
    span = rewards.chain_of_thought(response)
    cot = "" if span is None else response[span[0] : span[1]]
    counts = rewards.count_words(cot)
    symbols = rewards.count_letter_symbols(cot)
    by_language = {"en": counts["en"] - symbols, "zh": counts["zh"]}
    total = by_language["en"] + by_language["zh"] + counts["other"]
    return {
        "target": by_language[target],
        "other": total - by_language[target],
        "total": total,
        "symbols": symbols,
    }


def mixed_rate(response: str, target: str) -> float:
    """The share of the chain of thought's words that are not in the target language, in
    [0, 1] (0 when it has no words). By construction it is 1 minus the LC reward wherever the
    chain of thought has words: both count words by the same rule."""
    counts = word_counts(response, target)
    return counts["other"] / counts["total"] if counts["total"] else 0.0


@functools.cache
def clause_words(target: str) -> tuple[tuple[int, int], ...]:
    """For each clause, its word count (LC rule, symbols left out) in the target language and
    in the other language: (in target, in other). Clauses are written so that no word runs
    across a clause boundary, so a trace's counts are the sums over its clauses."""
    other = other_language(target)
    out = []
    for clause in CLAUSES:
        wrapped = [OPEN + clause.text(lang) + CLOSE for lang in (target, other)]
        out.append(tuple(word_counts(w, target)["total"] for w in wrapped))
    return tuple(out)


def expected_mixed_rate(weight: float, target: str) -> float:
    """The share of non-target words pooled over many samples at weight λ (a closed form of our
    model): p·O / (p·O + (1 − p)·T + F), with p the switch probability, O and T the words of
    the switchable clauses in the other and the target language, and F the words of clauses
    that never switch (none here). Pooled means total non-target words over total words, so a
    long sample weighs more than a short one."""
    p = switch_probability(weight)
    words = clause_words(target)
    in_target = sum(words[i][0] for i in SWITCHABLE)
    in_other = sum(words[i][1] for i in SWITCHABLE)
    fixed = sum(words[i][0] for i in range(len(CLAUSES)) if i not in SWITCHABLE)
    return p * in_other / (p * in_other + (1 - p) * in_target + fixed)


def readability(weight: float, target: str) -> float:
    """The share of words in the target language, pooled over many samples at weight λ
    (1 − :func:`expected_mixed_rate`; illustrative). Not a separate readability measure: the
    paper reports no readability score, only that the LC reward makes the output more
    readable."""
    return 1.0 - expected_mixed_rate(weight, target)


def relative_accuracy(weight: float) -> dict[str, float]:
    """Illustrative scores at weight λ as a share of the score without the LC reward (λ = 0).

    Maths stays at 1: the supplementary ablation (arXiv v2 Suppl. B.6, via a secondary note)
    calls maths performance "comparable" with the reward. Code falls by ``CODE_COST`` times the
    share of switching the reward has removed, the "slight degradation" of the main text, which
    the supplementary places on code; the size of the drop is ours (the ablation's numbers are
    unverified, paper-data §2.1)."""
    removed = 1.0 - switch_probability(weight) / BASE_SWITCH_RATE
    return {"maths": 1.0, "code": 1.0 - CODE_COST * removed}


def weight_grid(points: int = CURVE_POINTS) -> list[float]:
    """λ values from 0 to 2, evenly spaced: the curves' x values."""
    lo, hi = WEIGHT_RANGE
    return [round(lo + (hi - lo) * k / (points - 1), 10) for k in range(points)]


def curves(target: str, points: int = CURVE_POINTS) -> dict[str, list[float]]:
    """The illustrative curves over λ for the view: weights, expected_mixed_rate, readability
    (the target-language share), maths and code (shares; maths and code relative to λ = 0)."""
    weights = weight_grid(points)
    return {
        "weights": weights,
        "expected_mixed_rate": [expected_mixed_rate(w, target) for w in weights],
        "readability": [readability(w, target) for w in weights],
        "maths": [relative_accuracy(w)["maths"] for w in weights],
        "code": [relative_accuracy(w)["code"] for w in weights],
    }
