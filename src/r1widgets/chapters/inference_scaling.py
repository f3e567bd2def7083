"""Chapter 16: thinking time as a second axis of scaling.

The accuracy curves are ours, illustrative: the R1 papers publish no accuracy-against-thinking-
budget curve (paper-data §7). What they do publish is drawn as points: majority voting over 64
samples against one (v1 Tables 2 and 5), how long R1-Zero's answers grew during RL (v1
Figure 3) and what happened when its training length cap was raised (Nature, Methods); Nature's
words on how R1 spends tokens are quoted, with no numbers.
"""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, FiniteFloat, Input, StrictInt
from ..core import scaling

EVAL_MAX = paper.INFERENCE_SCALING["eval_max_tokens"]
assert EVAL_MAX.value == scaling.BUDGET_MAX  # the track ends at the paper's evaluation cap
DEFAULT_BUDGET = 4_000  # the seed article's starting view
SPEED_RANGE = (10.0, 1_000.0)  # tokens per second
DEFAULT_SPEED = 50.0  # ours: a plausible decode speed, not a published figure

# pass@1 -> cons@64 on AIME 2024: R1-Zero (v1 Table 2), then v1 Table 5's rows.
VOTE_MODELS = (
    "qwen_1_5b",
    "qwen_7b",
    "llama_8b",
    "qwen_14b",
    "qwen_32b",
    "llama_70b",
    "o1_mini",
    "qwq_32b",
    "gpt_4o",
)
VOTE_KIND = {
    "r1_zero": "pure RL (R1-Zero)",
    "o1_mini": "reference reasoning model",
    "qwq_32b": "reference reasoning model",
    "gpt_4o": "reference model without long reasoning",
}
LENGTH_STEPS = (0, 8_400)  # v1 Figure 3: the start and the end of R1-Zero's RL run


def _pub(sourced: paper.Sourced) -> dict[str, Any]:
    return {"value": sourced.value, "source": sourced.source}


def _vote_row(
    row_id: str, label: str, pass_at_1: paper.Sourced, cons: paper.Sourced
) -> dict[str, Any]:
    gain = round(cons.value - pass_at_1.value, 1)
    return {
        "id": row_id,
        "label": label,
        "kind": VOTE_KIND.get(row_id, "distilled from R1 (SFT only)"),
        "pass_at_1": _pub(pass_at_1),
        "cons_at_64": _pub(cons),
        "gain_points": gain,
        "gain_text": f"{gain:+.1f} points".replace("-", "−"),
    }


def _sourced_points() -> dict[str, Any]:
    table5 = paper.DISTILL_TABLE_5
    votes = [
        _vote_row(
            "r1_zero",
            "DeepSeek-R1-Zero (arXiv v1 run)",
            paper.R1_ZERO_V1_TABLE_2["aime_2024"],
            paper.INFERENCE_SCALING["r1_zero_cons_at_64"],
        )
    ]
    votes += [
        _vote_row(
            m,
            paper.DISTILL_MODEL_NAMES[m],
            table5[m]["aime_pass_at_1"],
            table5[m]["aime_cons_at_64"],
        )
        for m in VOTE_MODELS
    ]
    lengths = [s for s in paper.R1_ZERO_RESPONSE_LENGTH_POINTS if s.value[0] in LENGTH_STEPS]
    assert [s.value[0] for s in lengths] == list(LENGTH_STEPS)
    return {
        "majority_vote": votes,
        "response_length": [
            {"value": list(s.value), "source": s.source, "step": s.value[0], "tokens": s.value[1]}
            for s in lengths
        ],
        # Nature's longer R1-Zero run (chapter 14 and the quiz use it), beside v1's table row
        "r1_zero_nature": {
            "steps": _pub(paper.R1_ZERO_NATURE_RUN["steps"]),
            "pass_at_1": _pub(paper.R1_ZERO_NATURE_RUN["pass_at_1"]),
            "cons_at_16": _pub(paper.R1_ZERO_NATURE_RUN["cons_at_16"]),
        },
        "length_cap": {
            key: _pub(paper.R1_ZERO_NATURE_RUN[f"length_cap_{key}"])
            for key in ("before", "after", "step")
        },
        "token_allocation": _pub(paper.INFERENCE_SCALING["token_allocation"]),
        "conventional_scaling": _pub(paper.INFERENCE_SCALING["conventional_scaling"]),
        "overthinking": _pub(paper.INFERENCE_SCALING["overthinking"]),
        "eval_max_tokens": _pub(EVAL_MAX),
    }


def _bands() -> list[dict[str, Any]]:
    return [
        {
            "id": b.id,
            "label": b.label,
            "low": b.low,
            "high": b.high,
            "description": b.description,
        }
        for b in scaling.DEPTH_BANDS
    ]


def _curves() -> dict[str, list]:
    budgets = scaling.curve_budgets()
    return {
        "budgets": budgets.tolist(),
        "reasoning": [round(v, 5) for v in scaling.accuracy_reasoning(budgets).tolist()],
        "baseline": [round(v, 5) for v in scaling.accuracy_baseline(budgets).tolist()],
    }


class InferenceScaling(ChapterWidget):
    """Thinking budget against accuracy, latency and cost, beside what the papers publish.

    Inputs: ``budget_tokens`` (thinking tokens, 0 to 32,768, the paper's evaluation cap;
    default 4,000) and ``tokens_per_second`` (decode speed, 10 to 1,000; default 50, our own
    plausible value, not a published figure).

    Derived: ``accuracy_reasoning`` and ``accuracy_baseline`` (illustrative curves of
    :mod:`r1widgets.core.scaling`, ours: the paper gives no such curve), ``latency_s`` (budget
    plus a 200-token answer, over the speed), ``relative_cost`` (generated tokens relative to a
    direct 200-token answer with no thinking), ``depth_label`` (our four bands), and
    ``sourced_points``: only published values, each as ``{value, source}`` (majority voting on
    AIME 2024, Nature's longer R1-Zero run (77.9% pass@1, 86.7% cons@16), R1-Zero's response
    length at the start and end of v1 Figure 3, its training
    length cap raised at step 8,200 (Nature), Nature's words on token allocation and
    overthinking, the evaluation cap).

    Examples
    --------
    >>> w = InferenceScaling()
    >>> w.depth_label, round(w.latency_s, 1), w.relative_cost
    ('verification', 84.0, 21.0)
    >>> w.accuracy_baseline < w.accuracy_reasoning
    True
    """

    _esm = STATIC / "inference_scaling.js"

    budget_tokens = Input(StrictInt(DEFAULT_BUDGET, min=0, max=scaling.BUDGET_MAX))
    """Thinking budget: the most tokens the model may spend reasoning before it answers."""
    tokens_per_second = Input(FiniteFloat(DEFAULT_SPEED, min=SPEED_RANGE[0], max=SPEED_RANGE[1]))
    """Decode speed in generated tokens per second: an input of ours, not a published figure."""

    accuracy_reasoning = Derived(
        traitlets.Float(
            0.0,
            help="Illustrative accuracy (0 to 1) of a reasoning model at budget_tokens: our "
            "curve, not the paper's (it publishes none).",
        )
    )
    accuracy_baseline = Derived(
        traitlets.Float(
            0.0,
            help="Illustrative accuracy (0 to 1) of a model without long-reasoning training: "
            "our curve, not the paper's, and not Qwen's nor any real model's.",
        )
    )
    latency_s = Derived(traitlets.Float(0.0))
    """(budget + 200 answer tokens) / tokens_per_second, in seconds: the whole budget spent,
    prompt reading and queueing ignored."""
    relative_cost = Derived(traitlets.Float(1.0))
    """Generated tokens relative to a direct answer of 200 tokens with no thinking (×)."""
    depth_label = Derived(traitlets.Unicode(""))
    """direct answer, step by step, verification or diminishing returns: our bands."""
    depth = Derived(traitlets.Dict())
    """The band at ``budget_tokens``: {id, label, low, high, description}."""
    depth_bands = Derived(traitlets.List())
    """Our four bands, covering 0 to 32,768 tokens without gaps."""
    curves = Derived(traitlets.Dict())
    """{budgets, reasoning, baseline}: both illustrative curves sampled for the chart."""
    sourced_points = Derived(traitlets.Dict())
    """Published values only, each {value, source}: majority_vote (rows with pass_at_1 and
    cons_at_64 on AIME 2024, in %), r1_zero_nature (steps, and pass_at_1 and cons_at_16 on AIME
    2024 as fractions: Nature's longer R1-Zero run, the one chapter 14 uses), response_length
    (v1 Figure 3, tokens), length_cap (before,
    after, step: R1-Zero's training length cap, Nature), token_allocation, conventional_scaling
    and overthinking (Nature, in words), eval_max_tokens."""
    assumptions = Derived(traitlets.Dict())
    """Our own numbers the view states: answer_tokens, speed range and default."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out.update(
                depth_bands=_bands(),
                curves=_curves(),
                sourced_points=_sourced_points(),
                assumptions={
                    "answer_tokens": scaling.ANSWER_TOKENS,
                    "budget_max": scaling.BUDGET_MAX,
                    "default_budget": DEFAULT_BUDGET,
                    "speed_min": SPEED_RANGE[0],
                    "speed_max": SPEED_RANGE[1],
                    "default_speed": DEFAULT_SPEED,
                },
            )
        budget, speed = self.budget_tokens, self.tokens_per_second
        band = scaling.depth_band(budget)
        out.update(
            accuracy_reasoning=float(scaling.accuracy_reasoning(budget)),
            accuracy_baseline=float(scaling.accuracy_baseline(budget)),
            latency_s=scaling.latency_s(budget, speed),
            relative_cost=scaling.relative_cost(budget),
            depth_label=band.label,
            depth={
                "id": band.id,
                "label": band.label,
                "low": band.low,
                "high": band.high,
                "description": band.description,
            },
        )
        return out

    def figure(self) -> Any:
        """A live bqplot Figure of both illustrative curves (``curves``) on a log budget axis
        from 100 tokens, with a cursor at ``budget_tokens`` and the widget's two accuracies
        there, following it; closed with the widget (see :mod:`r1widgets.figures`). Below 100
        tokens the cursor waits at the axis's start and the two points are not drawn (a log
        axis has no 0)."""
        import bqplot

        from .. import figures

        x = bqplot.LogScale(min=float(scaling.CURVE_MIN_BUDGET), max=float(scaling.BUDGET_MAX))
        y = bqplot.LinearScale(min=0.0, max=1.0)
        scales = {"x": x, "y": y}
        reasoning = bqplot.Lines(
            scales=scales,
            colors=[figures.BLUE],
            labels=["reasoning model"],
            display_legend=True,
        )
        baseline = bqplot.Lines(
            scales=scales,
            colors=[figures.ORANGE],
            line_style="dashed",
            labels=["no long-reasoning training"],
            display_legend=True,
        )
        reasoning_now = bqplot.Scatter(
            scales=scales, colors=[figures.BLUE], marker="circle", default_size=90
        )
        baseline_now = bqplot.Scatter(
            scales=scales, colors=[figures.ORANGE], marker="square", default_size=90
        )
        cursor = bqplot.Lines(
            y=[0.0, 1.0], scales=scales, colors=[figures.GREY], line_style="dotted"
        )
        axes = [
            bqplot.Axis(
                scale=x,
                side="bottom",
                label="thinking budget (tokens, log scale)",
                tick_values=[100, 300, 1_000, 3_000, 10_000, 30_000],
                tick_format="~s",
            ),
            bqplot.Axis(scale=y, side="left", label="accuracy (illustrative)", tick_format=".0%"),
        ]
        fig = figures.new_figure(
            "Illustrative, not the paper's",
            [reasoning, baseline, reasoning_now, baseline_now, cursor],
            axes,
        )

        def redraw() -> None:
            curves = self.curves
            keep = [i for i, b in enumerate(curves["budgets"]) if b > 0]  # a log axis has no 0
            reasoning.x = baseline.x = [curves["budgets"][i] for i in keep]
            reasoning.y = [curves["reasoning"][i] for i in keep]
            baseline.y = [curves["baseline"][i] for i in keep]
            budget = self.budget_tokens
            at = float(max(budget, scaling.CURVE_MIN_BUDGET))
            cursor.x = [at, at]
            fig.title = f"Illustrative, not the paper's: budget {budget:,}"
            on_axis = budget >= scaling.CURVE_MIN_BUDGET
            reasoning_now.x = baseline_now.x = [budget] if on_axis else []
            reasoning_now.y = [self.accuracy_reasoning] if on_axis else []
            baseline_now.y = [self.accuracy_baseline] if on_axis else []

        return figures.live(self, fig, ["budget_tokens"], redraw)
