"""Chapter 02 GRPOLoss: inputs set as the browser sets them give the right derived values."""

import math

import numpy as np
import pytest

from r1widgets import GRPOLoss, paper


def test_defaults_match_the_article():
    w = GRPOLoss()
    assert w.group_size == 4 and len(w.rewards) == 4
    assert w.kl_beta == 0.04 and w.clip_epsilon == 0.2
    assert w.std_mode == "population" and w.loss_type == "grpo"


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


def test_all_rewards_equal_means_no_learning_signal(browser):
    w = GRPOLoss(ratios=[1.0] * 4)
    browser(w).update(rewards=[1.0, 1.0, 1.0, 1.0])
    assert w.advantages == [0.0] * 4
    assert w.policy_gain == 0.0 and all(math.isfinite(x) for x in w.surrogate)


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
    w = GRPOLoss(lengths=[100.0, 300.0, 100.0, 300.0])
    b = browser(w)
    b.update(loss_type="dapo")
    np.testing.assert_allclose(w.weights, [0.125, 0.375, 0.125, 0.375])
    b.update(loss_type="dr_grpo")
    np.testing.assert_allclose(w.weights, [100 / 1200, 0.25, 100 / 1200, 0.25])
    assert w.advantages == pytest.approx([0.5, -0.5, -0.5, 0.5])  # not divided by std


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
        "deepseekmath": (paper.DEEPSEEKMATH_GRPO["kl_beta"].value, 16),
        "deepseek-r1": (paper.R1_FIRST_RL_STAGE["kl_beta"].value, 16),
        "trl": (paper.TRL_GRPO_DEFAULTS["kl_beta"].value, 8),
    }[name]
    assert (w.kl_beta, w.group_size) == expected
    assert w.preset_name == name and w.preset_note
    assert len(w.rewards) == w.group_size == len(w.advantages)
    browser(w).update(kl_beta=0.3)  # a hand change leaves the published setting
    assert w.preset_name == "" and w.preset_note == ""


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
