"""Chapter 15 MoERouter: the toy sentence routed by V3's rule, set the way the browser sets it;
the count from V3's configuration; bad inputs refused and snapped back; cross-field rules."""

import math

import numpy as np
import pytest
import traitlets
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets import paper
from r1widgets.chapters.moe_router import DEFAULT_TOKENS, EXPERT_COUNTS, MoERouter
from r1widgets.core import moe

INPUTS = [
    "tokens",
    "selected_token",
    "n_routed_experts",
    "n_active_experts",
    "seed",
    "balance_steps",
]
DERIVED = [
    "router_scores",
    "selected_experts",
    "gate_weights",
    "unbiased_experts",
    "bias_changes",
    "group_scores",
    "kept_groups",
    "expert_load",
    "load_summary",
    "bias",
    "total_parameters",
    "active_parameters",
    "sparsity",
    "parameter_parts",
    "v3_config",
    "published",
    "notice",
]


def own_routing(w: MoERouter):
    """The widget's routing recomputed here from core, for the selected token."""
    scores = moe.affinities(
        moe.token_vectors(w.tokens, w.seed), moe.expert_centroids(w.n_routed_experts, w.seed)
    )
    bias = moe.balance_bias(scores, w.balance_steps, w.balance_gamma, w.n_active_experts)
    return scores, bias, moe.route(scores, bias, w.n_active_experts)


def test_defaults_show_the_lesson():
    w = MoERouter()
    assert set(MoERouter.input_names()) == set(INPUTS)
    assert set(DERIVED) <= set(MoERouter.derived_names())
    assert w.tokens == DEFAULT_TOKENS and len(w.tokens) <= 24
    assert w.n_routed_experts == 256 and w.n_active_experts == 8 and w.notice == ""
    assert len(w.selected_experts) == 8 and len(set(w.selected_experts)) == 8
    assert math.isclose(sum(w.gate_weights), 2.5) and len(w.kept_groups) == 4
    assert len(w.expert_load) == 256 and sum(w.expert_load) == 8 * len(w.tokens)
    # group-limited routing is visible: an expert scoring above a chosen one sits in a
    # masked group, so it is not chosen
    lowest_chosen = min(r["score"] for r in w.router_scores if r["chosen"])
    assert any(not r["group_kept"] and r["score"] > lowest_chosen for r in w.router_scores)
    # the count: within 0.5% of the paper's 671B, and the naive 37.55B against its 37B
    total_b = paper.R1_PIPELINE["v3_total_params_b"].value
    assert abs(w.total_parameters / 1e9 - total_b) / total_b < 0.005
    assert round(w.active_parameters / 1e9, 2) == 37.55
    assert w.sparsity == pytest.approx(w.active_parameters / w.total_parameters)
    assert w.published["active_b"]["value"] == 37 and w.published["mtp_b"]["value"] == 14
    # one balancing step already moves the default token's choice
    w.balance()
    assert w.balance_steps == 1 and w.bias_changes["left"] and w.bias_changes["joined"]


def test_routing_is_cores_rule_on_the_selected_token(browser):
    w = MoERouter()
    b = browser(w)
    b.update(selected_token=5, balance_steps=3)
    assert w.error == ""
    scores, bias, r = own_routing(w)
    assert w.selected_experts == r.selected[5].tolist()
    np.testing.assert_allclose(w.gate_weights, r.gates[5])
    assert w.kept_groups == r.kept_groups[5].tolist()
    np.testing.assert_allclose(w.bias, bias)
    assert w.expert_load == moe.expert_load(r.selected, 256).tolist()
    assert w.load_summary["max"] == max(w.expert_load)
    assert w.load_summary["idle"] == w.expert_load.count(0)
    # the rows: best biased score first, each chosen one carrying its gate
    biased = [row["biased"] for row in w.router_scores]
    assert biased == sorted(biased, reverse=True) and len(w.router_scores) == 16
    # the rows not chosen are the best of the rest: nothing left out scores higher
    shown = {row["expert"] for row in w.router_scores}
    lowest_other = min(row["biased"] for row in w.router_scores if not row["chosen"])
    assert all(scores[5, i] + bias[i] <= lowest_other for i in range(256) if i not in shown)
    for row in w.router_scores:
        assert row["score"] == pytest.approx(scores[5, row["expert"]])
        assert row["biased"] == pytest.approx(row["score"] + row["bias"])
        assert row["group"] == row["expert"] // 32
        assert row["group_kept"] == (row["group"] in w.kept_groups)
        assert row["chosen"] == (row["expert"] in w.selected_experts)


@pytest.mark.parametrize("steps", [0, 1, 4, 17, 40])
def test_gates_come_from_raw_scores_whatever_the_bias(steps):
    w = MoERouter(balance_steps=steps)
    scores, _, _ = own_routing(w)
    raw = scores[w.selected_token, w.selected_experts]
    np.testing.assert_allclose(w.gate_weights, 2.5 * raw / raw.sum())
    plain = moe.route(scores[w.selected_token], None, 8).selected[0].tolist()
    assert w.unbiased_experts == plain
    assert set(w.bias_changes["left"]) == set(plain) - set(w.selected_experts)
    assert set(w.bias_changes["joined"]) == set(w.selected_experts) - set(plain)


@pytest.mark.parametrize("n_routed", EXPERT_COUNTS)
def test_every_expert_count_routes_and_counts(browser, n_routed):
    w = MoERouter()
    b = browser(w)
    b.update(n_routed_experts=n_routed)
    assert w.error == ""
    k = min(8, n_routed // 2)
    assert w.n_active_experts == k and w.max_active_experts == min(32, n_routed // 2)
    assert len(w.selected_experts) == k and len(w.expert_load) == n_routed
    c = moe.count_parameters(moe.V3.with_experts(n_routed, k))
    assert (w.total_parameters, w.active_parameters) == (c.total, c.active)
    assert sum(p["total"] for p in w.parameter_parts) == w.total_parameters
    assert sum(p["active"] for p in w.parameter_parts) == w.active_parameters


def test_active_grows_linearly_in_the_widget(browser):
    w = MoERouter()
    b = browser(w)
    actives = []
    for k in range(1, 33):
        b.update(n_active_experts=k)
        assert w.error == ""
        actives.append(w.active_parameters)
        assert sum(r["chosen"] for r in w.router_scores) == k  # every chosen expert is listed
        assert len(w.router_scores) == k + max(8, 16 - k)
    steps = {b2 - a for a, b2 in zip(actives, actives[1:], strict=False)}
    assert steps == {58 * 3 * 7168 * 2048}


def test_fewer_routed_experts_lower_k_and_say_so(browser):
    w = MoERouter()
    b = browser(w)
    b.clear()
    b.update(n_routed_experts=8)
    assert w.error == "" and w.n_active_experts == 4
    assert "lowered from 8 to 4" in w.notice
    assert b.state_sent()["n_active_experts"] == 4  # the view's slider follows
    assert len([m for m in b.sent if m["method"] == "update"]) == 1  # in the same message
    assert math.isclose(sum(w.gate_weights), 2.5) and len(w.kept_groups) == 4
    b.update(seed=3)  # the next change clears the notice
    assert w.notice == ""


def test_python_construction_follows_the_rules():
    w = MoERouter(n_routed_experts=16)
    assert w.n_active_experts == 8 and w.notice == ""
    w = MoERouter(n_routed_experts=8)
    assert w.n_active_experts == 4 and "lowered" in w.notice
    with pytest.raises(traitlets.TraitError, match="at most 4"):
        MoERouter(n_routed_experts=8, n_active_experts=5)
    with pytest.raises(traitlets.TraitError, match="below the number of tokens"):
        MoERouter(tokens=["a", "b"], selected_token=2)
    w = MoERouter(tokens=["only"])
    assert w.selected_token == 0 and len(w.selected_experts) == 8


def test_a_shorter_sentence_moves_the_selection(browser):
    w = MoERouter(selected_token=12)
    b = browser(w)
    b.clear()
    b.update(tokens=["Two", "words"])
    assert w.error == "" and w.selected_token == 1
    assert b.state_sent()["selected_token"] == 1
    assert "last token" in w.notice
    b.update(tokens=["Two", "words", "more"])
    b.update(selected_token=2)
    assert w.error == "" and w.selected_token == 2 and w.notice == ""


def test_same_word_same_route():
    w = MoERouter(tokens=["experts", "and", "experts"], selected_token=0)
    first = list(w.selected_experts)
    w.select(2)
    assert w.selected_experts == first


@pytest.mark.parametrize(
    "value",
    [
        [],
        ["w"] * 25,
        [""],
        ["   "],
        ["ok", "\t"],
        ["x" * 25],
        [1, 2],
        [None],
        ["\ud800"],
        "a sentence",
        *HOSTILE_VALUES,
    ],
)
def test_bad_token_lists_are_refused_and_snap_back(browser, value):
    w = MoERouter()
    b = browser(w)
    assert_refused(w, b, "tokens", value)
    b.update(tokens=["kernel", "still", "serves"])
    assert w.error == "" and w.tokens == ["kernel", "still", "serves"]


N = len(DEFAULT_TOKENS)


@pytest.mark.parametrize("value", [N, 23, 24, -1, 1.5, "2", True, *HOSTILE_VALUES])
def test_out_of_range_token_index_is_refused(browser, value):
    w = MoERouter()  # N and 23 are within the trait's bounds but past the sentence's end
    assert N < 23
    b = browser(w)
    assert_refused(w, b, "selected_token", value)
    b.update(selected_token=N - 1)
    assert w.error == "" and w.selected_token == N - 1


@pytest.mark.parametrize("value", [0, 7, 12, 100, 255, 512, "256", 256.5, True, *HOSTILE_VALUES])
def test_unknown_expert_counts_are_refused(browser, value):
    w = MoERouter()
    b = browser(w)
    assert_refused(w, b, "n_routed_experts", value)
    b.update(n_routed_experts=32.0)  # JSON may carry an integral float
    assert w.error == "" and w.n_routed_experts == 32 and type(w.n_routed_experts) is int


def test_k_above_the_kept_groups_is_refused(browser):
    w = MoERouter(n_routed_experts=16)
    b = browser(w)
    assert_refused(w, b, "n_active_experts", 9)
    assert "at most 8" in w.error
    b.update(n_active_experts=8)
    assert w.error == "" and len(w.selected_experts) == 8


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n_active_experts", 0),
        ("n_active_experts", 33),
        ("n_active_experts", 2.5),
        ("seed", -1),
        ("seed", 1000),
        ("balance_steps", 41),
        ("balance_steps", -1),
        ("balance_steps", False),
    ],
)
def test_other_inputs_out_of_range_are_refused(browser, name, value):
    w = MoERouter()
    assert_refused(w, browser(w), name, value)


def test_actions_and_their_limits(browser):
    w = MoERouter()
    b = browser(w)
    b.custom({"action": "balance"})
    b.custom({"action": "balance"})
    assert w.balance_steps == 2 and w.error == ""
    assert any(x != 0 for x in w.bias)
    b.custom({"action": "reset_bias"})
    assert w.balance_steps == 0 and w.bias == [0.0] * 256
    b.custom({"action": "explode"})
    assert "unknown action" in w.error
    w.balance_steps = 40
    b.custom({"action": "balance"})
    assert w.balance_steps == 40 and "at most 40" in w.error


@pytest.mark.parametrize("name", DERIVED)
def test_browser_cannot_set_derived_traits(browser, name):
    w = MoERouter()
    assert_derived_refused(w, browser(w), name, [1])


def test_published_values_come_from_paper():
    w = MoERouter()
    sources = {}
    for item in vars(paper).values():
        inner = item.values() if isinstance(item, dict) else [item]
        for v in inner:
            if isinstance(v, paper.Sourced):
                sources.setdefault(v.source, []).append(v.value)
    items = [*w.published.values(), *w.v3_config, w.route_scale]
    for item in items:
        assert item["value"] in sources[item["source"]], item
    fields = {r["field"]: r["value"] for r in w.v3_config}
    assert fields["n_layers"] == 61 and fields["moe_inter_dim"] == 2048
    assert fields["vocab_size"] == paper.V3_VOCABULARY_SIZE.value
    for r in w.v3_config:
        if r["field"] != "vocab_size":
            assert r["source"] == f"DeepSeek-V3 inference/configs/config_671B.json {r['field']}"
    assert w.published_share == pytest.approx(37 / 671)


def test_get_state_round_trip(browser):
    w = MoERouter(
        tokens=["Mixture", "of", "experts"],
        selected_token=2,
        n_routed_experts=64,
        n_active_experts=6,
        seed=42,
        balance_steps=5,
    )
    state = w.get_state()
    w2 = MoERouter()
    browser(w2).update(**{k: state[k] for k in INPUTS})
    assert w2.error == ""
    assert {k: w2.get_state()[k] for k in INPUTS + DERIVED} == {
        k: state[k] for k in INPUTS + DERIVED
    }


# --- the expert review's fixes (issue 10) --------------------------------------------------------


@pytest.mark.parametrize("steps", [0, 1, 2, 7, 40])
@pytest.mark.parametrize(("n_routed", "k"), [(256, 8), (16, 8), (8, 1)])
def test_balancing_counts_come_from_the_state(n_routed, k, steps):
    w = MoERouter(n_routed_experts=n_routed, n_active_experts=k, balance_steps=steps)
    load, mean, ls = np.array(w.expert_load), w.mean_load, w.load_summary
    assert mean == pytest.approx(len(w.tokens) * k / n_routed)
    # what the next step does: exactly the experts whose bias core's update moves each way
    scores, bias, _ = own_routing(w)
    after = moe.balance_bias(scores, steps + 1, w.balance_gamma, k)
    assert ls["above_mean"] == int((after < bias - 1e-12).sum()) == int((load > mean).sum())
    assert ls["below_mean"] == int((after > bias + 1e-12).sum()) == int((load < mean).sum())
    # the fewest idle experts: tokens × k slots cannot reach more experts than that
    assert ls["slots"] == len(w.tokens) * k
    assert ls["min_idle"] == max(0, n_routed - len(w.tokens) * k)
    assert ls["idle"] >= ls["min_idle"]


def test_default_balancing_numbers_by_hand():
    w = MoERouter()
    assert len(w.tokens) == 15  # 15 tokens × 8 = 120 slots for 256 experts
    assert w.load_summary["min_idle"] == 256 - 120 == 136
    assert w.mean_load < 1  # so every expert used at all is above the mean and goes down
    assert w.load_summary["above_mean"] == w.load_summary["used"]


def test_our_gamma_makes_the_choices_flip_back_and_forth():
    """The view says our large γ on one fixed sentence overshoots: some expert is above the mean
    at one step, below at the next and above again."""
    w = MoERouter()
    signs = []
    for steps in range(12):
        w.balance_steps = steps
        signs.append(np.sign(np.array(w.expert_load) - w.mean_load))
    flips = [
        i
        for i in range(256)
        if any(signs[t][i] > 0 and signs[t + 1][i] < 0 and signs[t + 2][i] > 0 for t in range(10))
    ]
    assert flips
    assert w.architecture["gamma_ratio"] == 20 == round(w.balance_gamma / 0.001)


@pytest.mark.parametrize(
    ("n_routed", "capacity"), [(8, 4), (16, 8), (64, 32), (128, 64), (256, 128)]
)
def test_the_group_limit_and_the_slider_stop_are_told_apart(n_routed, capacity):
    w = MoERouter(n_routed_experts=n_routed)
    assert w.kept_capacity == capacity  # 4 groups of n / 8
    assert w.max_active_experts == min(32, capacity)


def test_max_active_default_is_the_v3_value():
    assert MoERouter.class_traits()["max_active_experts"].default_value == 32
    assert MoERouter().max_active_experts == 32


def test_active_gap_is_explained_with_the_kernels_numbers():
    a = MoERouter().architecture
    # by hand: 37.552 297 472B (our count) - 36.7B (README_WEIGHTS) = 0.852 297 472B
    assert a["v3_active"] == 37_552_297_472
    assert a["gap_to_readme"] == pytest.approx(852_297_472)
    assert a["gap_share"] == pytest.approx(0.852297472 / 37.552297472)
    assert round(100 * a["gap_share"], 1) == 2.3
    # README_WEIGHTS's 0.9B embedding and 0.9B head are the whole tables: 129,280 × 7,168
    w = MoERouter()
    assert w.published["readme_embedding_b"]["value"] == 0.9
    assert w.published["readme_head_b"]["value"] == 0.9
    assert round(129_280 * 7_168 / 1e9, 1) == 0.9 and a["embedding"] == 129_280 * 7_168


def test_sources_named_as_the_review_found_them():
    p = MoERouter().published
    assert p["mtp_b"]["source"].startswith("DeepSeek-V3 README.md:")
    assert "685B" in p["mtp_b"]["source"] and "11.5B" in p["mtp_b"]["source"]
    assert "§4.2" in p["gamma"]["source"]
    assert p["alpha"]["value"] == 0.0001 and "α = 0.0001" in p["alpha"]["source"]
    assert "§4.5.3" in p["specialisation"]["source"] and "16B" in p["specialisation"]["value"]


def test_groups_stand_for_nodes():
    w = MoERouter()
    p, a = w.published, w.architecture
    assert (p["gpus"]["value"], p["nodes"]["value"], p["max_nodes"]["value"]) == (64, 8, 4)
    assert p["nodes"]["value"] == a["n_groups"] and p["max_nodes"]["value"] == a["n_limited_groups"]
    assert a["n_activated_experts"] // p["max_nodes"]["value"] == a["group_top"] == 2
    assert a["group_size"] == 256 // 8 == 32 and a["n_experts_per_layer"] == 257


def test_labels_name_the_parts_precisely():
    w = MoERouter()
    labels = {r["field"]: r["label"] for r in w.v3_config}
    assert labels["qk_rope_head_dim"] == "RoPE part of each query/key head"
    assert labels["qk_nope_head_dim"] == "Non-RoPE part of each query/key head"
    assert "Dense FFN of one of the first 3 layers" in [r["part"] for r in w.parameter_parts]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            [f"w{i}" for i in range(30)],
            "That sentence has 30 words; the router takes at most 24. Shorten it.",
        ),
        (["w"] * 25, "That sentence has 25 words; the router takes at most 24. Shorten it."),
        (["a" * 40], 'Word 1 ("aaaaaaaaaaaa…") is 40 characters; the limit is 24.'),
        (["ok", "b" * 25], 'Word 2 ("bbbbbbbbbbbb…") is 25 characters; the limit is 24.'),
        ([], "The sentence is empty: type at least one word."),
        (["ok", "\t"], "Word 2 is blank: every word needs a visible character."),
    ],
)
def test_sentence_refusals_are_in_learner_words(browser, value, message):
    """The view shows what follows "tokens refused: " under the sentence box, as it is."""
    w = MoERouter()
    b = browser(w)
    assert_refused(w, b, "tokens", value)
    assert w.error == f"tokens refused: {message}"
    b.update(tokens=["a" * 24] * 24)  # the limits themselves are accepted
    assert w.error == "" and len(w.tokens) == 24


def test_sentence_refusal_never_sends_a_lone_surrogate(browser):
    w = MoERouter()
    b = browser(w)
    assert_refused(w, b, "tokens", ["\ud800" * 30])
    w.error.encode("utf-8")  # the message travels as JSON text


def test_the_box_limits_come_from_the_kernel():
    a = MoERouter().architecture
    assert (a["max_tokens"], a["max_token_chars"]) == (24, 24)
