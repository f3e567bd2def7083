"""The KL penalty toward a reference on a three-action simplex: objective, optimum, landscape.

A policy π over K actions earns E[R] = π·R and pays β·KL(π‖πref) for leaving the reference.
The penalty is soft: every policy is allowed, drifting only costs. (GRPO's stand-in for a
per-update trust region is another device, PPO's ratio clip on πθ/πold; not modelled here.)
The objective J(π) = π·R − β·KL(π‖πref) is concave on the simplex; its maximiser has the
closed form π* ∝ πref·exp(R/β) (the Gibbs / Donsker–Varadhan solution), and its maximum value
is β·log Σ πref·exp(R/β). Pure numpy: no widget imports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .policy import softmax


def expected_reward(policy: ArrayLike, rewards: ArrayLike) -> NDArray[np.float64] | float:
    """E[R] = Σ π_i R_i over the last axis (batched policies allowed)."""
    p = np.asarray(policy, dtype=float)
    value = p @ np.asarray(rewards, dtype=float)
    return float(value) if np.ndim(value) == 0 else value


def kl_divergence(policy: ArrayLike, reference: ArrayLike) -> NDArray[np.float64] | float:
    """KL(π‖πref) = Σ π_i log(π_i / πref_i) in nats, with 0·log 0 = 0.

    Parameters
    ----------
    policy : (..., K) probabilities (entries may be exactly 0).
    reference : (K,) reference probabilities, all positive.
    """
    p = np.asarray(policy, dtype=float)
    q = np.asarray(reference, dtype=float)
    positive = p > 0
    safe = np.where(positive, p, 1.0)
    terms = np.where(positive, p * (np.log(safe) - np.log(q)), 0.0)
    value = terms.sum(axis=-1)
    return float(value) if np.ndim(value) == 0 else value


def objective(
    policy: ArrayLike, rewards: ArrayLike, reference: ArrayLike, kl_beta: float
) -> NDArray[np.float64] | float:
    """The regularised objective J(π) = E[R] − β·KL(π‖πref)."""
    value = np.asarray(expected_reward(policy, rewards)) - kl_beta * np.asarray(
        kl_divergence(policy, reference)
    )
    return float(value) if np.ndim(value) == 0 else value


def optimal_policy(rewards: ArrayLike, reference: ArrayLike, kl_beta: float) -> NDArray[np.float64]:
    """The maximiser of J on the simplex: π* ∝ πref·exp(R/β).

    Computed in log space as softmax((R − max R)/β + log πref), which stays finite for any
    β > 0, however small. At β = 0 exactly, J is the expected reward alone and the optimum is
    the best corner; tied best actions share the mass evenly (the limit β → 0⁺ would instead
    split a tie in proportion to πref).
    """
    r = np.asarray(rewards, dtype=float)
    q = np.asarray(reference, dtype=float)
    if kl_beta < 0:
        raise ValueError(f"kl_beta must be >= 0, not {kl_beta}")
    if kl_beta == 0:
        best = (r == r.max()).astype(float)
        return best / best.sum()
    with np.errstate(over="ignore"):  # (R - max)/β may be -inf for a tiny β: exp gives 0
        logits = (r - r.max()) / kl_beta + np.log(q)
    return softmax(logits)


def project_to_simplex(values: ArrayLike) -> NDArray[np.float64]:
    """The Euclidean projection of a vector onto the probability simplex.

    The closest point w (in squared distance) with w ≥ 0 and Σ w = 1 is w = max(v − θ, 0),
    where θ is found by sorting v in decreasing order u and taking the largest ρ with
    u_ρ − (Σ_{j≤ρ} u_j − 1)/ρ > 0; then θ = (Σ_{j≤ρ} u_j − 1)/ρ. A final division by the sum
    removes round-off, so the result sums to 1 within machine precision.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise ValueError("project_to_simplex needs a non-empty 1-D vector of finite numbers")
    u = np.sort(v)[::-1]
    cumulative = np.cumsum(u) - 1.0
    ranks = np.arange(1, v.size + 1)
    rho = np.nonzero(u - cumulative / ranks > 0)[0][-1]  # index 0 always qualifies
    theta = cumulative[rho] / (rho + 1)
    w = np.maximum(v - theta, 0.0)
    return w / w.sum()


def simplex_grid(subdivisions: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """A triangular grid over the 3-simplex.

    Returns
    -------
    vertices : (V, 3) barycentric points (i, j, k)/n with i + j + k = n, V = (n+1)(n+2)/2,
        ordered by i (the first action's share) then j.
    cells : (n², 3) vertex indices of the small triangles (n(n+1)/2 pointing one way and
        n(n−1)/2 the other), which tile the simplex.
    """
    n = int(subdivisions)
    if n < 1:
        raise ValueError(f"subdivisions must be >= 1, not {subdivisions}")
    index: dict[tuple[int, int], int] = {}
    points = []
    for i in range(n + 1):
        for j in range(n + 1 - i):
            index[(i, j)] = len(points)
            points.append((i / n, j / n, (n - i - j) / n))
    cells = []
    for i in range(n):
        for j in range(n - i):
            cells.append((index[(i, j)], index[(i + 1, j)], index[(i, j + 1)]))
            if i + j < n - 1:
                cells.append((index[(i + 1, j)], index[(i + 1, j + 1)], index[(i, j + 1)]))
    return np.array(points), np.array(cells, dtype=np.int64)


def contour_segments(
    vertices: ArrayLike, cells: ArrayLike, values: ArrayLike, level: float
) -> NDArray[np.float64]:
    """Marching triangles: the level set {J = level} as straight segments, one per cell.

    A vertex counts as "above" when its value is ≥ level; an edge whose ends disagree is
    crossed at the linearly interpolated point. Every triangle has 0 or 2 such edges.

    Returns
    -------
    (S, 2, 3) array: S segments, each two barycentric end points.
    """
    return contour_lines(vertices, cells, values, [level])[0]


def contour_lines(
    vertices: ArrayLike, cells: ArrayLike, values: ArrayLike, levels: ArrayLike
) -> list[NDArray[np.float64]]:
    """:func:`contour_segments` for several levels, sharing the edge lookups between them."""
    pts = np.asarray(vertices, dtype=float)
    tri = np.asarray(cells, dtype=np.int64)
    val = np.asarray(values, dtype=float)
    ends = tri[:, [1, 2, 0]]  # edges (0,1), (1,2), (2,0)
    p0, dp = pts[tri], pts[ends] - pts[tri]  # (C, 3 edges, 3)
    v0, v1 = val[tri], val[ends]
    dv = v1 - v0
    out = []
    for level in np.asarray(levels, dtype=float).ravel():
        crossed = (v0 >= level) != (v1 >= level)
        two = np.count_nonzero(crossed, axis=1) == 2
        keep = crossed & two[:, None]
        t = (level - v0[keep]) / dv[keep]  # dv ≠ 0 on a crossed edge
        out.append((p0[keep] + t[:, None] * dp[keep]).reshape(-1, 2, 3))
    return out


@dataclass(frozen=True)
class Landscape:
    """The objective over the grid: what the heat map and contour lines draw."""

    cell_values: NDArray[np.float64]  # J at each cell's centroid
    bands: NDArray[np.int64]  # each cell's shade, 0 (lowest) .. n_bands − 1 (highest)
    band_edges: NDArray[np.float64]  # n_bands + 1 objective values bounding the bands
    levels: NDArray[np.float64]  # contour levels
    segments: list[NDArray[np.float64]]  # per level, (S, 2, 3) barycentric segments
    grid_max_value: float  # the largest J over vertices and centroids
    grid_argmax: NDArray[np.float64]  # where it is


def objective_landscape(
    rewards: ArrayLike,
    reference: ArrayLike,
    kl_beta: float,
    vertices: ArrayLike,
    cells: ArrayLike,
    n_levels: int = 6,
    n_bands: int = 8,
) -> Landscape:
    """Evaluate J on a simplex grid, shade its cells and trace evenly spaced contour levels.

    The cells are shaded in ``n_bands`` equal steps between the smallest and largest centroid
    value; the ``n_levels`` contour levels split the range of the vertex values evenly
    (endpoints excluded). A flat objective gets one band and no contour lines.
    """
    pts = np.asarray(vertices, dtype=float)
    tri = np.asarray(cells, dtype=np.int64)
    at_vertices = np.asarray(objective(pts, rewards, reference, kl_beta))
    centroids = pts[tri].mean(axis=1)
    at_cells = np.asarray(objective(centroids, rewards, reference, kl_beta))

    lo, hi = float(at_cells.min()), float(at_cells.max())
    span = hi - lo
    if span > 1e-12:
        bands = np.clip(np.floor((at_cells - lo) / span * n_bands), 0, n_bands - 1).astype(int)
    else:
        bands = np.zeros(at_cells.shape, dtype=int)
    edges = lo + span * np.arange(n_bands + 1) / n_bands

    vlo, vhi = float(at_vertices.min()), float(at_vertices.max())
    if vhi - vlo > 1e-12:
        levels = vlo + (vhi - vlo) * np.arange(1, n_levels + 1) / (n_levels + 1)
    else:
        levels = np.array([])
    segments = contour_lines(pts, tri, at_vertices, levels)

    every = np.concatenate([at_vertices, at_cells])
    where = np.concatenate([pts, centroids])
    best = int(np.argmax(every))
    return Landscape(at_cells, bands, edges, levels, segments, float(every[best]), where[best])


def floored_policy(policy: ArrayLike, floor: float) -> NDArray[np.float64]:
    """Mix π with the uniform policy just enough that every entry is at least ``floor``.

    w = (1 − λ)·π + λ/K with the smallest λ in [0, 1] giving min w ≥ floor, so a policy that
    already meets the floor is returned unchanged. Used to turn the current policy into a valid
    reference (a reference with a zero entry would make KL infinite).
    """
    p = np.asarray(policy, dtype=float)
    k = p.size
    if not 0 <= floor <= 1 / k:
        raise ValueError(f"floor must be in [0, 1/{k}], not {floor}")
    smallest = float(p.min())
    if smallest >= floor:
        return p / p.sum()
    # a hair more than the exact λ, so round-off cannot leave an entry just under the floor
    mix = min(1.0, (floor - smallest) / (1 / k - smallest) + 1e-12)
    w = (1 - mix) * p + mix / k
    return w / w.sum()


def _crossing(
    pts: NDArray[np.float64], val: NDArray[np.float64], i: NDArray, j: NDArray, level: NDArray
) -> NDArray[np.float64]:
    """Where each edge (i, j) meets its level, interpolated from the edge's lower-numbered end,
    so the two cells sharing an edge get bit-identical points (their pieces leave no gap)."""
    a, b = np.minimum(i, j), np.maximum(i, j)
    t = (level - val[a]) / (val[b] - val[a])  # the ends lie on either side: no 0 / 0
    return pts[a] + t[:, None] * (pts[b] - pts[a])


def superlevel_pieces(
    vertices: ArrayLike, cells: ArrayLike, values: ArrayLike, levels: ArrayLike
) -> list[NDArray[np.float64]]:
    """Per level, the part of each cell its contour {J = level} crosses where J ≥ level.

    J is interpolated linearly inside each cell (as for :func:`contour_lines`). A crossed cell
    has one vertex alone on its side of the level (alone above or alone below); the part at or
    above the level is then a triangle (the lone vertex is above) or a quadrilateral (it is
    below). Each piece is four points [X1, X2, Q2, Q1]: X1X2 is the contour segment (X1 on the
    edge from the lone vertex to the next one, X2 on the edge to the one after), Q2 and Q1 the
    cell's vertices at or above the level, X2's neighbour first, so the four points trace the
    polygon without crossing; a triangle repeats its vertex (Q2 = Q1). Cells wholly above or
    below a level give nothing for it.

    Returns
    -------
    One (S, 4, 3) array per level: S pieces, four barycentric points each.
    """
    pts = np.asarray(vertices, dtype=float)
    tri = np.asarray(cells, dtype=np.int64)
    val = np.asarray(values, dtype=float)
    lv = np.asarray(levels, dtype=float).ravel()
    if lv.size == 0:
        return []
    at = val[tri]  # (C, 3)
    lo, hi = at.min(axis=1), at.max(axis=1)
    # every (level, cell) pair the level crosses: some vertex below it, some at or above
    which, cell = np.nonzero((lo[None, :] < lv[:, None]) & (hi[None, :] >= lv[:, None]))
    level = lv[which]
    above = at[cell] >= level[:, None]
    lone_above = np.count_nonzero(above, axis=1) == 1
    lone = np.where(lone_above, np.argmax(above, axis=1), np.argmin(above, axis=1))
    corners = tri[cell]
    rows = np.arange(cell.size)
    i0 = corners[rows, lone]
    i1 = corners[rows, (lone + 1) % 3]
    i2 = corners[rows, (lone + 2) % 3]
    x1 = _crossing(pts, val, i0, i1, level)
    x2 = _crossing(pts, val, i0, i2, level)
    q2 = np.where(lone_above[:, None], pts[i0], pts[i2])
    q1 = np.where(lone_above[:, None], pts[i0], pts[i1])
    pieces = np.stack([x1, x2, q2, q1], axis=1)
    return np.split(pieces, np.cumsum(np.bincount(which, minlength=lv.size))[:-1])


@dataclass(frozen=True)
class FilledLandscape:
    """The objective over the grid as filled bands whose edges are the contour lines.

    Band k holds J between ``band_edges[k]`` and ``band_edges[k + 1]``; the interior edges are
    the contour ``levels``. A view paints, in order k = 0, 1, ...: the cells whose base band
    is k, then the pieces of level k − 1 (the part of a crossed cell at or above that level).
    Each later band lies inside the earlier ones, so the painted bands meet exactly along the
    contour lines, which are the first two points of every piece.
    """

    vertex_values: NDArray[np.float64]  # J at each grid vertex
    levels: NDArray[np.float64]  # contour levels, rising
    band_edges: NDArray[np.float64]  # lowest vertex value, the levels, highest vertex value
    base_bands: NDArray[np.int64]  # per cell: the number of levels at or below its lowest vertex
    pieces: list[NDArray[np.float64]]  # per level, (S, 4, 3): see superlevel_pieces
    grid_max_value: float  # the largest J over the vertices
    grid_argmax: NDArray[np.float64]  # where it is


def filled_landscape(
    rewards: ArrayLike,
    reference: ArrayLike,
    kl_beta: float,
    vertices: ArrayLike,
    cells: ArrayLike,
    n_levels: int = 7,
) -> FilledLandscape:
    """Evaluate J at the grid's vertices and cut it into ``n_levels + 1`` filled bands.

    The levels split the range of the vertex values evenly (ends excluded), as in
    :func:`objective_landscape`; a flat objective gets no levels and one band.
    """
    pts = np.asarray(vertices, dtype=float)
    tri = np.asarray(cells, dtype=np.int64)
    at_vertices = np.asarray(objective(pts, rewards, reference, kl_beta), dtype=float)
    lo, hi = float(at_vertices.min()), float(at_vertices.max())
    if hi - lo > 1e-12:
        levels = lo + (hi - lo) * np.arange(1, n_levels + 1) / (n_levels + 1)
    else:
        levels = np.array([])
    base = np.searchsorted(levels, at_vertices[tri].min(axis=1), side="right")
    pieces = superlevel_pieces(pts, tri, at_vertices, levels)
    best = int(np.argmax(at_vertices))
    return FilledLandscape(
        vertex_values=at_vertices,
        levels=levels,
        band_edges=np.concatenate([[lo], levels, [hi]]),
        base_bands=base.astype(np.int64),
        pieces=pieces,
        grid_max_value=float(at_vertices[best]),
        grid_argmax=pts[best],
    )
