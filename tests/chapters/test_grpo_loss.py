"""Chapter 02 GRPOLoss: inputs set as the browser sets them give the right derived values."""

import math

import numpy as np
import pytest
from helpers import assert_derived_refused, assert_refused
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets import GRPOLoss, paper
from r1widgets.chapters.grpo_loss import LADDER_MARKS, PRESETS, STD_LABELS, STD_NOTE


def test_defaults_match_the_article():
    w = GRPOLoss()
    assert w.group_size == 4 and len(w.rewards) == 4
    assert w.kl_beta == 0.04 and w.clip_epsilon == 0.2
    assert w.std_mode == "population" and w.loss_type == "grpo"
    assert w.max_completion_length == paper.DEEPSEEKMATH_GRPO["max_length"].value == 1024
    assert max(w.lengths) <= w.max_completion_length  # nothing is cut at the start
    assert not w.all_rewards_equal and w.policy_gain > 0  # the default group has a lesson


def test_worked_example_through_the_widget(browser):
    w = GRPOLoss()
    b = browser(w)
    b.update(group_size=16)
    b.update(rewards=[1.0] * 4 + [0.0] * 12)
    assert w.group_mean == pytest.approx(0.25)
    assert w.advantages[0] == pytest.approx(1.732051, abs=1e-6)
    b.update(std_mode="sample")
    assert w.advantages[0] == pytest.approx(1.676676, abs=1e-6)
    assert w.advantages[-1] == pytest.approx(-0.558892, abs=1e-6)


@pytest.mark.parametrize("loss_type", ["grpo", "dr_grpo", "dapo"])
def test_all_rewards_equal_means_no_learning_signal(browser, loss_type):
    w = GRPOLoss(ratios=[1.0] * 4, loss_type=loss_type)
    b = browser(w)
    b.update(rewards=[1.0, 1.0, 1.0, 1.0])
    assert w.advantages == [0.0] * 4 and w.all_rewards_equal
    assert w.policy_gain == 0.0 and all(math.isfinite(x) for x in w.surrogate)
    b.update(rewards=[1.0, 1.0, 1.0, 0.95])
    assert not w.all_rewards_equal and w.advantages[-1] < 0


def test_equal_rewards_leave_only_the_kl_term(browser):
    # No reward signal, yet the objective is not 0: −β·Σ wᵢ·k3(rᵢ) still acts.
    w = GRPOLoss(ratios=[1.5, 0.5, 1.0, 2.0])
    browser(w).update(rewards=[0.0] * 4)
    expected_penalty = 0.04 * np.mean([1 / r + math.log(r) - 1 for r in w.ratios])
    assert w.policy_gain == 0.0 and w.kl_penalty == pytest.approx(expected_penalty)
    assert w.objective == pytest.approx(-expected_penalty) and w.objective < 0


def test_ratio_push_activates_the_clip(browser):
    w = GRPOLoss(rewards=[1, 0, 0, 1], ratios=[1.0] * 4)
    b = browser(w)
    b.update(ratios=[1.5, 1.0, 1.0, 1.0])
    assert w.clip_active[0] == 1
    assert w.surrogate[0] == pytest.approx(1.2)  # (1 + ε)·A with A = 1


def test_large_beta_makes_the_penalty_dominate(browser):
    w = GRPOLoss(ratios=[2.5, 0.3, 1.0, 2.0])  # a policy far from the reference
    browser(w).update(kl_beta=2.0)
    assert w.kl_penalty > w.policy_gain and w.objective < 0
    expected_kl = [1 / r + math.log(r) - 1 for r in w.ratios]
    np.testing.assert_allclose(w.kl, expected_kl)


def test_group_size_resizes_the_rollouts(browser):
    w = GRPOLoss()
    b = browser(w)
    b.update(group_size=7)
    assert len(w.rewards) == len(w.ratios) == len(w.lengths) == len(w.advantages) == 7
    assert w.rewards[:4] == [1.0, 0.0, 0.0, 1.0]
    b.update(group_size=2)
    assert w.rewards == [1.0, 0.0]


def test_wrong_length_lists_are_refused(browser):
    w = GRPOLoss()
    b = browser(w)
    b.update(rewards=[1.0, 0.0, 1.0])
    assert w.rewards == [1.0, 0.0, 0.0, 1.0] and "4 values" in w.error


def test_loss_variants_differ_as_their_weights_say(browser):
    w = GRPOLoss(lengths=[100.0, 300.0, 100.0, 300.0], max_completion_length=1000)
    b = browser(w)
    b.update(loss_type="dapo")
    np.testing.assert_allclose(w.weights, [0.125, 0.375, 0.125, 0.375])
    b.update(loss_type="dr_grpo")
    # |o_i| / (G·L) with G = 4 and the budget L = 1000, not the longest rollout (300)
    np.testing.assert_allclose(w.weights, [100 / 4000, 300 / 4000, 100 / 4000, 300 / 4000])
    assert w.advantages == pytest.approx([0.5, -0.5, -0.5, 0.5])  # not divided by std


def test_dr_grpo_lengthening_one_rollout_leaves_the_others_weights(browser):
    w = GRPOLoss(loss_type="dr_grpo", lengths=[100.0, 300.0, 200.0, 400.0])
    b = browser(w)
    before = list(w.weights)
    b.update(lengths=[100.0, 300.0, 200.0, 1000.0])  # the longest rollout grows
    assert w.weights[:3] == before[:3]
    assert w.weights[3] == pytest.approx(1000 / (4 * w.max_completion_length))


def test_the_budget_is_a_setting_that_divides_dr_grpo_and_cuts_long_rollouts(browser):
    w = GRPOLoss(loss_type="dr_grpo", lengths=[100.0, 300.0, 200.0, 400.0])
    b = browser(w)
    b.update(max_completion_length=2000)
    np.testing.assert_allclose(w.weights, np.array([100, 300, 200, 400]) / (4 * 2000))
    b.update(max_completion_length=256)  # generation stops at 256 tokens
    assert w.counted_lengths == [100.0, 256.0, 200.0, 256.0]
    assert w.lengths == [100.0, 300.0, 200.0, 400.0]  # the input is kept, only counted as L
    np.testing.assert_allclose(w.weights, np.array([100, 256, 200, 256]) / (4 * 256))


def test_grpo_ignores_lengths_and_budget(browser):
    w = GRPOLoss()
    b = browser(w)
    before = (list(w.weights), w.objective)
    b.update(lengths=[5.0, 8000.0, 30.0, 32768.0])
    b.update(max_completion_length=64)
    assert (list(w.weights), w.objective) == before


def test_the_budget_is_bounded_and_ladder_marks_are_the_kernels(browser):
    w = GRPOLoss()
    b = browser(w)
    for bad in (0, 15, 40_000, 512.5, float("nan"), "256"):
        assert_refused(w, b, "max_completion_length", bad)
    assert_derived_refused(w, b, "ladder_marks", {"kl_beta": [0.5]})
    assert_derived_refused(w, b, "all_rewards_equal", True)
    assert_derived_refused(w, b, "counted_lengths", [1.0, 1.0, 1.0, 1.0])


def test_ladder_marks_hold_every_published_value():
    assert set(LADDER_MARKS["clip_epsilon"]) == {0.2, 10.0}
    assert set(LADDER_MARKS["clip_epsilon_high"]) == {0.2, 0.28}
    assert set(LADDER_MARKS["kl_beta"]) == {0.0, 0.001, 0.04}
    assert set(LADDER_MARKS["max_completion_length"]) == {256, 1024, 32_768}
    for preset in PRESETS.values():
        for name, value in preset["settings"].items():
            if name in LADDER_MARKS:
                assert value in LADDER_MARKS[name], (name, value)


def test_clip_epsilon_high_applies_to_dapo_only(browser):
    w = GRPOLoss(rewards=[1, 0, 0, 1], ratios=[1.25, 1, 1, 1], clip_epsilon_high=0.28)
    assert w.clip_active[0] == 1
    browser(w).update(loss_type="dapo")
    assert w.clip_active[0] == 0


@pytest.mark.parametrize("name", ["deepseekmath", "deepseek-r1", "trl"])
def test_presets_set_published_values_and_say_so(browser, name):
    w = GRPOLoss()
    w.preset(name)
    expected = {
        "deepseekmath": (paper.DEEPSEEKMATH_GRPO["kl_beta"].value, 16, 1024),
        "deepseek-r1": (paper.R1_FIRST_RL_STAGE["kl_beta"].value, 16, 32_768),
        "trl": (paper.TRL_GRPO_DEFAULTS["kl_beta"].value, 8, 256),
    }[name]
    assert (w.kl_beta, w.group_size, w.max_completion_length) == expected
    assert w.preset_name == name and w.preset_note
    assert len(w.rewards) == w.group_size == len(w.advantages)
    browser(w).update(kl_beta=0.3)  # a hand change leaves the published setting
    assert w.preset_name == "" and w.preset_note == ""


def test_preset_notes_credit_only_what_the_sources_state():
    dsm, r1, trl = (PRESETS[n]["note"] for n in ("deepseekmath", "deepseek-r1", "trl"))
    assert "states no clip ε" in dsm and "PPO" in dsm  # DeepSeekMath gives no ε
    assert "64" in dsm and "16" in dsm  # published group size, and what the widget shows
    assert "ε 10" in r1 and "β 0.001" in r1 and "G 16" in r1 and "neither which std" in r1
    # what the R1 preset picks where the paper is silent, and that the pick is ours
    assert PRESETS["deepseek-r1"]["settings"]["std_mode"] == "population"
    assert PRESETS["deepseek-r1"]["settings"]["loss_type"] == "grpo"
    assert "population std and the per-rollout mean (DeepSeekMath's eq. 3), our choices" in r1
    assert "population here, our choice" in dsm
    assert "sample std + 1e-4" in trl and "β 0" in trl and "256" in trl
    assert "token-level mean" in trl and "token sum" not in trl and "token-sum" not in trl


def test_std_wording_comes_from_the_kernel_and_credits_no_paper(browser):
    w = GRPOLoss()
    assert w.std_labels == STD_LABELS and set(STD_LABELS) == {"population", "sample"}
    assert STD_LABELS["population"] == "population (÷G)"
    assert STD_LABELS["sample"] == "sample (÷(G−1)) + 1e-4 (TRL)"  # TRL's ε from paper.py
    assert w.std_note == STD_NOTE
    assert "neither DeepSeekMath nor the R1 paper says which std" in STD_NOTE
    assert "TRL adds 1e-4" in STD_NOTE and "DeepSeekMath-style" not in STD_NOTE
    b = browser(w)
    assert_derived_refused(w, b, "std_labels", {"population": "DeepSeekMath-style"})
    assert_derived_refused(w, b, "std_note", "forged")


def _moved(name, value):
    """A value different from ``value`` that the knob accepts."""
    return {
        "kl_beta": 0.3,
        "clip_epsilon": 0.5 if value != 0.5 else 0.3,
        "clip_epsilon_high": 0.5,
        "group_size": 5,
        "max_completion_length": 4000,
        "std_mode": "sample" if value == "population" else "population",
        "loss_type": "dr_grpo",
    }[name]


SET_KNOBS = [(p, k) for p in PRESETS for k in PRESETS[p]["settings"]]
INPUTS = GRPOLoss.input_names()
UNSET_KNOBS = [
    (p, k)
    for p in PRESETS
    for k in INPUTS
    if k not in PRESETS[p]["settings"] and k != "preset_name"
]


@pytest.mark.parametrize("name, knob", SET_KNOBS, ids=[f"{p}-{k}" for p, k in SET_KNOBS])
def test_moving_a_knob_the_preset_sets_clears_it(browser, name, knob):
    w = GRPOLoss(preset_name=name)
    assert w.preset_note
    browser(w).update(**{knob: _moved(knob, getattr(w, knob))})
    assert w.error == "" and w.preset_name == "" and w.preset_note == ""


@pytest.mark.parametrize("name, knob", UNSET_KNOBS, ids=[f"{p}-{k}" for p, k in UNSET_KNOBS])
def test_moving_a_knob_the_preset_leaves_alone_keeps_it(browser, name, knob):
    w = GRPOLoss(preset_name=name)
    settings = {k: getattr(w, k) for k in PRESETS[name]["settings"]}
    value = getattr(w, knob)
    new = {
        "rewards": lambda: [1.0 - r for r in value],
        "ratios": lambda: [r * 1.1 for r in value],
        "lengths": lambda: [n * 2 for n in value],
        "clip_epsilon_high": lambda: 0.5,
    }[knob]()
    browser(w).update(**{knob: new})
    assert w.error == "" and getattr(w, knob) == new
    assert w.preset_name == name and w.preset_note == PRESETS[name]["note"]
    assert {k: getattr(w, k) for k in settings} == settings


def test_unset_knobs_are_the_group_and_the_preset_neutral_ones():
    assert {k for p, k in UNSET_KNOBS} == {"rewards", "ratios", "lengths", "clip_epsilon_high"}


def test_preset_from_the_browser_select(browser):
    w = GRPOLoss()
    browser(w).update(preset_name="deepseek-r1")
    assert w.clip_epsilon == 10.0 and w.kl_beta == 0.001 and "Nature" in w.preset_note
    assert all(a == 0 for a in w.clip_active)  # ε = 10: ratios up to 3 are never clipped


def test_trl_preset_matches_trl_advantages():
    w = GRPOLoss()
    w.preset("trl")
    r = np.array(w.rewards)
    expected = (r - r.mean()) / (r.std(ddof=1) + 1e-4)
    np.testing.assert_allclose(w.advantages, expected)


# ---- the Clip column's words: why a ratio outside [1−ε, 1+ε] can stay unclipped ---------------


def test_clip_state_by_hand(browser):
    # rewards 1, 0, 1, 0 give A = +1, −1, +1, −1 (population std 0.5); ε = 0.2
    w = GRPOLoss(rewards=[1.0, 0.0, 1.0, 0.0], ratios=[1.0] * 4)
    browser(w).update(ratios=[1.3, 1.3, 0.5, 0.5])
    assert w.advantages == pytest.approx([1, -1, 1, -1])
    # A > 0, r above 1+ε: min takes the clipped 1.2·A. A < 0, r above: the unclipped −1.3 is
    # lower, so min keeps it although r is outside the range. A > 0, r below 1−ε: 0.5 < 0.8,
    # kept. A < 0, r below: the clipped −0.8 is lower, clipped.
    assert w.surrogate == pytest.approx([1.2, -1.3, 0.5, -0.8])
    assert w.clip_state == ["clipped_high", "kept", "kept", "clipped_low"]
    assert w.clip_active == [1, 0, 0, -1]


def test_clip_state_with_zero_advantage_and_at_the_bounds(browser):
    w = GRPOLoss(rewards=[1.0, 0.0, 0.5, 0.5], ratios=[1.0] * 4)
    # A = 0 for the two 0.5 rewards (the mean): both terms are 0 wherever r is
    browser(w).update(ratios=[1.2, 0.8, 1.5, 1.0])
    assert w.advantages[2:] == [0.0, 0.0]
    assert w.clip_state == ["inside", "inside", "zero", "inside"]  # 1.2 and 0.8 are in range


def test_clip_state_uses_the_dapo_upper_bound(browser):
    w = GRPOLoss(rewards=[1.0, 0.0, 0.0, 1.0], ratios=[1.25, 1.0, 1.0, 1.3])
    b = browser(w)
    assert w.clip_state[0] == "clipped_high" and w.clip_state[3] == "clipped_high"
    b.update(loss_type="dapo")  # ε_high = 0.28: 1.25 is inside, 1.3 still above
    assert w.clip_state[0] == "inside" and w.clip_state[3] == "clipped_high"
    assert_derived_refused(w, b, "clip_state", ["inside"] * 4)


@settings(max_examples=60, deadline=None)
@given(
    rewards=st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=4, max_size=4),
    ratios=st.lists(st.floats(0.2, 3.0), min_size=4, max_size=4),
    eps=st.sampled_from([0.1, 0.2, 0.5]),
    loss_type=st.sampled_from(["grpo", "dapo"]),
)
def test_clip_state_agrees_with_the_min_of_the_two_terms(rewards, ratios, eps, loss_type):
    w = GRPOLoss(
        rewards=rewards,
        ratios=ratios,
        clip_epsilon=eps,
        clip_epsilon_high=0.28,
        loss_type=loss_type,
    )
    high = 0.28 if loss_type == "dapo" else eps
    for r, a, s, state in zip(ratios, w.advantages, w.surrogate, w.clip_state, strict=True):
        clipped = min(max(r, 1 - eps), 1 + high) * a  # the clipped term, from its definition
        assert s == pytest.approx(min(r * a, clipped))
        inside = 1 - eps <= r <= 1 + high
        assert (state == "inside") == inside
        if state == "kept":  # outside, yet min keeps the unclipped term: it is the lower one
            assert a != 0 and r * a < clipped and s == pytest.approx(r * a)
        if state == "zero":
            assert a == 0 and s == 0
        if state.startswith("clipped"):
            assert clipped < r * a and s == pytest.approx(clipped)
            assert (r > 1 + high) == (state == "clipped_high")
