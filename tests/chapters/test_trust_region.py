"""Chapter 11 TrustRegion: inputs set as the browser sets them give the right derived values;
refused values snap back; the grid is recomputed only when β, rewards or reference change."""

import math

import numpy as np
import pytest
import traitlets
from helpers import HOSTILE_VALUES, FakeBrowser, assert_derived_refused, assert_refused
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.chapters import trust_region as chapter_module
from r1widgets.chapters.trust_region import DEFAULT_BETA, TrustRegion
from r1widgets.core import trust_region as trc

INPUTS = ["action_rewards", "reference_policy", "policy", "kl_beta"]


def on_simplex(p, tol=1e-9):
    return len(p) == 3 and min(p) >= 0 and abs(sum(p) - 1) <= tol


def test_defaults():
    w = TrustRegion()
    assert w.action_rewards == [0.9, 0.5, 0.1]
    assert w.reference_policy == pytest.approx([1 / 3] * 3)
    assert w.kl_beta == DEFAULT_BETA == 0.5
    assert on_simplex(w.policy) and w.error == "" and w.action_status == ""
    # hand-worked: π = (0.5, 0.3, 0.2) against uniform
    kl = 0.5 * math.log(1.5) + 0.3 * math.log(0.9) + 0.2 * math.log(0.6)
    assert w.expected_reward == pytest.approx(0.62)
    assert w.kl == pytest.approx(kl)
    assert w.objective == pytest.approx(0.62 - 0.5 * kl)
    # β = 0.5: R/β = 1.8, 1.0, 0.2, so π* ∝ (1, e^-0.8, e^-1.6)
    x = math.exp(-0.8)
    z = 1 + x + x * x
    assert w.optimum == pytest.approx([1 / z, x / z, x * x / z])
    assert w.grid_computations == 1
    assert "0.001" in w.beta_note and "0.04" in w.beta_note
    assert str(paper.R1_FIRST_RL_STAGE["kl_beta"].value) in w.beta_note


def test_the_default_beta_puts_the_optimum_visibly_inside_the_triangle():
    """At the starting β every action keeps a visible share (≥ 0.05 = 5% of the triangle's
    height from each edge), unlike at the published values, where π* reads 1 · 0 · 0."""
    w = TrustRegion()
    assert TrustRegion.class_traits()["kl_beta"].default_value == DEFAULT_BETA
    assert min(w.optimum) >= 0.05 and max(w.optimum) <= 0.95
    for beta in (
        paper.DEEPSEEKMATH_GRPO["kl_beta"].value,
        paper.R1_FIRST_RL_STAGE["kl_beta"].value,
    ):
        assert min(TrustRegion(kl_beta=beta).optimum) < 1e-4
    # the note says so with the numbers of the current rewards
    assert "π* at β = 0.04 is 1.000 · 0.000 · 0.000" in w.beta_note
    assert "at β = 0.001 it is 1.000 · 0.000 · 0.000" in w.beta_note
    w.action_rewards = [0.9, 0.5, 0.89]
    assert "1.000 · 0.000 · 0.000" not in w.beta_note.split("at β = 0.001")[0]


def test_the_kl_term_is_named_a_penalty_not_a_trust_region():
    doc = (TrustRegion.__doc__ or "") + (chapter_module.__doc__ or "") + (trc.__doc__ or "")
    assert "soft penalty" in doc and "ratio clip" in doc
    assert "KL trust region" not in doc


def test_beta_one_gives_the_hand_worked_optimum(browser):
    w = TrustRegion()
    browser(w).update(kl_beta=1.0)
    # e^0.9, e^0.5, e^0.1 normalised
    assert w.optimum == pytest.approx([0.471776, 0.316241, 0.211983], abs=1e-6)
    # the value of the optimum: β·log Σ πref e^(R/β) = log((e^.9 + e^.5 + e^.1)/3)
    assert w.optimum_objective == pytest.approx(math.log(5.213495 / 3), abs=1e-6)
    assert w.optimum_objective == pytest.approx(
        w.optimum_expected_reward - 1.0 * w.optimum_kl, abs=1e-12
    )


def test_policy_from_the_browser_updates_the_readouts(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(policy=[1.0, 0.0, 0.0])
    assert w.expected_reward == pytest.approx(0.9)
    assert w.kl == pytest.approx(math.log(3))
    assert w.objective == pytest.approx(0.9 - 0.5 * math.log(3))
    b.update(policy=[1 / 3, 1 / 3, 1 / 3])
    assert w.kl == pytest.approx(0.0, abs=1e-12) and w.objective == pytest.approx(0.5)


def test_a_point_slightly_off_the_simplex_is_projected_and_sent_back(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(policy=[0.5, 0.3, 0.25])  # sums to 1.05: θ = 0.05/3 off each
    assert w.policy == pytest.approx([0.5 - 0.05 / 3, 0.3 - 0.05 / 3, 0.25 - 0.05 / 3])
    assert w.error == ""
    assert b.state_sent()["policy"] == pytest.approx(w.policy)  # the view moves the dot
    b.update(policy=[1.2, -0.1, -0.1])  # a drag past corner A
    assert w.policy == [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "bad, why",
    [
        ([1.0, 1.0, 1.0], "sum"),
        ([0.0, 0.0, 0.0], "sum"),
        ([0.5, 0.5], "3 to 3"),
        ([0.5, 0.5, 0.0, 0.0], "3 to 3"),
        ([3.0, -1.0, -1.0], "[-1, 2]"),
        ([0.5, 0.5, float("nan")], "policy[2]"),
    ],
)
def test_wildly_off_policies_are_refused(browser, bad, why):
    w = TrustRegion()
    before = list(w.policy)
    b = browser(w)
    b.update(policy=bad)
    assert w.policy == before and why in w.error
    assert b.state_sent()["policy"] == before


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1.5, 2.5, allow_nan=False), min_size=3, max_size=3))
def test_any_browser_policy_leaves_a_policy_on_the_simplex(values):
    w = TrustRegion()
    FakeBrowser(w).update(policy=values)
    assert on_simplex(w.policy)
    assert w.kl >= -1e-12 and np.isfinite(w.objective)


def test_reference_must_sum_to_one_and_keep_every_action(browser):
    w = TrustRegion()
    b = browser(w)
    b.update(reference_policy=[0.5, 0.3, 0.2 + 5e-7])  # within 1e-6: renormalised
    assert sum(w.reference_policy) == pytest.approx(1, abs=1e-15) and w.error == ""
    before = list(w.reference_policy)
    b.update(reference_policy=[0.5, 0.3, 0.3])
    assert w.reference_policy == before and "sum to 1" in w.error
    b.update(reference_policy=[0.995, 0.0, 0.005])
    assert w.reference_policy == before and "reference_policy[1]" in w.error


def test_reference_moves_the_optimum_and_zeroes_kl(browser):
    w = TrustRegion(kl_beta=2.0)
    b = browser(w)
    b.update(reference_policy=[0.2, 0.3, 0.5], policy=[0.2, 0.3, 0.5])
    assert w.kl == pytest.approx(0.0, abs=1e-12)
    # stationarity of the closed form under the new reference (an independent condition)
    g = np.array(w.action_rewards) - 2.0 * (np.log(np.array(w.optimum) / [0.2, 0.3, 0.5]) + 1)
    assert np.ptp(g) < 1e-9


def test_rewards_from_the_browser(browser):
    w = TrustRegion(kl_beta=0.0)
    b = browser(w)
    b.update(action_rewards=[-0.5, 1.0, 0.2])
    assert w.optimum == [0.0, 1.0, 0.0]
    assert w.expected_reward == pytest.approx(0.5 * -0.5 + 0.3 * 1.0 + 0.2 * 0.2)
    b.update(action_rewards=[0.5, 0.5, 0.1])  # a tie at β = 0: split evenly
    assert w.optimum == [0.5, 0.5, 0.0]


def test_beta_limits_through_the_widget(browser):
    w = TrustRegion(reference_policy=[0.6, 0.3, 0.1])
    b = browser(w)
    b.update(kl_beta=0.0)
    assert w.optimum == [1.0, 0.0, 0.0]
    b.update(kl_beta=2.0)
    # β = 2 keeps π* near πref: the pull of R/β = 0.45, 0.25, 0.05 is weak
    assert np.abs(np.array(w.optimum) - [0.6, 0.3, 0.1]).max() < 0.1
    assert w.optimum_kl < 0.01


def test_grid_is_recomputed_only_when_beta_rewards_or_reference_change(browser):
    w = TrustRegion()
    b = browser(w)
    start = w.grid_computations
    contours = w.contours
    rng = np.random.default_rng(0)
    for p in rng.dirichlet([1, 1, 1], size=100):
        b.update(policy=p.tolist())
    assert w.grid_computations == start
    assert w.contours is contours
    b.clear()
    b.update(policy=[0.2, 0.2, 0.6])
    assert "contours" not in b.state_sent()
    b.update(kl_beta=0.3)
    assert w.grid_computations == start + 1 and "contours" in b.state_sent()
    b.update(action_rewards=[0.1, 0.5, 0.9])
    b.update(reference_policy=[0.5, 0.25, 0.25])
    assert w.grid_computations == start + 3


def test_the_core_grid_function_is_called_only_for_grid_inputs(browser, monkeypatch):
    # count calls of the core function itself, independently of the widget's own counter
    import r1widgets.chapters.trust_region as chapter

    calls = []
    real = chapter.tr.filled_landscape

    def counting(*args, **kwargs):
        calls.append(args[2])  # kl_beta
        return real(*args, **kwargs)

    monkeypatch.setattr(chapter.tr, "filled_landscape", counting)
    w = TrustRegion()
    assert calls == [0.5]
    b = browser(w)
    b.update(policy=[0.6, 0.2, 0.2])
    w.policy = [0.1, 0.1, 0.8]
    w.move_to_optimum()
    w.move_to_reference()
    assert calls == [0.5]
    w.kl_beta = 0.7
    w.use_r1_beta()
    b.update(action_rewards=[0.0, 0.5, 1.0])
    w.reference_from_policy()  # the policy is uniform: the reference does not change
    w.reference_policy = [0.5, 0.3, 0.2]
    assert calls == [0.5, 0.7, 0.001, 0.001, 0.001]


def test_notes_name_both_betas_and_the_reference_reset():
    w = TrustRegion()
    assert "0.04" in w.beta_note and "0.001" in w.beta_note and "40× smaller" in w.beta_note
    assert "TRL now defaults to 0." in w.beta_note
    for sourced in (paper.DEEPSEEKMATH_GRPO, paper.R1_FIRST_RL_STAGE, paper.TRL_GRPO_DEFAULTS):
        assert sourced["kl_beta"].source in w.beta_note
    assert "article" not in w.beta_note
    # the paper states the 400-step reset for R1-Zero and R1's first RL stage, not all of R1's RL
    assert "400 steps" in w.reference_note and "1%" in w.reference_note
    assert "R1-Zero" in w.reference_note and "first RL stage" in w.reference_note


def test_published_betas_are_the_kernels_from_paper(browser):
    """The view types no published β: its ladder marks and button labels come from this trait."""
    w = TrustRegion()
    assert w.published_betas == {
        "deepseekmath": paper.DEEPSEEKMATH_GRPO["kl_beta"].value,
        "r1": paper.R1_FIRST_RL_STAGE["kl_beta"].value,
    }
    assert_derived_refused(w, browser(w), "published_betas", {"deepseekmath": 0.5})
    w.use_deepseekmath_beta()
    assert w.kl_beta == w.published_betas["deepseekmath"]
    w.use_r1_beta()
    assert w.kl_beta == w.published_betas["r1"]


def test_a_floored_reference_says_kl_does_not_restart_from_zero(browser):
    """At π* for β = 0.04 two actions are far under 1%: the new reference lifts them, so KL
    restarts from a small positive value, and the message gives it instead of claiming 0."""
    w = TrustRegion()
    b = browser(w)
    b.custom({"action": "use_deepseekmath_beta"})
    b.custom({"action": "move_to_optimum"})
    policy = np.array(w.policy)
    assert policy.min() < 0.01
    b.custom({"action": "reference_from_policy"})
    reference = np.array(w.reference_policy)
    assert reference.min() >= 0.01 - 1e-12
    # independently: KL(π‖πref) = Σ π log(π/πref), terms with π = 0 dropped
    nz = policy > 0
    kl = float(np.sum(policy[nz] * np.log(policy[nz] / reference[nz])))
    assert w.kl == pytest.approx(kl, rel=1e-9) and kl > 0.01
    assert "KL restarts from 0 and" not in w.action_status
    # near 0, with the number and the reason, so the words never contradict the read-out
    assert f"KL restarts near 0 ({kl:.3f} nats, not exactly 0, because of that lift)" in (
        w.action_status
    )
    assert "actions under 1% lifted to 1%" in w.action_status
    assert " · ".join(f"{v:.3f}" for v in reference) in w.action_status
    b.custom({"action": "reference_from_policy"})  # again: nothing changes, and it says so
    assert "already the current policy (each action lifted to at least 1%)" in w.action_status
    # a policy already above the floor becomes the reference as it is: KL is exactly 0
    w.policy = [0.5, 0.3, 0.2]
    w.reference_from_policy()
    assert w.kl == pytest.approx(0, abs=1e-12) and "KL restarts from 0 and" in w.action_status


def unpack(buffer, scale, width):
    """A uint16 buffer of (πA, πB) pairs back to barycentric points (πC = 1 − πA − πB)."""
    ab = np.frombuffer(buffer, "<u2").astype(float).reshape(-1, 2) / scale
    return np.column_stack([ab, 1 - ab.sum(axis=1)]).reshape(-1, width, 3)


def test_contours_grid_agrees_with_the_closed_form(browser):
    w = TrustRegion()
    n = w.simplex_grid["subdivisions"]
    for beta in [0.0, 0.04, 0.3, 1.0, 2.0]:
        browser(w).update(kl_beta=beta)
        c = w.contours
        assert w.optimum_objective >= c["grid_max"] - 1e-12
        assert len(c["bands"]) == n * n == 2304
        assert set(c["bands"]) <= set("01234567")
        assert len(c["band_edges"]) == 9 and len(c["pieces"]) == len(c["levels"]) == 7
        assert c["band_edges"][1:-1] == c["levels"]  # every band edge inside is a drawn line
        # the grid's best point is within one grid step of π*
        assert np.abs(np.array(c["grid_argmax"]) - w.optimum).max() <= 1 / n + 1e-9
        for buffer, level in zip(c["pieces"], c["levels"], strict=True):
            pieces = unpack(buffer, c["scale"], 4)
            assert len(pieces) > 0 and pieces.min() >= -1e-4
            # the first two points of every piece are its contour segment: on the level, up to
            # the interpolation (β·h) and the uint16 rounding; the other two at or above it
            flat = pieces.reshape(-1, 3)
            got = np.asarray(trc.objective(flat, w.action_rewards, w.reference_policy, beta))
            got = got.reshape(-1, 4)
            assert np.abs(got[:, :2] - level).max() < beta / n + 1e-3
            assert got[:, 2:].min() > level - 1e-3


def test_simplex_grid_is_sent_once_and_small():
    w = TrustRegion()
    grid = w.simplex_grid
    n = grid["subdivisions"]
    vertices, cells = trc.simplex_grid(n)
    got = unpack(grid["vertices"], grid["scale"], 1)[:, 0]
    assert np.abs(got - vertices).max() <= 1.01 / grid["scale"]  # πC: two roundings
    assert np.frombuffer(grid["cells"], "<u2").reshape(-1, 3).tolist() == cells.tolist()
    w.kl_beta = 1.0
    assert w.simplex_grid is grid
    # the payloads stay small: the grid once, and what one β change sends
    assert len(grid["vertices"]) + len(grid["cells"]) < 20_000
    sent = len(w.contours["bands"]) + sum(len(b) for b in w.contours["pieces"])
    assert sent < 16_000


def test_after_a_lift_kl_restarts_near_zero_whatever_the_policy(browser):
    """ "Near 0" is a promise: the lift mixes in at most 3% of uniform, so KL(π‖πref) ≤
    −log 0.97 ≈ 0.030 nats, even from a corner."""
    for policy in ([1.0, 0.0, 0.0], [0.0, 0.995, 0.005], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]):
        w = TrustRegion()
        b = browser(w)
        b.update(policy=policy)
        b.custom({"action": "reference_from_policy"})
        assert 0 < w.kl <= -math.log(0.97) + 1e-9
        assert "KL restarts near 0" in w.action_status


# --- the filled bands (core), against independent references --------------------------------


def test_superlevel_pieces_of_one_triangle_by_hand():
    vertices = np.eye(3)  # values 0, 1, 2 at the corners
    low, high = trc.superlevel_pieces(vertices, [[0, 1, 2]], [0.0, 1.0, 2.0], [0.5, 1.5])
    # level 0.5: vertex 0 alone below; X1 halfway to vertex 1, X2 a quarter of the way to 2
    np.testing.assert_allclose(low, [[[0.5, 0.5, 0], [0.75, 0, 0.25], [0, 0, 1], [0, 1, 0]]])
    # level 1.5: vertex 2 alone above; the piece is a triangle (its corner repeated)
    np.testing.assert_allclose(high, [[[0.25, 0, 0.75], [0, 0.5, 0.5], [0, 0, 1], [0, 0, 1]]])
    # a level no cell crosses gives an empty list for that level
    (none,) = trc.superlevel_pieces(vertices, [[0, 1, 2]], [0.0, 1.0, 2.0], [3.0])
    assert none.shape == (0, 4, 3)


def fraction_above(values, level):
    """The share of a triangle where the linear interpolant of its corner values is ≥ level:
    the closed form for sorted values a ≤ b ≤ c."""
    a, b, c = sorted(values)
    if level <= a:
        return 1.0
    if level > c:
        return 0.0
    if level <= b:
        return 1 - (level - a) ** 2 / ((b - a) * (c - a))
    return (c - level) ** 2 / ((c - a) * (c - b))


def shoelace(points):
    """Area of a polygon given in barycentric points, measured in the (πA, πB) plane."""
    x, y = points[:, 0], points[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@pytest.mark.parametrize("beta", [0.0, 0.1, 0.5, 2.0])
def test_superlevel_areas_match_the_closed_form(beta):
    """Per level: the cells wholly above plus the pieces cover exactly the area where the
    interpolant is ≥ the level (a self-crossing quadrilateral would cover less)."""
    n = 9
    vertices, cells = trc.simplex_grid(n)
    rewards, reference = [0.9, 0.5, 0.1], [0.5, 0.3, 0.2]
    values = np.asarray(trc.objective(vertices, rewards, reference, beta))
    land = trc.filled_landscape(rewards, reference, beta, vertices, cells, n_levels=5)
    cell_area = 0.5 / n**2
    for level, pieces in zip(land.levels, land.pieces, strict=True):
        expected = sum(fraction_above(values[c], level) for c in cells) * cell_area
        whole = sum(values[c].min() >= level for c in cells) * cell_area
        got = whole + sum(shoelace(p) for p in pieces)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)
        # one piece per crossed cell, as contour_lines finds one segment per crossed cell
        segments = trc.contour_segments(vertices, cells, values, level)
        assert len(pieces) == len(segments)
        mine = sorted(tuple(np.round(np.sort(p[:2], axis=0).ravel(), 9)) for p in pieces)
        theirs = sorted(tuple(np.round(np.sort(s, axis=0).ravel(), 9)) for s in segments)
        assert mine == theirs


def test_neighbouring_pieces_meet_at_bit_identical_points():
    """Two cells sharing a crossed edge compute its crossing point the same way, so the painted
    pieces leave no hairline gap: inside the triangle every crossing point appears exactly twice
    (once per cell), on its rim once."""
    vertices, cells = trc.simplex_grid(12)
    land = trc.filled_landscape([0.9, 0.5, 0.1], [0.5, 0.3, 0.2], 0.4, vertices, cells)
    inside = 0
    for pieces in land.pieces:
        ends = pieces[:, :2].reshape(-1, 3)
        points, counts = np.unique(ends, axis=0, return_counts=True)
        on_rim = np.any(points == 0, axis=1)
        assert set(counts[~on_rim]) <= {2} and set(counts[on_rim]) <= {1}
        inside += int(np.count_nonzero(~on_rim))
    assert inside > 20


def test_painting_the_bands_in_order_gives_each_point_its_own_band():
    """Paint every cell in its base band, then each level's pieces over it: at random points
    the top paint is the band of the interpolated objective there (the view's painter's rule)."""
    n = 6
    vertices, cells = trc.simplex_grid(n)
    rewards, reference, beta = [0.9, 0.5, 0.1], [1 / 3] * 3, 0.3
    land = trc.filled_landscape(rewards, reference, beta, vertices, cells, n_levels=7)
    np.testing.assert_allclose(land.band_edges[1:-1], land.levels)
    assert land.band_edges[0] == land.vertex_values.min()
    assert land.band_edges[-1] == land.vertex_values.max() == land.grid_max_value
    # base band by hand: how many levels lie at or below the cell's lowest vertex
    for c, base in zip(cells, land.base_bands, strict=True):
        assert base == sum(level <= land.vertex_values[c].min() for level in land.levels)

    def inside(point, polygon):
        xy = polygon[:, :2]
        edges = np.roll(xy, -1, axis=0) - xy
        to_point = point[:2] - xy
        cross = edges[:, 0] * to_point[:, 1] - edges[:, 1] * to_point[:, 0]
        return bool(np.all(cross >= -1e-12) or np.all(cross <= 1e-12))

    rng = np.random.default_rng(4)
    for point in rng.dirichlet([1, 1, 1], size=300):
        # the cell holding the point, and the interpolant there (barycentric weights in it)
        weights = [np.linalg.solve(vertices[c].T, point) for c in cells]
        k = next(i for i, w in enumerate(weights) if w.min() >= -1e-12)
        value = weights[k] @ land.vertex_values[cells[k]]
        band = int(np.searchsorted(land.levels, value, side="right"))
        painted = land.base_bands[k] + sum(
            any(inside(point, p) for p in pieces) for pieces in land.pieces
        )
        assert painted == band


def test_a_flat_objective_is_one_band_without_pieces():
    vertices, cells = trc.simplex_grid(5)
    land = trc.filled_landscape([0.3] * 3, [1 / 3] * 3, 0.0, vertices, cells)
    assert land.levels.size == 0 and land.pieces == [] and set(land.base_bands) == {0}


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", INPUTS)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    w = TrustRegion()
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(kl_beta=0.5)  # still serving
    assert w.kl_beta == 0.5 and w.error == ""


@pytest.mark.parametrize("name", ["objective", "optimum", "contours", "simplex_grid", "kl"])
def test_browser_cannot_set_derived_values(browser, name):
    w = TrustRegion()
    assert_derived_refused(w, browser(w), name, [0.2, 0.2, 0.6])


def test_actions_from_the_browser(browser):
    w = TrustRegion(kl_beta=1.0)
    b = browser(w)
    b.custom({"action": "move_to_optimum"})
    assert w.policy == pytest.approx(w.optimum) and w.objective == pytest.approx(
        w.optimum_objective
    )
    b.custom({"action": "move_to_reference"})
    assert w.policy == pytest.approx(w.reference_policy) and w.kl == pytest.approx(0, abs=1e-12)
    b.custom({"action": "use_r1_beta"})
    assert w.kl_beta == paper.R1_FIRST_RL_STAGE["kl_beta"].value == 0.001
    b.custom({"action": "use_deepseekmath_beta"})
    assert w.kl_beta == 0.04
    b.update(policy=[1.0, 0.0, 0.0])
    b.custom({"action": "reference_from_policy"})
    assert min(w.reference_policy) >= 0.01 and w.reference_policy[0] > 0.97
    assert w.error == ""
    b.custom({"action": "uniform_reference"})
    assert w.reference_policy == pytest.approx([1 / 3] * 3)
    b.custom({"action": "__init__"})
    assert "unknown action" in w.error


def test_every_action_says_what_it_did_or_that_nothing_changed(browser):
    w = TrustRegion()
    b = browser(w)
    cases = [
        ("move_to_reference", "πθ moved to πref", "already at πref"),
        ("move_to_optimum", "πθ moved to π*", "already at π*"),
        ("reference_from_policy", "πref is now the current policy", "already the current"),
        ("uniform_reference", "πref reset to the uniform", "already uniform"),
        ("use_deepseekmath_beta", "β set to DeepSeekMath's 0.04", "already DeepSeekMath's 0.04"),
        ("use_r1_beta", "β set to DeepSeek-R1's 0.001", "already DeepSeek-R1's 0.001"),
    ]
    for action, done, same in cases:
        before = {n: getattr(w, n) for n in INPUTS}
        b.custom({"action": action})
        assert done in w.action_status and w.error == "", action
        assert {n: getattr(w, n) for n in INPUTS} != before, action
        moved = {n: getattr(w, n) for n in INPUTS}
        b.clear()
        b.custom({"action": action})  # again: nothing to do, and the view is told so
        assert same in w.action_status, action
        assert {n: getattr(w, n) for n in INPUTS} == moved, action
        assert b.state_sent().get("action_status", w.action_status) == w.action_status
        if action == "reference_from_policy":
            w.policy = [0.2, 0.3, 0.5]  # so the uniform reference is a change again
    b.update(kl_beta=0.3)  # any input clears the message: it no longer describes the state
    assert w.action_status == ""
    w.use_deepseekmath_beta()
    assert "π* = 1.000 · 0.000 · 0.000" in w.action_status


def test_actions_as_python_methods():
    w = TrustRegion(kl_beta=0.5, policy=[0.2, 0.5, 0.3])
    w.reference_from_policy()
    assert w.reference_policy == pytest.approx([0.2, 0.5, 0.3]) and w.kl == pytest.approx(0)
    w.move_to_optimum()
    assert w.policy == pytest.approx(w.optimum)
    w.use_r1_beta()
    assert w.kl_beta == 0.001 and w.optimum[0] > 0.999


def test_python_side_refuses_with_a_clear_message():
    w = TrustRegion()
    with pytest.raises(traitlets.TraitError, match="summing to 1"):
        w.policy = [2.0, 2.0, 2.0]
    with pytest.raises(traitlets.TraitError, match="must sum to 1"):
        TrustRegion(reference_policy=[0.5, 0.5, 0.5])


def test_state_round_trip(browser):
    w = TrustRegion(
        kl_beta=0.3, action_rewards=[0.2, -0.4, 0.8], reference_policy=[0.5, 0.25, 0.25]
    )
    w.policy = [0.1, 0.6, 0.3]
    state = w.get_state()
    other = TrustRegion()
    browser(other).update(**{n: state[n] for n in INPUTS})
    again = other.get_state()
    for name in TrustRegion.input_names() + TrustRegion.derived_names():
        assert again[name] == state[name], name
