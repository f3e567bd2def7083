"""The published numbers, pinned to the values in the project's paper notes (paper-data.md §1.1,
§1.4, §1.5, §3), and the defaults that use them, pinned where they live.

The literals below are typed from the notes, not read from ``r1widgets.paper``: a change to a
published number must be a change to the notes first."""

import inspect

import pytest

from r1widgets import GRPOLoss, paper
from r1widgets.core import grpo


@pytest.mark.parametrize(
    "table, key, value",
    [
        # DeepSeekMath §4.2 (paper-data §1.1)
        (paper.DEEPSEEKMATH_GRPO, "kl_beta", 0.04),
        (paper.DEEPSEEKMATH_GRPO, "group_size", 64),
        (paper.DEEPSEEKMATH_GRPO, "learning_rate", 1e-6),
        # Nature, Methods, training details (paper-data §1.4)
        (paper.R1_ZERO_RL, "kl_beta", 0.001),
        (paper.R1_ZERO_RL, "group_size", 16),
        (paper.R1_ZERO_RL, "learning_rate", 3e-6),
        (paper.R1_ZERO_RL, "steps", 10_400),
        (paper.R1_ZERO_RL, "temperature", 1.0),
        (paper.R1_ZERO_RL, "questions_per_step", 32),
        (paper.R1_ZERO_RL, "outputs_per_rollout", 8192),
        (paper.R1_ZERO_RL, "minibatches", 16),
        (paper.R1_FIRST_RL_STAGE, "kl_beta", 0.001),
        (paper.R1_FIRST_RL_STAGE, "group_size", 16),
        (paper.R1_FIRST_RL_STAGE, "clip_epsilon", 10.0),
        # TRL v1.9.0 GRPOConfig defaults (paper-data §1.5)
        (paper.TRL_GRPO_DEFAULTS, "kl_beta", 0.0),
        (paper.TRL_GRPO_DEFAULTS, "group_size", 8),
        (paper.TRL_GRPO_DEFAULTS, "clip_epsilon", 0.2),
        (paper.TRL_GRPO_DEFAULTS, "loss_type", "dapo"),
        (paper.TRL_GRPO_DEFAULTS, "std_eps", 1e-4),
    ],
)
def test_published_hyper_parameters(table, key, value):
    assert table[key].value == value and type(table[key].value) is type(value)
    assert table[key].source  # every number says where it was published


def test_single_published_values():
    assert paper.R1_REFERENCE_RESET_STEPS.value == 400
    assert paper.DAPO_CLIP_EPSILON_HIGH.value == 0.28
    assert paper.PPO_CLIP_EPSILON.value == 0.2
    assert paper.ARTICLE_TRUST_REGION_BETA.value == 0.04
    assert paper.REFLECTIVE_WORDS.value == (
        "wait", "mistake", "however", "but", "retry",
        "error", "verify", "wrong", "evaluate", "check",
    )  # fmt: skip


def test_core_defaults_are_the_published_ones():
    params = inspect.signature(grpo.grpo_objective).parameters
    assert params["clip_epsilon"].default == 0.2  # PPO's / TRL's ε
    assert params["kl_beta"].default == 0.04  # DeepSeekMath's β
    assert params["clip_epsilon_high"].default is None  # ε_high = ε unless asked
    assert grpo.SAMPLE_STD_EPS == 1e-4  # TRL: advantages / (std + 1e-4)


def test_chapter_defaults_are_the_published_ones():
    w = GRPOLoss()
    assert w.clip_epsilon == 0.2 and w.kl_beta == 0.04
    assert w.clip_epsilon_high == 0.28  # DAPO's recommendation, shown when clip-higher is on


def test_the_trl_preset_sets_trls_defaults():
    w = GRPOLoss()
    w.preset("trl")
    assert (w.group_size, w.clip_epsilon, w.kl_beta) == (8, 0.2, 0.0)
    assert (w.loss_type, w.std_mode) == ("dapo", "sample")


def test_r1s_evaluation_temperature():
    # paper-data §3.9 (P-v1 §3): temperature 0.6, top-p 0.95, pass@1 averaged over k samples
    assert paper.R1_EVAL_TEMPERATURE.value == 0.6 and "0.6" in paper.R1_EVAL_TEMPERATURE.source
