"""The GRPO simulator's math against hand-worked steps, finite differences and single runs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets.core import simulator as sim
from r1widgets.core.policy import softmax

RATES = np.array([0.7, 0.5, 0.3, 0.1])


def log_policy(logits):
    """An independent log-softmax for the finite-difference reference."""
    e = np.exp(logits - np.max(logits))
    return np.log(e / e.sum())


def single_run(lr, seed, steps, rates=RATES, group_size=8):
    """One run, one step at a time, drawing each step's uniforms from the seed's stream.

    Uses the same softmax and expected reward as the sweep: the comparison is about batching
    and the random stream, so it must agree to the last bit.
    """
    rng = np.random.default_rng(seed)
    logits = np.zeros((1, len(rates)))
    curve = [float(sim.expected_reward(softmax(logits), rates)[0])]
    for _ in range(steps):
        logits = sim.grpo_step(logits, rates, lr, rng.random((1, 2, group_size))).logits
        curve.append(float(sim.expected_reward(softmax(logits), rates)[0]))
    return np.array(curve), logits[0]


def test_one_step_worked_by_hand():
    # uniform policy, G = 4: cdf 0.25, 0.5, 0.75, 1 → the first uniforms pick 0, 1, 2, 3
    u = np.array([[[0.1, 0.3, 0.6, 0.9], [0.5, 0.6, 0.2, 0.05]]])
    res = sim.grpo_step(np.zeros((1, 4)), RATES, 0.2, u)
    assert res.chosen.tolist() == [[0, 1, 2, 3]]
    # reward 1 when u < rate: 0.5 < 0.7, 0.6 ≥ 0.5, 0.2 < 0.3, 0.05 < 0.1
    assert res.rewards.tolist() == [[1.0, 0.0, 1.0, 1.0]]
    std = math.sqrt(0.75 * 0.25)
    adv = np.array([0.25, -0.75, 0.25, 0.25]) / std
    np.testing.assert_allclose(res.advantages[0], adv)
    # each strategy drawn once and Σ A = 0, so the gradient is A / 4
    np.testing.assert_allclose(res.gradient[0], adv / 4)
    np.testing.assert_allclose(res.logits[0], 0.2 * adv / 4)


def test_gradient_matches_finite_differences_of_the_sampled_group_objective():
    rng = np.random.default_rng(11)
    for _ in range(5):
        logits = rng.normal(size=4) * 2
        chosen = rng.integers(0, 4, size=6)
        adv = rng.normal(size=6)

        def objective(z, chosen=chosen, adv=adv):
            return float(np.mean(adv * log_policy(z)[chosen]))

        h = 1e-6
        numeric = [
            (objective(logits + h * e) - objective(logits - h * e)) / (2 * h) for e in np.eye(4)
        ]
        e = np.exp(logits - logits.max())
        analytic = sim.group_gradient((e / e.sum())[None], chosen[None], adv[None])[0]
        np.testing.assert_allclose(analytic, numeric, atol=1e-8)


def test_step_gradient_is_the_gradient_of_its_own_sampled_group():
    rng = np.random.default_rng(5)
    logits = rng.normal(size=(3, 4))
    res = sim.grpo_step(logits, RATES, 0.3, rng.random((3, 2, 8)))
    for r in range(3):

        def objective(z, r=r):
            return float(np.mean(res.advantages[r] * log_policy(z)[res.chosen[r]]))

        h = 1e-6
        numeric = [
            (objective(logits[r] + h * e) - objective(logits[r] - h * e)) / (2 * h)
            for e in np.eye(4)
        ]
        np.testing.assert_allclose(res.gradient[r], numeric, atol=1e-8)
        np.testing.assert_allclose(res.logits[r], logits[r] + 0.3 * np.array(numeric), atol=1e-8)


@pytest.mark.parametrize("reward_uniform", [0.0, 0.999])
def test_all_equal_rewards_leave_the_policy_unchanged(reward_uniform):
    # every rate 0.5: uniform 0 → all rewards 1; uniform 0.999 → all rewards 0
    logits = np.array([[0.3, -0.2, 1.0, 0.0]])
    u = np.stack([np.linspace(0.05, 0.95, 8), np.full(8, reward_uniform)])[None]
    res = sim.grpo_step(logits, [0.5] * 4, 1.0, u)
    assert len(set(res.rewards[0])) == 1
    assert np.all(res.advantages == 0) and np.all(np.isfinite(res.advantages))
    np.testing.assert_array_equal(res.logits, logits)


@given(st.lists(st.floats(-20, 20), min_size=4, max_size=4), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_an_update_keeps_a_finite_distribution_and_zero_sum_logit_change(logits, seed):
    z = np.array([logits])
    u = np.random.default_rng(seed).random((1, 2, 16))
    res = sim.grpo_step(z, RATES, 2.0, u)
    assert np.all(np.isfinite(res.logits))
    # Σ_k (onehot − π)_k = 0, so the logits' sum never moves
    assert res.logits.sum() == pytest.approx(z.sum(), abs=1e-9)


def test_sampling_frequencies_follow_the_policy_and_rewards_follow_the_rates():
    logits = np.log(np.array([[0.1, 0.2, 0.3, 0.4]]))
    u = np.random.default_rng(0).random((1, 2, 200_000))
    res = sim.grpo_step(logits, RATES, 0.1, u)
    freq = np.bincount(res.chosen[0], minlength=4) / 200_000
    np.testing.assert_allclose(freq, [0.1, 0.2, 0.3, 0.4], atol=0.005)
    for k in range(4):
        assert res.rewards[0][res.chosen[0] == k].mean() == pytest.approx(RATES[k], abs=0.01)


def test_uniform_start_has_expected_reward_040():
    assert sim.expected_reward([0.25] * 4, sim.DEFAULT_SUCCESS_RATES) == pytest.approx(0.40)


def test_sweep_equals_single_runs_exactly():
    lrs, seeds = [0.05, 0.2, 1.5], [0, 3, 17, 123456]
    res = sim.sweep(lrs, seeds, 30, RATES, group_size=6)
    for i, lr in enumerate(lrs):
        for j, seed in enumerate(seeds):
            curve, logits = single_run(lr, seed, 30, group_size=6)
            np.testing.assert_array_equal(res.expected_reward[i, j], curve)
            np.testing.assert_array_equal(res.final_probabilities[i, j], softmax(logits))


def test_sweep_summaries_agree_with_the_runs():
    res = sim.sweep([0.2, 2.0], range(40), 20)
    np.testing.assert_allclose(res.mean, res.expected_reward.mean(axis=1))
    np.testing.assert_allclose(res.quantiles[:, 1], np.median(res.expected_reward, axis=1))
    assert res.quantiles.shape == (2, 3, 21) and res.steps.tolist() == list(range(21))
    assert np.all(res.quantiles[:, 0] <= res.quantiles[:, 2])
    manual = [
        np.mean([(p.max() > 0.9) and (np.argmax(p) != 0) for p in res.final_probabilities[i]])
        for i in range(2)
    ]
    np.testing.assert_allclose(res.collapse_share, manual)


def test_collapse_counts_only_wrong_strategies():
    # a best strategy (index 0) that wins: no collapse; forcing the policy onto index 3 (the
    # worst) from the start with a tiny step leaves it there: every run collapsed
    res = sim.sweep([0.01], range(5), 1, success_rates=[0.0, 0.0, 0.0, 0.0])
    assert res.collapse_share.tolist() == [0.0]  # all tied: no strategy is "wrong"
    res = sim.sweep([2.0], range(200), 100, success_rates=[1.0, 0.0, 0.0, 0.0])
    assert res.collapse_share.tolist() == [0.0]
    assert np.all(res.final_probabilities[0, :, 0] > 0.9)


def test_a_thousand_runs_of_fifty_steps_learn_on_average():
    res = sim.sweep([0.2], range(1000), 50)
    assert res.expected_reward.shape == (1, 1000, 51)
    assert res.mean[0, 0] == pytest.approx(0.40)
    assert 0.5 < res.mean[0, -1] < 0.7  # learning, not yet converged to the best rate 0.7
    assert np.all(np.isfinite(res.expected_reward))


def test_same_seed_same_run_and_different_seeds_differ():
    a = sim.sweep([0.5], [7], 25).expected_reward
    b = sim.sweep([0.5], [7], 25).expected_reward
    c = sim.sweep([0.5], [8], 25).expected_reward
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_draw_uniforms_is_the_seed_stream():
    np.testing.assert_array_equal(
        sim.draw_uniforms(4, 3, 5), np.random.default_rng(4).random((3, 2, 5))
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_rates": [float("nan")]},
        {"learning_rates": [0.0]},
        {"learning_rates": []},
        {"seeds": [-1]},
        {"seeds": [0.5]},
        {"steps": -1},
        {"steps": 2.5},
        {"success_rates": [1.5, 0, 0, 0]},
        {"success_rates": [float("nan"), 0, 0, 0]},
        {"group_size": 1},
        {"seeds": range(100_000), "steps": 1000},
    ],
)
def test_sweep_refuses_bad_arguments(kwargs):
    args = {"learning_rates": [0.2], "seeds": [0], "steps": 5, **kwargs}
    with pytest.raises(ValueError):
        sim.sweep(**args)
