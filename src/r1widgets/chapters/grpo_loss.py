"""Chapter 02: GRPO's group-relative objective, term by term."""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, FloatList, Input, StrictInt
from ..core import grpo

MIN_GROUP, MAX_GROUP = 2, 16
RATIO_RANGE = (0.2, 3.0)
LENGTH_RANGE = (1.0, 32_768.0)
PAD = {"rewards": 0.0, "ratios": 1.0, "lengths": 256.0}

PRESETS: dict[str, dict[str, Any]] = {
    "deepseekmath": {
        "settings": {
            "kl_beta": paper.DEEPSEEKMATH_GRPO["kl_beta"].value,
            "clip_epsilon": paper.PPO_CLIP_EPSILON.value,
            "group_size": MAX_GROUP,
            "std_mode": "population",
            "loss_type": "grpo",
        },
        "note": (
            f"DeepSeekMath: β {paper.DEEPSEEKMATH_GRPO['kl_beta'].value}, ε "
            f"{paper.PPO_CLIP_EPSILON.value}; the paper sampled "
            f"{paper.DEEPSEEKMATH_GRPO['group_size'].value} outputs per question, this widget "
            f"shows {MAX_GROUP}. Sources: {paper.DEEPSEEKMATH_GRPO['kl_beta'].source}; "
            f"{paper.PPO_CLIP_EPSILON.source}."
        ),
    },
    "deepseek-r1": {
        "settings": {
            "kl_beta": paper.R1_FIRST_RL_STAGE["kl_beta"].value,
            "clip_epsilon": paper.R1_FIRST_RL_STAGE["clip_epsilon"].value,
            "group_size": paper.R1_FIRST_RL_STAGE["group_size"].value,
            "std_mode": "population",
            "loss_type": "grpo",
        },
        "note": (
            f"DeepSeek-R1, first RL stage: β {paper.R1_FIRST_RL_STAGE['kl_beta'].value}, "
            f"G {paper.R1_FIRST_RL_STAGE['group_size'].value}, ε "
            f"{paper.R1_FIRST_RL_STAGE['clip_epsilon'].value:g} (so the ratios here never reach "
            f"the clip). Source: {paper.R1_FIRST_RL_STAGE['clip_epsilon'].source}."
        ),
    },
    "trl": {
        "settings": {
            "kl_beta": paper.TRL_GRPO_DEFAULTS["kl_beta"].value,
            "clip_epsilon": paper.TRL_GRPO_DEFAULTS["clip_epsilon"].value,
            "clip_epsilon_high": paper.TRL_GRPO_DEFAULTS["clip_epsilon"].value,
            "group_size": paper.TRL_GRPO_DEFAULTS["group_size"].value,
            "std_mode": "sample",
            "loss_type": paper.TRL_GRPO_DEFAULTS["loss_type"].value,
        },
        "note": (
            "TRL GRPOTrainer defaults (v1.9.0): β 0, G 8, ε 0.2 (ε_high = ε), sample std + 1e-4, "
            f"DAPO token-sum loss. Sources: {paper.TRL_GRPO_DEFAULTS['kl_beta'].source}; "
            f"{paper.TRL_GRPO_DEFAULTS['std_eps'].source}."
        ),
    },
}


class GRPOLoss(ChapterWidget):
    """GRPO's objective for one group: advantages, clipped surrogate, k3 KL and the total.

    Examples
    --------
    >>> w = GRPOLoss(rewards=[1, 0, 0, 1])
    >>> round(w.advantages[0], 3)
    1.0
    >>> w.preset("deepseek-r1"); w.kl_beta
    0.001
    """

    _esm = STATIC / "grpo_loss.js"

    group_size = Input(StrictInt(4, min=MIN_GROUP, max=MAX_GROUP))
    rewards = Input(FloatList(0.0, 1.0, MIN_GROUP, MAX_GROUP, [1.0, 0.0, 0.0, 1.0]))
    ratios = Input(FloatList(*RATIO_RANGE, MIN_GROUP, MAX_GROUP, [1.15, 0.9, 1.0, 1.3]))
    lengths = Input(FloatList(*LENGTH_RANGE, MIN_GROUP, MAX_GROUP, [180.0, 420.0, 260.0, 350.0]))
    clip_epsilon = Input(FiniteFloat(paper.PPO_CLIP_EPSILON.value, min=0.01, max=10.0))
    clip_epsilon_high = Input(FiniteFloat(paper.DAPO_CLIP_EPSILON_HIGH.value, min=0.01, max=10.0))
    kl_beta = Input(FiniteFloat(paper.DEEPSEEKMATH_GRPO["kl_beta"].value, min=0.0, max=2.0))
    std_mode = Input(traitlets.Enum(["population", "sample"], "population"))
    loss_type = Input(traitlets.Enum(["grpo", "dr_grpo", "dapo"], "grpo"))
    preset_name = Input(traitlets.Enum(["", *PRESETS], ""))

    group_mean = Derived(traitlets.Float(0.0))
    group_std = Derived(traitlets.Float(0.0))
    advantages = Derived(traitlets.List(traitlets.Float()))
    surrogate = Derived(traitlets.List(traitlets.Float()))
    clip_active = Derived(traitlets.List(traitlets.Int()))
    kl = Derived(traitlets.List(traitlets.Float()))
    weights = Derived(traitlets.List(traitlets.Float()))
    policy_gain = Derived(traitlets.Float(0.0))
    kl_penalty = Derived(traitlets.Float(0.0))
    objective = Derived(traitlets.Float(0.0))
    preset_note = Derived(traitlets.Unicode(""))

    def __init__(self, **kwargs: Any) -> None:
        self._applying_preset = False
        super().__init__(**kwargs)

    @traitlets.validate("rewards", "ratios", "lengths")
    def _same_length_as_group(self, proposal: dict[str, Any]) -> list[float]:
        value = proposal["value"]
        if len(value) != self.group_size:
            name = proposal["trait"].name
            raise traitlets.TraitError(
                f"{name} needs {self.group_size} values (one per rollout), got {len(value)}"
            )
        return value

    @traitlets.observe("group_size")
    def _resize(self, change: dict[str, Any]) -> None:
        g = change["new"]
        with self.hold_trait_notifications():
            for name, pad in PAD.items():
                old = list(getattr(self, name))
                self.set_trait(name, (old + [pad] * g)[:g])

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        if changed and not self._applying_preset and "preset_name" not in changed:
            self.preset_name = ""  # a knob moved by hand: no longer a published setting
        if self.preset_name and (changed is None or changed == {"preset_name"}):
            self._apply(self.preset_name)  # sets the knobs; the values below see them
        res = grpo.grpo_objective(
            self.rewards,
            self.ratios,
            self.lengths,
            clip_epsilon=self.clip_epsilon,
            clip_epsilon_high=self.clip_epsilon_high if self.loss_type == "dapo" else None,
            kl_beta=self.kl_beta,
            std_mode=self.std_mode,
            loss_type=self.loss_type,
        )
        return {
            "group_mean": res.group_mean,
            "group_std": res.group_std,
            "advantages": res.advantages.tolist(),
            "surrogate": res.surrogate.tolist(),
            "clip_active": res.clip_active.tolist(),
            "kl": res.kl.tolist(),
            "weights": res.weights.tolist(),
            "policy_gain": res.policy_gain,
            "kl_penalty": res.kl_penalty,
            "objective": res.objective,
            "preset_note": PRESETS[self.preset_name]["note"] if self.preset_name else "",
        }

    def _apply(self, name: str) -> None:
        self._applying_preset = True
        try:
            with self.hold_sync(), self.hold_trait_notifications():
                for key, value in PRESETS[name]["settings"].items():
                    setattr(self, key, value)
        finally:
            self._applying_preset = False

    def preset(self, name: str) -> None:
        """Set the knobs to a published configuration: "deepseekmath", "deepseek-r1" or "trl"."""
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, not {name!r}")
        if self.preset_name == name:
            self._apply(name)
        else:
            self.preset_name = name
