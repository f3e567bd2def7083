"""Trust-region math against hand-worked values, a fine grid search, limits, the stationarity
condition, the log-sum-exp value of the optimum, and properties (hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import trust_region as tr

REWARDS = [0.9, 0.5, 0.1]
UNIFORM = [1 / 3] * 3

simplex_points = (
    st.lists(st.floats(0, 1), min_size=3, max_size=3)
    .filter(lambda v: sum(v) > 1e-3)
    .map(lambda v: [x / sum(v) for x in v])
)
references = (
    st.lists(st.floats(0.01, 1), min_size=3, max_size=3)
    .map(lambda v: [x / sum(v) for x in v])
    .filter(lambda v: min(v) >= 0.01)
)
reward_lists = st.lists(st.floats(-1, 1), min_size=3, max_size=3)


# --- KL and expected reward -------------------------------------------------------------------


def test_kl_hand_worked_values():
    # half on A, half on B, none on C, against uniform: log(1.5) (0·log 0 = 0)
    assert tr.kl_divergence([0.5, 0.5, 0.0], UNIFORM) == pytest.approx(math.log(1.5), abs=1e-15)
    assert tr.kl_divergence([1.0, 0.0, 0.0], UNIFORM) == pytest.approx(math.log(3), abs=1e-15)
    # 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75)
    assert tr.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.75, 0.0 + 1e-300]) == pytest.approx(
        0.5 * math.log(2) + 0.5 * math.log(2 / 3)
    )


def test_expected_reward_and_objective_by_hand():
    p = [0.5, 0.3, 0.2]
    assert tr.expected_reward(p, REWARDS) == pytest.approx(0.45 + 0.15 + 0.02)
    kl = 0.5 * math.log(1.5) + 0.3 * math.log(0.9) + 0.2 * math.log(0.6)
    assert tr.objective(p, REWARDS, UNIFORM, 0.04) == pytest.approx(0.62 - 0.04 * kl)


@given(simplex_points, references)
def test_kl_is_non_negative_and_zero_on_itself(p, q):
    assert tr.kl_divergence(p, q) >= -1e-12
    if min(p) > 0:
        assert tr.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)
    assert tr.kl_divergence(q, q) == pytest.approx(0.0, abs=1e-12)


def test_kl_batches_over_leading_axes():
    pts = np.array([[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(
        tr.kl_divergence(pts, UNIFORM), [math.log(3), math.log(1.5), 0.0], atol=1e-15
    )


# --- the optimum ------------------------------------------------------------------------------


def test_optimum_hand_worked_at_beta_one():
    # e^0.9, e^0.5, e^0.1 normalised: 2.459603, 1.648721, 1.105171 over 5.213495
    np.testing.assert_allclose(
        tr.optimal_policy(REWARDS, UNIFORM, 1.0), [0.471776, 0.316241, 0.211983], atol=1e-6
    )


@pytest.mark.parametrize("beta", [0.05, 0.2, 1.0, 2.0])
@pytest.mark.parametrize("reference", [UNIFORM, [0.2, 0.3, 0.5], [0.01, 0.01, 0.98]])
def test_optimum_matches_a_fine_grid_search(beta, reference):
    vertices, _ = tr.simplex_grid(600)  # 180,901 points, spacing 1/600
    values = tr.objective(vertices, REWARDS, reference, beta)
    best = vertices[np.argmax(values)]
    closed = tr.optimal_policy(REWARDS, reference, beta)
    assert np.abs(best - closed).max() <= 2 / 600
    j_closed = tr.objective(closed, REWARDS, reference, beta)
    assert j_closed >= values.max() - 1e-12  # no grid point beats the closed form
    assert j_closed - values.max() < 1e-4  # and the grid gets close to it


@given(reward_lists, references, st.floats(0.05, 2.0))
def test_optimum_satisfies_stationarity(rewards, reference, beta):
    # Lagrange condition on the simplex: R_i − β(log(π_i/πref_i) + 1) is the same for all i
    p = tr.optimal_policy(rewards, reference, beta)
    g = np.asarray(rewards) - beta * (np.log(p / np.asarray(reference)) + 1)
    assert np.ptp(g) < 1e-9


@given(reward_lists, references, st.floats(0.001, 2.0))
def test_optimum_value_is_the_log_partition_function(rewards, reference, beta):
    # max_π E[R] − β KL(π‖πref) = β log Σ πref exp(R/β)  (Donsker–Varadhan / Gibbs)
    r, q = np.asarray(rewards), np.asarray(reference)
    top = r.max()
    expected = top + beta * math.log(float(np.sum(q * np.exp((r - top) / beta))))
    p = tr.optimal_policy(r, q, beta)
    assert tr.objective(p, r, q, beta) == pytest.approx(expected, abs=1e-9)


@given(reward_lists, references, st.floats(0.01, 2.0), simplex_points)
def test_no_policy_beats_the_optimum(rewards, reference, beta, p):
    best = tr.optimal_policy(rewards, reference, beta)
    assert (
        tr.objective(best, rewards, reference, beta)
        >= tr.objective(p, rewards, reference, beta) - 1e-12
    )


def test_beta_to_zero_goes_to_the_best_corner():
    np.testing.assert_allclose(tr.optimal_policy(REWARDS, UNIFORM, 1e-4), [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(tr.optimal_policy(REWARDS, UNIFORM, 5e-324), [1, 0, 0])
    np.testing.assert_array_equal(tr.optimal_policy([0.1, 0.2, 0.7], UNIFORM, 0.0), [0, 0, 1])


def test_beta_zero_splits_a_tie_evenly():
    np.testing.assert_array_equal(
        tr.optimal_policy([0.5, 0.5, 0.1], [0.8, 0.1, 0.1], 0.0), [0.5, 0.5, 0]
    )
    np.testing.assert_allclose(tr.optimal_policy([0.3] * 3, UNIFORM, 0.0), UNIFORM)


@pytest.mark.parametrize("reference", [UNIFORM, [0.6, 0.3, 0.1], [0.01, 0.49, 0.5]])
def test_large_beta_stays_at_the_reference(reference):
    np.testing.assert_allclose(tr.optimal_policy(REWARDS, reference, 1e5), reference, atol=1e-4)


@given(reward_lists, references, st.floats(0.0, 2.0))
def test_optimum_is_a_finite_distribution(rewards, reference, beta):
    p = tr.optimal_policy(rewards, reference, beta)
    assert np.all(np.isfinite(p)) and np.all(p >= 0) and p.sum() == pytest.approx(1, abs=1e-12)


# --- projection onto the simplex ----------------------------------------------------------------


def test_projection_hand_worked():
    np.testing.assert_allclose(tr.project_to_simplex([1, 1, -1]), [0.5, 0.5, 0])
    np.testing.assert_allclose(tr.project_to_simplex([0.5, 0.3, 0.3]), [7 / 15, 4 / 15, 4 / 15])
    np.testing.assert_allclose(tr.project_to_simplex([2, 0, 0]), [1, 0, 0])
    np.testing.assert_allclose(tr.project_to_simplex([0.2, 0.3, 0.5]), [0.2, 0.3, 0.5])


@given(st.lists(st.floats(-3, 3), min_size=3, max_size=3))
def test_projection_is_the_closest_simplex_point(v):
    w = tr.project_to_simplex(v)
    assert np.all(w >= 0) and abs(w.sum() - 1) < 1e-9
    # the variational inequality (v − w)·(s − w) ≤ 0 for every s in the simplex; it is linear
    # in s, so checking the three corners is enough, and it characterises the projection
    d = np.asarray(v) - w
    for corner in np.eye(3):
        assert d @ (corner - w) <= 1e-9


def test_projection_beats_a_brute_force_grid():
    rng = np.random.default_rng(7)
    vertices, _ = tr.simplex_grid(200)
    for v in rng.uniform(-1, 2, size=(20, 3)):
        w = tr.project_to_simplex(v)
        grid_best = np.min(np.sum((vertices - v) ** 2, axis=1))
        assert np.sum((w - v) ** 2) <= grid_best + 1e-12


@pytest.mark.parametrize("bad", [[], [[1, 2]], [1, float("nan"), 0]])
def test_projection_refuses_bad_input(bad):
    with pytest.raises(ValueError):
        tr.project_to_simplex(bad)


def test_floored_policy():
    np.testing.assert_allclose(tr.floored_policy([0.5, 0.3, 0.2], 0.01), [0.5, 0.3, 0.2])
    w = tr.floored_policy([1.0, 0.0, 0.0], 0.01)
    assert w.min() >= 0.01 and w.sum() == pytest.approx(1)
    assert w.min() == pytest.approx(0.01, abs=1e-10)  # no more mixing than needed


@given(simplex_points)
def test_floored_policy_meets_the_floor(p):
    w = tr.floored_policy(p, 0.01)
    assert w.min() >= 0.01 and abs(w.sum() - 1) < 1e-12


# --- grid, contours, landscape --------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 30])
def test_simplex_grid_tiles_the_triangle(n):
    vertices, cells = tr.simplex_grid(n)
    assert len(vertices) == (n + 1) * (n + 2) // 2 and len(cells) == n * n
    np.testing.assert_allclose(vertices.sum(axis=1), 1)
    p = vertices[cells]
    areas = np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1) / 2
    whole = np.linalg.norm(np.cross([0, 1, -1], [-1, 1, 0])) / 2  # the triangle itself
    np.testing.assert_allclose(areas, whole / n**2)
    np.testing.assert_allclose(areas.sum(), whole)


def test_contours_of_a_linear_objective_are_straight_lines():
    # β = 0: J = E[R] is linear, so every crossing point lies exactly on its level
    vertices, cells = tr.simplex_grid(30)
    land = tr.objective_landscape(REWARDS, UNIFORM, 0.0, vertices, cells)
    for level, segs in zip(land.levels, land.segments, strict=True):
        assert len(segs) > 0
        np.testing.assert_allclose(segs.reshape(-1, 3) @ REWARDS, level, atol=1e-12)


def test_contour_points_sit_on_the_level_and_converge_with_the_grid():
    # J is curved (β > 0), so a crossing found by linear interpolation misses the level by the
    # interpolation error. Inside the simplex J is smooth: the error is O(h²), and refining the
    # grid 4× must shrink it about 16× (a wrong crossing rule would not converge at all). At
    # the edges the −β·π·log π term has an unbounded slope: linear interpolation of x·log x on
    # [0, h] errs by at most h/e, so a cell touching the boundary errs by at most about
    # 2βh/e < βh there, which is only O(h). (A test demanding O(h²) everywhere is wrong.)
    beta = 0.5
    interior_errors, edge_errors = [], []
    for n in (30, 120):
        vertices, cells = tr.simplex_grid(n)
        values = tr.objective(vertices, REWARDS, UNIFORM, beta)
        interior = edge = 0.0
        for level in (-0.2, 0.0, 0.2, 0.4):
            pts = tr.contour_segments(vertices, cells, values, level).reshape(-1, 3)
            assert len(pts) > 0
            assert np.all(pts >= -1e-12) and np.allclose(pts.sum(axis=1), 1)
            err = np.abs(tr.objective(pts, REWARDS, UNIFORM, beta) - level)
            inside = pts.min(axis=1) > 0.1
            if inside.any():
                interior = max(interior, err[inside].max())
            edge = max(edge, err.max())
        interior_errors.append(interior)
        edge_errors.append(edge)
        assert edge <= beta / n  # the O(h) bound near the boundary, h = 1/n
    assert interior_errors[0] < 2e-3 and interior_errors[1] < interior_errors[0] / 10


def test_contour_lines_are_connected():
    # each segment end point inside the triangle is shared by exactly two segments (closed or
    # running edge to edge), as for a true level curve
    vertices, cells = tr.simplex_grid(30)
    values = tr.objective(vertices, REWARDS, UNIFORM, 0.5)
    segs = tr.contour_segments(vertices, cells, values, 0.2)
    ends, counts = np.unique(np.round(segs.reshape(-1, 3), 9), axis=0, return_counts=True)
    on_boundary = np.any(np.abs(ends) < 1e-12, axis=1)
    assert np.all(counts[~on_boundary] == 2) and np.all(counts[on_boundary] == 1)


def test_landscape_bands_and_edges():
    vertices, cells = tr.simplex_grid(30)
    land = tr.objective_landscape(REWARDS, UNIFORM, 0.04, vertices, cells, n_bands=8)
    assert land.bands.min() == 0 and land.bands.max() == 7
    assert land.band_edges[0] == pytest.approx(land.cell_values.min())
    assert land.band_edges[-1] == pytest.approx(land.cell_values.max())
    # higher band ⇔ higher value
    order = np.argsort(land.cell_values)
    assert np.all(np.diff(land.bands[order]) >= 0)


def test_landscape_grid_max_is_below_the_closed_form():
    vertices, cells = tr.simplex_grid(30)
    for beta in [0.0, 0.04, 0.3, 2.0]:
        land = tr.objective_landscape(REWARDS, UNIFORM, beta, vertices, cells)
        best = tr.optimal_policy(REWARDS, UNIFORM, beta)
        assert tr.objective(best, REWARDS, UNIFORM, beta) >= land.grid_max_value - 1e-12


def test_flat_landscape_has_no_lines():
    vertices, cells = tr.simplex_grid(10)
    land = tr.objective_landscape([0.3] * 3, UNIFORM, 0.0, vertices, cells)
    assert land.levels.size == 0 and land.segments == [] and set(land.bands) == {0}
