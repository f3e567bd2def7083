"""Chapter 12 RewardHacking: exploits set as the browser sets them lift the toy outcome reward
model (hand-set weights, standing in for a learned one), never the accuracy rule."""

import math

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets._base import MAX_TEXT
from r1widgets.chapters.reward_hacking import RewardHacking
from r1widgets.core import prm

INPUTS = ["exploits", "base", "response"]
DERIVED = [
    "question",
    "ground_truth",
    "edited",
    "feature_names",
    "feature_labels",
    "feature_meanings",
    "features",
    "reward_model_weights",
    "reward_model_bias",
    "reward_model_contributions",
    "reward_model_logit",
    "reward_model_score",
    "accuracy_reward",
    "format_reward",
    "extracted_answer",
    "rule_reasons",
]


def test_defaults():
    w = RewardHacking()
    assert w.question == "Is 7919 prime?" and w.ground_truth == "yes"
    assert w.exploits == [] and w.base == "wrong" and w.edited is False
    assert w.response.startswith("<think>\n") and w.response.endswith("\n</answer>")
    assert "not prime" in w.response
    assert w.accuracy_reward == 0.0 and w.format_reward == 1.0 and w.extracted_answer == "no"
    assert 0.0 < w.reward_model_score < 0.3
    assert w.feature_names == list(prm.FEATURES) and set(w.features) == set(prm.FEATURES)
    assert set(w.rule_reasons) == {"accuracy", "format"}
    assert set(RewardHacking.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(RewardHacking.derived_names())


def test_score_is_the_logistic_of_bias_plus_contributions():
    w = RewardHacking(exploits=list(prm.EXPLOITS))
    z = w.reward_model_bias + sum(w.reward_model_contributions.values())
    assert w.reward_model_logit == pytest.approx(z)
    assert w.reward_model_score == pytest.approx(1 / (1 + math.exp(-z)))
    for name in w.feature_names:
        assert w.reward_model_contributions[name] == pytest.approx(
            w.reward_model_weights[name] * w.features[name]
        )


@pytest.mark.parametrize("exploit", prm.EXPLOITS)
def test_each_exploit_from_the_browser_lifts_the_model_not_the_rule(browser, exploit):
    w = RewardHacking()
    before = w.reward_model_score
    b = browser(w)
    b.update(exploits=[exploit])
    assert w.error == "" and w.exploits == [exploit] and w.edited is False
    assert w.reward_model_score > before + 0.05
    assert w.accuracy_reward == 0.0
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1  # the new text and its scores travel in one message
    assert {"response", "reward_model_score", "features"} <= set(updates[0]["state"])


def test_stacking_every_exploit_makes_a_wrong_answer_look_excellent(browser):
    w = RewardHacking()
    browser(w).update(exploits=list(reversed(prm.EXPLOITS)))
    assert w.exploits == list(prm.EXPLOITS)  # kept in the whitelist's order
    assert w.reward_model_score > 0.95 and w.accuracy_reward == 0.0


def test_correct_base_earns_the_accuracy_reward_until_it_hedges(browser):
    w = RewardHacking()
    b = browser(w)
    b.update(base="correct")
    assert w.accuracy_reward == 1.0 and w.extracted_answer == "yes"
    b.update(exploits=["hedge_both"])
    assert w.accuracy_reward == 0.0 and w.extracted_answer == "yes, or possibly no"
    assert w.rule_reasons["accuracy"].startswith("hedged: offers more than one final value")
    assert "('yes' and 'no')" in w.rule_reasons["accuracy"]  # the values, not 'possibly no'


def test_the_old_names_are_gone_and_the_labels_are_words():
    w = RewardHacking()
    names = set(RewardHacking.input_names()) | set(RewardHacking.derived_names())
    assert not {n for n in names if n.startswith("prm") or n == "rule_reward"}
    assert w.feature_labels == prm.FEATURE_LABELS and set(w.feature_labels) == set(w.feature_names)


def test_editing_the_response_scores_the_text_as_written(browser):
    w = RewardHacking(exploits=["padding_steps"])
    b = browser(w)
    b.update(response="<think>\nchecked\n</think>\n<answer>\nYes.\n</answer>")
    assert w.edited is True and w.error == ""
    assert w.accuracy_reward == 1.0 and w.features["step_markers"] == 0.0


OWN_TEXT = "<think>\nMy own reasoning.\n</think>\n<answer>\nno\n</answer>"


def test_a_hand_edit_clears_the_switches_in_the_same_message(browser):
    w = RewardHacking(exploits=list(prm.EXPLOITS))
    b = browser(w)
    b.update(response=OWN_TEXT)
    assert w.response == OWN_TEXT and w.edited is True and w.error == ""
    assert w.exploits == []  # no switch claims to describe a text it did not write
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert updates[0]["state"]["exploits"] == [] and updates[0]["state"]["edited"] is True
    assert w.features["confident_words"] == 0.0 and w.features["step_markers"] == 0.0


@pytest.mark.parametrize(
    "change", [{"exploits": ["confident_filler"]}, {"base": "correct"}], ids=["exploit", "base"]
)
def test_a_switch_from_the_browser_never_overwrites_an_edit(browser, change):
    w = RewardHacking(exploits=list(prm.EXPLOITS))
    b = browser(w)
    b.update(response=OWN_TEXT)
    b.sent.clear()
    b.update(**change)
    assert w.response == OWN_TEXT and w.edited is True  # the person's text survives
    assert w.exploits == [] and w.base == "wrong"
    assert "your own text (edited)" in w.error and "Back to the composed answer" in w.error
    assert b.state_sent()[next(iter(change))] == ([] if "exploits" in change else "wrong")


def test_echoing_the_current_switches_while_edited_is_no_change(browser):
    w = RewardHacking()
    b = browser(w)
    b.update(response=OWN_TEXT)
    b.update(exploits=[], base="wrong")
    assert w.error == "" and w.response == OWN_TEXT


def test_back_to_the_composed_answer_discards_the_edit_on_request(browser):
    w = RewardHacking(base="correct", exploits=["hedge_both"])
    b = browser(w)
    b.update(response=OWN_TEXT)
    b.custom({"action": "recompose"})
    assert w.error == "" and w.edited is False and w.exploits == []
    assert w.response == prm.compose_response("correct", [])
    b.update(exploits=["padding_steps"])  # the switches work again
    assert w.error == "" and w.response == prm.compose_response("correct", ["padding_steps"])
    w.recompose()  # nothing edited: nothing changes
    assert w.response == prm.compose_response("correct", ["padding_steps"])


def test_python_assignment_recomposes_an_edited_text_on_purpose():
    w = RewardHacking()
    w.response = OWN_TEXT
    assert w.edited is True and w.exploits == []
    w.exploits = ["padding_steps", "confident_filler"]
    assert w.edited is False and w.response == prm.compose_response("wrong", w.exploits)
    w.response = OWN_TEXT
    w.toggle("hedge_both")
    assert w.edited is False and w.response == prm.compose_response("wrong", ["hedge_both"])


def test_editing_back_to_the_plain_answer_is_not_an_edit(browser):
    w = RewardHacking(exploits=["padding_steps"])
    browser(w).update(response=prm.compose_response("wrong", []))
    assert w.exploits == [] and w.edited is False


def test_constructor_response_wins_over_the_composition():
    w = RewardHacking(response="Step 1: obviously.", exploits=["hedge_both"])
    assert w.response == "Step 1: obviously." and w.edited is True and w.exploits == []
    assert w.features["step_markers"] == pytest.approx(math.log(2))


def test_toggle_from_python():
    w = RewardHacking()
    w.toggle("fake_verification")
    assert w.exploits == ["fake_verification"]
    w.toggle("padding_steps", on=True)
    w.toggle("padding_steps", on=True)
    assert w.exploits == ["padding_steps", "fake_verification"]
    w.toggle("fake_verification")
    assert w.exploits == ["padding_steps"]
    with pytest.raises(ValueError, match="exploit must be one of"):
        w.toggle("bribe")


def test_the_largest_text_is_accepted_and_one_more_refused(browser):
    w = RewardHacking()
    b = browser(w)
    big = ("Step 1: clearly ✓ " * (MAX_TEXT // 18))[:MAX_TEXT]
    b.update(response=big)
    assert w.response == big and w.error == "" and 0 < w.reward_model_score <= 1
    b.update(response="x" * (MAX_TEXT + 1))
    assert w.response == big and "at most" in w.error


BAD_EXPLOITS = [
    ["bribe"],
    ["padding_steps", "padding_steps"],
    [1],
    [None],
    list(prm.EXPLOITS) + ["padding_steps"],
    "padding_steps",
    ["<img src=x onerror=alert(1)>"],
]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_EXPLOITS)
@pytest.mark.parametrize("name", INPUTS)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    if name == "response" and isinstance(value, str) and len(value) <= MAX_TEXT:
        pytest.skip("any text up to the limit is a valid response")
    w = RewardHacking(exploits=["confident_filler"])
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(base="correct")  # the kernel keeps serving
    assert w.accuracy_reward == 1.0 and w.error == ""


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "", "\x00\n😀", "İ" * 100])
def test_hostile_response_text_is_scored_as_text(browser, text):
    w = RewardHacking()
    browser(w).update(response=text)
    assert w.response == text and w.error == "" and w.edited is True
    assert w.accuracy_reward == 0.0 and 0 < w.reward_model_score < 1


def test_lone_surrogate_is_refused(browser):
    w = RewardHacking()
    before = w.response
    browser(w).update(response="ok \ud800")
    assert w.response == before and "lone surrogate" in w.error


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = RewardHacking()
    assert_derived_refused(w, browser(w), name, 99)


@pytest.mark.parametrize("action", ["toggle", "composed", "reset", None])
def test_the_only_browser_action_is_recompose(browser, action):
    w = RewardHacking()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error and "recompose" in w.error


def test_get_state_round_trip(browser):
    w = RewardHacking(base="correct", exploits=["restate_question", "hedge_both"])
    state = w.get_state()
    w2 = RewardHacking()
    browser(w2).update(**{k: state[k] for k in ["base", "exploits"]})
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }
    w3 = RewardHacking()
    browser(w3).update(response="Step 1: clearly yes")
    state3 = w3.get_state()
    w4 = RewardHacking()
    browser(w4).update(response=state3["response"])
    assert {k: w4.get_state()[k] for k in DERIVED} == {k: state3[k] for k in DERIVED}
