"""Softmax policy helpers against closed forms and finite differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import policy

logit_lists = st.lists(st.floats(-30, 30), min_size=2, max_size=8)


@given(logit_lists)
def test_softmax_is_a_distribution_and_log_softmax_agrees(logits):
    p = policy.softmax(logits)
    assert p.sum() == pytest.approx(1.0, abs=1e-12) and np.all(p >= 0)
    np.testing.assert_allclose(np.exp(policy.log_softmax(logits)), p, atol=1e-12)


def test_softmax_is_stable_for_huge_logits():
    p = policy.softmax([1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(p, [0.5, 0.5, 0.0], atol=1e-12)


def test_policy_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=5)
    chosen = np.array([0, 3, 3, 1])
    adv = np.array([1.2, -0.4, 0.7, -1.5])

    def objective(z):
        return float(np.mean(adv * policy.log_softmax(z)[chosen]))

    h = 1e-6
    numeric = np.array(
        [(objective(logits + h * e) - objective(logits - h * e)) / (2 * h) for e in np.eye(5)]
    )
    analytic = policy.policy_gradient(policy.softmax(logits), chosen, adv)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)


def test_negative_advantage_flips_the_gradient():
    p = policy.softmax([0.3, -0.2, 1.0])
    g = policy.policy_gradient(p, [2], [1.0])
    np.testing.assert_allclose(policy.policy_gradient(p, [2], [-1.0]), -g)
    assert g[2] == pytest.approx(1 - p[2]) and g[0] == pytest.approx(-p[0])


def test_sampling_from_uniforms_follows_the_cdf():
    p = np.array([0.2, 0.5, 0.3])
    u = np.array([0.0, 0.19, 0.2, 0.69, 0.7, 0.999])
    np.testing.assert_array_equal(policy.sample_from_uniforms(p, u), [0, 0, 1, 1, 2, 2])


def test_batched_sampling_matches_one_at_a_time():
    rng = np.random.default_rng(0)
    probs = policy.softmax(rng.normal(size=(6, 4)))
    u = rng.random((6, 10))
    batched = policy.sample_from_uniforms(probs, u)
    for p, uu, b in zip(probs, u, batched, strict=True):
        np.testing.assert_array_equal(policy.sample_from_uniforms(p, uu), b)


def test_sampling_frequencies_converge():
    p = np.array([0.1, 0.6, 0.3])
    draws = policy.sample_from_uniforms(p, np.random.default_rng(1).random(200_000))
    np.testing.assert_allclose(np.bincount(draws, minlength=3) / draws.size, p, atol=0.005)
