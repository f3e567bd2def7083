"""GRPO math against hand-worked values (paper-data.md §1.3, §1.6), closed forms and properties."""

import importlib.util
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
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
    # Dr. GRPO: |o_i| / (G·L) with the budget L = 1000: 100/2000 and 300/2000.
    np.testing.assert_allclose(
        grpo.aggregation_weights(lengths, "dr_grpo", max_length=1000), [0.05, 0.15]
    )


def test_dr_grpo_weights_do_not_depend_on_the_other_rollouts_by_hand():
    # G = 2, L = 1000. Rollout 2 grows from 300 to 600 tokens: its weight goes 0.15 -> 0.30,
    # rollout 1 keeps 100/2000 = 0.05. (Dividing by the group's longest rollout instead would
    # move rollout 1 from 100/600 to 100/1200; DAPO's token-level mean moves it from 1/4 to 1/7.)
    before = grpo.aggregation_weights([100.0, 300.0], "dr_grpo", max_length=1000)
    after = grpo.aggregation_weights([100.0, 600.0], "dr_grpo", max_length=1000)
    np.testing.assert_allclose(before, [0.05, 0.15])
    np.testing.assert_allclose(after, [0.05, 0.30])
    np.testing.assert_allclose(grpo.aggregation_weights([100.0, 600.0], "dapo"), [1 / 7, 6 / 7])


@given(
    st.lists(st.integers(1, 4096), min_size=2, max_size=16),
    st.integers(0, 15),
    st.integers(1, 4096),
    st.integers(4096, 32768),
)
def test_dr_grpo_lengthening_one_rollout_leaves_every_other_weight(lengths, which, new, budget):
    which %= len(lengths)
    changed = list(lengths)
    changed[which] = new
    before = grpo.aggregation_weights(lengths, "dr_grpo", max_length=budget)
    after = grpo.aggregation_weights(changed, "dr_grpo", max_length=budget)
    others = [i for i in range(len(lengths)) if i != which]
    np.testing.assert_array_equal(before[others], after[others])
    assert after[which] == pytest.approx(new / (len(lengths) * budget))


def test_dr_grpo_needs_a_budget_no_rollout_exceeds():
    with pytest.raises(ValueError, match="budget"):
        grpo.aggregation_weights([100.0, 300.0], "dr_grpo")
    with pytest.raises(ValueError, match="longer than the budget"):
        grpo.aggregation_weights([100.0, 3000.0], "dr_grpo", max_length=1000)


def test_rollouts_past_the_budget_count_as_the_budget():
    res = grpo.grpo_objective(
        [1, 0], [1, 1], [100, 2000], loss_type="dr_grpo", max_length=1000, kl_beta=0
    )
    np.testing.assert_allclose(res.counted_lengths, [100, 1000])
    np.testing.assert_allclose(res.weights, [100 / 2000, 1000 / 2000])
    dapo = grpo.grpo_objective([1, 0], [1, 1], [100, 2000], loss_type="dapo", max_length=1000)
    np.testing.assert_allclose(dapo.weights, [100 / 1100, 1000 / 1100])


def _token_level_loss(rewards, ratios, lengths, loss_type, eps, beta, budget, std_mode):
    """The objective the way TRL computes it: a padded token matrix with a mask, per-token
    clipped terms and k3 (every token of a rollout shares its rollout's ratio), then the
    variant's normaliser over the masked sum. Written from paper-data §1.5, not from core."""
    g = len(rewards)
    r = np.asarray(rewards, float)
    centred = r - r.mean()
    if loss_type == "dr_grpo":
        adv = centred
    elif std_mode == "sample":
        adv = centred / (np.sqrt(np.sum(centred**2) / (g - 1)) + 1e-4)
    else:
        adv = centred / np.sqrt(np.mean(centred**2))
    mask = np.zeros((g, budget))
    per_token = np.zeros((g, budget))
    for i in range(g):
        n = min(int(lengths[i]), budget)
        mask[i, :n] = 1
        ratio = ratios[i]
        term = min(ratio * adv[i], max(min(ratio, 1 + eps), 1 - eps) * adv[i])
        kl = (1 / ratio) - np.log(1 / ratio) - 1  # πref/πθ - log(πref/πθ) - 1, with πref = πold
        per_token[i, :n] = term - beta * kl
    if loss_type == "grpo":
        return float(np.mean((per_token * mask).sum(1) / mask.sum(1)))
    if loss_type == "dr_grpo":
        return float((per_token * mask).sum() / (g * budget))
    return float((per_token * mask).sum() / mask.sum())


@pytest.mark.parametrize("loss_type", ["grpo", "dr_grpo", "dapo"])
@pytest.mark.parametrize("std_mode", ["population", "sample"])
def test_objective_matches_a_token_level_computation(loss_type, std_mode):
    rewards, ratios, lengths = [1, 0, 0.5, 1, 0], [1.3, 0.7, 1.0, 0.95, 1.5], [40, 250, 90, 7, 300]
    res = grpo.grpo_objective(
        rewards,
        ratios,
        lengths,
        clip_epsilon=0.2,
        kl_beta=0.04,
        std_mode=std_mode,
        loss_type=loss_type,
        max_length=256,
    )
    expected = _token_level_loss(rewards, ratios, lengths, loss_type, 0.2, 0.04, 256, std_mode)
    assert res.objective == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("loss_type", ["grpo", "dr_grpo", "dapo"])
def test_objective_gradient_in_a_ratio_matches_finite_differences(loss_type):
    # Inside the clip range the objective is smooth in each ratio r_i, with
    # dJ/dr_i = w_i·(A_i - β·dk3/dr) and dk3/dr = d(1/r + ln r - 1)/dr = 1/r - 1/r².
    rewards, lengths, beta = [1, 0, 0, 1], [200, 500, 250, 400], 0.3
    ratios = np.array([1.1, 0.9, 1.05, 0.95])

    def objective(rs):
        return grpo.grpo_objective(
            rewards,
            rs,
            lengths,
            clip_epsilon=0.5,
            kl_beta=beta,
            loss_type=loss_type,
            max_length=1024,
        )

    res = objective(ratios)
    h = 1e-6
    for i, r in enumerate(ratios):
        up, down = ratios.copy(), ratios.copy()
        up[i] += h
        down[i] -= h
        fd = (objective(up).objective - objective(down).objective) / (2 * h)
        closed = res.weights[i] * (res.advantages[i] - beta * (1 / r - 1 / r**2))
        assert fd == pytest.approx(closed, rel=1e-6, abs=1e-9)


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
    res = grpo.grpo_objective(
        [1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], loss_type="dr_grpo", max_length=16
    )
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
    with pytest.raises(ValueError):
        grpo.grpo_objective([1, 0], [1, 1], [5, 5], loss_type="dr_grpo")  # no budget L


def test_trls_std_epsilon_comes_from_paper(monkeypatch):
    # Load a fresh copy of the module with paper.py's value changed: the copy must follow it,
    # so paper.py is the one place the number lives.
    monkeypatch.setitem(
        paper.TRL_GRPO_DEFAULTS, "std_eps", paper.Sourced(0.5, "a stand-in for this test")
    )
    spec = importlib.util.spec_from_file_location("r1widgets.core._grpo_copy", grpo.__file__)
    copy = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, copy)  # dataclasses look their module up there
    spec.loader.exec_module(copy)
    assert copy.SAMPLE_STD_EPS == 0.5 and grpo.SAMPLE_STD_EPS == 1e-4
    _, _, adv = copy.group_advantages([1.0, 0.0], "sample")  # sample std √0.5
    assert adv[0] == pytest.approx(0.5 / (np.sqrt(0.5) + 0.5))
