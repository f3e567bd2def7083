"""The toy path policy against hand-worked values, closed forms and finite differences."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from r1widgets.core import grpo, paths
from r1widgets.core.policy import log_softmax, policy_gradient, softmax

SEQS = paths.path_tokens()
PI = softmax(paths.TOY_LOGITS)
REWARDS, _ = paths.path_rewards()
K = len(paths.PATHS)
logit_vectors = st.lists(st.floats(-6, 6), min_size=K, max_size=K)


def hand_softmax(z):
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


# --- tokens ------------------------------------------------------------------------------------


def test_tokenize_by_hand():
    assert paths.tokenize("17×23 = 340 + 51") == ["17", "×", "23", " =", " 340", " +", " 51"]
    assert paths.tokenize("391. Check: ok ✓ <answer>391</answer>") == [
        "391",
        ".",
        " Check",
        ":",
        " ok",
        " ✓",
        " <answer>",
        "391",
        "</answer>",
    ]


@given(st.text(max_size=200))
def test_tokens_join_back_to_the_text(text):
    assert "".join(paths.tokenize(text)) == text.rstrip()


def test_human_trace_tokens_by_hand():
    assert SEQS[paths.HUMAN_PATH] == [
        "17", "×", "23", " =", " 17", "×", "20", " +", " 17", "×", "3", " =",
        " 340", " +", " 51", " =", " 391", " <answer>", "391", "</answer>",
    ]  # fmt: skip


def test_paths_are_prefix_free_and_each_ends_in_an_answer_block():
    paths.check_prefix_free(SEQS)
    for p, seq in zip(paths.PATHS, SEQS, strict=True):
        assert "".join(seq) == p.text
        assert seq[-3:] == [" <answer>", p.answer, "</answer>"]


def test_prefix_check_refuses_a_prefix_and_a_duplicate():
    with pytest.raises(ValueError, match="prefix"):
        paths.check_prefix_free([["a", "b"], ["a"]])
    with pytest.raises(ValueError, match="prefix"):
        paths.check_prefix_free([["a"], ["a"]])
    with pytest.raises(ValueError, match="no tokens"):
        paths.check_prefix_free([[], ["a"]])


# --- the token-level model induced by the path policy -------------------------------------------


def test_branch_points_by_hand():
    h, d, v, c, s, g = hand_softmax(paths.TOY_LOGITS)
    first = paths.next_token_distribution(SEQS, PI, [])
    assert first == pytest.approx({"17": h + v + c, "391": d, "23": s, "401": g})
    trace = paths.token_trace(SEQS, PI, paths.HUMAN_PATH)
    losses = dict(enumerate(trace.losses))
    assert losses[0] == pytest.approx(-math.log(h + v + c))
    assert losses[14] == pytest.approx(-math.log((h + v) / (h + v + c)))  # " 51" vs " 41"
    assert losses[17] == pytest.approx(-math.log(h / (h + v)))  # " <answer>" vs "."
    others = [t for t in range(20) if t not in (0, 14, 17)]
    assert np.all(trace.losses[others] == 0.0)  # no competitor: probability exactly 1
    assert trace.alternatives[14] == [(" 41", pytest.approx(c / (h + v + c)))]
    assert trace.alternatives[17] == [(".", pytest.approx(v / (h + v)))]


def test_sft_loss_of_the_toy_by_hand():
    z = paths.TOY_LOGITS
    expected = -(z[0] - math.log(sum(math.exp(v) for v in z)))
    trace = paths.token_trace(SEQS, PI, paths.HUMAN_PATH)
    assert trace.total_loss == pytest.approx(expected, abs=1e-12)
    assert trace.total_loss == pytest.approx(1.224637, abs=1e-6)


@given(logit_vectors)
def test_token_cross_entropy_sums_to_minus_log_path_probability(logits):
    pi = softmax(logits)
    for k in range(K):
        trace = paths.token_trace(SEQS, pi, k)
        assert trace.total_loss == pytest.approx(-log_softmax(logits)[k], rel=1e-9, abs=1e-9)
        assert np.prod(trace.probabilities) == pytest.approx(pi[k], rel=1e-9)


@given(logit_vectors)
def test_every_next_token_distribution_sums_to_one(logits):
    pi = softmax(logits)
    for seq in SEQS:
        for t in range(len(seq)):
            dist = paths.next_token_distribution(SEQS, pi, seq[:t])
            assert sum(dist.values()) == pytest.approx(1.0, abs=1e-12)
            assert all(0.0 <= q <= 1.0 for q in dist.values())
            assert seq[t] in dist


def test_next_token_distribution_refuses_an_unknown_prefix():
    with pytest.raises(ValueError, match="continues"):
        paths.next_token_distribution(SEQS, PI, ["nope"])


# --- rewards, sampling and the two gradients ---------------------------------------------------


def test_chapter_03_checker_rewards_exactly_the_paths_that_answer_391():
    expected = [1.0 if p.answer == "391" else 0.0 for p in paths.PATHS]
    assert REWARDS.tolist() == expected == [1, 1, 1, 0, 1, 0]


def test_sampling_is_inverse_cdf_on_the_seeded_uniforms():
    u = np.random.default_rng(7).random(9)
    cdf = np.cumsum(PI)
    expected = [next(i for i in range(K) if x < cdf[i]) for x in u]
    assert paths.sample_group(PI, 9, 7).tolist() == expected
    assert paths.sample_group(PI, 9, 7).tolist() == paths.sample_group(PI, 9, 7).tolist()


def test_group_of_seed_1_by_hand():
    g = paths.rl_group(PI, REWARDS, 4, 1)
    assert g.chosen.tolist() == [2, 5, 0, 5]  # verify, wrong guess, human, wrong guess
    assert g.rewards.tolist() == [1, 0, 1, 0]
    np.testing.assert_allclose(g.advantages, [1, -1, 1, -1])  # mean 0.5, population std 0.5
    np.testing.assert_allclose(g.gradient, [0.25, 0, 0.25, 0, 0, -0.5])  # Σ A = 0: π cancels
    assert g.counts.tolist() == [1, 0, 1, 0, 0, 2]


def test_all_equal_group_has_no_gradient():
    g = paths.rl_group(PI, REWARDS, 4, 2)
    assert g.rewards.tolist() == [1, 1, 1, 1]
    assert np.all(g.advantages == 0) and np.all(g.gradient == 0)


def _finite_difference(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        out[j] = (f(z + e) - f(z - e)) / (2 * h)
    return out


def test_sft_gradient_matches_finite_differences_of_log_pi_human():
    fd = _finite_difference(lambda z: log_softmax(z)[paths.HUMAN_PATH], paths.TOY_LOGITS)
    np.testing.assert_allclose(paths.sft_gradient(PI, paths.HUMAN_PATH), fd, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 3, 11])
def test_rl_gradient_matches_finite_differences(seed):
    g = paths.rl_group(PI, REWARDS, 6, seed)
    fd = _finite_difference(
        lambda z: float(np.mean(g.advantages * log_softmax(z)[g.chosen])), paths.TOY_LOGITS
    )
    np.testing.assert_allclose(g.gradient, fd, atol=1e-8)


def test_one_step_is_softmax_of_moved_logits():
    grad = np.array([1.0, 0, 0, 0, 0, -1.0])
    expected = hand_softmax([z + 0.5 * d for z, d in zip(paths.TOY_LOGITS, grad, strict=True)])
    np.testing.assert_allclose(paths.step_probabilities(paths.TOY_LOGITS, grad, 0.5), expected)


# --- the chapter's claims ----------------------------------------------------------------------


@given(st.floats(0.1, 5.0))
def test_sft_raises_only_the_human_path(lr):
    after = paths.step_probabilities(paths.TOY_LOGITS, paths.sft_gradient(PI, 0), lr)
    assert after[0] > PI[0]
    assert np.all(after[1:] < PI[1:])  # the other correct answers included


@pytest.mark.parametrize("group_size", [2, 3, 4])
def test_rl_with_small_groups_raises_every_sampled_correct_path(group_size):
    # Exhaustive: every multiset of paths a group of this size can draw, at every η on a grid.
    for group in itertools.combinations_with_replacement(range(K), group_size):
        chosen = np.array(group)
        _, _, adv = grpo.group_advantages(REWARDS[chosen])
        gradient = policy_gradient(PI, chosen, adv)
        sampled = np.bincount(chosen, minlength=K) > 0
        for lr in np.linspace(0.1, 5.0, 25):
            after = paths.step_probabilities(paths.TOY_LOGITS, gradient, lr)
            if np.any(adv):
                assert np.all(after[sampled & (REWARDS == 1)] > PI[sampled & (REWARDS == 1)])
                assert np.all(after[sampled & (REWARDS == 0)] < PI[sampled & (REWARDS == 0)])
            else:
                np.testing.assert_allclose(after, PI)


@given(st.integers(2, 16), st.integers(0, 10_000))
def test_rl_moves_logits_of_sampled_paths_only_and_by_their_reward(group_size, seed):
    g = paths.rl_group(PI, REWARDS, group_size, seed)
    sampled = g.counts > 0
    assert np.all(g.gradient[~sampled] == pytest.approx(0.0, abs=1e-12))
    if np.any(g.advantages):
        assert np.all(g.gradient[sampled & (REWARDS == 1)] > 0)
        assert np.all(g.gradient[sampled & (REWARDS == 0)] < 0)


def test_a_rarely_sampled_correct_path_can_lose_probability():
    # G = 16: "23×17" is sampled once, correct paths sampled more often take the gain.
    g = paths.rl_group(PI, REWARDS, 16, 0)
    after = paths.step_probabilities(paths.TOY_LOGITS, g.gradient, 5.0)
    fell = [i for i in range(K) if g.counts[i] and REWARDS[i] and after[i] <= PI[i]]
    assert fell
    assert all(g.gradient[i] > 0 for i in fell)  # its logit still rose
    text = paths.describe_step("rl", [p.name for p in paths.PATHS], REWARDS, PI, after,
                               g.counts, g.advantages)  # fmt: skip
    assert "yet less likely now" in text


def test_descriptions_say_what_happened():
    names = [p.name for p in paths.PATHS]
    sft_after = paths.step_probabilities(paths.TOY_LOGITS, paths.sft_gradient(PI, 0), 1.0)
    text = paths.describe_step("sft", names, REWARDS, PI, sft_after)
    assert text.startswith("One SFT step moved human from 29.4% to 49.4%")
    assert "All 5 other paths fell, 3 of them correct answers" in text
    g = paths.rl_group(PI, REWARDS, 4, 1)
    after = paths.step_probabilities(paths.TOY_LOGITS, g.gradient, 1.0)
    text = paths.describe_step("rl", names, REWARDS, PI, after, g.counts, g.advantages)
    assert "sampled correct paths (human, verify)" in text and "(wrong guess)" in text
    flat = paths.rl_group(PI, REWARDS, 4, 2)
    text = paths.describe_step("rl", names, REWARDS, PI, PI, flat.counts, flat.advantages)
    assert "every advantage is 0" in text
    with pytest.raises(ValueError, match="mode"):
        paths.describe_step("ppo", names, REWARDS, PI, PI)
