"""The live bqplot companions (``figure()``): each draws the numbers its widget holds, follows
the widget's changes, and closes with it, in both directions, leaving no observer behind.

Expected data is computed here from the widget's traits, ``paper.py`` and the ``core`` math,
not through :mod:`r1widgets.figures`."""

from __future__ import annotations

import json
import logging

import bqplot
import numpy as np
import pytest
from helpers import FakeBrowser
from hypothesis import given
from hypothesis import strategies as st
from ipywidgets.widgets.widget import _instances

from r1widgets import (
    AhaTimeline,
    DistillAblation,
    GRPOSimulator,
    InferenceScaling,
    R1Pipeline,
    TinyR1Zero,
    figures,
    paper,
)
from r1widgets.core import scaling


def values(array) -> list[float]:
    return [float(v) for v in array]


def same(a, b) -> bool:
    """Equal lists of numbers, NaN equal to NaN (None is drawn as NaN: a gap in the line)."""
    a = [np.nan if v is None else float(v) for v in a]
    b = [np.nan if v is None else float(v) for v in b]
    return len(a) == len(b) and bool(np.allclose(a, b, equal_nan=True, rtol=0, atol=1e-12))


# --- chapter 09: the simulator ----------------------------------------------------------------


def test_simulator_figure_is_the_history_and_follows_steps():
    w = GRPOSimulator(seed=3, success_rates=[0.2, 0.9, 0.5, 0.1])
    fig = w.figure()
    (line,) = fig.marks
    # a uniform policy's expected reward: the mean success rate
    assert values(line.x) == [0] and values(line.y) == pytest.approx([0.425])
    w.run(7)
    assert values(line.x) == list(range(8))
    assert values(fig.axes[0].tick_values) == [0, 2, 4, 6]
    assert values(line.y) == [h["expected_reward"] for h in w.history]
    # the last point is the current policy's: probabilities · success rates, by hand
    by_hand = float(np.dot(w.probabilities, w.success_rates))
    assert values(line.y)[-1] == pytest.approx(by_hand, abs=1e-12)
    FakeBrowser(w).update(seed=4)  # a new run, the way the browser starts one
    assert values(line.x) == [0] and values(line.y) == pytest.approx([0.425])
    assert fig.axes[0].label.startswith("GRPO step") and "0 to 1" in fig.axes[1].label
    # shown alone in a lesson, the chart still says the numbers are our toy's
    assert fig.title == "GRPO simulator (our four-strategy toy): expected reward by step"


def test_a_redraw_sends_one_update_per_mark():
    """Every part holds its messages while the figure redraws: x and y travel together, so the
    browser never draws a line whose x and y differ in length."""
    w = GRPOSimulator()
    fig = w.figure()
    line = fig.marks[0]
    sent = FakeBrowser(line).sent
    w.step()
    updates = [m for m in sent if m.get("method") == "update"]
    assert len(updates) == 1
    names = set(updates[0]["state"]) | {p[0] for p in updates[0].get("buffer_paths", [])}
    assert {"x", "y"} <= names


# --- chapter 04: the aha timeline -------------------------------------------------------------

PASS = [s.value for s in paper.R1_ZERO_PASS_AT_1_POINTS]
LENGTH = [s.value for s in paper.R1_ZERO_RESPONSE_LENGTH_POINTS]


def test_aha_figure_draws_the_papers_points_and_follows_the_step():
    w = AhaTimeline()
    fig = w.figure()
    pass_line, length_line, pass_now, length_now, cursor = fig.marks
    assert values(pass_line.x) == [p[0] for p in PASS]
    assert values(pass_line.y) == [p[1] for p in PASS]
    assert values(length_line.x) == [p[0] for p in LENGTH]
    assert values(length_line.y) == [p[1] for p in LENGTH]
    browser = FakeBrowser(w)
    for step in (1300, 200, 8400, 5555):
        browser.update(step=step)
        assert values(cursor.x) == [step, step] and list(cursor.labels) == [f"step {step:,}"]
        # straight lines between the published points, by numpy rather than the chapter's code
        expected_pass = np.interp(step, [p[0] for p in PASS], [p[1] for p in PASS])
        expected_length = np.interp(step, [p[0] for p in LENGTH], [p[1] for p in LENGTH])
        assert values(pass_now.x) == [step] and values(length_now.x) == [step]
        assert values(pass_now.y) == pytest.approx([expected_pass], abs=1e-12)
        assert values(length_now.y) == pytest.approx([expected_length], abs=1e-9)
        assert values(pass_now.y) == [w.pass_at_1] and values(length_now.y) == [w.response_length]
    browser.update(step=100)  # before Figure 2's first point: no pass@1 to draw
    assert values(pass_now.x) == [] and values(pass_now.y) == []
    assert values(length_now.y) == pytest.approx([np.interp(100, *zip(*LENGTH, strict=True))])
    labels = [a.label for a in fig.axes]
    assert labels == [
        "R1-Zero's RL step",
        "AIME 2024 pass@1",
        "average length per response, training set (tokens)",
    ]
    # Figure 3 has no markers: shown alone, the chart says its points are our readings
    assert list(length_line.labels) == ["length, our readings of Fig. 3 (±~100)"]
    assert fig.title.endswith("(Fig. 3: our readings)")


LOG = [
    {"completions/mean_length": 120.0, "reward": 0.25, "kl": 0.0, "step": 10},
    {"eval_reward": 0.9, "eval_loss": 0.3, "step": 10},
    {"completions/mean_length": 180.5, "reward": None, "kl": 0.003, "step": 20},
    {"completion_length": 260.0, "rewards/accuracy": 0.75, "reward": 0.75, "step": 30},
    {"train_runtime": 60.0, "train_loss": 0.01, "step": 30},
]


def _run(folder, log=LOG):
    ckpt = folder / "checkpoint-30"
    ckpt.mkdir(parents=True)
    (ckpt / "trainer_state.json").write_text(json.dumps({"log_history": log}))
    return folder


def test_aha_run_figure_follows_a_loaded_run(tmp_path):
    w = AhaTimeline()
    fig = w.figure(run=True)
    reward, length, reward_dots, length_dots = fig.marks
    assert values(reward.x) == [] and fig.title == "Your GRPO run: none loaded"
    paper_fig = w.figure()
    before = [values(m.x) for m in paper_fig.marks]
    w.load_trl(_run(tmp_path))
    # the training entries of LOG, by hand: eval and summary entries left out, None kept as a gap
    assert values(reward.x) == values(length.x) == [10, 20, 30]
    assert values(fig.axes[0].tick_values) == [10, 15, 20, 25, 30]
    assert same(reward.y, [0.25, None, 0.75]) and same(length.y, [120.0, 180.5, 260.0])
    assert same(reward.y, w.user_run["reward"]) and same(length.y, w.user_run["length"])
    # a dot for each logged value, none where the entry has none
    assert values(reward_dots.x) == [10, 30] and values(reward_dots.y) == [0.25, 0.75]
    assert values(length_dots.x) == [10, 20, 30] and values(length_dots.y) == values(length.y)
    assert fig.title == "Your GRPO run: checkpoint-30"
    assert [a.label for a in fig.axes] == [
        "your run's step (trainer steps)",
        "mean reward (TRL's reward)",
        "mean completion length (tokens)",
    ]
    assert [values(m.x) for m in paper_fig.marks] == before  # the paper's figure is untouched
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="bad.json"):
        w.load_trl(bad)
    assert values(reward.x) == [10, 20, 30]  # a failed load changes nothing
    w.clear_trl()
    assert values(reward.x) == values(reward.y) == values(length.y) == []
    assert values(reward_dots.x) == values(length_dots.y) == []
    assert fig.title == "Your GRPO run: none loaded"


def test_aha_run_figure_of_a_widget_made_from_a_run(tmp_path):
    w = AhaTimeline.from_trl(_run(tmp_path))
    reward, length, *_ = w.figure(run=True).marks
    assert values(reward.x) == [10, 20, 30] and same(length.y, [120.0, 180.5, 260.0])


# --- chapter 06: distillation -----------------------------------------------------------------

ABLATION = ["qwen_32b", "zero_qwen_32b", "qwq_32b"]  # v1 Table 6, in the view's order
FAMILY = ["qwen_1_5b", "qwen_7b", "llama_8b", "qwen_14b", "qwen_32b", "llama_70b"]
REFERENCES = ["o1_mini", "gpt_4o"]


@pytest.mark.parametrize("view", ["ablation", "family"])
@pytest.mark.parametrize("benchmark", list(paper.DISTILL_BENCHMARKS))
def test_distill_figure_bars_follow_benchmark_and_view(view, benchmark):
    w = DistillAblation()
    fig = w.figure()
    (bars,) = fig.marks
    FakeBrowser(w).update(view=view, benchmark=benchmark)
    table, models = (
        (paper.DISTILL_TABLE_6, ABLATION)
        if view == "ablation"
        else (paper.DISTILL_TABLE_5, FAMILY + REFERENCES)
    )
    assert values(bars.y) == [table[m][benchmark].value for m in models]
    assert values(bars.y) == [b["value"] for b in w.bars]
    assert fig.axes[1].label == f"{paper.DISTILL_BENCHMARKS[benchmark]} (%)"
    assert fig.title.startswith("v1 Table 6" if view == "ablation" else "v1 Table 5")
    # the kind is in the name, not in the colour alone
    names = [str(n) for n in bars.x]
    for name, model in zip(names, models, strict=True):
        distilled = model not in ("zero_qwen_32b", "qwq_32b", *REFERENCES)
        assert ("Distill" in name) == distilled
        assert name.endswith("(RL)") == (model == "zero_qwen_32b")
        assert name.endswith("(ref.)") == (model in ("qwq_32b", *REFERENCES))
    assert len(set(bars.colors)) == len({b["kind"] for b in w.bars})


# --- chapter 16: inference scaling ------------------------------------------------------------


def test_inference_figure_curves_and_cursor_follow_the_budget():
    w = InferenceScaling()
    fig = w.figure()
    reasoning, baseline, reasoning_now, baseline_now, cursor = fig.marks
    budgets = [b for b in scaling.curve_budgets().tolist() if b > 0]
    assert values(reasoning.x) == values(baseline.x) == budgets
    # the chapter sends its curves rounded to 5 places: within 1e-5 of the core's functions
    assert values(reasoning.y) == pytest.approx(
        scaling.accuracy_reasoning(np.array(budgets)), abs=1e-5
    )
    assert values(baseline.y) == pytest.approx(
        scaling.accuracy_baseline(np.array(budgets)), abs=1e-5
    )
    browser = FakeBrowser(w)
    for budget in (100, 4_000, 16_384, 32_768):
        browser.update(budget_tokens=budget)
        assert values(cursor.x) == [budget, budget]
        assert fig.title == f"Illustrative, not the paper's: budget {budget:,}"
        assert values(reasoning_now.x) == values(baseline_now.x) == [budget]
        assert values(reasoning_now.y) == [w.accuracy_reasoning]
        assert values(reasoning_now.y) == pytest.approx([scaling.accuracy_reasoning(budget)])
        assert values(baseline_now.y) == pytest.approx([scaling.accuracy_baseline(budget)])
    browser.update(budget_tokens=40)  # below the log axis: the cursor waits at its start
    assert values(cursor.x) == [100, 100] and fig.title.endswith("budget 40")
    assert values(reasoning_now.x) == values(baseline_now.y) == []
    assert "illustrative" in fig.axes[1].label and "Illustrative" in fig.title


# --- chapter 17: the lab ----------------------------------------------------------------------


def test_lab_figure_is_the_history_on_two_axes():
    w = TinyR1Zero(seed=1)
    fig = w.figure()
    acc, length = fig.marks
    assert values(acc.x) == [0]
    w.train(20)
    assert values(acc.x) == values(length.x) == [0, 5, 10, 15, 20]
    assert values(fig.axes[0].tick_values) == [0, 5, 10, 15, 20]
    assert values(acc.y) == [h["pass_at_1"] for h in w.history]
    assert values(length.y) == [h["mean_length"] for h in w.history]
    assert values(acc.y)[-1] == w.pass_at_1 and values(length.y)[-1] == w.mean_length
    assert acc.scales["y"] is not length.scales["y"]  # two axes: a share and tokens
    assert [a.side for a in fig.axes] == ["bottom", "left", "right"]
    assert "tokens" in fig.axes[2].label
    assert fig.title == "Tiny R1-Zero lab (our toy digit-sum task): pass@1 and length"
    w.kl_beta = 0.1  # a new run from step 0
    assert values(acc.x) == [0]


# --- closing, in both directions --------------------------------------------------------------

CASES = {
    "grpo_simulator": (GRPOSimulator, {}, ["history"], lambda w: w.step()),
    "aha_timeline": (AhaTimeline, {}, ["step"], lambda w: setattr(w, "step", 1200)),
    "aha_timeline_run": (
        AhaTimeline,
        {"run": True},
        ["user_run"],
        lambda w: setattr(w, "user_run", {"steps": [1], "reward": [0.5], "length": [9.0]}),
    ),
    "distill_ablation": (DistillAblation, {}, ["bars"], lambda w: setattr(w, "view", "family")),
    "inference_scaling": (
        InferenceScaling,
        {},
        ["budget_tokens"],
        lambda w: setattr(w, "budget_tokens", 900),
    ),
    "tiny_r1zero": (TinyR1Zero, {}, ["history"], lambda w: w.step()),
    "r1_pipeline": (
        R1Pipeline,
        {},
        ["benchmark"],
        lambda w: setattr(w, "benchmark", "gpqa_diamond"),
    ),
}


def observers(widget) -> dict[str, int]:
    """How many change observers the widget has, trait by trait."""
    return {
        name: len(kinds.get("change", []))
        for name, kinds in widget._trait_notifiers.items()
        if kinds.get("change")
    }


def made_of(fig) -> list:
    """The figure and what it is made of, listed by hand from bqplot's own attributes."""
    found = [fig, fig.layout, fig.scale_x, fig.scale_y, *fig.marks, *fig.axes]
    found += [s for m in fig.marks for s in m.scales.values()]
    found += [a.scale for a in fig.axes]
    return found


def snapshot(fig) -> list:
    return [([str(v) for v in m.x], values(m.y)) for m in fig.marks]


@pytest.mark.parametrize("case", list(CASES))
def test_an_open_figure_follows_its_traits(case):
    cls, kwargs, names, _ = CASES[case]
    w = cls()
    before = observers(w)
    w.figure(**kwargs)
    after = observers(w)
    for name in names:  # one observer for the traits it draws, one to see the widget close
        assert after.get(name, 0) == before.get(name, 0) + 1, name
    assert after["comm"] == before["comm"] + 1
    assert sum(after.values()) == sum(before.values()) + len(names) + 1


@pytest.mark.parametrize("case", list(CASES))
def test_closing_the_widget_closes_its_figure(case):
    cls, kwargs, _, change = CASES[case]
    w = cls()
    before = observers(w)
    fig = w.figure(**kwargs)
    parts = made_of(fig)
    ids = [p.model_id for p in parts]
    assert all(p.comm is not None for p in parts)
    w.close()
    assert w.comm is None
    assert [p for p in parts if p.comm is not None] == []
    assert not set(ids) & set(_instances)  # nothing left in ipywidgets' registry
    assert observers(w) == before
    change(w)  # a closed widget's traits still change in Python; nothing of the figure moves


@pytest.mark.parametrize("case", list(CASES))
def test_closing_the_figure_alone_leaves_the_widget_working(case):
    cls, kwargs, _, change = CASES[case]
    w = cls()
    before = observers(w)
    fig = w.figure(**kwargs)
    parts = made_of(fig)
    drawn = snapshot(fig)
    fig.close()
    assert [p for p in parts if p.comm is not None] == []
    assert observers(w) == before
    assert w.comm is not None
    state = w.get_state()
    change(w)  # no error, the widget changes, the closed figure does not
    assert w.get_state() != state
    assert snapshot(fig) == drawn
    w.close()  # and closing the widget afterwards is quiet too
    assert observers(w) == before


def test_two_figures_of_one_widget_close_one_at_a_time():
    w = GRPOSimulator()
    first, second = w.figure(), w.figure()
    first.close()
    w.step()
    assert values(second.marks[0].x) == [0, 1] and values(first.marks[0].x) == [0]
    w.close()
    assert second.comm is None and second.marks[0].comm is None


def test_a_closed_widget_has_no_figure():
    w = InferenceScaling()
    w.close()
    with pytest.raises(RuntimeError, match="closed"):
        w.figure()


def test_a_failing_redraw_is_logged_and_the_widget_goes_on(caplog):
    w = GRPOSimulator()
    calls: list[int] = []

    def redraw() -> None:
        calls.append(len(w.history))
        if len(calls) > 1:
            raise ValueError("boom")

    figures.live(w, bqplot.Figure(), ["history"], redraw)
    with caplog.at_level(logging.ERROR, logger="r1widgets"):
        w.step()
    assert w.step_count == 1 and calls == [1, 2]
    assert any("could not be redrawn" in r.getMessage() for r in caplog.records)


def test_parts_finds_what_the_figure_is_made_of():
    w = AhaTimeline()
    fig = w.figure()
    assert {id(p) for p in figures.parts(fig)} == {id(p) for p in made_of(fig)}


# --- round ticks for step axes ----------------------------------------------------------------


def test_ticks_by_hand():
    assert figures.ticks(0, 300) == [0, 100, 200, 300]
    assert figures.ticks(0, 20) == [0, 5, 10, 15, 20]
    assert figures.ticks(10, 300) == [100, 200, 300]
    assert figures.ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert figures.ticks(3, 3) == [3]
    with pytest.raises(ValueError, match="4 or more"):
        figures.ticks(0, 1, most=3)


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6, allow_nan=False),
    st.integers(4, 12),
)
def test_ticks_are_round_evenly_spaced_and_few(low, width, most):
    high = low + width
    found = figures.ticks(low, high, most)
    assert 1 <= len(found) <= most
    tolerance = 1e-9 * max(1.0, abs(low), abs(high))
    assert all(low - tolerance <= t <= high + tolerance for t in found)
    if len(found) > 1:
        gaps = np.diff(found)
        assert np.allclose(gaps, gaps[0], rtol=1e-9)
        mantissa = gaps[0] / 10 ** np.floor(np.log10(gaps[0]))
        # the gaps of ticks far from zero carry the round-off of their values
        slack = 1e-6 + 1e-12 * max(abs(low), abs(high)) / gaps[0]
        assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < slack
        # no finer than `most` allows (up to the round-off of ticks far from zero)
        far = 1e-12 * max(abs(low), abs(high)) * (most - 1)
        assert gaps[0] * (most - 1) >= width * (1 - 1e-9) - far
