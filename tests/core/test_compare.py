"""Chapter 14's text properties against hand counts on small hand-made texts, and properties
that must hold on any string (hypothesis): marks in order and inside the text, paragraph words
adding up to the text's words, marked non-English words adding up to the chain of thought's,
repeated lines counted by a Counter."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import compare, rewards

# An R1-Zero-like text, counted by hand:
#   words (tags left out): one two 三 四 / wait 再 check / wait 再 check / five -> 11
#     (English: one two wait check wait check five = 7; Chinese characters: 三 四 再 再 = 4)
#   chain of thought: all 11 words, 4 not English -> 4/11
#   lines: "<think> one two 三四", "wait 再 check", "wait 再 check", "", "five </think> ..."
#   -> paragraphs: lines 1-3 (10 words) and line 5 (1 word); line 3 repeats line 2
ZERO = "<think> one two 三四\nwait 再 check\nWait  再 check \n\nfive </think> <answer> 6 </answer>"
# An R1-like text: reasoning in <think>, then a summary, no <answer> block.
#   words: Add and (2) / Summary two plus three makes five so the answer is boxed (11) -> 13
R1 = (
    "<think>\nAdd 2 and 3.\n</think>\n\n"
    "Summary: two plus three makes five, so the answer is \\boxed{5}."
)


def cut(text, span):
    return text[span[0] : span[1]]


def test_length_by_hand():
    assert compare.text_length("<think>ab</think>") == {"words": 1, "characters": 2}
    assert compare.text_length("再见 hi") == {"words": 3, "characters": 5}
    assert compare.text_length(ZERO)["words"] == 11
    assert compare.text_length(R1)["words"] == 13
    assert compare.text_length("") == {"words": 0, "characters": 0}


def test_language_mix_by_hand():
    mix = compare.language_mix(ZERO)
    assert mix["chinese_words"] == mix["non_english_words"] == 4
    assert mix["scored_words"] == 11
    assert mix["non_english_share"] == pytest.approx(4 / 11)
    assert compare.language_mix(R1)["non_english_share"] == 0.0
    # the x of "3x" is a symbol, not a word (chapter 03's rule): 2 words, 1 of them Chinese
    assert compare.language_mix("<think>3x 好 yes</think>")["non_english_share"] == 0.5
    # no chain of thought, or no words in it: nothing to measure
    assert compare.language_mix("再见")["scored_words"] == 0
    assert compare.language_mix("<think> 1 + 2 </think>")["non_english_share"] == 0.0


def test_structure_by_hand():
    assert compare.structure(ZERO) == {
        "paragraphs": 2,
        "longest_paragraph_words": 10,
        "repeated_lines": 1,
        "words_after_reasoning": 0,
        "has_summary": False,
    }
    # lines of tags alone are no paragraph; the summary's 11 words follow </think>
    assert compare.structure(R1) == {
        "paragraphs": 2,
        "longest_paragraph_words": 11,
        "repeated_lines": 0,
        "words_after_reasoning": 11,
        "has_summary": True,
    }
    short = "<think>a b c</think> Seven words are not enough here, no."
    assert compare.structure(short)["words_after_reasoning"] == compare.SUMMARY_MIN_WORDS - 1
    assert not compare.structure(short)["has_summary"]
    assert compare.structure(short + " Eight")["words_after_reasoning"] == compare.SUMMARY_MIN_WORDS
    assert compare.structure(short + " Eight")["has_summary"]  # exactly the threshold counts


def test_format_and_answer_are_chapter_03s():
    zero, r1 = compare.properties(ZERO, "6", "zero"), compare.properties(R1, "5", "r1")
    assert (zero["format_reward"], zero["accuracy_reward"], zero["answer"]) == (1.0, 1.0, "6")
    assert (r1["format_reward"], r1["accuracy_reward"], r1["answer"]) == (0.0, 1.0, "5")
    assert r1["format_reason"] == "no <answer> tag"
    assert compare.properties(ZERO, "7", "zero")["accuracy_reward"] == 0.0


def test_each_text_follows_its_own_models_format_by_hand():
    """R1-Zero's layout: closed <think>, then <answer>; R1's: closed <think>, then a summary.
    Chapter 03's template rule gives R1's text 0, yet it follows R1's layout and the one rule
    the papers state (thinking inside <think>...</think>)."""
    zero, r1 = compare.properties(ZERO, "6", "zero"), compare.properties(R1, "5", "r1")
    assert (zero["follows_format"], zero["think_closed"], zero["answer_block"]) == (True,) * 3
    assert (r1["follows_format"], r1["think_closed"], r1["answer_block"]) == (True, True, False)
    assert r1["format_reward"] == 0.0  # chapter 03's rule is R1-Zero's template
    # each text judged by the other model's layout fails, and says why
    assert compare.own_format(R1, "zero") == (False, "no <answer>…</answer> block after </think>")
    assert compare.own_format(ZERO, "r1") == (
        False,
        f"no summary after </think> (fewer than {compare.SUMMARY_MIN_WORDS} words)",
    )
    unclosed = "<think>Add 2 and 3, then sum up everything in one long line of words"
    for style in compare.STYLES:
        assert compare.own_format(unclosed, style) == (False, "no closed <think>…</think> block")
    assert compare.own_format(ZERO, "v3") == (False, "unknown style 'v3'")
    # an <answer> block before the reasoning, or never closed, is no answer block
    assert not compare.answer_block("<answer>6</answer> <think>a</think>")
    assert not compare.answer_block("<think>a</think> <answer>6")
    assert compare.answer_block("<think>a</think>\n<answer>6</answer> and more")
    assert not compare.think_closed("</think> <think>a") and compare.think_closed("<think></think>")


def test_marks_by_hand():
    texts = lambda text, hl: [(m["kind"], cut(text, m["span"])) for m in compare.marks(text, hl)]  # noqa: E731
    assert [t for _, t in texts(ZERO, "language")] == ["三四", "再", "再"]
    assert {k for k, _ in texts(ZERO, "language")} == {"non_english"}
    assert texts(R1, "language") == []
    assert [t for _, t in texts(ZERO, "format")] == ["<think>", "</think>", "<answer>", "</answer>"]
    assert [t for _, t in texts(R1, "format")] == ["<think>", "</think>"]
    assert texts(ZERO, "structure") == [("repeat", "Wait  再 check")]
    assert texts(R1, "structure") == [
        ("summary", "Summary: two plus three makes five, so the answer is \\boxed{5}.")
    ]
    assert [m["label"] for m in compare.marks(ZERO, "length")] == ["¶1 · 10 words", "¶2 · 1 word"]
    assert [cut(ZERO, m["span"]) for m in compare.marks(ZERO, "length")][1] == (
        "five </think> <answer> 6 </answer>"
    )
    assert compare.marks(ZERO, "colour") == []


def test_a_repeat_inside_the_summary_is_covered_by_the_summary_mark():
    text = (
        "<think>go on</think>\nthe answer is six, said once here\nthe answer is six, said once here"
    )
    kinds = [m["kind"] for m in compare.marks(text, "structure")]
    assert kinds == ["summary"]
    assert len(compare.repeated_lines(text)) == 1


def test_benchmarks_where_higher_by_hand():
    table = {
        "a": {"x": 2, "y": 1},
        "b": {"x": 1, "y": 1},
        "c": {"x": 0, "y": 3},
        "d": {"x": 5, "y": 4.9},
    }
    assert compare.benchmarks_where_higher(table, "x", "y") == ["a", "d"]
    assert compare.benchmarks_where_higher(table, "y", "x") == ["c"]


def test_close_leads_by_hand():
    table = {
        "a": {"x": 30.3, "y": 30.1},  # 0.2: under half a point
        "b": {"x": 5.0, "y": 4.5},  # exactly 0.5: not under
        "c": {"x": 93.1, "y": 92.8},  # 0.3 (0.29999999999999716 in floats)
        "d": {"x": 1.0, "y": 2.0},  # y leads: not a lead of x
        "e": {"x": 0.7, "y": 0.2},  # 0.5, though 0.7 - 0.2 is 0.49999999999999994 in floats
        "f": {"x": 80.0, "y": 70.0},
    }
    assert compare.close_leads(table, "x", "y", 0.5) == ["a", "c"]
    assert compare.close_leads(table, "x", "y", 0.51) == ["a", "b", "c", "e"]
    assert compare.close_leads(table, "y", "x", 0.5) == []


# --- on any string ------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [*rewards.TAGS, "a", "word", "x", "再", "见", "α", "β", "\u0301", "\U00020000", " ", "\n",
     "\n\n", "1", ".", "é", "\\boxed{", "}", "<", ">", "ok ok"]
)  # fmt: skip
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=60))


@given(TEXTS)
def test_marks_are_in_order_inside_the_text_and_never_overlap(text):
    for highlight in compare.HIGHLIGHTS:
        at = 0
        for m in compare.marks(text, highlight):
            start, end = m["span"]
            assert at <= start < end <= len(text), (highlight, m)
            at = end


@given(TEXTS)
def test_paragraph_words_add_up_to_the_texts_words(text):
    paras = compare.paragraphs(text)
    assert sum(compare.word_count(cut(text, p)) for p in paras) == compare.word_count(text)
    assert all(compare.word_count(cut(text, p)) > 0 for p in paras)


@given(TEXTS)
def test_marked_non_english_words_are_the_chain_of_thoughts(text):
    cot = rewards.chain_of_thought(text)
    inside = rewards.count_words(cut(text, cot)) if cot else {"zh": 0, "other": 0}
    marked = [rewards.count_words(cut(text, s)) for s in compare.non_english_spans(text)]
    assert sum(c["zh"] for c in marked) == inside["zh"]
    assert sum(c["other"] for c in marked) == inside["other"]
    assert all(c["en"] == 0 for c in marked)
    mix = compare.language_mix(text)
    assert mix["non_english_words"] == inside["zh"] + inside["other"]
    if mix["scored_words"]:
        share = mix["non_english_words"] / mix["scored_words"]
        assert mix["non_english_share"] == pytest.approx(share)
        assert mix["non_english_share"] == pytest.approx(1 - rewards.language_reward(text, "en")[0])
    else:
        assert mix["non_english_share"] == 0.0


@given(TEXTS)
def test_repeated_lines_are_the_lines_seen_before(text):
    keys = [
        " ".join(compare.without_tags(line).split()).casefold()
        for line in text.split("\n")
        if compare.word_count(line)
    ]
    expected = sum(n - 1 for n in Counter(keys).values())
    assert (
        len(compare.repeated_lines(text)) == expected == compare.structure(text)["repeated_lines"]
    )


@given(TEXTS)
def test_own_format_is_its_parts(text):
    """R1-Zero's layout is a closed <think> and an <answer> block; R1's a closed <think> and a
    summary; chapter 03's template rule never passes a text without R1-Zero's layout."""
    closed, block = compare.think_closed(text), compare.answer_block(text)
    assert compare.own_format(text, "zero")[0] == (closed and block)
    assert compare.own_format(text, "r1")[0] == (closed and compare.structure(text)["has_summary"])
    if rewards.format_reward(text)[0] == 1.0:
        assert compare.own_format(text, "zero")[0]
    assert compare.think_closed(text) == (
        rewards.THINK_OPEN in text
        and rewards.THINK_CLOSE in text[text.find(rewards.THINK_OPEN) + len(rewards.THINK_OPEN) :]
    )


@given(TEXTS)
def test_lengths_leave_the_tags_out(text):
    bare = text
    for tag in rewards.TAGS:
        bare = bare.replace(tag, "")
    length = compare.text_length(text)
    assert length["words"] >= 0
    # removing tags left to right never makes a new one from the pieces around it, except in
    # texts built to do so ("<thi<think>nk>"): compare only when no tag survives the removal
    if not any(tag in bare for tag in rewards.TAGS):
        assert length["characters"] == len(bare)


def test_nothing_raises_on_odd_input():
    for text in (
        "",
        "\n\n\n",
        "</think>",
        "<think>",
        "<think>\ud800</think>",
        "\u0301再",
        "x" * 5000,
    ):
        for style in compare.STYLES:
            compare.properties(text, "1", style)
        for highlight in compare.HIGHLIGHTS:
            compare.marks(text, highlight)
