"""core.moe: V3's router against a loop-based implementation of the same rule written here,
hand-worked examples, the bias's two roles, and the parameter count against a closed form and
paper-data §4's derived numbers."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets import paper
from r1widgets.core import moe

# --- an independent, loop-based router ---------------------------------------------------------


def loop_route(s, b, k, n_groups=8, n_limited=4, group_top=2, scale=2.5):
    """V3's rule for one token, written with plain loops: (kept groups, chosen experts, gates)."""
    n = len(s)
    size = n // n_groups
    biased = [s[i] + b[i] for i in range(n)]
    group_score = []
    for g in range(n_groups):
        members = sorted((biased[i] for i in range(g * size, (g + 1) * size)), reverse=True)
        group_score.append(sum(members[:group_top]))
    kept = sorted(range(n_groups), key=lambda g: -group_score[g])[:n_limited]
    candidates = [i for i in range(n) if i // size in kept]
    chosen = sorted(candidates, key=lambda i: -biased[i])[:k]
    total = sum(s[i] for i in chosen)
    gates = [scale * s[i] / total for i in chosen]
    return kept, chosen, gates


SETTINGS = [(8, 1), (8, 4), (16, 2), (16, 8), (32, 8), (64, 3), (128, 8), (256, 8), (256, 16)]


@pytest.mark.parametrize(("n_experts", "k"), SETTINGS)
def test_router_matches_the_loop_version_on_random_inputs(n_experts, k):
    rng = np.random.default_rng(n_experts * 100 + k)
    for _ in range(40):
        tokens = rng.integers(1, 6)
        scores = rng.random((tokens, n_experts))  # ties-free random floats in (0, 1)
        bias = rng.normal(0, 0.05, n_experts) * rng.integers(0, 2)  # half the runs bias-free
        r = moe.route(scores, bias, k)
        assert r.selected.shape == r.gates.shape == (tokens, k)
        for t in range(tokens):
            kept, chosen, gates = loop_route(scores[t], bias, k)
            assert r.kept_groups[t].tolist() == kept
            assert r.selected[t].tolist() == chosen
            np.testing.assert_allclose(r.gates[t], gates, rtol=1e-12)


@given(
    st.sampled_from(SETTINGS),
    st.integers(0, 2**32 - 1),
    st.floats(0.0, 0.5),
)
def test_router_matches_the_loop_version_property(setting, seed, bias_scale):
    n_experts, k = setting
    rng = np.random.default_rng(seed)
    scores = moe.sigmoid(rng.normal(0, 2, n_experts))
    bias = rng.normal(0, bias_scale, n_experts)
    r = moe.route(scores, bias, k)
    kept, chosen, gates = loop_route(scores, bias, k)
    assert r.kept_groups[0].tolist() == kept and r.selected[0].tolist() == chosen
    np.testing.assert_allclose(r.gates[0], gates, rtol=1e-12)


def test_hand_worked_eight_experts_in_eight_groups_of_one():
    # Each group holds one expert, so its score is that expert's: the best 4 groups are the
    # best 4 experts, and with k = 4 all of them are chosen.
    s = np.array([0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.6])
    r = moe.route(s, None, top_k=4)
    assert r.kept_groups[0].tolist() == [1, 6, 3, 7]
    assert r.selected[0].tolist() == [1, 6, 3, 7]
    # gates = 2.5 · s / (0.9 + 0.8 + 0.7 + 0.6) = 2.5 · s / 3
    np.testing.assert_allclose(r.gates[0], [0.75, 2 / 3, 7 / 12, 0.5])
    # A bias of +0.85 on expert 0 (s = 0.1) puts it first (0.95): group 0 replaces group 7.
    # Its gate uses its raw 0.1: the chosen raw scores sum to 0.1 + 0.9 + 0.8 + 0.7 = 2.5,
    # so each gate equals its raw score.
    b = np.zeros(8)
    b[0] = 0.85
    r = moe.route(s, b, top_k=4)
    assert r.kept_groups[0].tolist() == [0, 1, 6, 3]
    assert r.selected[0].tolist() == [0, 1, 6, 3]
    np.testing.assert_allclose(r.gates[0], [0.1, 0.9, 0.8, 0.7])


def test_hand_worked_group_limit_masks_the_best_single_expert():
    # 16 experts in 8 groups of 2. Group 0 holds the best expert (0.99) but its partner is weak:
    # group score 1.00. Groups 1-4 score 1.21, 1.22, 1.23, 1.24 and are kept; groups 5-7 score
    # 0.9. With k = 8 the router takes exactly the 8 experts of groups 1-4, never expert 0.
    s = np.array(
        [0.99, 0.01, 0.61, 0.60, 0.62, 0.60, 0.63, 0.60, 0.64, 0.60]
        + [0.5, 0.4, 0.5, 0.4, 0.5, 0.4]
    )
    r = moe.route(s, None, top_k=8)
    assert r.kept_groups[0].tolist() == [4, 3, 2, 1]
    np.testing.assert_allclose(r.group_scores[0], [1.0, 1.21, 1.22, 1.23, 1.24, 0.9, 0.9, 0.9])
    assert sorted(r.selected[0].tolist()) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert 0 not in r.selected[0]


@pytest.mark.parametrize(("n_experts", "k"), SETTINGS)
def test_the_bias_chooses_but_never_enters_a_gate(n_experts, k):
    rng = np.random.default_rng(7 + n_experts + k)
    for _ in range(30):
        s = rng.random(n_experts)
        b1 = rng.normal(0, 0.1, n_experts)
        b2 = rng.normal(0, 0.1, n_experts)
        r1, r2 = moe.route(s, b1, k), moe.route(s, b2, k)
        for r in (r1, r2):
            chosen = r.selected[0]
            # every gate is the raw score over the chosen raw scores, × 2.5: no bias in it
            np.testing.assert_allclose(r.gates[0], 2.5 * s[chosen] / s[chosen].sum())
            assert math.isclose(r.gates[0].sum(), 2.5) and np.all(r.gates[0] > 0)
        g1 = dict(zip(r1.selected[0].tolist(), r1.gates[0], strict=True))
        g2 = dict(zip(r2.selected[0].tolist(), r2.gates[0], strict=True))
        stayed = sorted(set(g1) & set(g2))
        # an expert chosen under both biases keeps its raw score: its gate moves only through
        # the normalising sum, by one factor shared by all that stayed (ratios unchanged) ...
        factors = [g2[i] / g1[i] for i in stayed]
        np.testing.assert_allclose(factors, factors[0] if factors else [])
        # ... and when the bias leaves the chosen set as it was, every gate is unchanged
        if set(g1) == set(g2):
            for i in stayed:
                assert g1[i] == pytest.approx(g2[i], rel=1e-12)


def test_a_bias_that_keeps_the_choice_changes_no_gate():
    rng = np.random.default_rng(3)
    for _ in range(50):
        s = rng.random(256)
        b = rng.normal(0, 0.05, 256)
        base = moe.route(s, b)
        # a constant shift keeps every comparison, so the same experts and the same gates
        shifted = moe.route(s, b + rng.normal(0, 1))
        assert shifted.selected.tolist() == base.selected.tolist()
        np.testing.assert_array_equal(shifted.gates, base.gates)


def test_a_large_bias_brings_a_weak_expert_in_with_its_small_raw_gate():
    s = np.random.default_rng(4).random(256) * 0.5 + 0.4
    weak = int(np.argmin(s))
    b = np.zeros(256)
    b[weak] = 10.0
    r = moe.route(s, b)
    assert r.selected[0, 0] == weak  # chosen first ...
    chosen = r.selected[0]
    assert r.gates[0, 0] == pytest.approx(2.5 * s[weak] / s[chosen].sum())
    assert r.gates[0, 0] == r.gates[0].min()  # ... with the smallest gate: raw s decides it


def test_route_refuses_impossible_settings():
    s = np.random.default_rng(0).random(16)
    with pytest.raises(ValueError, match="top_k must be in"):
        moe.route(s, None, top_k=9)  # the top 4 of 8 groups of 2 hold 8
    with pytest.raises(ValueError, match="equal groups"):
        moe.route(np.random.default_rng(0).random(12))
    with pytest.raises(ValueError, match="finite"):
        moe.route(np.array([np.nan] * 16), None, top_k=2)
    with pytest.raises(ValueError, match="bias"):
        moe.route(s, np.zeros(8), top_k=2)


def test_sigmoid_is_stable_and_right():
    x = np.array([-800.0, -30.0, -1.0, 0.0, 1.0, 30.0, 800.0])
    y = moe.sigmoid(x)
    assert np.all(np.isfinite(y)) and y[0] == 0.0 and y[-1] == 1.0
    np.testing.assert_allclose(y[1:-1], [1 / (1 + math.exp(-v)) for v in x[1:-1]], rtol=1e-12)
    u = np.array([[1.0, 2.0]])
    e = np.array([[0.5, -0.25], [1.0, 1.0]])
    np.testing.assert_allclose(moe.affinities(u, e), [[0.5, 1 / (1 + math.exp(-3))]])


def test_load_counts_every_assignment():
    selected = np.array([[0, 3], [3, 5], [3, 0]])
    assert moe.expert_load(selected, 8).tolist() == [2, 0, 0, 3, 0, 1, 0, 0]


def test_one_balancing_step_by_hand():
    rng = np.random.default_rng(11)
    s = rng.random((10, 32))
    gamma = 0.3
    load = [0] * 32
    for t in range(10):
        for i in loop_route(s[t], [0.0] * 32, 8)[1]:
            load[i] += 1
    mean = 10 * 8 / 32
    want = [-gamma if x > mean else gamma if x < mean else 0.0 for x in load]
    np.testing.assert_allclose(moe.balance_bias(s, 1, gamma), want)
    assert moe.balance_bias(s, 0, gamma).tolist() == [0.0] * 32


def test_balancing_evens_out_a_lopsided_load():
    rng = np.random.default_rng(5)
    s = moe.sigmoid(rng.normal(0, 1, (40, 32)) + np.linspace(2, -2, 32))  # low experts favoured
    before = moe.expert_load(moe.route(s).selected, 32)
    after = moe.expert_load(moe.route(s, moe.balance_bias(s, 60, 0.05)).selected, 32)
    assert after.max() < before.max() and (after == 0).sum() < (before == 0).sum()


def test_toy_vectors_follow_the_text_and_the_seed():
    a = moe.token_vectors(["router", "sends", "router"], 0)
    assert a.shape == (3, moe.TOY_DIM + 1) and np.all(a[:, -1] == 1.0)
    np.testing.assert_array_equal(a[0], a[2])  # the same word, the same vector
    assert not np.allclose(a[0], a[1])
    assert not np.allclose(a, moe.token_vectors(["router", "sends", "router"], 1))
    c = moe.expert_centroids(256, 0)
    np.testing.assert_array_equal(moe.expert_centroids(32, 0), c[:32])  # a prefix of the 256
    assert not np.allclose(c, moe.expert_centroids(256, 1))


def test_toy_vectors_do_not_depend_on_pythons_hash_seed():
    code = (
        "from r1widgets.core import moe; "
        "print(repr(moe.token_vectors(['router', 'é', '日本'], 3).sum()))"
    )
    out = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        out.add(run.stdout.strip())
    assert len(out) == 1


# --- the parameter count -----------------------------------------------------------------------


def closed_form(n_routed=256, n_active=8):
    """V3's size written out by hand from the configuration (paper-data §4)."""
    vocab, d, inter, moe_inter = 129_280, 7168, 18_432, 2048
    layers, dense, heads = 61, 3, 128
    q_rank, kv_rank, nope, rope, v = 1536, 512, 128, 64, 128
    attention = (
        d * q_rank + q_rank + q_rank * heads * (nope + rope)  # queries, with q_norm
        + d * (kv_rank + rope) + kv_rank + kv_rank * heads * (nope + v)  # keys/values, kv_norm
        + heads * v * d  # output projection
    )  # fmt: skip
    expert = 3 * d * moe_inter  # SwiGLU: w1, w2, w3
    shared = (
        2 * vocab * d  # embedding + untied head
        + layers * (attention + 2 * d)  # attention and the two norms of each layer
        + dense * 3 * d * inter  # the dense FFNs
        + (layers - dense) * (n_routed * (d + 1) + expert)  # router (weights + bias), shared
        + d  # final norm
    )
    return (
        attention,
        expert,
        shared + (layers - dense) * n_routed * expert,
        (shared + (layers - dense) * n_active * expert),
    )


def test_v3_count_matches_the_closed_form_and_paper_data():
    c = moe.count_parameters()
    attention, expert, total, active = closed_form()
    assert (c.attention, c.expert, c.total, c.active) == (attention, expert, total, active)
    # paper-data §4's derived checks: 187.11M attention per layer, 44.04M per expert,
    # 671.03B in total, 37.55B active by the naive count
    assert round(c.attention / 1e6, 2) == 187.11
    assert round(c.expert / 1e6, 2) == 44.04
    assert round(c.total / 1e9, 2) == 671.03
    assert round(c.active / 1e9, 2) == 37.55
    published_total = paper.R1_PIPELINE["v3_total_params_b"].value * 1e9
    assert abs(c.total - published_total) / published_total < 0.005
    published_active = paper.R1_PIPELINE["v3_active_params_b"].value * 1e9
    assert 0 < (c.active - published_active) / published_active < 0.02  # naive: a bit above


def test_v3_config_is_read_from_paper():
    assert moe.V3.n_routed_experts == paper.V3_CONFIG["n_routed_experts"].value == 256
    assert moe.V3.vocab_size == paper.V3_VOCABULARY_SIZE.value
    assert (moe.N_GROUPS, moe.N_LIMITED_GROUPS, moe.TOP_K, moe.ROUTE_SCALE) == (8, 4, 8, 2.5)
    assert moe.GROUP_TOP == 2


@pytest.mark.parametrize("n_routed", [8, 16, 32, 64, 128, 256])
def test_counts_grow_linearly(n_routed):
    per_expert = 58 * 3 * 7168 * 2048
    k_max = n_routed // 2
    actives = [moe.count_parameters(moe.V3.with_experts(n_routed, k)).active for k in range(1, 9)]
    assert all(b - a == per_expert for a, b in zip(actives, actives[1:], strict=False))
    totals = [
        moe.count_parameters(moe.V3.with_experts(n, min(k_max, 4))).total for n in (8, 16, 24)
    ]
    # each 8 more routed experts add 8 experts and 8 router rows (weights + bias) per MoE layer
    assert totals[1] - totals[0] == totals[2] - totals[1] == 58 * 8 * (3 * 7168 * 2048 + 7169)
    c = moe.count_parameters(moe.V3.with_experts(n_routed, 4))
    assert (c.total, c.active) == closed_form(n_routed, 4)[2:]
