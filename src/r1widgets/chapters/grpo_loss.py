"""Chapter 02: GRPO's group-relative objective, term by term.

GRPO is Group Relative Policy Optimization, introduced with the DeepSeekMath paper (2024).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, FloatList, Input, StrictInt
from ..core import grpo

MIN_GROUP, MAX_GROUP = 2, 16
RATIO_RANGE = (0.2, 3.0)
LENGTH_RANGE = (1.0, 32_768.0)
BUDGET_RANGE = (16, 32_768)  # the generation budget L, in tokens
CLIP_RANGE = (0.01, 10.0)
BETA_RANGE = (0.0, 2.0)
PAD = {"rewards": 0.0, "ratios": 1.0, "lengths": 250.0}
# Where each rollout's ratio sits against the clip range, and what min() made of it:
#   "inside": r in [1-ε, 1+ε]; "clipped_high" / "clipped_low": min chose the clipped term;
#   "kept": r outside the range, but the unclipped r·A is the lower (worse) term, so min keeps it;
#   "zero": r outside the range with A = 0, where both terms are 0.
CLIP_STATES = ("inside", "clipped_high", "clipped_low", "kept", "zero")

DSMATH, R1, TRL = paper.DEEPSEEKMATH_GRPO, paper.R1_FIRST_RL_STAGE, paper.TRL_GRPO_DEFAULTS
EPS = paper.PPO_CLIP_EPSILON
STD_EPS_TEXT = f"{grpo.SAMPLE_STD_EPS:.0e}".replace("e-0", "e-")  # "1e-4", from paper.py

# The std choice, worded here so the view types no published number.
STD_LABELS = {
    "population": "population (÷G)",
    "sample": f"sample (÷(G−1)) + {STD_EPS_TEXT} (TRL)",
}
STD_NOTE = (
    "Std: neither DeepSeekMath nor the R1 paper says which std it uses. Population std divides "
    "by G, the plain reading, used here by default. Sample std divides by G−1 (Bessel's "
    f"correction), and TRL adds {STD_EPS_TEXT} so a group of equal rewards never divides by zero."
)

PRESETS: dict[str, dict[str, Any]] = {
    "deepseekmath": {
        "settings": {
            "kl_beta": DSMATH["kl_beta"].value,
            "clip_epsilon": EPS.value,
            "group_size": MAX_GROUP,
            "max_completion_length": DSMATH["max_length"].value,
            "std_mode": "population",
            "loss_type": "grpo",
        },
        "note": (
            f"DeepSeekMath: β {DSMATH['kl_beta'].value}, max length "
            f"{DSMATH['max_length'].value:,} tokens, each rollout's tokens averaged (its eq. 3). "
            f"It sampled {DSMATH['group_size'].value} outputs per question; this widget shows "
            f"{MAX_GROUP}. It states no clip ε ({EPS.value} is PPO's usual default) and does not "
            "say which std (population here, our choice). Sources: "
            f"{DSMATH['kl_beta'].source}; {DSMATH['max_length'].source}; {EPS.source}."
        ),
    },
    "deepseek-r1": {
        "settings": {
            "kl_beta": R1["kl_beta"].value,
            "clip_epsilon": R1["clip_epsilon"].value,
            "group_size": R1["group_size"].value,
            "max_completion_length": R1["max_length"].value,
            "std_mode": "population",
            "loss_type": "grpo",
        },
        "note": (
            f"DeepSeek-R1, first RL stage: β {R1['kl_beta'].value}, G "
            f"{R1['group_size'].value}, ε {R1['clip_epsilon'].value:g} (so the ratios here never "
            f"reach the clip), max length {R1['max_length'].value:,} tokens. The paper writes one "
            "ratio per rollout and states neither which std nor how tokens are averaged: this "
            "preset uses population std and the per-rollout mean (DeepSeekMath's eq. 3), our "
            "choices. Source: Nature, Methods, training details."
        ),
    },
    "trl": {
        "settings": {
            "kl_beta": TRL["kl_beta"].value,
            "clip_epsilon": TRL["clip_epsilon"].value,
            "clip_epsilon_high": TRL["clip_epsilon"].value,
            "group_size": TRL["group_size"].value,
            "max_completion_length": TRL["max_completion_length"].value,
            "std_mode": "sample",
            "loss_type": TRL["loss_type"].value,
        },
        "note": (
            f"TRL GRPOTrainer defaults (v1.9.0): β {TRL['kl_beta'].value:g}, G "
            f"{TRL['group_size'].value}, ε {TRL['clip_epsilon'].value} with ε_high = ε, sample "
            f"std + {STD_EPS_TEXT}, DAPO's loss (a token-level mean: every token's term summed, ÷ "
            f"the number of active tokens in the batch), max_completion_length "
            f"{TRL['max_completion_length'].value} (longer rollouts are cut there). Sources: "
            f"{TRL['kl_beta'].source}; {TRL['std_eps'].source}; "
            f"{TRL['max_completion_length'].source}."
        ),
    },
}

# Published values the view's log-scaled sliders must land on exactly (the view has no copy).
LADDER_MARKS: dict[str, list[float]] = {
    "clip_epsilon": sorted({EPS.value, R1["clip_epsilon"].value}),
    "clip_epsilon_high": sorted({EPS.value, paper.DAPO_CLIP_EPSILON_HIGH.value}),
    "kl_beta": sorted({0.0, DSMATH["kl_beta"].value, R1["kl_beta"].value}),
    "max_completion_length": sorted(
        {TRL["max_completion_length"].value, DSMATH["max_length"].value, R1["max_length"].value}
    ),
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
    lengths = Input(FloatList(*LENGTH_RANGE, MIN_GROUP, MAX_GROUP, [200.0, 500.0, 250.0, 400.0]))
    max_completion_length = Input(
        StrictInt(DSMATH["max_length"].value, min=BUDGET_RANGE[0], max=BUDGET_RANGE[1])
    )
    clip_epsilon = Input(FiniteFloat(EPS.value, min=CLIP_RANGE[0], max=CLIP_RANGE[1]))
    clip_epsilon_high = Input(
        FiniteFloat(paper.DAPO_CLIP_EPSILON_HIGH.value, min=CLIP_RANGE[0], max=CLIP_RANGE[1])
    )
    kl_beta = Input(FiniteFloat(DSMATH["kl_beta"].value, min=BETA_RANGE[0], max=BETA_RANGE[1]))
    std_mode = Input(traitlets.Enum(["population", "sample"], "population"))
    loss_type = Input(traitlets.Enum(["grpo", "dr_grpo", "dapo"], "grpo"))
    preset_name = Input(traitlets.Enum(["", *PRESETS], ""))

    group_mean = Derived(traitlets.Float(0.0))
    group_std = Derived(traitlets.Float(0.0))
    all_rewards_equal = Derived(traitlets.Bool(False))
    advantages = Derived(traitlets.List(traitlets.Float()))
    surrogate = Derived(traitlets.List(traitlets.Float()))
    clip_active = Derived(traitlets.List(traitlets.Int()))
    clip_state = Derived(traitlets.List(traitlets.Enum(CLIP_STATES)))
    """Per rollout, one of ``CLIP_STATES``: says why an out-of-range ratio may stay unclipped."""
    kl = Derived(traitlets.List(traitlets.Float()))
    counted_lengths = Derived(traitlets.List(traitlets.Float()))
    weights = Derived(traitlets.List(traitlets.Float()))
    policy_gain = Derived(traitlets.Float(0.0))
    kl_penalty = Derived(traitlets.Float(0.0))
    objective = Derived(traitlets.Float(0.0))
    preset_note = Derived(traitlets.Unicode(""))
    ladder_marks = Derived(traitlets.Dict(LADDER_MARKS))
    std_labels = Derived(traitlets.Dict(STD_LABELS))
    """The std choice's option labels, by ``std_mode`` value."""
    std_note = Derived(traitlets.Unicode(STD_NOTE))

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
        if self.preset_name and changed and not self._applying_preset:
            # Only a knob the published setting fixes can leave it; rewards, ratios, lengths
            # and knobs it leaves alone are the group being scored, not the setting.
            if changed & set(PRESETS[self.preset_name]["settings"]):
                self.preset_name = ""
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
            max_length=self.max_completion_length,
        )
        return {
            "group_mean": res.group_mean,
            "group_std": res.group_std,
            "all_rewards_equal": bool(np.ptp(self.rewards) == 0),
            "advantages": res.advantages.tolist(),
            "surrogate": res.surrogate.tolist(),
            "clip_active": res.clip_active.tolist(),
            "clip_state": self._clip_states(res.clip_active, res.advantages),
            "kl": res.kl.tolist(),
            "counted_lengths": res.counted_lengths.tolist(),
            "weights": res.weights.tolist(),
            "policy_gain": res.policy_gain,
            "kl_penalty": res.kl_penalty,
            "objective": res.objective,
            "preset_note": PRESETS[self.preset_name]["note"] if self.preset_name else "",
        }

    def _clip_states(self, active: np.ndarray, advantages: np.ndarray) -> list[str]:
        r = np.asarray(self.ratios, dtype=float)
        high = self.clip_epsilon_high if self.loss_type == "dapo" else self.clip_epsilon
        outside = (r > 1.0 + high) | (r < 1.0 - self.clip_epsilon)
        states = []
        for act, out, adv in zip(active, outside, advantages, strict=True):
            if act:
                states.append("clipped_high" if act > 0 else "clipped_low")
            elif out:
                states.append("zero" if adv == 0 else "kept")
            else:
                states.append("inside")
        return states

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
