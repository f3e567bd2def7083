"""Chapter 06: distilling R1 into small models, against RL on a small model (v1 Table 6) and
across the six distilled models (v1 Table 5)."""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input
from ..core import pipeline

VIEWS = ("ablation", "family")
DEFAULT_BENCHMARK = "aime_pass_at_1"  # the ablation's headline: 72.6 against 47.0
# Table 6's three models: distilled, RL on the base, and the public reference it was compared to.
ABLATION = (("qwen_32b", "distilled"), ("zero_qwen_32b", "rl"), ("qwq_32b", "reference"))
# Table 5's six distilled models from smallest to largest, then two references.
FAMILY_DISTILLED = ("qwen_1_5b", "qwen_7b", "llama_8b", "qwen_14b", "qwen_32b", "llama_70b")
FAMILY_REFERENCES = ("o1_mini", "gpt_4o")
KIND_TEXT = {
    "distilled": "distilled from R1 (SFT only)",
    "rl": "RL on the base model",
    "reference": "reference model",
}


def _item(sourced: paper.Sourced, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "value": sourced.value,
        "source": sourced.source,
        "text": f"{sourced.value:.1f}%",
    }


def _detail(model: str) -> str:
    if model == "zero_qwen_32b":
        steps = paper.DISTILL_FACTS["rl_steps_on_qwen_32b"].value
        return f"large-scale RL on Qwen-32B-Base (maths, code, STEM), over {steps:,} steps"
    if model == "qwq_32b":
        return "the Qwen team's reasoning preview model, a public 32B reference"
    if model == "o1_mini":
        return "OpenAI's smaller reasoning model"
    if model == "gpt_4o":
        return "a general chat model without long reasoning"
    return ""


def _bar(model: str, kind: str, table: dict, benchmark: str) -> dict[str, Any]:
    base = paper.DISTILL_BASE_MODELS.get(model)
    return {
        **_item(table[model][benchmark], paper.DISTILL_MODEL_NAMES[model]),
        "id": model,
        "kind": kind,
        "kind_text": KIND_TEXT[kind],
        "base": {"value": base.value, "source": base.source} if base else None,
        "detail": _detail(model),
    }


class DistillAblation(ChapterWidget):
    """Discover big, deploy small: R1's answers taught to small models by SFT, against RL run on
    a small model itself, and the distilled family against reference models.

    Inputs: ``benchmark`` (``aime_pass_at_1``, ``aime_cons_at_64``, ``math_500``,
    ``gpqa_diamond``, ``livecodebench``) and ``view`` ("ablation": v1 Table 6, the same 32B
    Qwen base distilled or trained by RL; "family": v1 Table 5, the six distilled models by size
    against OpenAI-o1-mini and GPT-4o). Derived: ``bars`` ([{id, label, value, source, text,
    kind, kind_text, base, detail}], every value published), ``gap_points`` and ``gap`` (what
    the gap measures, with both published values), ``conclusions`` (the paper's two, in our
    words), ``readme_note`` (where the DeepSeek-R1 GitHub repository's README has a different
    number from the paper's).

    Examples
    --------
    >>> w = DistillAblation()
    >>> [b["value"] for b in w.bars], w.gap_points
    ([72.6, 47.0, 50.0], 25.6)
    >>> w.view = "family"
    >>> w.gap["minuend"]["label"], w.gap_points
    ('DeepSeek-R1-Distill-Qwen-32B', 9.0)
    """

    _esm = STATIC / "distill_ablation.js"

    benchmark = Input(traitlets.Enum(list(paper.DISTILL_BENCHMARKS), DEFAULT_BENCHMARK))
    view = Input(traitlets.Enum(list(VIEWS), "ablation"))

    benchmarks = Derived(traitlets.List())
    """[{id, label}]: the five benchmarks of Tables 5 and 6."""
    bars = Derived(traitlets.List())
    gap_points = Derived(traitlets.Float(0.0))
    """ablation: distilled 32B minus RL on the 32B base; family: the best distilled model
    minus OpenAI-o1-mini. In points of the benchmark's percentage."""
    gap = Derived(traitlets.Dict())
    """{label, text, points_text, minuend, subtrahend}: the gap spelled out."""
    conclusions = Derived(traitlets.List())
    """[{value, source}]: the paper's two conclusions from §4.1, in our words."""
    facts = Derived(traitlets.Dict())
    """{sft_samples, rl_steps}: each {label, value, source, text}."""
    readme_note = Derived(traitlets.Dict())
    """{} or {text, readme: {value, source}, paper: {value, source}} when a bar shown has a
    different number in the README."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        facts = paper.DISTILL_FACTS
        if changed is None:
            samples, steps = facts["sft_samples"], facts["rl_steps_on_qwen_32b"]
            out.update(
                benchmarks=[{"id": k, "label": v} for k, v in paper.DISTILL_BENCHMARKS.items()],
                conclusions=[
                    {"value": c.value, "source": c.source} for c in paper.DISTILL_CONCLUSIONS
                ],
                facts={
                    "sft_samples": {
                        "label": "Distillation data",
                        "value": samples.value,
                        "source": samples.source,
                        "text": f"about {samples.value:,} worked answers from R1's pipeline "
                        "(its stage-3 set)",
                    },
                    "rl_steps": {
                        "label": "RL on the 32B base",
                        "value": steps.value,
                        "source": steps.source,
                        "text": f"over {steps.value:,} steps",
                    },
                },
            )
        bench = self.benchmark
        label = paper.DISTILL_BENCHMARKS[bench]
        if self.view == "ablation":
            bars = [_bar(m, kind, paper.DISTILL_TABLE_6, bench) for m, kind in ABLATION]
            top, other = bars[0], bars[1]
            gap_label = "Distilled minus RL on the same-size base"
            sentence = "{a} (distilled) minus {b} (RL on the base)"
        else:
            distilled = {
                m: _bar(m, "distilled", paper.DISTILL_TABLE_5, bench) for m in FAMILY_DISTILLED
            }
            refs = [_bar(m, "reference", paper.DISTILL_TABLE_5, bench) for m in FAMILY_REFERENCES]
            bars = [*distilled.values(), *refs]
            top = distilled[pipeline.best({m: b["value"] for m, b in distilled.items()})]
            other = refs[0]
            gap_label = "Best distilled model minus OpenAI-o1-mini"
            sentence = "{a} (the best distilled model here) minus {b}"
        points = pipeline.gap_points(top["value"], other["value"])
        keep = ("label", "value", "source", "text")
        out.update(
            bars=bars,
            gap_points=points,
            gap={
                "label": gap_label,
                "points_text": pipeline.format_points(points),
                "text": sentence.format(
                    a=f"{top['label']} at {top['text']}", b=f"{other['label']} at {other['text']}"
                )
                + f", on {label}: {pipeline.format_points(points)}.",
                "minuend": {k: top[k] for k in keep},
                "subtrahend": {k: other[k] for k in keep},
            },
            readme_note=self._readme_note(bars),
        )
        return out

    def _readme_note(self, bars: list[dict[str, Any]]) -> dict[str, Any]:
        readme = paper.DISTILL_FACTS["readme_qwq_aime"]
        shown = next((b for b in bars if b["id"] == "qwq_32b"), None)
        if shown is None or self.benchmark != "aime_pass_at_1":
            return {}
        return {
            "text": "The README of the DeepSeek-R1 GitHub repository gives "
            f"{readme.value:.1f}% for QwQ-32B-Preview here, in its table of distilled models; "
            f"the paper's Tables 5 and 6 give {shown['text']}. Shown: the paper's.",
            "readme": {"value": readme.value, "source": readme.source},
            "paper": {"value": shown["value"], "source": shown["source"]},
        }

    def figure(self) -> Any:
        """A live bqplot Figure of the bars shown (published values, in %), one per model,
        redrawn when the benchmark or the view changes; closed with the widget (see
        :mod:`r1widgets.figures`). Each bar's kind is in its name as well as its colour."""
        import bqplot

        from .. import figures

        models = bqplot.OrdinalScale(reverse=True)  # the first bar on top
        values = bqplot.LinearScale(min=0.0, max=100.0)
        colours = {"distilled": figures.BLUE, "rl": figures.ORANGE, "reference": figures.GREY}
        suffix = {"distilled": "", "rl": " (RL)", "reference": " (ref.)"}
        bars = bqplot.Bars(
            scales={"x": models, "y": values},
            orientation="horizontal",
            label_display=True,
            label_display_format=".1f",
            label_display_vertical_offset=36,  # (bqplot's name) past the bar's end, on the page
            label_font_style={"fill": figures.TEXT},
            padding=0.25,
        )
        value_axis = bqplot.Axis(scale=values, side="bottom")
        fig = figures.new_figure(
            "",
            [bars],
            [bqplot.Axis(scale=models, side="left"), value_axis],
            fig_margin={"top": 50, "bottom": 55, "left": 165, "right": 45},
        )

        def redraw() -> None:
            shown = self.bars
            bars.x = [b["label"].removeprefix("DeepSeek-") + suffix[b["kind"]] for b in shown]
            bars.y = [b["value"] for b in shown]
            bars.colors = [colours[b["kind"]] for b in shown]
            value_axis.label = f"{paper.DISTILL_BENCHMARKS[self.benchmark]} (%)"
            fig.title = (
                "v1 Table 6: distilled or RL, 32B"
                if self.view == "ablation"
                else "v1 Table 5: distilled family"
            )

        return figures.live(self, fig, ["bars"], redraw)
