"""Chapter 05 R1Pipeline: the stage and benchmark set as the browser sets them give the
checkpoint, its lineage (stage 3 restarts from V3-Base), the stage's published sizes and the
scores of Nature Table 2; bad input is refused and sent back."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import R1Pipeline, paper

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
    assert texts[2]["GRPO clip ratio ε"] == "10" and texts[2]["KL coefficient β"] == "0.001"
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
    z = w.r1_zero_versions
    assert (z["steps"]["value"], z["nature_aime"]["value"], z["v1_aime"]["value"]) == (
        10_400,
        77.9,
        71.0,
    )


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
    assert list(fig.marks[0].y) == RATING and fig.marks[0].scales["y"].max == 2500
    assert fig.axes[1].label == "Codeforces (rating)"
