"""Chapter 06 DistillAblation: the benchmark and view set as the browser sets them give the
published bars (each with its source) and the gap in points, checked by hand against the
paper's tables; bad input is refused and sent back."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import DistillAblation, paper
from r1widgets.registry import CHAPTERS

INPUTS = ["benchmark", "view"]
DERIVED = ["benchmarks", "bars", "gap_points", "gap", "conclusions", "facts", "readme_note"]
BENCHMARKS = ["aime_pass_at_1", "aime_cons_at_64", "math_500", "gpqa_diamond", "livecodebench"]
# v1 Table 6, typed from paper-data §3.7: distilled 32B, RL on the 32B base, QwQ-32B-Preview;
# and the gap worked by hand (distilled minus RL).
ABLATION = {
    "aime_pass_at_1": ((72.6, 47.0, 50.0), 25.6),
    "aime_cons_at_64": ((83.3, 60.0, 60.0), 23.3),
    "math_500": ((94.3, 91.6, 90.6), 2.7),
    "gpqa_diamond": ((62.1, 55.0, 54.5), 7.1),
    "livecodebench": ((57.2, 40.2, 41.9), 17.0),
}
# v1 Table 5: the best distilled model on each benchmark minus o1-mini, by hand.
FAMILY_GAP = {
    "aime_pass_at_1": ("DeepSeek-R1-Distill-Qwen-32B", 72.6 - 63.6),
    "aime_cons_at_64": ("DeepSeek-R1-Distill-Llama-70B", 86.7 - 80.0),
    "math_500": ("DeepSeek-R1-Distill-Llama-70B", 94.5 - 90.0),
    "gpqa_diamond": ("DeepSeek-R1-Distill-Llama-70B", 65.2 - 60.0),
    "livecodebench": ("DeepSeek-R1-Distill-Llama-70B", 57.5 - 53.8),
}
FAMILY_ORDER = [
    "qwen_1_5b",
    "qwen_7b",
    "llama_8b",
    "qwen_14b",
    "qwen_32b",
    "llama_70b",
    "o1_mini",
    "gpt_4o",
]


def test_defaults_show_the_ablation_on_aime():
    w = DistillAblation()
    assert set(DistillAblation.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(DistillAblation.derived_names())
    assert w.title == "06 · Teach a small model, or train it with RL?"
    assert (w.view, w.benchmark) == ("ablation", "aime_pass_at_1")
    assert [b["value"] for b in w.bars] == [72.6, 47.0, 50.0]
    assert [b["kind"] for b in w.bars] == ["distilled", "rl", "reference"]
    assert w.gap_points == 25.6 and w.gap["points_text"] == "+25.6 points"
    assert "72.6%" in w.gap["text"] and "47.0%" in w.gap["text"]
    assert [b["text"] for b in w.bars] == ["72.6%", "47.0%", "50.0%"]  # the unit beside each bar


@pytest.mark.parametrize("bench", BENCHMARKS)
def test_ablation_from_the_browser(browser, bench):
    w = DistillAblation(view="family")
    b = browser(w)
    b.update(view="ablation", benchmark=bench)
    values, gap = ABLATION[bench]
    assert w.error == ""
    assert tuple(x["value"] for x in w.bars) == values
    assert w.gap_points == gap
    assert w.gap["minuend"]["value"] == values[0] and w.gap["subtrahend"]["value"] == values[1]
    assert all(x["source"].startswith("P-v1 Table 6") for x in w.bars)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1 and {"bars", "gap_points", "gap"} <= set(updates[0]["state"])


@pytest.mark.parametrize("bench", BENCHMARKS)
def test_family_from_the_browser(browser, bench):
    w = DistillAblation(benchmark=bench)
    browser(w).update(view="family")
    best, gap = FAMILY_GAP[bench]
    assert w.error == ""
    assert [x["id"] for x in w.bars] == FAMILY_ORDER
    assert [x["kind"] for x in w.bars] == ["distilled"] * 6 + ["reference"] * 2
    assert w.gap["minuend"]["label"] == best and w.gap["subtrahend"]["label"] == "OpenAI-o1-mini"
    assert w.gap_points == pytest.approx(gap, abs=1e-9) and w.gap_points == round(gap, 1)
    distilled = [x["value"] for x in w.bars[:6]]
    assert w.gap["minuend"]["value"] == max(distilled)
    assert all(x["source"].startswith("P-v1 Table 5") for x in w.bars)


def test_family_names_each_base_model():
    w = DistillAblation(view="family")
    bases = {x["id"]: (x["base"] or {}).get("value") for x in w.bars}
    assert bases == {
        "qwen_1_5b": "Qwen2.5-Math-1.5B",
        "qwen_7b": "Qwen2.5-Math-7B",
        "llama_8b": "Llama-3.1-8B",
        "qwen_14b": "Qwen2.5-14B",
        "qwen_32b": "Qwen2.5-32B",
        "llama_70b": "Llama-3.3-70B-Instruct",
        "o1_mini": None,
        "gpt_4o": None,
    }
    assert w.facts["sft_samples"]["value"] == 800_000
    # the data is R1's stage-3 set (sampled from the stage-2 checkpoint plus V3's SFT data),
    # not answers of the final R1
    assert w.facts["sft_samples"]["text"] == (
        "about 800,000 worked answers from R1's pipeline (its stage-3 set)"
    )


def test_the_caption_does_not_say_the_small_models_copy_r1_itself():
    (chapter,) = [c for c in CHAPTERS if c.slug == "distill_ablation"]
    assert "stage-3 set" in chapter.caption and "copying R1's" not in chapter.caption


def test_the_papers_qwq_number_is_shown_and_the_readmes_named():
    w = DistillAblation()
    assert w.bars[2]["label"] == "QwQ-32B-Preview" and w.bars[2]["value"] == 50.0
    note = w.readme_note
    assert note["readme"]["value"] == 44.0 and note["paper"]["value"] == 50.0
    assert "Shown: the paper's" in note["text"]
    assert DistillAblation(benchmark="math_500").readme_note == {}
    assert DistillAblation(view="family").readme_note == {}


@pytest.mark.parametrize("view", ["ablation", "family"])
def test_every_readme_mentioned_is_named_as_the_deepseek_r1_repositorys(view):
    """A learner cannot tell which README "the README" or "P-README" means."""
    w = DistillAblation(view=view)
    texts = [w.readme_note.get("text", ""), w.readme_note.get("readme", {}).get("source", "")]
    texts += [b["base"]["source"] for b in w.bars if b["base"]]
    texts = [t for t in texts if "README" in t]
    assert texts  # the base models' sources (and the ablation's note) cite the README
    for text in texts:
        assert "P-README" not in text and "the README's" not in text
        assert "DeepSeek-R1 GitHub repository" in text


def test_the_two_conclusions_are_the_papers_with_sources():
    w = DistillAblation()
    assert len(w.conclusions) == 2
    assert all(c["source"].startswith("P-v1 §4.1") for c in w.conclusions)
    assert "compute" in w.conclusions[0]["value"] and "base models" in w.conclusions[1]["value"]


BAD_VIEWS = ["Ablation", "both", "", 1, ["family"]]
BAD_BENCHMARKS = ["codeforces_rating", "aime_2024", "AIME", 0]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_VIEWS)
def test_hostile_views_are_refused_and_sent_back(browser, value):
    w = DistillAblation()
    b = browser(w)
    assert_refused(w, b, "view", value)
    b.update(view="family")
    assert len(w.bars) == 8 and w.error == ""


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_BENCHMARKS)
def test_hostile_benchmarks_are_refused_and_sent_back(browser, value):
    w = DistillAblation(benchmark="gpqa_diamond")
    b = browser(w)
    assert_refused(w, b, "benchmark", value)
    b.update(benchmark="livecodebench")
    assert w.gap_points == 17.0 and w.error == ""


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = DistillAblation()
    assert_derived_refused(w, browser(w), name, 99)


@pytest.mark.parametrize("action", ["figure", "bars", None])
def test_there_are_no_browser_actions(browser, action):
    w = DistillAblation()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_python_bounds():
    with pytest.raises(Exception, match="view"):
        DistillAblation(view="table")
    with pytest.raises(Exception, match="benchmark"):
        DistillAblation(benchmark="codeforces_rating")


def test_get_state_round_trip(browser):
    w = DistillAblation(view="family", benchmark="gpqa_diamond")
    state = w.get_state()
    w2 = DistillAblation()
    browser(w2).update(view=state["view"], benchmark=state["benchmark"])
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


def test_figure_follows_the_view():
    pytest.importorskip("bqplot")
    w = DistillAblation()
    fig = w.figure()
    assert list(fig.marks[0].y) == [72.6, 47.0, 50.0]
    w.view = "family"
    assert len(fig.marks[0].y) == 8 and fig.axes[1].label == "AIME 2024 pass@1 (%)"


def test_published_tables_are_the_ones_shown():
    w = DistillAblation(view="family", benchmark="math_500")
    for bar in w.bars:
        cell = paper.DISTILL_TABLE_5[bar["id"]]["math_500"]
        assert (bar["value"], bar["source"]) == (cell.value, cell.source)
