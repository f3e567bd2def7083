"""Chapter 09: fifty steps of GRPO on a four-strategy toy policy (Play runs fifty at a time)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np
import traitlets

from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, FloatList, Input, StrictInt
from ..core import simulator as sim
from ..core.policy import softmax

MAX_HISTORY = 500  # entries kept in ``history`` (the most recent); the view pauses play here
MAX_RUN_STEPS = 100_000  # the most steps one ``run`` call may take
LR_RANGE = (0.01, 2.0)
GROUP_RANGE = (2, 64)
SEED_MAX = 2**32 - 1


class GRPOSimulator(ChapterWidget):
    """GRPO running on a softmax policy over four strategies with hidden success rates.

    Each step samples ``group_size`` strategies from the policy, rewards each 1 with its
    strategy's success rate, scores the rewards against the group (population std) and moves
    the logits by the exact policy gradient. Changing ``seed`` or ``success_rates`` starts a new
    run; ``learning_rate`` and ``group_size`` apply from the next step. Simplified: no KL penalty
    and no clip; each group feeds one update of the policy that sampled it (ratio 1).

    Examples
    --------
    >>> s = GRPOSimulator(seed=0)
    >>> round(s.expected_reward, 2)
    0.4
    >>> len(s.run(50)), s.step_count
    (51, 50)
    """

    _esm = STATIC / "grpo_simulator.js"
    _actions = ("step", "reset")

    success_rates = Input(FloatList(0.0, 1.0, 4, 4, sim.DEFAULT_SUCCESS_RATES))
    learning_rate = Input(FiniteFloat(0.2, min=LR_RANGE[0], max=LR_RANGE[1]))
    group_size = Input(StrictInt(8, min=GROUP_RANGE[0], max=GROUP_RANGE[1]))
    seed = Input(StrictInt(0, min=0, max=SEED_MAX))

    strategies = Derived(traitlets.List(traitlets.Unicode(), default_value=list(sim.STRATEGIES)))
    best_strategy = Derived(traitlets.Int(0))
    probabilities = Derived(traitlets.List(traitlets.Float()))
    expected_reward = Derived(traitlets.Float(0.0))
    last_group = Derived(traitlets.List(traitlets.Dict()))
    last_group_reward = Derived(traitlets.Float(0.0))
    group_note = Derived(traitlets.Unicode(""))
    """Why the last step changed nothing when every reward of its group was equal (else "")."""
    lock_note = Derived(traitlets.Unicode(""))
    """Whether the policy has locked (over 90% on one strategy) and onto which: a collapse when
    that strategy is not the best, the lesson of high learning rates (else "")."""
    history = Derived(traitlets.List(traitlets.Dict()))
    step_count = Derived(traitlets.Int(0))

    def __init__(self, **kwargs: Any) -> None:
        self._logits = np.zeros((1, len(sim.STRATEGIES)))
        self._rng = np.random.default_rng(0)
        self._history: deque[dict[str, Any]] = deque(maxlen=MAX_HISTORY)
        self._last: sim.StepResult | None = None
        self._steps = 0
        super().__init__(**kwargs)

    # -- state --------------------------------------------------------------------------------
    def _restart(self) -> None:
        self._logits = np.zeros((1, len(self.success_rates)))
        self._rng = np.random.default_rng(self.seed)
        self._last = None
        self._steps = 0
        self._history.clear()
        self._record()

    def _probs(self) -> np.ndarray:
        return softmax(self._logits)[0]

    def _record(self) -> None:
        probs = self._probs()
        self._history.append(
            {
                "step": self._steps,
                "expected_reward": float(sim.expected_reward(probs, self.success_rates)),
                "probabilities": probs.tolist(),
            }
        )

    def _advance(self, steps: int) -> None:
        for _ in range(steps):
            u = self._rng.random((1, 2, self.group_size))
            self._last = sim.grpo_step(self._logits, self.success_rates, self.learning_rate, u)
            self._logits = self._last.logits
            self._steps += 1
            self._record()

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        if changed is None or changed & {"seed", "success_rates"}:
            self._restart()
        probs = self._probs()
        group: list[dict[str, Any]] = []
        mean_reward = 0.0
        note = ""
        if self._last is not None:
            res = self._last
            group = [
                {
                    "strategy": sim.STRATEGIES[int(k)],
                    "index": int(k),
                    "reward": float(r),
                    "advantage": float(a),
                }
                for k, r, a in zip(res.chosen[0], res.rewards[0], res.advantages[0], strict=True)
            ]
            mean_reward = float(res.rewards[0].mean())
            rewards = res.rewards[0]
            if np.all(rewards == rewards[0]):
                note = (
                    f"No learning this step: all {rewards.size} rollouts of the group got reward "
                    f"{rewards[0]:g}, so each one's reward minus the group mean is 0, every "
                    "advantage is 0 and the policy did not move. GRPO learns only from a group "
                    "whose rewards differ."
                )
        return {
            "strategies": list(sim.STRATEGIES),
            "best_strategy": int(np.argmax(self.success_rates)),
            "probabilities": probs.tolist(),
            "expected_reward": float(sim.expected_reward(probs, self.success_rates)),
            "last_group": group,
            "last_group_reward": mean_reward,
            "group_note": note,
            "lock_note": self._lock_note(probs),
            "history": list(self._history),
            "step_count": self._steps,
        }

    def _lock_note(self, probs: np.ndarray) -> str:
        """Say when one strategy holds over 90% (the sweep's collapse rule), and if it is not
        the best, that this is a collapse and why GRPO does not climb back out of it."""
        rates = np.asarray(self.success_rates, dtype=float)
        top = int(np.argmax(probs))
        if probs[top] <= sim.COLLAPSE_THRESHOLD:
            return ""
        name, share = sim.STRATEGIES[top], f"{probs[top]:.1%}"
        if rates[top] >= rates.max():
            return f"Settled: the policy puts {share} on {name}, the best strategy."
        best = sim.STRATEGIES[int(np.argmax(rates))]
        return (
            f"Collapse: locked onto {name} ({share}), not the best strategy ({best}). "
            f"Its groups now hold almost nothing but {name}, so {best} is rarely sampled and "
            "rarely gets the chance to beat a group, and a group made of one strategy moves "
            "nothing (its advantages sum to 0). GRPO learns only from what it samples."
        )

    # -- actions ------------------------------------------------------------------------------
    def step(self) -> None:
        """Take one GRPO step: sample a group, score it, update the logits."""
        self._advance(1)
        self._refresh(set())

    def reset(self) -> None:
        """Back to the uniform policy and the start of the seed's random stream."""
        self._restart()
        self._refresh(set())

    def run(self, steps: int = 50) -> list[dict[str, Any]]:
        """Take ``steps`` steps (sending one update at the end) and return the history.

        The history holds the last 500 entries, each ``{step, expected_reward,
        probabilities}``; ``reset()`` then ``run(50)`` follows the same trajectory as
        ``sweep([learning_rate], [seed], 50)``.
        """
        if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
            raise ValueError(f"steps must be an integer, not {steps!r}")
        if not 0 <= steps <= MAX_RUN_STEPS:
            raise ValueError(f"steps must be between 0 and {MAX_RUN_STEPS:,}, not {steps}")
        self._advance(int(steps))
        self._refresh(set())
        return list(self.history)

    def sweep(
        self,
        learning_rates: Sequence[float],
        seeds: Sequence[int] | int = 1000,
        steps: int = 50,
    ) -> sim.SweepResult:
        """Run every (learning rate, seed) pair at once on this widget's task.

        Uses this widget's ``success_rates`` and ``group_size``; ``seeds`` may be a list or a
        count (``range(seeds)``). Returns a ``SweepResult`` with the mean and 10/50/90%
        bands of expected reward per step and learning rate, and ``collapse_share``: the share
        of runs ending with more than 90% on a strategy that is not the best. The widget's own
        run is not touched.
        """
        if isinstance(seeds, int | np.integer) and not isinstance(seeds, bool):
            seeds = range(int(seeds))
        return sim.sweep(
            learning_rates, list(seeds), steps, self.success_rates, group_size=self.group_size
        )

    def figure(self) -> Any:
        """A live bqplot Figure of the policy's expected reward at each step of ``history``,
        redrawn as the run goes on; closed with the widget (see :mod:`r1widgets.figures`)."""
        import bqplot

        from .. import figures

        x_scale = bqplot.LinearScale(min=0.0)
        y_scale = bqplot.LinearScale(min=0.0, max=1.0)
        line = bqplot.Lines(
            scales={"x": x_scale, "y": y_scale},
            colors=[figures.BLUE],
            labels=["expected reward"],
        )
        x_axis = bqplot.Axis(scale=x_scale, side="bottom", label="GRPO step (policy updates)")
        axes = [x_axis, bqplot.Axis(scale=y_scale, side="left", label="expected reward (0 to 1)")]
        fig = figures.new_figure(
            "GRPO simulator (our four-strategy toy): expected reward by step", [line], axes
        )

        def redraw() -> None:
            steps = [h["step"] for h in self.history]
            line.x = steps
            line.y = [h["expected_reward"] for h in self.history]
            x_axis.tick_values = figures.ticks(steps[0], steps[-1])

        return figures.live(self, fig, ["history"], redraw)
