"""Chapter 03: the rule-based rewards of R1's reasoning RL, checked on a response a person edits."""

from __future__ import annotations

from typing import Any

import traitlets

from .._base import STATIC, ChapterWidget, Derived, Input, StrictBool, Text
from ..core import rewards

DEFAULT_QUESTION = "If 3x + 7 = 22, what is x?"
DEFAULT_TRUTH = "5"
DEFAULT_RESPONSE = (
    "<think>\n"
    "We need x with 3x + 7 = 22. Take 7 from both sides: 3x = 15. "
    "Divide both sides by 3: x = 5. Check: 3 * 5 + 7 = 15 + 7 = 22, so it holds.\n"
    "</think>\n"
    "<answer>\n"
    "5\n"
    "</answer>"
)

SAMPLES: tuple[dict[str, str], ...] = (
    {"label": "Correct, each tag on its own line", "response": DEFAULT_RESPONSE},
    {
        "label": "Correct, no tags",
        "response": "3x + 7 = 22, so 3x = 15 and x = 5. The answer is 5.",
    },
    {
        "label": "Correct, tags on one line",
        "response": "<think> 3x = 22 - 7 = 15, so x = 5. </think> <answer> x = 5 </answer>",
    },
    {
        "label": "Boxed fraction",
        "response": (
            "<think>\nMove the 7 across: 3x = 15. Then x is 15 over 3.\n</think>\n"
            "<answer>\n\\boxed{\\frac{15}{3}}\n</answer>"
        ),
    },
    {
        "label": "Wrong answer, well formatted",
        "response": (
            "<think>\nAdd 7 to both sides: 3x = 29, so x = 29/3.\n</think>\n"
            "<answer>\n29/3\n</answer>"
        ),
    },
    {
        "label": "Hedged: two answers",
        "response": (
            "<think>\n3x = 15, so x is 5, unless I slipped and it is 4.\n</think>\n"
            "<answer>\nx = 4 or x = 5\n</answer>"
        ),
    },
    {
        "label": "Language-mixed",
        "response": (
            "<think>\n先把 7 移到右边: 3x = 15, 所以 x = 5. Check: 3 * 5 + 7 = 22, 对.\n</think>\n"
            "<answer>\n5\n</answer>"
        ),
    },
)


class RewardChecker(ChapterWidget):
    """The rule-based rewards of R1's reasoning RL on one response: format, accuracy,
    language consistency and their total.

    The scale is ours (the papers give no magnitudes): 0 or 1 per rule, the language reward a
    share in [0, 1], the total out of 3, or out of 2 when the target language is "none"
    (R1-Zero, trained without a language reward: it is off, not scored).

    Examples
    --------
    >>> w = RewardChecker()
    >>> w.format_reward, w.accuracy_reward, w.language_reward, w.total_reward
    (1.0, 1.0, 1.0, 3.0)
    >>> w.ground_truth = "6"; w.accuracy_reward
    0.0
    """

    _esm = STATIC / "reward_checker.js"

    question = Input(Text(DEFAULT_QUESTION))
    """Shown for context only: no rule reads it, so it changes no score."""
    ground_truth = Input(Text(DEFAULT_TRUTH))
    response = Input(Text(DEFAULT_RESPONSE))
    target_language = Input(traitlets.Enum(list(rewards.LANGUAGES), "en"))
    strict_format = Input(StrictBool(False))
    """False: the tag template of R1-Zero's prompt (our reading). True: open-r1's strict
    template with exact newlines (an open reproduction's rule, not the R1 papers')."""

    format_reward = Derived(traitlets.Float(0.0))
    """1 when the response follows the tag template (lenient, or open-r1's strict rule)."""
    accuracy_reward = Derived(traitlets.Float(0.0))
    """1 when the extracted answer equals the ground truth and offers no second value."""
    language_reward = Derived(traitlets.Float(0.0))
    """Share of target-language words in the chain of thought (the <think> block); 0 without
    one; 0 and off (see ``language_scored``) for "none", R1-Zero."""
    language_scored = Derived(traitlets.Bool(True))
    """False when the target language is "none": R1-Zero had no language reward."""
    total_reward = Derived(traitlets.Float(0.0))
    """The rule-based total: accuracy + format + language."""
    max_total_reward = Derived(traitlets.Float(3.0))
    """The largest total this setting can give: 3, or 2 when the language reward is off."""
    extracted_answer = Derived(traitlets.Unicode(""))
    answer_span = Derived(traitlets.List(traitlets.Int()))
    """[start, end) of the extracted answer in UTF-16 code units (JavaScript string indices,
    for ``String.slice``), or [] when no answer was found."""
    reasons = Derived(traitlets.Dict())
    """One line each for "format", "accuracy" and "language"."""
    samples = Derived(traitlets.List(traitlets.Dict()))
    """Example responses ({"label", "response"}) the view loads into ``response``."""
    sample_label = Derived(traitlets.Unicode(""))
    """The label of the example the response is, or "" once it was edited (or typed anew)."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out["samples"] = [dict(s) for s in SAMPLES]
        elif changed <= {"question"}:
            return out  # the question is shown, not scored: nothing to recompute
        result = rewards.score_response(
            self.response, self.ground_truth, self.target_language, self.strict_format
        )
        out.update(
            format_reward=result.format_reward,
            accuracy_reward=result.accuracy_reward,
            language_reward=result.language_reward,
            language_scored=result.language_scored,
            total_reward=result.total_reward,
            max_total_reward=result.max_total,
            extracted_answer=result.extracted_answer,
            answer_span=rewards.utf16_span(self.response, result.answer_span),
            reasons=dict(result.reasons),
            sample_label=next((x["label"] for x in SAMPLES if x["response"] == self.response), ""),
        )
        return out

    def load_sample(self, label: str) -> None:
        """Put the example response called ``label`` into ``response`` (Python-side helper)."""
        for sample in SAMPLES:
            if sample["label"] == label:
                self.response = sample["response"]
                return
        raise ValueError(f"sample must be one of {[s['label'] for s in SAMPLES]}, not {label!r}")
