"""Chapter 07 FailedApproaches: the cards hold the paper's points with their sources (the value
model marked as the article's), and the calculator's exact counts reach the browser as text at
every input in range; bad input is refused and snaps back."""

import json
import math
from fractions import Fraction

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import paper
from r1widgets.chapters.failed_approaches import FailedApproaches
from r1widgets.core import search

INPUTS = ["approach", "branching", "depth", "expansion_cap"]
DERIVED = [
    "approaches",
    "card",
    "limitations",
    "caveat",
    "limits",
    "search_space",
    "nodes_explored",
    "share_searched",
    "effective_cap",
]
B_MAX, D_MAX = search.MAX_BRANCHING, search.MAX_DEPTH


def published_pairs() -> set[tuple[str, str]]:
    """(str(value), source) of every Sourced in paper.py, in dicts and tuples too."""
    found = set()
    for item in vars(paper).values():
        inner = (
            item.values() if isinstance(item, dict) else item if isinstance(item, tuple) else [item]
        )
        found |= {(str(v.value), v.source) for v in inner if isinstance(v, paper.Sourced)}
    return found


def sourced_items(state):
    """Every {text|value, source} dict anywhere in a widget's state."""
    if isinstance(state, dict):
        if "source" in state and ("text" in state or "value" in state):
            yield state
        for v in state.values():
            yield from sourced_items(v)
    elif isinstance(state, list):
        for v in state:
            yield from sourced_items(v)


def big_json_numbers(value):
    """JSON numbers the browser could not hold exactly (beyond 2**53)."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in big_json_numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in big_json_numbers(v)]
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return [value] if is_number and abs(value) > 2**53 else []


def test_defaults_show_the_lesson():
    w = FailedApproaches()
    assert (w.approach, w.branching, w.depth, w.expansion_cap) == ("mcts", B_MAX, 10, 4)
    assert w.search_space == search.tree_size(B_MAX, 10)  # about 1.3 × 10⁵¹
    assert w.nodes_explored == sum(4**d for d in range(11)) == 1_398_101
    assert w.share_searched["text"] == "1.072 × 10⁻⁴⁵"
    assert set(FailedApproaches.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(FailedApproaches.derived_names())


def test_hand_worked_example_from_the_browser(browser):
    w = FailedApproaches()
    b = browser(w)
    b.update(branching=2, depth=3, expansion_cap=1)
    assert w.error == ""
    assert (w.search_space, w.nodes_explored) == (15, 4)  # 1+2+4+8, and one path of 4
    assert w.share_searched["text"] == "26.67%" and w.share_fraction() == Fraction(4, 15)
    sent = b.state_sent()
    assert sent["search_space"]["exact"] == "15" and sent["nodes_explored"]["text"] == "4"


def test_one_change_sends_every_count_in_one_message(browser):
    w = FailedApproaches()
    b = browser(w)
    b.update(depth=20)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"search_space", "nodes_explored", "share_searched"} <= set(updates[0]["state"])
    mantissa, power = updates[0]["state"]["search_space"]["text"].split(" × 10")
    log10 = 21 * math.log10(B_MAX) - math.log10(B_MAX - 1)  # (b^21 - 1)/(b - 1), -1 invisible
    assert power == "¹⁰²" and 102 == math.floor(log10)
    assert float(mantissa) == pytest.approx(10 ** (log10 - 102), abs=6e-4)


def test_a_cap_at_or_above_the_branching_factor_reaches_everything(browser):
    w = FailedApproaches()
    browser(w).update(branching=5, expansion_cap=50)
    assert w.effective_cap == 5 and w.nodes_explored == w.search_space
    assert w.share_searched["whole"] is True and w.share_searched["text"] == "100% (all of it)"


@pytest.mark.parametrize(
    "branching, depth, cap",
    [(B_MAX, D_MAX, 1), (B_MAX, D_MAX, B_MAX - 1), (B_MAX, D_MAX, B_MAX), (1, D_MAX, 1), (2, 1, 1)],
)
def test_extremes_stay_exact_and_travel_as_text(browser, branching, depth, cap):
    w = FailedApproaches()
    b = browser(w)
    b.update(branching=branching, depth=depth, expansion_cap=cap)
    assert w.error == ""
    assert w.search_space == search.tree_size(branching, depth)  # exact Python int
    assert isinstance(w.nodes_explored, int)
    state = b.state_sent()
    text = json.dumps(state, allow_nan=False)  # no NaN or inf anywhere
    assert "inf" not in text.lower().replace("information", "")
    assert big_json_numbers(state) == []
    assert len(text) < 20_000  # a 167,000-digit count is never sent whole
    assert len(repr(w)) < 200


def test_state_of_the_largest_tree():
    w = FailedApproaches(depth=D_MAX, expansion_cap=1)
    state = w.get_state()
    assert state["search_space"]["text"] == "4.561 × 10¹⁶⁷⁴⁹⁴"
    assert state["search_space"]["digits"] == 167_495
    assert state["nodes_explored"]["text"] == f"{D_MAX + 1:,}"
    assert state["share_searched"]["exponent"] < -167_000


def test_cards_carry_the_papers_points_with_their_sources():
    w = FailedApproaches(approach="prm")
    assert w.limitations == [{"value": s.value, "source": s.source} for s in paper.PRM_LIMITATIONS]
    assert len(w.limitations) == 3 and w.card["origin"] == "paper"
    assert w.card["link"]["href"] == "#r1w-ch12" and "Chapter 12" in w.card["link"]["text"]
    w.approach = "mcts"
    assert [x["source"] for x in w.limitations] == [s.source for s in paper.MCTS_CHALLENGES]
    assert "link" not in w.card and w.card["method"]["source"] == paper.MCTS_METHOD.source


def test_the_value_model_is_marked_as_the_articles_addition():
    w = FailedApproaches(approach="value_model")
    assert w.card["origin"] == "article"
    assert "not the paper's" in w.card["origin_text"] and "two" in w.card["origin_text"]
    assert "part of the MCTS attempt" in w.card["origin_text"]
    # its only point is the paper's own, from the MCTS attempt
    assert w.limitations == [
        {"value": paper.MCTS_CHALLENGES[1].value, "source": "P-v1 §4.2, MCTS challenge 2"}
    ]
    # its verdict is the paper's verdict on MCTS, and the label says so
    assert w.card["conclusion"]["source"] == paper.MCTS_CONCLUSION.source
    assert w.card["conclusion_label"] == "The paper's verdict on MCTS:"
    origins = {a["id"]: a["origin"] for a in w.approaches}
    assert origins == {"prm": "paper", "mcts": "paper", "value_model": "article"}
    assert paper.UNSUCCESSFUL_ATTEMPTS.value == ("prm", "mcts")


def test_the_default_card_explains_its_terms_of_art():
    """The MCTS card (the default) says what a rollout and a value model are where it uses them."""
    what = FailedApproaches().card["what"]
    assert "rollouts (playing a partial answer out to the end" in what
    assert "value model (a network that estimates the reward a partial answer" in what


@pytest.mark.parametrize(
    "approach, label",
    [
        ("prm", "The paper's verdict on PRMs:"),
        ("mcts", "The paper's verdict on MCTS:"),
        ("value_model", "The paper's verdict on MCTS:"),
    ],
)
def test_each_verdict_is_labelled_with_the_attempt_it_judges(approach, label):
    card = FailedApproaches(approach=approach).card
    assert card["conclusion_label"] == label
    judged = "PRM" if "PRM" in label else "MCTS"
    assert f"{judged} conclusion" in card["conclusion"]["source"]


@pytest.mark.parametrize("approach", ["prm", "mcts", "value_model"])
def test_every_sourced_value_shown_is_in_paper_py(approach):
    published = published_pairs()
    items = list(sourced_items(FailedApproaches(approach=approach).get_state()))
    assert len(items) >= 5
    for item in items:
        shown = str(item.get("text", item.get("value")))
        assert item["source"] and (shown, item["source"]) in published, item


@pytest.mark.parametrize(
    "name, value",
    [
        ("expansion_cap", 0),  # a cap of zero expands nothing: refused
        ("expansion_cap", B_MAX + 1),
        ("branching", 0),
        ("branching", B_MAX + 1),
        ("depth", 0),
        ("depth", D_MAX + 1),
        ("depth", 10**9),
        ("depth", 2.5),
        ("approach", "beam_search"),
        ("approach", "PRM"),
        ("approach", "<img src=x onerror=alert(1)>"),
    ]
    + [(n, v) for n in INPUTS for v in HOSTILE_VALUES],
)
def test_bad_values_are_refused_and_sent_back(browser, name, value):
    w = FailedApproaches(branching=3, depth=4, expansion_cap=2)
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(depth=5)  # the kernel keeps serving
    assert w.error == "" and w.search_space == search.tree_size(3, 5)


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = FailedApproaches()
    assert_derived_refused(w, browser(w), name, 99)


def test_python_refuses_a_zero_cap():
    with pytest.raises(Exception, match="expansion_cap"):
        FailedApproaches(expansion_cap=0)


def test_get_state_round_trip(browser):
    w = FailedApproaches(approach="prm", branching=50, depth=300, expansion_cap=7)
    state = w.get_state()
    w2 = FailedApproaches()
    browser(w2).update(**{k: state[k] for k in INPUTS})
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }
