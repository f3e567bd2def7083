"""Chapter 09 GRPOSimulator: steps driven as the browser drives them, checked by hand."""

import math

import numpy as np
import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets.chapters.grpo_simulator import MAX_HISTORY, GRPOSimulator
from r1widgets.core import simulator as sim


def hand_softmax(z):
    e = [math.exp(v - max(z)) for v in z]
    return [v / sum(e) for v in e]


def test_defaults_match_the_article():
    w = GRPOSimulator()
    assert w.success_rates == [0.7, 0.5, 0.3, 0.1]
    assert w.learning_rate == 0.2 and w.group_size == 8
    assert w.probabilities == [0.25] * 4
    assert w.expected_reward == pytest.approx(0.40)
    assert w.step_count == 0 and w.last_group == []
    assert w.history == [
        {"step": 0, "expected_reward": w.expected_reward, "probabilities": [0.25] * 4}
    ]
    assert len(set(w.strategies)) == 4 and w.best_strategy == 0


def test_one_step_from_the_button_follows_the_update_rule(browser):
    w = GRPOSimulator(seed=3, learning_rate=0.5)
    browser(w).custom({"action": "step"})
    assert w.step_count == 1 and len(w.last_group) == 8 and w.error == ""
    rewards = [r["reward"] for r in w.last_group]
    assert set(rewards) <= {0.0, 1.0}
    mean = sum(rewards) / 8
    std = math.sqrt(sum((r - mean) ** 2 for r in rewards) / 8)
    adv = [(r - mean) / std if std > 0 else 0.0 for r in rewards]
    assert [r["advantage"] for r in w.last_group] == pytest.approx(adv)
    assert w.last_group_reward == pytest.approx(mean)
    # from the uniform policy: logit_k = lr · (1/G) Σ_i A_i (1[s_i = k] − 1/4)
    logits = [0.0] * 4
    for r, a in zip(w.last_group, adv, strict=True):
        assert w.strategies[r["index"]] == r["strategy"]
        for k in range(4):
            logits[k] += 0.5 / 8 * a * ((r["index"] == k) - 0.25)
    assert w.probabilities == pytest.approx(hand_softmax(logits), abs=1e-12)
    assert w.expected_reward == pytest.approx(np.dot(w.probabilities, w.success_rates))
    assert w.history[-1]["step"] == 1 and len(w.history) == 2


def test_all_equal_rewards_do_not_move_the_policy(browser):
    w = GRPOSimulator(success_rates=[1.0, 1.0, 1.0, 1.0])
    b = browser(w)
    assert w.group_note == ""  # no step yet
    for _ in range(5):
        b.custom({"action": "step"})
        # and the view is told why, where it happens
        assert "No learning this step" in w.group_note and "reward 1" in w.group_note
        assert "advantage is 0" in w.group_note
    assert w.probabilities == [0.25] * 4 and w.expected_reward == 1.0
    assert all(r["advantage"] == 0.0 for r in w.last_group)


def test_the_note_appears_exactly_when_the_last_group_agrees():
    w = GRPOSimulator(seed=5, group_size=2)  # small groups: some agree, some do not
    seen = set()
    for _ in range(40):
        before = list(w.probabilities)
        w.step()
        rewards = {r["reward"] for r in w.last_group}
        agree = len(rewards) == 1
        seen.add(agree)
        assert (w.group_note != "") == agree
        if agree:
            assert w.probabilities == before  # nothing moved
            assert f"reward {next(iter(rewards)):g}" in w.group_note
    assert seen == {True, False}
    w.reset()
    assert w.group_note == ""


def test_a_high_learning_rate_collapse_is_named_by_the_kernel(browser):
    """The learner's case: η = 2, seed 1, fifty steps (Play once) ends over 90% on verify,
    which is not the best strategy; the status line says so, naming both."""
    w = GRPOSimulator()
    b = browser(w)
    b.update(learning_rate=2.0, seed=1)
    assert w.lock_note == ""  # the uniform start has locked onto nothing
    for _ in range(50):
        b.custom({"action": "step"})
    probs = np.array(w.probabilities)
    top = int(np.argmax(probs))
    # independently of the note: over 90% on a strategy whose success rate is below the best
    assert probs[top] > 0.9 and w.success_rates[top] < max(w.success_rates)
    assert w.strategies[top] == "verify"
    assert w.lock_note.startswith(f"Collapse: locked onto verify ({probs[top]:.1%}), ")
    assert "not the best strategy (decompose)" in w.lock_note
    b.custom({"action": "reset"})
    assert w.lock_note == ""


def test_settling_on_the_best_strategy_is_not_called_a_collapse():
    w = GRPOSimulator(learning_rate=2.0, seed=0)
    w.run(50)
    assert max(w.probabilities) > 0.9 and w.best_strategy == int(np.argmax(w.probabilities))
    assert w.lock_note.startswith("Settled:") and "decompose, the best strategy" in w.lock_note
    assert "Collapse" not in w.lock_note


@pytest.mark.parametrize(("seed", "group_size"), [(5, 2), (6, 2), (1, 8), (3, 4)])
def test_the_lock_note_follows_the_sweeps_collapse_rule_at_every_step(seed, group_size):
    """Note or not, at every step: over 90% on one strategy, and "Collapse" exactly when the
    sweep would count the run as collapsed (a strategy below the best), checked on the
    probabilities themselves."""
    w = GRPOSimulator(learning_rate=2.0, seed=seed, group_size=group_size)
    seen = set()
    for _ in range(60):
        w.step()
        probs = np.array(w.probabilities)
        rates = np.array(w.success_rates)
        locked = probs.max() > 0.9
        wrong = bool(np.any((probs > 0.9) & (rates < rates.max())))
        seen.add((locked, wrong))
        assert (w.lock_note != "") == locked
        assert w.lock_note.startswith("Collapse") == wrong
    res = w.sweep([2.0], [seed], 60)
    assert bool(res.collapsed[0, 0]) == wrong  # the run's end, as the sweep counts it
    assert seen & {(True, False), (True, True)}  # each run locks somewhere in 60 steps


def test_the_views_hint_holds_seed_one_and_small_groups_collapse_at_the_top_rate():
    """The view's hint: at η = 2 (the slider's top) most runs find the best strategy, seed 1
    collapses with the other defaults, and a group of 2 makes it likelier (a few seeds do)."""
    from r1widgets.chapters.grpo_simulator import LR_RANGE

    assert LR_RANGE[1] == 2.0
    at_eight = GRPOSimulator(learning_rate=2.0).sweep([2.0], seeds=12, steps=50)
    assert at_eight.collapsed[0].tolist().index(True) == 1  # seed 1, the first to collapse
    assert at_eight.collapse_share[0] < 0.5  # most still find the best
    at_two = GRPOSimulator(learning_rate=2.0, group_size=2).sweep([2.0], seeds=12, steps=50)
    assert at_two.collapse_share[0] > at_eight.collapse_share[0]
    assert at_two.collapsed[0].sum() >= 2


def test_run_after_reset_equals_the_sweep(browser):
    w = GRPOSimulator(seed=42, learning_rate=0.7, group_size=5)
    w.run(7)
    browser(w).custom({"action": "reset"})
    assert w.step_count == 0 and len(w.history) == 1
    hist = w.run(50)
    res = w.sweep([0.7], [42], 50)
    np.testing.assert_array_equal([e["expected_reward"] for e in hist], res.expected_reward[0, 0])
    np.testing.assert_array_equal(hist[-1]["probabilities"], res.final_probabilities[0, 0])
    assert [e["step"] for e in hist] == list(range(51))


def test_step_by_step_equals_run():
    a, b = GRPOSimulator(seed=9), GRPOSimulator(seed=9)
    for _ in range(20):
        a.step()
    b.run(20)
    assert a.history == b.history and a.last_group == b.last_group


def test_same_seed_same_run_other_seed_other_run():
    a, b, c = GRPOSimulator(seed=5), GRPOSimulator(seed=5), GRPOSimulator(seed=6)
    assert a.run(30) == b.run(30)
    assert a.history != c.run(30)


def test_seed_and_task_restart_the_run_but_learning_rate_does_not(browser):
    w = GRPOSimulator()
    b = browser(w)
    w.run(10)
    b.update(learning_rate=1.0)
    assert w.step_count == 10
    b.update(group_size=4)
    assert w.step_count == 10
    w.step()
    assert len(w.last_group) == 4
    b.update(seed=11)
    assert w.step_count == 0 and w.probabilities == [0.25] * 4
    w.run(3)
    b.update(success_rates=[0.1, 0.2, 0.9, 0.3])
    assert w.step_count == 0 and w.best_strategy == 2
    assert w.expected_reward == pytest.approx(0.375)


def test_history_is_bounded():
    w = GRPOSimulator(learning_rate=2.0)
    hist = w.run(MAX_HISTORY + 100)
    assert len(hist) == len(w.history) == MAX_HISTORY
    assert hist[0]["step"] == 101 and hist[-1]["step"] == MAX_HISTORY + 100
    assert all(math.isfinite(e["expected_reward"]) for e in hist)
    assert sum(w.probabilities) == pytest.approx(1.0)


def test_sweep_from_the_widget_uses_its_task_and_counts_collapses():
    w = GRPOSimulator(success_rates=[0.7, 0.5, 0.3, 0.1], group_size=8)
    res = w.sweep([0.2, 2.0], seeds=200, steps=50)
    assert res.mean.shape == (2, 51) and res.quantiles.shape == (2, 3, 51)
    assert res.mean[0, 0] == pytest.approx(0.4)
    assert np.all((res.collapse_share >= 0) & (res.collapse_share <= 1))
    assert w.step_count == 0  # the widget's own run is untouched


@pytest.mark.parametrize("steps", [-1, 2.5, "5", None, True, 10**9])
def test_run_refuses_bad_step_counts(steps):
    w = GRPOSimulator()
    with pytest.raises(ValueError):
        w.run(steps)
    assert w.step_count == 0


def test_figure_is_live():
    w = GRPOSimulator()
    fig = w.figure()
    line = fig.marks[0]
    assert list(line.y) == [0.4]
    w.run(5)
    assert list(line.x) == list(range(6))
    np.testing.assert_allclose(line.y, [e["expected_reward"] for e in w.history])


EXTRA_BAD = {
    "learning_rate": [0.0, 0.005, 2.5, -0.2, "0.2"],
    "group_size": [1, 65, 8.5, "8", -3],
    "seed": [-1, 2**32, 1.5, "7"],
    "success_rates": [
        [0.5] * 3,
        [0.5] * 5,
        [1.2, 0.5, 0.3, 0.1],
        [-0.1, 0.5, 0.3, 0.1],
        [float("nan"), 0.5, 0.3, 0.1],
        ["a", 0.5, 0.3, 0.1],
        [None, 0.5, 0.3, 0.1],
        [True, 0.5, 0.3, 0.1],
    ],
}
CASES = [(name, v) for name, extra in EXTRA_BAD.items() for v in [*HOSTILE_VALUES, *extra]]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    w = GRPOSimulator()
    w.run(3)
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(learning_rate=0.5)  # and the kernel still serves
    assert w.learning_rate == 0.5 and w.error == "" and w.step_count == 3


@pytest.mark.parametrize(
    "name",
    [
        "probabilities",
        "expected_reward",
        "last_group",
        "history",
        "lock_note",
        "step_count",
        "strategies",
        "error",
    ],
)
def test_browser_cannot_write_derived_traits(browser, name):
    w = GRPOSimulator()
    w.run(2)
    assert_derived_refused(w, browser(w), name, [9, 9])


@pytest.mark.parametrize(
    "content",
    [
        {"action": "play"},
        {"action": "_advance"},
        {"action": "run"},
        {"action": "step", "n": 5},
        "step",
        None,
    ],
)
def test_unknown_actions_are_refused(browser, content):
    w = GRPOSimulator()
    browser(w).custom(content)
    assert w.step_count == 0 and w.error.startswith("refused")


def test_get_state_round_trips():
    w = GRPOSimulator(seed=17, learning_rate=0.9, group_size=12, success_rates=[0.2, 0.6, 0.4, 0.0])
    state = {k: v for k, v in w.get_state().items() if k in GRPOSimulator.input_names()}
    w2 = GRPOSimulator(**state)
    names = GRPOSimulator.input_names() + GRPOSimulator.derived_names()
    assert w2.get_state(names) == w.get_state(names)
    assert w2.run(10) == w.run(10)


def test_python_assignment_of_bad_values_raises():
    w = GRPOSimulator()
    with pytest.raises(Exception, match="learning_rate"):
        w.learning_rate = float("nan")
    with pytest.raises(Exception, match="success_rates"):
        w.success_rates = [0.5, 0.5]
    assert w.learning_rate == 0.2


def test_core_and_widget_agree_on_strategy_names():
    assert GRPOSimulator().strategies == list(sim.STRATEGIES)
