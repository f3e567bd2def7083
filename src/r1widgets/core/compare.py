"""What a reader sees in an answer, measured from its text: length, language mix, format and
structure (chapter 14, R1 vs R1-Zero).

Every function takes any Python string and never raises. The word rules are chapter 03's
(:mod:`r1widgets.core.rewards`): English words are runs of Latin letters, each Chinese character
is one word (no segmenter), digits and punctuation are not words. The template tags
(``<think>``, ``</think>``, ``<answer>``, ``</answer>``) are markup, not words: they are left out
of every count here. Spans are Python code-point offsets ``[start, end)``.

Choices that are ours, not the paper's (the paper measures none of these properties):

* a paragraph is a run of lines with words in it, between blank lines;
* a repeated line is a line with words that is the same as an earlier line, once spaces and
  case are ignored;
* a summary follows the reasoning when at least :data:`SUMMARY_MIN_WORDS` words stand after
  the chain of thought's ``</think>`` (an ``<answer>`` block holding just "6" is not one);
* a text follows its model's output format (:func:`own_format`) when its reasoning sits in a
  closed ``<think>`` block followed by an ``<answer>`` block (R1-Zero's prompt template, P-v1
  Table 1) or by a summary (R1's cold-start pattern, P-v1 §2.3.1). The papers' only stated
  format rule is the first half: thinking between ``<think>`` and ``</think>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import rewards
from .rewards import ANSWER_CLOSE, ANSWER_OPEN, CJK, MARK, OTHER, TAGS, THINK_CLOSE

SUMMARY_MIN_WORDS = 8  # words after </think> that make a summary (our threshold)
HIGHLIGHTS = ("length", "language", "format", "structure")
STYLES = ("zero", "r1")  # R1-Zero's output format, R1's


def without_tags(text: str) -> str:
    """``text`` with every template tag replaced by spaces of the same length (offsets kept)."""
    for tag in TAGS:
        text = text.replace(tag, " " * len(tag))
    return text


def word_count(text: str) -> int:
    """Words in ``text`` by chapter 03's rules (:func:`rewards.count_words`), tags left out."""
    return sum(rewards.count_words(without_tags(text)).values())


def text_length(text: str) -> dict[str, int]:
    """``{"words", "characters"}``: words as :func:`word_count`; characters are Unicode code
    points (spaces and line breaks included), also without the tags. No tokens: the models'
    tokenizer is not part of this package."""
    tag_chars = sum(text.count(tag) * len(tag) for tag in TAGS)
    return {"words": word_count(text), "characters": len(text) - tag_chars}


def language_mix(text: str) -> dict[str, Any]:
    """How much of the chain of thought (the ``<think>`` part) is not English.

    ``non_english_share`` is 1 minus chapter 03's language-consistency reward for English
    (:func:`rewards.language_reward`), so the same words are counted: one-letter symbols such
    as the x of ``3x`` are not words. 0 when there is no chain of thought or no word in it
    (``scored_words`` then says 0).

    Returns
    -------
    {"non_english_share", "non_english_words", "chinese_words", "scored_words"}
    """
    cot = rewards.chain_of_thought(text)
    if cot is None:
        return {
            "non_english_share": 0.0,
            "non_english_words": 0,
            "chinese_words": 0,
            "scored_words": 0,
        }
    inside = text[cot[0] : cot[1]]
    counts = rewards.count_words(inside)
    english = counts["en"] - rewards.count_letter_symbols(inside)
    foreign = counts["zh"] + counts["other"]
    scored = english + foreign
    share = 1.0 - rewards.language_reward(text, "en")[0] if scored else 0.0
    return {
        "non_english_share": share,
        "non_english_words": foreign,
        "chinese_words": counts["zh"],
        "scored_words": scored,
    }


def _lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line, without its line break."""
    spans, start = [], 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs: runs of lines holding words, parted by lines without any
    (blank lines, and lines of tags alone). Each span runs from its first line's start to its
    last line's end."""
    out: list[tuple[int, int]] = []
    current: list[int] | None = None
    for start, end in _lines(text):
        if word_count(text[start:end]):
            if current is None:
                current = [start, end]
            else:
                current[1] = end
        elif current is not None:
            out.append((current[0], current[1]))
            current = None
    if current is not None:
        out.append((current[0], current[1]))
    return out


def _normal(line: str) -> str:
    return " ".join(without_tags(line).split()).casefold()


def repeated_lines(text: str) -> list[tuple[int, int]]:
    """Spans (leading and trailing spaces trimmed) of the lines that say again what an earlier
    line said: same words, spaces and case ignored. Lines without words never count."""
    seen: set[str] = set()
    out = []
    for start, end in _lines(text):
        line = text[start:end]
        if not word_count(line):
            continue
        key = _normal(line)
        if key in seen:
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + len(line.rstrip())))
        seen.add(key)
    return out


def after_reasoning(text: str) -> tuple[int, int] | None:
    """Span of what follows the chain of thought's ``</think>`` (trimmed), or None when the text
    has no closed ``<think>`` block or nothing follows it."""
    cot = rewards.chain_of_thought(text)
    if cot is None or not text.startswith(THINK_CLOSE, cot[1]):
        return None
    start = cot[1] + len(THINK_CLOSE)
    rest = text[start:]
    lead = len(rest) - len(rest.lstrip())
    end = start + len(rest.rstrip())
    return (start + lead, end) if start + lead < end else None


def think_closed(text: str) -> bool:
    """Whether the chain of thought is a closed ``<think>…</think>`` block: the one rule of
    format the papers state (paper-data §2.1)."""
    cot = rewards.chain_of_thought(text)
    return cot is not None and text.startswith(THINK_CLOSE, cot[1])


def answer_block(text: str) -> bool:
    """Whether an ``<answer>…</answer>`` block follows the chain of thought's ``</think>``."""
    if not think_closed(text):
        return False
    cot = rewards.chain_of_thought(text)
    start = text.find(ANSWER_OPEN, cot[1] + len(THINK_CLOSE))
    return start >= 0 and text.find(ANSWER_CLOSE, start + len(ANSWER_OPEN)) >= 0


def own_format(text: str, style: str) -> tuple[bool, str]:
    """Whether ``text`` has the layout its model was trained to write, and why not.

    ``style`` "zero": a closed ``<think>`` block, then an ``<answer>…</answer>`` block (R1-Zero's
    prompt template). "r1": a closed ``<think>`` block, then a summary
    (:func:`structure`'s ``has_summary``; R1's cold-start pattern). Any other style: False.
    """
    if style not in STYLES:
        return False, f"unknown style {style!r}"
    if not think_closed(text):
        return False, "no closed <think>…</think> block"
    if style == "zero" and not answer_block(text):
        return False, "no <answer>…</answer> block after </think>"
    if style == "r1" and not structure(text)["has_summary"]:
        return False, f"no summary after </think> (fewer than {SUMMARY_MIN_WORDS} words)"
    return True, "reasoning in <think>…</think>, then " + (
        "an <answer> block" if style == "zero" else "a summary"
    )


def structure(text: str) -> dict[str, Any]:
    """Paragraphs, the longest one, repeated lines and whether a summary follows the reasoning.

    Returns
    -------
    {"paragraphs", "longest_paragraph_words", "repeated_lines", "words_after_reasoning",
    "has_summary"}
    """
    paras = paragraphs(text)
    after = after_reasoning(text)
    words_after = word_count(text[after[0] : after[1]]) if after else 0
    return {
        "paragraphs": len(paras),
        "longest_paragraph_words": max((word_count(text[a:b]) for a, b in paras), default=0),
        "repeated_lines": len(repeated_lines(text)),
        "words_after_reasoning": words_after,
        "has_summary": words_after >= SUMMARY_MIN_WORDS,
    }


def properties(text: str, ground_truth: str, style: str) -> dict[str, Any]:
    """Every property of one answer written in ``style`` (one of :data:`STYLES`):
    :func:`text_length`, :func:`language_mix`, :func:`structure`, :func:`think_closed`,
    :func:`answer_block`, :func:`own_format` (``follows_format`` and its reason), and chapter
    03's format and accuracy rewards with their reasons and the answer they read."""
    scored = rewards.score_response(text, ground_truth, "en")
    follows, why = own_format(text, style)
    return {
        **text_length(text),
        **language_mix(text),
        **structure(text),
        "think_closed": think_closed(text),
        "answer_block": answer_block(text),
        "follows_format": follows,
        "follows_format_reason": why,
        "format_reward": scored.format_reward,
        "format_reason": scored.reasons["format"],
        "accuracy_reward": scored.accuracy_reward,
        "accuracy_reason": scored.reasons["accuracy"],
        "answer": scored.extracted_answer,
    }


# --- what to mark in a text ---------------------------------------------------------------------


def non_english_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-English words in the chain of thought: runs of Chinese characters and
    of letters of other non-Latin scripts (with the combining marks that follow them)."""
    cot = rewards.chain_of_thought(text)
    if cot is None:
        return []
    out, start = [], None
    for i in range(cot[0], cot[1]):
        kind = rewards.script_of(text[i])
        if kind in (CJK, OTHER) or (kind == MARK and start is not None):
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, cot[1]))
    return out


def tag_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every template tag, in order."""
    spans = []
    for tag in TAGS:
        at = text.find(tag)
        while at >= 0:
            spans.append((at, at + len(tag)))
            at = text.find(tag, at + len(tag))
    return sorted(spans)


def marks(text: str, highlight: str) -> list[dict[str, Any]]:
    """What to mark in ``text`` for one property, in order and without overlaps.

    Each mark is ``{"kind", "span", "label"}``: "paragraph" (length: every paragraph, labelled
    with its number and words), "non_english" (language; it also says its ``language``, "zh"
    for a run of Chinese characters, else "other"), "tag" (format), "repeat" and
    "summary" (structure; a repeated line inside the summary is not marked again). An
    unknown ``highlight`` marks nothing.
    """
    if highlight == "length":
        return [
            {"kind": "paragraph", "span": span, "label": f"¶{i} · {_words(text, span)}"}
            for i, span in enumerate(paragraphs(text), start=1)
        ]
    if highlight == "language":
        out = []
        for span in non_english_spans(text):
            chinese = all(rewards.script_of(c) in (CJK, MARK) for c in text[span[0] : span[1]])
            out.append(
                {
                    "kind": "non_english",
                    "span": span,
                    "label": "Chinese, not English" if chinese else "not English",
                    "language": "zh" if chinese else "other",
                }
            )
        return out
    if highlight == "format":
        return [{"kind": "tag", "span": span, "label": "template tag"} for span in tag_spans(text)]
    if highlight == "structure":
        after = after_reasoning(text)
        summary = after if after is not None and structure(text)["has_summary"] else None
        # a repeat inside the summary is left unmarked: the summary's mark covers it
        stop = summary[0] if summary is not None else len(text)
        out = [
            {"kind": "repeat", "span": span, "label": "repeats an earlier line"}
            for span in repeated_lines(text)
            if span[1] <= stop
        ]
        if summary is not None:
            out.append({"kind": "summary", "span": summary, "label": "summary after the reasoning"})
        return out
    return []


def _words(text: str, span: tuple[int, int]) -> str:
    n = word_count(text[span[0] : span[1]])
    return f"{n} word{'s' if n != 1 else ''}"


def benchmarks_where_higher(
    table: Mapping[str, Mapping[str, float]], first: str, second: str
) -> list[str]:
    """The rows of ``table`` (benchmark -> checkpoint -> score) where ``first`` scores strictly
    higher than ``second``, in the table's order."""
    return [bench for bench, row in table.items() if row[first] > row[second]]


def close_leads(
    table: Mapping[str, Mapping[str, float]], first: str, second: str, margin: float
) -> list[str]:
    """The rows of :func:`benchmarks_where_higher` where ``first`` leads by less than
    ``margin``. Table scores have one decimal: the gap is rounded to 1e-9 first, so that
    30.3 - 30.1 counts as 0.2, not 0.20000000000000284."""
    return [
        bench
        for bench in benchmarks_where_higher(table, first, second)
        if round(table[bench][first] - table[bench][second], 9) < margin
    ]
