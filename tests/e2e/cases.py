"""One browser interaction per chapter: what to change and what the kernel must then show.

The expected texts come from the Python side (the widget class or core), computed here in the
test process, so the check is: the browser sent the input, the kernel computed the result and
the view drew it.
"""

from __future__ import annotations

from dataclasses import dataclass


def signed(x: float, digits: int) -> str:
    """The kit's signed number format (js/lib/kit.js `signed`)."""
    t = f"{x:.{digits}f}"
    if float(t) == 0:
        t = f"{0:.{digits}f}"
    elif x > 0:
        t = "+" + t
    return t.replace("-", "−")


@dataclass(frozen=True)
class Case:
    slug: str  # chapter module name; the test notebook is <slug>.ipynb
    cell: str  # the code that displays the widget with its defaults
    root: str  # CSS selector of the chapter's root element
    control: str  # CSS selector of the control to change
    value: str | None  # value to fill, by value even on a log ladder (None: click the control)
    result: str  # CSS selector of the text that shows the kernel's result
    expected: str  # that text after the round trip


def _grpo_loss() -> Case:
    from r1widgets import GRPOLoss

    return Case(
        "grpo_loss",
        "from r1widgets import GRPOLoss\nGRPOLoss()",
        ".r1w-grpo-loss",
        'input[data-name="kl_beta"]',
        "1.5",  # β's track is a log ladder: the harness fills the index of 1.5
        ".r1w-objective .r1w-stat-value",
        signed(GRPOLoss(kl_beta=1.5).objective, 4),
    )


def _sft_vs_rl() -> Case:
    from r1widgets import SFTvsRL

    return Case(
        "sft_vs_rl",
        "from r1widgets import SFTvsRL\nSFTvsRL()",
        ".r1w-sft-vs-rl",
        'button[data-mode="rl"]',
        None,
        ".r1w-sft-vs-rl-summary",
        SFTvsRL(mode="rl").step_summary,
    )


def _reward_checker() -> Case:
    from r1widgets import RewardChecker

    return Case(
        "reward_checker",
        "from r1widgets import RewardChecker\nRewardChecker()",
        ".r1w-reward-checker",
        'input[data-name="ground_truth"]',
        "6",
        ".r1w-reward-checker-total .r1w-stat-value",
        f"{RewardChecker(ground_truth='6').total_reward:.2f}",
    )


def _grpo_simulator() -> Case:
    from r1widgets import GRPOSimulator

    sim = GRPOSimulator()
    sim.step()
    return Case(
        "grpo_simulator",
        "from r1widgets import GRPOSimulator\nGRPOSimulator()",
        ".r1w-grpo-simulator",
        "button.r1w-grpo-simulator-step",
        None,
        ".r1w-grpo-simulator-steps .r1w-stat-value",
        str(sim.step_count),
    )


def _token_update() -> Case:
    from r1widgets import TokenUpdate

    # The default source of A is the group rule: the next rollout of the default seed is wrong,
    # so the kernel gives it a negative advantage (never the +1 a hand-set default once gave).
    w = TokenUpdate()
    w.new_rollout()
    assert w.reward == 0.0 and w.effective_advantage < 0
    return Case(
        "token_update",
        "from r1widgets import TokenUpdate\nTokenUpdate()",
        ".r1w-token-update",
        "button.r1w-token-update-new",
        None,
        ".r1w-token-update-advantage .r1w-stat-value",
        signed(w.effective_advantage, 3),
    )


def _trust_region() -> Case:
    from r1widgets import TrustRegion

    # The view starts at the illustrative β = 0.5 (π* inside the triangle); DeepSeekMath's
    # button sets the published 0.04, which puts π* at the best corner on this toy.
    w = TrustRegion()
    w.use_deepseekmath_beta()
    return Case(
        "trust_region",
        "from r1widgets import TrustRegion\nTrustRegion()",
        ".r1w-trust-region",
        "button.r1w-trust-region-beta-dsm",
        None,
        ".r1w-trust-region-optimum .r1w-stat-value",
        " · ".join(f"{p:.3f}" for p in w.optimum),
    )


def _reward_hacking() -> Case:
    from r1widgets import RewardHacking

    score = RewardHacking(exploits=["padding_steps"]).reward_model_score
    return Case(
        "reward_hacking",
        "from r1widgets import RewardHacking\nRewardHacking()",
        ".r1w-reward-hacking",
        'input[data-name="exploits.padding_steps"]',
        None,
        ".r1w-reward-hacking-model .r1w-reward-hacking-value",
        f"Score {score:.3f}",
    )


def _aha_timeline() -> Case:
    from r1widgets import AhaTimeline

    # The default step is 8,000; the slider moves in steps of 200, so 4,000 is on its track.
    return Case(
        "aha_timeline",
        "from r1widgets import AhaTimeline\nAhaTimeline()",
        ".r1w-aha-timeline",
        'input[data-name="step"]',
        "4000",
        ".r1w-aha-timeline-pass .r1w-stat-value",
        f"{100 * AhaTimeline(step=4000).pass_at_1:.1f}%",
    )


def _r1_pipeline() -> Case:
    from r1widgets import R1Pipeline

    # The default stage is 0 (V3-Base); stage 3's button shows the restart from V3-Base.
    return Case(
        "r1_pipeline",
        "from r1widgets import R1Pipeline\nR1Pipeline()",
        ".r1w-r1-pipeline",
        'button[data-stage="3"]',
        None,
        ".r1w-r1-pipeline-stage-name",
        R1Pipeline(stage=3).model_state["stage_name"],
    )


def _distill_ablation() -> Case:
    from r1widgets import DistillAblation

    # The default is the 32B ablation; the family view measures the gap to o1-mini instead.
    return Case(
        "distill_ablation",
        "from r1widgets import DistillAblation\nDistillAblation()",
        ".r1w-distill-ablation",
        'button[data-view="family"]',
        None,
        ".r1w-distill-ablation-gap .r1w-stat-value",
        DistillAblation(view="family").gap["points_text"],
    )


def _failed_approaches() -> Case:
    from r1widgets import FailedApproaches
    from r1widgets.core.search import describe_count

    # b = 1,000 on the log ladder: the kernel counts the full tree exactly, sends it as text.
    space = FailedApproaches(branching=1000).search_space
    return Case(
        "failed_approaches",
        "from r1widgets import FailedApproaches\nFailedApproaches()",
        ".r1w-failed-approaches",
        'input[data-name="branching"]',
        "1000",
        ".r1w-failed-approaches-space .r1w-stat-value",
        describe_count(space).text,
    )


def _system_map() -> Case:
    from r1widgets import SystemMap

    details = SystemMap(selected="r1").details
    return Case(
        "system_map",
        "from r1widgets import SystemMap\nSystemMap()",
        ".r1w-system-map",
        'button[data-node="r1"]',
        None,
        ".r1w-system-map-details-name",
        f"{details['name']} ({details['group']})",
    )


def _language_consistency() -> Case:
    from r1widgets import LanguageConsistency

    # The default λ = 0.5 leaves one clause in Chinese; λ = 0 (no LC reward) mixes far more.
    mixed = LanguageConsistency(weight=0.0).mixed_rate
    return Case(
        "language_consistency",
        "from r1widgets import LanguageConsistency\nLanguageConsistency()",
        ".r1w-language-consistency",
        'input[data-name="weight"]',
        "0",
        ".r1w-language-consistency-mixed .r1w-stat-value",
        f"{100 * mixed:.1f}% of words",
    )


def _r1_vs_r1_zero() -> Case:
    from r1widgets import R1vsR1Zero

    # The default marks the language mix; Structure marks R1-Zero's repeated line and R1's
    # summary, and the kernel counts both in one sentence.
    return Case(
        "r1_vs_r1_zero",
        "from r1widgets import R1vsR1Zero\nR1vsR1Zero()",
        ".r1w-r1-vs-r1-zero",
        'button[data-highlight="structure"]',
        None,
        ".r1w-r1-vs-r1-zero-marked",
        R1vsR1Zero(highlight="structure").marks["summary"],
    )


def _moe_router() -> Case:
    from r1widgets import MoERouter

    # The default token is "router"; clicking "experts" routes another token, and the summary
    # line (js/chapters/moe_router.js) names the experts and gates the kernel chose for it.
    w = MoERouter(selected_token=8)
    assert w.tokens[8] == "experts"
    chosen = ", ".join(
        f"{e} (gate {g:.3f})" for e, g in zip(w.selected_experts, w.gate_weights, strict=True)
    )
    return Case(
        "moe_router",
        "from r1widgets import MoERouter\nMoERouter()",
        ".r1w-moe-router",
        'button[data-index="8"]',
        None,
        ".r1w-moe-router-summary",
        f"“experts” goes to {len(w.selected_experts)} routed experts: {chosen}, gates summing to "
        f"{w.architecture['route_scale']}; kept groups {', '.join(map(str, w.kept_groups))}; "
        f"plus the shared expert, always on with weight {w.shared_expert_gate:.0f}.",
    )


def _inference_scaling() -> Case:
    from r1widgets import InferenceScaling

    # The default budget is 4,000 tokens; 12,000 is on the log ladder (1.2 × 10⁴).
    cost = InferenceScaling(budget_tokens=12_000).relative_cost
    return Case(
        "inference_scaling",
        "from r1widgets import InferenceScaling\nInferenceScaling()",
        ".r1w-inference-scaling",
        'input[data-name="budget_tokens"]',
        "12000",
        ".r1w-inference-scaling-cost .r1w-stat-value",
        f"{cost:.1f}×",
    )


def _tiny_r1zero() -> Case:
    from decimal import ROUND_HALF_UP, Decimal

    from r1widgets import TinyR1Zero

    # Turning the pretrained prior off starts a new run from step 0: the kernel evaluates the
    # uniform table on its 2,000 fixed prompts (6.25% right, where the prior gives about 10%).
    # The view shows pass@1 with the kit's pct (JS toFixed: a tie rounds up, unlike Python's
    # format), so the text is rounded here the same way, from the exact float.
    share = Decimal(100 * TinyR1Zero(prior=False).pass_at_1)
    return Case(
        "tiny_r1zero",
        "from r1widgets import TinyR1Zero\nTinyR1Zero()",
        ".r1w-tiny-r1zero",
        'input[data-name="prior"]',
        None,
        ".r1w-tiny-r1zero-pass .r1w-stat-value",
        f"{share.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%",
    )


def _quiz() -> Case:
    from r1widgets import Quiz

    # One click answers nothing (a radio is a pending choice until "Check answer"; the keyboard
    # test covers answering): the round trip is the shuffle action, which the kernel answers
    # with the options in a new order, so question 1 shows seed 1's first option.
    return Case(
        "quiz",
        "from r1widgets import Quiz\nQuiz()",
        ".r1w-quiz",
        "button.r1w-quiz-shuffle",
        None,
        "fieldset .r1w-quiz-text",
        Quiz(seed=1).questions[0]["options"][0],
    )


def all_cases() -> list[Case]:
    return [
        _sft_vs_rl(),
        _grpo_loss(),
        _reward_checker(),
        _aha_timeline(),
        _r1_pipeline(),
        _distill_ablation(),
        _failed_approaches(),
        _system_map(),
        _grpo_simulator(),
        _token_update(),
        _trust_region(),
        _reward_hacking(),
        _language_consistency(),
        _r1_vs_r1_zero(),
        _moe_router(),
        _inference_scaling(),
        _tiny_r1zero(),
        _quiz(),
    ]
