"""Chapter 03 RewardChecker: inputs set as the browser sets them give the right rewards."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets._base import MAX_TEXT
from r1widgets.chapters.reward_checker import DEFAULT_RESPONSE, SAMPLES, RewardChecker

HOSTILE = "<img src=x onerror=alert(1)>"

INPUTS = ["question", "ground_truth", "response", "target_language", "strict_format"]
DERIVED = [
    "format_reward",
    "accuracy_reward",
    "language_reward",
    "language_scored",
    "total_reward",
    "max_total_reward",
    "extracted_answer",
    "answer_span",
    "reasons",
    "samples",
    "sample_label",
]


def sample(label):
    return next(s["response"] for s in SAMPLES if s["label"] == label)


def test_defaults():
    w = RewardChecker()
    assert w.question == "If 3x + 7 = 22, what is x?" and w.ground_truth == "5"
    assert w.target_language == "en" and w.strict_format is False
    assert (w.format_reward, w.accuracy_reward, w.language_reward) == (1.0, 1.0, 1.0)
    assert w.total_reward == 3.0 and w.extracted_answer == "5"
    assert w.max_total_reward == 3.0 and w.language_scored is True
    assert w.sample_label == SAMPLES[0]["label"]
    start, end = w.answer_span
    assert w.response[start:end] == "5"
    assert set(w.reasons) == {"format", "accuracy", "language"}
    assert all(isinstance(v, str) and v for v in w.reasons.values())
    assert set(RewardChecker.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(RewardChecker.derived_names())


def test_default_response_passes_the_strict_template_too(browser):
    w = RewardChecker()
    browser(w).update(strict_format=True)
    assert w.format_reward == 1.0 and "strict" in w.reasons["format"]


def test_samples_are_for_learners_and_hostile_text_is_a_test_not_an_example():
    w = RewardChecker()
    labels = [s["label"] for s in w.samples]
    assert len(labels) == len(set(labels)) == 7
    assert w.samples[0]["response"] == DEFAULT_RESPONSE
    assert not any("<img" in s["response"] or "ostile" in s["label"] for s in w.samples)
    assert not any("R1-Zero" in label for label in labels)  # the newline layout is no R1-Zero rule


@pytest.mark.parametrize("text", [HOSTILE, "<answer><script>alert(1)</script></answer>", "\x00😀"])
def test_hostile_text_is_scored_as_text(browser, text):
    w = RewardChecker()
    b = browser(w)
    b.update(response=text)
    assert w.response == text and w.error == "" and w.sample_label == ""
    assert w.format_reward == 0.0 and w.accuracy_reward == 0.0
    assert w.language_reward == 0.0 and "no chain of thought" in w.reasons["language"]


def test_the_selected_example_follows_the_response(browser):
    w = RewardChecker()
    b = browser(w)
    for sample in SAMPLES:
        b.update(response=sample["response"])
        assert w.sample_label == sample["label"]
    b.update(response=SAMPLES[2]["response"] + " ")
    assert w.sample_label == ""  # edited: no example is shown as loaded
    w.load_sample(SAMPLES[1]["label"])
    assert w.sample_label == SAMPLES[1]["label"]


# label -> (format, strict format, accuracy, language share in English, extracted answer)
EXPECTED = {
    "Correct, each tag on its own line": (1.0, 1.0, 1.0, 1.0, "5"),
    "Correct, no tags": (0.0, 0.0, 1.0, 0.0, "5"),  # no <think>: no chain of thought to score
    "Correct, tags on one line": (1.0, 0.0, 1.0, 1.0, "x = 5"),
    "Boxed fraction": (1.0, 1.0, 1.0, 1.0, "\\frac{15}{3}"),
    "Wrong answer, well formatted": (1.0, 1.0, 0.0, 1.0, "29/3"),
    "Hedged: two answers": (1.0, 1.0, 0.0, 1.0, "x = 4 or x = 5"),
    # words in <think>: Check; 先把 移到右边 所以 对 = 9 ideographs -> 1 of 10 (the x of 3x and
    # the x of x = 5 are one-letter symbols, not English words)
    "Language-mixed": (1.0, 1.0, 1.0, 1 / 10, "5"),
}


@pytest.mark.parametrize("label", list(EXPECTED))
def test_each_sample_scores_as_worked_by_hand(browser, label):
    fmt, strict_fmt, acc, lang, answer = EXPECTED[label]
    w = RewardChecker()
    b = browser(w)
    b.update(response=sample(label))
    assert (w.format_reward, w.accuracy_reward, w.extracted_answer) == (fmt, acc, answer)
    assert w.language_reward == pytest.approx(lang)
    assert w.total_reward == pytest.approx(fmt + acc + lang)
    b.update(strict_format=True)
    assert w.format_reward == strict_fmt
    assert w.error == ""


def test_target_language_changes_only_the_language_reward(browser):
    w = RewardChecker()
    b = browser(w)
    b.update(response=sample("Language-mixed"))
    b.update(target_language="zh")
    assert w.language_reward == pytest.approx(9 / 10)
    assert "9 of 10 words" in w.reasons["language"]
    assert "2 one-letter symbols such as x, not counted as words" in w.reasons["language"]
    b.update(target_language="none")
    assert w.language_reward == 0.0 and "R1-Zero" in w.reasons["language"]
    assert w.reasons["language"].startswith("off:")
    assert (w.language_scored, w.total_reward, w.max_total_reward) == (False, 2.0, 2.0)
    b.update(target_language="en")
    assert (w.language_scored, w.max_total_reward) == (True, 3.0)


def test_ground_truth_change_rescores_and_sends_one_message(browser):
    w = RewardChecker()
    b = browser(w)
    b.update(ground_truth="6")
    assert w.accuracy_reward == 0.0 and w.total_reward == 2.0
    assert "does not equal" in w.reasons["accuracy"]
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1 and {"accuracy_reward", "total_reward"} <= set(updates[0]["state"])
    b.update(ground_truth="\\frac{10}{2}")
    assert w.accuracy_reward == 1.0


def test_question_change_recomputes_nothing(browser):
    w = RewardChecker()
    b = browser(w)
    b.update(question="What is 2 + 3?")
    assert w.question == "What is 2 + 3?" and w.total_reward == 3.0
    assert not set(b.state_sent()) & set(DERIVED)


def test_span_is_in_javascript_units(browser):
    w = RewardChecker()
    browser(w).update(response="😀 <answer>5</answer>")
    assert w.answer_span == [11, 12]  # the emoji counts twice in UTF-16
    browser(w).update(response="no answer here")
    assert w.answer_span == [] and w.extracted_answer == ""


def test_the_largest_text_is_accepted_and_one_more_refused(browser):
    w = RewardChecker()
    b = browser(w)
    big = "<think>" + "a " * ((MAX_TEXT - 40) // 2) + "</think><answer>5</answer>"
    assert len(big) <= MAX_TEXT
    b.update(response=big)
    assert w.response == big and w.total_reward == 3.0
    b.update(response="x" * (MAX_TEXT + 1))
    assert w.response == big and "at most" in w.error


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", INPUTS)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    if name == "strict_format" and value is True:
        pytest.skip("True is a valid value for a checkbox")
    w = RewardChecker()
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(ground_truth="6")  # the kernel keeps serving
    assert w.accuracy_reward == 0.0 and w.error == ""


@pytest.mark.parametrize("name", ["question", "ground_truth", "response"])
def test_lone_surrogates_are_refused_because_they_cannot_be_sent_back(browser, name):
    from jupyter_client.session import json_packer

    w = RewardChecker()
    b = browser(w)
    b.update(**{name: "ok \ud800"})
    assert getattr(w, name) != "ok \ud800" and "lone surrogate" in w.error
    json_packer(w.get_state())  # what the kernel would send still encodes


@pytest.mark.parametrize("value", [0, 1, "true", "fr"])
def test_strict_and_language_refuse_near_misses(browser, value):
    w = RewardChecker()
    b = browser(w)
    b.update(strict_format=value, target_language=value)
    assert w.strict_format is False and w.target_language == "en"
    assert "strict_format" in w.error and "target_language" in w.error


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = RewardChecker()
    assert_derived_refused(w, browser(w), name, 99)


def test_there_are_no_actions(browser):
    w = RewardChecker()
    browser(w).custom({"action": "load_sample"})
    assert "unknown action" in w.error


def test_load_sample_from_python():
    w = RewardChecker()
    w.load_sample("Wrong answer, well formatted")
    assert w.accuracy_reward == 0.0 and w.extracted_answer == "29/3"
    with pytest.raises(ValueError, match="sample must be one of"):
        w.load_sample("nope")


def test_python_assignment_validates_too():
    w = RewardChecker()
    with pytest.raises(Exception, match="at most"):
        w.response = "x" * (MAX_TEXT + 1)
    with pytest.raises(Exception, match="true or false"):
        w.strict_format = 1


def test_get_state_round_trip(browser):
    w = RewardChecker(response=sample("Language-mixed"), target_language="zh", strict_format=True)
    state = w.get_state()
    w2 = RewardChecker()
    browser(w2).update(**{k: state[k] for k in INPUTS})
    assert {k: w2.get_state()[k] for k in DERIVED} == {k: state[k] for k in DERIVED}
    assert w2.error == ""


@pytest.mark.parametrize("language", ["en", "zh", "none"])
def test_the_format_reason_says_r1_zero_template_serves_every_setting(browser, language):
    # The papers do not say which template R1's format reward checked after its cold start: the
    # checker uses R1-Zero's in every setting, and its reason line says so also under R1.
    w = RewardChecker()
    browser(w).update(target_language=language)
    assert w.format_reward == 1.0
    assert "R1-Zero's template (used here for R1 too)" in w.reasons["format"]


def test_the_prose_answer_reason_names_the_phrase_it_read(browser):
    w = RewardChecker()
    browser(w).update(response="3x = 15. Final answer: 5")
    assert w.accuracy_reward == 1.0
    assert w.reasons["accuracy"] == "'5' after 'answer:' equals '5'"
