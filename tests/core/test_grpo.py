"""GRPO math against hand-worked values (paper-data.md §1.3, §1.6), closed forms and properties."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import grpo

# paper-data.md §1.6: G = 16, four correct answers.
WORKED = [1.0] * 4 + [0.0] * 12


def test_worked_example_population_std():
    mean, std, adv = grpo.group_advantages(WORKED, "population")
    assert mean == pytest.approx(0.25)
    assert std == pytest.approx(0.4330127, abs=1e-7)
    assert adv[0] == pytest.approx(1.732051, abs=1e-6)
    assert adv[-1] == pytest.approx(-0.577350, abs=1e-6)


def test_worked_example_sample_std_as_trl():
    _, std, adv = grpo.group_advantages(WORKED, "sample")
    assert std == pytest.approx(0.4472136, abs=1e-7)
    assert adv[0] == pytest.approx(1.676676, abs=1e-6)
    assert adv[-1] == pytest.approx(-0.558892, abs=1e-6)


@pytest.mark.parametrize("mode", ["population", "sample"])
@pytest.mark.parametrize("value", [0.0, 0.3, 1.0, 0.7745441490211136])
@pytest.mark.parametrize("size", [3, 5])
def test_equal_rewards_give_zero_advantages_not_nan(mode, value, size):
    # 0.7745441490211136 * 3 / 3 rounds to a different float: the mean is off by one ulp.
    _, std, adv = grpo.group_advantages([value] * size, mode)
    assert std == pytest.approx(0.0, abs=1e-12)
    assert np.all(adv == 0.0)


@given(st.lists(st.floats(0, 1), min_size=2, max_size=16))
def test_population_advantages_sum_to_zero_and_have_unit_variance(rewards):
    _, std, adv = grpo.group_advantages(rewards, "population")
    assert abs(adv.sum()) < 1e-9
    if std > 1e-6:
        assert np.mean(adv**2) == pytest.approx(1.0, rel=1e-9)


def test_unscaled_advantages_are_centred_rewards():
    _, _, adv = grpo.group_advantages([1.0, 0.0, 0.0, 0.5], scale=False)
    np.testing.assert_allclose(adv, [0.625, -0.375, -0.375, 0.125])


@pytest.mark.parametrize(
    "ratio, advantage, expected, active",
    [(0.5, 1.0, 0.5, 0), (1.5, 1.0, 1.2, 1), (0.5, -1.0, -0.8, -1), (1.5, -1.0, -1.5, 0)],
)
def test_clipped_surrogate_table(ratio, advantage, expected, active):
    # paper-data.md §1.6, ε = 0.2
    sur, act = grpo.clipped_surrogate([ratio], [advantage], 0.2)
    assert sur[0] == pytest.approx(expected)
    assert act[0] == active


def test_clip_higher_moves_only_the_upper_bound():
    sur, act = grpo.clipped_surrogate([1.25, 0.7], [1.0, -1.0], 0.2, 0.28)
    assert sur[0] == pytest.approx(1.25) and act[0] == 0  # inside 1 + 0.28
    assert sur[1] == pytest.approx(-0.8) and act[1] == -1  # low bound still 1 - 0.2


@given(
    st.floats(0.2, 3.0),
    st.floats(-3, 3),
    st.floats(0.01, 1.0),
)
def test_surrogate_never_exceeds_unclipped(ratio, advantage, eps):
    sur, _ = grpo.clipped_surrogate([ratio], [advantage], eps)
    assert sur[0] <= ratio * advantage + 1e-12


@pytest.mark.parametrize(
    "pi_ref, pi_theta, expected", [(0.5, 0.6, 0.015655), (0.2, 0.4, 0.193147), (0.9, 0.3, 0.901388)]
)
def test_k3_worked_values(pi_ref, pi_theta, expected):
    assert grpo.k3_kl([pi_theta / pi_ref])[0] == pytest.approx(expected, abs=1e-6)


@given(st.floats(0.05, 20.0))
def test_k3_nonnegative_and_zero_only_at_one(ratio):
    k = grpo.k3_kl([ratio])[0]
    assert k >= -1e-15
    if abs(ratio - 1) > 1e-3:
        assert k > 0


def test_k3_is_unbiased_for_kl_on_policy():
    # E_{x~πθ}[k3(πθ(x)/πref(x))] = KL(πθ‖πref) exactly, for a discrete distribution.
    theta = np.array([0.5, 0.3, 0.2])
    ref = np.array([0.2, 0.5, 0.3])
    expected_k3 = float(np.sum(theta * grpo.k3_kl(theta / ref)))
    kl = float(np.sum(theta * np.log(theta / ref)))
    assert expected_k3 == pytest.approx(kl, rel=1e-12)


def test_aggregations_by_hand():
    lengths = [100.0, 300.0]
    np.testing.assert_allclose(grpo.aggregation_weights(lengths, "grpo"), [0.5, 0.5])
    np.testing.assert_allclose(grpo.aggregation_weights(lengths, "dapo"), [0.25, 0.75])
    np.testing.assert_allclose(grpo.aggregation_weights(lengths, "dr_grpo"), [100 / 600, 0.5])
    np.testing.assert_allclose(
        grpo.aggregation_weights(lengths, "dr_grpo", max_length=1000), [0.05, 0.15]
    )


def test_objective_by_hand():
    # rewards [1, 0]: population advantages ±1; ratios 1.5 and 0.5 with ε 0.2 clip both.
    res = grpo.grpo_objective([1, 0], [1.5, 0.5], [10, 10], clip_epsilon=0.2, kl_beta=0.1)
    np.testing.assert_allclose(res.advantages, [1, -1])
    np.testing.assert_allclose(res.surrogate, [1.2, -0.8])
    kl = np.array([1 / 1.5 + np.log(1.5) - 1, 1 / 0.5 + np.log(0.5) - 1])
    assert res.policy_gain == pytest.approx(0.2)
    assert res.kl_penalty == pytest.approx(0.1 * kl.mean())
    assert res.objective == pytest.approx(0.2 - 0.1 * kl.mean())


def test_dr_grpo_does_not_scale_by_std():
    res = grpo.grpo_objective([1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], loss_type="dr_grpo")
    np.testing.assert_allclose(res.advantages, [0.75, -0.25, -0.25, -0.25])


def test_batched_groups_match_one_at_a_time():
    rng = np.random.default_rng(0)
    batch = rng.random((5, 8))
    _, _, adv = grpo.group_advantages(batch)
    for row, a in zip(batch, adv, strict=True):
        np.testing.assert_allclose(grpo.group_advantages(row)[2], a)


def test_bad_modes_raise():
    with pytest.raises(ValueError):
        grpo.group_advantages([1, 0], "median")
    with pytest.raises(ValueError):
        grpo.aggregation_weights([1, 2], "ppo")
