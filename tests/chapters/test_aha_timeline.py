"""Chapter 04 AhaTimeline: the step set as the browser sets it reads the published curves
(never past their ends), picks the stage's illustrative rollout and marks its reflective
behaviours; pasted text gets the same detector; bad input is refused and sent back."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import AhaTimeline, paper
from r1widgets._base import MAX_TEXT
from r1widgets.chapters import aha_timeline as chapter
from r1widgets.core import aha

INPUTS = ["step", "pasted_text"]
DERIVED = [
    "pass_at_1",
    "cons_at_16",
    "response_length",
    "readings",
    "pass_at_1_points",
    "cons_at_16_points",
    "response_length_points",
    "o1_reference",
    "last_step",
    "stage",
    "sample_question",
    "sample_text",
    "behaviours",
    "reflective_words",
    "reflective_counts",
    "pasted_behaviours",
    "pasted_behaviour_count",
    "pasted_counts",
    "kind_labels",
    "sources",
    "version_note",
    "article_note",
    "wait_note",
]


def _published(table):
    return {s.value[0]: s.value[1] for s in table}


PASS = _published(paper.R1_ZERO_PASS_AT_1_POINTS)
CONS = _published(paper.R1_ZERO_CONS_AT_16_POINTS)
LENGTH = _published(paper.R1_ZERO_RESPONSE_LENGTH_POINTS)


def test_defaults_show_a_late_step_with_reflection():
    w = AhaTimeline()
    assert set(AhaTimeline.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(AhaTimeline.derived_names())
    assert w.title == "04 · Longer answers and second thoughts, from reward alone"
    assert w.step == 8000 and w.last_step == 8400
    assert (w.pass_at_1, w.cons_at_16, w.response_length) == (0.687, 0.820, 9200)
    assert w.readings["pass_at_1"] == "published point at step 8,000"
    assert w.stage["index"] == 3 and w.stage["count"] == 4
    kinds = {b["kind"] for b in w.behaviours}
    assert kinds == set(aha.KINDS) and w.reflective_counts["wait"] >= 2
    assert w.pasted_text == "" and w.pasted_behaviours == [] and w.pasted_behaviour_count == 0
    assert w.sample_question == aha.QUESTION


@pytest.mark.parametrize("step", sorted(PASS))
def test_every_published_accuracy_point_is_shown_exactly(browser, step):
    w = AhaTimeline(step=0)
    browser(w).update(step=step)
    assert w.error == "" and w.pass_at_1 == PASS[step] and w.cons_at_16 == CONS[step]
    assert w.readings["pass_at_1"] == f"published point at step {step:,}"


@pytest.mark.parametrize("step", sorted(LENGTH))
def test_every_published_length_point_is_shown_exactly(browser, step):
    w = AhaTimeline()
    browser(w).update(step=step)
    assert w.response_length == LENGTH[step]


def test_before_step_200_there_is_no_accuracy_point(browser):
    w = AhaTimeline()
    b = browser(w)
    for step in (0, 1, 199):
        b.update(step=step)
        assert w.pass_at_1 is None and w.cons_at_16 is None and w.error == ""
        assert w.readings["pass_at_1"] == "no published point before step 200"
        assert w.readings["cons_at_16"] == "no published point before step 200"
    b.update(step=0)
    assert w.response_length == 550  # Figure 3 starts at step 0
    assert b.state_sent()["pass_at_1"] is None


def test_between_points_a_straight_line(browser):
    w = AhaTimeline()
    browser(w).update(step=300)
    # hand-worked: halfway between (200, 0.156) and (400, 0.225), (200, 0.253) and (400, 0.339)
    assert w.pass_at_1 == pytest.approx(0.1905) and w.cons_at_16 == pytest.approx(0.296)
    assert w.response_length == pytest.approx(770.0)  # halfway between 590 and 950
    assert w.readings["pass_at_1"] == (
        "interpolated on a straight line between the published points at steps 200 and 400"
    )


def test_last_step_shows_the_last_points():
    w = AhaTimeline(step=8400)
    assert (w.pass_at_1, w.cons_at_16, w.response_length) == (0.710, 0.867, 9600)


def test_one_update_carries_the_new_step_in_one_message(browser):
    w = AhaTimeline()
    b = browser(w)
    b.update(step=2000)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"pass_at_1", "sample_text", "behaviours", "stage"} <= set(updates[0]["state"])
    assert "pass_at_1_points" not in updates[0]["state"]  # the curves do not travel again


def test_the_rollout_follows_the_stage_and_grows_more_reflective(browser):
    w = AhaTimeline()
    b = browser(w)
    totals = []
    for step in (0, 2000, 4000, 8000):
        b.update(step=step)
        assert w.sample_text == aha.STAGES[w.stage["index"]].text
        assert w.reflective_counts == aha.count_reflective_words(w.sample_text)
        totals.append(sum(w.reflective_counts.values()))
    assert totals == sorted(totals) and totals[0] == 0 and totals[-1] > totals[1]
    b.update(step=3999)
    assert w.reflective_counts["wait"] == 0  # Nature: 'wait' almost absent before step 4,000
    b.update(step=4000)
    assert w.reflective_counts["wait"] >= 1


def test_behaviour_spans_point_into_the_sample_text():
    for step in (2000, 4000, 8000):
        w = AhaTimeline(step=step)
        assert w.behaviours
        for b in w.behaviours:
            start, end = b["span"]
            assert w.sample_text[start:end].startswith(b["words"][0])
            assert w.sample_text[start:end].endswith(b["words"][-1])
            assert b["js_span"] == b["span"]  # no character outside the BMP in our texts
        core = aha.detect_behaviours(w.sample_text)
        assert [{k: b[k] for k in ("kind", "words", "span")} for b in w.behaviours] == core


def test_every_value_shown_as_published_is_in_paper_with_a_source():
    w = AhaTimeline()
    tables = {
        "pass_at_1_points": paper.R1_ZERO_PASS_AT_1_POINTS,
        "cons_at_16_points": paper.R1_ZERO_CONS_AT_16_POINTS,
        "response_length_points": paper.R1_ZERO_RESPONSE_LENGTH_POINTS,
    }
    for name, table in tables.items():
        shown = getattr(w, name)
        assert [tuple(p) for p in shown] == [s.value for s in table]
        assert all(s.source.strip() for s in table)
    for key, value in w.o1_reference.items():
        assert paper.O1_0912_AIME[key].value == value and paper.O1_0912_AIME[key].source
    assert w.reflective_words == list(paper.REFLECTIVE_WORDS.value)
    for step in range(0, 8401, 200):
        w.step = step
        for name, table in (("pass_at_1", PASS), ("cons_at_16", CONS)):
            value = getattr(w, name)
            if w.readings[name].startswith("published"):
                assert value == table[step]
    assert all(isinstance(v, str) and v.strip() for v in w.sources.values())
    assert set(w.sources) >= {"pass_at_1", "cons_at_16", "response_length", "o1_pass_at_1"}


def test_the_notes_name_the_version_and_the_articles_differences():
    w = AhaTimeline()
    assert "v1 Figures 2 and 3" in w.version_note and "8,400" in w.version_note
    assert "10,400 steps" in w.version_note and "77.9%" in w.version_note
    assert "8,200" in w.version_note  # the length cap raised: the jump in both curves
    note = w.article_note
    assert "differs from the article" in note and "200 tokens" in note and "15.6%" in note
    assert "step 200" in note and "550 tokens" in note and "none at step 0" in note
    assert "4,000" in w.wait_note and "8,000" in w.wait_note


def test_pasted_text_gets_the_same_detector(browser):
    w = AhaTimeline()
    text = "<img src=x onerror=alert(1)> Wait, that's wrong. Let me check another way."
    browser(w).update(pasted_text=text)
    assert w.error == "" and w.pasted_text == text  # markup is only text
    kinds = [b["kind"] for b in w.pasted_behaviours]
    assert kinds == ["reflection", "reflection", "verification", "alternative_method"]
    assert w.pasted_behaviour_count == 4
    assert w.pasted_counts == {
        **dict.fromkeys(aha.REFLECTIVE_WORDS, 0),
        "wait": 1,
        "wrong": 1,
        "check": 1,
    }
    assert w.sample_text == aha.STAGES[3].text  # the rollout is untouched


def test_pasted_spans_are_sent_in_javascript_units(browser):
    w = AhaTimeline()
    browser(w).update(pasted_text="😀😀 wait")
    (b,) = w.pasted_behaviours
    assert b["span"] == [3, 7] and b["js_span"] == [5, 9]


def test_a_long_paste_is_counted_in_full_and_marked_in_part(browser):
    w = AhaTimeline()
    text = ("wait check " * 10_000)[:MAX_TEXT]
    browser(w).update(pasted_text=text)
    assert w.error == "" and w.pasted_text == text
    assert w.pasted_behaviour_count == len(aha.detect_behaviours(text)) > chapter.MAX_SHOWN
    assert len(w.pasted_behaviours) == chapter.MAX_SHOWN
    assert w.pasted_counts["wait"] == text.split().count("wait")


def test_the_largest_paste_is_accepted_and_one_more_refused(browser):
    w = AhaTimeline()
    b = browser(w)
    big = "w" * MAX_TEXT
    b.update(pasted_text=big)
    assert w.pasted_text == big and w.error == ""
    b.update(pasted_text=big + "x")
    assert w.pasted_text == big and "at most" in w.error
    assert b.state_sent()["pasted_text"] == big


def test_lone_surrogate_is_refused(browser):
    w = AhaTimeline()
    browser(w).update(pasted_text="wait \ud800")
    assert w.pasted_text == "" and "lone surrogate" in w.error


BAD_STEPS = [-1, 8401, 10_400, 200.5, "200", [200], -200]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_STEPS)
def test_hostile_steps_are_refused_and_sent_back(browser, value):
    w = AhaTimeline(step=4000)
    b = browser(w)
    assert_refused(w, b, "step", value)
    b.update(step=200)  # the kernel keeps serving
    assert w.pass_at_1 == 0.156 and w.error == ""


@pytest.mark.parametrize("value", [None, 5, ["wait"], {"a": 1}, "x" * (MAX_TEXT + 1)])
def test_hostile_pasted_text_is_refused_and_sent_back(browser, value):
    w = AhaTimeline(pasted_text="wait")
    b = browser(w)
    assert_refused(w, b, "pasted_text", value)
    b.update(pasted_text="check")
    assert w.pasted_counts["check"] == 1 and w.error == ""


def test_a_whole_number_float_step_is_an_integer(browser):
    w = AhaTimeline()
    browser(w).update(step=400.0)
    assert w.step == 400 and isinstance(w.step, int) and w.pass_at_1 == 0.225


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = AhaTimeline()
    assert_derived_refused(w, browser(w), name, 99)


@pytest.mark.parametrize("action", ["detect_behaviours", "figure", "step", None])
def test_there_are_no_browser_actions(browser, action):
    w = AhaTimeline()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_python_bounds():
    with pytest.raises(Exception, match="step"):
        AhaTimeline(step=8401)
    with pytest.raises(Exception, match="step"):
        AhaTimeline(step=-1)


def test_detect_behaviours_method():
    w = AhaTimeline()
    text = "Hmm, wait. Alternatively, verify it; checkout is not a check-in."
    assert w.detect_behaviours(text) == aha.detect_behaviours(text)
    assert [b["kind"] for b in w.detect_behaviours(text)] == [
        "reflection",
        "alternative_method",
        "verification",
        "verification",
    ]
    with pytest.raises(TypeError, match="string"):
        w.detect_behaviours(None)


def test_get_state_round_trip(browser):
    w = AhaTimeline(step=3000, pasted_text="But wait, check.")
    state = w.get_state()
    w2 = AhaTimeline()
    browser(w2).update(step=state["step"], pasted_text=state["pasted_text"])
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


def test_figure_cursor_follows_the_step():
    pytest.importorskip("bqplot")
    w = AhaTimeline()
    fig = w.figure()
    cursor = fig.marks[-1]
    assert list(cursor.x) == [8000, 8000]
    w.step = 1200
    assert list(cursor.x) == [1200, 1200]
    xs = [list(m.x) for m in fig.marks[:2]]
    assert xs[0] == [p[0] for p in w.pass_at_1_points]
