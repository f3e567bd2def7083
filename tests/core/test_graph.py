"""Chapter 08's dependency graph: the article's twelve components, each edge with a reason and a
source, no cycle, and the transitive upstream/downstream against a boolean-matrix closure and
against what the paper says each model is (and is not) built from (paper-data §3.8, §3.6)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import graph

INPUTS = {"v3_base", "cold_start", "prompts", "ground_truth"}
PROCESS = {"grpo", "rule_reward", "rejection_sampling", "sft"}
OUTPUTS = {"r1_zero", "r1", "sft_800k", "r1_distill"}


def closure(nodes, pairs):
    """Reachability by repeated boolean matrix products (independent of the BFS)."""
    index = {n: i for i, n in enumerate(nodes)}
    reach = np.zeros((len(nodes), len(nodes)), dtype=bool)
    for a, b in pairs:
        reach[index[a], index[b]] = True
    for _ in range(len(nodes)):
        reach = reach | ((reach.astype(int) @ reach.astype(int)) > 0)
    return {n: {m for m in nodes if reach[index[n], index[m]] and m != n} for n in nodes}


def test_the_articles_twelve_components_in_three_groups():
    by_group = {g: {n.id for n in graph.NODES if n.group == g} for g in graph.GROUPS}
    assert by_group == {"input": INPUTS, "process": PROCESS, "output": OUTPUTS}
    assert len(graph.NODE_IDS) == len(set(graph.NODE_IDS)) == 12
    # each column of the drawing has rows 0..3 once
    for g in graph.GROUPS:
        assert sorted(n.row for n in graph.NODES if n.group == g) == [0, 1, 2, 3]


def test_every_edge_joins_two_components_once_and_cites_the_paper():
    assert len(set(graph.PAIRS)) == len(graph.PAIRS)
    for e in graph.EDGES:
        assert e.source in graph.BY_ID and e.target in graph.BY_ID and e.source != e.target
        assert e.why and e.cite.startswith("P-v1 §")


def test_the_graph_has_no_cycle():
    order = graph.topological_order(graph.NODE_IDS, graph.PAIRS)
    position = {n: i for i, n in enumerate(order)}
    assert all(position[a] < position[b] for a, b in graph.PAIRS)


def test_transitive_sets_match_the_matrix_closure():
    down = closure(graph.NODE_IDS, graph.PAIRS)
    up = closure(graph.NODE_IDS, [(b, a) for a, b in graph.PAIRS])
    for n in graph.NODE_IDS:
        assert graph.downstream(n) == down[n]
        assert graph.upstream(n) == up[n]


def test_r1_zero_is_pure_rl_on_v3_base_with_rule_rewards():
    """P-v1 §2.2: no SFT, no cold-start data; GRPO on V3-Base graded by rules."""
    assert graph.upstream("r1_zero") == {
        "v3_base",
        "prompts",
        "ground_truth",
        "rule_reward",
        "grpo",
    }


def test_r1_is_built_from_everything_but_the_distilled_models():
    """P-v1 §2.3: cold start (partly R1-Zero's outputs), RL, rejection sampling, SFT on ~800k."""
    assert graph.upstream("r1") == set(graph.NODE_IDS) - {"r1", "r1_distill"}
    assert "r1_zero" in graph.upstream("r1")  # through the cold-start data, P-v1 §2.3.1


def test_the_training_set_comes_from_the_stage_2_checkpoint_not_from_r1():
    up = graph.upstream("sft_800k")
    assert {"rejection_sampling", "grpo", "sft", "cold_start", "v3_base"} <= up
    assert "r1" not in up and "r1" in graph.downstream("sft_800k")


def test_r1_distill_is_sft_on_the_training_set_not_on_r1():
    """P-v1 §2.4: SFT of Qwen/Llama on the 800k samples of §2.3.3; no RL of their own."""
    assert {"sft_800k", "sft"} <= graph.upstream("r1_distill")
    assert "r1" not in graph.upstream("r1_distill")
    direct = {a for a, b in graph.PAIRS if b == "r1_distill"}
    assert direct == {"sft_800k", "sft"}


def test_starting_points_and_end_points():
    for n in {"v3_base", "prompts", "ground_truth"}:
        assert graph.upstream(n) == set()
    assert graph.upstream("cold_start") == graph.upstream("r1_zero") | {"r1_zero"}
    assert graph.downstream("r1") == graph.downstream("r1_distill") == set()
    # the base model is upstream of every process and output
    assert graph.downstream("v3_base") >= (PROCESS - {"rule_reward"}) | OUTPUTS


def test_an_sft_to_grpo_edge_would_close_a_loop():
    """Stage 2's RL starts from the stage-1 fine-tune, but with one node per process that edge
    would make a cycle (GRPO → R1-Zero → cold start → SFT → GRPO), so the map leaves it out."""
    assert ("sft", "grpo") not in graph.PAIRS
    with pytest.raises(ValueError, match="cycle"):
        graph.topological_order(graph.NODE_IDS, [*graph.PAIRS, ("sft", "grpo")])


def test_v3_base_is_not_the_base_of_the_distilled_models():
    """P-v1 §2.4: the distilled models are Qwen and Llama models fine-tuned, not V3-Base."""
    summary = graph.BY_ID["v3_base"].summary
    assert "every" not in summary and "Qwen and Llama" in summary
    assert "R1-Zero and R1 start from" in summary


def test_upstream_and_downstream_are_mirror_images():
    for a in graph.NODE_IDS:
        for b in graph.NODE_IDS:
            assert (b in graph.downstream(a)) == (a in graph.upstream(b))


def test_hand_worked_small_graph_and_a_cycle():
    pairs = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]
    assert graph.upstream("d", pairs) == {"a", "b", "c"}
    assert graph.downstream("b", pairs) == {"c", "d"}
    assert graph.topological_order(["d", "c", "b", "a"], pairs) == ["a", "b", "c", "d"]
    loop = [("x", "y"), ("y", "z"), ("z", "x")]
    assert graph.upstream("x", loop) == {"y", "z"}  # terminates; x itself excluded
    with pytest.raises(ValueError, match="cycle"):
        graph.topological_order(["x", "y", "z"], loop)


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=40))
def test_random_graphs_match_the_closure(raw):
    nodes = [str(i) for i in range(10)]
    pairs = [(str(a), str(b)) for a, b in raw if a != b]
    down = closure(nodes, pairs)
    for n in nodes:
        assert graph.downstream(n, pairs) == down[n]


def published_pairs() -> set[tuple[str, str]]:
    """(repr(value), source) of every Sourced in paper.py, in dicts and tuples too."""
    found = set()
    for item in vars(paper).values():
        inner = (
            item.values() if isinstance(item, dict) else item if isinstance(item, tuple) else [item]
        )
        found |= {(repr(v.value), v.source) for v in inner if isinstance(v, paper.Sourced)}
    return found


def test_every_published_value_in_the_details_is_in_paper_py_with_its_source():
    published = published_pairs()
    shown = [f for n in graph.NODES for f in n.facts if f.value is not None]
    assert len(shown) >= 10
    for fact in shown:
        assert fact.source and (repr(fact.value), fact.source) in published, fact.text
        text = f"{fact.value:,}" if isinstance(fact.value, int) else f"{fact.value}"
        assert text in fact.text or f"{fact.value:g}B" in fact.text or f"{fact.value}B" in fact.text
    for fact in (f for n in graph.NODES for f in n.facts):
        assert fact.source.startswith(("P-v1", "Nature"))


def test_numbers_in_node_names_come_from_paper_py():
    assert graph.BY_ID["sft_800k"].name == "800k training set"
    assert graph.BY_ID["r1_distill"].name == "R1-Distill (1.5B–70B)"
    assert paper.SYSTEM_MAP["sft_samples"].value == 800_000
