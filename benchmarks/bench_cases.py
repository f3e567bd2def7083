"""What the benchmarks change in each chapter. Add a chapter here when it joins the registry."""

from __future__ import annotations

from r1widgets import (
    AhaTimeline,
    DistillAblation,
    FailedApproaches,
    GRPOLoss,
    GRPOSimulator,
    InferenceScaling,
    LanguageConsistency,
    MoERouter,
    Quiz,
    R1Pipeline,
    R1vsR1Zero,
    RewardChecker,
    RewardHacking,
    SFTvsRL,
    SystemMap,
    TokenUpdate,
    TrustRegion,
)
from r1widgets.core import aha, rewards, simulator

# (import line, display expression, Target fields) for the round-trip benchmark
BENCH = [
    (
        "from r1widgets import SFTvsRL",
        "SFTvsRL(mode='rl')",
        dict(
            name="01 SFTvsRL (learning rate)",
            root=".r1w-sft-vs-rl",
            control='input[data-name="learning_rate"]',
            values=("0.5", "2"),
            result=".r1w-sft-vs-rl-probs tbody",
        ),
    ),
    (
        "from r1widgets import GRPOLoss",
        "GRPOLoss()",
        dict(
            name="02 GRPOLoss (KL β)",
            root=".r1w-grpo-loss",
            control='input[data-name="kl_beta"]',
            values=("0.5", "1.5"),
            result=".r1w-objective .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import RewardChecker",
        "RewardChecker()",
        dict(
            name="03 RewardChecker (ground truth)",
            root=".r1w-reward-checker",
            control='input[data-name="ground_truth"]',
            values=("6", "5"),
            result=".r1w-reward-checker-total .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import AhaTimeline",
        "AhaTimeline()",
        dict(
            name="04 AhaTimeline (RL step)",
            root=".r1w-aha-timeline",
            control='input[data-name="step"]',
            values=("4000", "6000"),
            result=".r1w-aha-timeline-pass .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import R1Pipeline",
        "R1Pipeline()",
        dict(
            name="05 R1Pipeline (stage button)",
            root=".r1w-r1-pipeline",
            control="button",  # each value names the button to click: the two alternate
            values=('button[data-stage="3"]', 'button[data-stage="1"]'),
            result=".r1w-r1-pipeline-stage-name",
            how="click",
        ),
    ),
    (
        "from r1widgets import DistillAblation",
        "DistillAblation()",
        dict(
            name="06 DistillAblation (view button)",
            root=".r1w-distill-ablation",
            control="button",  # each value names the button to click: the two alternate
            values=('button[data-view="family"]', 'button[data-view="ablation"]'),
            result=".r1w-distill-ablation-gap .r1w-stat-value",
            how="click",
        ),
    ),
    (
        "from r1widgets import FailedApproaches",
        "FailedApproaches()",
        dict(
            name="07 FailedApproaches (branching)",
            root=".r1w-failed-approaches",
            control='input[data-name="branching"]',
            values=("1000", "50"),
            result=".r1w-failed-approaches-space .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import SystemMap",
        "SystemMap()",
        dict(
            name="08 SystemMap (node button)",
            root=".r1w-system-map",
            control="button",  # each value names the button to click: the two alternate
            values=('button[data-node="r1"]', 'button[data-node="r1_zero"]'),
            result=".r1w-system-map-details-name",
            how="click",
        ),
    ),
    (
        "from r1widgets import GRPOSimulator",
        "GRPOSimulator()",
        dict(
            name="09 GRPOSimulator (Step button)",
            root=".r1w-grpo-simulator",
            control="button.r1w-grpo-simulator-step",
            values=("", ""),
            result=".r1w-grpo-simulator-steps .r1w-stat-value",
            how="click",
        ),
    ),
    (
        "from r1widgets import TokenUpdate",
        "TokenUpdate(advantage_source='hand')",  # the hand slider is off under the group rule
        dict(
            name="10 TokenUpdate (advantage)",
            root=".r1w-token-update",
            control='input[data-name="advantage"]',
            values=("-1", "1.5"),
            result=".r1w-token-update-chosen .r1w-token-update-delta",
        ),
    ),
    (
        "from r1widgets import TrustRegion",
        "TrustRegion()",
        dict(
            name="11 TrustRegion (policy drag)",
            root=".r1w-trust-region",
            control=".r1w-trust-region-simplex",
            values=("0.5,0.45", "0.4,0.7"),
            result=".r1w-trust-region-kl .r1w-stat-value",  # computed by the kernel
            how="press",
        ),
    ),
    (
        "from r1widgets import RewardHacking",
        "RewardHacking()",
        dict(
            name="12 RewardHacking (base answer)",
            root=".r1w-reward-hacking",
            control='select[data-name="base"]',
            values=("correct", "wrong"),
            result=".r1w-reward-hacking-model .r1w-reward-hacking-value",
            how="select",
        ),
    ),
    (
        "from r1widgets import LanguageConsistency",
        "LanguageConsistency()",
        dict(
            name="13 LanguageConsistency (λ)",
            root=".r1w-language-consistency",
            control='input[data-name="weight"]',
            values=("0", "1"),
            result=".r1w-language-consistency-mixed .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import R1vsR1Zero",
        "R1vsR1Zero()",
        dict(
            name="14 R1vsR1Zero (benchmark)",
            root=".r1w-r1-vs-r1-zero",
            control='select[data-name="benchmark"]',
            values=("cnmo_2024", "aime_2024"),
            result=".r1w-r1-vs-r1-zero-verdict",
            how="select",
        ),
    ),
    (
        "from r1widgets import MoERouter",
        "MoERouter()",
        dict(
            name="15 MoERouter (active experts)",
            root=".r1w-moe-router",
            control='input[data-name="n_active_experts"]',
            values=("4", "8"),
            result=".r1w-moe-router-active .r1w-stat-value",
        ),
    ),
    (
        "from r1widgets import InferenceScaling",
        "InferenceScaling()",
        dict(
            name="16 InferenceScaling (budget)",
            root=".r1w-inference-scaling",
            control='input[data-name="budget_tokens"]',
            values=("1000", "4000"),
            result=".r1w-inference-scaling-latency .r1w-stat-value",
        ),
    ),
    # The quiz has no continuous control: an answer is final once checked (its compute is in
    # COMPUTE, by reshuffling).
]

# (label, factory, input name, two values alternated) for the Python compute benchmark
COMPUTE = [
    ("01 SFTvsRL (mode)", SFTvsRL, "mode", ["sft", "rl"]),
    ("02 GRPOLoss", GRPOLoss, "kl_beta", [0.5, 1.5]),
    ("03 RewardChecker (ground truth)", RewardChecker, "ground_truth", ["6", "5"]),
    ("04 AhaTimeline (RL step)", AhaTimeline, "step", [4000, 6000]),
    ("05 R1Pipeline (stage)", R1Pipeline, "stage", [1, 3]),
    ("06 DistillAblation (view)", DistillAblation, "view", ["family", "ablation"]),
    ("07 FailedApproaches (branching)", FailedApproaches, "branching", [1000, 50]),
    ("08 SystemMap (selected)", SystemMap, "selected", ["r1", "r1_zero"]),
    ("09 GRPOSimulator (learning rate)", GRPOSimulator, "learning_rate", [0.5, 1.0]),
    (
        "10 TokenUpdate (advantage by hand)",
        lambda: TokenUpdate(advantage_source="hand"),
        "advantage",
        [-1.0, 1.5],
    ),
    ("11 TrustRegion (policy drag)", TrustRegion, "policy", [[0.6, 0.3, 0.1], [0.4, 0.4, 0.2]]),
    ("11 TrustRegion (β: contour grid)", TrustRegion, "kl_beta", [0.5, 1.0]),
    ("12 RewardHacking (exploits)", RewardHacking, "exploits", [["padding_steps"], []]),
    ("13 LanguageConsistency (λ)", LanguageConsistency, "weight", [0.2, 1.0]),
    ("14 R1vsR1Zero (prompt)", R1vsR1Zero, "prompt_id", ["primes", "muffins"]),
    ("14 R1vsR1Zero (benchmark)", R1vsR1Zero, "benchmark", ["cnmo_2024", "aime_2024"]),
    ("15 MoERouter (selected token)", MoERouter, "selected_token", [0, 3]),
    ("15 MoERouter (routed experts)", MoERouter, "n_routed_experts", [64, 256]),
    ("16 InferenceScaling (budget)", InferenceScaling, "budget_tokens", [1000, 4000]),
    ("17 Quiz (seed: reshuffle)", Quiz, "seed", [1, 2]),
]

# (label, function, goal) for named workloads
# A 1 MB response built to trip naive parsers: unclosed boxes, repeated tags, answer phrases.
_HOSTILE_MB = "\\boxed{" * 3 + "<think><answer>answer is " + "1," * 20 + "x\n"
_HOSTILE_MB = (_HOSTILE_MB * (1_000_000 // len(_HOSTILE_MB) + 1))[:1_000_000]

WORKLOADS: list = [
    (
        "GRPOSimulator: sweep of 1,000 runs x 50 steps",
        lambda: simulator.sweep([0.2], list(range(1000)), 50),
        1000,
    ),
    (
        "RewardChecker: score 1 MB of adversarial text",
        lambda: rewards.score_response(_HOSTILE_MB, "5", "en", False),
        1000,
    ),
]


_AHA_MB = aha.benchmark_text()
WORKLOADS.append(
    (
        "AhaTimeline: detect reflective behaviours in 1 MB",
        lambda: aha.detect_behaviours(_AHA_MB),
        1000,
    )
)


def mpl_baseline():
    """The classic lesson: ipywidgets.interact redrawing a matplotlib figure of the same math."""
    from run import Target

    cell = """
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from ipywidgets import FloatSlider, interact
from r1widgets.core import grpo

def plot(kl_beta=0.04):
    res = grpo.grpo_objective([1, 0, 0, 1], [1.15, 0.9, 1.0, 1.3], [180, 420, 260, 350],
                              kl_beta=kl_beta)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(range(1, 5), res.advantages, color=["g" if a > 0 else "r" for a in res.advantages])
    ax.set_title(f"objective {res.objective:+.4f}")
    plt.show()

interact(plot, kl_beta=FloatSlider(value=0.04, min=0, max=2, step=0.01))
"""
    target = Target(
        name="interact + matplotlib (baseline)",
        root=".widget-interact",
        control=".widget-readout",
        values=("0.5", "1.5"),
        result="img",
        how="readout",
    )
    return [cell], target
