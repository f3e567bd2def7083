"""Chapter 16's math: the illustrative curves' properties (never falling, saturating, in [0, 1],
the baseline below the reasoning model), the latency and cost closed forms worked by hand, and
depth bands that cover every budget once."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import scaling

BUDGETS = np.arange(0, scaling.BUDGET_MAX + 1, 16)  # every 16th token: 2,049 budgets
CURVES = [scaling.accuracy_reasoning, scaling.accuracy_baseline]


@pytest.mark.parametrize("curve", CURVES)
def test_curves_never_fall_and_stay_in_0_1(curve):
    acc = curve(BUDGETS)
    assert np.all(np.diff(acc) >= 0)
    assert np.all((acc >= 0) & (acc <= 1))


@pytest.mark.parametrize("curve", CURVES)
def test_curves_saturate_each_extra_token_buys_less(curve):
    """Equal steps of budget give gains that never grow (concave in the budget)."""
    gains = np.diff(curve(BUDGETS))
    assert np.all(np.diff(gains) <= 1e-15)
    assert gains[0] > 10 * gains[-1]  # and the last steps buy almost nothing


def test_the_reasoning_curve_climbs_steeply_then_ever_more_slowly():
    acc = scaling.accuracy_reasoning([0, 200, 2_000, 12_000, 16_384, 32_768])
    early, middle, late = acc[2] - acc[0], acc[3] - acc[2], acc[5] - acc[3]
    assert early > middle > late  # more per band even though each band is wider
    assert early > 0.3 and middle > 0.1  # a real climb: tens of points
    assert acc[5] - acc[4] < 0.01  # the last doubling adds under one point: diminishing returns
    assert acc[5] > acc[4]  # but still something: our last band is no plateau


def test_the_baseline_barely_moves_and_sits_below_everywhere():
    base = scaling.accuracy_baseline(BUDGETS)
    reason = scaling.accuracy_reasoning(BUDGETS)
    assert base.max() - base.min() < 0.05
    assert np.all(base < reason)


@given(st.floats(0, scaling.BUDGET_MAX), st.floats(0, scaling.BUDGET_MAX))
def test_curves_are_monotone_on_any_pair(a, b):
    lo, hi = min(a, b), max(a, b)
    for curve in CURVES:
        assert curve(lo) <= curve(hi)


def test_from_50_tokens_on_the_reasoning_model_beats_anything_the_baseline_reaches():
    assert scaling.accuracy_reasoning(50) > scaling.BASELINE.ceiling


def test_curve_matches_its_formula_by_hand():
    # REASONING: 0.10 + 0.40(1 - e^{-b/600}) + 0.28(1 - e^{-b/4000}); at b = 600 and 4,000
    want = 0.10 + 0.40 * (1 - math.exp(-1)) + 0.28 * (1 - math.exp(-600 / 4000))
    assert scaling.accuracy_reasoning(600) == pytest.approx(want, abs=1e-12)
    assert scaling.accuracy_reasoning(0) == pytest.approx(0.10, abs=1e-15)
    assert scaling.REASONING.ceiling == pytest.approx(0.78)
    assert scaling.accuracy_reasoning(10**9) == pytest.approx(scaling.REASONING.ceiling)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_curves_refuse_impossible_budgets(bad):
    with pytest.raises(ValueError, match="budget"):
        scaling.accuracy_reasoning(bad)


@pytest.mark.parametrize(
    ("budget", "speed", "seconds", "cost"),
    [
        (4_000, 50, 84.0, 21.0),  # (4,000 + 200) / 50; 4,200 / 200
        (0, 10, 20.0, 1.0),  # a direct answer: only the 200-token answer
        (32_768, 1_000, 32.968, 164.84),
        (100, 40, 7.5, 1.5),
    ],
)
def test_latency_and_cost_closed_forms(budget, speed, seconds, cost):
    assert scaling.ANSWER_TOKENS == 200
    assert scaling.latency_s(budget, speed) == pytest.approx(seconds, abs=1e-12)
    assert scaling.relative_cost(budget) == pytest.approx(cost, abs=1e-12)


@given(st.integers(0, scaling.BUDGET_MAX), st.floats(10, 1000))
def test_latency_grows_with_budget_and_falls_with_speed(budget, speed):
    t = scaling.latency_s(budget, speed)
    assert scaling.latency_s(budget + 1, speed) > t
    assert scaling.latency_s(budget, speed * 2) == pytest.approx(t / 2)
    assert t * speed == pytest.approx(budget + scaling.ANSWER_TOKENS)


@pytest.mark.parametrize("speed", [0, -5, float("nan")])
def test_latency_refuses_a_speed_that_is_not_positive(speed):
    with pytest.raises(ValueError, match="tokens_per_second"):
        scaling.latency_s(100, speed)


def test_depth_bands_cover_every_budget_once_without_gaps():
    bands = scaling.DEPTH_BANDS
    assert bands[0].low == 0 and bands[-1].high == scaling.BUDGET_MAX
    for left, right in zip(bands, bands[1:], strict=False):
        assert right.low == left.high + 1
    assert [b.label for b in bands] == [
        "direct answer",
        "step by step",
        "verification",
        "diminishing returns",
    ]
    # every budget lands in exactly one band, and depth_band finds that one
    for budget in range(0, scaling.BUDGET_MAX + 1, 7):
        holders = [b for b in bands if b.low <= budget <= b.high]
        assert len(holders) == 1 and scaling.depth_band(budget) is holders[0]


@pytest.mark.parametrize(
    ("budget", "label"),
    [
        (0, "direct answer"),
        (199, "direct answer"),
        (199.5, "direct answer"),
        (200, "step by step"),
        (4_000, "verification"),
        (11_999, "verification"),
        (12_000, "diminishing returns"),
        (32_768, "diminishing returns"),
    ],
)
def test_depth_band_edges(budget, label):
    assert scaling.depth_band(budget).label == label


@pytest.mark.parametrize("bad", [-1, 32_769, float("nan")])
def test_depth_band_refuses_budgets_out_of_range(bad):
    with pytest.raises(ValueError, match="budget"):
        scaling.depth_band(bad)


def test_curve_budgets_start_at_zero_then_run_log_spaced_to_the_cap():
    b = scaling.curve_budgets()
    assert b[0] == 0 and b[1] == scaling.CURVE_MIN_BUDGET and b[-1] == scaling.BUDGET_MAX
    assert np.all(np.diff(b) > 0)
    ratios = b[2:] / b[1:-1]
    assert ratios.max() < 1.15  # log-spaced: no step larger than 15% (64 samples over 2.5 decades)
