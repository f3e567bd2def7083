"""The toy outcome reward model against hand counts, a hand-computed logistic, naive reference
scanners, and the rule-based checker of chapter 03: every exploit raises the reward model while
the accuracy reward of a wrong answer stays 0."""

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets.core import prm
from r1widgets.core.rewards import accuracy_reward, format_reward, score_response

# --- hand-worked text ------------------------------------------

HAND = "Step 1: Clearly 7919 is not prime. Step 2: Let me verify: ✓ verified. Is 7919 prime? Maybe."
# words (split on spaces): Step 1: Clearly 7919 is not prime. Step 2: Let me verify: ✓ verified.
# Is 7919 prime? Maybe.  -> 18
HAND_COUNTS = {
    "words": 18,
    "step_markers": 2,  # "Step 1:", "Step 2:"
    "confident_words": 1,  # Clearly
    "verification": 3,  # verify, ✓, verified
    "question_echoes": 1,  # "Is 7919 prime" (the earlier "7919 is not prime" is no echo)
    "hedging": 1,  # Maybe
    "negation": 1,  # not
}


def test_counts_on_a_hand_written_string():
    assert prm.text_counts(HAND) == HAND_COUNTS


def test_features_on_a_hand_written_string():
    f = prm.reward_model_features(HAND)
    assert f["step_markers"] == pytest.approx(math.log(3))
    assert f["confident_words"] == pytest.approx(100 / 18)
    assert f["verification"] == pytest.approx(math.log(4))
    assert f["question_echoes"] == pytest.approx(math.log(2))
    assert f["length"] == pytest.approx(math.log(19))
    assert f["hedging"] == pytest.approx(math.log(2))
    assert f["negation"] == pytest.approx(100 / 18)
    assert list(f) == list(prm.FEATURES)


def test_logistic_output_by_hand():
    # the published (illustrative) weights, typed out: the model is part of the chapter's text
    z = (
        -2.5
        + 0.9 * math.log(3)
        + 0.25 * (100 / 18)
        + 1.1 * math.log(4)
        + 0.8 * math.log(2)
        + 0.35 * math.log(19)
        + 0.6 * math.log(2)
        - 0.12 * (100 / 18)
    )
    r = prm.reward_model_score(HAND)
    assert r.logit == pytest.approx(z, rel=1e-12)
    assert r.score == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    assert r.contributions["negation"] == pytest.approx(-0.12 * 100 / 18)
    assert sum(r.contributions.values()) + prm.REWARD_MODEL_BIAS == pytest.approx(r.logit)


def test_empty_text_scores_the_bias():
    r = prm.reward_model_score("")
    assert all(v == 0 for v in r.features.values())
    assert r.score == pytest.approx(1 / (1 + math.exp(2.5)))


@pytest.mark.parametrize("z", [-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
def test_logistic_is_stable_and_in_range(z):
    p = prm.logistic(z)
    assert 0.0 <= p <= 1.0 and math.isfinite(p)
    if abs(z) < 700:
        assert p == pytest.approx(1 / (1 + math.exp(-z)))
    assert prm.logistic(0.0) == 0.5


def test_question_echo_is_case_insensitive_and_ignores_the_question_mark():
    assert prm.text_counts("IS 7919 PRIME. is 7919 prime")["question_echoes"] == 2
    assert prm.text_counts("anything", question="???")["question_echoes"] == 0


# --- the exploits ------------------------------------------


@pytest.mark.parametrize("base", prm.BASES)
def test_bases_follow_the_template_and_are_judged_honestly(base):
    text = prm.compose_response(base, [])
    assert format_reward(text)[0] == 1.0
    assert accuracy_reward(text, prm.GROUND_TRUTH)[0] == (1.0 if base == "correct" else 0.0)


@pytest.mark.parametrize("exploit", prm.EXPLOITS)
@pytest.mark.parametrize("base", prm.BASES)
def test_each_exploit_raises_the_prm(base, exploit):
    plain = prm.reward_model_score(prm.compose_response(base, [])).score
    hacked_text = prm.compose_response(base, [exploit])
    assert prm.reward_model_score(hacked_text).score > plain + 0.05
    result = score_response(hacked_text, prm.GROUND_TRUTH)
    assert result.format_reward == 1.0  # the exploits keep the template
    if base == "wrong":
        assert result.accuracy_reward == 0.0  # the rule reward does not move


def test_all_exploits_on_a_wrong_answer_beat_an_honest_correct_one():
    wrong_hacked = prm.compose_response("wrong", prm.EXPLOITS)
    honest = prm.compose_response("correct", [])
    assert (
        prm.reward_model_score(wrong_hacked).score
        > 0.95
        > 0.3
        > prm.reward_model_score(honest).score
    )
    assert accuracy_reward(wrong_hacked, "yes")[0] == 0.0
    assert accuracy_reward(honest, "yes")[0] == 1.0


@pytest.mark.parametrize("base", prm.BASES)
def test_hedging_both_answers_earns_no_accuracy_reward_because_it_hedges(base):
    text = prm.compose_response(base, ["hedge_both"])
    result = score_response(text, "yes")
    # the one <answer> block reads "no, or possibly yes" (or the reverse): it offers two
    # final values, and the rule refuses it for that reason (not for a mere text mismatch)
    assert result.extracted_answer in ("no, or possibly yes", "yes, or possibly no")
    assert result.accuracy_reward == 0.0
    assert result.reasons["accuracy"].startswith("hedged: offers more than one final value")
    # it quotes the two values it found, without the hedge word ('yes', not 'possibly yes')
    assert "('no' and 'yes')" in result.reasons["accuracy"] or (
        "('yes' and 'no')" in result.reasons["accuracy"]
    )
    assert "possibly" not in result.reasons["accuracy"]


def test_every_feature_has_one_human_word_and_a_meaning():
    assert set(prm.FEATURE_LABELS) == set(prm.FEATURES) == set(prm.FEATURE_MEANINGS)
    words = list(prm.FEATURE_LABELS.values())
    assert len(set(words)) == len(words)
    assert all(w.isalpha() and w.islower() for w in words)  # words, not code names


@pytest.mark.parametrize("base", prm.BASES)
@pytest.mark.parametrize("size", range(len(prm.EXPLOITS) + 1))
def test_no_set_of_exploits_makes_a_wrong_answer_right(base, size):
    # The chapter's claim: the exploits lift the toy model's score, and none of them, alone or
    # together, turns a wrong answer into a right one under the accuracy rule.
    from itertools import combinations

    for chosen in combinations(prm.EXPLOITS, size):
        text = prm.compose_response(base, chosen)
        right = score_response(text, prm.GROUND_TRUTH).accuracy_reward
        expected = 1.0 if base == "correct" and "hedge_both" not in chosen else 0.0
        assert right == expected, chosen


def test_two_answer_blocks_the_last_one_is_read_and_the_format_fails():
    # What the checker does with two answers in two blocks: accuracy reads the last block,
    # the format reward refuses a second <answer> tag. So "no then yes" earns accuracy 1 but
    # format 0; the widget's hedge keeps both answers in one block instead.
    text = "<think>\nhmm\n</think>\n<answer>\nno\n</answer>\n<answer>\nyes\n</answer>"
    result = score_response(text, "yes")
    assert result.extracted_answer == "yes" and result.accuracy_reward == 1.0
    assert result.format_reward == 0.0 and "appears 2 times" in result.reasons["format"]
    flipped = text.replace("no", "TMP").replace("yes", "no").replace("TMP", "yes")
    assert score_response(flipped, "yes").accuracy_reward == 0.0


def test_exploit_order_does_not_matter_and_unknown_names_are_refused():
    a = prm.compose_response("wrong", ["hedge_both", "padding_steps"])
    b = prm.compose_response("wrong", ["padding_steps", "hedge_both", "padding_steps"])
    assert a == b
    with pytest.raises(ValueError, match="unknown exploits"):
        prm.compose_response("wrong", ["bribe"])
    with pytest.raises(ValueError, match="base must be"):
        prm.compose_response("maybe", [])


def test_each_exploit_moves_its_own_feature():
    plain = prm.text_counts(prm.compose_response("wrong", []))
    moved = {
        "padding_steps": "step_markers",
        "confident_filler": "confident_words",
        "fake_verification": "verification",
        "restate_question": "question_echoes",
        "hedge_both": "hedging",
    }
    for exploit, feature in moved.items():
        counts = prm.text_counts(prm.compose_response("wrong", [exploit]))
        assert counts[feature] > plain[feature] == 0, exploit


# --- independent references and properties ------------------------------------------


def naive_steps(text: str) -> int:
    """'step', a space, 1-9 digits, ':' at a word start, scanned by hand (no regex)."""
    low, n, i, count = text.lower(), len(text), 0, 0
    while i < n:
        word_start = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if word_start and low.startswith("step ", i):
            j = i + 5
            while j < n and j - (i + 5) < 10 and text[j] in "0123456789":
                j += 1
            if 1 <= j - (i + 5) <= 9 and j < n and text[j] == ":":
                count += 1
                i = j + 1
                continue
        i += 1
    return count


ALPHABET = st.sampled_from(list("Step 12:stp \n✓ab_9") + ["Step 3:", "step 45:", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_step_markers_match_a_naive_scanner(text):
    assert prm.text_counts(text)["step_markers"] == naive_steps(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_scores_in_the_open_interval(text):
    r = prm.reward_model_score(text)
    assert 0.0 < r.score <= 1.0  # (0, 1) in exact arithmetic; doubles round 1 - 1e-17 to 1
    assert all(math.isfinite(v) for v in r.features.values())
    assert r.counts["words"] == sum(1 for w in text.split() if w)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(1, 30))
def test_appending_step_lines_adds_exactly_that_many_markers(text, k):
    extra = "".join(f"\nStep {i}: pad" for i in range(1, k + 1))
    before = prm.text_counts(text)["step_markers"]
    assert prm.text_counts(text + extra)["step_markers"] == before + k


HOSTILE_TEXTS = [
    "",
    " \n\t ",
    "<img src=x onerror=alert(1)>",
    "\ud800 lone surrogate \udfff",
    "\x00" * 10,
    "İ" * 50 + "is 7919 prime",  # lower() changes the length of İ
    "😀" * 20,
    "Step " + "9" * 50 + ":",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_strings(text):
    r = prm.reward_model_score(text)
    assert 0.0 < r.score < 1.0
    score_response(text, "yes")  # the rule checker copes too


MB = 1_000_000
ADVERSARIAL = {
    "digits after step": lambda n: "Step " + "1" * (n - 5),
    "step without colon": lambda n: ("step 123456789" * (n // 14 + 1))[:n],
    "near-miss words": lambda n: ("clearl obviousl certainl verif mayb " * (n // 35 + 1))[:n],
    "question prefix": lambda n: ("is 7919 prim" * (n // 12 + 1))[:n],
    "all markers": lambda n: ("Step 1: clearly ✓ verified maybe not. " * (n // 38 + 1))[:n],
    "no spaces": lambda n: "a" * n,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_one_megabyte_adversarial_texts_complete(name):
    text = ADVERSARIAL[name](MB)
    start = time.perf_counter()
    r = prm.reward_model_score(text)
    elapsed = time.perf_counter() - start
    assert 0.0 < r.score <= 1.0
    assert elapsed < 20.0  # completion on a loaded machine; the ratio is in the benchmark notes
