"""core.pipeline: the checkpoints' lineage (stage 3 restarts from the base), gaps in points
checked by hand, and scores written with their units. The published tables in paper.py are
pinned here to paper-data §3.5 to §3.8, typed from the notes, not read from paper.py."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import pipeline

# --- lineage ------------------------------------------------------------------------------------


def test_each_stage_leaves_its_checkpoint():
    assert pipeline.STAGE_CHECKPOINTS == ("v3_base", "dev1", "dev2", "dev3", "r1")


def test_r1_descends_from_the_base_through_dev3_not_dev2():
    assert pipeline.lineage("r1") == ["v3_base", "dev3", "r1"]
    assert "dev2" not in pipeline.lineage("r1") and "dev1" not in pipeline.lineage("r1")


def test_dev2_descends_through_dev1_and_supplies_dev3_data_only():
    assert pipeline.lineage("dev2") == ["v3_base", "dev1", "dev2"]
    assert pipeline.lineage("dev3") == ["v3_base", "dev3"]
    assert pipeline.DATA_FROM["dev3"] == ("dev2",)
    assert pipeline.WEIGHTS_FROM["dev3"] == "v3_base"


def test_r1_zero_is_a_separate_run_from_the_base_that_supplied_cold_start_data():
    assert pipeline.lineage("r1_zero") == ["v3_base", "r1_zero"]
    assert "r1_zero" not in pipeline.STAGE_CHECKPOINTS
    assert pipeline.DATA_FROM["dev1"] == ("r1_zero",)


def test_every_lineage_starts_at_the_base_and_ends_at_itself():
    for ckpt in pipeline.CHECKPOINTS:
        chain = pipeline.lineage(ckpt)
        assert chain[0] == "v3_base" and chain[-1] == ckpt and len(set(chain)) == len(chain)


def test_unknown_checkpoint_is_refused():
    with pytest.raises(ValueError, match="checkpoint must be one of"):
        pipeline.lineage("dev4")


# --- gaps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, gap",
    [
        (72.6, 47.0, 25.6),  # the ablation's headline (paper-data §3.7)
        (83.3, 60.0, 23.3),
        (94.3, 91.6, 2.7),  # a float subtraction gives 2.700000000000003
        (62.1, 55.0, 7.1),
        (57.2, 40.2, 17.0),
        (28.9, 49.9, -21.0),
        (50.0, 50.0, 0.0),
    ],
)
def test_gap_points_by_hand(a, b, gap):
    assert pipeline.gap_points(a, b) == gap


def test_a_naive_float_subtraction_would_not_give_the_published_digits():
    assert 72.6 - 47.0 != 25.6 and pipeline.gap_points(72.6, 47.0) == 25.6


one_decimal = st.integers(-10_000, 10_000).map(lambda n: n / 10)


@given(one_decimal, one_decimal)
def test_gap_is_antisymmetric_and_exact_in_tenths(a, b):
    gap = pipeline.gap_points(a, b)
    assert gap == -pipeline.gap_points(b, a) or gap == 0.0
    assert round(gap * 10) == round(a * 10) - round(b * 10)
    assert math.copysign(1.0, pipeline.gap_points(a, a)) == 1.0  # never −0.0


def test_gap_refuses_non_finite_scores():
    with pytest.raises(ValueError):
        pipeline.gap_points(float("nan"), 1.0)


def test_best_takes_the_highest_and_the_first_on_a_tie():
    assert pipeline.best({"a": 1.0, "b": 3.0, "c": 2.0}) == "b"
    assert pipeline.best({"a": 3.0, "b": 3.0}) == "a"
    with pytest.raises(ValueError):
        pipeline.best({})


# --- formats ------------------------------------------------------------------------------------


def test_scores_carry_their_unit_in_words():
    assert pipeline.format_score(77.9, "%") == "77.9%"
    assert pipeline.format_score(59.0, "%") == "59.0%"
    assert pipeline.format_score(96.3, "percentile") == "96.3 (percentile)"
    assert pipeline.format_score(2029, "rating") == "2,029 (rating)"
    with pytest.raises(ValueError):
        pipeline.format_score(1.0, "points")


def test_points_carry_a_sign():
    assert pipeline.format_points(25.6) == "+25.6 points"
    assert pipeline.format_points(-16.1) == "−16.1 points"
    assert pipeline.format_points(0.0) == "±0.0 points"


# --- the published tables, pinned to paper-data -------------------------------------------------


@pytest.mark.parametrize(
    "bench, values",
    [
        ("aime_2024", (77.9, 59.0, 74.0, 78.1, 79.8)),
        ("gpqa_diamond", (75.8, 66.1, 70.7, 71.2, 71.5)),
        ("codeforces_rating", (1444, 1534, 1687, 1746, 2029)),
        ("alpacaeval2", (24.7, 50.1, 55.8, 62.1, 87.6)),
        ("cnmo_2024", (88.1, 58.0, 73.9, 77.3, 78.8)),
        ("c_simpleqa", (66.4, 58.8, 64.2, 66.9, 63.7)),
    ],
)
def test_nature_table_2_rows(bench, values):
    row = paper.NATURE_TABLE_2[bench]
    assert list(row) == ["r1_zero", "dev1", "dev2", "dev3", "r1"]
    assert tuple(s.value for s in row.values()) == values
    assert all(s.source.startswith("Nature Table 2") for s in row.values())


def test_nature_table_2_has_its_21_rows():
    assert len(paper.NATURE_TABLE_2) == 21 == len(paper.NATURE_TABLE_2_BENCHMARKS)


def test_stage_three_sizes_add_up():
    p = paper.R1_PIPELINE
    assert (p["reasoning_samples"].value, p["non_reasoning_samples"].value) == (600_000, 200_000)
    assert p["reasoning_samples"].value + p["non_reasoning_samples"].value == p["sft_samples"].value
    assert p["sft_epochs"].value == 2 and p["cold_start_amount"].value == "thousands"
    assert (p["final_rl_steps"].value, p["final_rl_preference_steps"].value) == (1_700, 400)
    assert p["final_rl_temperature"].value == 0.7


@pytest.mark.parametrize(
    "table, model, values",
    [
        ("DISTILL_TABLE_6", "zero_qwen_32b", (47.0, 60.0, 91.6, 55.0, 40.2)),
        ("DISTILL_TABLE_6", "qwen_32b", (72.6, 83.3, 94.3, 62.1, 57.2)),
        ("DISTILL_TABLE_6", "qwq_32b", (50.0, 60.0, 90.6, 54.5, 41.9)),
        ("DISTILL_TABLE_5", "qwen_1_5b", (28.9, 52.7, 83.9, 33.8, 16.9)),
        ("DISTILL_TABLE_5", "llama_70b", (70.0, 86.7, 94.5, 65.2, 57.5)),
        ("DISTILL_TABLE_5", "o1_mini", (63.6, 80.0, 90.0, 60.0, 53.8)),
        ("DISTILL_TABLE_5", "gpt_4o", (9.3, 13.4, 74.6, 49.9, 32.9)),
    ],
)
def test_distillation_tables(table, model, values):
    row = getattr(paper, table)[model]
    assert tuple(s.value for s in row.values()) == values


def test_the_paper_not_the_readme_for_qwq():
    assert paper.DISTILL_TABLE_5["qwq_32b"]["aime_pass_at_1"].value == 50.0
    assert paper.DISTILL_FACTS["readme_qwq_aime"].value == 44.0
