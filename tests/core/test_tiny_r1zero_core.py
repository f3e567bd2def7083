"""The lab's core: the task, the table policy's rollouts, the GRPO gradient and Adam, each
checked against an independent reference (hand-worked values, a per-rollout loop, finite
differences of the objective written out directly)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from r1widgets.core import tiny_r1zero as lab
from r1widgets.core.policy import kl_logit_gradient, log_softmax, softmax
from r1widgets.core.trust_region import kl_divergence

BIG = 50.0  # a logit margin that makes a choice certain


def perfect_table() -> np.ndarray:
    """A hand-built table that always writes the running sum, stops at the end, answers it."""
    z = lab.prior_logits(False)
    for last in range(10):
        for cue in range(10):
            z[0, last, cue, (last + cue) % 10] = BIG
        z[0, last, lab.END, lab.MARKER] = BIG
        z[1, last, lab.END, last] = BIG
    return z


def reference_rollout(z, digits, k, answer, u, wide=False):
    """One rollout, one token at a time, in plain Python (an independent reading of the rules)."""
    probs = lab.table_probs(z)
    last, ptr, answering, tokens = 0, 0, False, []
    for t in range(lab.MAX_TOKENS + 1):
        cue = digits[ptr] if ptr < k else lab.END
        if answering and wide:
            cue = answer
        p = probs[int(answering), last, cue]
        cdf, action = 0.0, lab.N_ACTIONS - 1
        for a in range(lab.N_ACTIONS):
            cdf += p[a]
            if u[t] < cdf:
                action = a
                break
        tokens.append(action)
        if answering:
            return tokens, action, float(action == answer)
        if action == lab.MARKER:
            answering = True
        else:
            last, ptr = action, ptr + 1
            if ptr > lab.SCRATCH_CAP:
                return tokens, -1, 0.0
    raise AssertionError("a rollout must end")


def test_the_prior_gives_the_stated_starting_probabilities():
    p = lab.table_probs(lab.prior_logits(True))
    e = math.exp
    marker = e(2.5) / (e(2.5) + e(1.5) + 9)  # marker +2.5, one-step sum +1.5, nine digits 0
    assert p[0, 3, 4, lab.MARKER] == pytest.approx(marker)
    assert p[0, 3, 4, 7] == pytest.approx(e(1.5) / (e(2.5) + e(1.5) + 9))
    assert p[0, 3, lab.END, 3] == pytest.approx(e(1.5) / (e(2.5) + e(1.5) + 9))  # end adds 0
    assert p[1, 3, 4, 7] == pytest.approx(e(1.5) / (e(1.5) + 9))  # answering: ten digits only
    assert np.all(p[1, ..., lab.MARKER] == 0)  # no marker after the marker
    flat = lab.table_probs(lab.prior_logits(False))
    assert np.allclose(flat[0], 1 / 11) and np.allclose(flat[1, ..., :10], 1 / 10)


def test_the_evaluation_set_is_fixed_balanced_and_answers_are_sums_mod_10():
    (prompts, u), (prompts2, u2) = lab.eval_set(), lab.eval_set()
    assert np.array_equal(prompts.digits, prompts2.digits) and np.array_equal(u, u2)
    assert prompts.k.size >= 2000
    assert [int((prompts.k == k).sum()) for k in range(2, 7)] == [400] * 5
    for d, k, a in zip(prompts.digits[:50], prompts.k[:50], prompts.answer[:50], strict=True):
        assert a == sum(int(x) for x in d[:k]) % 10 and not d[k:].any()


def test_a_perfect_table_writes_the_running_sums_and_is_always_right():
    prompts, u = lab.eval_set()
    r = lab.rollout(perfect_table(), prompts, u)
    assert r.reward.mean() == 1.0
    assert np.array_equal(r.length, prompts.k + 2)  # K digits, the marker, the answer
    for i in range(20):
        k = int(prompts.k[i])
        sums = list(np.cumsum(prompts.digits[i, :k]) % 10)
        assert list(r.tokens[i, : k + 2]) == [*sums, lab.MARKER, sums[-1]]
        assert np.all(r.tokens[i, k + 2 :] == -1) and np.all(r.states[i, k + 2 :] == -1)


def test_answering_at_once_is_two_tokens_and_a_table_without_a_marker_hits_the_cap():
    prompts, u = lab.eval_set()
    now = lab.prior_logits(False)
    now[0, :, :, lab.MARKER] = BIG
    assert np.all(lab.rollout(now, prompts, u).length == 2)
    never = lab.prior_logits(False)
    never[0, :, :, lab.MARKER] = -np.inf
    r = lab.rollout(never, prompts, u)
    assert np.all(r.length == lab.SCRATCH_CAP + 1) and np.all(r.answer == -1)
    assert r.reward.sum() == 0  # over the cap: no answer, no reward


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("prior", [False, True])
def test_batched_rollouts_match_a_one_at_a_time_reference(prior, wide):
    rng = np.random.default_rng(5)
    z = lab.prior_logits(prior) + np.where(
        np.isfinite(lab.prior_logits(prior)), rng.normal(0, 1.5, lab.TABLE_SHAPE), 0
    )
    prompts = lab.make_prompts(rng, 300)
    u = rng.random((300, lab.MAX_TOKENS + 1))
    r = lab.rollout(z, prompts, u, wide)
    for i in range(300):
        k = int(prompts.k[i])
        tokens, answer, reward = reference_rollout(
            z, list(prompts.digits[i]), k, int(prompts.answer[i]), u[i], wide
        )
        assert list(r.tokens[i, : len(tokens)]) == tokens and r.length[i] == len(tokens)
        assert r.answer[i] == answer and r.reward[i] == reward


def objective(z, ref, rollouts, group_size, beta):
    """J written out directly: (1/B) Σ_i (1/G)(A_i Σ_t log π(o_t|s_t) − β Σ_t KL_t)."""
    logp = log_softmax(z.reshape(lab.N_STATES, lab.N_ACTIONS))
    probs, refp = softmax(logp), lab.table_probs(ref).reshape(lab.N_STATES, lab.N_ACTIONS)
    n = rollouts.reward.size
    b = n // group_size
    rewards = rollouts.reward.reshape(b, group_size)
    total = 0.0
    for g in range(b):
        mean, std = rewards[g].mean(), rewards[g].std()
        for j in range(group_size):
            i = g * group_size + j
            adv = 0.0 if std == 0 else (rewards[g, j] - mean) / std
            for s, a in zip(rollouts.states[i], rollouts.tokens[i], strict=True):
                if s < 0:
                    break
                live = refp[s] > 0
                kl = float(np.sum(probs[s][live] * (logp[s][live] - np.log(refp[s][live]))))
                total += (adv * logp[s, a] - beta * kl) / group_size
    return total / b


@pytest.mark.parametrize("beta", [0.0, 0.3])
def test_the_gradient_matches_finite_differences_of_the_objective(beta):
    rng = np.random.default_rng(11)
    ref = lab.prior_logits(True)
    finite = np.isfinite(ref)
    z = ref + np.where(finite, rng.normal(0, 0.7, ref.shape), 0)
    g = 4
    prompts = lab.make_prompts(rng, 6)
    rep = np.repeat(np.arange(6), g)
    prompts = lab.Prompts(prompts.digits[rep], prompts.k[rep], prompts.answer[rep])
    r = lab.rollout(z, prompts, rng.random((24, lab.MAX_TOKENS + 1)))
    grad, adv, _ = lab.grpo_gradient(z, ref, r, g, beta)
    assert np.abs(adv).sum() > 0  # the batch has something to learn from
    visited = np.unique(r.states[r.states >= 0])
    answering = lab.N_STATES // 2  # flat rows from here on are answering rows
    rows = np.r_[visited[visited < answering][:6], visited[visited >= answering][:6]]
    assert (rows >= answering).sum() >= 3  # the answering rows and their masked marker too
    h = 1e-6
    checked = masked = 0
    for s in rows:
        for a in range(lab.N_ACTIONS):
            idx = np.unravel_index(s * lab.N_ACTIONS + a, ref.shape)
            if not finite[idx]:
                assert grad[idx] == 0
                masked += 1
                continue
            zp, zm = z.copy(), z.copy()
            zp[idx] += h
            zm[idx] -= h
            fd = (objective(zp, ref, r, g, beta) - objective(zm, ref, r, g, beta)) / (2 * h)
            assert grad[idx] == pytest.approx(fd, abs=1e-7, rel=1e-5)
            checked += 1
    assert checked > 100 and masked >= 3
    unvisited = np.setdiff1d(np.arange(lab.N_STATES), visited)
    assert np.all(grad.reshape(lab.N_STATES, -1)[unvisited] == 0)  # only visited rows move


def test_a_batch_whose_groups_all_agree_moves_nothing_without_kl():
    prompts, u = lab.eval_set()
    z = perfect_table()
    r = lab.rollout(z, prompts, u)  # every rollout right: every group's rewards are equal
    grad, adv, _ = lab.grpo_gradient(z, lab.prior_logits(True), r, 8, 0.0)
    assert np.all(adv == 0) and np.all(grad == 0)


def test_the_reported_kl_is_the_exact_kl_summed_over_each_rollouts_states():
    rng = np.random.default_rng(2)
    ref = lab.prior_logits(True)
    z = ref + np.where(np.isfinite(ref), rng.normal(0, 1, ref.shape), 0)
    prompts = lab.make_prompts(rng, 16)
    r = lab.rollout(z, prompts, rng.random((16, lab.MAX_TOKENS + 1)))
    _, _, kl = lab.grpo_gradient(z, ref, r, 8, 0.1)
    p, q = lab.table_probs(z), lab.table_probs(ref)
    per = []
    for i in range(16):
        total = 0.0
        for s in r.states[i][r.states[i] >= 0]:
            m, last, cue = np.unravel_index(s, lab.TABLE_SHAPE[:3])
            acts = slice(0, 11) if m == 0 else slice(0, 10)
            total += kl_divergence(p[m, last, cue, acts], q[m, last, cue, acts])
        per.append(total)
    assert kl == pytest.approx(np.mean(per))
    assert lab.grpo_gradient(ref, ref, r, 8, 0.1)[2] == pytest.approx(0.0, abs=1e-12)


def test_kl_logit_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    ref = softmax(rng.normal(size=7))
    z = rng.normal(size=7)
    grad = kl_logit_gradient(softmax(z), ref)
    h = 1e-6
    for j in range(7):
        e = np.eye(7)[j] * h
        fd = (kl_divergence(softmax(z + e), ref) - kl_divergence(softmax(z - e), ref)) / (2 * h)
        assert grad[j] == pytest.approx(fd, abs=1e-8)
    assert np.allclose(kl_logit_gradient(ref, ref), 0)  # KL is flat at its minimum


def test_adam_first_step_moves_each_entry_by_the_learning_rate_in_its_gradients_sign():
    z = lab.prior_logits(True)
    grad = np.where(np.isfinite(z), np.random.default_rng(0).normal(size=z.shape), 0.0)
    grad[0, 0, 0, 0] = 0.0
    new = lab.adam_ascend(z, grad, lab.new_adam(), 0.05)
    finite = np.isfinite(z)
    # bias-corrected: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε)
    assert np.allclose(new[finite] - z[finite], 0.05 * np.sign(grad[finite]), atol=1e-6)
    assert new[0, 0, 0, 0] == z[0, 0, 0, 0] and np.all(np.isneginf(new[~finite]))


def test_adam_second_step_by_hand():
    z = np.zeros(lab.TABLE_SHAPE)
    state = lab.new_adam()
    g1, g2 = np.zeros(lab.TABLE_SHAPE), np.zeros(lab.TABLE_SHAPE)
    g1.flat[:2], g2.flat[:2] = [1.0, -2.0], [3.0, 0.5]
    z1 = lab.adam_ascend(z, g1, state, 0.1)
    z2 = lab.adam_ascend(z1, g2, state, 0.1)
    for j in range(2):
        m = 0.9 * 0.1 * g1.flat[j] + 0.1 * g2.flat[j]
        v = 0.999 * 0.001 * g1.flat[j] ** 2 + 0.001 * g2.flat[j] ** 2
        step = 0.1 * (m / (1 - 0.9**2)) / (math.sqrt(v / (1 - 0.999**2)) + 1e-8)
        assert z2.flat[j] - z1.flat[j] == pytest.approx(step)


def test_a_run_is_reproducible_from_its_seed():
    a, b, c = lab.Trainer(seed=4), lab.Trainer(seed=4), lab.Trainer(seed=5)
    for _ in range(20):
        a.step(), b.step(), c.step()
    assert np.array_equal(a.logits, b.logits) and not np.array_equal(a.logits, c.logits)


def test_group_rollouts_share_a_prompt_and_the_step_uses_its_group_size():
    t = lab.Trainer(seed=1, group_size=5)
    stats = t.step()
    assert stats.advantages.shape == (lab.PROMPTS_PER_STEP, 5)
    d = stats.prompts.digits.reshape(lab.PROMPTS_PER_STEP, 5, -1)
    assert np.all(d == d[:, :1])  # every group is one prompt, sampled G times
