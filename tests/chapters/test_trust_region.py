"""Chapter 11 TrustRegion: inputs set as the browser sets them give the right derived values;
refused values snap back; the grid is recomputed only when β, rewards or reference change."""

import math

import numpy as np
import pytest
import traitlets
from helpers import HOSTILE_VALUES, FakeBrowser, assert_derived_refused, assert_refused
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.chapters import trust_region as chapter_module
from r1widgets.chapters.trust_region import DEFAULT_BETA, TrustRegion
from r1widgets.core import trust_region as trc

INPUTS = ["action_rewards", "reference_policy", "policy", "kl_beta"]


def on_simplex(p, tol=1e-9):
    return len(p) == 3 and min(p) >= 0 and abs(sum(p) - 1) <= tol


def test_defaults():
    w = TrustRegion()
    assert w.action_rewards == [0.9, 0.5, 0.1]
    assert w.reference_policy == pytest.approx([1 / 3] * 3)
    assert w.kl_beta == DEFAULT_BETA == 0.5
    assert on_simplex(w.policy) and w.error == "" and w.action_status == ""
    # hand-worked: π = (0.5, 0.3, 0.2) against uniform
    kl = 0.5 * math.log(1.5) + 0.3 * math.log(0.9) + 0.2 * math.log(0.6)
    assert w.expected_reward == pytest.approx(0.62)
    assert w.kl == pytest.approx(kl)
    assert w.objective == pytest.approx(0.62 - 0.5 * kl)
    # β = 0.5: R/β = 1.8, 1.0, 0.2, so π* ∝ (1, e^-0.8, e^-1.6)
    x = math.exp(-0.8)
    z = 1 + x + x * x
    assert w.optimum == pytest.approx([1 / z, x / z, x * x / z])
    assert w.grid_computations == 1
    assert "0.001" in w.beta_note and "0.04" in w.beta_note
    assert str(paper.R1_FIRST_RL_STAGE["kl_beta"].value) in w.beta_note


def test_the_default_beta_puts_the_optimum_visibly_inside_the_triangle():
    """At the starting β every action keeps a visible share (≥ 0.05 = 5% of the triangle's
    height from each edge), unlike at the published values, where π* reads 1 · 0 · 0."""
    w = TrustRegion()
    assert TrustRegion.class_traits()["kl_beta"].default_value == DEFAULT_BETA
    assert min(w.optimum) >= 0.05 and max(w.optimum) <= 0.95
    for beta in (
        paper.DEEPSEEKMATH_GRPO["kl_beta"].value,
        paper.R1_FIRST_RL_STAGE["kl_beta"].value,
    ):
        assert min(TrustRegion(kl_beta=beta).optimum) < 1e-4
    # the note says so with the numbers of the current rewards
    assert "π* at β = 0.04 is 1.000 · 0.000 · 0.000" in w.beta_note
    assert "at β = 0.001 it is 1.000 · 0.000 · 0.000" in w.beta_note
    w.action_rewards = [0.9, 0.5, 0.89]
    assert "1.000 · 0.000 · 0.000" not in w.beta_note.split("at β = 0.001")[0]


def test_the_kl_term_is_named_a_penalty_not_a_trust_region():
    doc = (TrustRegion.__doc__ or "") + (chapter_module.__doc__ or "") + (trc.__doc__ or "")
    assert "soft penalty" in doc and "ratio clip" in doc
    assert "KL trust region" not in doc


def test_beta_one_gives_the_hand_worked_optimum(browser):
    w = TrustRegion()
    browser(w).update(kl_beta=1.0)
    # e^0.9, e^0.5, e^0.1 normalised
    assert w.optimum == pytest.approx([0.471776, 0.316241, 0.211983], abs=1e-6)
    # the value of the optimum: β·log Σ πref e^(R/β) = log((e^.9 + e^.5 + e^.1)/3)
    assert w.optimum_objective == pytest.approx(math.log(5.213495 / 3), abs=1e-6)
    assert w.optimum_objective == pytest.approx(
        w.optimum_expected_reward - 1.0 * w.optimum_kl, abs=1e-12
    )


def test_policy_from_the_browser_updates_the_readouts(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(policy=[1.0, 0.0, 0.0])
    assert w.expected_reward == pytest.approx(0.9)
    assert w.kl == pytest.approx(math.log(3))
    assert w.objective == pytest.approx(0.9 - 0.5 * math.log(3))
    b.update(policy=[1 / 3, 1 / 3, 1 / 3])
    assert w.kl == pytest.approx(0.0, abs=1e-12) and w.objective == pytest.approx(0.5)


def test_a_point_slightly_off_the_simplex_is_projected_and_sent_back(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(policy=[0.5, 0.3, 0.25])  # sums to 1.05: θ = 0.05/3 off each
    assert w.policy == pytest.approx([0.5 - 0.05 / 3, 0.3 - 0.05 / 3, 0.25 - 0.05 / 3])
    assert w.error == ""
    assert b.state_sent()["policy"] == pytest.approx(w.policy)  # the view moves the dot
    b.update(policy=[1.2, -0.1, -0.1])  # a drag past corner A
    assert w.policy == [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "bad, why",
    [
        ([1.0, 1.0, 1.0], "sum"),
        ([0.0, 0.0, 0.0], "sum"),
        ([0.5, 0.5], "3 to 3"),
        ([0.5, 0.5, 0.0, 0.0], "3 to 3"),
        ([3.0, -1.0, -1.0], "[-1, 2]"),
        ([0.5, 0.5, float("nan")], "policy[2]"),
    ],
)
def test_wildly_off_policies_are_refused(browser, bad, why):
    w = TrustRegion()
    before = list(w.policy)
    b = browser(w)
    b.update(policy=bad)
    assert w.policy == before and why in w.error
    assert b.state_sent()["policy"] == before


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1.5, 2.5, allow_nan=False), min_size=3, max_size=3))
def test_any_browser_policy_leaves_a_policy_on_the_simplex(values):
    w = TrustRegion()
    FakeBrowser(w).update(policy=values)
    assert on_simplex(w.policy)
    assert w.kl >= -1e-12 and np.isfinite(w.objective)


def test_reference_must_sum_to_one_and_keep_every_action(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(reference_policy=[0.5, 0.3, 0.2 + 5e-7])  # within 1e-6: renormalised
    assert sum(w.reference_policy) == pytest.approx(1, abs=1e-15) and w.error == ""
    before = list(w.reference_policy)
    b.update(reference_policy=[0.5, 0.3, 0.3])
    assert w.reference_policy == before and "sum to 1" in w.error
    b.update(reference_policy=[0.995, 0.0, 0.005])
    assert w.reference_policy == before and "reference_policy[1]" in w.error


def test_reference_moves_the_optimum_and_zeroes_kl(browser):
    w = TrustRegion(kl_beta=2.0)
    b = browser(w)
    b.update(reference_policy=[0.2, 0.3, 0.5], policy=[0.2, 0.3, 0.5])
    assert w.kl == pytest.approx(0.0, abs=1e-12)
    # stationarity of the closed form under the new reference (an independent condition)
    g = np.array(w.action_rewards) - 2.0 * (np.log(np.array(w.optimum) / [0.2, 0.3, 0.5]) + 1)
    assert np.ptp(g) < 1e-9


def test_rewards_from_the_browser(browser):
    w = TrustRegion(kl_beta=0.0)
    b = browser(w)
    b.update(action_rewards=[-0.5, 1.0, 0.2])
    assert w.optimum == [0.0, 1.0, 0.0]
    assert w.expected_reward == pytest.approx(0.5 * -0.5 + 0.3 * 1.0 + 0.2 * 0.2)
    b.update(action_rewards=[0.5, 0.5, 0.1])  # a tie at β = 0: split evenly
    assert w.optimum == [0.5, 0.5, 0.0]


def test_beta_limits_through_the_widget(browser):
    w = TrustRegion(reference_policy=[0.6, 0.3, 0.1])
    b = browser(w)
    b.update(kl_beta=0.0)
    assert w.optimum == [1.0, 0.0, 0.0]
    b.update(kl_beta=2.0)
    # β = 2 keeps π* near πref: the pull of R/β = 0.45, 0.25, 0.05 is weak
    assert np.abs(np.array(w.optimum) - [0.6, 0.3, 0.1]).max() < 0.1
    assert w.optimum_kl < 0.01


def test_grid_is_recomputed_only_when_beta_rewards_or_reference_change(browser):
    w = TrustRegion()
    b = browser(w)
    start = w.grid_computations
    contours = w.contours
    rng = np.random.default_rng(0)
    for p in rng.dirichlet([1, 1, 1], size=100):
        b.update(policy=p.tolist())
    assert w.grid_computations == start
    assert w.contours is contours
    b.clear()
    b.update(policy=[0.2, 0.2, 0.6])
    assert "contours" not in b.state_sent()
    b.update(kl_beta=0.3)
    assert w.grid_computations == start + 1 and "contours" in b.state_sent()
    b.update(action_rewards=[0.1, 0.5, 0.9])
    b.update(reference_policy=[0.5, 0.25, 0.25])
    assert w.grid_computations == start + 3


def test_the_core_grid_function_is_called_only_for_grid_inputs(browser, monkeypatch):
    # count calls of the core function itself, independently of the widget's own counter
    import r1widgets.chapters.trust_region as chapter

    calls = []
    real = chapter.tr.objective_landscape

    def counting(*args, **kwargs):
        calls.append(args[2])  # kl_beta
        return real(*args, **kwargs)

    monkeypatch.setattr(chapter.tr, "objective_landscape", counting)
    w = TrustRegion()
    assert calls == [0.5]
    b = browser(w)
    b.update(policy=[0.6, 0.2, 0.2])
    w.policy = [0.1, 0.1, 0.8]
    w.move_to_optimum()
    w.move_to_reference()
    assert calls == [0.5]
    w.kl_beta = 0.7
    w.use_r1_beta()
    b.update(action_rewards=[0.0, 0.5, 1.0])
    w.reference_from_policy()  # the policy is uniform: the reference does not change
    w.reference_policy = [0.5, 0.3, 0.2]
    assert calls == [0.5, 0.7, 0.001, 0.001, 0.001]


def test_notes_name_both_betas_and_the_reference_reset():
    w = TrustRegion()
    assert "0.04" in w.beta_note and "0.001" in w.beta_note and "40× smaller" in w.beta_note
    assert "TRL now defaults to 0." in w.beta_note
    for sourced in (paper.DEEPSEEKMATH_GRPO, paper.R1_FIRST_RL_STAGE, paper.TRL_GRPO_DEFAULTS):
        assert sourced["kl_beta"].source in w.beta_note
    assert "article" not in w.beta_note
    # the paper states the 400-step reset for R1-Zero and R1's first RL stage, not all of R1's RL
    assert "400 steps" in w.reference_note and "1%" in w.reference_note
    assert "R1-Zero" in w.reference_note and "first RL stage" in w.reference_note


def test_published_betas_are_the_kernels_from_paper(browser):
    """The view types no published β: its ladder marks and button labels come from this trait."""
    w = TrustRegion()
    assert w.published_betas == {
        "deepseekmath": paper.DEEPSEEKMATH_GRPO["kl_beta"].value,
        "r1": paper.R1_FIRST_RL_STAGE["kl_beta"].value,
    }
    assert_derived_refused(w, browser(w), "published_betas", {"deepseekmath": 0.5})
    w.use_deepseekmath_beta()
    assert w.kl_beta == w.published_betas["deepseekmath"]
    w.use_r1_beta()
    assert w.kl_beta == w.published_betas["r1"]


def test_a_floored_reference_says_kl_does_not_restart_from_zero(browser):
    """At π* for β = 0.04 two actions are far under 1%: the new reference lifts them, so KL
    restarts from a small positive value, and the message gives it instead of claiming 0."""
    w = TrustRegion()
    b = browser(w)
    b.custom({"action": "use_deepseekmath_beta"})
    b.custom({"action": "move_to_optimum"})
    policy = np.array(w.policy)
    assert policy.min() < 0.01
    b.custom({"action": "reference_from_policy"})
    reference = np.array(w.reference_policy)
    assert reference.min() >= 0.01 - 1e-12
    # independently: KL(π‖πref) = Σ π log(π/πref), terms with π = 0 dropped
    nz = policy > 0
    kl = float(np.sum(policy[nz] * np.log(policy[nz] / reference[nz])))
    assert w.kl == pytest.approx(kl, rel=1e-9) and kl > 0.01
    assert "KL restarts from 0 and" not in w.action_status
    assert f"{kl:.4f} nats, not 0" in w.action_status
    assert "at least 1%" in w.action_status
    assert " · ".join(f"{v:.3f}" for v in reference) in w.action_status
    b.custom({"action": "reference_from_policy"})  # again: nothing changes, and it says so
    assert "already the current policy (each action lifted to at least 1%)" in w.action_status
    # a policy already above the floor becomes the reference as it is: KL is exactly 0
    w.policy = [0.5, 0.3, 0.2]
    w.reference_from_policy()
    assert w.kl == pytest.approx(0, abs=1e-12) and "KL restarts from 0 and" in w.action_status


def test_contours_grid_agrees_with_the_closed_form(browser):
    w = TrustRegion()
    for beta in [0.0, 0.04, 0.3, 1.0, 2.0]:
        browser(w).update(kl_beta=beta)
        c = w.contours
        assert w.optimum_objective >= c["grid_max"] - 1e-12
        assert len(c["bands"]) == len(w.simplex_grid["cells"]) == 900
        assert set(c["bands"]) <= set("01234567")
        assert len(c["band_edges"]) == 9 and len(c["lines"]) == len(c["levels"]) == 6
        # the grid's best point is within one grid step of π*
        assert np.abs(np.array(c["grid_argmax"]) - w.optimum).max() <= 1 / 30 + 1e-9
        for line, level in zip(c["lines"], c["levels"], strict=True):
            ends = np.frombuffer(line, "<f4").reshape(-1, 2, 3)  # segments, two end points
            assert len(ends) > 0 and np.allclose(ends.sum(axis=2), 1, atol=1e-6)
            # every end point lies on its contour level (float32 and linear interpolation)
            flat = ends.reshape(-1, 3).astype(float)
            got = trc.objective(flat, w.action_rewards, w.reference_policy, beta)
            assert np.abs(np.asarray(got) - level).max() < beta / 30 + 1e-4  # β·h, h = 1/30


def test_simplex_grid_is_sent_once():
    w = TrustRegion()
    grid = w.simplex_grid
    assert grid["subdivisions"] == 30 and len(grid["vertices"]) == 31 * 32 // 2
    w.kl_beta = 1.0
    assert w.simplex_grid is grid


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", INPUTS)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    w = TrustRegion()
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(kl_beta=0.5)  # still serving
    assert w.kl_beta == 0.5 and w.error == ""


@pytest.mark.parametrize("name", ["objective", "optimum", "contours", "simplex_grid", "kl"])
def test_browser_cannot_set_derived_values(browser, name):
    w = TrustRegion()
    assert_derived_refused(w, browser(w), name, [0.2, 0.2, 0.6])


def test_actions_from_the_browser(browser):
    w = TrustRegion(kl_beta=1.0)
    b = browser(w)
    b.custom({"action": "move_to_optimum"})
    assert w.policy == pytest.approx(w.optimum) and w.objective == pytest.approx(
        w.optimum_objective
    )
    b.custom({"action": "move_to_reference"})
    assert w.policy == pytest.approx(w.reference_policy) and w.kl == pytest.approx(0, abs=1e-12)
    b.custom({"action": "use_r1_beta"})
    assert w.kl_beta == paper.R1_FIRST_RL_STAGE["kl_beta"].value == 0.001
    b.custom({"action": "use_deepseekmath_beta"})
    assert w.kl_beta == 0.04
    b.update(policy=[1.0, 0.0, 0.0])
    b.custom({"action": "reference_from_policy"})
    assert min(w.reference_policy) >= 0.01 and w.reference_policy[0] > 0.97
    assert w.error == ""
    b.custom({"action": "uniform_reference"})
    assert w.reference_policy == pytest.approx([1 / 3] * 3)
    b.custom({"action": "__init__"})
    assert "unknown action" in w.error


def test_every_action_says_what_it_did_or_that_nothing_changed(browser):
    w = TrustRegion()
    b = browser(w)
    cases = [
        ("move_to_reference", "πθ moved to πref", "already at πref"),
        ("move_to_optimum", "πθ moved to π*", "already at π*"),
        ("reference_from_policy", "πref is now the current policy", "already the current"),
        ("uniform_reference", "πref reset to the uniform", "already uniform"),
        ("use_deepseekmath_beta", "β set to DeepSeekMath's 0.04", "already DeepSeekMath's 0.04"),
        ("use_r1_beta", "β set to DeepSeek-R1's 0.001", "already DeepSeek-R1's 0.001"),
    ]
    for action, done, same in cases:
        before = {n: getattr(w, n) for n in INPUTS}
        b.custom({"action": action})
        assert done in w.action_status and w.error == "", action
        assert {n: getattr(w, n) for n in INPUTS} != before, action
        moved = {n: getattr(w, n) for n in INPUTS}
        b.clear()
        b.custom({"action": action})  # again: nothing to do, and the view is told so
        assert same in w.action_status, action
        assert {n: getattr(w, n) for n in INPUTS} == moved, action
        assert b.state_sent().get("action_status", w.action_status) == w.action_status
        if action == "reference_from_policy":
            w.policy = [0.2, 0.3, 0.5]  # so the uniform reference is a change again
    b.update(kl_beta=0.3)  # any input clears the message: it no longer describes the state
    assert w.action_status == ""
    w.use_deepseekmath_beta()
    assert "π* = 1.000 · 0.000 · 0.000" in w.action_status


def test_actions_as_python_methods():
    w = TrustRegion(kl_beta=0.5, policy=[0.2, 0.5, 0.3])
    w.reference_from_policy()
    assert w.reference_policy == pytest.approx([0.2, 0.5, 0.3]) and w.kl == pytest.approx(0)
    w.move_to_optimum()
    assert w.policy == pytest.approx(w.optimum)
    w.use_r1_beta()
    assert w.kl_beta == 0.001 and w.optimum[0] > 0.999


def test_python_side_refuses_with_a_clear_message():
    w = TrustRegion()
    with pytest.raises(traitlets.TraitError, match="summing to 1"):
        w.policy = [2.0, 2.0, 2.0]
    with pytest.raises(traitlets.TraitError, match="must sum to 1"):
        TrustRegion(reference_policy=[0.5, 0.5, 0.5])


def test_state_round_trip(browser):
    w = TrustRegion(
        kl_beta=0.3, action_rewards=[0.2, -0.4, 0.8], reference_policy=[0.5, 0.25, 0.25]
    )
    w.policy = [0.1, 0.6, 0.3]
    state = w.get_state()
    other = TrustRegion()
    browser(other).update(**{n: state[n] for n in INPUTS})
    again = other.get_state()
    for name in TrustRegion.input_names() + TrustRegion.derived_names():
        assert again[name] == state[name], name
