"""Chapter 10: how one scored answer moves every token, in one policy-gradient step."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import traitlets

from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, Input, StrictInt
from ..core import token_update as tu
from ..core.policy import softmax

MAX_SEED = 2**32 - 1
LEARNING_RATE_RANGE = (0.05, 5.0)
ADVANTAGE_RANGE = (-2.0, 2.0)


def _product_of_chosen(probabilities: list[np.ndarray], chosen: list[int]) -> float:
    """π(response): positions are independent, so the product of the chosen tokens' p."""
    return float(np.prod([p[c] for p, c in zip(probabilities, chosen, strict=True)]))


class TokenUpdate(ChapterWidget):
    """Sample one response from a toy token policy and watch one policy-gradient step move
    every position: the sampled token's logit by +η·A·(1 − p), each rival i's by −η·A·pᵢ
    (rival i's own probability).

    Inputs: ``learning_rate`` η (0.05..5), ``advantage_source`` ("group", the default: A from
    chapter 02's rule, this rollout's reward against a fixed group of three others; or "hand":
    the hand-set ``advantage``, which overrides the reward), ``advantage`` A (−2..2, used only
    when the source is "hand"), ``seed``.
    Actions: ``new_rollout()``, ``apply_update()`` (commits the step), ``reset()``.

    The rollout shown is drawn with ``default_rng([seed, rollout_index])`` from the logits
    current at the draw, so the seed and the sequence of actions fix everything.

    Examples
    --------
    >>> w = TokenUpdate()
    >>> w.response[:6], w.reward, round(w.effective_advantage, 3)
    ('8 × 12', 1.0, 0.577)
    >>> w.apply_update(); w.updates_applied
    1
    """

    _esm = STATIC / "token_update.js"
    _actions: ClassVar[tuple[str, ...]] = ("new_rollout", "apply_update", "reset")

    learning_rate = Input(FiniteFloat(1.0, min=LEARNING_RATE_RANGE[0], max=LEARNING_RATE_RANGE[1]))
    advantage = Input(FiniteFloat(1.0, min=ADVANTAGE_RANGE[0], max=ADVANTAGE_RANGE[1]))
    """The hand-set advantage A, used only when ``advantage_source`` is "hand"; it overrides the
    reward, so it can push a wrong answer up."""
    advantage_source = Input(traitlets.Enum(["group", "hand"], "group"))
    """Where A comes from: "group" (chapter 02's rule; a wrong answer never gets A > 0) or
    "hand" (the ``advantage`` slider)."""
    seed = Input(StrictInt(7, min=0, max=MAX_SEED))

    prompt = Derived(traitlets.Unicode(tu.PROMPT))
    ground_truth = Derived(traitlets.Unicode(tu.GROUND_TRUTH))
    positions = Derived(traitlets.List(traitlets.Dict()))
    """Per position: {"name", "candidates", "logits", "probabilities_before", "chosen"}. It
    changes with the rollout and the policy only; what the step does to each position is in
    ``logits_after``, ``probabilities_after`` and ``deltas_pp``, so a slider sends only those."""
    chosen = Derived(traitlets.List(traitlets.Int()))
    """Index of the sampled candidate at each position."""
    response = Derived(traitlets.Unicode(""))
    reward = Derived(traitlets.Float(0.0))
    """Chapter 03's accuracy reward of the response: 1 if its final answer is 96, else 0."""
    reward_reason = Derived(traitlets.Unicode(""))
    probabilities_before = Derived(traitlets.List(traitlets.List(traitlets.Float())))
    probabilities_after = Derived(traitlets.List(traitlets.List(traitlets.Float())))
    logits_after = Derived(traitlets.List(traitlets.List(traitlets.Float())))
    deltas_pp = Derived(traitlets.List(traitlets.List(traitlets.Float())))
    """Per position and candidate: after − before, in percentage points."""
    effective_advantage = Derived(traitlets.Float(0.0))
    """The A the step uses: the hand value, or the group-relative one."""
    group_rewards = Derived(traitlets.List(traitlets.Float()))
    """The group for the "group" source: this rollout's reward first, then the fixed three."""
    group_mean = Derived(traitlets.Float(0.0))
    group_std = Derived(traitlets.Float(0.0))
    group_advantage = Derived(traitlets.Float(0.0))
    response_probability_before = Derived(traitlets.Float(0.0))
    """π(response) before the step: the product of the chosen tokens' probabilities."""
    response_probability_after = Derived(traitlets.Float(0.0))
    rollout_index = Derived(traitlets.Int(0))
    updates_applied = Derived(traitlets.Int(0))
    update_note = Derived(traitlets.Unicode(""))
    """Said when the next update changes nothing (A = 0), so Apply only counts; else ""."""

    def __init__(self, **kwargs: Any) -> None:
        self._logits = [np.array(z, dtype=float) for z in tu.INITIAL_LOGITS]
        self._rollout_index = 0
        self._updates = 0
        self._chosen: list[int] = []
        self._rollout: dict[str, Any] | None = None
        self._before: list[np.ndarray] = []
        super().__init__(**kwargs)

    # -- state -----------------------------------------------------------------------------
    def _draw(self) -> None:
        rng = np.random.default_rng([self.seed, self._rollout_index])
        self._chosen = tu.sample_tokens(self._logits, rng)
        self._rollout = None

    def _rollout_values(self) -> dict[str, Any]:
        """What depends only on the policy and the rollout, not on η or A: kept until either
        changes (a draw, an update, a reset), so a slider recomputes only the step itself."""
        if self._rollout is None:
            chosen = self._chosen
            response = tu.response_text(chosen)
            reward, reason = tu.rollout_reward(response)
            group_adv, mean, std = tu.group_advantage(reward)
            before = [softmax(z) for z in self._logits]
            positions = [
                {
                    "name": name,
                    "candidates": list(cands),
                    "logits": z.tolist(),
                    "probabilities_before": p.tolist(),
                    "chosen": c,
                }
                for name, cands, z, p, c in zip(
                    tu.POSITION_NAMES, tu.CANDIDATES, self._logits, before, chosen, strict=True
                )
            ]
            self._before = before
            self._rollout = {
                "prompt": tu.PROMPT,
                "ground_truth": tu.GROUND_TRUTH,
                "positions": positions,
                "chosen": list(chosen),
                "response": response,
                "reward": reward,
                "reward_reason": reason,
                "probabilities_before": [p.tolist() for p in before],
                "group_rewards": [reward, *tu.GROUP_OTHER_REWARDS],
                "group_mean": mean,
                "group_std": std,
                "group_advantage": group_adv,
                "response_probability_before": _product_of_chosen(before, chosen),
                "rollout_index": self._rollout_index,
                "updates_applied": self._updates,
            }
        return self._rollout

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        if changed is None or "seed" in changed or not self._chosen:
            self._draw()
        out = dict(self._rollout_values())
        before, chosen = self._before, self._chosen
        adv = out["group_advantage"] if self.advantage_source == "group" else self.advantage
        after_logits = tu.update_all(self._logits, chosen, adv, self.learning_rate)
        after = softmax(np.asarray(after_logits), axis=-1)
        out.update(
            probabilities_after=after.tolist(),
            logits_after=[za.tolist() for za in after_logits],
            deltas_pp=[(100.0 * (q - p)).tolist() for p, q in zip(before, after, strict=True)],
            effective_advantage=float(adv),
            response_probability_after=_product_of_chosen(list(after), chosen),
            update_note=(
                "A = 0: this update changes nothing. Every logit moves by η·A times (1 − p) or "
                "pᵢ, so with A = 0 no probability moves; Apply update would only add 1 to the "
                "count."
                if adv == 0
                else ""
            ),
        )
        return out

    # -- actions ---------------------------------------------------------------------------
    def new_rollout(self) -> None:
        """Sample the next rollout from the current policy (deterministic from the seed)."""
        self._rollout_index += 1
        self._draw()
        self._refresh(set())

    def apply_update(self) -> None:
        """Commit the step: the after-update logits become the policy. The rollout stays."""
        adv = self.effective_advantage
        self._logits = tu.update_all(self._logits, self._chosen, adv, self.learning_rate)
        self._updates += 1
        self._rollout = None
        self._refresh(set())

    def reset(self) -> None:
        """Back to the initial logits and the first rollout of this seed."""
        self._logits = [np.array(z, dtype=float) for z in tu.INITIAL_LOGITS]
        self._rollout_index = 0
        self._updates = 0
        self._draw()
        self._refresh(set())
