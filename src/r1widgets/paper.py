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
    "temperature": Sourced(1.0, "Nature, Methods: rollout sampling temperature 1"),
    "questions_per_step": Sourced(32, "Nature, Methods: 32 unique questions per step"),
    "outputs_per_rollout": Sourced(
        8192, "Nature, Methods: each rollout generates 8,192 outputs, split into 16 minibatches"
    ),
    "minibatches": Sourced(
        16, "Nature, Methods: 8,192 outputs split at random into 16 minibatches, one inner epoch"
    ),
}

R1_FIRST_RL_STAGE = {
    "kl_beta": Sourced(0.001, "Nature, Methods: first RL stage of R1, KL coefficient 0.001"),
    "group_size": Sourced(16, "Nature, Methods: first RL stage of R1, 16 outputs"),
    "clip_epsilon": Sourced(10.0, "Nature, Methods: first RL stage of R1, GRPO clip ratio 10"),
    "max_length": Sourced(32_768, "Nature, Methods: first RL stage of R1, max length 32,768"),
}

R1_EVAL_TEMPERATURE = Sourced(
    0.6,
    "P-v1 §3: evaluation sampling at temperature 0.6, top-p 0.95, k responses per question; "
    "pass@1 is the mean correctness over the k",
)

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


# --- ch04 AhaTimeline: published numbers (issue 9) ---
# Figures 2 and 3 of arXiv v1 (R1-Zero's RL run as v1 shows it, to step 8,400), digitized from
# the PDF's embedded images (paper-data §3.2/§3.3, [D]): every published point is kept as a
# (step, value) point; a widget interpolates between them and never beyond the first or last.
_FIG2 = "P-v1 Figure 2, R1-Zero AIME 2024 {} vs RL step, digitized ±0.003 [D] (paper-data §3.2)"
_FIG2_HIDDEN = (
    "P-v1 Figure 2, R1-Zero AIME 2024 cons@16: marker hidden under the 0.833 dashed line, "
    "read as 0.833 [D] (paper-data §3.2)"
)
_FIG3 = (
    "P-v1 Figure 3, R1-Zero average length per response on the training set (tokens), "
    "smoothed curve, digitized ±~100 [D] (paper-data §3.3)"
)

R1_ZERO_PASS_AT_1_POINTS = tuple(
    Sourced((step, value), _FIG2.format("pass@1"))
    for step, value in (
        (200, 0.156), (400, 0.225), (600, 0.245), (800, 0.287), (1000, 0.317),
        (1200, 0.371), (1400, 0.412), (1600, 0.377), (2000, 0.381), (2400, 0.485),
        (2800, 0.529), (3200, 0.512), (3600, 0.583), (4000, 0.600), (4200, 0.602),
        (4400, 0.558), (4600, 0.579), (4800, 0.569), (5000, 0.539), (5200, 0.631),
        (5400, 0.575), (5600, 0.589), (5800, 0.617), (6000, 0.644), (6200, 0.625),
        (6400, 0.687), (6800, 0.662), (7000, 0.685), (7200, 0.652), (7400, 0.677),
        (7600, 0.673), (7800, 0.669), (8000, 0.687), (8200, 0.677), (8400, 0.710),
    )
)  # fmt: skip

R1_ZERO_CONS_AT_16_POINTS = tuple(
    Sourced((step, value), _FIG2_HIDDEN if step in (7000, 7400, 8200) else _FIG2.format("cons@16"))
    for step, value in (
        (200, 0.253), (400, 0.339), (600, 0.313), (800, 0.347), (1000, 0.447),
        (1200, 0.566), (1400, 0.553), (1600, 0.487), (2000, 0.547), (2400, 0.613),
        (2800, 0.733), (3200, 0.687), (3600, 0.767), (4000, 0.767), (4200, 0.733),
        (4400, 0.766), (4600, 0.693), (4800, 0.733), (5000, 0.707), (5200, 0.780),
        (5400, 0.727), (5600, 0.800), (5800, 0.800), (6000, 0.780), (6200, 0.800),
        (6400, 0.867), (6800, 0.767), (7000, 0.833), (7200, 0.800), (7400, 0.833),
        (7600, 0.813), (7800, 0.807), (8000, 0.820), (8200, 0.833), (8400, 0.867),
    )
)  # fmt: skip

R1_ZERO_RESPONSE_LENGTH_POINTS = tuple(
    Sourced((step, value), _FIG3 + (" (read as 9,550-9,650: the midpoint)" if step == 8400 else ""))
    for step, value in (
        (0, 550), (200, 590), (400, 950), (800, 1330), (1200, 1350), (1600, 1700),
        (2000, 2010), (2400, 2380), (2800, 3170), (3200, 3170), (3600, 3760),
        (4000, 3800), (4400, 4270), (4800, 4830), (5200, 6130), (5600, 5020),
        (6000, 6020), (6400, 5590), (6800, 6580), (7200, 6540), (7600, 7880),
        (8000, 9200), (8400, 9600),
    )
)  # fmt: skip

O1_0912_AIME = {
    "pass_at_1": Sourced(
        0.744, "P-v1 Table 2: OpenAI-o1-0912 AIME 2024 pass@1 74.4 (Figure 2's dashed line)"
    ),
    "cons_at_64": Sourced(
        0.833, "P-v1 Table 2: OpenAI-o1-0912 AIME 2024 cons@64 83.3 (Figure 2's dashed line)"
    ),
}

R1_ZERO_NATURE_RUN = {
    "steps": R1_ZERO_RL["steps"],
    "pass_at_1": Sourced(
        0.779, "Nature, main text and Fig. 1a: R1-Zero AIME 2024 pass@1 15.6% to 77.9%, full run"
    ),
    "cons_at_16": Sourced(
        0.867, "Nature, main text: self-consistency reaches 86.7% (Fig. 1a: r1-zero-cons@16)"
    ),
    "length_cap_before": Sourced(
        32_768, "Nature, Methods: R1-Zero max length 32,768 tokens before the 8.2k step"
    ),
    "length_cap_after": Sourced(
        65_536, "Nature, Methods: R1-Zero max length 65,536 tokens after the 8.2k step"
    ),
    "length_cap_step": Sourced(
        8_200, "Nature, Methods: performance and response length jump at the 8.2k step"
    ),
}

# When the word 'wait' showed up in R1-Zero's outputs (Nature Extended Data Fig. 1).
_WAIT = "Nature Extended Data Fig. 1: 'wait' "
R1_ZERO_WAIT_STEPS = {
    "sporadic_from": Sourced(4_000, _WAIT + "appeared sporadically between steps 4,000 and 7,000"),
    "sporadic_to": Sourced(7_000, _WAIT + "appeared sporadically between steps 4,000 and 7,000"),
    "frequent_from": Sourced(8_000, _WAIT + "showed a marked increase after step 8,000"),
}

# The paper's "aha moment": a response of an intermediate R1-Zero checkpoint (no step given).
R1_ZERO_AHA_QUOTE = Sourced(
    "Wait, wait. Wait. That's an aha moment I can flag here.",
    'P-v1 §2.2.4 and Table 3: an "intermediate version" of DeepSeek-R1-Zero, step not given '
    "(paper-data §3.3, Emergence facts)",
)

# What the walkthrough article says at step 0, where the paper differs (paper-data §8). Not
# published numbers: kept here so that the view names them beside the paper's.
ARTICLE_AHA_START = {
    "pass_at_1": Sourced(
        0.156,
        "the seed article's chapter 04, not the paper: AIME pass@1 15.6% at step 0 "
        "(in v1 Figure 2, 15.6% is the step-200 point; paper-data §8)",
    ),
    "response_length": Sourced(
        200,
        "the seed article's chapter 04, not the paper: ~200 tokens per response at step 0 "
        "(v1 Figure 3 starts near 550; paper-data §8)",
    ),
}


# --- ch05 R1Pipeline: published numbers (issue 9) ---
# Nature Table 2 (paper-data §3.5): every benchmark at each checkpoint of R1's pipeline. R1-Zero
# here is Nature's full 10,400-step run (AIME 77.9), not v1's earlier 71.0.
NATURE_TABLE_2_CHECKPOINTS = {
    "r1_zero": "DeepSeek-R1-Zero",
    "dev1": "DeepSeek-R1 Dev1",
    "dev2": "DeepSeek-R1 Dev2",
    "dev3": "DeepSeek-R1 Dev3",
    "r1": "DeepSeek-R1",
}
NATURE_TABLE_2_BENCHMARKS = {  # id: the row's name in the table
    "mmlu": "MMLU", "mmlu_redux": "MMLU-Redux", "mmlu_pro": "MMLU-Pro", "drop": "DROP",
    "if_eval": "IF-Eval", "gpqa_diamond": "GPQA Diamond", "simpleqa": "SimpleQA",
    "frames": "FRAMES", "alpacaeval2": "AlpacaEval 2.0", "arena_hard": "Arena-Hard",
    "livecodebench": "LiveCodeBench", "codeforces_pct": "Codeforces (percentile)",
    "codeforces_rating": "Codeforces (rating)", "swe_verified": "SWE-bench Verified",
    "aider_polyglot": "Aider-Polyglot", "aime_2024": "AIME 2024", "math_500": "MATH-500",
    "cnmo_2024": "CNMO 2024", "cluewsc": "CLUEWSC", "c_eval": "C-Eval",
    "c_simpleqa": "C-SimpleQA",
}  # fmt: skip
_T2_VALUES = {  # R1-Zero, Dev1, Dev2, Dev3, R1
    "mmlu": (88.8, 89.1, 91.2, 91.0, 90.8),
    "mmlu_redux": (85.6, 90.0, 93.0, 93.1, 92.9),
    "mmlu_pro": (68.9, 74.1, 83.8, 83.1, 84.0),
    "drop": (89.1, 89.8, 91.1, 88.7, 92.2),
    "if_eval": (46.6, 71.7, 72.0, 78.1, 83.3),
    "gpqa_diamond": (75.8, 66.1, 70.7, 71.2, 71.5),
    "simpleqa": (30.3, 17.8, 28.2, 24.9, 30.1),
    "frames": (82.3, 78.5, 81.8, 81.9, 82.5),
    "alpacaeval2": (24.7, 50.1, 55.8, 62.1, 87.6),
    "arena_hard": (53.6, 77.0, 73.2, 75.6, 92.3),
    "livecodebench": (50.0, 57.5, 63.5, 64.6, 65.9),
    "codeforces_pct": (80.4, 84.5, 90.5, 92.1, 96.3),
    "codeforces_rating": (1444, 1534, 1687, 1746, 2029),
    "swe_verified": (43.2, 39.6, 44.6, 45.6, 49.2),
    "aider_polyglot": (12.2, 6.7, 25.6, 44.8, 53.3),
    "aime_2024": (77.9, 59.0, 74.0, 78.1, 79.8),
    "math_500": (95.9, 94.2, 95.9, 95.4, 97.3),
    "cnmo_2024": (88.1, 58.0, 73.9, 77.3, 78.8),
    "cluewsc": (93.1, 92.8, 92.6, 91.6, 92.8),
    "c_eval": (92.8, 85.7, 91.9, 86.4, 91.8),
    "c_simpleqa": (66.4, 58.8, 64.2, 66.9, 63.7),
}
NATURE_TABLE_2 = {
    bench: {
        ckpt: Sourced(value, f"Nature Table 2: {NATURE_TABLE_2_BENCHMARKS[bench]}, {name}")
        for (ckpt, name), value in zip(NATURE_TABLE_2_CHECKPOINTS.items(), values, strict=True)
    }
    for bench, values in _T2_VALUES.items()
}


def _last_rl_note(bench: str, paper_pct: int) -> str:
    """The paper's "by N%" for the last RL stage, with Table 2's points beside it: the rise is
    in points of the score (62.1 -> 87.6 is 25.5 points, a 41% relative rise)."""
    dev3, r1 = _T2_VALUES[bench][3], _T2_VALUES[bench][4]
    return (
        f"The paper credits the last RL stage with lifting {NATURE_TABLE_2_BENCHMARKS[bench]} "
        f'"by {paper_pct}%": in Table 2 that is {r1 - dev3:.1f} points ({dev3} → {r1}, Dev3 '
        f"to R1), a {(r1 / dev3 - 1) * 100:.0f}% relative rise."
    )


# What the Nature text says about particular rows (our words).
NATURE_TABLE_2_NOTES = {
    "aime_2024": Sourced(
        "The paper notes that Dev1 reasons somewhat worse than R1-Zero, most visibly on AIME. "
        "Compare Dev2, after stage 2's reasoning RL.",
        "Nature, Results: Dev1 shows a partial degradation in reasoning against R1-Zero, most "
        "notably on AIME",
    ),
    "alpacaeval2": Sourced(
        _last_rl_note("alpacaeval2", 25),
        "Nature, Results: the final RL stage improved AlpacaEval 2.0 by 25%; points from Nature "
        "Table 2, Dev3 and R1",
    ),
    "arena_hard": Sourced(
        _last_rl_note("arena_hard", 17),
        "Nature, Results: the final RL stage improved Arena-Hard by 17%; points from Nature "
        "Table 2, Dev3 and R1",
    ),
}
# arXiv v1 Table 2 (paper-data §3.1): R1-Zero after the shorter run v1 shows (to ~8.4k steps),
# on the rows it shares with Nature Table 2. Other rows: v1 gives R1-Zero no value.
_V1_T2 = "P-v1 Table 2: DeepSeek-R1-Zero {} {} (the run v1 shows, to ~8.4k steps)"
R1_ZERO_V1_TABLE_2 = {
    bench: Sourced(value, _V1_T2.format(column, value))
    for bench, column, value in (
        ("aime_2024", "AIME 2024 pass@1", 71.0),
        ("math_500", "MATH-500 pass@1", 95.9),
        ("gpqa_diamond", "GPQA Diamond pass@1", 73.3),
        ("livecodebench", "LiveCodeBench pass@1", 50.0),
        ("codeforces_rating", "Codeforces rating", 1444),
    )
}
# How each row is scored, as arXiv v1 Table 4 labels the same benchmarks (paper-data §3.4;
# Nature Table 2 labels MMLU "EM" where v1 writes Pass@1).
_METRIC = "P-v1 Table 4: the row is labelled {} ({})"
NATURE_TABLE_2_METRICS = {
    bench: Sourced(metric, _METRIC.format(row, metric))
    for bench, row, metric in (
        ("mmlu", "MMLU", "Pass@1"), ("mmlu_redux", "MMLU-Redux", "EM"),
        ("mmlu_pro", "MMLU-Pro", "EM"), ("drop", "DROP", "3-shot F1"),
        ("if_eval", "IF-Eval", "Prompt Strict"), ("gpqa_diamond", "GPQA Diamond", "Pass@1"),
        ("simpleqa", "SimpleQA", "Correct"), ("frames", "FRAMES", "Acc."),
        ("alpacaeval2", "AlpacaEval2.0", "LC-winrate"), ("arena_hard", "ArenaHard", "GPT-4-1106"),
        ("livecodebench", "LiveCodeBench", "Pass@1-COT"),
        ("codeforces_pct", "Codeforces", "Percentile"),
        ("codeforces_rating", "Codeforces", "Rating"),
        ("swe_verified", "SWE Verified", "Resolved"), ("aider_polyglot", "Aider-Polyglot", "Acc."),
        ("aime_2024", "AIME 2024", "Pass@1"), ("math_500", "MATH-500", "Pass@1"),
        ("cnmo_2024", "CNMO 2024", "Pass@1"), ("cluewsc", "CLUEWSC", "EM"),
        ("c_eval", "C-Eval", "EM"), ("c_simpleqa", "C-SimpleQA", "Correct"),
    )
}  # fmt: skip
NATURE_TABLE_2_METRICS["mmlu"] = Sourced(
    "Pass@1", _METRIC.format("MMLU", "Pass@1") + "; Nature Table 2 labels it EM"
)

# The four stages (paper-data §3.8, §1.4). Sizes as the paper gives them: "thousands" of
# cold-start traces has no exact count.
R1_PIPELINE = {
    "v3_total_params_b": Sourced(671, "P-v1 §3 and the V3 report: 671B parameters in total"),
    "v3_active_params_b": Sourced(37, "P-v1 §3 and the V3 report: 37B activated per token"),
    "cold_start_amount": Sourced(
        "thousands", "P-v1 §2.3.1: 'thousands of cold-start data' of long CoT (no exact count)"
    ),
    "reasoning_samples": Sourced(
        600_000, "P-v1 §2.3.3: about 600k reasoning samples, rejection-sampled from stage 2"
    ),
    "non_reasoning_samples": Sourced(
        200_000, "P-v1 §2.3.3: about 200k non-reasoning samples (V3's SFT pipeline)"
    ),
    "sft_samples": Sourced(800_000, "P-v1 §2.3.3: about 800k samples in total"),
    "sft_epochs": Sourced(2, "P-v1 §2.3.3: DeepSeek-V3-Base fine-tuned for two epochs"),
    "final_rl_steps": Sourced(1_700, "Nature, Methods: the second RL stage ran 1,700 steps"),
    "final_rl_preference_steps": Sourced(
        400, "Nature, Methods: preference rewards and general data only in the last 400 steps"
    ),
    "final_rl_temperature": Sourced(
        0.7, "Nature, Methods: second RL stage temperature 0.7 (higher gave incoherent text)"
    ),
}
# What each stage was for, in our words; each source names the passage.
R1_PIPELINE_FIXES = {
    1: (
        Sourced(
            "R1-Zero was hard to read: it mixed languages and gave answers no readable shape. "
            "The cold-start traces follow a readable pattern that ends with a summary.",
            "P-v1 §2.3.1 (Readability); P-v1 §1: R1-Zero's poor readability and language mixing",
        ),
        Sourced(
            "Starting RL from a fine-tuned model avoids the unstable early phase of RL started "
            "straight from the base model.",
            "P-v1 §2.3: cold-start data to prevent the early unstable phase of RL from the base",
        ),
    ),
    2: (
        Sourced(
            "Chains of thought still mixed languages, most when prompts came in several "
            "languages: a language-consistency reward (share of words in the target language) "
            "was added to the accuracy reward.",
            "P-v1 §2.3.2; Nature, Methods eq. 7",
        ),
    ),
    3: (
        Sourced(
            "Training so far was about reasoning, and R1-Zero did poorly in broader areas such "
            "as writing and open-domain questions: this stage adds non-reasoning data (writing, "
            "factual QA, self-cognition, translation).",
            "P-v1 §2.3.3; Nature: R1-Zero's limited performance in writing and open-domain QA",
        ),
        Sourced(
            "Reasoning traces that mixed languages, ran as long paragraphs or held code blocks "
            "were filtered out, and only correct answers kept.",
            "P-v1 §2.3.3: rejection sampling and filtering of the reasoning data",
        ),
    ),
    4: (
        Sourced(
            "Aligns the model with human preferences, making it more helpful and harmless, "
            "while its reasoning keeps improving.",
            "P-v1 §2.3.4: a second RL stage for helpfulness and harmlessness",
        ),
        Sourced(
            "Preference rewards came in only for the last steps, since longer training against "
            "a learned reward model may lead to reward hacking.",
            "Nature, Methods: preference rewards only in the final 400 steps (reward hacking)",
        ),
    ),
}


# --- ch06 DistillAblation: published numbers (issue 9) ---
# arXiv v1 Table 5 (distilled models and references) and Table 6 (distillation against RL on the
# same 32B base); paper-data §3.6 and §3.7. Benchmarks: AIME 2024 pass@1 and cons@64, MATH-500
# pass@1, GPQA Diamond pass@1, LiveCodeBench pass@1.
DISTILL_BENCHMARKS = {
    "aime_pass_at_1": "AIME 2024 pass@1",
    "aime_cons_at_64": "AIME 2024 cons@64",
    "math_500": "MATH-500 pass@1",
    "gpqa_diamond": "GPQA Diamond pass@1",
    "livecodebench": "LiveCodeBench pass@1",
}
_T5_VALUES = {  # model: (name, AIME pass@1, AIME cons@64, MATH-500, GPQA, LiveCodeBench)
    "gpt_4o": ("GPT-4o-0513", (9.3, 13.4, 74.6, 49.9, 32.9)),
    "o1_mini": ("OpenAI-o1-mini", (63.6, 80.0, 90.0, 60.0, 53.8)),
    "qwq_32b": ("QwQ-32B-Preview", (50.0, 60.0, 90.6, 54.5, 41.9)),
    "qwen_1_5b": ("DeepSeek-R1-Distill-Qwen-1.5B", (28.9, 52.7, 83.9, 33.8, 16.9)),
    "qwen_7b": ("DeepSeek-R1-Distill-Qwen-7B", (55.5, 83.3, 92.8, 49.1, 37.6)),
    "qwen_14b": ("DeepSeek-R1-Distill-Qwen-14B", (69.7, 80.0, 93.9, 59.1, 53.1)),
    "qwen_32b": ("DeepSeek-R1-Distill-Qwen-32B", (72.6, 83.3, 94.3, 62.1, 57.2)),
    "llama_8b": ("DeepSeek-R1-Distill-Llama-8B", (50.4, 80.0, 89.1, 49.0, 39.6)),
    "llama_70b": ("DeepSeek-R1-Distill-Llama-70B", (70.0, 86.7, 94.5, 65.2, 57.5)),
}
DISTILL_MODEL_NAMES = {model: name for model, (name, _) in _T5_VALUES.items()}
DISTILL_TABLE_5 = {
    model: {
        bench: Sourced(value, f"P-v1 Table 5: {name}, {DISTILL_BENCHMARKS[bench]}")
        for bench, value in zip(DISTILL_BENCHMARKS, values, strict=True)
    }
    for model, (name, values) in _T5_VALUES.items()
}
_T6_VALUES = {  # Table 6 repeats QwQ and Distill-Qwen-32B from Table 5, adds the RL model
    "qwq_32b": ("QwQ-32B-Preview", (50.0, 60.0, 90.6, 54.5, 41.9)),
    "zero_qwen_32b": ("DeepSeek-R1-Zero-Qwen-32B", (47.0, 60.0, 91.6, 55.0, 40.2)),
    "qwen_32b": ("DeepSeek-R1-Distill-Qwen-32B", (72.6, 83.3, 94.3, 62.1, 57.2)),
}
DISTILL_MODEL_NAMES["zero_qwen_32b"] = "DeepSeek-R1-Zero-Qwen-32B"
DISTILL_TABLE_6 = {
    model: {
        bench: Sourced(value, f"P-v1 Table 6: {name}, {DISTILL_BENCHMARKS[bench]}")
        for bench, value in zip(DISTILL_BENCHMARKS, values, strict=True)
    }
    for model, (name, values) in _T6_VALUES.items()
}
_README = "the DeepSeek-R1 GitHub repository's README (github.com/deepseek-ai/DeepSeek-R1)"
_BASE = "P-v1 §2.4 and the DeepSeek-R1 GitHub repository's README: {} is fine-tuned from {}"
DISTILL_BASE_MODELS = {
    model: Sourced(base, _BASE.format(DISTILL_MODEL_NAMES[model], base))
    for model, base in (
        ("qwen_1_5b", "Qwen2.5-Math-1.5B"), ("qwen_7b", "Qwen2.5-Math-7B"),
        ("qwen_14b", "Qwen2.5-14B"), ("qwen_32b", "Qwen2.5-32B"),
        ("llama_8b", "Llama-3.1-8B"), ("llama_70b", "Llama-3.3-70B-Instruct"),
    )
}  # fmt: skip
DISTILL_FACTS = {
    "sft_samples": Sourced(
        800_000, "P-v1 §2.4: the distilled models are fine-tuned on the ~800k samples of §2.3.3"
    ),
    "rl_steps_on_qwen_32b": Sourced(
        10_000, "P-v1 §4.1: R1-Zero-Qwen-32B, large-scale RL on Qwen-32B-Base for over 10K steps"
    ),
    "readme_qwq_aime": Sourced(
        44.0,
        f"In {_README}, the distilled-model table: QwQ-32B-Preview AIME 2024 pass@1 44.0 "
        "(the paper's Tables 5 and 6 give 50.0)",
    ),
}
# The paper's two conclusions from §4.1, in our words.
DISTILL_CONCLUSIONS = (
    Sourced(
        "Distilling a strong model into a small one gives excellent results; running the same "
        "large-scale RL on the small model itself takes enormous compute and may still not "
        "reach what distillation gets.",
        "P-v1 §4.1, first conclusion",
    ),
    Sourced(
        "Distillation is economical and effective, but pushing past the current limits of "
        "intelligence may still need stronger base models and RL at a larger scale.",
        "P-v1 §4.1, second conclusion",
    ),
)


# --- ch07 FailedApproaches: published numbers (issue 9) ---
# v1 §4.2 in our words (paper-data §5): the limitations are the paper's points, paraphrased;
# each source names the point. The article adds a third attempt (a learned value model); the
# paper has two, and the value model appears only inside the MCTS attempt (paper-data §8).
UNSUCCESSFUL_ATTEMPTS = Sourced(
    ("prm", "mcts"), "P-v1 §4.2 Unsuccessful Attempts: two attempts, PRM and MCTS"
)
UNSUCCESSFUL_CAVEAT = Sourced(
    "The authors share these failures to give insight, and add that they do not show the "
    "approaches cannot yield good reasoning models.",
    "P-v1 §4.2, opening paragraph",
)
PRM_LIMITATIONS = (
    Sourced(
        "In general reasoning it is hard to say what one fine-grained step is.",
        "P-v1 §4.2, PRM limitation 1",
    ),
    Sourced(
        "Judging whether an intermediate step is correct is hard: labels made automatically by "
        "a model are not good enough, and labels made by people do not scale.",
        "P-v1 §4.2, PRM limitation 2",
    ),
    Sourced(
        "Once a model-based PRM enters training, reward hacking follows; retraining that reward "
        "model costs extra compute and complicates the whole training pipeline.",
        "P-v1 §4.2, PRM limitation 3 (citing Gao et al., 2022)",
    ),
)
PRM_CONCLUSION = Sourced(
    "A PRM is useful for reranking the top N responses or guiding a search, but in large-scale "
    "RL its gains are small next to the extra compute it brings.",
    "P-v1 §4.2, PRM conclusion (citing Snell et al., 2024)",
)
MCTS_METHOD = Sourced(
    "Answers were cut into smaller parts (the model was prompted to mark reasoning steps with "
    "tags); a search guided by a pre-trained value model looked for answers; the question–answer "
    "pairs it found trained both the actor (the model that writes the answers) and the value "
    "model, round after round.",
    "P-v1 §4.2, MCTS method",
)
MCTS_CHALLENGES = (
    Sourced(
        "Generating tokens opens a search space exponentially larger than chess, whose space is "
        "fairly well defined. Capping how many children each node may expand keeps the search "
        "manageable, but can leave the model stuck in local optima.",
        "P-v1 §4.2, MCTS challenge 1",
    ),
    Sourced(
        "The value model steers every step of the search, and training a fine-grained value "
        "model is hard in itself, so the rounds of self-improvement are hard to sustain (unlike "
        "AlphaGo, whose value model improved step by step).",
        "P-v1 §4.2, MCTS challenge 2",
    ),
)
MCTS_CONCLUSION = Sourced(
    "With a pre-trained value model, MCTS can improve results at inference time; improving the "
    "model round after round through its own search remains a major challenge.",
    "P-v1 §4.2, MCTS conclusion",
)
V3_VOCABULARY_SIZE = Sourced(
    129_280,
    "DeepSeek-V3 inference/configs/config_671B.json vocab_size 129280 (the V3 report: a "
    "byte-level BPE vocabulary of 128K tokens)",
)


# --- ch08 SystemMap: published numbers (issue 9) ---
# The pipeline's sizes are chapter 05's R1_PIPELINE entries (one definition each); the
# distilled models' count and size range are added here.
SYSTEM_MAP = {
    **{
        key: R1_PIPELINE[key]
        for key in (
            "v3_total_params_b",
            "v3_active_params_b",
            "cold_start_amount",
            "reasoning_samples",
            "non_reasoning_samples",
            "sft_samples",
            "sft_epochs",
        )
    },
    "distill_models": Sourced(
        6, "P-v1 §2.4 and Table 5: six distilled models (Qwen 1.5B, 7B, 14B, 32B; Llama 8B, 70B)"
    ),
    "distill_smallest_b": Sourced(1.5, "P-v1 Table 5: DeepSeek-R1-Distill-Qwen-1.5B"),
    "distill_largest_b": Sourced(70, "P-v1 Table 5: DeepSeek-R1-Distill-Llama-70B"),
}

# --- ch13 LanguageConsistency: published statements (issue 10) ---
# What the papers say about the language-consistency (LC) reward, in our words (paper-data §2.1,
# §6); the rule itself is REWARD_RULES above. The papers state no weight and no ablation numbers.
LANGUAGE_CONSISTENCY = {
    "added_directly": Sourced(
        "The LC reward is simply added to the other rewards: to the accuracy reward in the "
        "reasoning RL stage, and to the sum of all rewards in the last stage. No weight for it "
        "is stated.",
        "P-v1 §2.3.2: accuracy and LC reward summed directly; Nature, Methods eq. 8-10 and "
        "training details: added directly to the final reward (paper-data §2.1)",
    ),
    "ablation": Sourced(
        "The main text reports only that the LC reward costs the model a slight degradation in "
        "performance, with no number and no benchmark named, and keeps the reward because its "
        "output reads better.",
        "P-v1 §2.3.2 and Nature main text: ablations show 'a slight degradation in the "
        "model's performance'; the reward is kept because it makes the output more readable "
        "(paper-data §2.1, §8)",
    ),
    "why_mixing": Sourced(
        "R1-Zero's chains of thought mixed languages. Its base model, DeepSeek-V3-Base, was "
        "trained on many languages, English and Chinese above all.",
        "P-v1 §1: R1-Zero's poor readability and language mixing; Nature: V3 Base "
        "trained on several languages, especially English and Chinese (paper-data §6)",
    ),
    "other_languages": Sourced(
        "R1 is tuned for Chinese and English: asked in another language, it may still reason "
        "or answer in English.",
        "P-v1 §5 and Nature, limitations: language mixing for languages other than Chinese "
        "and English (paper-data §6)",
    ),
}
# What the supplementary ablation says, read through a secondary note (paper-data §2.1 [S]):
# shown as secondary; the numbers are unverified and never used for a curve.
LANGUAGE_CONSISTENCY_SECONDARY = {
    "ablation_split": Sourced(
        "Without the LC reward, language consistency worsens as training goes on; with it, "
        "consistency stays stable. Maths performance stays comparable, and coding degrades "
        "slightly.",
        "[S] arXiv v2 Suppl. B.6, Fig. 7 (the LC-reward ablation), quoted in a secondary note; "
        "not in the v1 or Nature main text (paper-data §2.1)",
    ),
    "livecodebench": Sourced(
        (0.46, 0.38),
        "[S] a secondary note on arXiv v2 Suppl. B.6: LiveCodeBench 0.46 without and 0.38 "
        "with the LC reward; unverified (paper-data §2.1)",
    ),
}
# What the seed article says (paper-data §8). Not published numbers: kept here so that
# the view names them beside what the paper says.
ARTICLE_LANGUAGE_CONSISTENCY = {
    "weight": Sourced(
        0.4,
        "the seed article's chapter 13, not the paper: λ ≈ 0.4 in Stage 2 (paper-data §8: "
        "no weight in v1 or Nature)",
    ),
    "aime_cost_points": Sourced(
        2,
        "the seed article's chapter 13, not the paper: ~2 points of AIME accuracy lost "
        "(paper-data §8: the main text says only 'slight degradation'; the supplementary "
        "ablation, via a secondary note, puts it on code)",
    ),
}
# --- ch14 R1vsR1Zero: what the papers say of each model's answers (issue 10) ---
# paper-data §6 and §2.2, in our words. The scores are NATURE_TABLE_2 above, where R1-Zero is
# Nature's full 10,400-step run (R1_ZERO_RL["steps"]).
R1_VS_R1_ZERO = {
    "zero_training": Sourced(
        "R1-Zero is DeepSeek-V3-Base trained by RL alone, rewarded only for accuracy and "
        "format, with no supervised fine-tuning before it.",
        "P-v1 §2.2; Nature: R1-Zero, pure RL from DeepSeek-V3-Base with accuracy and format "
        "rewards",
    ),
    "zero_template": Sourced(
        "R1-Zero was prompted to put its reasoning between <think> and </think> and its answer "
        "between <answer> and </answer>.",
        "P-v1 Table 1: R1-Zero's training template",
    ),
    "zero_problems": Sourced(
        "The paper names R1-Zero's weak points: poor readability and language mixing. The "
        "repository's README adds endless repetition.",
        "P-v1 §1 (poor readability, language mixing); P-README (endless repetition)",
    ),
    "zero_languages": Sourced(
        "Nature traces the mixing to the base model, trained on several languages, English and "
        "Chinese above all.",
        "Nature: DeepSeek-V3 Base is trained on several languages, especially English and Chinese",
    ),
    "r1_format": Sourced(
        "R1's cold-start data follow a readable pattern: the reasoning, then a summary.",
        "P-v1 §2.3.1: output format |special_token|<reasoning_process>|special_token|<summary>",
    ),
    "r1_think": Sourced(
        "The released R1 writes its reasoning after a <think> tag: its README advises forcing "
        "every answer to start with one.",
        "P-README §6, usage recommendations: force the output to start with '<think>\\n'",
    ),
    "r1_language": Sourced(
        "R1's reasoning RL added a language-consistency reward: the share of chain-of-thought "
        "words in the target language.",
        "P-v1 §2.3.2; Nature, Methods eq. 7",
    ),
    "r1_stage3_filter": Sourced(
        "R1's stage-3 fine-tuning data kept only reasoning free of mixed languages, long "
        "paragraphs and code blocks.",
        "P-v1 §2.3.3: chains of thought with mixed languages, long paragraphs and code blocks "
        "were filtered out of the rejection-sampled data",
    ),
}
# R1's remaining limitations (paper-data §6), in our words.
R1_LIMITATIONS = (
    Sourced(
        "weaker than DeepSeek-V3 at function calling, multi-turn dialogue, complex role-play and "
        "JSON output",
        "P-v1 §5 (General capability)",
    ),
    Sourced(
        "language mixing on queries in languages other than Chinese and English",
        "P-v1 §5 (Language mixing)",
    ),
    Sourced("sensitive to prompts: few-shot prompting makes it worse", "P-v1 §5 (Prompting)"),
    Sourced(
        "little gain over DeepSeek-V3 on software-engineering benchmarks, where slow evaluation "
        "limited RL",
        "P-v1 §5 (Software engineering tasks)",
    ),
    Sourced(
        "token inefficiency (it still overthinks at times) and no use of tools",
        "Nature: limitations (token efficiency, tool use)",
    ),
)
# --- ch15 MoERouter: DeepSeek-V3's configuration and its published sizes (paper-data §4) ---
_V3_CONFIG = "DeepSeek-V3 inference/configs/config_671B.json {}"
V3_CONFIG = {
    "vocab_size": V3_VOCABULARY_SIZE,  # chapter 07's entry: one definition
    **{
        field: Sourced(value, _V3_CONFIG.format(field))
        for field, value in (
            ("dim", 7168),
            ("inter_dim", 18432),
            ("moe_inter_dim", 2048),
            ("n_layers", 61),
            ("n_dense_layers", 3),
            ("n_heads", 128),
            ("n_routed_experts", 256),
            ("n_shared_experts", 1),
            ("n_activated_experts", 8),
            ("n_expert_groups", 8),
            ("n_limited_groups", 4),
            ("route_scale", 2.5),
            ("score_func", "sigmoid"),
            ("q_lora_rank", 1536),
            ("kv_lora_rank", 512),
            ("qk_nope_head_dim", 128),
            ("qk_rope_head_dim", 64),
            ("v_head_dim", 128),
        )
    },
}
V3_README_ACTIVE_PARAMS_B = Sourced(
    36.7,
    "DeepSeek-V3 README_WEIGHTS.md: 36.7B activated parameters in the main model, counting "
    "0.9B embedding and 0.9B output head",
)
V3_README_EMBEDDING_PARAMS_B = Sourced(
    0.9,
    "DeepSeek-V3 README_WEIGHTS.md: the 36.7B activated parameters include 0.9B of embedding",
)
V3_README_HEAD_PARAMS_B = Sourced(
    0.9,
    "DeepSeek-V3 README_WEIGHTS.md: the 36.7B activated parameters include 0.9B of output head",
)
V3_MTP_PARAMS_B = Sourced(
    14,
    "DeepSeek-V3 README.md: 'The total size of DeepSeek-V3 models on Hugging Face is 685B, "
    "which includes 671B of the Main Model weights and 14B of the Multi-Token Prediction (MTP) "
    "Module weights' (README_WEIGHTS.md: 11.5B of them unique, the embedding and head being "
    "shared)",
)
V3_BIAS_UPDATE_SPEED = Sourced(
    0.001,
    "DeepSeek-V3 report §4.2 (P-V3): bias update speed γ = 0.001 for the first 14.3T tokens, "
    "then 0 for the last 500B",
)
V3_BALANCE_LOSS_ALPHA = Sourced(
    0.0001,
    "DeepSeek-V3 report §4.2 (P-V3): sequence-wise balance loss factor α = 0.0001",
)
_V3_NODES = "DeepSeek-V3 report (P-V3), node-limited routing: routed experts on 64 GPUs in 8 nodes"
V3_NODE_LIMITED_ROUTING = {
    "gpus": Sourced(64, _V3_NODES),
    "nodes": Sourced(8, _V3_NODES),
    "max_nodes": Sourced(4, "DeepSeek-V3 report §4.2 (P-V3): each token reaches at most 4 nodes"),
}
V3_EXPERT_SPECIALISATION = Sourced(
    "on a 16B test model, that the experts' load differs between kinds of text such as GitHub "
    "code and DM Mathematics",
    "DeepSeek-V3 report §4.5.3 (Fig. 9) and Appendix C (Fig. 10): expert load of 16B models on "
    "domains of the Pile test set",
)
# --- ch16 InferenceScaling: published numbers (issue 10) ---
# What the papers say about spending more compute per question at test time (paper-data §7).
# They give no accuracy-against-thinking-budget curve: chapter 16's curves are its own,
# illustrative. Its published points reuse R1_ZERO_V1_TABLE_2, DISTILL_TABLE_5 and
# R1_ZERO_RESPONSE_LENGTH_POINTS; only what no table above holds is added here.
INFERENCE_SCALING = {
    "r1_zero_cons_at_64": Sourced(
        86.7,
        "P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 cons@64 86.7 (the run v1 shows, to ~8.4k steps)",
    ),
    "eval_max_tokens": Sourced(
        32_768, "P-v1 §3 Evaluation Setup: maximum generation length 32,768 tokens"
    ),
    "token_allocation": Sourced(
        "DeepSeek-R1 dynamically allocates computational resources during inference according "
        "to the complexity of the problem … uses fewer tokens to solve simple tasks but "
        "generating more tokens for complex tasks",
        "Nature, on token efficiency (quoted in paper-data §7; no numbers given)",
    ),
    "overthinking": Sourced(
        "overthinking",
        "Nature, limitations: token inefficiency, 'overthinking', is still observed "
        "(paper-data §6, §7)",
    ),
    "conventional_scaling": Sourced(
        "majority voting and MCTS",
        "Nature, on token efficiency: R1's dynamic allocation is set apart from conventional "
        "test-time scaling such as majority voting and MCTS (paraphrased in paper-data §5; "
        "not a quote)",
    ),
}
