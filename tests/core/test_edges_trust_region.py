"""The trust-region landscape at the core level, checked against a plain-Python objective, and
the floor that turns a policy into a reference, at its ends."""

import math

import numpy as np
import pytest

from r1widgets.core import trust_region as tr

REWARDS = [0.9, 0.5, 0.1]
REFERENCE = [0.5, 0.3, 0.2]


def objective_by_hand(p, rewards, beta, reference=REFERENCE):
    """J(π) = Σ π R − β Σ π log(π/πref), with 0·log 0 = 0, one number at a time."""
    gain = sum(pi * r for pi, r in zip(p, rewards, strict=True))
    kl = sum(pi * math.log(pi / q) for pi, q in zip(p, reference, strict=True) if pi > 0)
    return gain - beta * kl


CASES = [  # (grid, levels, bands, rewards, β): J spans more than 1 in the first, 0.05 in the last
    (4, 6, 8, REWARDS, 0.3),
    (7, 3, 5, REWARDS, 0.3),
    (12, 1, 2, [0.3, 0.2, 0.1], 0.05),
]


@pytest.mark.parametrize("n, n_levels, n_bands, rewards, beta", CASES)
def test_landscape_against_the_objective_by_hand(n, n_levels, n_bands, rewards, beta):
    vertices, cells = tr.simplex_grid(n)
    land = tr.objective_landscape(rewards, REFERENCE, beta, vertices, cells, n_levels, n_bands)

    # one value per cell: J at the cell's centroid
    centroids = [np.mean([vertices[i] for i in cell], axis=0) for cell in cells]
    at_cells = [objective_by_hand(c, rewards, beta) for c in centroids]
    assert land.cell_values.shape == (n * n,) == (len(cells),)
    np.testing.assert_allclose(land.cell_values, at_cells, rtol=1e-12, atol=1e-12)

    # contour levels: n_levels values splitting the vertex range evenly, ends excluded
    at_vertices = [objective_by_hand(v, rewards, beta) for v in vertices]
    lo, hi = min(at_vertices), max(at_vertices)
    expected = [lo + (hi - lo) * k / (n_levels + 1) for k in range(1, n_levels + 1)]
    np.testing.assert_allclose(land.levels, expected, rtol=1e-12)
    assert np.all(np.diff(land.levels) > 0)  # monotone
    assert lo < land.levels[0] and land.levels[-1] < hi
    assert len(land.segments) == n_levels

    # bands: edges rise from the lowest to the highest cell; each cell sits in its band
    lo_c, hi_c = min(at_cells), max(at_cells)
    np.testing.assert_allclose(land.band_edges, np.linspace(lo_c, hi_c, n_bands + 1), rtol=1e-12)
    assert np.all(np.diff(land.band_edges) > 0)
    assert land.bands.min() == 0 and land.bands.max() == n_bands - 1
    for value, band in zip(at_cells, land.bands, strict=True):
        assert land.band_edges[band] - 1e-12 <= value <= land.band_edges[band + 1] + 1e-12

    # the best grid point, over vertices and centroids
    every = at_vertices + at_cells
    assert land.grid_max_value == pytest.approx(max(every), abs=1e-12)
    assert objective_by_hand(land.grid_argmax, rewards, beta) == pytest.approx(
        max(every), abs=1e-12
    )


@pytest.mark.parametrize(
    "n, n_levels, rewards, beta", [(6, 7, REWARDS, 0.3), (9, 2, [0.3, 0.2, 0.1], 0.05)]
)
def test_filled_landscape_against_the_objective_by_hand(n, n_levels, rewards, beta):
    vertices, cells = tr.simplex_grid(n)
    land = tr.filled_landscape(rewards, REFERENCE, beta, vertices, cells, n_levels)
    at_vertices = [objective_by_hand(v, rewards, beta) for v in vertices]
    np.testing.assert_allclose(land.vertex_values, at_vertices, rtol=1e-12, atol=1e-12)
    lo, hi = min(at_vertices), max(at_vertices)
    expected = [lo + (hi - lo) * k / (n_levels + 1) for k in range(1, n_levels + 1)]
    np.testing.assert_allclose(land.levels, expected, rtol=1e-12)
    assert np.all(np.diff(land.levels) > 0)  # monotone
    np.testing.assert_allclose(land.band_edges, [lo, *expected, hi], rtol=1e-12)
    # each cell's base band: how many levels lie at or below its lowest vertex
    for cell, band in zip(cells, land.base_bands, strict=True):
        lowest = min(at_vertices[i] for i in cell)
        assert band == sum(level <= lowest for level in land.levels)
    assert len(land.pieces) == n_levels
    assert land.grid_max_value == pytest.approx(hi, abs=1e-12)
    assert objective_by_hand(land.grid_argmax, rewards, beta) == pytest.approx(hi)


def test_contour_lines_for_several_levels_are_each_levels_own():
    vertices, cells = tr.simplex_grid(10)
    values = tr.objective(vertices, REWARDS, REFERENCE, 0.3)
    levels = [-0.3, 0.0, 0.2]
    together = tr.contour_lines(vertices, cells, values, levels)
    assert len(together) == 3
    for level, segs in zip(levels, together, strict=True):
        np.testing.assert_array_equal(segs, tr.contour_segments(vertices, cells, values, level))


def test_a_vertex_exactly_on_the_level_counts_as_above():
    # one triangle with values 0, 1, 2: the level 1 passes through the middle vertex. With
    # "above" meaning >= level, the edges (0→1) and (2→0) are crossed: one segment from the
    # middle vertex to the midpoint of the opposite edge.
    vertices = np.eye(3)
    segs = tr.contour_segments(vertices, [[0, 1, 2]], [0.0, 1.0, 2.0], 1.0)
    assert segs.shape == (1, 2, 3)
    np.testing.assert_allclose(sorted(map(tuple, segs[0])), [(0, 1, 0), (0.5, 0, 0.5)])


def test_floor_zero_leaves_any_policy_as_it_is():
    for p in ([0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.0, 0.25, 0.75]):
        np.testing.assert_array_equal(tr.floored_policy(p, 0.0), p)


def test_floor_one_over_k_gives_the_uniform_policy():
    np.testing.assert_allclose(tr.floored_policy([1.0, 0.0, 0.0], 1 / 3), [1 / 3] * 3)
    np.testing.assert_allclose(tr.floored_policy([0.7, 0.2, 0.1, 0.0], 0.25), [0.25] * 4)


def test_floor_mixes_just_enough_from_a_positive_minimum():
    # smallest 0.02 < floor 0.05: λ = (0.05 − 0.02) / (1/3 − 0.02), and then min w = 0.05
    lam = 0.03 / (1 / 3 - 0.02)
    w = tr.floored_policy([0.9, 0.08, 0.02], 0.05)
    np.testing.assert_allclose(w, (1 - lam) * np.array([0.9, 0.08, 0.02]) + lam / 3, rtol=1e-9)
    assert w.min() >= 0.05 and w.min() == pytest.approx(0.05, abs=1e-10)


def test_floor_mixes_just_enough_toward_uniform():
    # w = (1 − λ)π + λ/3 with min w = 0.1: λ = (0.1 − 0) / (1/3 − 0) = 0.3
    w = tr.floored_policy([0.8, 0.2, 0.0], 0.1)
    np.testing.assert_allclose(w, [0.7 * 0.8 + 0.1, 0.7 * 0.2 + 0.1, 0.1], rtol=1e-10)
    assert w.min() >= 0.1


@pytest.mark.parametrize("floor", [-0.01, 1 / 3 + 1e-9, 0.5])
def test_floor_outside_zero_to_one_over_k_is_refused(floor):
    with pytest.raises(ValueError, match="floor"):
        tr.floored_policy([0.5, 0.3, 0.2], floor)


def test_negative_beta_is_refused():
    with pytest.raises(ValueError, match="kl_beta"):
        tr.optimal_policy(REWARDS, REFERENCE, -0.1)


@pytest.mark.parametrize("n", [0, -1])
def test_a_grid_needs_one_subdivision(n):
    with pytest.raises(ValueError, match="subdivisions"):
        tr.simplex_grid(n)
