"""Softmax and inverse-CDF sampling at their edges: huge logits, batches, exact CDF values."""

import math

import numpy as np
import pytest

from r1widgets.core import policy

LOG2 = math.log(2.0)


@pytest.mark.parametrize(
    "logits, expected",
    [
        # log softmax = z − log Σ e^z; with one logit 1000 above the rest, e^-1000 underflows
        # to 0 against 1, so the exact double results are these
        ([1000.0, 0.0], [0.0, -1000.0]),
        ([-1000.0, 0.0], [-1000.0, 0.0]),
        ([0.0, -1000.0, 1000.0], [-1000.0, -2000.0, 0.0]),
        # two equal maxima share log 2
        ([1000.0, 1000.0, -1000.0], [-LOG2, -LOG2, -2000.0 - LOG2]),
        ([-1000.0, -1000.0], [-LOG2, -LOG2]),
    ],
)
def test_log_softmax_of_huge_logits_is_finite_and_exact(logits, expected):
    got = policy.log_softmax(logits)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=1e-12)
    np.testing.assert_allclose(policy.softmax(logits), np.exp(expected), rtol=1e-15, atol=0)


def test_log_softmax_and_softmax_work_along_the_axis_asked_for():
    z = np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 1000.0]])
    rows = policy.log_softmax(z)  # axis -1: each row on its own
    np.testing.assert_allclose(rows, [[0.0, -1000.0, -2000.0], [-1000.0, -1000.0, 0.0]])
    cols = policy.log_softmax(z, axis=0)  # each column on its own
    np.testing.assert_allclose(
        cols, [[0.0, -LOG2, -2000.0], [-1000.0, -LOG2, 0.0]], rtol=1e-15, atol=1e-12
    )
    np.testing.assert_allclose(policy.softmax(z, axis=0), np.exp(cols), atol=0)
    # a (2, 2) batch where mixing up the axes would give other numbers
    square = np.array([[3.0, 1.0], [0.0, 2.0]])
    by_hand = square - np.log(np.exp(square).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(policy.log_softmax(square), by_hand, rtol=1e-14)
    np.testing.assert_allclose(policy.softmax(square), np.exp(by_hand), rtol=1e-14)


# Probabilities whose cumulative sums are exact in binary, so u can sit exactly on a CDF value.
EXACT = [
    [0.0, 0.5, 0.5],  # a probability-0 action first: u = 0 must skip it
    [0.5, 0.0, 0.5],  # ... in the middle: u = 0.5 must skip it
    [0.25, 0.25, 0.0, 0.5],
    [0.5, 0.5, 0.0, 0.0],  # ... at the end: no u in [0, 1) may reach them
]


def _by_hand(p, u):
    """The index i with cdf[i-1] <= u < cdf[i], by a plain loop (cdf[-1] = 0)."""
    total = 0.0
    for i, pi in enumerate(p):
        if total <= u < total + pi:
            return i
        total += pi
    raise AssertionError("u outside [0, 1)")


@pytest.mark.parametrize("batched", [False, True])
def test_sampling_on_exact_cdf_values_never_picks_a_probability_zero_action(batched):
    for p in EXACT:
        cdf = np.cumsum(p)
        u = np.unique(np.concatenate([[0.0], cdf[:-1], np.nextafter(cdf, 0), [0.999]]))
        u = u[(u >= 0) & (u < 1)]
        if batched:  # the (..., N) path: the same row three times in a batch
            got = policy.sample_from_uniforms(np.tile(p, (3, 1)), np.tile(u, (3, 1)))
            assert got.shape == (3, u.size)
            assert all((row == got[0]).all() for row in got)
            got = got[0]
        else:
            got = policy.sample_from_uniforms(p, u)
        assert [int(i) for i in got] == [_by_hand(p, x) for x in u], (p, u)
        assert all(p[i] > 0 for i in got)


def test_batched_sampling_with_different_rows_on_their_boundaries():
    probs = np.array([[0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.25, 0.25, 0.5]])
    u = np.array([[0.0, 0.5], [0.0, 0.5], [0.25, 0.5]])
    np.testing.assert_array_equal(policy.sample_from_uniforms(probs, u), [[1, 2], [0, 2], [1, 2]])


@pytest.mark.parametrize("batched", [False, True])
def test_round_off_in_the_cdf_cannot_push_a_draw_past_the_last_action(batched):
    p = np.full(10, 0.1)  # Σ of ten 0.1 is 1 − 2⁻⁵³ in doubles, one ulp short of 1
    assert np.cumsum(p)[-1] < 1.0
    u = np.array([np.nextafter(1.0, 0.0)])  # the largest uniform below 1
    got = policy.sample_from_uniforms(p[None] if batched else p, u[None] if batched else u)
    assert int(np.ravel(got)[0]) == 9
