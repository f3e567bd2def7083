"""Chapter 04's math: reading a published curve at any step, and finding reflective behaviour
in a text.

**Curves.** The paper's figures are kept as points (``paper.py``): Figure 2's markers, and
our readings of Figure 3's smoothed curve, which has no markers.
:func:`read_curve` returns a published point exactly at its step, a straight-line
interpolation between two neighbouring points, and ``None`` before the first or after the last
point: it never extrapolates.

**Reflective behaviour.** Nature's Extended Data Fig. 1 tracks ten reflective words chosen by
three human experts (``paper.REFLECTIVE_WORDS``). :func:`count_reflective_words` counts them as
whole words, in any letter case: "await", "checkout", "butter" or "wait_time" do not count.
Inflections ("checked", "waiting") do not count either; the paper gives the list, not a
matching rule, so that choice is ours. :func:`detect_behaviours` sorts the cues it finds into
the three behaviours the chapter names: verification, an alternative method and "wait"-style
reflection. Each of the ten words belongs to one of them, and a few phrases of our own add to
them ("double-check", "another way", "reconsider"); cues of one kind separated only by spaces
and punctuation ("Wait, wait.") form one behaviour. Words are a crude signal: "but" often
only joins two facts.

Both scans are single regular-expression passes whose alternatives are fixed words of at most
a few characters, with bounded separators and no nested repeats: the work per position is
bounded, so the time is linear in the text (``tests/core/test_aha.py`` checks the growth from
100 KB to 1 MB). Spans are Python code-point offsets ``[start, end)``; :func:`utf16_spans`
converts many of them at once, in linear time, for JavaScript's ``String.slice``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .. import paper

REFLECTIVE_WORDS: tuple[str, ...] = tuple(paper.REFLECTIVE_WORDS.value)

KINDS = ("verification", "alternative_method", "reflection")
KIND_LABELS = {
    "verification": "verification",
    "alternative_method": "alternative method",
    "reflection": '"wait"-style reflection',
}

# Which behaviour each of the paper's ten words signals (our grouping), and our extra phrases.
WORD_KINDS = {
    "verify": "verification",
    "check": "verification",
    "evaluate": "verification",
    "retry": "alternative_method",
    "wait": "reflection",
    "mistake": "reflection",
    "wrong": "reflection",
    "error": "reflection",
    "however": "reflection",
    "but": "reflection",
}
EXTRA_PHRASES = {
    "verification": ("double check", "substitute back", "substituting back", "plug it back"),
    "alternative_method": (
        "alternatively",
        "another way",
        "another approach",
        "another method",
        "a different way",
        "a different approach",
        "a different method",
        "try again",
    ),
    "reflection": ("reconsider", "hold on"),
}


def _pattern(cue: str) -> str:
    """A cue as a regex: each letter in either case; a space matches 1-3 spaces or hyphens."""
    out = []
    for ch in cue:
        if ch == " ":
            out.append(r"[\s\-]{1,3}")
        elif ch.isalpha():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(cues: Iterable[str]) -> str:
    # Longest first, so a phrase wins over a shorter cue at the same position.
    return "|".join(_pattern(c) for c in sorted(cues, key=len, reverse=True))


# (?<!\w) and (?!\w): a whole word, with Unicode word characters (letters, digits, "_").
# No re.IGNORECASE: its Unicode folding would let "K" (Kelvin sign) or "ſ" stand in for k or s.
_WORDS_RE = re.compile(rf"(?<!\w)(?:{_alternation(REFLECTIVE_WORDS)})(?!\w)")
_CUES_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        f"(?P<{kind}>"
        + _alternation([w for w, k in WORD_KINDS.items() if k == kind] + list(EXTRA_PHRASES[kind]))
        + ")"
        for kind in KINDS
    )
    + r")(?!\w)"
)
_WORD_CHAR = re.compile(r"\w")

assert set(WORD_KINDS) == set(REFLECTIVE_WORDS), "every reflective word has one behaviour"


def count_reflective_words(text: str) -> dict[str, int]:
    """How often each of the paper's ten reflective words occurs in ``text``.

    Whole words only, in any letter case (ASCII letters: "WAIT" and "Wait" count, "await"
    does not). Every word appears as a key, in the paper's order, 0 when absent.
    """
    counts = dict.fromkeys(REFLECTIVE_WORDS, 0)
    for match in _WORDS_RE.finditer(text):
        counts[match.group().lower()] += 1
    return counts


def detect_behaviours(text: str) -> list[dict]:
    """The reflective behaviours in ``text``, in order of appearance.

    Parameters
    ----------
    text : any string.

    Returns
    -------
    A list of ``{"kind", "words", "span"}`` dicts: ``kind`` is one of :data:`KINDS`,
    ``words`` the cues as written in the text (one of the ten words or one of our phrases),
    ``span`` ``[start, end)`` in code points, from the first cue's start to the last cue's end.
    Spans never overlap and ``text[start:end]`` begins with the first word and ends with the
    last.
    """
    found: list[dict] = []
    last = None
    for match in _CUES_RE.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if (
            last is not None
            and last["kind"] == kind
            and not _WORD_CHAR.search(text, last["span"][1], start)
        ):
            last["words"].append(match.group())
            last["span"][1] = end
            continue
        last = {"kind": kind, "words": [match.group()], "span": [start, end]}
        found.append(last)
    return found


def utf16_spans(text: str, spans: Sequence[Sequence[int]]) -> list[list[int]]:
    """Code-point spans ``[start, end)`` of ``text`` as UTF-16 code-unit spans (JavaScript
    string indices), all at once in linear time: a character outside the Basic Multilingual
    Plane (an emoji, a rare CJK character) takes two units in JavaScript, one in Python."""
    if not spans:
        return []
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return [[int(a), int(b)] for a, b in spans]
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    extra = np.concatenate(([0], np.cumsum(points > 0xFFFF)))
    return [[int(a + extra[a]), int(b + extra[b])] for a, b in spans]


# --- curves ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurveReading:
    """A curve read at one step.

    Attributes
    ----------
    value : the published value at a published step, the straight-line interpolation between
        the two neighbouring points, or None outside the published steps.
    kind : "published", "interpolated", "before_first" or "after_last".
    left, right : the published steps used (both equal the step for "published"; the first or
        last published step, and None, outside).
    """

    value: float | None
    kind: str
    left: float | None
    right: float | None


def read_curve(points: Sequence[Sequence[float]], step: float) -> CurveReading:
    """Read the curve through published ``(step, value)`` points at ``step``.

    Parameters
    ----------
    points : published points, steps strictly increasing, at least one.
    step : where to read.

    Returns
    -------
    :class:`CurveReading`. Never extrapolates: before the first published step and after the
    last one the value is None.
    """
    steps = [float(p[0]) for p in points]
    values = [float(p[1]) for p in points]
    if not steps:
        raise ValueError("a curve needs at least one published point")
    if any(b <= a for a, b in zip(steps, steps[1:], strict=False)):
        raise ValueError("published steps must be strictly increasing")
    step = float(step)
    if not np.isfinite(step):
        raise ValueError(f"step must be a finite number, not {step}")
    if step < steps[0]:
        return CurveReading(None, "before_first", steps[0], None)
    if step > steps[-1]:
        return CurveReading(None, "after_last", steps[-1], None)
    i = bisect.bisect_left(steps, step)
    if steps[i] == step:
        return CurveReading(values[i], "published", step, step)
    x0, x1, y0, y1 = steps[i - 1], steps[i], values[i - 1], values[i]
    return CurveReading(y0 + (y1 - y0) * (step - x0) / (x1 - x0), "interpolated", x0, x1)


def interpolate(points: Sequence[Sequence[float]], step: float) -> float | None:
    """The value of :func:`read_curve` alone: None outside the published steps."""
    return read_curve(points, step).value


# --- illustrative rollouts, one per stage of training (our own texts) -------------------------

QUESTION = "How many positive divisors does 360 have?"


@dataclass(frozen=True)
class Stage:
    """A stage of R1-Zero's training, with a short rollout of our own for it (illustrative),
    and ``basis``: what the paper says of these steps and which boundary is ours."""

    name: str
    first_step: int
    last_step: int
    text: str
    basis: str


_WAIT = paper.R1_ZERO_WAIT_STEPS
_SPORADIC, _SPORADIC_TO = _WAIT["sporadic_from"].value, _WAIT["sporadic_to"].value
_FREQUENT = _WAIT["frequent_from"].value
_OURS = 2_000  # our own split of the early steps: the paper names no step here

# Boundaries: 'wait' is "virtually absent" early, sporadic from step 4,000 to 7,000 and frequent
# after 8,000 (Nature Extended Data Fig. 1); the split at 2,000 is ours, and so is keeping steps
# 7,000-7,999 (of which Nature says nothing) in the sporadic stage. The texts are ours, a few
# lines each, where a real rollout at these steps runs to hundreds or thousands of tokens. The
# first one's "check" is superficial, leading to no check and a wrong answer: later work finds
# such words before any RL (the view's later-work note).
STAGES: tuple[Stage, ...] = (
    Stage(
        "early: short answers, and a 'check' that checks nothing",
        0,
        _OURS - 1,
        "<think>\n360 is a round number with many divisors: 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, "
        "15, 18, 20 and so on, so about 20.\nLet me check: yes, about 20.\n</think>\n"
        "<answer>20</answer>",
        f"Nature: 'wait' almost absent early on. The split at step {_OURS:,} is ours.",
    ),
    Stage(
        "a method, and a real check",
        _OURS,
        _SPORADIC - 1,
        "<think>\nAs a product of primes, 360 = 2^3 × 3^2 × 5.\nA divisor takes 2 to a power "
        "from 0 to 3, 3 from 0 to 2 and 5 from 0 to 1.\nThat makes (3 + 1)(2 + 1)(1 + 1) = 24 "
        "choices.\nLet me check the product: 8 × 9 × 5 = 360.\n</think>\n<answer>24</answer>",
        f"Nature: 'wait' still almost absent before step {_SPORADIC:,}. The start at step "
        f"{_OURS:,} is ours.",
    ),
    Stage(
        "an occasional 'wait'",
        _SPORADIC,
        _FREQUENT - 1,
        "<think>\n360 = 2^3 × 3^2 × 5, so the count is 3 × 2 × 1 = 6.\nBut 1, 2, 3, 4, 5, 6, "
        "8, 9 and 10 all divide 360, so six is too few.\nWait, each power can also be 0, so "
        "every factor gets one more: (3 + 1)(2 + 1)(1 + 1) = 24.\nLet me verify the product: "
        "8 × 9 × 5 = 360.\n</think>\n<answer>24</answer>",
        f"Nature: 'wait' now and then from step {_SPORADIC:,} to {_SPORADIC_TO:,}. It says "
        f"nothing of steps {_SPORADIC_TO:,} to {_FREQUENT - 1:,}; keeping them here is our "
        "choice.",
    ),
    Stage(
        "frequent 'wait', checks by a second method",
        _FREQUENT,
        paper.R1_ZERO_PASS_AT_1_POINTS[-1].value[0],
        "<think>\n360 = 2^3 × 3^2 × 5, so there are 3 × 2 × 1 = 6 divisors.\nWait, wait. That "
        "is wrong: 1, 2, 3, 4, 5, 6, 8, 9 and 10 already divide 360.\nThe mistake: each power "
        "can also be 0, so every factor gets one more: (3 + 1)(2 + 1)(1 + 1) = 24.\nLet me "
        "check it another way and pair the divisors: 1·360, 2·180, 3·120, 4·90, 5·72, 6·60, "
        "8·45, 9·40, 10·36, 12·30, 15·24, 18·20.\nTwelve pairs, so 24 divisors: both ways "
        "agree.\n</think>\n<answer>24</answer>",
        f"Nature: 'wait' much more frequent after step {_FREQUENT:,}.",
    ),
)


def stage_at(step: int) -> int:
    """The index in :data:`STAGES` of the stage that holds ``step`` (clamped to the ends)."""
    index = bisect.bisect_right([s.first_step for s in STAGES], step) - 1
    return min(max(index, 0), len(STAGES) - 1)


# --- for benchmarks ---------------------------------------------------------------------------


def benchmark_text(size: int = 1_000_000) -> str:
    """``size`` characters of mixed text for timing the detector: reflective words, phrases,
    near misses ("await", "checkout", "butter") and punctuation runs that merge cues."""
    piece = (
        "Wait, wait. but BUT however; await checkout butter re-check double-check "
        "another way, alternatively: hold on... verify_me error errors mistake ✓ 答案 😀 "
    )
    return (piece * (size // len(piece) + 1))[:size]
