"""Chapter 13: the language-consistency reward and what it costs. A sample chain of thought that
mixes English and Chinese less as the weight λ grows (our illustrative model), scored exactly by
chapter 03's rule, beside illustrative curves of the target-language share and of accuracy."""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, Input, StrictInt
from ..core import language, rewards

# Mixing cut to a fifth of λ = 0's and a small illustrative code cost, with one clause still
# switched in the sample. λ = 1 (R1's "added directly", our reading) leaves most seeds' samples
# with no switch at all, so the trace would have nothing to mark; the charts mark λ = 1 instead.
DEFAULT_WEIGHT = 0.5
DEFAULT_SEED = (
    2  # at the default λ one clause switches: "所以" ("so"), as the seed article describes
)
MAX_SEED = 2**32 - 1
WEIGHT_MIN, WEIGHT_MAX = language.WEIGHT_RANGE


# R1's stage 3 filtered mixed-language reasoning out of its SFT data: chapter 05's statement.
STAGE3_FILTER = paper.R1_PIPELINE_FIXES[3][1]


def _item(sourced: paper.Sourced, label: str, text: str | None = None) -> dict[str, Any]:
    out = {"label": label, "value": sourced.value, "source": sourced.source}
    if text is not None:
        out["text"] = text
    return out


def _published() -> dict[str, dict[str, Any]]:
    """Every statement or number the view quotes, as {label, value, source[, text]}."""
    lc = paper.LANGUAGE_CONSISTENCY
    article = paper.ARTICLE_LANGUAGE_CONSISTENCY
    before, after = paper.LANGUAGE_CONSISTENCY_SECONDARY["livecodebench"].value
    return {
        "rule": _item(paper.REWARD_RULES, "The reward rules"),
        "added_directly": _item(lc["added_directly"], "How the LC reward is used"),
        "ablation": _item(lc["ablation"], "What the main text says of the cost"),
        "ablation_split": _item(
            paper.LANGUAGE_CONSISTENCY_SECONDARY["ablation_split"],
            "What the supplementary ablation found (via a secondary note)",
        ),
        "stage3_filter": _item(STAGE3_FILTER, "R1's stage-3 data filter"),
        "why_mixing": _item(lc["why_mixing"], "Why R1-Zero mixed languages"),
        "other_languages": _item(lc["other_languages"], "A limitation R1 keeps"),
        "livecodebench": _item(
            paper.LANGUAGE_CONSISTENCY_SECONDARY["livecodebench"],
            "A secondary reading of the ablation (unverified)",
            f"LiveCodeBench {before:.2f} without the LC reward, {after:.2f} with it",
        ),
        "article_weight": _item(
            article["weight"], "The seed article's weight", f"λ ≈ {article['weight'].value:g}"
        ),
        "article_cost": _item(
            article["aime_cost_points"],
            "The seed article's cost",
            f"about {article['aime_cost_points'].value:g} points on AIME",
        ),
    }


def _notes() -> dict[str, str]:
    article = paper.ARTICLE_LANGUAGE_CONSISTENCY
    before, after = paper.LANGUAGE_CONSISTENCY_SECONDARY["livecodebench"].value
    return {
        "paper": (
            "What the paper says: R1 adds the LC reward directly, to the accuracy reward in its "
            "reasoning RL and to the sum of all rewards in its last stage, and states no weight "
            "λ for it. The main text (v1 and Nature) reports only 'a slight degradation in the "
            "model's performance', with no number and no benchmark named, and keeps the reward "
            "because the output reads better."
        ),
        "supplement": (
            "The supplementary ablation (arXiv v2 Suppl. B.6, read here via a secondary note) "
            "places that cost on coding, with maths comparable, and shows language consistency "
            "holding steady through training with the reward and slowly worsening without it."
        ),
        "filter": (
            "The LC reward is not the only reason R1 writes in one language: when its stage-3 "
            "fine-tuning data was built, reasoning that mixed languages was filtered out "
            f"({STAGE3_FILTER.source.split(':')[0]}). The released model's consistency owes "
            "something to both."
        ),
        "article": (
            f"The seed article says DeepSeek picked λ ≈ {article['weight'].value:g} and "
            f"paid about {article['aime_cost_points'].value:g} AIME points for it. Neither is in "
            "the paper: it states no λ, its main text puts no number on the cost, and the "
            "supplementary ablation places the cost on code, not on AIME. This view follows "
            "the paper."
        ),
        "secondary": (
            "The same secondary note reads the coding cost as LiveCodeBench "
            f"{before:.2f} without the reward and {after:.2f} with it. We could not check it "
            "against the paper, so our curves do not use it."
        ),
        "scale": (
            "λ is our knob: reward = accuracy + format + λ · LC. On chapter 03's scale (each "
            "rule 0 or 1) adding the reward directly, as R1 does, is λ = "
            f"{language.DIRECT_WEIGHT:g}, marked on both charts; the paper gives no scale for "
            "its rewards, so that reading is ours, not a published λ."
        ),
        "runs": (
            "Each λ stands for a separate RL run trained with that weight, and the sample is "
            "the kind of text such a trained model might write. λ acts only in training: it "
            "does nothing when a trained model answers."
        ),
    }


class LanguageConsistency(ChapterWidget):
    """The language-consistency (LC) reward and what it costs, on an illustrative trace.

    Inputs: ``weight`` (λ, 0 to 2: how strongly the LC reward counts, in our parameterisation
    reward = accuracy + format + λ · LC), ``target_language`` ("en" or "zh") and ``seed``.
    Derived: ``sample_text``, our own bilingual chain of thought for one fixed prompt whose
    clauses switch to the other language with a probability that falls with λ
    (:mod:`r1widgets.core.language`, our illustrative model, deterministic per seed);
    ``segments``, the same text in pieces with their language; ``mixed_rate``, the share of
    its words not in the target language; ``language_reward``, chapter 03's rule computed
    exactly on ``sample_text`` (:func:`r1widgets.core.rewards.language_reward`); and the
    illustrative ``accuracy`` ({maths, code}, relative to λ = 0) and ``readability`` (the
    target-language share pooled over samples) at λ, with their ``curves`` over λ, and
    ``direct_weight``, the λ that reads as R1's "added directly" (our reading). The paper states
    no λ; its main text reports only a slight degradation, and the supplementary ablation (via a
    secondary note) places it on code: ``notes`` and ``published`` say so, with sources.

    Examples
    --------
    >>> w = LanguageConsistency()
    >>> round(w.mixed_rate, 4), round(w.language_reward, 4)
    (0.0938, 0.9062)
    >>> w.weight = 0.0
    >>> w.mixed_rate > 0.5
    True
    """

    _esm = STATIC / "language_consistency.js"

    weight = Input(FiniteFloat(DEFAULT_WEIGHT, min=WEIGHT_MIN, max=WEIGHT_MAX))
    """λ, the weight of the LC reward in our parameterisation, 0 (no LC reward) to 2."""
    target_language = Input(traitlets.Enum(list(language.TARGET_LANGUAGES), "en"))
    """The language the chain of thought should be in: "en" (English) or "zh" (Chinese)."""
    seed = Input(StrictInt(DEFAULT_SEED, min=0, max=MAX_SEED))
    """Which sample: the seed of the clause-switching draws."""

    languages = Derived(traitlets.List())
    """[{id, label}] for the target-language control."""
    prompt = Derived(traitlets.Unicode(""))
    """The fixed prompt, in the target language."""
    sample_text = Derived(traitlets.Unicode(""))
    """An illustrative response of our own: <think>, the chain of thought, </think>, the answer."""
    segments = Derived(traitlets.List())
    """``sample_text`` in order as [{text, language, off_target, clause_start}]; language is
    "en", "zh" or "none" (tags, layout, arithmetic); clause_start marks where the view draws a
    clause separator. Joined, the texts are ``sample_text``."""
    switch_probability = Derived(traitlets.Float(0.0))
    """Our model's chance that one clause switches language at λ."""
    switched_clauses = Derived(traitlets.Int(0))
    clauses = Derived(traitlets.Int(len(language.SWITCHABLE)))
    """How many clauses (with words) switched, out of how many could."""
    word_counts = Derived(traitlets.Dict())
    """{target, other, total, symbols}: the chain of thought's words by the LC rule."""
    mixed_rate = Derived(traitlets.Float(0.0))
    """Share of the chain of thought's words not in the target language (computed from the text)."""
    language_reward = Derived(traitlets.Float(0.0))
    """Chapter 03's LC reward on ``sample_text``: the share of target-language words."""
    language_reason = Derived(traitlets.Unicode(""))
    expected_mixed_rate = Derived(traitlets.Float(0.0))
    """Our model's non-target share at λ, pooled over many samples (illustrative)."""
    accuracy = Derived(traitlets.Dict())
    """Illustrative {maths, code} scores at λ, as shares of the score at λ = 0."""
    readability = Derived(traitlets.Float(0.0))
    """The share of words in the target language at λ, pooled over many samples (illustrative):
    1 − ``expected_mixed_rate``, not a separate readability measure."""
    curves = Derived(traitlets.Dict())
    """{weights, expected_mixed_rate, readability, maths, code} over λ, all illustrative."""
    direct_weight = Derived(traitlets.Float(language.DIRECT_WEIGHT))
    """The λ at which the LC reward is added directly, as R1 does, on chapter 03's 0/1 scale
    (our reading, not a published weight): marked on both charts."""
    published = Derived(traitlets.Dict())
    """Every statement or number the view quotes, {label, value, source[, text]}, from paper.py."""
    notes = Derived(traitlets.Dict())
    """{paper, supplement, filter, article, secondary, scale, runs}: what the main text says,
    what the supplementary ablation says (via a secondary note), R1's stage-3 filter, what the
    seed article claims, the unverified secondary numbers, what λ means here, and that each λ stands
    for a training run."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        target = self.target_language
        if changed is None:
            out.update(
                languages=[{"id": k, "label": v} for k, v in language.LANGUAGE_NAMES.items()],
                published=_published(),
                notes=_notes(),
                direct_weight=language.DIRECT_WEIGHT,
            )
        if changed is None or "target_language" in changed:
            out.update(prompt=language.PROMPTS[target], curves=language.curves(target))
        trace = language.sample_trace(self.weight, target, self.seed)
        reward, reason = rewards.language_reward(trace.text, target)
        out.update(
            sample_text=trace.text,
            segments=[
                {
                    "text": s.text,
                    "language": s.language,
                    "off_target": s.off_target,
                    "clause_start": s.clause_start,
                }
                for s in trace.segments
            ],
            switch_probability=language.switch_probability(self.weight),
            switched_clauses=len(trace.switched),
            word_counts=language.word_counts(trace.text, target),
            mixed_rate=language.mixed_rate(trace.text, target),
            language_reward=reward,
            language_reason=reason,
            expected_mixed_rate=language.expected_mixed_rate(self.weight, target),
            accuracy=language.relative_accuracy(self.weight),
            readability=language.readability(self.weight, target),
        )
        return out
