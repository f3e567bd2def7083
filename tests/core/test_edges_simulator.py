"""The GRPO simulator's sweep at its edges: no steps, two strategies, many chunks, its limits.

The reference is a plain loop written here from the module's description (inverse-CDF draws,
0/1 rewards, population-std advantages, the exact softmax gradient), not the module's code.
"""

import numpy as np
import pytest

from r1widgets.core import simulator as sim


def run_by_hand(lr, seed, steps, rates, group_size):
    """One run, one rollout at a time, from the seed's stream of uniforms."""
    rates = np.asarray(rates, dtype=float)
    k = rates.size
    logits = np.zeros(k)
    u = np.random.default_rng(seed).random((steps, 2, group_size))
    curve = []
    for t in range(steps + 1):
        e = np.exp(logits - logits.max())
        p = e / e.sum()
        curve.append(float(p @ rates))
        if t == steps:
            break
        chosen, rewards = [], []
        for i in range(group_size):
            # the first action whose cumulative probability exceeds the uniform
            total, a = 0.0, k - 1
            for j in range(k - 1):
                total += p[j]
                if u[t, 0, i] < total:
                    a = j
                    break
            chosen.append(a)
            rewards.append(1.0 if u[t, 1, i] < rates[a] else 0.0)
        r = np.array(rewards)
        std = r.std()
        adv = (r - r.mean()) / std if std > 0 else np.zeros(group_size)
        grad = np.zeros(k)
        for a, ad in zip(chosen, adv, strict=True):
            grad += ad * (np.eye(k)[a] - p) / group_size
        logits = logits + lr * grad
    return np.array(curve), p


def test_zero_steps_reports_the_uniform_start():
    rates = [0.7, 0.5, 0.3, 0.1]
    res = sim.sweep([0.1, 1.0], [0, 5, 9], 0, rates)
    assert res.steps.tolist() == [0]
    assert res.expected_reward.shape == (2, 3, 1)
    np.testing.assert_allclose(res.expected_reward, 0.4)  # (0.7 + 0.5 + 0.3 + 0.1) / 4
    np.testing.assert_allclose(res.mean, [[0.4], [0.4]])
    assert res.quantiles.shape == (2, 3, 1)
    np.testing.assert_allclose(res.quantiles, 0.4)
    np.testing.assert_allclose(res.final_probabilities, 0.25)
    assert not res.collapsed.any() and res.collapse_share.tolist() == [0.0, 0.0]


def test_two_strategies_follow_the_runs_by_hand():
    rates, lrs, seeds = [0.9, 0.2], [0.3, 2.0], [1, 2, 3]
    res = sim.sweep(lrs, seeds, 12, rates, group_size=4)
    assert res.final_probabilities.shape == (2, 3, 2)
    for i, lr in enumerate(lrs):
        for j, seed in enumerate(seeds):
            curve, p = run_by_hand(lr, seed, 12, rates, 4)
            np.testing.assert_allclose(res.expected_reward[i, j], curve, rtol=1e-12)
            np.testing.assert_allclose(res.final_probabilities[i, j], p, rtol=1e-12)


@pytest.mark.parametrize("chunk_steps", [1, 3, 4])
def test_a_sweep_in_many_chunks_equals_the_runs_by_hand(monkeypatch, chunk_steps):
    lrs, seeds, steps, g = [0.5, 1.5], [0, 11, 42], 10, 5
    rates = [0.6, 0.4, 0.2]
    # the sweep holds CHUNK_FLOATS uniforms at a time: (seeds × 2 × G) per step
    monkeypatch.setattr(sim, "CHUNK_FLOATS", chunk_steps * len(seeds) * 2 * g)
    res = sim.sweep(lrs, seeds, steps, rates, group_size=g)
    for i, lr in enumerate(lrs):
        for j, seed in enumerate(seeds):
            curve, p = run_by_hand(lr, seed, steps, rates, g)
            np.testing.assert_allclose(res.expected_reward[i, j], curve, rtol=1e-12)
            np.testing.assert_allclose(res.final_probabilities[i, j], p, rtol=1e-12)


def test_the_default_group_is_eight_rollouts():
    res = sim.sweep([0.5], [1], 3)
    curve, _ = run_by_hand(0.5, 1, 3, sim.DEFAULT_SUCCESS_RATES, 8)
    np.testing.assert_allclose(res.expected_reward[0, 0], curve, rtol=1e-12)


def test_a_reward_needs_its_uniform_strictly_below_the_success_rate():
    # a uniform policy over two strategies: the first uniforms pick 0 then 1
    picks = [0.1, 0.6]
    res = sim.grpo_step(np.zeros((1, 2)), [0.0, 1.0], 0.1, [[picks, [0.0, 0.999]]])
    assert res.chosen.tolist() == [[0, 1]]
    assert res.rewards.tolist() == [[0.0, 1.0]]  # rate 0 never pays, not even at u = 0
    res = sim.grpo_step(np.zeros((1, 2)), [0.5, 0.25], 0.1, [[picks, [0.5, 0.25]]])
    assert res.rewards.tolist() == [[0.0, 0.0]]  # u equal to the rate: no reward


def test_the_cell_cap_is_twenty_million():
    assert sim.MAX_SWEEP_CELLS == 20_000_000  # a record of at most 160 MB of float64
    with pytest.raises(ValueError, match="cells"):  # 1 run × 20,000,001 recorded steps
        sim.sweep([0.1], [0], sim.MAX_SWEEP_CELLS)  # refused at once, before any work


def test_chunking_changes_nothing(monkeypatch):
    whole = sim.sweep([0.2, 0.8], range(6), 9, group_size=3)
    monkeypatch.setattr(sim, "CHUNK_FLOATS", 2 * 6 * 3 * 2)  # two steps per chunk
    chunked = sim.sweep([0.2, 0.8], range(6), 9, group_size=3)
    np.testing.assert_array_equal(whole.expected_reward, chunked.expected_reward)
    np.testing.assert_array_equal(whole.final_probabilities, chunked.final_probabilities)


def test_the_cell_cap_is_inclusive(monkeypatch):
    monkeypatch.setattr(sim, "MAX_SWEEP_CELLS", 12)
    sim.sweep([0.1, 0.2], [0, 1], 2)  # 4 runs × 3 recorded steps = 12 cells: allowed
    with pytest.raises(ValueError, match="cells"):
        sim.sweep([0.1, 0.2], [0, 1], 3)  # 16 cells


@pytest.mark.parametrize(
    "kwargs",
    [
        {"success_rates": [0.5]},  # one strategy is no choice
        {"success_rates": [[0.5, 0.5]]},
        {"success_rates": [-0.1, 0.5]},
        {"group_size": True},
        {"group_size": 4.0},
        {"steps": True},
        {"seeds": []},
        {"seeds": [3, -1]},  # one bad seed among good ones
        {"learning_rates": [0.2, 0.0]},
        {"learning_rates": [0.2, float("inf")]},
        {"success_rates": [0.5, 1.01]},
    ],
)
def test_more_bad_arguments_are_refused(kwargs):
    args = {"learning_rates": [0.2], "seeds": [0], "steps": 2, **kwargs}
    (name,) = kwargs
    with pytest.raises(ValueError, match=f"^{name} must be"):  # refused by the check itself
        sim.sweep(**args)


def test_numpy_integers_are_accepted():
    res = sim.sweep(
        np.array([0.2]), np.array([3], dtype=np.uint32), np.int64(2), group_size=np.int64(2)
    )
    assert res.expected_reward.shape == (1, 1, 3)
    # rates of exactly 0 and 1 are allowed
    assert sim.sweep([0.2], [0], 1, success_rates=[0.0, 1.0]).expected_reward.shape == (1, 1, 2)


def test_collapse_is_more_than_ninety_percent_on_a_worse_strategy():
    # close success rates and big steps: some runs settle on the second-best strategy
    res = sim.sweep([1.0, 4.0], range(30), 40, success_rates=[0.6, 0.55, 0.1])
    settled = res.final_probabilities.max(axis=-1) > 0.9
    on_best = res.final_probabilities[..., 0] > 0.9
    np.testing.assert_array_equal(res.collapsed, settled & ~on_best)
    np.testing.assert_allclose(res.collapse_share, (settled & ~on_best).mean(axis=1))
    assert res.collapsed.any() and (settled & on_best).any() and not settled.all()
