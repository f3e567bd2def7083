"""Chapter 13 LanguageConsistency: λ, the target language and the seed set as the browser sets
them give the sample, its mixing rate and chapter 03's LC reward computed on it; the defaults
show the lesson; the published statements come from paper.py; bad input is refused and sent
back."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import LanguageConsistency, paper, registry
from r1widgets.core import language, rewards

INPUTS = ["weight", "target_language", "seed"]
DERIVED = [
    "languages",
    "prompt",
    "sample_text",
    "segments",
    "switch_probability",
    "switched_clauses",
    "clauses",
    "word_counts",
    "mixed_rate",
    "language_reward",
    "language_reason",
    "expected_mixed_rate",
    "accuracy",
    "readability",
    "curves",
    "direct_weight",
    "published",
    "notes",
]


def test_defaults_show_the_lesson():
    w = LanguageConsistency()
    assert set(LanguageConsistency.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(LanguageConsistency.derived_names())
    assert w.title.startswith("13 · ")
    assert (w.weight, w.target_language, w.seed) == (0.5, "en", 2)
    # one clause mixed in, "所以" ("so"): 6 Chinese words of 64 (58 English, counted by hand in
    # tests/core/test_language.py)
    assert w.switched_clauses == 1 and w.clauses == 13  # 18 clauses: 4 line breaks, 1 sum
    assert "所以" in w.sample_text
    assert w.word_counts == {"target": 58, "other": 6, "total": 64, "symbols": 3}
    assert w.mixed_rate == 6 / 64 and w.language_reward == 58 / 64
    # mixing clearly reduced against no LC reward, for the same seed ...
    zero = LanguageConsistency(weight=0.0)
    assert zero.mixed_rate > 0.5 and w.mixed_rate < zero.mixed_rate / 4
    assert w.expected_mixed_rate < zero.expected_mixed_rate / 4
    # ... and a small illustrative cost visible on code, none on maths
    assert w.accuracy["maths"] == 1.0 and 0.95 < w.accuracy["code"] < 0.99
    assert w.readability > zero.readability


def test_the_reward_is_chapter_03s_rule_on_the_sample_text():
    for kwargs in ({}, {"target_language": "zh"}, {"weight": 0.0, "seed": 7}):
        w = LanguageConsistency(**kwargs)
        reward, reason = rewards.language_reward(w.sample_text, w.target_language)
        assert (w.language_reward, w.language_reason) == (reward, reason)
        assert "".join(s["text"] for s in w.segments) == w.sample_text
        # the view separates the clauses where the core says, so "of 13" can be counted
        starts = [s["clause_start"] for s in w.segments]
        assert starts == [
            s.clause_start
            for s in language.sample_trace(w.weight, w.target_language, w.seed).segments
        ]
        lines = w.sample_text.split("</think>")[0].count("\n") - 1  # text lines in <think>
        assert sum(starts) + lines == w.clauses == 13


def test_updates_from_the_browser(browser):
    w = LanguageConsistency()
    b = browser(w)
    b.update(weight=0.0)
    assert w.error == ""
    assert w.sample_text == language.sample_trace(0.0, "en", 2).text
    assert w.switch_probability == 0.4 and w.accuracy == {"maths": 1.0, "code": 1.0}
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1  # every derived value in one message
    assert {"sample_text", "segments", "mixed_rate", "language_reward"} <= set(updates[0]["state"])
    b.clear()
    b.update(target_language="zh")
    assert w.prompt == language.PROMPTS["zh"]
    assert w.curves == language.curves("zh")
    other = [s for s in w.segments if s["off_target"]]
    assert other and all(s["language"] == "en" for s in other)
    b.update(seed=11, weight=2.0)
    assert w.sample_text == language.sample_trace(2.0, "zh", 11).text
    assert w.mixed_rate == 0.0 and w.language_reward == 1.0


@pytest.mark.parametrize("seed", range(8))
def test_mixing_never_rises_with_the_weight(browser, seed):
    w = LanguageConsistency(seed=seed, weight=0.0)
    b = browser(w)
    rates = []
    for weight in (0.0, 0.25, 0.5, 1.0, 2.0):
        b.update(weight=weight)
        rates.append(w.mixed_rate)
    assert rates == sorted(rates, reverse=True)


BAD_WEIGHTS = [-0.01, 2.01, -1, 3, "0.5", ""]
BAD_LANGUAGES = ["fr", "EN", "english", "none", "", 0, ["en"]]
BAD_SEEDS = [-1, 2**32, 1.5, "3", -1e308]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_WEIGHTS)
def test_bad_weights_are_refused_and_sent_back(browser, value):
    w = LanguageConsistency()
    b = browser(w)
    assert_refused(w, b, "weight", value)
    b.update(weight=1.0)
    assert w.error == "" and w.switch_probability == pytest.approx(0.4 * 2.718281828459045**-3)


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_LANGUAGES)
def test_unknown_languages_are_refused_and_sent_back(browser, value):
    w = LanguageConsistency()
    b = browser(w)
    assert_refused(w, b, "target_language", value)
    b.update(target_language="zh")
    assert w.error == "" and w.prompt == language.PROMPTS["zh"]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_SEEDS)
def test_bad_seeds_are_refused_and_sent_back(browser, value):
    w = LanguageConsistency()
    b = browser(w)
    assert_refused(w, b, "seed", value)
    b.update(seed=2**32 - 1)
    assert w.error == "" and w.seed == 2**32 - 1


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = LanguageConsistency()
    assert_derived_refused(w, browser(w), name, 0.5)


@pytest.mark.parametrize("action", ["resample", "sample_text", None])
def test_there_are_no_browser_actions(browser, action):
    w = LanguageConsistency()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_python_bounds():
    for kwargs in (
        {"weight": float("nan")},
        {"weight": 2.5},
        {"target_language": "fr"},
        {"seed": -1},
    ):
        with pytest.raises(Exception, match=next(iter(kwargs))):
            LanguageConsistency(**kwargs)


def test_get_state_round_trip(browser):
    w = LanguageConsistency(weight=0.35, target_language="zh", seed=123)
    state = w.get_state()
    w2 = LanguageConsistency()
    browser(w2).update(**{k: state[k] for k in INPUTS})
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


def test_published_statements_are_paper_pys_with_their_sources():
    w = LanguageConsistency()
    pub = w.published
    assert (pub["rule"]["value"], pub["rule"]["source"]) == (
        paper.REWARD_RULES.value,
        paper.REWARD_RULES.source,
    )
    for key in ("added_directly", "ablation", "why_mixing", "other_languages"):
        sourced = paper.LANGUAGE_CONSISTENCY[key]
        assert (pub[key]["value"], pub[key]["source"]) == (sourced.value, sourced.source)
    for key in ("ablation_split", "livecodebench"):
        sourced = paper.LANGUAGE_CONSISTENCY_SECONDARY[key]
        assert (pub[key]["value"], pub[key]["source"]) == (sourced.value, sourced.source)
        assert sourced.source.startswith("[S]") and "Suppl. B.6" in sourced.source
    assert "unverified" in pub["livecodebench"]["source"]
    # stage 3's filter is chapter 05's statement, not a second copy of it
    assert pub["stage3_filter"]["value"] == paper.R1_PIPELINE_FIXES[3][1].value
    assert pub["stage3_filter"]["source"] == paper.R1_PIPELINE_FIXES[3][1].source
    assert "mixed languages" in pub["stage3_filter"]["value"]
    assert pub["stage3_filter"]["source"].startswith("P-v1 §2.3.3")
    article = paper.ARTICLE_LANGUAGE_CONSISTENCY
    assert pub["article_weight"]["value"] == article["weight"].value == 0.4
    assert "not the paper" in pub["article_weight"]["source"]


def test_the_notes_say_what_the_paper_does_and_does_not_state():
    notes = LanguageConsistency().notes
    assert "states no weight" in notes["paper"]
    # the main text reports only the slight degradation; the maths/code split is the
    # supplementary ablation's, read through a secondary note
    assert "(v1 and Nature)" in notes["paper"]
    assert "only 'a slight degradation in the model's performance'" in notes["paper"]
    for word in ("comparable", "maths", "cod"):
        assert word not in notes["paper"]
    supplement = notes["supplement"]
    assert "arXiv v2 Suppl. B.6" in supplement and "secondary note" in supplement
    assert "coding" in supplement and "maths comparable" in supplement
    assert "λ ≈ 0.4" in notes["article"] and "Neither is in the paper" in notes["article"]
    # one name for the source article everywhere a learner reads it
    assert notes["article"].startswith("The seed article says")
    pub = LanguageConsistency().published
    assert pub["article_weight"]["label"] == "The seed article's weight"
    assert pub["article_cost"]["label"] == "The seed article's cost"
    for text in [*notes.values(), *(str(v) for item in pub.values() for v in item.values())]:
        assert "walkthrough article" not in text and "The article" not in text
    assert "supplementary ablation places the cost on code" in notes["article"]
    assert "0.46" in notes["secondary"] and "0.38" in notes["secondary"]
    assert "not check" in notes["secondary"] and "do not use it" in notes["secondary"]
    assert "not a published λ" in notes["scale"]
    assert "λ = 1, marked on both charts" in notes["scale"]


def test_every_maths_or_code_statement_is_credited_to_the_supplement():
    w = LanguageConsistency()
    for item in w.published.values():
        value = str(item["value"])
        if "comparable" in value or "coding" in value or "LiveCodeBench" in item["source"]:
            assert item["source"].startswith("[S]"), item
            assert "Suppl. B.6" in item["source"] and "secondary note" in item["source"]
        if not item["source"].startswith("[S]"):
            for word in ("comparable", "maths", "coding", "on code"):
                assert word not in value, item
    for key, note in w.notes.items():
        if "comparable" in note or "coding" in note:
            assert "secondary note" in note or key == "article", key
    caption = next(c.caption for c in registry.CHAPTERS if c.number == 13)
    assert caption.index("supplementary ablation") < caption.index("maths steady")
    assert "main text reports only a slight cost" in caption


def test_each_weight_is_a_training_run_not_an_inference_knob():
    runs = LanguageConsistency().notes["runs"]
    assert "RL run trained with that weight" in runs
    assert "only in training" in runs and "does nothing when a trained model answers" in runs


def test_the_stage_3_filter_is_named_beside_the_reward():
    note = LanguageConsistency().notes["filter"]
    assert "not the only reason" in note and "mixed languages was filtered out" in note
    assert "(P-v1 §2.3.3)" in note and "both" in note


def test_the_direct_weight_is_one_on_chapter_03s_scale():
    w = LanguageConsistency()
    assert w.direct_weight == 1.0 == language.DIRECT_WEIGHT
    # on the 0/1 scale, "added directly" means reward = accuracy + format + 1 · LC: the weight
    # sits on the curves' grid so the charts' mark lands on a drawn point
    assert w.direct_weight in w.curves["weights"]
    at_one = LanguageConsistency(weight=w.direct_weight)
    assert at_one.switch_probability == pytest.approx(0.4 * 2.718281828459045**-3)


def test_curves_are_the_cores_and_the_values_at_the_weight_sit_on_them():
    w = LanguageConsistency(weight=1.0)
    curves = w.curves
    i = curves["weights"].index(1.0)
    assert curves["expected_mixed_rate"][i] == w.expected_mixed_rate
    assert curves["readability"][i] == w.readability
    assert curves["code"][i] == w.accuracy["code"]
