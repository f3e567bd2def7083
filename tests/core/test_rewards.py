"""Rule-based rewards against hand-worked cases and independent references: Python's ``re``
for the strict template, a naive brace scanner for ``\\boxed{}``, a per-character loop for word
counts, exact fractions for numbers; plus never-raises properties (linear time:
test_linear_time.py)."""

import re
import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import rewards as rw

GOOD = "<think>\n3x = 15, so x = 5.\n</think>\n<answer>\n5\n</answer>"

# --- equivalence --------------------------------------------------------------------------------

EQUAL_TO_5 = [
    "5",
    "5.0",
    "05",
    "x = 5",
    "x=5",
    "\\boxed{5}",
    "\\frac{10}{2}",
    "\\dfrac{10}{2}",
    "\\tfrac{10}{2}",
    "10/2",
    "$5$",
    "5.",
    " 5 ",
    "+5",
    "\\text{5}",
    "\\(5\\)",
    "5.000",
    "$x = \\boxed{5}$",
    "{5}",
]
NOT_5 = ["6", "-5", "50", "0.5", "5/2", "", "   ", "x", "\\frac{10}{3}", "5.01", "55", "5,0", "1/0"]


@pytest.mark.parametrize("answer", EQUAL_TO_5)
def test_equal_forms_of_five(answer):
    assert rw.answers_match(answer, "5")


@pytest.mark.parametrize("answer", NOT_5)
def test_other_values_are_not_five(answer):
    assert not rw.answers_match(answer, "5")


@pytest.mark.parametrize(
    "answer, truth, equal",
    [
        ("\\frac{1}{3}", "1/3", True),
        ("0.333", "1/3", False),  # exact comparison: no rounding
        ("0.5", "\\frac{1}{2}", True),
        ("-\\frac{3}{4}", "-0.75", True),
        ("1,000", "1000", True),
        ("1,000,000.5", "1000000.5", True),
        ("Yes.", "\\text{yes}", True),
        ("yes", "no", False),
        ("\\mathrm{Paris}", "paris", True),
        ("x^2 + 1", "x^2+1", True),  # text, spaces ignored
        ("", "", False),  # an empty answer never matches
    ],
)
def test_equivalence_table(answer, truth, equal):
    assert rw.answers_match(answer, truth) is equal


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6), st.integers(1, 10**6))
def test_fraction_forms_match_exactly(p, q, k):
    value = Fraction(p, q)
    truth = f"{p}/{q}"
    assert rw.answers_match(f"\\frac{{{p * k}}}{{{q * k}}}", truth)
    assert rw.answers_match(f"{p * k}/{q * k}", truth)
    assert rw.answers_match(f"x = {value.numerator}/{value.denominator}", truth)
    assert not rw.answers_match(f"{p + 1}/{q}", truth)


@given(st.integers(-(10**9), 10**9), st.integers(0, 6))
def test_decimals_match_their_fraction(n, places):
    digits = str(abs(n)).rjust(places + 1, "0")
    sign = "-" if n < 0 else ""
    text = f"{sign}{digits[: len(digits) - places]}.{digits[len(digits) - places :]}"
    assert rw.answers_match(text, f"{n}/{10**places}")  # "12.50" equals 1250/100
    assert rw.answers_match(text + "000", str(Fraction(n, 10**places)))


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_integers_match_iff_equal(a, b):
    assert rw.answers_match(str(a), str(b)) is (a == b)


def test_number_parsing_refuses_what_it_cannot_do_exactly():
    assert rw.parse_number("1e999999999") is None  # never builds a huge power of ten
    assert rw.parse_number("9" * 101) is None  # over the length bound: compared as text
    assert rw.parse_number("9" * 100) == int("9" * 100)
    assert rw.parse_number("1/0") is None and rw.parse_number("inf") is None
    assert rw.parse_number("1/2/3") is None and rw.parse_number(".") is None


# --- hedging: an answer that offers more than one final value earns 0 -----------------------


def in_block(answer):
    return f"<think>\nworking\n</think>\n<answer>\n{answer}\n</answer>"


HEDGED = ["x = 4 or x = 5", "\\boxed{4} or \\boxed{5}", "x=4; y = 5"]


@pytest.mark.parametrize("answer", HEDGED)
def test_hedged_answers_earn_nothing_and_say_why(answer):
    # Before the rule these earned 1 against 5: the last "=" or the last box read 5.
    reward, reason = rw.accuracy_reward(in_block(answer), "5")
    assert reward == 0.0
    assert reason.startswith("hedged:") and "more than one final value" in reason
    assert "4" in reason and "5" in reason  # it names two of the values it offers
    assert rw.accuracy_reward(in_block(answer), "4")[0] == 0.0
    assert not rw.answers_match(answer, "5")


SINGLE_ANSWERS = [
    "5",
    "5.0",
    "x = 5",
    "\\boxed{5}",
    "\\frac{10}{2}",
    "x = 15/3 = 5",  # one chain: its final value
    "3x = 15, so x = 5",  # a conclusion word ends the working
    "So, x = 5",  # words only are commentary when the truth is a number
    "\\boxed{5} or \\boxed{5.0}",  # the same value twice is one value
    "\\boxed{\\boxed{5}}",
]


@pytest.mark.parametrize("answer", SINGLE_ANSWERS)
def test_single_final_values_still_count(answer):
    reward, reason = rw.accuracy_reward(in_block(answer), "5")
    assert reward == 1.0, reason
    assert rw.hedge(answer, "5") is None


@pytest.mark.parametrize(
    "response",
    [
        "The answer is 5.",  # no tags: read after "answer is"
        "3x + 7 = 22, so the answer is 5, since 3 * 5 + 7 = 22.",  # later numbers: no offer
        "Answer: x = 5",
        "<think>\\boxed{4} was a slip</think> so \\boxed{5}",  # boxes in the reasoning are work
        "<answer>The answer is \\boxed{5}, since 3x = 15</answer>",  # words beside it: no offer
    ],
)
def test_single_answers_outside_a_block_still_count(response):
    assert rw.accuracy_reward(response, "5")[0] == 1.0


@pytest.mark.parametrize(
    "response",
    [
        "The answer is 4 or 5.",
        "the answer is x = 4, or maybe x = 5",
        "First \\boxed{4}, then \\boxed{5}",  # no answer block: every box offers a value
        "<answer>\\boxed{4 \\text{ or } 5}</answer>",
        "<answer>\\text{x = 4 or x = 5}</answer>",  # braces hide nothing
        "<answer>4 \\quad 5</answer>",
        "<answer>4\n5</answer>",
        "<answer>x = 4 AND x = 5</answer>",
        "<answer>4 or \\boxed{5}</answer>",  # a bare value beside the box is offered too
        "<answer>\\boxed{4}, or maybe x = 5.</answer>",
    ],
)
def test_hedges_in_other_places_earn_nothing(response):
    for truth in ("4", "5"):
        reward, reason = rw.accuracy_reward(response, truth)
        assert reward == 0.0 and "more than one final value" in reason


def test_what_is_not_a_second_value():
    assert rw.hedge("1,000", "1000") is None and rw.accuracy_reward(in_block("1,000"), "1000")[0]
    assert rw.hedge("1,000,000.5", "5") is None
    assert rw.hedge("4,5", "5") == ("4", "5")  # a comma between digits that is no thousands
    assert rw.hedge("2 or 3", "2, 3") is None  # the truth is itself a list: compared whole
    assert rw.accuracy_reward(in_block("2, 3"), "2, 3")[0] == 1.0
    assert rw.accuracy_reward(in_block("2 or 3"), "2, 3")[0] == 0.0
    assert rw.hedge("forward", "5") is None and rw.hedge("x = 5 (sand)", "5") is None  # words


def test_the_reward_hacking_hedge_is_refused_as_a_hedge():
    for answer, truth in (("no, or possibly yes", "yes"), ("yes, or possibly no", "yes")):
        reward, reason = rw.accuracy_reward(in_block(answer), truth)
        assert reward == 0.0 and reason.startswith("hedged:")
        # the values are quoted without their hedge words: 'yes', not 'possibly yes'
        assert "('no' and 'yes')" in reason or "('yes' and 'no')" in reason
        assert "possibly" not in reason
    assert rw.accuracy_reward(in_block("Yes."), "yes")[0] == 1.0


def test_hedge_words_are_not_part_of_the_value():
    assert rw.hedge("no, or possibly yes", "yes") == ("no", "yes")
    assert rw.hedge("x = 4, or maybe Perhaps x = 5", "5") == ("x = 4", "x = 5")
    assert rw.hedge("no, or possibly no", "no") is None  # one value, said twice
    assert rw.hedge("5 or probably 5.0", "5") is None
    assert rw.hedge("maybe", "yes") is None  # a hedge word alone states no value


def _forms(v):
    return [str(v), f"x = {v}", f"\\boxed{{{v}}}", f"\\frac{{{2 * v}}}{{2}}", f"{v}.0"]


SEPARATORS = [" or ", ", ", "; ", " and ", "\n", " \\quad ", " OR ", ", or possibly "]


@settings(max_examples=300)
@given(
    st.integers(-1000, 1000),
    st.integers(-1000, 1000),
    st.integers(0, 4),
    st.integers(0, 4),
    st.sampled_from(SEPARATORS),
    st.sampled_from(["block", "boxes in block", "boxes", "answer is"]),
)
def test_any_answer_offering_two_different_values_scores_zero(a, b, fa, fb, sep, where):
    if a == b:
        b = a + 1
    if where == "block":
        response = in_block(_forms(a)[fa] + sep + _forms(b)[fb])
    elif where == "boxes in block":
        response = in_block(f"\\boxed{{{a}}}{sep}\\boxed{{{b}}}")
    elif where == "boxes":
        response = f"So \\boxed{{{_forms(a)[fa]}}}{sep}\\boxed{{{_forms(b)[fb]}}}."
    else:  # "the answer is": numbers, optionally as x = v
        pick = ["{}", "x = {}"]
        response = "The answer is " + pick[fa % 2].format(a) + sep.replace("\n", " or ")  # one line
        response += pick[fb % 2].format(b) + "."
    for truth in (str(a), str(b)):
        reward, reason = rw.accuracy_reward(response, truth)
        assert reward == 0.0, (response, truth, reason)
        assert "more than one final value" in reason


# --- format -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        "<think>x</think><answer>5</answer>",
        "  <think> a </think>  \n <answer> 5 </answer>\n",
        "<think></think><answer></answer>",
    ],
)
def test_lenient_format_accepts_the_template(text):
    assert rw.format_reward(text)[0] == 1.0


@pytest.mark.parametrize(
    "text, why",
    [
        ("5", "no <think>"),
        ("<think>x</think>", "no <answer>"),
        ("<think>x</think> so <answer>5</answer>", "between"),
        ("Sure! <think>x</think><answer>5</answer>", "before <think>"),
        ("<think>x</think><answer>5</answer> done", "after </answer>"),
        ("<answer>5</answer><think>x</think>", "order"),
        ("<think>x<think>y</think><answer>5</answer>", "2 times"),
        ("<think>x</think><answer>5</answer><answer>6</answer>", "2 times"),
    ],
)
def test_lenient_format_rejects_with_a_reason(text, why):
    reward, reason = rw.format_reward(text)
    assert reward == 0.0 and why in reason


STRICT = paper.STRICT_FORMAT_RULE  # the published rule; the regex below is its source form
OPEN_R1_PATTERN = r"^<think>\n.*?\n</think>\n<answer>\n.*?\n</answer>$"
FRAGMENTS = ["<think>", "</think>", "<answer>", "</answer>", "\n", "a", " ", "5"]


def test_strict_rule_is_the_published_one():
    readable = OPEN_R1_PATTERN.strip("^$").replace(".*?", " ... ")
    assert STRICT.value == readable


@settings(max_examples=400)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_strict_match_agrees_with_python_re(parts):
    text = "".join(parts)
    assert rw.strict_format_match(text) == bool(re.match(OPEN_R1_PATTERN, text, re.DOTALL))
    assert rw.strict_format_match(text, open_r1_multiline=True) == bool(
        re.match(OPEN_R1_PATTERN, text, re.DOTALL | re.MULTILINE)
    )


EDGE_CASES = [
    "<think>\n\n</think>\n<answer>\n</answer>",  # the tail may not reuse <answer>'s newline
    "<think>\n\n</think>\n<answer>\n\n</answer>",
    "<think>\n</think>\n<answer>\n\n</answer>",  # nor may the middle reuse <think>'s
    "<think>\n\n</think>\n<answer>\n\n</answer>\n",
    "<think>\n\n</think>\n<answer>\n\n</answer>\n\n",
    "<think>\n\n</think>\n<answer>\n\n</answer>\nmore\n</answer>",
    "<think>\na\n</think>\n<answer>\nb\n</think>\n<answer>\nc\n</answer>",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_strict_match_edge_cases_agree_with_python_re(text):
    assert rw.strict_format_match(text) == bool(re.match(OPEN_R1_PATTERN, text, re.DOTALL))
    assert rw.strict_format_match(text, open_r1_multiline=True) == bool(
        re.match(OPEN_R1_PATTERN, text, re.DOTALL | re.MULTILINE)
    )


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=6),
    st.lists(st.sampled_from([*FRAGMENTS, "\n</answer>"]), max_size=6).map("".join),
)
def test_strict_match_agrees_with_re_on_near_misses(parts, tail):
    text = "<think>\n" + "".join(parts) + "\n</think>\n<answer>" + tail
    for flags, quirk in ((re.DOTALL, False), (re.DOTALL | re.MULTILINE, True)):
        expected = bool(re.match(OPEN_R1_PATTERN, text, flags))
        assert rw.strict_format_match(text, open_r1_multiline=quirk) == expected


def test_strict_mode_and_the_multiline_quirk():
    one_line = "<think> x </think> <answer> 5 </answer>"
    assert rw.format_reward(one_line)[0] == 1.0
    assert rw.format_reward(one_line, strict=True)[0] == 0.0
    assert rw.format_reward(GOOD, strict=True)[0] == 1.0
    assert rw.format_reward(GOOD + "\n", strict=True)[0] == 1.0  # $ before a final newline
    trailing = GOOD + "\nHope this helps!"
    assert rw.format_reward(trailing, strict=True)[0] == 0.0  # our choice
    assert rw.strict_format_match(trailing, open_r1_multiline=True)  # open-r1's behaviour
    assert "multiline" in rw.format_reward(trailing, strict=True)[1]


# --- extraction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, answer, source",
    [
        (GOOD, "5", "answer block"),
        ("<think>\\boxed{4}</think><answer>\\boxed{5}</answer>", "5", "\\boxed{} in answer block"),
        (
            "<answer>so \\boxed{\\frac{1}{2}} it is</answer>",
            "\\frac{1}{2}",
            "\\boxed{} in answer block",
        ),
        ("<think>\\boxed{4}</think><answer> 7 </answer>", "7", "answer block"),
        ("<answer> 7", "7", "answer block"),  # unclosed: to the end
        ("<answer>1</answer> <answer>2</answer>", "2", "answer block"),  # the last block
        ("first \\boxed{3} then \\boxed{ 4 }", "4", "\\boxed{}"),
        ("\\boxed{\\boxed{5}}", "5", "\\boxed{}"),
        ("\\boxed{5} and \\boxed{6", "5", "\\boxed{}"),  # the unbalanced box is skipped
        ("So the answer is x = 5, done.", "5", "answer is"),
        ("Answer: $\\frac{10}{2}$\n", "$\\frac{10}{2}$", "answer is"),
        ("The ANSWER IS -3.5 or so", "-3.5", "answer is"),
        ("answer is 4. No wait, the answer is 5", "5", "answer is"),
        ("the answer is\n5", "5", "answer is"),  # \s* crosses the newline, the token is next
    ],
)
def test_extraction_rules(text, answer, source):
    span, found = rw.locate_answer(text)
    assert found == source
    got, span2 = rw.extract_answer(text)
    assert got == answer and span2 == span and text[span[0] : span[1]] == answer


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("12 × 8 = 96. Final answer: 96", "'answer:'"),  # chapter 10's default ending
        ("The answer is 96", "'answer is'"),
        ("So the ANSWER   IS 96.", "'ANSWER IS'"),  # as written, spaces collapsed
        ("Answer : 96", "'Answer :'"),
        ("the answer is 5. No, the answer: 96", "'answer:'"),  # the last phrase is the one read
    ],
)
def test_the_reason_quotes_the_phrase_it_read_after(text, phrase):
    reward, reason = rw.accuracy_reward(text, "96")
    assert reward == 1.0 and reason == f"'96' after {phrase} equals '96'"
    assert rw.accuracy_reward(text.replace("96", "?"), "96") == (
        0.0,
        f"no number, $…$ or \\frac{{}}{{}} after {phrase}",
    )


@pytest.mark.parametrize(
    "text, source",
    [
        ("x = 5", "none"),
        ("", "none"),
        ("<answer>   </answer>", "answer block"),
        ("the answer is unclear", "answer is"),
        ("\\boxed{}", "\\boxed{}"),
    ],
)
def test_no_answer(text, source):
    assert rw.locate_answer(text) == (None, source)
    assert rw.extract_answer(text) == ("", None)
    assert rw.accuracy_reward(text, "5")[0] == 0.0


def naive_last_boxed(text):
    """Reference: for every '\\boxed{' walk forward counting braces (quadratic, obviously right)."""
    best = None
    start = text.find("\\boxed{")
    while start >= 0:
        depth, i = 1, start + len("\\boxed{")
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        if depth == 0:
            best = (start + len("\\boxed{"), i - 1)
        start = text.find("\\boxed{", start + 1)
    return best


def naive_boxed_spans(text):
    """Reference: every balanced box, walking forward from each '\\boxed{' (quadratic)."""
    spans, start = [], text.find("\\boxed{")
    while start >= 0:
        depth, i = 1, start + len("\\boxed{")
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        if depth == 0:
            spans.append((start + len("\\boxed{"), i - 1))
        start = text.find("\\boxed{", start + 1)
    return spans


BOX_PARTS = st.sampled_from(["\\boxed{", "{", "}", "5", " ", "\\boxed", "x"])


@settings(max_examples=500)
@given(st.lists(BOX_PARTS, max_size=20))
def test_last_boxed_agrees_with_naive_scan(parts):
    text = "".join(parts)
    assert rw.last_boxed(text) == naive_last_boxed(text)
    assert rw.boxed_spans(text) == naive_boxed_spans(text)
    spans = naive_boxed_spans(text)
    outer = [s for s in spans if not any(o[0] < s[0] < o[1] for o in spans)]
    assert rw.boxed_spans(text, outermost=True) == outer


@settings(max_examples=500)
@given(st.lists(BOX_PARTS, max_size=20).map("".join), st.integers(0, 140), st.integers(0, 140))
def test_last_boxed_within_bounds_is_the_search_on_the_slice(text, i, j):
    # last_boxed(text, start, end) must read only text[start:end]: the same as searching the
    # slice, shifted back by start (a box that closes after `end` is not balanced there).
    start, end = sorted((min(i, len(text)), min(j, len(text))))
    inside = naive_last_boxed(text[start:end])
    expected = None if inside is None else (inside[0] + start, inside[1] + start)
    assert rw.last_boxed(text, start, end) == expected
    shifted = [(a + start, b + start) for a, b in naive_boxed_spans(text[start:end])]
    assert rw.boxed_spans(text, start, end) == shifted


def test_an_answer_block_cannot_read_a_box_after_it():
    text = "<answer>5</answer> \\boxed{7}"
    inner = (len("<answer>"), text.index("</answer>"))
    assert rw.last_boxed(text, *inner) is None and rw.last_boxed(text) is not None
    assert rw.extract_answer(text)[0] == "5"
    assert rw.accuracy_reward(text, "5")[0] == 1.0 and rw.accuracy_reward(text, "7")[0] == 0.0


def test_spans_in_utf16_for_javascript():
    text = "😀 <answer>5</answer>"  # the emoji is one code point, two UTF-16 units
    _, span = rw.extract_answer(text)
    assert span == (10, 11)
    assert rw.utf16_span(text, span) == [11, 12]
    assert rw.utf16_span(text, None) == []


# --- language -----------------------------------------------------------------------------------


def reference_counts(text):
    """Per-character reference for count_words, written independently of the numpy version."""
    counts = {"en": 0, "zh": 0, "other": 0}
    previous = None
    for ch in text:
        code, kind = ord(ch), unicodedata.category(ch)[0]
        if any(lo <= code <= hi for lo, hi in rw.CJK_RANGES):
            counts["zh"] += 1
            previous = "zh"
        elif kind == "M" and previous in ("en", "other"):
            continue  # a mark extends the current word
        elif kind == "L":
            script = "en" if any(lo <= code <= hi for lo, hi in rw.LATIN_RANGES) else "other"
            if previous != script:
                counts[script] += 1
            previous = script
        elif kind == "M" and previous == "zh":
            continue
        else:
            previous = None
    return counts


@pytest.mark.parametrize(
    "text, en, zh, other",
    [
        ("Hello world", 2, 0, 0),
        ("3x + 7 = 22", 1, 0, 0),
        ("先把 seven 移到右边", 1, 6, 0),
        ("café naïve", 2, 0, 0),
        ("cafe\u0301 ok", 2, 0, 0),  # e + combining acute stays one word
        ("Привет мир, hi", 1, 0, 2),
        ("12 345 — !!", 0, 0, 0),
        ("𠀀𠀁 ab", 1, 2, 0),  # extension B ideographs outside the BMP
    ],
)
def test_word_counts_by_hand(text, en, zh, other):
    assert rw.count_words(text) == {"en": en, "zh": zh, "other": other}


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_word_counts_agree_with_per_character_reference(text):
    assert rw.count_words(text) == reference_counts(text)


def reference_symbols(text):
    """Per-character reference for count_letter_symbols: collect each Latin word's letters
    (marks skipped) and count the words of one letter other than a, A and I."""
    words, current, previous = [], None, None
    for ch in text + " ":  # a trailing separator closes the last word
        code, kind = ord(ch), unicodedata.category(ch)[0]
        cjk = any(lo <= code <= hi for lo, hi in rw.CJK_RANGES)
        latin = kind == "L" and not cjk and any(lo <= code <= hi for lo, hi in rw.LATIN_RANGES)
        if kind == "M" and not cjk and previous in ("latin", "other", "cjk"):
            continue  # a mark extends whatever it follows
        if latin:
            current = (current or "") + ch
            previous = "latin"
            continue
        if current is not None:
            words.append(current)
            current = None
        previous = "cjk" if cjk else ("other" if kind == "L" else None)
    return sum(1 for w in words if len(w) == 1 and w not in "aAI")


@pytest.mark.parametrize(
    "text, symbols",
    [
        ("3x + 7 = 22, so x = 5", 2),  # x, x ("so" is a word)
        ("I think a cat is A-ok", 0),  # a, A and I are English words
        ("先把 7 移到右边: 3x = 15, 所以 x = 5. Check", 2),
        ("f(n) = n + 1 for every n", 4),  # f, n, n, n
        ("e\u0301 and x\u0301y", 1),  # é (e + mark) is one letter; x́y is two
        ("Привет x", 1),
        ("", 0),
    ],
)
def test_one_letter_symbols_by_hand(text, symbols):
    assert rw.count_letter_symbols(text) == symbols == reference_symbols(text)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_letter_symbols_agree_with_per_character_reference(text):
    assert rw.count_letter_symbols(text) == reference_symbols(text)
    assert rw.count_letter_symbols(text) <= rw.count_words(text)["en"]


@pytest.mark.parametrize(
    "cot, en, zh",
    [
        # the chapter 03 example: Check / 先把 移到右边 所以 对 (9 ideographs); x, x are symbols
        ("先把 7 移到右边: 3x = 15, 所以 x = 5. Check: 3 * 5 + 7 = 22, 对.", 1 / 10, 9 / 10),
        ("Solve for x: subtract 7, divide by 3, so x is 5", 9 / 9, 0.0),
        ("3x = 15", 0.0, 0.0),  # only symbols: no words to score
    ],
)
def test_language_share_skips_one_letter_symbols(cot, en, zh):
    text = f"<think>{cot}</think><answer>5</answer>"
    assert rw.language_reward(text, "en")[0] == pytest.approx(en)
    assert rw.language_reward(text, "zh")[0] == pytest.approx(zh)
    if en == zh == 0.0:
        assert "no words" in rw.language_reward(text, "en")[1]


def test_language_reward_uses_the_think_block():
    text = "<think>先 compute 3x</think><answer>The answer is five</answer>"
    share, reason = rw.language_reward(text, "en")
    assert share == pytest.approx(1 / 2) and "<think>" in reason  # compute / 先 (x: a symbol)
    assert "1 one-letter symbol such as x, not counted" in reason
    assert rw.language_reward(text, "zh")[0] == pytest.approx(1 / 2)
    share, reason = rw.language_reward(text, "none")
    assert share == 0.0 and reason.startswith("off:") and "R1-Zero" in reason
    assert rw.language_reward("<think>42</think>", "en")[0] == 0.0  # no words: nothing earned
    assert "1 word each" in rw.language_reward("<think>你好", "zh")[1]  # no segmenter, said so


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("text", ["all English here", "全是中文", "<answer>5</answer> plain"])
def test_no_chain_of_thought_has_no_language_reward(text, language):
    # Without a <think> block there is no chain of thought: the share is not computed on the
    # whole text (which would give "all English here" 1.0), it is 0 with its reason.
    assert rw.chain_of_thought(text) is None
    share, reason = rw.language_reward(text, language)
    assert share == 0.0 and "no chain of thought to score" in reason
    scored = rw.language_reward("<think>" + text, language)[1]  # the same words, scored
    assert "in the <think> block are" in scored


@pytest.mark.parametrize("language", ["fr", "EN", "", "other", "none ", "zh-CN"])
def test_an_unknown_target_language_never_scores(language):
    # On an all-English (and an all-Chinese) chain of thought, "en" ("zh") would score 1.0.
    for text in ("<think>all English words</think>", "<think>全是中文</think>"):
        share, reason = rw.language_reward(text, language)
        assert share == 0.0 and "unknown target language" in reason
        assert rw.score_response(text, "5", language).language_reward == 0.0


def test_language_off_for_r1_zero_totals_out_of_two():
    on = rw.score_response(GOOD, "5", "en")
    off = rw.score_response(GOOD, "5", "none")
    assert (on.language_scored, on.max_total, on.total_reward) == (True, 3.0, 3.0)
    assert (off.language_scored, off.max_total, off.total_reward) == (False, 2.0, 2.0)
    assert off.language_reward == 0.0 and off.reasons["language"].startswith("off:")


# --- all together -------------------------------------------------------------------------------


def test_score_response_sums_the_three():
    r = rw.score_response(GOOD, "5", "en")
    assert (r.format_reward, r.accuracy_reward, r.language_reward) == (1.0, 1.0, 1.0)
    assert r.total_reward == 3.0 and r.extracted_answer == "5"
    assert GOOD[r.answer_span[0] : r.answer_span[1]] == "5"
    assert set(r.reasons) == {"format", "accuracy", "language"}
    wrong = rw.score_response(GOOD, "6", "none", strict_format=True)
    assert (wrong.format_reward, wrong.accuracy_reward, wrong.total_reward) == (1.0, 0.0, 1.0)


def test_accuracy_counts_without_format():
    # the rewards are independent: a right answer without tags still earns accuracy
    r = rw.score_response("3x = 15 so the answer is 5.", "5")
    assert r.accuracy_reward == 1.0 and r.format_reward == 0.0
    assert r.language_reward == 0.0  # and without <think> there is no chain of thought


def test_reasons_stay_one_short_line_for_huge_answers():
    r = rw.score_response("<answer>" + "7\n" * 50_000 + "</answer>", "5")
    assert all("\n" not in line and len(line) < 200 for line in r.reasons.values())


def test_missing_ground_truth():
    assert rw.accuracy_reward(GOOD, "  ") == (0.0, "no ground truth to compare with")


ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)
TAGGY_TEXT = st.lists(
    st.sampled_from(
        [*FRAGMENTS, "\\boxed{", "}", "{", "answer is ", "\\frac{1}{2}", "x = ", "$", "先", "é"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(st.one_of(ANY_TEXT, TAGGY_TEXT), st.one_of(ANY_TEXT, TAGGY_TEXT))
@pytest.mark.parametrize("language", ["en", "zh", "none"])
@pytest.mark.parametrize("strict", [False, True])
def test_never_raises_and_stays_in_range(language, strict, response, truth):
    r = rw.score_response(response, truth, language, strict)
    assert r.format_reward in (0.0, 1.0) and r.accuracy_reward in (0.0, 1.0)
    assert 0.0 <= r.language_reward <= 1.0
    assert r.total_reward == r.format_reward + r.accuracy_reward + r.language_reward
    if r.answer_span is None:
        assert r.extracted_answer == ""
    else:
        start, end = r.answer_span
        assert 0 <= start < end <= len(response)
        assert response[start:end] == r.extracted_answer
        units = rw.utf16_span(response, r.answer_span)
        assert units[1] - units[0] >= end - start
    assert set(r.reasons) == {"format", "accuracy", "language"}
    rw.answers_match(response, truth)  # any two strings can be compared
