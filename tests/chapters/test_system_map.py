"""Chapter 08 SystemMap: selecting a node as the browser does sends its details and its
transitive upstream and downstream in one message; unknown nodes are refused and snap back."""

import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import paper
from r1widgets.chapters.system_map import SystemMap
from r1widgets.core import graph

INPUTS = ["selected"]
DERIVED = ["nodes", "edges", "details", "upstream", "downstream"]


def published_pairs() -> set[tuple[str, str]]:
    """(repr(value), source) of every Sourced in paper.py, in dicts and tuples too."""
    found = set()
    for item in vars(paper).values():
        inner = (
            item.values() if isinstance(item, dict) else item if isinstance(item, tuple) else [item]
        )
        found |= {(repr(v.value), v.source) for v in inner if isinstance(v, paper.Sourced)}
    return found


def test_defaults():
    m = SystemMap()
    assert m.selected == "r1_zero"
    assert m.upstream == ["ground_truth", "prompts", "v3_base", "rule_reward", "grpo"]
    assert m.downstream == [
        "cold_start",
        "rejection_sampling",
        "sft",
        "r1",
        "sft_800k",
        "r1_distill",
    ]
    assert len(m.nodes) == 12 and len(m.edges) == len(graph.EDGES)
    assert {n["column"] for n in m.nodes} == {0, 1, 2}
    assert m.details["name"] == "DeepSeek-R1-Zero" and m.details["group"] == "output"
    assert set(SystemMap.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(SystemMap.derived_names())


@pytest.mark.parametrize("node", graph.NODE_IDS)
def test_selecting_a_node_from_the_browser_sends_its_sets_in_one_message(browser, node):
    m = SystemMap()
    b = browser(m)
    b.update(selected=node)
    assert m.error == "" and m.details["id"] == node
    assert set(m.upstream) == graph.upstream(node) and set(m.downstream) == graph.downstream(node)
    assert m.upstream == [n for n in graph.NODE_IDS if n in graph.upstream(node)]  # map order
    updates = [msg for msg in b.sent if msg["method"] == "update"]
    if node != "r1_zero":
        assert len(updates) == 1 and {"details", "upstream", "downstream"} <= set(
            updates[0]["state"]
        )


def test_hand_checked_selections():
    m = SystemMap(selected="r1_distill")
    assert "r1" not in m.upstream and "sft_800k" in m.upstream and m.downstream == []
    m.select("v3_base")
    assert m.upstream == [] and "r1" in m.downstream and "r1_distill" in m.downstream
    m.select("cold_start")
    assert "r1_zero" in m.upstream and "r1" in m.downstream


def test_details_hold_sources_and_published_values_from_paper_py():
    published = published_pairs()
    for node in graph.NODE_IDS:
        details = SystemMap(selected=node).details
        assert details["summary"] and details["facts"]
        for fact in details["facts"]:
            assert fact["text"] and fact["source"]
            if fact["value"] is not None:
                assert (repr(fact["value"]), fact["source"]) in published, fact


def test_every_edge_is_sent_with_its_reason_and_source():
    m = SystemMap()
    ids = {n["id"] for n in m.nodes}
    for e in m.edges:
        assert e["source"] in ids and e["target"] in ids and e["why"] and e["cite"]


@pytest.mark.parametrize(
    "value", ["r2", "R1", "", "<img src=x onerror=alert(1)>", 3, ["r1"], *HOSTILE_VALUES]
)
def test_unknown_nodes_are_refused_and_sent_back(browser, value):
    m = SystemMap(selected="sft")
    b = browser(m)
    assert_refused(m, b, "selected", value)
    b.update(selected="r1")  # the kernel keeps serving
    assert m.error == "" and m.details["id"] == "r1"


def test_python_refuses_an_unknown_node():
    m = SystemMap()
    with pytest.raises(ValueError, match="node must be one of"):
        m.select("r2")
    with pytest.raises(Exception, match="selected"):
        m.selected = "r2"
    assert m.selected == "r1_zero"


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    m = SystemMap()
    assert_derived_refused(m, browser(m), name, ["r1"])


def test_get_state_round_trip(browser):
    m = SystemMap(selected="rejection_sampling")
    state = m.get_state()
    m2 = SystemMap()
    browser(m2).update(selected=state["selected"])
    assert {k: m2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }
