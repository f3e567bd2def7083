"""Chapter 05 R1Pipeline: the stage and benchmark set as the browser sets them give the
checkpoint, its lineage (stage 3 restarts from V3-Base), the stage's published sizes and the
scores of Nature Table 2; bad input is refused and sent back."""

import json
from pathlib import Path

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import R1Pipeline, paper
from r1widgets.core import pipeline

INPUTS = ["stage", "benchmark"]
DERIVED = [
    "stages",
    "checkpoint_names",
    "lineage_text",
    "benchmarks",
    "model_state",
    "stage_inputs",
    "data_sizes",
    "fixes",
    "scores",
    "benchmark_info",
    "score_notes",
    "r1_zero_versions",
]
# Nature Table 2, typed from paper-data §3.5 (not read from paper.py).
AIME = [77.9, 59.0, 74.0, 78.1, 79.8]
RATING = [1444, 1534, 1687, 1746, 2029]


def test_defaults_show_the_base_and_aime():
    w = R1Pipeline()
    assert set(R1Pipeline.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(R1Pipeline.derived_names())
    assert w.title == "05 · From R1-Zero to R1: four training stages"
    assert w.stage == 0 and w.benchmark == "aime_2024"
    assert w.model_state["name"] == "DeepSeek-V3-Base" and w.model_state["lineage"] == ["v3_base"]
    assert w.fixes == [] and w.stage_inputs["weights_from"] == ""
    assert [s["value"] for s in w.scores] == AIME
    assert [s["text"] for s in w.scores][0] == "77.9%"
    assert not any(s["current"] for s in w.scores)  # V3-Base has no column in Table 2


@pytest.mark.parametrize(
    "stage, checkpoint, weights_from, lineage",
    [
        (1, "dev1", "DeepSeek-V3-Base", ["v3_base", "dev1"]),
        (2, "dev2", "Dev1", ["v3_base", "dev1", "dev2"]),
        (3, "dev3", "DeepSeek-V3-Base", ["v3_base", "dev3"]),
        (4, "r1", "Dev3", ["v3_base", "dev3", "r1"]),
    ],
)
def test_each_stage_from_the_browser(browser, stage, checkpoint, weights_from, lineage):
    w = R1Pipeline()
    b = browser(w)
    b.update(stage=stage)
    assert w.error == ""
    assert w.model_state["checkpoint"] == checkpoint and w.model_state["lineage"] == lineage
    assert w.stage_inputs["weights_from"] == weights_from
    assert [s["checkpoint"] for s in w.scores if s["current"]] == [checkpoint]
    assert w.fixes and all(f["value"] and f["source"] for f in w.fixes)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1  # the stage's derived values travel in one message
    assert {"model_state", "stage_inputs", "data_sizes", "fixes", "scores"} <= set(
        updates[0]["state"]
    )


def test_stage_three_restarts_from_the_base_and_takes_only_data_from_dev2():
    w = R1Pipeline(stage=3)
    assert w.model_state["restart"] is True and "dev2" not in w.model_state["lineage"]
    assert w.stage_inputs["data_from"] == ["Dev2"]
    assert "Dev2 gives it data, not weights" in w.lineage_text
    assert [R1Pipeline(stage=s).model_state["restart"] for s in range(5)] == [
        False,
        False,
        False,
        True,
        False,
    ]
    sizes = {d["label"]: d["value"] for d in w.data_sizes}
    assert sizes == {
        "Reasoning samples": 600_000,
        "Non-reasoning samples": 200_000,
        "In total": 800_000,
        "Epochs over them": 2,
    }
    assert sizes["Reasoning samples"] + sizes["Non-reasoning samples"] == sizes["In total"]


def test_the_sizes_of_each_stage_are_the_papers():
    texts = {s: {d["label"]: d["text"] for d in R1Pipeline(stage=s).data_sizes} for s in range(5)}
    assert texts[1] == {"Cold-start traces": "thousands (no exact count given)"}
    assert texts[2]["GRPO clip ratio ε"] == "10 (Nature; far above PPO's usual 0.2)"
    assert texts[2]["KL coefficient β"] == "0.001"
    assert texts[4] == {
        "RL steps": "1,700",
        "Steps with preference rewards": "the last 400",
        "Sampling temperature": "0.7",
    }
    assert texts[0] == {"Parameters": "671B in total", "Active per token": "37B"}


@pytest.mark.parametrize("bench", list(paper.NATURE_TABLE_2))
def test_every_benchmark_from_the_browser_gives_its_row(browser, bench):
    w = R1Pipeline(stage=2)
    browser(w).update(benchmark=bench)
    assert w.error == "" and w.benchmark_info["id"] == bench
    row = paper.NATURE_TABLE_2[bench]
    assert [(s["value"], s["source"]) for s in w.scores] == [
        (c.value, c.source) for c in row.values()
    ]
    top = max(s["value"] for s in w.scores)
    assert 0 < top <= w.benchmark_info["scale_max"]
    assert [s["current"] for s in w.scores] == [False, False, True, False, False]


def test_units_are_written_out():
    w = R1Pipeline(benchmark="codeforces_rating")
    assert [s["value"] for s in w.scores] == RATING
    assert w.benchmark_info["unit"] == "rating" and w.benchmark_info["scale_max"] == 2500
    assert w.scores[-1]["text"] == "2,029 (rating)"
    w.benchmark = "codeforces_pct"
    assert w.benchmark_info["unit"] == "percentile" and w.scores[-1]["text"] == "96.3 (percentile)"
    assert w.benchmark_info["scale_max"] == 100


def test_the_notes_say_what_the_paper_says():
    w = R1Pipeline()
    (note,) = w.score_notes
    assert "Dev1" in note["value"] and "AIME" in note["source"]
    assert R1Pipeline(benchmark="mmlu").score_notes == []


# arXiv v1 Table 2's R1-Zero, typed from paper-data §3.1 (not read from paper.py): the only
# rows of Nature Table 2 where v1 also gives R1-Zero a value.
V1_R1_ZERO = {
    "aime_2024": (77.9, "77.9%", "71.0%"),
    "math_500": (95.9, "95.9%", "the same 95.9%"),
    "gpqa_diamond": (75.8, "75.8%", "73.3%"),
    "livecodebench": (50.0, "50.0%", "the same 50.0%"),
    "codeforces_rating": (1444, "1,444 (rating)", "the same 1,444 (rating)"),
}


@pytest.mark.parametrize("bench", list(paper.NATURE_TABLE_2))
def test_the_r1_zero_note_speaks_of_this_benchmark_and_of_v1_only_where_v1_has_it(browser, bench):
    w = R1Pipeline(benchmark="aime_2024")
    browser(w).update(benchmark=bench)
    z = w.r1_zero_versions
    assert z["steps"]["value"] == 10_400 and "full run of 10,400 RL steps" in z["text"]
    assert z["nature"]["value"] == w.scores[0]["value"] and w.scores[0]["checkpoint"] == "r1_zero"
    assert f"at {w.scores[0]['text']} on this benchmark" in z["text"]
    if bench in V1_R1_ZERO:
        nature, nature_text, v1_text = V1_R1_ZERO[bench]
        assert z["nature"]["value"] == nature
        assert f"arXiv v1's Table 2 gave R1-Zero {v1_text} on it" in z["text"]
        assert z["v1"]["source"].startswith("P-v1 Table 2")
    else:
        assert z["v1"] is None
        assert "v1" not in z["text"]
    if bench != "aime_2024":  # the old note spoke of AIME whatever the benchmark
        assert "AIME" not in z["text"] and "71.0" not in z["text"]


# How v1 Table 4 labels each row's score, typed from paper-data §3.4.
METRICS = {
    "mmlu": "Pass@1", "mmlu_redux": "EM", "mmlu_pro": "EM", "drop": "3-shot F1",
    "if_eval": "Prompt Strict", "gpqa_diamond": "Pass@1", "simpleqa": "Correct",
    "frames": "Acc.", "alpacaeval2": "LC-winrate", "arena_hard": "GPT-4-1106",
    "livecodebench": "Pass@1-COT", "codeforces_pct": "Percentile", "codeforces_rating": "Rating",
    "swe_verified": "Resolved", "aider_polyglot": "Acc.", "aime_2024": "Pass@1",
    "math_500": "Pass@1", "cnmo_2024": "Pass@1", "cluewsc": "EM", "c_eval": "EM",
    "c_simpleqa": "Correct",
}  # fmt: skip


def test_every_benchmark_in_the_menu_is_described_with_its_metric():
    assert [b["id"] for b in R1Pipeline().benchmarks] == list(METRICS)
    abouts = set()
    for bench, label in METRICS.items():
        info = R1Pipeline(benchmark=bench).benchmark_info
        about, metric = info["about"], info["metric"]
        # one plain line of our own: a sentence, no line break
        assert about.endswith(".") and "\n" not in about and 20 < len(about) < 200
        abouts.add(about)
        assert metric["value"] == label and metric["source"].startswith("P-v1 Table 4")
        assert f"({label})" in metric["source"] and len(metric["text"]) > 10
    assert len(abouts) == len(METRICS)  # no description copied onto another benchmark
    # the unit the bars are drawn in agrees with how the table scores the row
    assert (
        "not a percentage"
        in R1Pipeline(benchmark="codeforces_rating").benchmark_info["metric"]["text"]
    )
    assert "percentile" in R1Pipeline(benchmark="codeforces_pct").benchmark_info["metric"]["text"]
    for bench, words in (
        ("mmlu_redux", "exact match"),
        ("drop", "F1"),
        ("alpacaeval2", "length-controlled win rate"),
        ("aime_2024", "pass@1"),
        ("swe_verified", "resolved"),
    ):
        assert words in R1Pipeline(benchmark=bench).benchmark_info["metric"]["text"]


def test_stage_two_says_reasoning_only_partly_recovers():
    # AIME, Nature Table 2 (typed above): Dev1 59.0 < Dev2 74.0 < R1-Zero 77.9.
    r1_zero, dev1, dev2 = AIME[:3]
    assert dev1 < dev2 < r1_zero
    assert "scores partly recover (see AIME)" in R1Pipeline(stage=2).model_state["text"]


@pytest.mark.parametrize(
    "bench, pct, points, before_after, relative",
    [  # Nature Table 2, Dev3 -> R1, worked by hand: 87.6 - 62.1, 87.6 / 62.1 = 1.41
        ("alpacaeval2", "25%", "25.5 points", "62.1 → 87.6", "41% relative"),
        ("arena_hard", "17%", "16.7 points", "75.6 → 92.3", "22% relative"),
    ],
)
def test_the_papers_percent_for_the_last_stage_is_shown_in_points(
    bench, pct, points, before_after, relative
):
    (note,) = R1Pipeline(benchmark=bench).score_notes
    for part in (f'"by {pct}"', points, before_after, relative, "Dev3 to R1"):
        assert part in note["value"]
    assert pct in note["source"] and "Table 2" in note["source"]


def test_the_notebook_says_which_stages_start_from_the_base():
    nb = Path(__file__).parents[2] / "examples" / "r1_pipeline.ipynb"
    intro = "".join(json.loads(nb.read_text())["cells"][0]["source"])
    from_base = [
        s
        for s, ckpt in enumerate(pipeline.STAGE_CHECKPOINTS[1:], start=1)
        if pipeline.WEIGHTS_FROM[ckpt] == "v3_base"
    ]
    assert from_base == [1, 3]
    assert "Only stages 1 and 3 start from DeepSeek-V3-Base" in intro
    assert "stage 2 continues from stage 1's checkpoint (Dev1)" in intro
    assert "stage 4 from stage 3's (Dev3)" in intro
    assert "all starting from" not in intro


def test_the_text_alternative_names_every_weight_edge():
    text = R1Pipeline().lineage_text
    for edge in (
        "DeepSeek-V3-Base → Dev1",
        "Dev1 → Dev2",
        "DeepSeek-V3-Base → Dev3",
        "Dev3 → R1",
        "DeepSeek-V3-Base → R1-Zero",
    ):
        assert edge in text
    assert "Dev2 → Dev3" not in text


BAD_STAGES = [-1, 5, 2.5, "2", [2], 99]
BAD_BENCHMARKS = ["AIME 2024", "aime", "", "x" * 1000, 3]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_STAGES)
def test_hostile_stages_are_refused_and_sent_back(browser, value):
    w = R1Pipeline(stage=2)
    b = browser(w)
    assert_refused(w, b, "stage", value)
    b.update(stage=4)  # the kernel keeps serving
    assert w.model_state["name"] == "R1" and w.error == ""


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_BENCHMARKS)
def test_hostile_benchmarks_are_refused_and_sent_back(browser, value):
    w = R1Pipeline(benchmark="gpqa_diamond")
    b = browser(w)
    assert_refused(w, b, "benchmark", value)
    b.update(benchmark="aime_2024")
    assert [s["value"] for s in w.scores] == AIME and w.error == ""


def test_a_whole_number_float_stage_is_an_integer(browser):
    w = R1Pipeline()
    browser(w).update(stage=3.0)
    assert w.stage == 3 and isinstance(w.stage, int)


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = R1Pipeline()
    assert_derived_refused(w, browser(w), name, 99)


@pytest.mark.parametrize("action", ["go_to", "figure", None])
def test_there_are_no_browser_actions(browser, action):
    w = R1Pipeline()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_python_side():
    w = R1Pipeline()
    w.go_to(4)
    assert w.model_state["name"] == "R1"
    with pytest.raises(Exception, match="stage"):
        R1Pipeline(stage=5)
    with pytest.raises(Exception, match="benchmark"):
        R1Pipeline(benchmark="hellaswag")


def test_get_state_round_trip(browser):
    w = R1Pipeline(stage=3, benchmark="cnmo_2024")
    state = w.get_state()
    w2 = R1Pipeline()
    browser(w2).update(stage=state["stage"], benchmark=state["benchmark"])
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


def test_figure_follows_the_benchmark():
    pytest.importorskip("bqplot")
    w = R1Pipeline()
    fig = w.figure()
    assert list(fig.marks[0].y) == AIME
    w.benchmark = "codeforces_rating"
    assert list(fig.marks[0].y) == RATING
    # the axis ends at the benchmark's scale; the plot leaves room past it for the value labels
    assert max(fig.axes[1].tick_values) == 2500 and fig.marks[0].scales["y"].max > 2500
    assert "Codeforces" in fig.title and "Nature Table 2" in fig.title
    assert fig.axes[1].label == "Codeforces (rating)"
