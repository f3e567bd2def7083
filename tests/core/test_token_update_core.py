"""Chapter 10 core: one policy-gradient step per token, checked against finite differences,
a hand-worked two-token example and the properties the chapter teaches."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets.core import token_update as tu


def hand_log_softmax(z):
    m = max(z)
    lse = m + math.log(sum(math.exp(v - m) for v in z))
    return [v - lse for v in z]


def central_difference_gradient(z, chosen, advantage, h=1e-5):
    """d/dz_j of advantage·log softmax(z)[chosen], by central differences (pure Python)."""
    grad = []
    for j in range(len(z)):
        up, down = list(z), list(z)
        up[j] += h
        down[j] -= h
        grad.append(
            advantage * (hand_log_softmax(up)[chosen] - hand_log_softmax(down)[chosen]) / (2 * h)
        )
    return grad


logit_lists = st.lists(
    st.floats(-6, 6, allow_nan=False, allow_infinity=False), min_size=2, max_size=5
)


@settings(max_examples=150, deadline=None)
@given(z=logit_lists, data=st.data(), advantage=st.floats(-2, 2), lr=st.floats(0.05, 5))
def test_step_is_the_finite_difference_gradient(z, data, advantage, lr):
    chosen = data.draw(st.integers(0, len(z) - 1))
    step = (tu.logit_step(z, chosen, advantage, lr) - np.asarray(z)) / lr
    np.testing.assert_allclose(
        step, central_difference_gradient(z, chosen, advantage), atol=1e-6, rtol=0
    )


def test_hand_worked_two_tokens():
    # logits (0, ln 3): p = (1/4, 3/4). Token 0 chosen, A = 1, η = 2:
    # chosen += 2·1·(1 − 1/4) = 1.5; other −= 2·1·(3/4) = 1.5.
    new = tu.logit_step([0.0, math.log(3)], 0, 1.0, 2.0)
    assert new[0] == pytest.approx(1.5, abs=1e-12)
    assert new[1] == pytest.approx(math.log(3) - 1.5, abs=1e-12)
    # the new probability of token 0: 1 / (1 + 3·e^−3)
    p0 = math.exp(new[0]) / (math.exp(new[0]) + math.exp(new[1]))
    assert p0 == pytest.approx(1 / (1 + 3 * math.exp(-3)), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(z=logit_lists, data=st.data(), advantage=st.floats(0.01, 2), lr=st.floats(0.05, 5))
def test_negative_advantage_reverses_every_sign(z, data, advantage, lr):
    chosen = data.draw(st.integers(0, len(z) - 1))
    up = tu.logit_step(z, chosen, advantage, lr) - np.asarray(z)
    down = tu.logit_step(z, chosen, -advantage, lr) - np.asarray(z)
    np.testing.assert_allclose(down, -up, atol=1e-12)
    assert up[chosen] > 0 and all(up[j] < 0 for j in range(len(z)) if j != chosen)


@settings(max_examples=100, deadline=None)
@given(z=logit_lists, data=st.data(), advantage=st.floats(-2, 2), lr=st.floats(0.05, 5))
def test_chosen_probability_rises_iff_advantage_is_positive(z, data, advantage, lr):
    chosen = data.draw(st.integers(0, len(z) - 1))
    before = tu.softmax(z)
    after = tu.softmax(tu.logit_step(z, chosen, advantage, lr))
    assert after.sum() == pytest.approx(1.0, abs=1e-12)
    if before[chosen] > 1 - 1e-9:
        return  # already certain: nothing left to move
    if advantage > 1e-9:
        assert after[chosen] > before[chosen]
    elif advantage < -1e-9:
        assert after[chosen] < before[chosen]


def test_zero_advantage_changes_nothing():
    z = [0.3, -1.0, 2.0]
    np.testing.assert_array_equal(tu.logit_step(z, 1, 0.0, 5.0), z)
    moved = tu.update_all(tu.INITIAL_LOGITS, [0] * len(tu.INITIAL_LOGITS), 0.0, 1.0)
    for a, b in zip(moved, tu.INITIAL_LOGITS, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_toy_policy_is_well_formed():
    assert len(tu.CANDIDATES) == len(tu.INITIAL_LOGITS) == len(tu.POSITION_NAMES)
    assert 6 <= len(tu.CANDIDATES) <= 8
    for cands, z in zip(tu.CANDIDATES, tu.INITIAL_LOGITS, strict=True):
        assert 3 <= len(cands) == len(z) <= 4 and len(set(cands)) == len(cands)
    assert any("check" in c for c in tu.CANDIDATES[4])
    assert " = 120 − 34" in tu.CANDIDATES[2]  # the wrong-arithmetic branch


def test_reward_is_the_final_answer_for_every_rollout():
    """Chapter 03's checker on the whole text agrees with an exact compare of the last token."""
    for chosen in itertools.product(*(range(len(c)) for c in tu.CANDIDATES)):
        text = tu.response_text(chosen)
        reward, reason = tu.rollout_reward(text)
        assert reward == float(tu.CANDIDATES[-1][chosen[-1]].strip() == "96"), (text, reason)


def test_response_text_concatenates_the_chosen_tokens():
    text = tu.response_text([0, 0, 0, 0, 0, 0, 0])
    assert text == (
        "12 × 8 = 12 × 10 − 12 × 2 = 120 − 24 = 96. Let me check: 96 ÷ 8 = 12 ✓. The answer is 96"
    )


def test_sampling_is_deterministic_and_follows_the_softmax():
    a = tu.sample_tokens(tu.INITIAL_LOGITS, np.random.default_rng(7))
    b = tu.sample_tokens(tu.INITIAL_LOGITS, np.random.default_rng(7))
    assert a == b and len(a) == len(tu.CANDIDATES)
    # the frequencies of many draws match the softmax (independent reference: the closed form)
    rng = np.random.default_rng(0)
    draws = np.array([tu.sample_tokens(tu.INITIAL_LOGITS, rng) for _ in range(4000)])
    for pos, z in enumerate(tu.INITIAL_LOGITS):
        e = [math.exp(v) for v in z]
        expected = [v / sum(e) for v in e]
        freq = np.bincount(draws[:, pos], minlength=len(z)) / len(draws)
        np.testing.assert_allclose(freq, expected, atol=0.03)


def test_sampling_a_certain_token():
    z = [[0.0, 60.0, 0.0]] * 3
    assert tu.sample_tokens(z, np.random.default_rng(1)) == [1, 1, 1]


def test_group_advantage_by_hand():
    # group (1, 1, 1, 0): mean 3/4, population std √3/4, A = (1 − 3/4)/(√3/4) = 1/√3
    adv, mean, std = tu.group_advantage(1.0)
    assert (mean, std) == pytest.approx((0.75, math.sqrt(3) / 4))
    assert adv == pytest.approx(1 / math.sqrt(3))
    # group (0, 1, 1, 0): mean 1/2, std 1/2, A = −1
    assert tu.group_advantage(0.0)[0] == pytest.approx(-1.0)
    assert tu.group_advantage(1.0, (1.0, 1.0, 1.0)) == (0.0, 1.0, 0.0)  # no NaN


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(logit_lists, min_size=1, max_size=8),
    data=st.data(),
    advantage=st.floats(-2, 2),
    lr=st.floats(0.05, 5),
)
def test_a_whole_rollout_steps_each_position_by_its_finite_difference_gradient(
    rows, data, advantage, lr
):
    # Ragged rows take the per-position path; equal-width rows the (P, K) array path.
    for logits in (rows, [rows[0]] * len(rows)):
        chosen = [data.draw(st.integers(0, len(z) - 1)) for z in logits]
        after = tu.update_all(logits, chosen, advantage, lr)
        assert len(after) == len(logits)
        for z, c, za in zip(logits, chosen, after, strict=True):
            step = (np.asarray(za) - np.asarray(z)) / lr
            reference = central_difference_gradient(z, c, advantage)
            np.testing.assert_allclose(step, reference, rtol=1e-5, atol=1e-6)
