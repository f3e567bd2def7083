"""Chapter 04 AhaTimeline: the step set as the browser sets it reads the published curves
(never past their ends), picks the stage's illustrative rollout and marks its reflective
behaviours; pasted text gets the same detector; bad input is refused and sent back."""

import json
import sys

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import AhaTimeline, paper
from r1widgets._base import MAX_TEXT
from r1widgets.chapters import aha_timeline as chapter
from r1widgets.core import aha, trl_log

INPUTS = ["step", "pasted_text"]
DERIVED = [
    "pass_at_1",
    "cons_at_16",
    "response_length",
    "readings",
    "longest_readings",
    "pass_at_1_points",
    "cons_at_16_points",
    "response_length_points",
    "o1_reference",
    "last_step",
    "stage",
    "stages",
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
    "claim_note",
    "wait_note",
    "user_run",
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
def test_every_length_reading_is_shown_exactly_and_not_called_published(browser, step):
    w = AhaTimeline()
    browser(w).update(step=step)
    assert w.response_length == LENGTH[step]
    # Figure 3 has no markers: these are our readings of its smoothed curve
    assert w.readings["response_length"] == f"read off Figure 3's smoothed curve at step {step:,}"


def test_length_between_readings_names_them_as_ours():
    w = AhaTimeline(step=300)
    assert w.readings["response_length"] == (
        "interpolated on a straight line between our readings of Figure 3's smoothed curve at "
        "steps 200 and 400"
    )
    for step in range(0, 8401, 100):
        w.step = step
        assert "published" not in w.readings["response_length"]


def test_the_longest_reading_is_the_longest_any_step_shows(browser):
    # every integer step the kernel accepts, through the widget as the browser sets it: the
    # view keeps room for longest_readings, so no reading may be longer (or the page moves)
    w = AhaTimeline()
    b = browser(w)
    longest = dict.fromkeys(w.longest_readings, "")
    for step in range(0, 8401, 50):
        b.update(step=step)
        for name, text in w.readings.items():
            longest[name] = max(longest[name], text, key=len)
    assert {k: len(v) for k, v in longest.items()} == {
        k: len(v) for k, v in w.longest_readings.items()
    }
    # and between any two steps, off the slider's track too
    for step in range(1, 8400, 7):
        w.step = step
        for name, text in w.readings.items():
            assert len(text) <= len(w.longest_readings[name]), (step, name)
    assert all("longest_readings" not in m.get("state", {}) for m in b.sent)


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
    # stage 1 holds one superficial "check" and nothing else
    assert totals == sorted(totals) and totals[0] == 1 and totals[-1] > totals[1]
    b.update(step=3999)
    assert w.reflective_counts["wait"] == 0  # Nature: 'wait' almost absent before step 4,000
    b.update(step=4000)
    assert w.reflective_counts["wait"] >= 1


def test_every_stage_is_sent_once_as_the_step_shows_it(browser):
    # the view lays every stage out unseen, so the rollout keeps the tallest one's height:
    # each entry must be exactly what the step shows in that stage
    w = AhaTimeline()
    b = browser(w)
    stages = w.stages
    assert [s["index"] for s in stages] == list(range(len(aha.STAGES))) == [0, 1, 2, 3]
    for entry in stages:
        b.update(step=entry["first_step"])
        shown = {k: v for k, v in entry.items() if k not in ("text", "behaviours")}
        assert shown == w.stage
        assert entry["text"] == w.sample_text and entry["behaviours"] == w.behaviours
    # the first stage holds one behaviour, the last several: their heights differ
    assert len(stages[0]["behaviours"]) == 1 and len(stages[-1]["behaviours"]) > 3
    assert all("stages" not in m.get("state", {}) for m in b.sent)  # sent with the first state


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
    assert "past the points drawn here" in w.version_note
    assert "no clear jump at 8,200" in w.version_note
    note = w.article_note
    assert "differs from the seed article" in note and "200 tokens" in note and "15.6%" in note
    assert "step 200" in note and "550 tokens" in note and "none at step 0" in note
    assert "4,000" in w.wait_note and "8,000" in w.wait_note


def test_v1_points_show_no_clear_jump_at_8200():
    """What the version note says: around step 8,200 (the last point before it to step 8,400)
    neither curve rises more than its largest rise between neighbouring points before it."""
    for table in (PASS, LENGTH):
        steps = sorted(table)
        before = max(s for s in steps if s < 8200)
        rise = table[8400] - table[before]
        pairs = zip(steps, steps[1:], strict=False)
        earlier = [table[b] - table[a] for a, b in pairs if b <= before]
        assert rise < max(earlier)


def test_the_papers_own_claim_is_stated_with_its_quote_and_no_step():
    w = AhaTimeline()
    quote = paper.R1_ZERO_AHA_QUOTE
    assert quote.value == "Wait, wait. Wait. That's an aha moment I can flag here."
    assert "Table 3" in quote.source and "intermediate version" in quote.source
    assert quote.value in w.claim_note
    assert "intermediate version" in w.claim_note and "no step" in w.claim_note
    assert w.sources["aha_quote"] == quote.source
    shown = [p for p in w.published if p["value"] == quote.value]
    assert shown == [{"label": "aha moment quote", "value": quote.value, "source": quote.source}]


def test_the_stage_says_which_boundary_is_ours(browser):
    w = AhaTimeline()
    b = browser(w)
    b.update(step=1000)
    assert "2,000 is ours" in w.stage["basis"]
    b.update(step=7500)
    assert w.stage["index"] == 2 and "nothing of steps 7,000 to 7,999" in w.stage["basis"]
    b.update(step=8000)
    assert w.stage["basis"] == aha.STAGES[3].basis


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


# --- a person's own TRL run ---------------------------------------------------------------------

RUN = [
    {"completions/mean_length": 120.0, "rewards/accuracy/mean": 0.25, "reward": 0.25, "kl": 0.0,
     "step": 10},
    {"eval_reward": 0.9, "eval_loss": 0.3, "step": 10},
    {"completions/mean_length": 180.5, "rewards/accuracy/mean": None, "reward": None, "kl": 0.003,
     "step": 20},
    {"completions/mean_length": 260.0, "rewards/accuracy/mean": 0.75, "reward": 0.75, "kl": 0.004,
     "step": 30},
    {"train_runtime": 60.0, "train_loss": 0.01, "total_flos": 0.0, "step": 30},
]  # fmt: skip


def _write_run(folder, log_history=RUN, checkpoint=30):
    ckpt = folder / f"checkpoint-{checkpoint}"
    ckpt.mkdir(parents=True)
    (ckpt / "trainer_state.json").write_text(json.dumps({"log_history": log_history}))
    return folder


def _write_completions(folder, step, table):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    (folder / "completions").mkdir(exist_ok=True)
    pq.write_table(pa.table(table), folder / "completions" / f"completions_{step:05d}.parquet")


def test_no_run_is_loaded_by_default():
    assert AhaTimeline().user_run == {}


def test_from_trl_shows_the_numbers_the_log_holds(tmp_path):
    w = AhaTimeline.from_trl(_write_run(tmp_path), step=4000)
    run = w.user_run
    assert w.step == 4000 and w.pass_at_1 == AhaTimeline(step=4000).pass_at_1 == 0.6
    assert run["steps"] == [10, 20, 30]  # eval and summary entries left out
    assert run["reward"] == [0.25, None, 0.75]
    assert run["length"] == [120.0, 180.5, 260.0]
    assert run["kl"] == [0.0, 0.003, 0.004]
    assert run["path"] == str(tmp_path / "checkpoint-30" / "trainer_state.json")
    assert "reflective" not in run
    json.dumps(run, allow_nan=False)


def test_kl_only_when_logged(tmp_path):
    log = [{k: v for k, v in e.items() if k != "kl"} for e in RUN]
    w = AhaTimeline.from_trl(_write_run(tmp_path, log))
    assert "kl" not in w.user_run and w.user_run["length"] == [120.0, 180.5, 260.0]


def test_completions_give_the_reflective_curve(tmp_path):
    _write_run(tmp_path)
    # step 20: "Wait, is that right? Let me check." 7 words, 2 reflective (wait, check)
    comps = ["Wait, is that right? Let me check.", None]
    _write_completions(tmp_path, 20, {"step": [20, 20], "prompt": ["q", "q"], "completion": comps})
    w = AhaTimeline.from_trl(tmp_path)
    assert w.user_run["reflective"] == [None, pytest.approx(2000 / 7), None]
    assert w.user_run["completions"] == [0, 1, 0]


def test_load_trl_loads_into_this_widget_and_sends_it_in_one_message(browser, tmp_path):
    w = AhaTimeline(step=1200)
    b = browser(w)
    w.load_trl(_write_run(tmp_path) / "checkpoint-30")
    sent = [m for m in b.sent if m.get("method") == "update" and "user_run" in m["state"]]
    assert len(sent) == 1 and sent[0]["state"]["user_run"]["steps"] == [10, 20, 30]
    assert w.step == 1200
    w.clear_trl()
    assert w.user_run == {}


def _bad_runs(tmp_path):
    """Each malformed input beside the file it is in."""
    bad = {}
    bad["missing"] = tmp_path / "missing"
    (tmp_path / "json").mkdir(parents=True)
    (tmp_path / "json" / "trainer_state.json").write_text("{not json")
    bad["json"] = tmp_path / "json"
    (tmp_path / "nolog").mkdir()
    (tmp_path / "nolog" / "trainer_state.json").write_text('{"global_step": 3}')
    bad["nolog"] = tmp_path / "nolog"
    bad["nostep"] = _write_run(tmp_path / "nostep", [{"reward": 0.5, "loss": 0.1}])
    bad["parquet"] = _write_run(tmp_path / "parquet")
    _write_completions(bad["parquet"], 20, {"step": [20], "prompt": ["q"]})
    return bad


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", r"missing: no such file or directory"),
        ("json", r"json/trainer_state\.json: not valid JSON"),
        ("nolog", r"nolog/trainer_state\.json: has no log_history"),
        ("nostep", r"nostep/checkpoint-30/trainer_state\.json: log_history has no training entry"),
        ("parquet", r"completions_00020\.parquet: missing column completion"),
    ],
)
def test_a_refused_load_leaves_the_widget_as_it_was(browser, tmp_path, case, message):
    w = AhaTimeline.from_trl(_write_run(tmp_path / "good"), step=2400, pasted_text="but wait")
    b = browser(w)
    before = w.get_state()
    with pytest.raises(ValueError, match=message):
        w.load_trl(_bad_runs(tmp_path)[case])
    assert w.get_state() == before and b.sent == []
    with pytest.raises(ValueError, match=message):
        AhaTimeline.from_trl(_bad_runs(tmp_path / "again")[case])


def test_a_refused_load_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    w = AhaTimeline()
    _write_run(tmp_path)
    _write_completions(tmp_path, 20, {"step": [20], "completion": ["wait"]})
    before = w.get_state()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(
        ValueError, match=r'completions_00020\.parquet: .*pip install "r1widgets\[trl\]"'
    ):
        w.load_trl(tmp_path)
    assert w.get_state() == before


def test_the_run_matches_the_reader(tmp_path):
    _write_run(tmp_path)
    assert AhaTimeline.from_trl(tmp_path).user_run == trl_log.read_run(tmp_path)


def test_completions_false_loads_the_curves_without_pyarrow(tmp_path, monkeypatch):
    _write_run(tmp_path)
    _write_completions(tmp_path, 20, {"step": [20], "completion": ["wait"]})
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ValueError, match=r"or pass completions=False"):
        AhaTimeline.from_trl(tmp_path)
    w = AhaTimeline.from_trl(tmp_path, completions=False, step=1200)
    assert w.step == 1200 and w.user_run["reward"] == [0.25, None, 0.75]
    assert "reflective" not in w.user_run
    w.clear_trl()
    w.load_trl(tmp_path, completions=False)
    assert w.user_run["steps"] == [10, 20, 30]


def test_the_view_is_sent_a_short_name_beside_the_full_path(tmp_path):
    run = AhaTimeline.from_trl(_write_run(tmp_path / "my-run")).user_run
    assert run["name"] == "my-run/checkpoint-30/trainer_state.json"
    assert run["path"] == str(tmp_path / "my-run" / "checkpoint-30" / "trainer_state.json")
