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
    value: str | None  # value to fill (None: click the control)
    result: str  # CSS selector of the text that shows the kernel's result
    expected: str  # that text after the round trip


def _grpo_loss() -> Case:
    from r1widgets import GRPOLoss

    return Case(
        "grpo_loss",
        "from r1widgets import GRPOLoss\nGRPOLoss()",
        ".r1w-grpo-loss",
        'input[data-name="kl_beta"]',
        "1.5",
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


def all_cases() -> list[Case]:
    return [_sft_vs_rl(), _grpo_loss(), _reward_checker()]
