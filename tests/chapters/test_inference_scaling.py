"""Chapter 16 InferenceScaling: budget and speed set as the browser sets them give the
illustrative accuracies, latency, cost and depth band (checked against hand-worked values); the
published points are the paper's, with their sources; bad input is refused and sent back."""

import math

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import InferenceScaling, paper
from r1widgets.registry import CHAPTERS

INPUTS = ["budget_tokens", "tokens_per_second"]
DERIVED = [
    "accuracy_reasoning",
    "accuracy_baseline",
    "latency_s",
    "relative_cost",
    "depth_label",
    "depth",
    "depth_bands",
    "curves",
    "sourced_points",
    "assumptions",
]
# v1 Table 2 (R1-Zero) and Table 5, AIME 2024 pass@1 -> cons@64, typed from paper-data §7.
VOTES = {
    "DeepSeek-R1-Zero (arXiv v1 run)": (71.0, 86.7, 15.7),
    "DeepSeek-R1-Distill-Qwen-1.5B": (28.9, 52.7, 23.8),
    "DeepSeek-R1-Distill-Qwen-7B": (55.5, 83.3, 27.8),
    "DeepSeek-R1-Distill-Llama-8B": (50.4, 80.0, 29.6),
    "DeepSeek-R1-Distill-Qwen-14B": (69.7, 80.0, 10.3),
    "DeepSeek-R1-Distill-Qwen-32B": (72.6, 83.3, 10.7),
    "DeepSeek-R1-Distill-Llama-70B": (70.0, 86.7, 16.7),
    "OpenAI-o1-mini": (63.6, 80.0, 16.4),
    "QwQ-32B-Preview": (50.0, 60.0, 10.0),
    "GPT-4o-0513": (9.3, 13.4, 4.1),
}


def reasoning_by_hand(b: float) -> float:
    return 0.10 + 0.40 * (1 - math.exp(-b / 600)) + 0.28 * (1 - math.exp(-b / 4000))


def baseline_by_hand(b: float) -> float:
    return 0.08 + 0.04 * (1 - math.exp(-b / 300))


def test_defaults_show_the_verification_band_at_4000_tokens():
    w = InferenceScaling()
    assert set(InferenceScaling.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(InferenceScaling.derived_names())
    assert w.title == "16 · Thinking longer at test time: a second way to scale"
    assert (w.budget_tokens, w.tokens_per_second) == (4_000, 50.0)
    assert w.accuracy_reasoning == pytest.approx(reasoning_by_hand(4_000), abs=1e-12)
    assert w.accuracy_baseline == pytest.approx(baseline_by_hand(4_000), abs=1e-12)
    assert w.latency_s == 84.0 and w.relative_cost == 21.0  # 4,200 tokens at 50/s; /200
    assert w.depth_label == "verification" and w.depth["low"] == 2_000
    # the lesson at the default: thinking lifts the reasoning model far above the baseline
    assert w.accuracy_reasoning - w.accuracy_baseline > 0.5


@pytest.mark.parametrize(
    ("budget", "speed", "label"),
    [
        (0, 10, "direct answer"),
        (250, 25, "step by step"),
        (12_000, 800, "diminishing returns"),
        (32_768, 1_000, "diminishing returns"),
    ],
)
def test_browser_updates_recompute_everything_in_one_message(browser, budget, speed, label):
    w = InferenceScaling()
    b = browser(w)
    b.update(budget_tokens=budget, tokens_per_second=speed)
    assert w.error == ""
    assert w.accuracy_reasoning == pytest.approx(reasoning_by_hand(budget), abs=1e-12)
    assert w.accuracy_baseline == pytest.approx(baseline_by_hand(budget), abs=1e-12)
    assert w.latency_s == pytest.approx((budget + 200) / speed, abs=1e-12)
    assert w.relative_cost == pytest.approx((budget + 200) / 200, abs=1e-12)
    assert w.depth_label == label
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"accuracy_reasoning", "latency_s", "relative_cost"} <= set(updates[0]["state"])


def test_speed_alone_moves_only_latency(browser):
    w = InferenceScaling()
    before = (w.accuracy_reasoning, w.accuracy_baseline, w.relative_cost, w.depth_label)
    browser(w).update(tokens_per_second=100)
    assert w.latency_s == 42.0
    assert (w.accuracy_reasoning, w.accuracy_baseline, w.relative_cost, w.depth_label) == before


def test_more_budget_never_lowers_accuracy_and_always_costs_more(browser):
    w = InferenceScaling()
    b = browser(w)
    seen = []
    for budget in (0, 100, 200, 500, 1_000, 4_000, 12_000, 32_768):
        b.update(budget_tokens=budget)
        seen.append((w.accuracy_reasoning, w.accuracy_baseline, w.relative_cost))
    for (r0, b0, c0), (r1, b1, c1) in zip(seen, seen[1:], strict=False):
        assert r1 >= r0 and b1 >= b0 and c1 > c0
        assert b1 < r1


def test_the_chart_curves_are_the_core_curves_and_the_bands_cover_the_track():
    w = InferenceScaling()
    c = w.curves
    assert c["budgets"][0] == 0 and c["budgets"][-1] == 32_768
    for b, r, base in zip(c["budgets"], c["reasoning"], c["baseline"], strict=True):
        assert r == pytest.approx(reasoning_by_hand(b), abs=1e-5)
        assert base == pytest.approx(baseline_by_hand(b), abs=1e-5)
    bands = w.depth_bands
    assert bands[0]["low"] == 0 and bands[-1]["high"] == w.assumptions["budget_max"] == 32_768
    assert all(r["low"] == left["high"] + 1 for left, r in zip(bands, bands[1:], strict=False))


def test_published_majority_votes_with_their_sources():
    votes = InferenceScaling().sourced_points["majority_vote"]
    assert {r["label"]: (r["pass_at_1"]["value"], r["cons_at_64"]["value"]) for r in votes} == {
        k: v[:2] for k, v in VOTES.items()
    }
    for r in votes:
        assert r["gain_points"] == VOTES[r["label"]][2]
        assert r["gain_text"] == f"+{VOTES[r['label']][2]:.1f} points"
    zero = votes[0]
    assert zero["id"] == "r1_zero"
    # the same 86.7% is Nature's cons@16 of the longer run (quiz Q5): this row is v1's run
    assert zero["label"] == "DeepSeek-R1-Zero (arXiv v1 run)"
    assert "(the run v1 shows" in zero["cons_at_64"]["source"]
    assert zero["pass_at_1"]["source"] == paper.R1_ZERO_V1_TABLE_2["aime_2024"].source
    assert zero["cons_at_64"]["source"].startswith(
        "P-v1 Table 2: DeepSeek-R1-Zero AIME 2024 cons@64"
    )
    for r in votes[1:]:
        assert r["pass_at_1"]["source"].startswith("P-v1 Table 5")
        assert r["cons_at_64"]["source"].startswith("P-v1 Table 5")
        assert "cons@64" in r["cons_at_64"]["source"] and "pass@1" in r["pass_at_1"]["source"]


def test_published_lengths_quote_and_cap():
    sp = InferenceScaling().sourced_points
    lengths = sp["response_length"]
    assert [(r["step"], r["tokens"]) for r in lengths] == [(0, 550), (8_400, 9_600)]
    assert all(r["source"].startswith("P-v1 Figure 3") for r in lengths)
    assert sp["token_allocation"]["value"].startswith("DeepSeek-R1 dynamically allocates")
    assert "fewer tokens to solve simple tasks" in sp["token_allocation"]["value"]
    assert sp["token_allocation"]["source"].startswith("Nature")
    assert sp["overthinking"]["value"] == "overthinking"
    assert sp["eval_max_tokens"]["value"] == 32_768
    assert sp["eval_max_tokens"]["source"].startswith("P-v1 §3")
    # Nature's MCTS / majority-voting contrast is a paraphrase, and says so
    assert sp["conventional_scaling"]["value"] == "majority voting and MCTS"
    assert "not a quote" in sp["conventional_scaling"]["source"]


# Typed from paper-data §1.2 and §3.1 (Nature: 15.6% to 77.9%, self-consistency 86.7%, Fig. 1a
# legend r1-zero-cons@16; 10,400 steps), not read from paper.py.
def test_nature_s_longer_r1_zero_run_is_sent_beside_v1_s_row():
    sp = InferenceScaling().sourced_points
    run = sp["r1_zero_nature"]
    assert {k: v["value"] for k, v in run.items()} == {
        "steps": 10_400,
        "pass_at_1": pytest.approx(0.779),
        "cons_at_16": pytest.approx(0.867),
    }
    assert run["pass_at_1"]["source"].startswith("Nature, main text and Fig. 1a")
    assert "77.9%" in run["pass_at_1"]["source"]
    assert "86.7%" in run["cons_at_16"]["source"] and "cons@16" in run["cons_at_16"]["source"]
    assert run["steps"]["source"].startswith("Nature, Methods: 10,400 steps")
    # the same run chapter 14 shows (Nature Table 2), not the v1 row of the voting table
    assert run["pass_at_1"]["value"] * 100 == pytest.approx(
        paper.NATURE_TABLE_2["aime_2024"]["r1_zero"].value
    )
    assert sp["majority_vote"][0]["pass_at_1"]["value"] == 71.0


# Typed from paper-data §1.4 (Nature Methods), not read from paper.py.
def test_the_length_cap_raise_is_published_with_its_nature_source():
    cap = InferenceScaling().sourced_points["length_cap"]
    assert {k: v["value"] for k, v in cap.items()} == {
        "before": 32_768,
        "after": 65_536,
        "step": 8_200,
    }
    assert cap["before"]["source"] == (
        "Nature, Methods: R1-Zero max length 32,768 tokens before the 8.2k step"
    )
    assert cap["after"]["source"] == (
        "Nature, Methods: R1-Zero max length 65,536 tokens after the 8.2k step"
    )
    assert cap["step"]["source"] == (
        "Nature, Methods: performance and response length jump at the 8.2k step"
    )


def test_the_last_band_is_diminishing_returns_not_a_plateau():
    w = InferenceScaling(budget_tokens=20_000)
    assert w.depth_label == "diminishing returns"
    assert w.depth["description"] == (
        "On our curve each extra token buys less. Hard problems still use this room."
    )
    assert "nothing" not in w.depth["description"]
    # and on the curve it still rises there
    assert InferenceScaling(budget_tokens=32_768).accuracy_reasoning > w.accuracy_reasoning


def _index() -> dict:
    index: dict = {}
    seen: set = set()

    def walk(obj):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, paper.Sourced):
            v = list(obj.value) if isinstance(obj.value, tuple) else obj.value
            index.setdefault(obj.source, []).append(v)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list | tuple):
            for v in obj:
                walk(v)

    for name, obj in vars(paper).items():
        if not name.startswith("__"):
            walk(obj)
    return index


def _items(obj):
    if isinstance(obj, dict):
        if "source" in obj and obj.get("value") is not None:
            yield obj
        for v in obj.values():
            yield from _items(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _items(v)


def test_each_value_and_source_is_a_sourced_of_paper_py():
    index = _index()
    items = list(_items(InferenceScaling().sourced_points))
    # votes, Nature's run, lengths, words and cap, cap, contrast
    assert len(items) == 10 * 2 + 3 + 2 + 3 + 3 + 1
    for item in items:
        assert item["source"] in index, item["source"]
        assert item["value"] in index[item["source"]]


def test_the_illustrative_curves_are_labelled_so_in_their_docs():
    from r1widgets.core import scaling

    traits = InferenceScaling.class_traits()
    for name in ("accuracy_reasoning", "accuracy_baseline"):
        assert traits[name].help.startswith("Illustrative"), name
        assert "not the paper's" in traits[name].help
    assert "not Qwen's" in traits["accuracy_baseline"].help
    assert "illustrative" in scaling.__doc__ and "publish no accuracy" in scaling.__doc__
    assert "illustrative" in InferenceScaling.__doc__


def test_the_caption_is_our_own_and_credits_only_what_was_measured():
    (chapter,) = [c for c in CHAPTERS if c.slug == "inference_scaling"]
    assert chapter.number == 16 and chapter.widget is InferenceScaling
    assert "illustrative" in chapter.caption and "Qwen" not in chapter.caption


BAD_BUDGETS = [-1, 32_769, 4000.5, "4000", [4000], 10**9]
BAD_SPEEDS = [0, 9.99, 1000.01, -50, "50", [50]]


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_BUDGETS)
def test_bad_budgets_are_refused_and_sent_back(browser, value):
    w = InferenceScaling(budget_tokens=12_000)
    b = browser(w)
    assert_refused(w, b, "budget_tokens", value)
    assert w.budget_tokens == 12_000 and w.depth_label == "diminishing returns"
    b.update(budget_tokens=200)  # the kernel keeps serving
    assert w.depth_label == "step by step" and w.error == ""


@pytest.mark.parametrize("value", HOSTILE_VALUES + BAD_SPEEDS)
def test_bad_speeds_are_refused_and_sent_back(browser, value):
    w = InferenceScaling()
    b = browser(w)
    assert_refused(w, b, "tokens_per_second", value)
    assert w.latency_s == 84.0
    b.update(tokens_per_second=1000)
    assert w.latency_s == 4.2 and w.error == ""


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = InferenceScaling()
    assert_derived_refused(w, browser(w), name, 0.99)


@pytest.mark.parametrize("action", ["figure", "budget_tokens", None])
def test_there_are_no_browser_actions(browser, action):
    w = InferenceScaling()
    browser(w).custom({"action": action})
    assert "unknown action" in w.error


def test_python_bounds():
    with pytest.raises(Exception, match="budget_tokens"):
        InferenceScaling(budget_tokens=40_000)
    with pytest.raises(Exception, match="tokens_per_second"):
        InferenceScaling(tokens_per_second=float("nan"))
    with pytest.raises(Exception, match="budget_tokens"):
        InferenceScaling(budget_tokens=True)


def test_get_state_round_trip(browser):
    w = InferenceScaling(budget_tokens=1_200, tokens_per_second=120)
    state = w.get_state()
    w2 = InferenceScaling()
    browser(w2).update(
        budget_tokens=state["budget_tokens"], tokens_per_second=state["tokens_per_second"]
    )
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


def test_figure_follows_the_budget():
    pytest.importorskip("bqplot")
    w = InferenceScaling()
    fig = w.figure()
    cursor = fig.marks[-1]
    assert list(cursor.x) == [4000, 4000]
    w.budget_tokens = 0  # a log axis has no 0: the cursor waits at the axis's first budget
    assert list(cursor.x) == [100, 100]
    assert list(fig.marks[0].y)[-1] == pytest.approx(reasoning_by_hand(32_768), abs=1e-5)
    assert "illustrative" in fig.axes[1].label
