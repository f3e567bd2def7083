"""Published numbers from DeepSeek-R1 (arXiv 2501.12948) and the papers and code around it.

Every number a widget shows that comes from a publication is defined here, once, with its
source. Widgets import from this module; no paper number is typed anywhere else. Values that
are our own models (illustrative curves, toy policies) do not belong here.

Source tags: ``P-v1`` arXiv v1 PDF; ``P-Nature`` Guo et al., Nature 645 (2025);
``P-DSMath`` DeepSeekMath (arXiv 2402.03300); ``P-TRL`` huggingface/trl v1.9.0;
``P-open-r1`` huggingface/open-r1 rewards.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sourced:
    """A published value and where it was published."""

    value: object
    source: str


# --- GRPO hyper-parameters -------------------------------------------------------------

DEEPSEEKMATH_GRPO = {
    "kl_beta": Sourced(0.04, "DeepSeekMath §4.2: KL coefficient 0.04"),
    "group_size": Sourced(64, "DeepSeekMath §4.2: 64 outputs per question"),
    "learning_rate": Sourced(1e-6, "DeepSeekMath §4.2: policy lr 1e-6"),
    "max_length": Sourced(1024, "DeepSeekMath §4.2: max length 1024"),
}

R1_ZERO_RL = {
    "kl_beta": Sourced(0.001, "Nature, Methods, training details: KL coefficient 0.001"),
    "group_size": Sourced(16, "Nature, Methods: 16 outputs per question"),
    "learning_rate": Sourced(3e-6, "Nature, Methods: lr 3e-6"),
    "steps": Sourced(10_400, "Nature, Methods: 10,400 steps (1.6 epochs)"),
}

R1_FIRST_RL_STAGE = {
    "kl_beta": Sourced(0.001, "Nature, Methods: first RL stage of R1, KL coefficient 0.001"),
    "group_size": Sourced(16, "Nature, Methods: first RL stage of R1, 16 outputs"),
    "clip_epsilon": Sourced(10.0, "Nature, Methods: first RL stage of R1, GRPO clip ratio 10"),
    "max_length": Sourced(32_768, "Nature, Methods: first RL stage of R1, max length 32,768"),
}

R1_REFERENCE_RESET_STEPS = Sourced(
    400, "Nature, Methods: R1-Zero and R1 first RL stage, reference model reset every 400 steps"
)

TRL_GRPO_DEFAULTS = {
    "kl_beta": Sourced(0.0, "TRL v1.9.0 GRPOConfig.beta default 0.0 (0.04 in v0.14-v0.18)"),
    "group_size": Sourced(8, "TRL v1.9.0 GRPOConfig.num_generations default 8"),
    "clip_epsilon": Sourced(0.2, "TRL v1.9.0 GRPOConfig.epsilon default 0.2"),
    "loss_type": Sourced("dapo", "TRL v1.9.0 GRPOConfig.loss_type default 'dapo'"),
    "std_eps": Sourced(1e-4, "TRL v1.9.0 grpo_trainer.py: advantages / (std + 1e-4), ddof=1"),
    "max_completion_length": Sourced(
        256, "TRL v1.9.0 GRPOConfig.max_completion_length default 256 (512 on main)"
    ),
}

DAPO_CLIP_EPSILON_HIGH = Sourced(
    0.28, "TRL v1.9.0 GRPOConfig.epsilon_high help: DAPO recommends 0.28"
)

# PPO's usual clip range, TRL's default. DeepSeekMath states no ε; the R1 papers state none
# for R1-Zero (R1's first RL stage used 10, R1_FIRST_RL_STAGE).
PPO_CLIP_EPSILON = Sourced(
    0.2,
    "PPO's common default, TRL v1.9.0 GRPOConfig.epsilon 0.2; DeepSeekMath and R1-Zero state no ε",
)

# DeepSeekMath's KL coefficient under an older name: the β the blog walkthrough this project
# began from (not a paper) calls typical. No widget reads it; chapter 11 uses DEEPSEEKMATH_GRPO.
ARTICLE_TRUST_REGION_BETA = DEEPSEEKMATH_GRPO["kl_beta"]

# --- Rewards -----------------------------------------------------------------------------

R1_ZERO_TEMPLATE = Sourced(
    "A conversation between User and Assistant. The user asks a question, and the Assistant "
    "solves it. The assistant first thinks about the reasoning process in the mind and then "
    "provides the user with the answer. The reasoning process and answer are enclosed within "
    "<think> </think> and <answer> </answer> tags, respectively, i.e., <think> reasoning "
    "process here </think> <answer> answer here </answer>. User: {prompt}. Assistant:",
    "P-v1 Table 1: the R1-Zero training template",
)

REFLECTIVE_WORDS = Sourced(
    ("wait", "mistake", "however", "but", "retry", "error", "verify", "wrong", "evaluate", "check"),
    "Nature Extended Data Fig. 1: reflective words chosen by three human experts",
)

REWARD_RULES = Sourced(
    "Reward_rule = Reward_acc + Reward_format, same weight; "
    "Reward_language = share of target-language words in the CoT",
    "Nature Methods eq. 4 and eq. 7; P-v1 §2.2.2 and §2.3.2",
)

STRICT_FORMAT_RULE = Sourced(
    "<think>\\n ... \\n</think>\\n<answer>\\n ... \\n</answer>",
    "P-open-r1 rewards.py format_reward (the open reproduction's strict template)",
)
