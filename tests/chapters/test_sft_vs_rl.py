"""Chapter 01 SFTvsRL: inputs set as the browser sets them give the right derived values."""

import math

import numpy as np
import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets.chapters.sft_vs_rl import MAX_SEED, SFTvsRL
from r1widgets.core import paths

LOGITS = list(paths.TOY_LOGITS)


def hand_softmax(z):
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def rl_after(w):
    """π after one RL step, recomputed from the samples the widget shows (mean_i A_i onehot)."""
    moved = list(LOGITS)
    for s in w.samples:
        moved[s["path"]] += w.learning_rate * s["advantage"] / len(w.samples)
    return hand_softmax(moved)


def test_defaults_match_the_article():
    w = SFTvsRL()
    assert (w.mode, w.group_size, w.seed, w.learning_rate) == ("sft", 4, 1, 1.0)
    assert w.prompt == "What is 17 × 23?" and w.ground_truth == "391"
    assert "".join(w.trace_tokens).startswith("17×23 = 17×20 + 17×3 = 340 + 51 = 391")
    assert len(w.token_losses) == len(w.trace_tokens) == len(w.token_alternatives)
    assert w.path_names[0] == "human" and len(w.path_probabilities) == len(w.path_names)
    assert w.error == ""


def test_sft_loss_is_minus_log_pi_human_and_the_sum_of_token_losses():
    w = SFTvsRL()
    pi = hand_softmax(LOGITS)
    assert w.sft_loss == pytest.approx(-math.log(pi[0]), abs=1e-12)
    assert sum(w.token_losses) == pytest.approx(w.sft_loss, abs=1e-12)
    assert w.path_probabilities == pytest.approx(pi)
    branch = [i for i, alts in enumerate(w.token_alternatives) if alts]
    assert [w.trace_tokens[i] for i in branch] == ["17", " 51", " <answer>"]
    assert w.token_alternatives[14] == [{"token": " 41", "p": pytest.approx(0.322752, abs=1e-6)}]


def test_sft_step_raises_only_the_human_path(browser):
    w = SFTvsRL()
    browser(w).update(learning_rate=2.0)
    pi = hand_softmax(LOGITS)
    moved = [z + 2.0 * ((i == 0) - p) for i, (z, p) in enumerate(zip(LOGITS, pi, strict=True))]
    assert w.path_probabilities_after == pytest.approx(hand_softmax(moved))
    before, after = w.path_probabilities, w.path_probabilities_after
    assert after[0] > before[0]
    assert all(a < b for a, b in zip(after[1:], before[1:], strict=True))
    assert "One SFT step moved human" in w.step_summary


def test_rl_mode_samples_rewards_and_steps(browser):
    w = SFTvsRL()
    browser(w).update(mode="rl")
    assert [s["name"] for s in w.samples] == ["verify", "wrong guess", "human", "wrong guess"]
    assert [s["reward"] for s in w.samples] == [1.0, 0.0, 1.0, 0.0]
    assert [s["advantage"] for s in w.samples] == pytest.approx([1, -1, 1, -1])
    assert [s["push"] for s in w.samples] == [1, -1, 1, -1]
    assert w.samples[0]["answer"] == "391" and "equals" in w.samples[0]["reason"]
    assert "".join(w.samples[0]["tokens"]) == w.samples[0]["text"]
    assert w.path_counts == [1, 0, 1, 0, 0, 2] and w.mean_reward == 0.5
    assert w.path_probabilities_after == pytest.approx(rl_after(w))
    before, after = w.path_probabilities, w.path_probabilities_after
    assert after[2] > before[2] and after[0] > before[0]  # verify and human, both sampled
    assert after[5] < before[5]  # the wrong guess, sampled twice
    assert "sampled correct paths (human, verify)" in w.step_summary


def test_sft_lowers_the_verify_path_that_rl_raises(browser):
    w = SFTvsRL()
    b = browser(w)
    sft_verify = w.path_probabilities_after[2]
    b.update(mode="rl")
    rl_verify = w.path_probabilities_after[2]
    assert sft_verify < w.path_probabilities[2] < rl_verify


def test_group_size_and_seed_set_the_group(browser):
    w = SFTvsRL(mode="rl")
    b = browser(w)
    b.update(group_size=9)
    assert len(w.samples) == 9 and sum(w.path_counts) == 9
    expected = paths.sample_group(w.path_probabilities, 9, w.seed).tolist()
    assert [s["path"] for s in w.samples] == expected
    b.update(seed=2, group_size=4)
    assert all(s["reward"] == 1.0 for s in w.samples)  # an all-correct group
    assert all(s["advantage"] == 0.0 and s["push"] == 0 for s in w.samples)
    assert w.path_probabilities_after == pytest.approx(w.path_probabilities)
    assert "every advantage is 0" in w.step_summary


def test_mode_and_rate_changes_keep_the_group(browser):
    w = SFTvsRL()
    b = browser(w)
    group = w.samples
    b.update(mode="rl")
    b.update(learning_rate=0.3)
    assert w.samples == group
    assert w.path_probabilities_after == pytest.approx(rl_after(w))
    assert w.logit_changes == pytest.approx([0.3 * x for x in [0.25, 0, 0.25, 0, 0, -0.5]])


def test_same_seed_same_group():
    a, b = SFTvsRL(seed=17, group_size=12), SFTvsRL(seed=17, group_size=12)
    assert a.samples == b.samples


def test_resample_from_the_browser_and_from_python(browser):
    w = SFTvsRL(mode="rl")
    b = browser(w)
    b.custom({"action": "resample"})
    assert w.seed == 2 and w.error == ""
    assert [s["path"] for s in w.samples] == paths.sample_group(w.path_probabilities, 4, 2).tolist()
    w.resample()
    assert w.seed == 3
    sent = b.state_sent()
    assert sent["seed"] == 3 and "samples" in sent


def test_resample_wraps_at_the_largest_seed():
    w = SFTvsRL(seed=MAX_SEED)
    w.resample()
    assert w.seed == 0


def test_an_accepted_change_sends_derived_values_in_one_message(browser):
    w = SFTvsRL()
    b = browser(w)
    b.update(mode="rl")
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"path_probabilities_after", "step_summary"} <= set(updates[0]["state"])


EXTRA_BAD = {
    "mode": ["ppo", "", "SFT"],
    "group_size": [1, 17, 2.5, -1],
    "seed": [-1, 2.5, 2**40],
    "learning_rate": [0.0, 0.01, 99.0, -1],
}
CASES = [(name, v) for name, extra in EXTRA_BAD.items() for v in [*HOSTILE_VALUES, *extra]]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    w = SFTvsRL()
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(learning_rate=0.5)  # and the kernel still serves
    assert w.learning_rate == 0.5 and w.error == ""


@pytest.mark.parametrize("name", ["samples", "sft_loss", "path_probabilities_after", "error"])
def test_browser_cannot_set_derived_traits(browser, name):
    w = SFTvsRL()
    assert_derived_refused(w, browser(w), name, [9, 9])


@pytest.mark.parametrize("content", [{"action": "step"}, {"action": "_derived"}, "resample"])
def test_unknown_actions_are_refused(browser, content):
    w = SFTvsRL()
    browser(w).custom(content)
    assert w.seed == 1 and w.error.startswith("refused")


def test_state_round_trips():
    w = SFTvsRL(mode="rl", group_size=7, seed=40, learning_rate=2.5)
    state = {k: v for k, v in w.get_state().items() if k in SFTvsRL.input_names()}
    w2 = SFTvsRL(**state)
    assert w2.samples == w.samples
    np.testing.assert_allclose(w2.path_probabilities_after, w.path_probabilities_after)
    assert w2.step_summary == w.step_summary
