"""The rule checker at the edges of its rules: the 200-character "answer is" window, the line
it reads, numbers at the edge of the parser, alternatives around a conclusion word, marks and
scripts at the edges of the word counter, and the reason lines' 40-character quotes."""

import unicodedata
from fractions import Fraction

import pytest

from r1widgets.core import rewards as rw


def test_quotes_keep_forty_characters():
    assert rw._quote("a" * 40) == repr("a" * 40)
    assert rw._quote("a" * 41) == repr("a" * 40 + "…")
    # whitespace is collapsed before the cut, and never left hanging before the ellipsis
    assert rw._quote("a" * 39 + "  " + "b" * 10) == repr("a" * 39 + "…")
    assert rw._quote("x\n\ny") == repr("x y")


def test_text_before_think_fails_the_format():
    reward, reason = rw.format_reward("x<think>a</think><answer>5</answer>")
    assert reward == 0.0 and "before <think>" in reason
    assert rw.format_reward(" \n<think>a</think><answer>5</answer>")[0] == 1.0


# --- "answer is": 200 characters, one line ----------------------------------------------------


@pytest.mark.parametrize("filler, found", [(198, True), (199, False)])
def test_answer_is_reads_200_characters(filler, found):
    # after the space that follows the phrase, the token must end within 200 characters
    text = "The answer is " + "x" * filler + " 5"
    answer, span = rw.extract_answer(text)
    assert (answer == "5") is found and (span is not None) is found


def test_answer_is_reads_only_the_line_the_answer_starts_on():
    assert rw.extract_answer("The answer is unclear\n5") == ("", None)
    assert rw.extract_answer("The answer is\n5") == ("5", (14, 15))  # it may start a line


def test_values_listed_after_the_answer_count_on_its_line_only():
    assert rw.accuracy_reward("The answer is 4\nor 5", "4")[0] == 1.0
    assert rw.accuracy_reward("The answer is 4 or 5", "4")[0] == 0.0


@pytest.mark.parametrize("spaces, hedged", [(2, True), (3, False)])
def test_values_listed_after_the_answer_count_within_200_characters(spaces, hedged):
    # "4, 4, ..., 5": the 5 starts 199 (hedged: read) or 200 (past the window) characters
    # after the first 4
    text = "The answer is 4" + ", 4" * 65 + "," + " " * spaces + "5"
    assert text.index("5") - text.index("4") == 197 + spaces
    assert rw.accuracy_reward(text, "4")[0] == (0.0 if hedged else 1.0)


@pytest.mark.parametrize("spaces, hedged", [(0, True), (1, False)])
def test_a_line_break_past_the_window_does_not_widen_it(spaces, hedged):
    # "44, 44, ..., 5" then a line break: the 5 starts 199 or 200 characters after the first
    # 44; the line ends just after it, beyond the window, which stays 200 characters
    text = "The answer is 44" + ", 44" * 49 + "," + " " * spaces + "5\n"
    assert text.index("5") - text.index("44") == 199 + spaces
    assert rw.accuracy_reward(text, "44")[0] == (0.0 if hedged else 1.0)


# --- numbers --------------------------------------------------------------------------------


def test_normalising_keeps_what_follows_an_equals_sign_at_the_start():
    assert rw.normalize_answer("=5") == "5"


@pytest.mark.parametrize(
    "text, value",
    [
        ("(+1)/(2)", Fraction(1, 2)),
        ("(-1)/(+4)", Fraction(-1, 4)),
        ("9876543210.123", Fraction(9876543210123, 1000)),  # every decimal character once
        ("(-0.123456789)/(+1)", Fraction(-123456789, 10**9)),  # every character it accepts
        ("1.2.3", None),
        ("..", None),
    ],
)
def test_numbers_at_the_edge_of_the_parser(text, value):
    assert rw.parse_number(text) == value


# --- alternatives and conclusion words ------------------------------------------------------


def test_every_kind_of_separator_in_one_answer():
    assert rw.hedge("4; 5, 6\n7 \\\\ 8", "4") == ("4", "5")


@pytest.mark.parametrize(
    "answer, truth, expected",
    [
        ("3x = 15, so x = 5", "5", None),  # the conclusion is the last alternative
        ("2x = 10, so x = 5; x = 5", "5", None),  # ... or one before the last
        ("so x = 4 or x = 5", "4", ("x = 4", "x = 5")),  # what follows it is all read
    ],
)
def test_a_conclusion_word_ends_the_working(answer, truth, expected):
    assert rw.hedge(answer, truth) == expected


def test_a_truth_that_lists_words_may_be_answered_with_the_list():
    assert rw.hedge("yes or no", "yes or no") is None
    assert rw.hedge("yes or no", "yes") == ("yes", "no")


def test_boxes_from_the_very_start_of_a_response_without_think():
    assert rw.accuracy_reward("\\boxed{4} or \\boxed{5}", "5")[0] == 0.0


def test_a_value_right_after_a_box_is_an_offer_too():
    assert rw.accuracy_reward("\\boxed{5}4", "5")[0] == 0.0


# --- words and scripts ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900, 0x20000, 0x30000])
def test_ideographs_at_the_ends_of_their_blocks_are_chinese(code):
    assert unicodedata.name(chr(code)).startswith("CJK ")  # Unicode's own word for it
    assert rw.script_of(chr(code)) == rw.CJK


def test_the_first_astral_code_point_is_classified_on_its_own():
    # U+10000 LINEAR B SYLLABLE B008 A is a letter of another script, unlike U+FFFF
    assert rw.count_words("\U00010000") == {"en": 0, "zh": 0, "other": 1}
    assert rw.count_words("\uffff") == {"en": 0, "zh": 0, "other": 0}


def test_marks_belong_to_the_letter_before_them():
    assert rw.count_words("\u0301") == {"en": 0, "zh": 0, "other": 0}  # a lone mark: no word
    assert rw.count_words("中e\u0301x") == {"en": 1, "zh": 1, "other": 0}


def test_words_of_other_scripts_count_in_the_language_share():
    assert rw.language_reward("<think>hello мир</think>", "en")[0] == 0.5


def test_utf16_offsets_are_integers():
    span = rw.utf16_span("a\U0001f600b", (1, 3))
    assert span == [1, 4] and all(type(x) is int for x in span)


def test_values_inside_the_think_block_are_not_final_answers():
    # the region searched for rival values starts right after </think>, not before it
    assert rw.accuracy_reward("<think>a;b;7;</think>\n\\boxed{5}", "5")[0] == 1.0
    assert rw.accuracy_reward("<think>a</think> 7; \\boxed{5}", "5")[0] == 0.0  # hedged


@pytest.mark.parametrize("text, en", [("x", 1), ("word", 1), ("word 字", 1), ("é", 1), ("字 a", 1)])
def test_the_first_word_of_a_text_is_counted(text, en):
    assert rw.count_words(text)["en"] == en
