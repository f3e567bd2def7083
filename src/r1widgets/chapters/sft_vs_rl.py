"""Chapter 01: SFT imitates one human trace; RL reinforces whatever sampled path was right."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import traitlets

from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, Input, StrictInt
from ..core import paths
from ..core.policy import softmax

MIN_GROUP, MAX_GROUP = 2, 16
MAX_SEED = 2**32 - 1  # numpy's default_rng takes any non-negative int; this keeps JSON exact
LEARNING_RATE_RANGE = (0.1, 5.0)

# Everything below depends only on the fixed toy policy: computed once, at import.
_SEQUENCES = paths.path_tokens()
_PROBS = softmax(paths.TOY_LOGITS)
_REWARDS, _REASONS = paths.path_rewards()
_TRACE = paths.token_trace(_SEQUENCES, _PROBS, paths.HUMAN_PATH)
_NAMES = [p.name for p in paths.PATHS]
_CONSTANT: dict[str, Any] = {
    "prompt": paths.PROMPT,
    "ground_truth": paths.GROUND_TRUTH,
    "path_names": _NAMES,
    "path_texts": [p.text for p in paths.PATHS],
    "path_rewards": _REWARDS.tolist(),
    "path_probabilities": _PROBS.tolist(),
    "trace_tokens": list(_TRACE.tokens),
    "token_probabilities": _TRACE.probabilities.tolist(),
    "token_losses": _TRACE.losses.tolist(),
    "token_alternatives": [
        [{"token": tok, "p": q} for tok, q in alts] for alts in _TRACE.alternatives
    ],
    "sft_loss": _TRACE.total_loss,
}


class SFTvsRL(ChapterWidget):
    """One toy policy, two training signals: imitate a human trace (SFT) or sample, score and
    reinforce (RL, GRPO with chapter 03's accuracy reward).

    Inputs: ``mode`` ("sft" or "rl"), ``group_size`` (2..16 rollouts), ``seed`` (≥ 0),
    ``learning_rate`` (0.1..5, the step on the path logits). Action: ``resample()``.

    Examples
    --------
    >>> w = SFTvsRL()
    >>> round(w.sft_loss, 3)  # nats: −log π(human trace)
    1.225
    >>> w.mode = "rl"; len(w.samples)
    4
    """

    _esm = STATIC / "sft_vs_rl.js"
    _actions: ClassVar[tuple[str, ...]] = ("resample",)

    mode = Input(traitlets.Enum(["sft", "rl"], "sft"))
    group_size = Input(StrictInt(4, min=MIN_GROUP, max=MAX_GROUP))
    seed = Input(StrictInt(1, min=0, max=MAX_SEED))
    learning_rate = Input(FiniteFloat(1.0, min=LEARNING_RATE_RANGE[0], max=LEARNING_RATE_RANGE[1]))

    prompt = Derived(traitlets.Unicode(""))
    ground_truth = Derived(traitlets.Unicode(""))
    path_names = Derived(traitlets.List(traitlets.Unicode()))
    """Short name of each reasoning path of the toy policy; path 0 is the human trace."""
    path_texts = Derived(traitlets.List(traitlets.Unicode()))
    path_rewards = Derived(traitlets.List(traitlets.Float()))
    """Chapter 03's accuracy reward of each path (1 correct, 0 wrong)."""
    path_probabilities = Derived(traitlets.List(traitlets.Float()))
    """π before the step (softmax of the illustrative logits)."""
    path_probabilities_after = Derived(traitlets.List(traitlets.Float()))
    """π after one gradient step of the current mode's signal."""
    logit_changes = Derived(traitlets.List(traitlets.Float()))
    """η·gradient on each path logit for the current mode."""
    trace_tokens = Derived(traitlets.List(traitlets.Unicode()))
    token_probabilities = Derived(traitlets.List(traitlets.Float()))
    """p(y_t | y_<t) along the human trace, induced by π through the prefix tree."""
    token_losses = Derived(traitlets.List(traitlets.Float()))
    """−log p(y_t | y_<t), nats."""
    token_alternatives = Derived(traitlets.List(traitlets.List(traitlets.Dict())))
    """Per position, the competing next tokens ({"token", "p"}) that SFT pushes down."""
    sft_loss = Derived(traitlets.Float(0.0))
    """Σ token_losses = −log π(human trace), nats."""
    samples = Derived(traitlets.List(traitlets.Dict()))
    """The RL group: {"path", "name", "text", "tokens", "answer", "reward", "reason",
    "advantage", "push"} with push +1 (every token pushed up), −1 (down) or 0."""
    path_counts = Derived(traitlets.List(traitlets.Int()))
    """How many rollouts of the group took each path."""
    mean_reward = Derived(traitlets.Float(0.0))
    step_summary = Derived(traitlets.Unicode(""))

    def __init__(self, **kwargs: Any) -> None:
        self._group: paths.RLGroup | None = None
        super().__init__(**kwargs)

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out.update(_CONSTANT)
        if self._group is None or changed is None or changed & {"group_size", "seed"}:
            self._group = paths.rl_group(_PROBS, _REWARDS, self.group_size, self.seed)
            out.update(self._group_traits(self._group))
        group = self._group
        if self.mode == "sft":
            gradient = paths.sft_gradient(_PROBS, paths.HUMAN_PATH)
        else:
            gradient = group.gradient
        after = paths.step_probabilities(paths.TOY_LOGITS, gradient, self.learning_rate)
        out["path_probabilities_after"] = after.tolist()
        out["logit_changes"] = (self.learning_rate * gradient).tolist()
        out["step_summary"] = paths.describe_step(
            self.mode, _NAMES, _REWARDS, _PROBS, after, group.counts, group.advantages
        )
        return out

    @staticmethod
    def _group_traits(group: paths.RLGroup) -> dict[str, Any]:
        samples = []
        for path, reward, adv in zip(group.chosen, group.rewards, group.advantages, strict=True):
            i = int(path)
            samples.append(
                {
                    "path": i,
                    "name": _NAMES[i],
                    "text": paths.PATHS[i].text,
                    "tokens": list(_SEQUENCES[i]),
                    "answer": paths.PATHS[i].answer,
                    "reward": float(reward),
                    "reason": _REASONS[i],
                    "advantage": float(adv),
                    "push": int(np.sign(adv)),
                }
            )
        return {
            "samples": samples,
            "path_counts": group.counts.tolist(),
            "mean_reward": float(group.rewards.mean()),
        }

    def resample(self) -> None:
        """Draw a new group: the next seed (so the seed alone describes the group)."""
        self.seed = 0 if self.seed >= MAX_SEED else self.seed + 1
