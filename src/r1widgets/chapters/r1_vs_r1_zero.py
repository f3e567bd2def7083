"""Chapter 14: one prompt answered in R1-Zero's style and in R1's, side by side (our own
illustrative texts), their properties measured in Python, and Nature Table 2's scores of the two
models, including where R1-Zero scores higher."""

from __future__ import annotations

from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input
from ..core import compare, pipeline
from ..core.aha import utf16_spans
from ..core.rewards import THINK_CLOSE
from .r1_pipeline import ABOUT, METRIC_WORDS, UNITS

DEFAULT_PROMPT = "primes"
DEFAULT_BENCHMARK = "gpqa_diamond"  # R1-Zero higher: the surprise the table holds
DEFAULT_HIGHLIGHT = "language"  # the most visible difference between the two styles
CLOSE_MARGIN = 0.5  # a lead of less than half a point is called "under half a point"
# The rows of Nature Table 2 whose questions are in Chinese (what ABOUT says of each); the
# count says how many of R1-Zero's leads are there, and claims no cause.
CHINESE_LANGUAGE = ("cluewsc", "c_eval", "c_simpleqa")
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# Our own prompts and our own answers in each style: illustrative, not outputs of either model.
# R1-Zero's style (paper-data §6, §2.2): the <think>/<answer> template, crammed onto few lines,
# English mixed with Chinese, odd formatting, a repeated line. R1's (v1 §2.3.1): monolingual
# reasoning, then a summary. Both reach the right answer: the difference is readability, not
# correctness.
PROMPTS: dict[str, dict[str, str]] = {
    "primes": {
        "label": "Primes between 10 and 30 (counting)",
        "question": "How many prime numbers are there between 10 and 30?",
        "ground_truth": "6",
        "zero": (
            "<think> primes between 10 and 30. 11 是质数 12 no 13 yes 14 no 15=3*5 16 no 17 yes "
            "18 no 19 yes 20 no 21=3*7 22 no 23 yes 24 no 25=5*5 26 no 27=3*9 28 no 29 yes\n"
            "所以 11 13 17 19 23 29\n"
            "wait, 再检查 29 -> not 2 not 3 not 5 ok prime\n"
            "wait, 再检查 29 -> not 2 not 3 not 5 ok prime\n"
            "30 不算. count -> 6 个 so answer 6 </think> <answer> 6 </answer>"
        ),
        "r1": (
            "<think>\n"
            "I need to count the prime numbers greater than 10 and less than 30.\n\n"
            "A prime number has exactly two divisors: 1 and itself. Every even number above 2 is "
            "divisible by 2, so only the odd numbers from 11 to 29 need checking.\n\n"
            "Going through them: 11, 13, 17, 19, 23 and 29 have no divisor other than 1 and "
            "themselves. The others are not prime: 15 = 3 × 5, 21 = 3 × 7, 25 = 5 × 5 and "
            "27 = 3 × 9.\n\n"
            "Let me double-check 29. It is not divisible by 2, 3 or 5, and 6 × 6 = 36 is already "
            "larger than 29, so no larger divisor needs testing. It is prime.\n\n"
            "That makes six primes in total.\n"
            "</think>\n\n"
            "Summary: of the odd numbers from 11 to 29, exactly six have no divisor other than 1 "
            "and themselves. The answer is \\boxed{6}."
        ),
    },
    "muffins": {
        "label": "Muffins left over (a word problem)",
        "question": (
            "A baker fills 3 trays with 12 muffins each and sells 17 muffins. How many muffins "
            "are left?"
        ),
        "ground_truth": "19",
        "zero": (
            "<think> 3 trays 12 each -> 3*12=36 muffins. sold 17 so 36-17 = 19. hmm check "
            "36-10=26 26-7=19 对\n"
            "wait 36-17=19 yes\n"
            "wait 36-17=19 yes\n"
            "但是 trays 是 3 not 4?? 3*12=36 ok. so left 19 muffins </think> <answer> 19 </answer>"
        ),
        "r1": (
            "<think>\n"
            "The baker starts with 3 trays of 12 muffins, so there are 3 × 12 = 36 muffins.\n\n"
            "Selling 17 of them leaves 36 − 17. Subtracting in two steps: 36 − 10 = 26, and "
            "then 26 − 7 = 19.\n\n"
            "Let me verify by adding back: 19 + 17 = 36, which matches the starting total.\n"
            "</think>\n\n"
            "Summary: the trays hold 36 muffins in all, and selling 17 of them leaves "
            "\\boxed{19} muffins."
        ),
    },
    "strawberry": {
        "label": "The letter r in “strawberry” (counting letters)",
        "question": "How many times does the letter r appear in the word “strawberry”?",
        "ground_truth": "3",
        "zero": (
            "<think> strawberry = s t r a w b e r r y. r at 3rd 8th 9th -> 3 个\n"
            "wait berry has two r straw has one r 1+2=3 对\n"
            "wait berry has two r straw has one r 1+2=3 对\n"
            "所以 3 </think> <answer> 3 </answer>"
        ),
        "r1": (
            "<think>\n"
            "I need to count the letter r in the word “strawberry”.\n\n"
            "Spelling it out: s, t, r, a, w, b, e, r, r, y. The letter r is the third letter, "
            "and again the eighth and the ninth.\n\n"
            "Let me double-check by splitting the word: “straw” has one r and “berry” has two, "
            "and 1 + 2 = 3.\n"
            "</think>\n\n"
            "Summary: spelling the word letter by letter finds one r in “straw” and two in "
            "“berry”, so the letter r appears \\boxed{3} times."
        ),
    },
}

# What each highlight marks, in words (the view shows this beside the texts).
HIGHLIGHTS = {
    "length": (
        "Length",
        "Each paragraph ends with a ¶ badge: its number and its words. Paragraphs are parted by "
        "blank lines.",
    ),
    "language": (
        "Language mix",
        "Words not in English are marked as in chapter 13: a small badge naming their language "
        "(中 for Chinese), then a double underline. Only the chain of thought (the <think> part) "
        "is marked, where chapter 03's language rule counts them.",
    ),
    "format": (
        "Format",
        "The template's tags are marked with a dashed box. Chapter 03's format rule asks for "
        "one <think> block, then one <answer> block. This is R1-Zero's template. R1 writes a "
        "summary instead of an <answer> block, so this rule does not judge R1.",
    ),
    "structure": (
        "Structure",
        "A line that repeats an earlier one starts with a ↻ sign and has a dotted underline; a "
        "summary after the reasoning has a bar on its left and a “Summary” tag.",
    ),
}
assert tuple(HIGHLIGHTS) == compare.HIGHLIGHTS


def _published(sourced: paper.Sourced, text: str = "{v}") -> dict[str, Any]:
    """A published value as every chapter sends one: {value, source, text}, the text written
    from the value (``text`` is a format string of ``v``)."""
    return {"value": sourced.value, "source": sourced.source, "text": text.format(v=sourced.value)}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _number(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _rows(zero: dict[str, Any], r1: dict[str, Any]) -> list[dict[str, Any]]:
    """The property table: one row per measure, each value written out with its unit.
    ``zero`` and ``r1`` are :func:`compare.properties` of the two texts, each in its style."""

    def row(
        id_: str, group: str, label: str, unit: str, show: Any, show_r1: Any = None
    ) -> dict[str, Any]:
        return {
            "id": id_,
            "group": group,
            "label": label,
            "unit": unit,
            "zero": zero[id_],
            "r1": r1[id_],
            "zero_text": show(zero),
            "r1_text": (show_r1 or show)(r1),
        }

    def mix(p: dict[str, Any]) -> str:
        if not p["scored_words"]:
            return "– (no words in <think>)"
        share = f"{100 * p['non_english_share']:.0f}%"
        return f"{share} ({p['non_english_words']:,} of {_plural(p['scored_words'], 'word')})"

    def summary(p: dict[str, Any]) -> str:
        n = p["words_after_reasoning"]
        return f"yes, {_plural(n, 'word')}" if p["has_summary"] else f"no ({_plural(n, 'word')})"

    def template(p: dict[str, Any]) -> str:
        return (
            "1 (the template matched)" if p["format_reward"] == 1.0 else f"0 ({p['format_reason']})"
        )

    def answer(p: dict[str, Any]) -> str:
        verdict = "✓ right" if p["accuracy_reward"] == 1.0 else "✗ not right"
        return f"{p['answer'] or '(none found)'} {verdict}"

    return [
        row(
            "words",
            "length",
            "Words",
            "words: English words, single letters and each Chinese character (one word each, "
            "as in chapter 03); tags not counted",
            lambda p: _plural(p["words"], "word"),
        ),
        row(
            "characters",
            "length",
            "Characters",
            "Unicode characters, spaces and line breaks included, tags not counted (characters, "
            "not tokens: the models' tokenizer is not used here)",
            lambda p: _plural(p["characters"], "character"),
        ),
        row(
            "non_english_share",
            "language",
            "Mixed-language rate (share of words not in English)",
            "in the chain of thought (the <think> part), as in chapter 13: 1 minus chapter 03's "
            "language-consistency reward for English (symbols such as x not counted)",
            mix,
        ),
        row(
            "follows_format",
            "format",
            "Follows its model's output format",
            "1 or 0: reasoning in a closed <think> block, then an <answer> block (R1-Zero) or "
            "a summary (R1)",
            lambda p: (
                "1: reasoning in <think>…</think>, answer in <answer>…</answer> (R1-Zero's "
                "template, P-v1 Table 1)"
                if p["follows_format"]
                else f"0: {p['follows_format_reason']}"
            ),
            lambda p: (
                "1: reasoning in <think>…</think>, then a summary (P-v1 §2.3.1)"
                if p["follows_format"]
                else f"0: {p['follows_format_reason']}"
            ),
        ),
        row(
            "format_reward",
            "format",
            "R1-Zero's template rule (chapter 03)",
            "0 or 1: one <think> block, then one <answer> block; the papers state only the "
            "first part (thinking inside <think>…</think>)",
            template,
            lambda p: (
                "0: by design; R1 is not asked for <answer> tags. It does meet the paper's "
                "stated rule (thinking inside <think>…</think>)."
                if p["format_reward"] == 0.0 and p["think_closed"] and not p["answer_block"]
                else template(p)
            ),
        ),
        row(
            "paragraphs",
            "structure",
            "Paragraphs",
            "blocks of text parted by blank lines",
            lambda p: str(p["paragraphs"]),
        ),
        row(
            "longest_paragraph_words",
            "structure",
            "Longest paragraph",
            "words in the longest block",
            lambda p: _plural(p["longest_paragraph_words"], "word"),
        ),
        row(
            "repeated_lines",
            "structure",
            "Repeated lines",
            "lines that say again what an earlier line said",
            lambda p: str(p["repeated_lines"]),
        ),
        row(
            "has_summary",
            "structure",
            "Summary after the reasoning",
            f"at least {compare.SUMMARY_MIN_WORDS} words after {THINK_CLOSE} (our threshold)",
            summary,
        ),
        row(
            "answer",
            "answer",
            "Final answer",
            "read by chapter 03's accuracy rule: the <answer> block, else the last \\boxed{}",
            answer,
        ),
    ]


def _marked_summary(highlight: str, zero: list[dict], r1: list[dict]) -> str:
    """One sentence: what is marked now, counted in each text."""
    count = lambda marks, kind: sum(m["kind"] == kind for m in marks)  # noqa: E731
    if highlight == "length":
        return (
            f"R1-Zero's text: {_plural(len(zero), 'paragraph')}. "
            f"R1's text: {_plural(len(r1), 'paragraph')}."
        )
    if highlight == "language":
        return (
            f"Marked as not in English: {_plural(len(zero), 'run')} of words in R1-Zero's "
            f"text, {len(r1):,} in R1's."
        )
    if highlight == "format":
        return (
            f"Tags marked: {len(zero):,} in R1-Zero's text (<think> and <answer> blocks), "
            f"{len(r1):,} in R1's (a <think> block, then a summary, no <answer> block)."
        )
    repeats = (count(zero, "repeat"), count(r1, "repeat"))
    summaries = (count(zero, "summary"), count(r1, "summary"))
    where = {(0, 0): "in neither text", (1, 0): "only in R1-Zero's", (0, 1): "only in R1's"}
    return (
        f"Repeated lines marked: {repeats[0]:,} in R1-Zero's text, {repeats[1]:,} in R1's. "
        f"A summary after the reasoning: {where.get(summaries, 'in both texts')}."
    )


class R1vsR1Zero(ChapterWidget):
    """One prompt answered in R1-Zero's style and in R1's (our own illustrative texts, not
    model outputs), what a reader sees in each measured in Python, and the two models'
    published scores.

    Inputs: ``prompt_id`` (one of :data:`PROMPTS`), ``benchmark`` (a row of Nature Table 2),
    ``highlight`` ("length", "language", "format" or "structure"). Derived: ``zero_text`` and
    ``r1_text``; ``properties`` (the property table: words, characters, non-English share of the
    chain of thought, whether each text follows its own model's output format, chapter 03's
    template rule, paragraphs, repeated lines, summary, final answer); ``marks`` (what to mark
    in each text for the highlight, with UTF-16 spans for the view); ``scores`` (R1-Zero and
    R1 on the benchmark, each ``{value, source}``, and every benchmark where R1-Zero scores
    higher, each with what it tests); ``paper_notes`` (what the papers say of each model,
    R1-Zero's published answer length, and R1's remaining limitations, each
    ``{value, source}``).

    Examples
    --------
    >>> w = R1vsR1Zero()
    >>> [r["zero"] for r in w.properties if r["id"] == "repeated_lines"]
    [1]
    >>> [b["id"] for b in w.scores["r1_zero_higher"]][:2]
    ['gpqa_diamond', 'simpleqa']
    """

    _esm = STATIC / "r1_vs_r1_zero.js"

    prompt_id = Input(traitlets.Enum(list(PROMPTS), DEFAULT_PROMPT))
    benchmark = Input(traitlets.Enum(list(paper.NATURE_TABLE_2), DEFAULT_BENCHMARK))
    highlight = Input(traitlets.Enum(list(HIGHLIGHTS), DEFAULT_HIGHLIGHT))

    prompts = Derived(traitlets.List())
    """[{id, label}]: the prompt menu."""
    benchmarks = Derived(traitlets.List())
    """[{id, label}]: the rows of Nature Table 2, in its order."""
    highlights = Derived(traitlets.List())
    """[{id, label, legend}]: the properties that can be marked, and how each is marked."""
    question = Derived(traitlets.Unicode(""))
    ground_truth = Derived(traitlets.Unicode(""))
    zero_text = Derived(traitlets.Unicode(""))
    """Our illustrative answer in R1-Zero's style."""
    r1_text = Derived(traitlets.Unicode(""))
    """Our illustrative answer in R1's style."""
    properties = Derived(traitlets.List())
    """[{id, group, label, unit, zero, r1, zero_text, r1_text}]: measured from the two texts."""
    marks = Derived(traitlets.Dict())
    """{zero: [...], r1: [...], summary}: each mark {kind, label, js_span}, in order; a
    "non_english" mark also has its language ("zh" or "other"), named by its badge."""
    scores = Derived(traitlets.Dict())
    """{id, label, about, unit, r1_zero, r1 (each {value, source, text}), metric, verdict,
    r1_zero_higher ([{id, label, about, r1_zero, r1}]), count_text, run}."""
    paper_notes = Derived(traitlets.Dict())
    """{zero: [...], r1: [...], limitations: [...]}: each {value, source}; and length: R1-Zero's
    published mean answer length {value: (step, tokens), source, text}."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out.update(
                prompts=[{"id": k, "label": p["label"]} for k, p in PROMPTS.items()],
                benchmarks=[
                    {"id": k, "label": v} for k, v in paper.NATURE_TABLE_2_BENCHMARKS.items()
                ],
                highlights=[
                    {"id": k, "label": label, "legend": legend}
                    for k, (label, legend) in HIGHLIGHTS.items()
                ],
                paper_notes=self._paper_notes(),
            )
        prompt = PROMPTS[self.prompt_id]
        if changed is None or "prompt_id" in changed:
            out.update(
                question=prompt["question"],
                ground_truth=prompt["ground_truth"],
                zero_text=prompt["zero"],
                r1_text=prompt["r1"],
                properties=_rows(
                    compare.properties(prompt["zero"], prompt["ground_truth"], "zero"),
                    compare.properties(prompt["r1"], prompt["ground_truth"], "r1"),
                ),
            )
        if changed is None or changed & {"prompt_id", "highlight"}:
            found = {
                style: compare.marks(prompt[style], self.highlight) for style in ("zero", "r1")
            }
            out["marks"] = {
                style: [
                    {"kind": m["kind"], "label": m["label"], "js_span": js}
                    | ({"language": m["language"]} if "language" in m else {})
                    for m, js in zip(
                        marks, utf16_spans(prompt[style], [m["span"] for m in marks]), strict=True
                    )
                ]
                for style, marks in found.items()
            }
            out["marks"]["summary"] = _marked_summary(self.highlight, found["zero"], found["r1"])
        if changed is None or "benchmark" in changed:
            out["scores"] = self._scores()
        return out

    def _scores(self) -> dict[str, Any]:
        unit = UNITS.get(self.benchmark, "%")
        fmt = lambda v: pipeline.format_score(v, unit)  # noqa: E731
        row = paper.NATURE_TABLE_2[self.benchmark]
        zero, r1 = row["r1_zero"], row["r1"]
        label = paper.NATURE_TABLE_2_BENCHMARKS[self.benchmark]
        gap = abs(zero.value - r1.value)
        gap_text = f"{gap:,.0f} rating points" if unit == "rating" else f"{gap:.1f} points"
        # the arrows point at the leader's column: R1-Zero's score is shown left, R1's right
        if zero.value > r1.value:
            verdict = f"◀ R1-Zero ahead by {gap_text}"
        elif zero.value < r1.value:
            verdict = f"R1 ahead by {gap_text} ▶"
        else:
            verdict = "Level: the two score the same"
        values = {
            b: {c: s.value for c, s in cells.items()} for b, cells in paper.NATURE_TABLE_2.items()
        }
        higher = compare.benchmarks_where_higher(values, "r1_zero", "r1")
        close = compare.close_leads(values, "r1_zero", "r1", CLOSE_MARGIN)
        chinese = [b for b in higher if b in CHINESE_LANGUAGE]
        name = paper.NATURE_TABLE_2_BENCHMARKS.__getitem__
        metric = paper.NATURE_TABLE_2_METRICS[self.benchmark]
        steps = paper.R1_ZERO_RL["steps"]
        nature_aime = paper.NATURE_TABLE_2["aime_2024"]["r1_zero"]
        v1_aime = paper.R1_ZERO_V1_TABLE_2["aime_2024"]
        return {
            "id": self.benchmark,
            "label": label,
            "about": ABOUT[self.benchmark],
            "unit": unit,
            "source": f"Nature Table 2 (results at each stage), row {label}",
            "r1_zero": _published(zero, fmt(zero.value)),
            "r1": _published(r1, fmt(r1.value)),
            "metric": _published(metric, METRIC_WORDS[metric.value]),
            "verdict": verdict,
            "r1_zero_higher": [
                {
                    "id": b,
                    "label": paper.NATURE_TABLE_2_BENCHMARKS[b],
                    "about": ABOUT[b],
                    "r1_zero": _published(
                        paper.NATURE_TABLE_2[b]["r1_zero"],
                        pipeline.format_score(values[b]["r1_zero"], UNITS.get(b, "%")),
                    ),
                    "r1": _published(
                        paper.NATURE_TABLE_2[b]["r1"],
                        pipeline.format_score(values[b]["r1"], UNITS.get(b, "%")),
                    ),
                }
                for b in higher
            ],
            "count_text": (
                f"R1-Zero scores higher than R1 on {len(higher)} of the table's {len(values)} "
                f"benchmarks, {_number(len(close))} of them by under half a point"
                + (f" ({', '.join(map(name, close))})" if close else "")
                + f"; R1 scores higher or the same on the other {len(values) - len(higher)}. "
                f"{_number(len(chinese)).capitalize()} of the {_number(len(higher))} are "
                "benchmarks in Chinese"
                + (f" ({', '.join(map(name, chinese))})." if chinese else ".")
            ),
            "run": {
                "text": (
                    f"R1-Zero in this table is the Nature paper's full RL run of {steps.value:,} "
                    f"steps (AIME 2024: {nature_aime.value:.1f}%), not arXiv v1's shorter run "
                    f"({v1_aime.value:.1f}%)."
                ),
                "steps": _published(steps, "{v:,}"),
                "nature_aime": _published(nature_aime, "{v:.1f}%"),
                "v1_aime": _published(v1_aime, "{v:.1f}%"),
            },
        }

    @staticmethod
    def _paper_notes() -> dict[str, Any]:
        f = paper.R1_VS_R1_ZERO
        length = paper.R1_ZERO_RESPONSE_LENGTH_POINTS[-1]  # v1 Fig. 3's last point
        pub = lambda s: {"value": s.value, "source": s.source}  # noqa: E731
        return {
            "zero": [
                pub(f[k])
                for k in ("zero_training", "zero_template", "zero_problems", "zero_languages")
            ],
            "r1": [pub(f[k]) for k in ("r1_format", "r1_think", "r1_language", "r1_stage3_filter")],
            "limitations": [pub(s) for s in paper.R1_LIMITATIONS],
            "length": {
                **pub(length),
                "text": (
                    "The paper does not compare the two models' lengths. On its training "
                    "prompts, R1-Zero's answers grew to about "
                    f"{length.value[1]:,} tokens on average by RL step {length.value[0]:,}."
                ),
            },
        }
