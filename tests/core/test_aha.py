"""Chapter 04's core: published curves read without extrapolation, and the reflective-word
detector (whole words only, linear time), against hand-worked examples and an independent
tokenising reference."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_linear_time import LARGE, SMALL, _sized, assert_linear

from r1widgets import paper
from r1widgets.core import aha

TEN = ("wait", "mistake", "however", "but", "retry", "error", "verify", "wrong", "evaluate", "check")  # fmt: skip  # noqa: E501
TABLES = {
    "pass_at_1": paper.R1_ZERO_PASS_AT_1_POINTS,
    "cons_at_16": paper.R1_ZERO_CONS_AT_16_POINTS,
    "response_length": paper.R1_ZERO_RESPONSE_LENGTH_POINTS,
}


def _pts(table):
    return [s.value for s in table]


# --- the published numbers, typed from paper-data §3.2/§3.3 and Table 2 -------------------------


def test_published_points_pinned_to_the_notes():
    pass1 = dict(_pts(paper.R1_ZERO_PASS_AT_1_POINTS))
    cons = dict(_pts(paper.R1_ZERO_CONS_AT_16_POINTS))
    length = dict(_pts(paper.R1_ZERO_RESPONSE_LENGTH_POINTS))
    assert (pass1[200], pass1[1600], pass1[5200], pass1[8400]) == (0.156, 0.377, 0.631, 0.710)
    assert (cons[200], cons[4400], cons[7000], cons[8400]) == (0.253, 0.766, 0.833, 0.867)
    assert (length[0], length[2000], length[8000], length[8400]) == (550, 2010, 9200, 9600)
    assert len(pass1) == len(cons) == 35 and len(length) == 23
    # the figure has no marker at these steps (paper-data §3.2): none invented
    assert not {1800, 2200, 2600, 3000, 3400, 3800, 6600} & set(pass1)
    assert min(pass1) == min(cons) == 200 and min(length) == 0
    assert paper.O1_0912_AIME["pass_at_1"].value == 0.744
    assert paper.O1_0912_AIME["cons_at_64"].value == 0.833
    assert paper.R1_ZERO_NATURE_RUN["pass_at_1"].value == 0.779
    assert paper.R1_ZERO_NATURE_RUN["steps"].value == 10_400
    assert paper.ARTICLE_AHA_START["response_length"].value == 200
    for table in [*TABLES.values(), paper.O1_0912_AIME.values(), paper.R1_ZERO_NATURE_RUN.values()]:
        for s in table:
            assert isinstance(s, paper.Sourced) and s.source.strip()
    hidden = [s.value[0] for s in paper.R1_ZERO_CONS_AT_16_POINTS if "hidden" in s.source]
    assert hidden == [7000, 7400, 8200]


def test_reflective_words_are_the_papers_ten():
    assert aha.REFLECTIVE_WORDS == TEN
    assert set(aha.WORD_KINDS) == set(TEN) and set(aha.WORD_KINDS.values()) == set(aha.KINDS)


# --- curves -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_every_published_point_is_returned_exactly_at_its_step(name):
    points = _pts(TABLES[name])
    for step, value in points:
        reading = aha.read_curve(points, step)
        assert reading.value == value and reading.kind == "published"
        assert reading.left == reading.right == step


def test_hand_worked_interpolation():
    pass1 = _pts(paper.R1_ZERO_PASS_AT_1_POINTS)
    # halfway between (200, 0.156) and (400, 0.225)
    assert aha.interpolate(pass1, 300) == pytest.approx(0.1905, abs=1e-12)
    # a quarter of the way from (1600, 0.377) to (2000, 0.381): no marker at 1800
    r = aha.read_curve(pass1, 1700)
    assert r.value == pytest.approx(0.378) and r.kind == "interpolated"
    assert (r.left, r.right) == (1600, 2000)
    length = _pts(paper.R1_ZERO_RESPONSE_LENGTH_POINTS)
    assert aha.interpolate(length, 100) == pytest.approx(570.0)  # (0, 550)-(200, 590)


@pytest.mark.parametrize("name", list(TABLES))
def test_never_extrapolates(name):
    points = _pts(TABLES[name])
    first, last = points[0][0], points[-1][0]
    for step in (first - 1, first - 1e-9, -1e9):
        r = aha.read_curve(points, step)
        assert r.value is None and r.kind == "before_first" and r.left == first
    for step in (last + 1e-9, last + 1, 1e9):
        r = aha.read_curve(points, step)
        assert r.value is None and r.kind == "after_last" and r.left == last


def test_accuracy_has_no_point_before_step_200():
    pass1 = _pts(paper.R1_ZERO_PASS_AT_1_POINTS)
    assert aha.interpolate(pass1, 0) is None and aha.interpolate(pass1, 199) is None
    assert aha.interpolate(pass1, 200) == 0.156


@given(st.floats(0, 8400, allow_nan=False))
def test_interpolation_matches_numpy_and_stays_between_neighbours(step):
    for table in TABLES.values():
        points = _pts(table)
        xs, ys = np.array(points, dtype=float).T
        value = aha.interpolate(points, step)
        if step < xs[0]:
            assert value is None
            continue
        assert value == pytest.approx(float(np.interp(step, xs, ys)), rel=1e-12, abs=1e-12)
        i = int(np.searchsorted(xs, step))
        lo, hi = sorted((ys[max(i - 1, 0)], ys[i]))
        assert lo - 1e-12 <= value <= hi + 1e-12


def test_bad_curves_and_steps_are_refused():
    with pytest.raises(ValueError, match="at least one"):
        aha.read_curve([], 1)
    with pytest.raises(ValueError, match="strictly increasing"):
        aha.read_curve([(0, 1), (0, 2)], 0)
    with pytest.raises(ValueError, match="strictly increasing"):
        aha.read_curve([(2, 1), (1, 2)], 1)
    with pytest.raises(ValueError, match="finite"):
        aha.read_curve([(0, 1), (1, 2)], float("nan"))
    assert aha.read_curve([(5, 7.0)], 5).value == 7.0  # one point: itself, nothing around it


# --- the ten words: hand-written positives and negatives -----------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wait, WAIT, wait.", {"wait": 3}),
        (
            "But however, the error was a mistake; retry, verify, evaluate, check: wrong.",
            dict.fromkeys(TEN[1:], 1),
        ),
        ("re-check (wait) 'but' check-in wait… wait!", {"check": 2, "wait": 3, "but": 1}),
        ("Hmm, wait\nwait\twait", {"wait": 3}),
        ("double-check it", {"check": 1}),
    ],
)  # fmt: skip
def test_whole_words_in_any_case_are_counted(text, expected):
    counts = aha.count_reflective_words(text)
    assert list(counts) == list(TEN)  # every word, in the paper's order
    assert counts == {**dict.fromkeys(TEN, 0), **expected}


@pytest.mark.parametrize(
    "text",
    [
        "await the checkout; butter the toast",
        "Howevers nohowever rebut buttress",
        "awaited waiter waits waiting",
        "checked checking checks checker paycheck",
        "errors terror mistaken wrongly verifying evaluated retrying",
        "wait_time check2 _but 2wait",
        "éwait waité wait日本",  # letters of any script are word characters
        "che\u212a",  # Kelvin sign: case folding would make it a k
        "mi\u017ftake",  # long s: case folding would make it an s
        "",
    ],
)
def test_words_inside_other_words_do_not_count(text):
    assert sum(aha.count_reflective_words(text).values()) == 0
    assert aha.detect_behaviours(text) == []


def _reference_counts(text):
    """Independent reference: split into maximal runs of word characters, keep ASCII ones."""
    counts = dict.fromkeys(TEN, 0)
    for token in re.findall(r"\w+", text):
        if token.isascii() and token.lower() in counts:
            counts[token.lower()] += 1
    return counts


PIECES = [*TEN, "Wait", "BUT", "await", "checkout", "butter", "x", "_", "1", "é", "😀", "another way"]  # fmt: skip  # noqa: E501
SEPS = [" ", ", ", ".", "-", "\n", "", "'", "…"]


@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPS)), max_size=40))
def test_counts_agree_with_a_tokenising_reference(parts):
    text = "".join(p + s for p, s in parts)
    assert aha.count_reflective_words(text) == _reference_counts(text)


# --- behaviours ----------------------------------------------------------------------------------


def _kinds(text):
    return [(b["kind"], b["words"]) for b in aha.detect_behaviours(text)]


def test_hand_written_behaviours():
    assert _kinds("Wait, wait. Wait. That is wrong.") == [
        ("reflection", ["Wait", "wait", "Wait"]),
        ("reflection", ["wrong"]),
    ]
    assert _kinds("Let me double-check this another way: verify, check. Then check.") == [
        ("verification", ["double-check"]),
        ("alternative_method", ["another way"]),
        ("verification", ["verify", "check"]),  # only punctuation between: one behaviour
        ("verification", ["check"]),  # a word between: another one
    ]
    assert _kinds("Alternatively, retry. Hold on, let me reconsider.") == [
        ("alternative_method", ["Alternatively", "retry"]),
        ("reflection", ["Hold on"]),
        ("reflection", ["reconsider"]),
    ]
    assert _kinds("Wait, check") == [("reflection", ["Wait"]), ("verification", ["check"])]
    text = "So x = 5. But wait: 3 × 5 + 7 = 22, check."
    spans = [b["span"] for b in aha.detect_behaviours(text)]
    assert [text[a:b] for a, b in spans] == ["But wait", "check"]


def test_no_behaviour_in_a_plain_answer():
    assert aha.detect_behaviours("3x + 7 = 22, so 3x = 15 and x = 5. The answer is 5.") == []


@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPS)), max_size=40))
def test_spans_are_ordered_disjoint_and_cover_every_reflective_word(parts):
    text = "".join(p + s for p, s in parts)
    found = aha.detect_behaviours(text)
    end = 0
    for b in found:
        a, z = b["span"]
        assert end <= a < z <= len(text) and b["kind"] in aha.KINDS
        piece = text[a:z]
        assert piece.startswith(b["words"][0]) and piece.endswith(b["words"][-1])
        assert all(w in piece for w in b["words"])
        end = z
    for m in re.finditer(r"\w+", text):
        if m.group().isascii() and m.group().lower() in TEN:
            assert any(b["span"][0] <= m.start() < b["span"][1] for b in found), m


def test_utf16_spans_count_astral_characters_twice():
    text = "😀 wait 𠀀 check é"
    spans = [b["span"] for b in aha.detect_behaviours(text)]
    js = aha.utf16_spans(text, spans)
    units = text.encode("utf-16-le")
    for (a, b), (ja, jb) in zip(spans, js, strict=True):
        assert units[2 * ja : 2 * jb].decode("utf-16-le") == text[a:b]
    assert js == [[3, 7], [11, 16]]
    assert aha.utf16_spans("plain wait", [[6, 10]]) == [[6, 10]]
    assert aha.utf16_spans("", []) == []


# --- the illustrative stages ---------------------------------------------------------------------


def test_reflective_content_grows_with_training():
    totals = [sum(aha.count_reflective_words(s.text).values()) for s in aha.STAGES]
    kinds = [{b["kind"] for b in aha.detect_behaviours(s.text)} for s in aha.STAGES]
    waits = [aha.count_reflective_words(s.text)["wait"] for s in aha.STAGES]
    assert 3 <= len(aha.STAGES) <= 4
    assert totals == sorted(totals) and totals[-1] >= 4
    # the first rollout's one reflective word is a superficial "check" (see the next test)
    assert aha.count_reflective_words(aha.STAGES[0].text) == {**dict.fromkeys(TEN, 0), "check": 1}
    assert [len(k) for k in kinds] == sorted(len(k) for k in kinds)
    assert kinds[-1] == set(aha.KINDS)  # the late rollout shows all three behaviours
    # 'wait' absent early, then sporadic, then frequent (Nature Extended Data Fig. 1)
    assert waits[0] == waits[1] == 0 and 1 <= waits[2] < waits[3]


def _answer(text):
    (answer,) = re.findall(r"<answer>(\d+)</answer>", text)
    return int(answer)


def test_the_first_check_is_superficial_and_the_later_ones_are_right():
    # independent count of 360's divisors, by trial division
    divisors = sum(1 for d in range(1, 361) if 360 % d == 0)
    assert divisors == 24
    first, *later = aha.STAGES
    assert [b["kind"] for b in aha.detect_behaviours(first.text)] == ["verification"]
    assert _answer(first.text) != divisors  # a "check" that leads nowhere
    assert all(_answer(s.text) == divisors for s in later)


def test_each_stage_says_what_the_paper_reports_and_which_boundary_is_ours():
    wait = paper.R1_ZERO_WAIT_STEPS
    early, method, sporadic, frequent = aha.STAGES
    # only 4,000 and 8,000 come from Nature's 'wait' account; 2,000 is ours, and says so
    assert early.last_step + 1 == method.first_step == 2000
    assert "2,000 is ours" in early.basis and "2,000 is ours" in method.basis
    assert f"{wait['sporadic_from'].value:,}" in sporadic.basis
    # Nature's sporadic range ends at 7,000: the stage runs on to 7,999 and says the rest is ours
    assert f"to {wait['sporadic_to'].value:,}" in sporadic.basis
    assert "nothing of steps 7,000 to 7,999" in sporadic.basis and "our" in sporadic.basis
    assert f"after step {wait['frequent_from'].value:,}" in frequent.basis
    assert "ours" not in frequent.basis


def test_stages_tile_the_timeline_at_the_papers_wait_steps():
    firsts = [s.first_step for s in aha.STAGES]
    assert firsts[0] == 0 and aha.STAGES[-1].last_step == 8400
    for a, b in zip(aha.STAGES, aha.STAGES[1:], strict=False):
        assert a.last_step + 1 == b.first_step
    assert 4000 in firsts and 8000 in firsts  # where Nature says 'wait' appears and grows
    assert [aha.stage_at(s) for s in (0, 3999, 4000, 7999, 8000, 8400)] == [0, 1, 2, 2, 3, 3]
    assert aha.stage_at(-5) == 0 and aha.stage_at(99_999) == 3


# --- linear time: 10x the text, about 10x the work (see test_linear_time.py) ---------------------

ADVERSARIAL = {
    "prose": lambda n: aha.benchmark_text(n),
    "one long run of wait": lambda n: _sized("wait ", n),
    "alternating kinds": lambda n: _sized("wait check retry ", n),
    "near misses": lambda n: _sized("await checkout butter waitwait ", n),
    "no boundaries": lambda n: "wait" * (n // 4),
    "phrase heads": lambda n: _sized("another  double-double-a different  ", n),
    "punctuation gaps": lambda n: _sized("wait" + "." * 997, n),
    "astral": lambda n: _sized("😀 wait 𠀀 ", n),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_linear_time(name):
    small, large = ADVERSARIAL[name](SMALL), ADVERSARIAL[name](LARGE)

    def run(text):
        found = aha.detect_behaviours(text)
        aha.utf16_spans(text, [b["span"] for b in found])
        aha.count_reflective_words(text)

    assert_linear(lambda: run(small), lambda: run(large), name)


def test_benchmark_text_has_the_size_asked_and_finds_behaviours():
    text = aha.benchmark_text(1_000_000)
    assert len(text) == 1_000_000
    assert aha.detect_behaviours(text) and aha.count_reflective_words(text)["wait"] > 1000
