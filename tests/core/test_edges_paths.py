"""Reasoning paths at their edges: prefixes no path continues, certain tokens, and the step
descriptions read off numbers given by hand."""

import math

import pytest

from r1widgets.core import paths

# a small prefix-free set: "a b", "a c", "d"
SEQS = [["a", "b"], ["a", "c"], ["d"]]
NAMES = ["ab", "ac", "d"]


def test_nothing_follows_a_complete_path():
    with pytest.raises(ValueError, match="continues"):
        paths.next_token_distribution(SEQS, [0.2, 0.3, 0.5], ["d"])
    with pytest.raises(ValueError, match="continues"):
        paths.next_token_distribution(SEQS, [0.2, 0.3, 0.5], ["a", "b"])


def test_a_prefix_whose_continuations_all_have_probability_zero_is_refused():
    with pytest.raises(ValueError, match="positive probability"):
        paths.next_token_distribution(SEQS, [0.0, 0.0, 1.0], ["a"])
    # one continuation with mass is enough
    assert paths.next_token_distribution(SEQS, [0.0, 0.25, 0.75], ["a"]) == {"b": 0.0, "c": 1.0}


def test_a_trace_needs_prefix_free_paths():
    with pytest.raises(ValueError, match="prefix"):
        paths.token_trace([["a"], ["a", "b"]], [0.5, 0.5], 1)


def test_a_certain_token_costs_plus_zero_nats():
    # the only path starting with "d": p = 1, loss −log 1 = 0, and +0.0 (shown as "0.00",
    # never "-0.00")
    trace = paths.token_trace(SEQS, [0.2, 0.3, 0.5], 2)
    assert trace.probabilities.tolist() == [0.5]
    trace = paths.token_trace(SEQS, [0.0, 0.4, 0.6], 1)  # "a" then "c": p("c" | "a") = 1
    assert trace.probabilities[1] == 1.0
    assert trace.losses[1] == 0.0 and math.copysign(1.0, trace.losses[1]) == 1.0
    assert trace.alternatives == [[("d", 0.6)], [("b", 0.0)]]


def test_rl_description_with_one_zero_advantage_still_describes_the_step():
    # rewards 1, 0.5, 0: the middle rollout sits at the mean (advantage 0), the others do not
    text = paths.describe_step(
        "rl",
        NAMES,
        [1.0, 0.5, 0.0],
        [0.3, 0.3, 0.4],
        [0.4, 0.31, 0.29],
        [1, 1, 1],
        [1.2, 0.0, -1.2],
    )
    assert text.startswith("One RL step raised the logits of the sampled correct paths (ab, ac)")
    assert "lowered the sampled wrong ones (d)" in text
    assert "less likely" not in text


def test_rl_description_names_a_wrong_path_sampled_once():
    text = paths.describe_step(
        "rl", NAMES, [1.0, 0.0, 0.0], [0.3, 0.3, 0.4], [0.5, 0.2, 0.3], [3, 1, 0], [0.6, -1.7, 0]
    )
    assert "sampled correct paths (ab)" in text
    assert "sampled wrong ones (ac)" in text  # sampled once: still a sampled wrong path


def test_rl_description_never_calls_an_unchanged_path_less_likely():
    text = paths.describe_step(
        "rl", NAMES, [1.0, 1.0, 0.0], [0.3, 0.3, 0.4], [0.4, 0.3, 0.3], [1, 1, 1], [0.7, 0.7, -1.4]
    )
    assert "less likely" not in text  # "ac" stayed at 0.3
    # and one that did lose probability is named
    text = paths.describe_step(
        "rl", NAMES, [1.0, 1.0, 0.0], [0.3, 0.3, 0.4], [0.41, 0.29, 0.3], [2, 1, 1], [1, 1, -2]
    )
    assert text.endswith("ac: sampled and correct, yet less likely now, because a correct path "
                         "sampled more often took a bigger share of the gain.")  # fmt: skip


def test_sft_description_never_says_all_fell_when_one_stayed():
    text = paths.describe_step("sft", NAMES, [1.0, 1.0, 0.0], [0.5, 0.3, 0.2], [0.6, 0.2, 0.2])
    assert text.startswith("One SFT step moved ab from 50.0% to 60.0%.")
    assert "1 of the 2 other paths fell, 1 of them correct answers." in text  # "d" stayed
