"""Rule-based rewards against hand-worked cases and independent references: Python's ``re``
for the strict template, a naive brace scanner for ``\\boxed{}``, a per-character loop for word
counts, exact fractions for numbers; plus never-raises and linear-time properties."""

import re
import time
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


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["\\boxed{", "{", "}", "5", " ", "\\boxed", "x"]), max_size=20))
def test_last_boxed_agrees_with_naive_scan(parts):
    text = "".join(parts)
    assert rw.last_boxed(text) == naive_last_boxed(text)


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


def test_language_reward_uses_the_think_block():
    text = "<think>先 compute 3x</think><answer>The answer is five</answer>"
    share, reason = rw.language_reward(text, "en")
    assert share == pytest.approx(2 / 3) and "<think>" in reason  # compute, x / 先
    assert rw.language_reward(text, "zh")[0] == pytest.approx(1 / 3)
    assert rw.language_reward("all English here", "en")[0] == 1.0  # no think: whole text
    assert rw.language_reward(text, "none") == (0.0, "R1-Zero setting: no language reward")
    assert rw.language_reward("<think>42</think>", "en")[0] == 0.0  # no words: nothing earned
    assert "1 word each" in rw.language_reward("你好", "zh")[1]  # no segmenter, said so


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


# --- linear time --------------------------------------------------------------------------------

ADVERSARIAL = {
    "think tags": "<think>",
    "strict head": "<think>\n",
    "boxes": "\\boxed{",
    "open braces": "{",
    "close braces": "}",
    "digits": "1",
    "x equals": "x = ",
    "answer is": "answer is ",
    "fractions": "\\frac{1}{",
    "answer blocks": "<answer>\\boxed{",
    "mixed": "<think>\\boxed{x = 1{}</answer><answer>answer is $5 \n</think>",
    "cjk and marks": "答案e\u0301𠀀",
    "spaces": " \n",
}


def _best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _sized(piece, n):
    return (piece * (n // len(piece) + 1))[:n]


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_linear_time_on_adversarial_text(name):
    piece = ADVERSARIAL[name]
    small, large = _sized(piece, 100_000), _sized(piece, 1_000_000)
    for text in (small, "<answer>" + small):  # also as one huge extracted answer

        def run(t, strict):
            return lambda: rw.score_response(t, t[:1000], "en", strict)

        for strict in (False, True):
            rw.score_response(text[:100], "5")  # warm caches (the script table)
            t_small = _best_of(3, run(text, strict))
            big = large if text is small else "<answer>" + large
            t_large = _best_of(3, run(big, strict))
            # 10x the text should take about 10x the time; quadratic would be 100x.
            ratio = t_large / max(t_small, 1e-4)
            assert ratio < 35, f"{name}: 1 MB took {ratio:.0f}x the time of 100 KB"
