"""Chapter 11: the KL trust region, drawn on the simplex of three actions."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, FloatList, Input
from ..core import trust_region as tr

ACTIONS = ("A", "B", "C")
REWARD_RANGE = (-1.0, 1.0)  # rewards may be penalties; the article's are 0.9, 0.5, 0.1
REFERENCE_FLOOR = 0.01  # every reference entry at least 1%, so KL stays finite
REFERENCE_SUM_TOL = 1e-6  # a reference summing to 1 within this is renormalised, else refused
POLICY_ENTRY_RANGE = (-1.0, 2.0)  # a browser point further out than this is refused
POLICY_SUM_TOL = 0.1  # a policy summing to 1 within this is projected onto the simplex
GRID_SUBDIVISIONS = 30
CONTOUR_LEVELS = 6
SHADE_BANDS = 8  # at most 10: each band is sent as one digit
GRID_INPUTS = frozenset({"kl_beta", "action_rewards", "reference_policy"})


def _rounded(values: Any, digits: int) -> list:
    return np.round(np.asarray(values, dtype=float), digits).tolist()


class TrustRegion(ChapterWidget):
    """E[R] − β·KL(π‖πref) over three actions, its closed-form optimum and its landscape.

    Inputs: ``action_rewards`` (three numbers in [−1, 1]), ``reference_policy`` (entries ≥ 0.01
    summing to 1 within 1e-6, renormalised; anything else is refused), ``policy`` and
    ``kl_beta`` (0 to 2).

    ``policy`` is *projected*, not refused, when it is slightly off the simplex: a value (from
    the browser or from Python) whose entries lie in [−1, 2] and sum to 1 within 0.1 is
    replaced by its Euclidean projection onto the simplex, and the projected value is sent
    back so the dot in the view moves there. A drag past an edge therefore lands on the edge,
    and a keyboard step at an edge stops there. Entries of exactly 0 are allowed: the reference
    keeps every entry ≥ 0.01, so KL(π‖πref) stays finite (0·log 0 = 0). Anything further off
    (a sum outside [0.9, 1.1], an entry outside [−1, 2], NaN, a wrong length) is refused, the
    ``error`` trait says why and the view snaps back. The stored policy always sums to 1
    within 1e-9.

    ``contours`` (the objective on a triangular grid, shaded bands and contour lines) is
    recomputed only when β, the rewards or the reference change; ``grid_computations`` counts
    how often.

    Examples
    --------
    >>> w = TrustRegion(kl_beta=1.0)
    >>> [round(p, 4) for p in w.optimum]
    [0.4718, 0.3162, 0.212]
    >>> w.policy = [1.0, 0.0, 0.0]; round(w.kl, 4)  # log 3
    1.0986
    """

    _esm = STATIC / "trust_region.js"
    _actions: ClassVar[tuple[str, ...]] = (
        "move_to_optimum",
        "move_to_reference",
        "reference_from_policy",
        "uniform_reference",
        "use_article_beta",
        "use_r1_beta",
    )

    action_rewards = Input(FloatList(*REWARD_RANGE, 3, 3, [0.9, 0.5, 0.1]))
    reference_policy = Input(FloatList(REFERENCE_FLOOR, 1.0, 3, 3, [1 / 3] * 3))
    policy = Input(FloatList(*POLICY_ENTRY_RANGE, 3, 3, [0.5, 0.3, 0.2]))
    kl_beta = Input(FiniteFloat(paper.ARTICLE_TRUST_REGION_BETA.value, min=0.0, max=2.0))

    expected_reward = Derived(traitlets.Float(0.0))
    kl = Derived(traitlets.Float(0.0))
    objective = Derived(traitlets.Float(0.0))
    optimum = Derived(traitlets.List(traitlets.Float()))
    optimum_objective = Derived(traitlets.Float(0.0))
    optimum_expected_reward = Derived(traitlets.Float(0.0))
    optimum_kl = Derived(traitlets.Float(0.0))
    contours = Derived(traitlets.Dict())
    simplex_grid = Derived(traitlets.Dict())
    beta_note = Derived(traitlets.Unicode(""))
    reference_note = Derived(traitlets.Unicode(""))

    def __init__(self, **kwargs: Any) -> None:
        self.grid_computations = 0
        self._vertices, self._cells = tr.simplex_grid(GRID_SUBDIVISIONS)
        super().__init__(**kwargs)

    # -- validation -----------------------------------------------------------------------------
    @traitlets.validate("reference_policy")
    def _reference_sums_to_one(self, proposal: dict[str, Any]) -> list[float]:
        value = proposal["value"]
        total = math.fsum(value)
        if abs(total - 1.0) > REFERENCE_SUM_TOL:
            raise traitlets.TraitError(
                f"reference_policy must sum to 1 (within {REFERENCE_SUM_TOL:g}), got {total:.6g}"
            )
        return [v / total for v in value]

    @traitlets.validate("policy")
    def _policy_on_simplex(self, proposal: dict[str, Any]) -> list[float]:
        value = proposal["value"]
        total = math.fsum(value)
        if abs(total - 1.0) > POLICY_SUM_TOL + 1e-12:  # 1e-12: round-off at the edge
            raise traitlets.TraitError(
                f"policy must be three probabilities summing to 1 (within {POLICY_SUM_TOL:g}; "
                f"small slips are projected onto the simplex), got sum {total:.6g}"
            )
        return tr.project_to_simplex(value).tolist()

    # -- derived values -------------------------------------------------------------------------
    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        rewards, reference = self.action_rewards, self.reference_policy
        out: dict[str, Any] = {
            "expected_reward": tr.expected_reward(self.policy, rewards),
            "kl": tr.kl_divergence(self.policy, reference),
            "objective": tr.objective(self.policy, rewards, reference, self.kl_beta),
        }
        if changed is None:
            out["simplex_grid"] = {
                "subdivisions": GRID_SUBDIVISIONS,
                "vertices": _rounded(self._vertices, 4),
                "cells": self._cells.tolist(),
            }
            article, r1 = paper.ARTICLE_TRUST_REGION_BETA, paper.R1_FIRST_RL_STAGE["kl_beta"]
            out["beta_note"] = (
                f"β = {article.value:g} is DeepSeekMath's KL coefficient ({article.source}), the "
                f"value the article calls typical. DeepSeek-R1's RL used β = {r1.value:g}, "
                f"{article.value / r1.value:.0f}× smaller ({r1.source})."
            )
            reset = paper.R1_REFERENCE_RESET_STEPS
            out["reference_note"] = (
                f"Making the current policy the new reference is what DeepSeek-R1's RL did every "
                f"{reset.value} steps ({reset.source}). An action under {REFERENCE_FLOOR:.0%} is "
                f"lifted to {REFERENCE_FLOOR:.0%} so KL stays finite."
            )
        if changed is None or changed & GRID_INPUTS:
            best = tr.optimal_policy(rewards, reference, self.kl_beta)
            out["optimum"] = best.tolist()
            out["optimum_expected_reward"] = tr.expected_reward(best, rewards)
            out["optimum_kl"] = tr.kl_divergence(best, reference)
            out["optimum_objective"] = tr.objective(best, rewards, reference, self.kl_beta)
            out["contours"] = self._landscape()
        return out

    def _landscape(self) -> dict[str, Any]:
        self.grid_computations += 1
        land = tr.objective_landscape(
            self.action_rewards,
            self.reference_policy,
            self.kl_beta,
            self._vertices,
            self._cells,
            n_levels=CONTOUR_LEVELS,
            n_bands=SHADE_BANDS,
        )
        # Shaped for a cheap sync (ipywidgets walks every list element): each cell's band as
        # one digit of a string; each level's segments as one binary buffer of little-endian
        # float32, six numbers a segment (two barycentric end points).
        return {
            "bands": "".join(map(str, land.bands.tolist())),
            "band_edges": _rounded(land.band_edges, 5),
            "levels": _rounded(land.levels, 5),
            "lines": [seg.astype("<f4").tobytes() for seg in land.segments],
            "grid_max": land.grid_max_value,
            "grid_argmax": land.grid_argmax.tolist(),
        }

    # -- actions --------------------------------------------------------------------------------
    def move_to_optimum(self) -> None:
        """Put the current policy at the closed-form optimum π*."""
        self.policy = list(self.optimum)

    def move_to_reference(self) -> None:
        """Put the current policy back on the reference (KL = 0)."""
        self.policy = list(self.reference_policy)

    def reference_from_policy(self) -> None:
        """Make the current policy the new reference, as R1 did periodically during RL.

        An action under 1% is lifted to 1% by mixing in just enough of the uniform policy.
        """
        self.reference_policy = tr.floored_policy(self.policy, REFERENCE_FLOOR).tolist()

    def uniform_reference(self) -> None:
        """Reset the reference to the uniform policy."""
        self.reference_policy = [1 / 3] * 3

    def use_article_beta(self) -> None:
        """β = 0.04: DeepSeekMath's value, the one the article calls typical."""
        self.kl_beta = paper.ARTICLE_TRUST_REGION_BETA.value

    def use_r1_beta(self) -> None:
        """β = 0.001: the KL coefficient of DeepSeek-R1's RL."""
        self.kl_beta = paper.R1_FIRST_RL_STAGE["kl_beta"].value
