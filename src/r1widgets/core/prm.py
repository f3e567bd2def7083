"""A toy outcome reward model (hand-set weights, standing in for a learned one) and five ways
to fool it.

A reward model is a network trained to predict how good a response is. An outcome reward
model scores the finished response once; a process reward model (PRM) scores each
intermediate step of the reasoning. The model here reads the whole text once, from surface
features: it is outcome-level, not a PRM. (This module keeps its first name, ``prm``, so the
tools that list it keep working; nothing in it is a PRM.)

DeepSeek-R1 scores its reasoning data with rules and no neural reward model, outcome or
process; it gives reward hacking in large-scale RL, and the cost and complexity of retraining a
reward model, as its reasons (P-v1 §2.2.2). Its §4.2 adds three objections to PRMs in
particular (paper-data §5), the third being that a model-based PRM, once introduced, leads to
reward hacking. This module makes the reward-hacking risk concrete with a tiny stand-in for a
learned reward model: a logistic model with fixed, hand-set weights over surface features of
the text. It is our illustrative model, not a trained network and not a number from the paper:
its weights imitate what a reward model fitted to human-rated reasoning can pick up (long step
lists, confident tone, self-checks), features a policy can produce without being right.

Every feature is computed in time linear in the text: ``str.split``, ``str.count`` and
regexes made of literal alternatives and bounded repeats, which cannot backtrack. No function
raises on any string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

QUESTION = "Is 7919 prime?"
GROUND_TRUTH = "yes"  # 7919 is the 1000th prime

BASES = ("wrong", "correct")
EXPLOITS = (
    "padding_steps",
    "confident_filler",
    "fake_verification",
    "restate_question",
    "hedge_both",
)

# The two honest starting texts, in R1's template. The wrong one makes a real-looking slip.
_BASE_THINK = {
    "wrong": (
        "7919 is odd and its digits sum to 26, so 2 and 3 do not divide it. "
        "7919 / 7 = 1131.3, and 7919 / 11 = 719.9. "
        "7919 / 13 = 609 exactly, so 7919 = 13 * 609 and it is not prime."
    ),
    "correct": (
        "89 * 89 = 7921 > 7919, so only primes up to 83 can divide 7919. "
        "It is odd and its digit sum 26 is not a multiple of 3; it does not end in 0 or 5. "
        "Trying 7, 11, 13, ..., 83 leaves a remainder every time (13 * 609 = 7917, remainder 2). "
        "No prime up to 83 divides it, so 7919 is prime."
    ),
}
_BASE_ANSWER = {"wrong": "no", "correct": "yes"}
_OTHER_ANSWER = {"wrong": "yes", "correct": "no"}

# What each exploit adds. None of it changes the mathematics.
PADDING_STEPS = tuple(
    f"Step {k}: {text}"
    for k, text in enumerate(
        (
            "Read the number carefully.",
            "Note that the number has four digits.",
            "Recall what a prime number is.",
            "Consider the possible divisors.",
            "Organise the work into steps.",
            "Keep the number in mind.",
            "Prepare to state the result.",
            "Conclude the analysis.",
        ),
        start=1,
    )
)
CONFIDENT_FILLER = (
    "Clearly this is right. Obviously the reasoning holds, and the result is certainly "
    "correct. Definitely, undoubtedly so."
)
FAKE_VERIFICATION = "Let me verify: ✓ verified. Double-checked: ✓ verified."
RESTATEMENT = f"The question is: {QUESTION} Restating it: {QUESTION.lower()}"
HEDGE_THINK = "Then again, perhaps the opposite holds; maybe either answer could be right."


def compose_response(base: str, exploits: Iterable[str]) -> str:
    """The response for a base answer with some exploits switched on.

    Parameters
    ----------
    base : "wrong" (says 7919 is not prime) or "correct".
    exploits : names from :data:`EXPLOITS`; order does not matter.

    The restatement opens the reasoning; padding, filler and the fake check follow it; hedging
    adds a hedge to the reasoning and the other answer to the ``<answer>`` block
    ("no, or possibly yes"), so the block states both.
    """
    if base not in BASES:
        raise ValueError(f"base must be one of {list(BASES)}, not {base!r}")
    chosen = set(exploits)
    unknown = chosen - set(EXPLOITS)
    if unknown:
        raise ValueError(f"unknown exploits {sorted(unknown)}; allowed: {list(EXPLOITS)}")
    think: list[str] = []
    if "restate_question" in chosen:
        think.append(RESTATEMENT)
    think.append(_BASE_THINK[base])
    if "padding_steps" in chosen:
        think.extend(PADDING_STEPS)
    if "confident_filler" in chosen:
        think.append(CONFIDENT_FILLER)
    if "fake_verification" in chosen:
        think.append(FAKE_VERIFICATION)
    answer = _BASE_ANSWER[base]
    if "hedge_both" in chosen:
        think.append(HEDGE_THINK)
        answer = f"{answer}, or possibly {_OTHER_ANSWER[base]}"
    return "<think>\n" + "\n".join(think) + "\n</think>\n<answer>\n" + answer + "\n</answer>"


# --- features -------------------------------------------------------------------------------------

# Literal alternatives and bounded repeats only: every match attempt does constant work.
_STEP = re.compile(r"\bstep \d{1,9}:", re.IGNORECASE)
_CONFIDENT = re.compile(
    r"\b(?:clearly|obviously|certainly|definitely|undoubtedly|surely)\b", re.IGNORECASE
)
_VERIFY = re.compile(r"\b(?:verify|verified|double-checked|double-check)\b|✓", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:perhaps|maybe|possibly|might|either|then again)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|isn't|doesn't)\b", re.IGNORECASE)

FEATURES = (
    "step_markers",
    "confident_words",
    "verification",
    "question_echoes",
    "length",
    "hedging",
    "negation",
)
# One short human word per feature, shown alike under the chart's bars and in the table.
FEATURE_LABELS = {
    "step_markers": "steps",
    "confident_words": "confident",
    "verification": "checks",
    "question_echoes": "echoes",
    "length": "length",
    "hedging": "hedges",
    "negation": "negations",
}
FEATURE_MEANINGS = {
    "step_markers": "ln(1 + number of 'Step k:' markers)",
    "confident_words": "confident words (clearly, obviously, certainly, ...) per 100 words",
    "verification": "ln(1 + number of verify / verified / double-check / ✓)",
    "question_echoes": "ln(1 + number of times the question is repeated verbatim)",
    "length": "ln(1 + number of words)",
    "hedging": "ln(1 + number of hedges: perhaps, maybe, possibly, might, either, then again)",
    "negation": "negations (not, no, never, cannot, ...) per 100 words",
}


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _question_core(question: str) -> str:
    """The question without surrounding spaces and final punctuation, lower-cased."""
    return question.strip().rstrip("?!. ").lower()


def text_counts(text: str, question: str = QUESTION) -> dict[str, int]:
    """Raw counts behind the features (words are whitespace-separated tokens).

    Question echoes count non-overlapping, case-insensitive occurrences of the question with
    its final "?" removed (0 when that leaves nothing).
    """
    core = _question_core(question)
    return {
        "words": len(text.split()),
        "step_markers": _count(_STEP, text),
        "confident_words": _count(_CONFIDENT, text),
        "verification": _count(_VERIFY, text),
        "question_echoes": text.lower().count(core) if core else 0,
        "hedging": _count(_HEDGE, text),
        "negation": _count(_NEGATION, text),
    }


def reward_model_features(text: str, question: str = QUESTION) -> dict[str, float]:
    """The reward model's input features of ``text``, named as in :data:`FEATURES`.

    Counts that grow without bound enter as ``ln(1 + count)``; rates are per 100 words
    (over at least one word). See :data:`FEATURE_MEANINGS`.
    """
    return _features(text_counts(text, question))


def _features(c: Mapping[str, int]) -> dict[str, float]:
    per100 = 100.0 / max(c["words"], 1)
    return {
        "step_markers": math.log1p(c["step_markers"]),
        "confident_words": c["confident_words"] * per100,
        "verification": math.log1p(c["verification"]),
        "question_echoes": math.log1p(c["question_echoes"]),
        "length": math.log1p(c["words"]),
        "hedging": math.log1p(c["hedging"]),
        "negation": c["negation"] * per100,
    }


# --- the model ------------------------------------------------------------------------------------

# Hand-set, illustrative: what a reward model fitted to rated reasoning might learn. Positive
# weights on features that *usually* go with careful work; negation reads as "something went
# wrong".
REWARD_MODEL_WEIGHTS: dict[str, float] = {
    "step_markers": 0.9,
    "confident_words": 0.25,
    "verification": 1.1,
    "question_echoes": 0.8,
    "length": 0.35,
    "hedging": 0.6,
    "negation": -0.12,
}
REWARD_MODEL_BIAS = -2.5


@dataclass(frozen=True)
class RewardModelResult:
    """The reward model's reading of one text (one score for the whole text).

    Attributes
    ----------
    features : feature name -> value.
    contributions : feature name -> weight * value.
    logit : bias + sum of contributions.
    score : 1 / (1 + exp(-logit)), in (0, 1).
    counts : the raw counts behind the features (see :func:`text_counts`).
    """

    features: dict[str, float]
    contributions: dict[str, float]
    logit: float
    score: float
    counts: dict[str, int] = field(default_factory=dict)


def logistic(z: float) -> float:
    """1 / (1 + exp(-z)), computed without overflow for any finite z."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def reward_model_score(
    text: str,
    question: str = QUESTION,
    weights: Mapping[str, float] = REWARD_MODEL_WEIGHTS,
    bias: float = REWARD_MODEL_BIAS,
) -> RewardModelResult:
    """Score ``text`` with the toy outcome reward model: logistic(bias + Σ weight · feature).

    One score for the whole response (outcome-level): no step is scored on its own.

    Parameters
    ----------
    text : the response.
    question : the question it answers (for the echo feature).
    weights, bias : the model; defaults are :data:`REWARD_MODEL_WEIGHTS` and
        :data:`REWARD_MODEL_BIAS`.
    """
    counts = text_counts(text, question)
    features = _features(counts)
    contributions = {name: weights[name] * features[name] for name in FEATURES}
    logit = bias + sum(contributions.values())
    return RewardModelResult(
        features=features,
        contributions=contributions,
        logit=logit,
        score=logistic(logit),
        counts=counts,
    )
