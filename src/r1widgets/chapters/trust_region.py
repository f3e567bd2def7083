"""Chapter 11: the KL penalty toward a reference policy, drawn on the simplex of three actions.

The β·KL(π‖πref) term is a soft penalty, not a bound: any policy is allowed, drifting from πref
only costs. GRPO's stand-in for a per-update trust region is a different device, PPO's ratio
clip on πθ/πold (chapter 02): it removes the gradient past 1 ± ε, it does not forbid the move.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, FloatList, Input
from ..core import trust_region as tr

ACTIONS = ("A", "B", "C")
REWARD_RANGE = (-1.0, 1.0)  # rewards may be penalties; the defaults are 0.9, 0.5, 0.1
REFERENCE_FLOOR = 0.01  # every reference entry at least 1%, so KL stays finite
REFERENCE_SUM_TOL = 1e-6  # a reference summing to 1 within this is renormalised, else refused
POLICY_ENTRY_RANGE = (-1.0, 2.0)  # a browser point further out than this is refused
POLICY_SUM_TOL = 0.1  # a policy summing to 1 within this is projected onto the simplex
GRID_SUBDIVISIONS = 48  # 2,304 cells; the filled bands follow the contour lines exactly
CONTOUR_LEVELS = 7  # so 8 shaded bands, each bounded by contour lines (at most 9: one digit)
COORD_SCALE = 65_535  # barycentric coordinates travel as uint16: round(π·COORD_SCALE)
GRID_INPUTS = frozenset({"kl_beta", "action_rewards", "reference_policy"})
DEFAULT_BETA = 0.5
"""Our illustrative starting β: with the default rewards π* = (0.61, 0.27, 0.12), visibly
inside the triangle. The published values (PUBLISHED_BETAS) put it at the best corner here."""
DEEPSEEKMATH_BETA = paper.DEEPSEEKMATH_GRPO["kl_beta"]
R1_BETA = paper.R1_FIRST_RL_STAGE["kl_beta"]
TRL_BETA = paper.TRL_GRPO_DEFAULTS["kl_beta"]
PUBLISHED_BETAS = {"deepseekmath": DEEPSEEKMATH_BETA.value, "r1": R1_BETA.value}
"""The β of each published-value button, sent to the view (which types no published number)."""
SAME = 1e-6  # an action whose target differs from the current value by less changes nothing


def _rounded(values: Any, digits: int) -> list:
    return np.round(np.asarray(values, dtype=float), digits).tolist()


def _packed(points: np.ndarray) -> bytes:
    """Barycentric coordinates in [0, 1] as little-endian uint16, round(π·COORD_SCALE)."""
    scaled = np.rint(np.clip(points, 0.0, 1.0) * COORD_SCALE)
    return scaled.astype("<u2").tobytes()


def _triple(p: Any) -> str:
    return " · ".join(f"{v:.3f}" for v in p)


class TrustRegion(ChapterWidget):
    """E[R] − β·KL(π‖πref) over three actions, its closed-form optimum and its landscape.

    The KL term is a soft penalty toward the reference πref, not a trust region: GRPO's
    stand-in for a per-update trust region is PPO's ratio clip against πold (chapter 02).

    Inputs: ``action_rewards`` (three numbers in [−1, 1]), ``reference_policy`` (entries ≥ 0.01
    summing to 1 within 1e-6, renormalised; anything else is refused), ``policy`` and
    ``kl_beta`` (0 to 2, default 0.5: our illustrative value, at which the optimum sits inside
    the triangle; ``use_deepseekmath_beta()`` and ``use_r1_beta()`` set the published values,
    which ``published_betas`` lists for the view).

    ``policy`` is *projected*, not refused, when it is slightly off the simplex: a value (from
    the browser or from Python) whose entries lie in [−1, 2] and sum to 1 within 0.1 is
    replaced by its Euclidean projection onto the simplex, and the projected value is sent
    back so the dot in the view moves there. A drag past an edge therefore lands on the edge,
    and a keyboard step at an edge stops there. Entries of exactly 0 are allowed: the reference
    keeps every entry ≥ 0.01, so KL(π‖πref) stays finite (0·log 0 = 0). Anything further off
    (a sum outside [0.9, 1.1], an entry outside [−1, 2], NaN, a wrong length) is refused, the
    ``error`` trait says why and the view snaps back. The stored policy always sums to 1
    within 1e-9.

    ``contours`` (the objective on a triangular grid: shaded bands bounded by its contour lines)
    is recomputed only when β, the rewards or the reference change; ``grid_computations``
    counts how often. ``simplex_grid`` (the grid itself) is sent once.

    Examples
    --------
    >>> w = TrustRegion(kl_beta=1.0)
    >>> [round(p, 4) for p in w.optimum]
    [0.4718, 0.3162, 0.212]
    >>> w.policy = [1.0, 0.0, 0.0]; round(w.kl, 4)  # log 3
    1.0986
    >>> w.move_to_reference(); w.move_to_reference(); w.action_status
    'πθ is already at πref (KL = 0): nothing to move.'
    """

    _esm = STATIC / "trust_region.js"
    _actions: ClassVar[tuple[str, ...]] = (
        "move_to_optimum",
        "move_to_reference",
        "reference_from_policy",
        "uniform_reference",
        "use_deepseekmath_beta",
        "use_r1_beta",
    )

    action_rewards = Input(FloatList(*REWARD_RANGE, 3, 3, [0.9, 0.5, 0.1]))
    reference_policy = Input(FloatList(REFERENCE_FLOOR, 1.0, 3, 3, [1 / 3] * 3))
    policy = Input(FloatList(*POLICY_ENTRY_RANGE, 3, 3, [0.5, 0.3, 0.2]))
    kl_beta = Input(FiniteFloat(DEFAULT_BETA, min=0.0, max=2.0))

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
    published_betas = Derived(traitlets.Dict(PUBLISHED_BETAS))
    action_status = Derived(traitlets.Unicode(""))
    """What the last button (action) did, or that it changed nothing; cleared by any input."""

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
        if changed:  # an input moved: the last action's message no longer describes the state
            out["action_status"] = ""
        if changed is None or changed & {"action_rewards", "reference_policy"}:
            out["beta_note"] = self._beta_note()
        if changed is None:
            # Binary, for a small message: each vertex's (πA, πB) as uint16 (πC = 1 − πA − πB),
            # each cell's three vertex indices as uint16.
            out["simplex_grid"] = {
                "subdivisions": GRID_SUBDIVISIONS,
                "scale": COORD_SCALE,
                "vertices": _packed(self._vertices[:, :2]),
                "cells": self._cells.astype("<u2").tobytes(),
            }
            reset = paper.R1_REFERENCE_RESET_STEPS
            out["reference_note"] = (
                "Making the current policy the new reference is what DeepSeek-R1-Zero's RL and "
                f"R1's first RL stage did every {reset.value} steps ({reset.source}). "
                f"Here an action under {REFERENCE_FLOOR:.0%} is lifted to {REFERENCE_FLOOR:.0%} "
                "so KL stays finite."
            )
        if changed is None or changed & GRID_INPUTS:
            best = tr.optimal_policy(rewards, reference, self.kl_beta)
            out["optimum"] = best.tolist()
            out["optimum_expected_reward"] = tr.expected_reward(best, rewards)
            out["optimum_kl"] = tr.kl_divergence(best, reference)
            out["optimum_objective"] = tr.objective(best, rewards, reference, self.kl_beta)
            out["contours"] = self._landscape()
        return out

    def _beta_note(self) -> str:
        """What the published β show on this toy's current rewards and reference."""
        dsm, r1, trl = DEEPSEEKMATH_BETA, R1_BETA, TRL_BETA
        rewards, reference = self.action_rewards, self.reference_policy
        at_dsm = tr.optimal_policy(rewards, reference, dsm.value)
        at_r1 = tr.optimal_policy(rewards, reference, r1.value)
        return (
            f"DeepSeekMath used β = {dsm.value:g}, as TRL's GRPOTrainer once did by default; "
            f"DeepSeek-R1's RL used β = {r1.value:g}, {dsm.value / r1.value:.0f}× smaller, and "
            f"TRL now defaults to {trl.value:g}. On this toy's rewards, π* at β = "
            f"{dsm.value:g} is {_triple(at_dsm)} and at β = {r1.value:g} it is "
            f"{_triple(at_r1)}. In GRPO those coefficients weigh a per-token KL estimate "
            "against normalised advantages, not against rewards like these, so this view "
            f"starts at β = {DEFAULT_BETA:g}, our illustrative choice, where the compromise "
            f"between reward and staying close is visible. Sources: {dsm.source}; {r1.source}; "
            f"{trl.source}."
        )

    def _landscape(self) -> dict[str, Any]:
        self.grid_computations += 1
        land = tr.filled_landscape(
            self.action_rewards,
            self.reference_policy,
            self.kl_beta,
            self._vertices,
            self._cells,
            n_levels=CONTOUR_LEVELS,
        )
        # Shaped for a cheap sync (ipywidgets walks every list element): each cell's base band
        # as one digit of a string; each level's pieces (the part of a crossed cell at or above
        # the level: four points, the first two its contour segment) as one uint16 buffer of
        # (πA, πB) pairs, eight numbers a piece.
        return {
            "bands": (land.base_bands.astype(np.uint8) + ord("0")).tobytes().decode("ascii"),
            "band_edges": _rounded(land.band_edges, 5),
            "levels": _rounded(land.levels, 5),
            "pieces": [_packed(piece[:, :, :2]) for piece in land.pieces],
            "scale": COORD_SCALE,
            "grid_max": land.grid_max_value,
            "grid_argmax": land.grid_argmax.tolist(),
        }

    # -- actions --------------------------------------------------------------------------------
    def _set(self, name: str, value: list[float] | float, done: str, same: str) -> None:
        """Set an input and say what happened, or that nothing did (the value was already so)."""
        unchanged = bool(np.allclose(getattr(self, name), value, rtol=0, atol=SAME))
        if not unchanged:
            setattr(self, name, value)
        self.action_status = same if unchanged else done.format(self=self)

    def move_to_optimum(self) -> None:
        """Put the current policy at the closed-form optimum π*."""
        self._set(
            "policy",
            list(self.optimum),
            "πθ moved to π* = {self.policy_text}: no policy scores higher at this β.",
            "πθ is already at π*: nothing to move.",
        )

    def move_to_reference(self) -> None:
        """Put the current policy back on the reference (KL = 0)."""
        self._set(
            "policy",
            list(self.reference_policy),
            "πθ moved to πref: KL is 0, so the objective is just E[R].",
            "πθ is already at πref (KL = 0): nothing to move.",
        )

    def reference_from_policy(self) -> None:
        """Make the current policy the new reference, as R1-Zero and R1's first RL stage did
        at fixed intervals (``paper.R1_REFERENCE_RESET_STEPS``).

        An action under 1% is lifted to 1% by mixing in just enough of the uniform policy; KL
        then restarts near 0 but not at 0 (at most −log(1 − 3·1%) ≈ 0.03 nats: the mix takes at
        most 3% of uniform), and the message gives the value and the reason.
        """
        floored = tr.floored_policy(self.policy, REFERENCE_FLOOR)
        if np.allclose(floored, self.policy, rtol=0, atol=SAME):
            done = "πref is now the current policy: KL restarts from 0 and π* moved with it."
            same = "πref is already the current policy: nothing changed."
        else:
            floor = f"{REFERENCE_FLOOR:.0%}"
            done = (
                f"πref is now the current policy, with actions under {floor} lifted to {floor}: "
                f"πref = {_triple(floored)}. KL restarts near 0 ({{self.kl:.3f}} nats, not "
                "exactly 0, because of that lift), and π* moved with it."
            )
            same = (
                f"πref is already the current policy (each action lifted to at least {floor}): "
                "nothing changed."
            )
        self._set("reference_policy", floored.tolist(), done, same)

    def uniform_reference(self) -> None:
        """Reset the reference to the uniform policy."""
        self._set(
            "reference_policy",
            [1 / 3] * 3,
            "πref reset to the uniform policy (1/3 each).",
            "πref is already uniform: nothing changed.",
        )

    def use_deepseekmath_beta(self) -> None:
        """Set β to DeepSeekMath's KL coefficient (``paper.DEEPSEEKMATH_GRPO``)."""
        value = DEEPSEEKMATH_BETA.value
        self._set(
            "kl_beta",
            value,
            f"β set to DeepSeekMath's {value:g}: π* = {{self.optimum_text}}.",
            f"β is already DeepSeekMath's {value:g}: nothing changed.",
        )

    def use_r1_beta(self) -> None:
        """Set β to the KL coefficient of DeepSeek-R1's RL (``paper.R1_FIRST_RL_STAGE``)."""
        value = R1_BETA.value
        self._set(
            "kl_beta",
            value,
            f"β set to DeepSeek-R1's {value:g}: π* = {{self.optimum_text}}.",
            f"β is already DeepSeek-R1's {value:g}: nothing changed.",
        )

    @property
    def policy_text(self) -> str:
        """The current policy as "0.500 · 0.300 · 0.200"."""
        return _triple(self.policy)

    @property
    def optimum_text(self) -> str:
        """The optimum π* as "0.606 · 0.272 · 0.122"."""
        return _triple(self.optimum)
