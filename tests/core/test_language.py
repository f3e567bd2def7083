"""Chapter 13's illustrative model of language mixing (core/language.py): the LC reward on a
hand-made text against a hand count, the sample's counts against a hand count, determinism per
seed, the mixing rate falling with λ (seed by seed and on average over seeds), and the closed
forms (switch probability, pooled rate) against simulation."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import language, rewards

SEEDS = st.integers(0, 2**32 - 1)
WEIGHTS = st.floats(0.0, 2.0, allow_nan=False)
TARGETS = st.sampled_from(language.TARGET_LANGUAGES)


# --- the LC reward and the mixing rate, counted by hand ----------------------------------------


def test_reward_and_mixed_rate_on_a_hand_made_text():
    # In the <think> block: "Let" is one English word; 所 and 以 are two Chinese words (one per
    # character); the x of "x = 5" and of "2x" are symbols, not words. So 3 words in all.
    text = "<think>Let x = 5, 所以 2x = 10.</think><answer>10</answer>"
    assert rewards.language_reward(text, "en")[0] == pytest.approx(1 / 3)
    assert rewards.language_reward(text, "zh")[0] == pytest.approx(2 / 3)
    assert language.word_counts(text, "en") == {"target": 1, "other": 2, "total": 3, "symbols": 2}
    assert language.mixed_rate(text, "en") == pytest.approx(2 / 3)
    assert language.mixed_rate(text, "zh") == pytest.approx(1 / 3)


def test_only_the_chain_of_thought_counts():
    # the answer block's words are outside <think>: not counted
    text = "<think>所以</think><answer>so the answer is ten</answer>"
    assert language.mixed_rate(text, "zh") == 0.0
    assert language.word_counts(text, "en") == {"target": 0, "other": 2, "total": 2, "symbols": 0}
    assert language.mixed_rate("no think block at all", "en") == 0.0  # no words: 0, not NaN


def test_the_default_sample_against_a_hand_count():
    """λ = 0.5, English, seed 2: one clause switched, "所以一共有10对，" (6 characters)."""
    trace = language.sample_trace(0.5, "en", 2)
    assert "所以一共有10对，each adding up to 40," in trace.text
    english_by_line = [
        5 + 7,  # Let me think about this. / The first 20 odd numbers are ... up to 39.
        8 + 3,  # I can pair the first with the last: / and ... as well.
        4 + 4,  # each adding up to 40, / and the sum is 10 × 40 = 400.
        7 + 9,  # Wait, let me check with a formula. / The sum of the first n odd ... n squared.
        1 + 3 + 3 + 4,  # Here n = 20, / and 20 squared is 400. / Both ways agree, / so ...
    ]
    english, chinese = sum(english_by_line), 6
    assert (english, chinese) == (58, 6)
    reward, reason = rewards.language_reward(trace.text, "en")
    assert reward == english / (english + chinese)
    assert "3 one-letter symbols" in reason  # the three n's
    assert language.mixed_rate(trace.text, "en") == chinese / (english + chinese)


# --- the sample ----------------------------------------------------------------------------


@given(WEIGHTS, TARGETS, SEEDS)
def test_the_same_seed_gives_the_same_sample(weight, target, seed):
    assert language.sample_trace(weight, target, seed) == language.sample_trace(
        weight, target, seed
    )


def test_seeds_give_different_samples():
    texts = {language.sample_trace(0.0, "en", seed).text for seed in range(10)}
    assert len(texts) >= 8


@given(WEIGHTS, TARGETS, SEEDS)
def test_segments_make_up_the_text_and_mark_the_other_language(weight, target, seed):
    trace = language.sample_trace(weight, target, seed)
    assert "".join(s.text for s in trace.segments) == trace.text
    other = language.other_language(target)
    for segment in trace.segments:
        assert segment.off_target == (segment.language == other)
    assert sum(s.off_target for s in trace.segments) == len(trace.switched)
    # the response is well formed: chapter 03's format rule passes, and the answer is there
    assert rewards.format_reward(trace.text)[0] == 1.0
    assert trace.text.endswith("<answer>400</answer>")


def _visible_clauses(trace: language.Trace) -> list[str]:
    """The clauses a reader can count: the chain of thought cut at line breaks and at every
    segment that starts a clause (where the view draws its separator)."""
    pieces: list[str] = []
    current = ""
    for segment in trace.segments[1:-1]:  # between <think> and </think>
        if segment.text == "\n" or segment.clause_start:
            if current.strip():
                pieces.append(current.strip())
            current = ""
        current += segment.text
    if current.strip():
        pieces.append(current.strip())
    return pieces


@pytest.mark.parametrize("target", language.TARGET_LANGUAGES)
def test_the_separated_clauses_are_the_clauses_counted(target):
    """The view separates clauses where the segments say: the pieces a reader counts are the
    13 clauses of the read-out "1 of 13", each with words, and a sum without words ("1 + 39 =
    40, ") sits inside the clause it opens, not on its own."""
    for weight in (0.0, 0.5, 2.0):  # four clauses switched at λ = 0 (seed 0), none at λ = 2
        pieces = _visible_clauses(language.sample_trace(weight, target, 0))
        assert len(pieces) == len(language.SWITCHABLE) == 13
        assert all(language.word_counts(f"<think>{p}</think>", target)["total"] for p in pieces)
    if target == "en":  # by hand, for the English text with nothing switched
        assert pieces[:4] == [
            "Let me think about this.",
            "The first 20 odd numbers are 1, 3, 5, up to 39.",
            "I can pair the first with the last:",
            "1 + 39 = 40, and 3 + 37 = 40 as well.",
        ]
        assert pieces[-1] == "so the answer is 400."


@given(WEIGHTS, TARGETS, SEEDS)
def test_mixed_rate_is_one_minus_the_lc_reward(weight, target, seed):
    text = language.sample_trace(weight, target, seed).text
    reward = rewards.language_reward(text, target)[0]
    assert language.mixed_rate(text, target) == pytest.approx(1.0 - reward, abs=1e-12)


@given(WEIGHTS, TARGETS, SEEDS)
def test_clause_counts_add_up_to_the_whole_trace(weight, target, seed):
    trace = language.sample_trace(weight, target, seed)
    words = language.clause_words(target)
    other = sum(words[i][1] for i in trace.switched)
    total = sum(
        words[i][1] if i in trace.switched else words[i][0] for i in range(len(language.CLAUSES))
    )
    counts = language.word_counts(trace.text, target)
    assert (counts["other"], counts["total"]) == (other, total)


# --- mixing falls with λ --------------------------------------------------------------------


@given(WEIGHTS, WEIGHTS, TARGETS, SEEDS)
def test_a_larger_weight_only_removes_switches_for_one_seed(w1, w2, target, seed):
    low, high = sorted((w1, w2))
    a = language.sample_trace(low, target, seed)
    b = language.sample_trace(high, target, seed)
    assert set(b.switched) <= set(a.switched)
    assert language.mixed_rate(b.text, target) <= language.mixed_rate(a.text, target)


@pytest.mark.parametrize("target", language.TARGET_LANGUAGES)
def test_the_mixing_rate_falls_with_weight_on_average_over_seeds(target):
    grid = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0]
    means = [
        np.mean(
            [
                language.mixed_rate(language.sample_trace(w, target, s).text, target)
                for s in range(300)
            ]
        )
        for w in grid
    ]
    assert all(a > b for a, b in zip(means[:-2], means[1:-1], strict=True)), means
    assert means[-1] <= means[-2]
    assert means[0] > 0.3 and means[2] < means[0] / 2  # λ = 0.5 cuts mixing by more than half


def test_switch_probability_closed_form():
    assert language.switch_probability(0.0) == 0.4
    assert language.switch_probability(1.0) == pytest.approx(0.4 * math.exp(-3.0))
    assert language.switch_probability(2.0) == pytest.approx(0.4 * math.exp(-6.0))
    for bad in (float("nan"), float("inf"), -0.01, 2.01):
        with pytest.raises(ValueError, match="λ"):
            language.switch_probability(bad)


@pytest.mark.parametrize("weight", [0.0, 0.3])
def test_clauses_switch_at_the_stated_probability(weight):
    """The share of switchable clauses that switch over many seeds is p, within 4 standard
    errors of a binomial proportion."""
    p = language.switch_probability(weight)
    n_seeds = 2000
    switched = sum(len(language.sample_trace(weight, "en", s).switched) for s in range(n_seeds))
    trials = n_seeds * len(language.SWITCHABLE)
    assert abs(switched / trials - p) < 4 * math.sqrt(p * (1 - p) / trials)


@pytest.mark.parametrize(("weight", "target"), [(0.0, "en"), (0.0, "zh"), (0.5, "en")])
def test_pooled_rate_closed_form_against_simulation(weight, target):
    other = total = 0
    for s in range(3000):
        counts = language.word_counts(language.sample_trace(weight, target, s).text, target)
        other += counts["other"]
        total += counts["total"]
    assert language.expected_mixed_rate(weight, target) == pytest.approx(other / total, abs=0.01)


# --- the illustrative curves ------------------------------------------------------------------


def test_illustrative_curves_follow_the_papers_words():
    curves = language.curves("en")
    weights = curves["weights"]
    assert weights[0] == 0.0 and weights[-1] == 2.0 and len(weights) == language.CURVE_POINTS
    assert set(curves["maths"]) == {1.0}  # "comparable": drawn flat
    code = curves["code"]
    assert code[0] == 1.0 and all(a > b for a, b in zip(code, code[1:], strict=False))
    assert 1 - language.CODE_COST <= code[-1] < 1  # a slight drop, never more than CODE_COST
    mixed, readable = curves["expected_mixed_rate"], curves["readability"]
    assert all(a > b for a, b in zip(mixed, mixed[1:], strict=False))
    assert all(m + r == pytest.approx(1.0) for m, r in zip(mixed, readable, strict=True))


def test_bad_targets_and_seeds_are_refused():
    for target in ("fr", "none", "EN", ""):
        with pytest.raises(ValueError, match="target language"):
            language.sample_trace(0.5, target, 0)
    for seed in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="seed"):
            language.sample_trace(0.5, "en", seed)
