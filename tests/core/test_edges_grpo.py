"""GRPO's pieces on batches of groups (2-D), against numbers worked by hand."""

import math

import numpy as np
import pytest

from r1widgets.core import grpo

LENGTHS = np.array([[1.0, 2.0, 7.0], [5.0, 5.0, 10.0]])


def test_dapo_weights_of_a_batch_are_each_groups_token_shares():
    # DAPO: L_i / Σ_j L_j within each group (row): 1/10, 2/10, 7/10 and 5/20, 5/20, 10/20
    np.testing.assert_allclose(
        grpo.aggregation_weights(LENGTHS, "dapo"), [[0.1, 0.2, 0.7], [0.25, 0.25, 0.5]]
    )
    np.testing.assert_allclose(
        grpo.aggregation_weights([[100.0, 300.0], [50.0, 50.0], [1.0, 3.0]], "dapo"),
        [[0.25, 0.75], [0.5, 0.5], [0.25, 0.75]],
    )


def test_grpo_and_dr_grpo_weights_of_a_batch():
    np.testing.assert_allclose(grpo.aggregation_weights(LENGTHS, "grpo"), np.full((2, 3), 1 / 3))
    # Dr. GRPO: L_i / (G·L) with G = 3 and the budget L = 10
    np.testing.assert_allclose(
        grpo.aggregation_weights(LENGTHS, "dr_grpo", max_length=10),
        [[1 / 30, 2 / 30, 7 / 30], [5 / 30, 5 / 30, 10 / 30]],
    )


def test_batched_advantages_by_hand_with_an_all_equal_group():
    rewards = [[1.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 0.0, 0.0, 0.0]]
    mean, std, adv = grpo.group_advantages(rewards)
    np.testing.assert_allclose(mean, [0.5, 1.0, 0.25])
    # population std: 0.5, 0, sqrt(0.25·0.75)
    s = math.sqrt(0.25 * 0.75)
    np.testing.assert_allclose(std, [0.5, 0.0, s])
    np.testing.assert_allclose(
        adv, [[1, -1, -1, 1], [0, 0, 0, 0], [0.75 / s, -0.25 / s, -0.25 / s, -0.25 / s]]
    )
    # sample std (ddof 1) plus 1e-4, as TRL: sqrt(4·0.25/3) for the first row
    _, std_s, adv_s = grpo.group_advantages(rewards, "sample")
    first = math.sqrt(1 / 3)
    np.testing.assert_allclose(std_s[:2], [first, 0.0])
    np.testing.assert_allclose(adv_s[0], np.array([0.5, -0.5, -0.5, 0.5]) / (first + 1e-4))
    np.testing.assert_array_equal(adv_s[1], 0.0)


def test_unscaled_advantages_of_a_batch_are_centred_rewards():
    _, _, adv = grpo.group_advantages([[2.0, 0.0], [3.0, 3.0]], scale=False)
    np.testing.assert_array_equal(adv, [[1.0, -1.0], [0.0, 0.0]])


def test_clipped_surrogate_on_a_batch_at_and_past_the_bounds():
    ratios = np.array([[0.8, 1.2, 0.7, 1.3], [0.7, 1.3, 1.25, 1.3]])
    adv = np.array([[1.0, 1.0, -1.0, 1.0], [1.0, -1.0, 1.0, 1.0]])
    sur, active = grpo.clipped_surrogate(ratios, adv, 0.2, 0.28)
    # exactly on a bound nothing is clipped; past it the pessimistic (clipped) side binds
    # only where it lowers the term: r < 0.8 with A < 0, r > 1.28 with A > 0
    np.testing.assert_allclose(sur, [[0.8, 1.2, -0.8, 1.28], [0.7, -1.3, 1.25, 1.28]])
    np.testing.assert_array_equal(active, [[0, 0, -1, 1], [0, 0, 0, 1]])
    assert active.dtype == np.int8


def test_k3_by_hand():
    # 1/r + ln r − 1: 0 at r = 1, ln 2 − 1/2 at r = 2, 1 − ln 2 at r = 1/2
    np.testing.assert_allclose(
        grpo.k3_kl([[1.0, 2.0], [0.5, 1.0]]),
        [[0.0, math.log(2) - 0.5], [1 - math.log(2), 0.0]],
        atol=1e-15,
    )


def test_objective_weights_and_totals_by_hand_for_dapo():
    # rewards 1, 0: A = ±1; ratios 1: surrogate = A, k3 = 0; DAPO weights 1/4, 3/4
    res = grpo.grpo_objective([1.0, 0.0], [1.0, 1.0], [100.0, 300.0], loss_type="dapo")
    np.testing.assert_allclose(res.weights, [0.25, 0.75])
    assert res.policy_gain == pytest.approx(0.25 - 0.75)
    assert res.kl_penalty == 0.0 and res.objective == pytest.approx(-0.5)


def test_clip_higher_still_marks_the_low_bound():
    # ε_low 0.2, ε_high 0.28: a ratio of 0.75 with A < 0 is below 1 − 0.2 and clipped there
    # (it is above 1 − 0.28, which must not matter)
    sur, active = grpo.clipped_surrogate([0.75, 1.25], [-1.0, 1.0], 0.2, 0.28)
    np.testing.assert_allclose(sur, [-0.8, 1.25])
    np.testing.assert_array_equal(active, [-1, 0])


def test_dr_grpo_budget_of_one_token_and_of_none():
    np.testing.assert_allclose(
        grpo.aggregation_weights([1.0, 1.0], "dr_grpo", max_length=1), [0.5, 0.5]
    )
    for budget in (0, -5, None):
        with pytest.raises(ValueError, match="max_length"):
            grpo.aggregation_weights([0.0, 0.0], "dr_grpo", max_length=budget)
