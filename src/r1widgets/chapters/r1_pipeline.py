"""Chapter 05: R1's four training stages, what each took in and what it was for, and the
published score of every checkpoint (Nature Table 2) on a benchmark the learner picks."""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input, StrictInt
from ..core import pipeline

LAST_STAGE = len(pipeline.STAGE_CHECKPOINTS) - 1
DEFAULT_BENCHMARK = "aime_2024"  # where Dev1's drop and R1-Zero's strength both show
UNITS = {"codeforces_pct": "percentile", "codeforces_rating": "rating"}  # the rest: %

_P = paper.R1_PIPELINE
_RL = paper.R1_FIRST_RL_STAGE


def _published(sourced: paper.Sourced, label: str, text: str = "{v}") -> dict[str, Any]:
    """A published value as every chapter sends one: {label, value, source, text}, the text
    written from the value (``text`` is a format string of ``v``)."""
    value = sourced.value
    return {"label": label, "value": value, "source": sourced.source, "text": text.format(v=value)}


# Our words for each stage; the published sizes come from paper.py.
STAGES = (
    {
        "name": "Starting point: the pretrained base",
        "short": "V3-Base",
        "method": "Pretraining, before this pipeline",
        "data": "",
        "state": "A pretrained mixture-of-experts language model with no post-training yet: "
        "no fine-tuning on instructions, no RL. R1-Zero and R1 both start from these weights.",
        "sizes": [
            _published(_P["v3_total_params_b"], "Parameters", "{v}B in total"),
            _published(_P["v3_active_params_b"], "Active per token", "{v}B"),
        ],
    },
    {
        "name": "Stage 1 · cold-start SFT",
        "short": "Cold-start SFT",
        "method": "Supervised fine-tuning (SFT) on a small set of long chains of thought",
        "data": "Long chains of thought in a readable pattern, reasoning then a summary. They "
        "came from few-shot prompting with long worked examples, from asking a model for "
        "detailed answers with reflection and checking, from R1-Zero's outputs rewritten "
        "readably, and from human post-editing.",
        "state": "Trained to write readable reasoning and to give RL a stable start; its "
        "reasoning scores dip below R1-Zero's (see AIME).",
        "sizes": [
            _published(_P["cold_start_amount"], "Cold-start traces", "{v} (no exact count given)"),
        ],
    },
    {
        "name": "Stage 2 · reasoning RL",
        "short": "Reasoning RL",
        "method": "GRPO reinforcement learning, as for R1-Zero, until reasoning converges",
        "data": "Reasoning prompts (maths, code, science, logic) scored by rules: accuracy and "
        "format, plus a language-consistency reward for staying in one language.",
        "state": "Its reasoning scores partly recover (see AIME), and the language reward keeps "
        "its chains of thought in one language. Its answers become stage 3's data.",
        "sizes": [
            _published(_RL["group_size"], "Answers sampled per prompt"),
            _published(
                _RL["clip_epsilon"],
                "GRPO clip ratio ε",
                f"{{v:g}} (Nature; far above PPO's usual {paper.PPO_CLIP_EPSILON.value:g})",
            ),
            _published(_RL["kl_beta"], "KL coefficient β", "{v:g}"),
            _published(_RL["max_length"], "Longest answer", "{v:,} tokens"),
        ],
    },
    {
        "name": "Stage 3 · rejection sampling + SFT, from V3-Base again",
        "short": "Rejection sampling + SFT",
        "method": "SFT of DeepSeek-V3-Base (not of Dev2) on data sampled from Dev2 and more",
        "data": "Reasoning: many answers sampled from Dev2 per prompt, keeping only correct "
        "and readable ones (some judged by DeepSeek-V3 given the reference answer). "
        "Non-reasoning: writing, factual questions, self-cognition and translation, from "
        "DeepSeek-V3's own SFT data.",
        "state": "A fresh fine-tune of the base: Dev2's skill arrives only through the data "
        "it wrote.",
        "sizes": [
            _published(_P["reasoning_samples"], "Reasoning samples", "about {v:,}"),
            _published(_P["non_reasoning_samples"], "Non-reasoning samples", "about {v:,}"),
            _published(_P["sft_samples"], "In total", "about {v:,}"),
            _published(_P["sft_epochs"], "Epochs over them"),
        ],
    },
    {
        "name": "Stage 4 · RL for all scenarios",
        "short": "RL, all scenarios",
        "method": "GRPO reinforcement learning on reasoning and general prompts",
        "data": "Reasoning prompts scored by rules; general prompts scored by learned reward "
        "models, helpfulness on the final summary only and harmlessness on the whole "
        "response, reasoning included.",
        "state": "DeepSeek-R1, the released model.",
        "sizes": [
            _published(_P["final_rl_steps"], "RL steps", "{v:,}"),
            _published(
                _P["final_rl_preference_steps"], "Steps with preference rewards", "the last {v:,}"
            ),
            _published(_P["final_rl_temperature"], "Sampling temperature", "{v:g}"),
        ],
    },
)


# What each benchmark of Nature Table 2 tests, in our words: only what is generally known of
# it. How it is scored comes from paper.NATURE_TABLE_2_METRICS, explained by METRIC_WORDS.
ABOUT = {
    "mmlu": "Multiple-choice questions on 57 subjects, from school maths and history to law "
    "and medicine.",
    "mmlu_redux": "A subset of MMLU's questions checked again by hand, because some original "
    "questions or answer keys were wrong.",
    "mmlu_pro": "A harder MMLU: more questions that need reasoning, and ten answer options "
    "instead of four.",
    "drop": "Reading comprehension: questions about a passage that need steps such as "
    "counting, adding or sorting what it says.",
    "if_eval": "Instruction following: prompts carrying instructions a program can check, "
    "such as a word limit or a required format.",
    "gpqa_diamond": "Hard multiple-choice questions in biology, physics and chemistry written "
    "by experts; Diamond is its best-validated subset.",
    "simpleqa": "Short fact-seeking questions, each with a single clear answer: factual knowledge.",
    "frames": "Questions whose answer needs facts from several Wikipedia articles, found and "
    "combined.",
    "alpacaeval2": "Open-ended instructions; a judge model compares each answer with a "
    "reference model's answer to the same instruction.",
    "arena_hard": "Hard open-ended prompts taken from users of Chatbot Arena; a judge model "
    "compares each answer with a baseline model's.",
    "livecodebench": "Programming-contest problems collected over time, so recent ones are "
    "newer than a model's training data.",
    "codeforces_pct": "Codeforces is a programming-contest site; the model's contest results "
    "are placed among those of human competitors.",
    "codeforces_rating": "The same Codeforces contests, scored as the rating the site would "
    "give a person with those results.",
    "swe_verified": "Real GitHub issues from Python projects: the model writes a code change, "
    "and the project's tests decide if it fixed the issue. Verified: a subset people checked "
    "to be solvable.",
    "aider_polyglot": "Hard coding exercises in several programming languages, solved by "
    "editing source files (a benchmark from the makers of the Aider coding tool).",
    "aime_2024": "The 2024 American Invitational Mathematics Examination: 30 competition "
    "problems, each answered with a whole number from 0 to 999.",
    "math_500": "500 competition maths problems taken from the MATH dataset.",
    "cnmo_2024": "Olympiad problems from a 2024 Chinese national mathematics competition.",
    "cluewsc": "Chinese pronoun puzzles (Winograd schemas, from the CLUE suite): say what a "
    "pronoun in a sentence refers to.",
    "c_eval": "Multiple-choice exam questions in Chinese on many subjects, from middle school "
    "to professional level.",
    "c_simpleqa": "SimpleQA's idea in Chinese: short factual questions, each with a single "
    "clear answer.",
}
METRIC_WORDS = {
    "Pass@1": "pass@1, the share answered right by one sampled answer, averaged over several "
    "samples",
    "EM": "EM (exact match), the share of answers identical to the reference answer",
    "3-shot F1": "F1 with three worked examples in the prompt (3-shot): how far the answer's "
    "words overlap the reference answer's",
    "Prompt Strict": "prompt-level strict accuracy, the share of prompts whose every "
    "instruction was followed",
    "Correct": "the share of answers graded correct",
    "Acc.": "accuracy, the share answered right",
    "LC-winrate": "length-controlled win rate: how often the judge prefers this answer, "
    "corrected so that longer answers gain no edge",
    "GPT-4-1106": (
        "win rate against a baseline model's answers, as judged by a GPT-4 model (the table's "
        "label names GPT-4-1106; the paper does not say which role it plays)"
    ),
    "Pass@1-COT": "pass@1 with chain-of-thought reasoning: the share of problems whose code "
    "passes the tests",
    "Percentile": "percentile, the share of human competitors the model's results beat",
    "Rating": "a rating (Elo-style points), not a percentage",
    "Resolved": "the share of issues resolved",
}


def _benchmark_unit(benchmark: str) -> str:
    return UNITS.get(benchmark, "%")


def _lineage_text() -> str:
    """The drawing in words, from the lineage tables."""
    n = pipeline.NAMES
    stages = []
    for stage, ckpt in enumerate(pipeline.STAGE_CHECKPOINTS[1:], start=1):
        parent = pipeline.WEIGHTS_FROM[ckpt]
        data = pipeline.DATA_FROM.get(ckpt, ())
        text = f"stage {stage}: {n[parent]} → {n[ckpt]}"
        if data:
            text += f" (with data from {', '.join(n[d] for d in data)})"
        stages.append(text)
    return (
        f"Weights: {'; '.join(stages)}. R1-Zero: {n['v3_base']} → {n['r1_zero']} by RL alone, "
        "a separate run. Stage 3 starts again from DeepSeek-V3-Base: Dev2 gives it data, "
        "not weights."
    )


class R1Pipeline(ChapterWidget):
    """DeepSeek-R1's four training stages, checkpoint by checkpoint (Nature's Dev1, Dev2, Dev3).

    Inputs: ``stage`` (0 = DeepSeek-V3-Base, 1 cold-start SFT, 2 reasoning RL, 3 rejection
    sampling + SFT from V3-Base, 4 RL for all scenarios) and ``benchmark`` (a row of Nature
    Table 2). Derived: ``model_state`` (the checkpoint after that stage, its weight lineage),
    ``stage_inputs`` (weights, data and method the stage used), ``data_sizes`` and ``fixes``
    (published values and the paper's reasons, each ``{value, source}``), ``scores`` (the five
    checkpoints of Table 2 on the benchmark, each ``{value, source}``).

    Examples
    --------
    >>> w = R1Pipeline(stage=3)
    >>> w.model_state["lineage"]
    ['v3_base', 'dev3']
    >>> [s["value"] for s in w.scores]
    [77.9, 59.0, 74.0, 78.1, 79.8]
    """

    _esm = STATIC / "r1_pipeline.js"

    stage = Input(StrictInt(0, min=0, max=LAST_STAGE))
    benchmark = Input(traitlets.Enum(list(paper.NATURE_TABLE_2), DEFAULT_BENCHMARK))

    stages = Derived(traitlets.List())
    """[{index, name, short, checkpoint, weights_from, data_from}] for the drawing: every stage."""
    checkpoint_names = Derived(traitlets.Dict())
    lineage_text = Derived(traitlets.Unicode(""))
    benchmarks = Derived(traitlets.List())
    """[{id, label}]: the rows of Nature Table 2, in its order."""
    model_state = Derived(traitlets.Dict())
    """{checkpoint, name, stage_name, text, lineage (ids, base first), restart}."""
    stage_inputs = Derived(traitlets.Dict())
    """{method, data, weights_from, data_from}: what the chosen stage took in."""
    data_sizes = Derived(traitlets.List())
    """[{label, value, source, text}]: the stage's published sizes and settings."""
    fixes = Derived(traitlets.List())
    """[{value, source}]: what the stage was for, the paper's reasons in our words."""
    scores = Derived(traitlets.List())
    """[{checkpoint, label, value, source, text, current}]: Table 2 on the benchmark."""
    benchmark_info = Derived(traitlets.Dict())
    """{id, label, unit, scale_max, source, about (our words), metric ({label, value, source,
    text}: how the row is scored, as v1 Table 4 labels it, and what that means)}."""
    score_notes = Derived(traitlets.List())
    """[{value, source}]: what the paper says about this row."""
    r1_zero_versions = Derived(traitlets.Dict())
    """Which R1-Zero the row shows: {text, steps, nature, v1}, each value {value, source};
    ``v1`` (arXiv v1 Table 2's R1-Zero) is None where v1 has no value for the benchmark."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        names = pipeline.NAMES
        if changed is None:
            out.update(
                stages=[
                    {
                        "index": i,
                        "name": s["name"],
                        "short": s["short"],
                        "checkpoint": ckpt,
                        "weights_from": pipeline.WEIGHTS_FROM.get(ckpt, ""),
                        "data_from": list(pipeline.DATA_FROM.get(ckpt, ())),
                    }
                    for i, (s, ckpt) in enumerate(
                        zip(STAGES, pipeline.STAGE_CHECKPOINTS, strict=True)
                    )
                ],
                checkpoint_names=dict(names),
                lineage_text=_lineage_text(),
                benchmarks=[
                    {"id": k, "label": v} for k, v in paper.NATURE_TABLE_2_BENCHMARKS.items()
                ],
            )
        if changed is None or "stage" in changed:
            info = STAGES[self.stage]
            ckpt = pipeline.STAGE_CHECKPOINTS[self.stage]
            parent = pipeline.WEIGHTS_FROM.get(ckpt)
            out.update(
                model_state={
                    "checkpoint": ckpt,
                    "name": names[ckpt],
                    "stage_name": info["name"],
                    "text": info["state"],
                    "lineage": pipeline.lineage(ckpt),
                    "restart": self.stage > 1 and parent == "v3_base",
                },
                stage_inputs={
                    "method": info["method"],
                    "data": info["data"],
                    "weights_from": names[parent] if parent else "",
                    "data_from": [names[d] for d in pipeline.DATA_FROM.get(ckpt, ())],
                },
                data_sizes=[dict(item) for item in info["sizes"]],
                fixes=[
                    {"value": f.value, "source": f.source}
                    for f in paper.R1_PIPELINE_FIXES.get(self.stage, ())
                ],
            )
        if changed is None or changed & {"stage", "benchmark"}:
            unit = _benchmark_unit(self.benchmark)
            row = paper.NATURE_TABLE_2[self.benchmark]
            current = pipeline.STAGE_CHECKPOINTS[self.stage]
            out["scores"] = [
                {
                    "checkpoint": ckpt,
                    "label": paper.NATURE_TABLE_2_CHECKPOINTS[ckpt],
                    "value": cell.value,
                    "source": cell.source,
                    "text": pipeline.format_score(cell.value, unit),
                    "current": ckpt == current,
                }
                for ckpt, cell in row.items()
            ]
        if changed is None or "benchmark" in changed:
            unit = _benchmark_unit(self.benchmark)
            top = max(c.value for c in paper.NATURE_TABLE_2[self.benchmark].values())
            note = paper.NATURE_TABLE_2_NOTES.get(self.benchmark)
            label = paper.NATURE_TABLE_2_BENCHMARKS[self.benchmark]
            metric = paper.NATURE_TABLE_2_METRICS[self.benchmark]
            out.update(
                benchmark_info={
                    "id": self.benchmark,
                    "label": label,
                    "unit": unit,
                    "scale_max": 100 if unit != "rating" else 500 * -(-top // 500),
                    "source": f"Nature Table 2 (results at each stage), row {label}",
                    "about": ABOUT[self.benchmark],
                    "metric": _published(metric, "Scored by", METRIC_WORDS[metric.value]),
                },
                score_notes=[{"value": note.value, "source": note.source}] if note else [],
                r1_zero_versions=self._r1_zero_versions(unit),
            )
        return out

    def _r1_zero_versions(self, unit: str) -> dict[str, Any]:
        """Which R1-Zero the R1-Zero row is, and v1's value on this row where v1 has one."""
        steps = paper.R1_ZERO_RL["steps"]
        nature = paper.NATURE_TABLE_2[self.benchmark]["r1_zero"]
        v1 = paper.R1_ZERO_V1_TABLE_2.get(self.benchmark)
        text = (
            f"R1-Zero here is the Nature paper's full run of {steps.value:,} RL steps, at "
            f"{pipeline.format_score(nature.value, unit)} on this benchmark."
        )
        if v1 is not None:
            same = "the same " if v1.value == nature.value else ""
            text += (
                f" arXiv v1's Table 2 gave R1-Zero {same}{pipeline.format_score(v1.value, unit)} "
                "on it, from the shorter run v1 showed."
            )
        return {
            "text": text,
            "steps": _published(steps, "RL steps", "{v:,}"),
            "nature": _published(nature, "R1-Zero, Nature Table 2"),
            "v1": _published(v1, "R1-Zero, arXiv v1 Table 2") if v1 is not None else None,
        }

    def go_to(self, stage: int) -> None:
        """Show stage 0 to 4 (same as setting ``stage``)."""
        self.stage = stage

    def figure(self) -> Any:
        """A live bqplot Figure: the five checkpoints' published scores on ``benchmark``, one
        bar each (R1-Zero on top), redrawn when the benchmark changes; closed with the widget
        (see :mod:`r1widgets.figures`)."""
        import bqplot

        from .. import figures

        checkpoints = bqplot.OrdinalScale(reverse=True)  # the first bar on top
        values = bqplot.LinearScale(min=0.0)
        bars = bqplot.Bars(
            scales={"x": checkpoints, "y": values},
            orientation="horizontal",
            label_display=True,
            label_display_format=",.1~f",
            label_display_vertical_offset=44,  # (bqplot's name) past the bar's end, on the page
            label_font_style={"fill": figures.TEXT},
            padding=0.25,
        )
        value_axis = bqplot.Axis(scale=values, side="bottom")
        fig = figures.new_figure(
            "Nature Table 2",
            [bars],
            [bqplot.Axis(scale=checkpoints, side="left"), value_axis],
            fig_margin={"top": 50, "bottom": 55, "left": 180, "right": 55},
        )

        def redraw() -> None:
            info = self.benchmark_info
            bars.y = [s["value"] for s in self.scores]
            # R1-Zero is not a stage of R1: its own colour, and "(RL only)" in its name
            bars.x = [
                s["label"] + (" (RL only)" if s["checkpoint"] == "r1_zero" else "")
                for s in self.scores
            ]
            bars.colors = [
                figures.PURPLE if s["checkpoint"] == "r1_zero" else figures.BLUE
                for s in self.scores
            ]
            top = float(info["scale_max"])
            values.max = top * 1.15  # room past the longest bar for its value label
            value_axis.tick_values = figures.ticks(0.0, top, 6)  # few, round: legible at 420 px
            value_axis.label = info["label"] + (" (%)" if info["unit"] == "%" else "")
            fig.title = f"{info['label']} (Nature Table 2)"

        return figures.live(self, fig, ["benchmark"], redraw)
