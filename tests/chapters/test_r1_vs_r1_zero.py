"""Chapter 14 R1vsR1Zero: prompts, highlights and benchmarks set as the browser sets them give
the two texts, their measured properties, the marks and Nature Table 2's scores; the list of
benchmarks where R1-Zero scores higher is exactly the table's; bad input is refused and sent
back."""

import re
from pathlib import Path

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import R1vsR1Zero, paper
from r1widgets.chapters.r1_pipeline import ABOUT
from r1widgets.chapters.r1_vs_r1_zero import PROMPTS
from r1widgets.core import compare, rewards
from r1widgets.registry import CHAPTERS

INPUTS = ["prompt_id", "benchmark", "highlight"]
DERIVED = [
    "prompts",
    "benchmarks",
    "highlights",
    "question",
    "ground_truth",
    "zero_text",
    "r1_text",
    "properties",
    "marks",
    "scores",
    "paper_notes",
]
HIGHLIGHTS = ["length", "language", "format", "structure"]
# Nature Table 2, R1-Zero and R1, typed from paper-data §3.5 (not read from paper.py): the rows
# where R1-Zero is higher, and AIME, where it is not.
ZERO_HIGHER = {
    "gpqa_diamond": (75.8, 71.5),
    "simpleqa": (30.3, 30.1),
    "cnmo_2024": (88.1, 78.8),
    "cluewsc": (93.1, 92.8),
    "c_eval": (92.8, 91.8),
    "c_simpleqa": (66.4, 63.7),
}


def props(w, style):
    return {r["id"]: r[style] for r in w.properties}


def test_defaults_show_the_lesson():
    w = R1vsR1Zero()
    assert set(R1vsR1Zero.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(R1vsR1Zero.derived_names())
    assert w.title == "14 · R1-Zero and R1, side by side"
    assert (w.prompt_id, w.benchmark, w.highlight) == ("primes", "gpqa_diamond", "language")
    zero, r1 = props(w, "zero"), props(w, "r1")
    assert zero["non_english_share"] > 0.2 and r1["non_english_share"] == 0.0
    assert w.marks["zero"] and w.marks["r1"] == []  # Chinese marked only in R1-Zero's text
    assert w.scores["r1_zero"]["value"] > w.scores["r1"]["value"]  # the surprise, by default
    # who is ahead, by how much (75.8 − 71.5), the arrow pointing at R1-Zero's column (left)
    assert w.scores["verdict"] == "◀ R1-Zero ahead by 4.3 points"


@pytest.mark.parametrize("prompt_id", list(PROMPTS))
def test_every_prompt_shows_the_two_styles_reaching_the_same_right_answer(browser, prompt_id):
    w = R1vsR1Zero()
    browser(w).update(prompt_id=prompt_id)
    assert w.error == ""
    assert w.zero_text == PROMPTS[prompt_id]["zero"] and w.r1_text == PROMPTS[prompt_id]["r1"]
    zero, r1 = props(w, "zero"), props(w, "r1")
    assert zero["answer"] == r1["answer"] == w.ground_truth  # same right answer...
    for text in (w.zero_text, w.r1_text):
        assert rewards.accuracy_reward(text, w.ground_truth)[0] == 1.0
    # ... and a different read: R1-Zero mixes languages, repeats a line, has no summary and
    # crams it all into one paragraph; R1 stays in English, repeats nothing, ends with a summary
    assert zero["non_english_share"] > 0.15 and r1["non_english_share"] == 0.0
    assert zero["repeated_lines"] >= 1 and r1["repeated_lines"] == 0
    assert zero["has_summary"] is False and r1["has_summary"] is True
    assert zero["paragraphs"] == 1 and r1["paragraphs"] >= 3
    # each text keeps its own model's layout: R1-Zero's template (<think>, then <answer>), R1's
    # reasoning then a summary; chapter 03's template rule, R1-Zero's, gives R1's text 0
    assert zero["follows_format"] is True and r1["follows_format"] is True
    assert compare.think_closed(w.zero_text) and compare.think_closed(w.r1_text)  # the one rule
    assert zero["format_reward"] == 1.0 and r1["format_reward"] == 0.0
    rows = {r["id"]: r for r in w.properties}
    assert rows["follows_format"]["zero_text"].startswith("1: reasoning in <think>…</think>, ")
    assert rows["follows_format"]["r1_text"] == (
        "1: reasoning in <think>…</think>, then a summary (P-v1 §2.3.1)"
    )
    assert rows["format_reward"]["r1_text"].startswith(
        "0: by design; R1 is not asked for <answer> tags. It does meet the paper's stated rule"
    )
    assert w.zero_text.lstrip().startswith("<think>") and w.r1_text.startswith("<think>\n")


def test_the_property_table_is_core_compare_on_the_two_texts():
    for prompt_id, prompt in PROMPTS.items():
        w = R1vsR1Zero(prompt_id=prompt_id)
        for style, text in (("zero", w.zero_text), ("r1", w.r1_text)):
            measured = compare.properties(text, prompt["ground_truth"], style)
            for row in w.properties:
                assert row[style] == measured[row["id"]], (prompt_id, style, row["id"])
    w = R1vsR1Zero()
    rows = {r["id"]: r for r in w.properties}
    # every row says its unit; the text of each value is written from the value
    assert all(r["unit"] and r["label"] for r in w.properties)
    words = rows["words"]
    assert words["zero_text"] == f"{words['zero']} words" and "not counted" in words["unit"]
    assert "not tokens" in rows["characters"]["unit"]
    mix = rows["non_english_share"]
    # the measure has chapter 13's name
    assert mix["label"] == "Mixed-language rate (share of words not in English)"
    assert mix["zero_text"].startswith(f"{100 * mix['zero']:.0f}% (")
    assert rows["follows_format"]["label"] == "Follows its model's output format"
    assert rows["follows_format"]["zero_text"] == (
        "1: reasoning in <think>…</think>, answer in <answer>…</answer> (R1-Zero's template, "
        "P-v1 Table 1)"
    )
    assert rows["format_reward"]["label"] == "R1-Zero's template rule (chapter 03)"
    assert rows["format_reward"]["zero_text"] == "1 (the template matched)"
    assert rows["format_reward"]["r1_text"] == (
        "0: by design; R1 is not asked for <answer> tags. It does meet the paper's stated rule "
        "(thinking inside <think>…</think>)."
    )
    assert rows["has_summary"]["zero_text"].startswith("no (")
    assert {r["group"] for r in w.properties} == {*HIGHLIGHTS, "answer"}


@pytest.mark.parametrize("highlight", HIGHLIGHTS)
def test_each_highlight_from_the_browser_marks_both_texts(browser, highlight):
    w = R1vsR1Zero(highlight="length" if highlight != "length" else "format")
    b = browser(w)
    b.update(highlight=highlight)
    assert w.error == "" and w.highlight == highlight
    for style, text in (("zero", w.zero_text), ("r1", w.r1_text)):
        expected = compare.marks(text, highlight)
        assert [(m["kind"], m["js_span"]) for m in w.marks[style]] == [
            (m["kind"], list(m["span"]))
            for m in expected  # BMP text: UTF-16 = code points
        ]
    assert w.marks["summary"]
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1 and "marks" in updates[0]["state"]
    assert "properties" not in updates[0]["state"]  # the texts did not change


def test_the_marks_show_what_each_style_lacks():
    w = R1vsR1Zero(highlight="structure")
    assert [m["kind"] for m in w.marks["zero"]] == ["repeat"]
    assert [m["kind"] for m in w.marks["r1"]] == ["summary"]
    assert w.marks["summary"] == (
        "Repeated lines marked: 1 in R1-Zero's text, 0 in R1's. "
        "A summary after the reasoning: only in R1's."
    )
    w.highlight = "format"
    assert len(w.marks["zero"]) == 4 and len(w.marks["r1"]) == 2
    legend = {h["id"]: h["legend"] for h in w.highlights}["format"]
    assert legend.endswith(
        "This is R1-Zero's template. R1 writes a summary instead of an <answer> block, so this "
        "rule does not judge R1."
    )
    w.highlight = "length"
    assert len(w.marks["zero"]) == 1 and len(w.marks["r1"]) == props(w, "r1")["paragraphs"]


def test_spans_are_utf16_for_text_outside_the_basic_plane():
    from r1widgets.chapters import r1_vs_r1_zero as ch

    text = "<think>\U00020000 再 ok</think> <answer>1</answer>"
    marks = compare.marks(text, "language")
    js = ch.utf16_spans(text, [m["span"] for m in marks])
    assert [m["span"] for m in marks] == [(7, 8), (9, 10)]
    assert js == [[7, 9], [10, 11]]  # the astral character takes two UTF-16 units


@pytest.mark.parametrize("bench", list(paper.NATURE_TABLE_2))
def test_every_benchmark_from_the_browser_gives_both_scores(browser, bench):
    w = R1vsR1Zero()
    browser(w).update(benchmark=bench)
    assert w.error == "" and w.scores["id"] == bench
    row = paper.NATURE_TABLE_2[bench]
    for key in ("r1_zero", "r1"):
        assert w.scores[key]["value"] == row[key].value
        assert w.scores[key]["source"] == row[key].source
    zero, r1 = w.scores["r1_zero"]["value"], w.scores["r1"]["value"]
    gap = (
        f"{abs(zero - r1):.1f} points"
        if "rating" not in bench
        else f"{abs(zero - r1):,.0f} rating points"
    )
    assert w.scores["verdict"] == (
        f"◀ R1-Zero ahead by {gap}" if zero > r1 else f"R1 ahead by {gap} ▶"
    )
    assert "higher" not in w.scores["verdict"] and "▲" not in w.scores["verdict"]
    if bench in ZERO_HIGHER:
        assert (zero, r1) == ZERO_HIGHER[bench]
    # what the benchmark tests, in words, beside its scores
    assert w.scores["about"] == ABOUT[bench] and len(w.scores["about"]) > 20


def test_the_r1_zero_higher_list_is_exactly_the_tables():
    """A property of the table, not a copy of the code: every listed benchmark has R1-Zero above
    R1 in paper.py, and every benchmark not listed does not."""
    listed = R1vsR1Zero().scores["r1_zero_higher"]
    ids = [b["id"] for b in listed]
    for bench, cells in paper.NATURE_TABLE_2.items():
        zero, r1 = cells["r1_zero"].value, cells["r1"].value
        assert (bench in ids) == (zero > r1), bench
    assert ids == [b for b in paper.NATURE_TABLE_2 if b in ids]  # in the table's order
    # and what paper-data §3.5 shows, typed by hand
    assert {b["id"]: (b["r1_zero"]["value"], b["r1"]["value"]) for b in listed} == ZERO_HIGHER
    assert "aime_2024" not in ids  # 77.9 < 79.8
    # every lead comes with what the benchmark tests
    assert [b["about"] for b in listed] == [ABOUT[b] for b in ids]
    assert "multiple-choice" in listed[0]["about"]  # GPQA Diamond
    # the leads under half a point, worked out from the typed table: SimpleQA 0.2, CLUEWSC 0.3
    close = [b for b, (z, r) in ZERO_HIGHER.items() if (10 * z - 10 * r) < 5 - 1e-6]
    assert close == ["simpleqa", "cluewsc"]
    count = R1vsR1Zero().scores["count_text"]
    assert count == (
        "R1-Zero scores higher than R1 on 6 of the table's 21 benchmarks, two of them by under "
        "half a point (SimpleQA, CLUEWSC); R1 scores higher or the same on the other 15. "
        "Three of the six are benchmarks in Chinese (CLUEWSC, C-Eval, C-SimpleQA)."
    )


def test_the_close_lead_count_follows_the_table(monkeypatch):
    """Computed, not typed: move SimpleQA's R1 score and the count of close leads moves."""
    row = paper.NATURE_TABLE_2["simpleqa"]
    monkeypatch.setitem(
        paper.NATURE_TABLE_2, "simpleqa", {**row, "r1": paper.Sourced(20.0, row["r1"].source)}
    )
    count = R1vsR1Zero().scores["count_text"]
    assert "6 of the table's 21 benchmarks, one of them by under half a point (CLUEWSC);" in count


def test_units_and_the_r1_zero_run_are_said():
    w = R1vsR1Zero(benchmark="codeforces_rating")
    assert (w.scores["r1_zero"]["text"], w.scores["r1"]["text"]) == (
        "1,444 (rating)",
        "2,029 (rating)",
    )
    assert w.scores["verdict"] == "R1 ahead by 585 rating points ▶"  # 2,029 − 1,444
    run = w.scores["run"]
    assert run["steps"]["value"] == 10_400 and run["nature_aime"]["value"] == 77.9
    assert run["v1_aime"]["value"] == 71.0
    assert "10,400 steps (AIME 2024: 77.9%), not arXiv v1's shorter run (71.0%)" in run["text"]
    assert w.scores["metric"]["value"] == "Rating"


def test_the_papers_words_come_with_sources():
    notes = R1vsR1Zero().paper_notes
    assert [n["value"] for n in notes["limitations"]] == [s.value for s in paper.R1_LIMITATIONS]
    text = " ".join(n["value"] for n in notes["zero"])
    for words in ("RL alone", "poor readability and language mixing", "endless repetition"):
        assert words in text
    r1_notes = " ".join(n["value"] for n in notes["r1"])
    assert "reasoning, then a summary" in r1_notes
    # stage 3 also filtered the data for readability (P-v1 §2.3.3), not the LC reward alone
    assert "free of mixed languages, long paragraphs and code blocks" in r1_notes
    assert any(n["source"].startswith("P-v1 §2.3.3") for n in notes["r1"])
    # the one published length: v1 Fig. 3's last point, typed from paper-data §3.3
    length = notes["length"]
    assert tuple(length["value"]) == (8400, 9600) and "Figure 3" in length["source"]
    assert length["text"] == (
        "The paper does not compare the two models' lengths. On its training prompts, "
        "R1-Zero's answers grew to about 9,600 tokens on average by RL step 8,400."
    )
    for n in notes["zero"] + notes["r1"] + notes["limitations"]:
        assert n["source"].strip()
    limits = " ".join(n["value"] for n in notes["limitations"])
    for words in ("function calling", "languages other than Chinese and English", "few-shot"):
        assert words in limits


BAD_PROMPTS = ["Primes", "", "zero", "x" * 1000, 0, ["primes"]]
BAD_BENCHMARKS = ["GPQA Diamond", "gpqa", "", 3, "aime"]
BAD_HIGHLIGHTS = ["Length", "colour", "", "answer", 1, ["length"]]


@pytest.mark.parametrize(
    "name, value",
    [("prompt_id", v) for v in HOSTILE_VALUES + BAD_PROMPTS]
    + [("benchmark", v) for v in HOSTILE_VALUES + BAD_BENCHMARKS]
    + [("highlight", v) for v in HOSTILE_VALUES + BAD_HIGHLIGHTS],
)
def test_hostile_inputs_are_refused_and_sent_back(browser, name, value):
    w = R1vsR1Zero(prompt_id="muffins", benchmark="cnmo_2024", highlight="structure")
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(prompt_id="strawberry", highlight="format")  # the kernel keeps serving
    assert w.error == "" and w.ground_truth == "3" and len(w.marks["zero"]) == 4


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = R1vsR1Zero()
    assert_derived_refused(w, browser(w), name, 99)


@pytest.mark.parametrize("action", ["show", "_scores", None])
def test_there_are_no_browser_actions(browser, action):
    w = R1vsR1Zero()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_registry_caption_does_not_call_r1_zero_dense():
    caption = next(c.caption for c in CHAPTERS if c.slug == "r1_vs_r1_zero")
    assert "dense" not in caption and "crammed onto few lines" in caption


def test_python_side():
    w = R1vsR1Zero()
    w.prompt_id = "muffins"
    assert w.ground_truth == "19" and "muffins" in w.question
    with pytest.raises(Exception, match="prompt_id"):
        R1vsR1Zero(prompt_id="nope")
    with pytest.raises(Exception, match="highlight"):
        R1vsR1Zero(highlight="colour")
    with pytest.raises(Exception, match="benchmark"):
        R1vsR1Zero(benchmark="hellaswag")


def test_get_state_round_trip(browser):
    w = R1vsR1Zero(prompt_id="strawberry", benchmark="aime_2024", highlight="length")
    state = w.get_state()
    w2 = R1vsR1Zero()
    browser(w2).update(**{k: state[k] for k in INPUTS})
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


# --- one mark for language mixing, in chapters 13 and 14 ----------------------------------------

CSS = Path(__file__).resolve().parents[2] / "js" / "chapters"


def _rule(css: str, selector: str) -> dict[str, str]:
    """The declarations of the one rule whose selector ends with ``selector``."""
    found = re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    bodies = [body for sel, body in found if sel.strip().endswith(selector)]
    assert len(bodies) == 1, (selector, len(bodies))
    pairs = (d.split(":", 1) for d in bodies[0].split(";") if d.strip())
    return {k.strip(): v.strip() for k, v in pairs}


def test_language_mixing_is_marked_the_same_way_in_both_chapters():
    """Chapter 13's clause in the other language and chapter 14's non-English words wear the
    same badge and the same double underline; chapter 14's repeated lines wear neither."""
    c13 = (CSS / "language_consistency.css").read_text(encoding="utf-8")
    c14 = (CSS / "r1_vs_r1_zero.css").read_text(encoding="utf-8")
    badge13 = _rule(c13, ".r1w-language-consistency-tag")
    badge14 = _rule(c14, ".r1w-r1-vs-r1-zero-lang-tag")
    assert badge13 == badge14
    assert badge13["display"] == "inline-block" and "super" not in badge13["vertical-align"]
    under13 = _rule(c13, ".r1w-language-consistency-off-text")
    under14 = _rule(c14, ".r1w-r1-vs-r1-zero-non_english")
    for key, value in under13.items():
        assert under14[key] == value, key
    assert under13["text-decoration"].startswith("underline double")
    repeat = _rule(c14, ".r1w-r1-vs-r1-zero-repeat")
    assert "dotted" in repeat["text-decoration"]
    for word in ("double", "wavy"):
        assert word not in " ".join(repeat.values())
    assert "wavy" not in c13 + c14  # no second language mark left behind


def test_non_english_marks_name_their_language():
    w = R1vsR1Zero()
    assert w.marks["zero"] and {m["language"] for m in w.marks["zero"]} == {"zh"}
    assert {m["label"] for m in w.marks["zero"]} == {"Chinese, not English"}
    text = "<think>a 再 α b</think>"  # Chinese, then Greek: a badge names only what it knows
    assert [(m["language"], m["label"]) for m in compare.marks(text, "language")] == [
        ("zh", "Chinese, not English"),
        ("other", "not English"),
    ]
    legend = dict((h["id"], h["legend"]) for h in w.highlights)
    assert "中" in legend["language"] and "double underline" in legend["language"]
    assert "dotted underline" in legend["structure"] and "wavy" not in legend["structure"]
