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


def all_cases() -> list[Case]:
    return [_grpo_loss()]
