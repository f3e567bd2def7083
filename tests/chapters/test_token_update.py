"""Chapter 10 TokenUpdate: inputs and actions sent as the browser sends them give the right
derived values; bad input is refused and snaps back."""

import math

import numpy as np
import pytest
from helpers import HOSTILE_VALUES, assert_derived_refused, assert_refused

from r1widgets.chapters.token_update import MAX_SEED, TokenUpdate
from r1widgets.core import token_update as tu


def hand_softmax(z):
    e = [math.exp(v - max(z)) for v in z]
    return [v / sum(e) for v in e]


def hand_step(z, chosen, adv, lr):
    """The update rule written out: chosen += η·A·(1 − p), others −= η·A·p_i."""
    p = hand_softmax(z)
    return [
        v + lr * adv * (1 - p[i]) if i == chosen else v - lr * adv * p[i] for i, v in enumerate(z)
    ]


def model_state(w):
    """Every input and derived trait (not the widget's layout id, which differs per instance)."""
    return {n: getattr(w, n) for n in [*w.input_names(), *w.derived_names()]}


def expected_after(w):
    return [
        hand_softmax(
            hand_step(pos["logits"], pos["chosen"], w.effective_advantage, w.learning_rate)
        )
        for pos in w.positions
    ]


def test_defaults():
    w = TokenUpdate()
    assert (w.learning_rate, w.advantage, w.advantage_source, w.seed) == (1.0, 1.0, "group", 7)
    assert w.prompt == "What is 12 × 8?" and w.ground_truth == "96"
    assert len(w.positions) == len(tu.CANDIDATES) == len(w.chosen)
    assert w.response == tu.response_text(w.chosen)
    assert w.response.endswith(" 96") and w.reward == 1.0 and "96" in w.reward_reason
    # the group rule by hand: rewards (1, 1, 1, 0), mean 3/4, population std √3/4
    assert w.effective_advantage == pytest.approx((1 - 0.75) / (math.sqrt(3) / 4))
    assert w.error == ""
    assert (w.rollout_index, w.updates_applied) == (0, 0)
    for pos, z in zip(w.positions, tu.INITIAL_LOGITS, strict=True):
        assert pos["logits"] == list(z)
        assert pos["probabilities_before"] == pytest.approx(hand_softmax(z))
    np.testing.assert_allclose(w.probabilities_after, expected_after(w), rtol=0, atol=1e-12)
    for q in w.probabilities_after:
        assert sum(q) == pytest.approx(1.0)
    assert w.probabilities_before == [p["probabilities_before"] for p in w.positions]


def test_default_source_never_pushes_a_wrong_answer_up():
    """With the defaults (the group rule), a wrong rollout always gets A < 0, whatever the
    seed and however many rollouts are drawn; a right one always gets A > 0."""
    assert TokenUpdate.class_traits()["advantage_source"].default_value == "group"
    seen = {0.0: 0, 1.0: 0}
    for seed in range(60):
        w = TokenUpdate(seed=seed)
        assert w.advantage_source == "group"
        for _ in range(4):
            seen[w.reward] += 1
            if w.reward == 0.0:
                assert w.effective_advantage < 0
                c = w.chosen
                assert all(d[k] < 0 for d, k in zip(w.deltas_pp, c, strict=True))
            else:
                assert w.effective_advantage > 0
            w.new_rollout()
    assert seen[0.0] > 20 and seen[1.0] > 20  # both kinds were drawn


def test_a_hand_set_advantage_overrides_the_reward(browser):
    w = TokenUpdate(seed=0)  # a wrong rollout
    assert w.reward == 0.0 and w.effective_advantage < 0
    browser(w).update(advantage_source="hand", advantage=1.0)
    assert w.effective_advantage == 1.0  # the hand value wins: a wrong answer pushed up
    assert w.response_probability_after > w.response_probability_before


def test_positive_advantage_raises_every_chosen_token(browser):
    w = TokenUpdate(advantage_source="hand")
    b = browser(w)
    b.update(advantage=1.5, learning_rate=0.5)
    assert w.effective_advantage == 1.5
    np.testing.assert_allclose(w.probabilities_after, expected_after(w), rtol=0, atol=1e-12)
    for pos, after, delta in zip(w.positions, w.probabilities_after, w.deltas_pp, strict=True):
        c = pos["chosen"]
        assert after[c] > pos["probabilities_before"][c]
        deltas = [100 * (q - p) for p, q in zip(pos["probabilities_before"], after, strict=True)]
        assert delta == pytest.approx(deltas)
        assert delta[c] > 0
    assert w.response_probability_after > w.response_probability_before
    chosen_p = [p["probabilities_before"][p["chosen"]] for p in w.positions]
    assert w.response_probability_before == pytest.approx(math.prod(chosen_p))


def test_negative_advantage_reverses_and_zero_freezes(browser):
    w = TokenUpdate(advantage_source="hand")
    b = browser(w)
    b.update(advantage=0.8)
    up = w.deltas_pp
    b.update(advantage=-0.8)
    for i, (pos, d) in enumerate(zip(w.positions, up, strict=True)):
        c = pos["chosen"]
        assert w.deltas_pp[i][c] < 0 and d[c] > 0
        logit_moves = np.subtract(w.logits_after[i], pos["logits"])
        assert np.sign(logit_moves).tolist() == [(-1.0 if k == c else 1.0) for k in range(3)]
    b.update(advantage=0.0)
    assert w.probabilities_after == w.probabilities_before
    assert all(d == 0 for row in w.deltas_pp for d in row)


def test_a_hand_set_zero_advantage_says_the_update_changes_nothing(browser):
    """With A = 0 by hand, Apply only counts: the kernel says so before it is pressed, and the
    policy after it is the policy before (checked on the probabilities, not on the note)."""
    w = TokenUpdate()
    b = browser(w)
    assert w.update_note == ""  # the group rule never gives A = 0 here: (1, 1, 1, 0) or (0, ...)
    b.update(advantage_source="hand", advantage=0.0)
    assert w.update_note.startswith("A = 0: this update changes nothing")
    before = [list(p["probabilities_before"]) for p in w.positions]
    b.custom({"action": "apply_update"})
    assert w.updates_applied == 1
    assert [p["probabilities_before"] for p in w.positions] == before
    assert w.update_note.startswith("A = 0")  # and the next one would change nothing either
    b.update(advantage=0.05)  # any other A moves something, and the note goes
    assert w.update_note == "" and w.deltas_pp != [[0.0] * 3] * len(before)
    b.update(advantage=0.0)
    b.update(advantage_source="group")
    assert w.update_note == "" and w.effective_advantage != 0


def test_group_source_uses_chapter_02s_rule(browser):
    w = TokenUpdate(advantage_source="hand")  # the default rollout is correct: (1, 1, 1, 0)
    b = browser(w)
    b.update(advantage_source="group")
    assert w.group_rewards == [1.0, 1.0, 1.0, 0.0]
    assert w.group_mean == pytest.approx(0.75) and w.group_std == pytest.approx(math.sqrt(3) / 4)
    assert w.effective_advantage == pytest.approx(1 / math.sqrt(3))
    np.testing.assert_allclose(w.probabilities_after, expected_after(w), rtol=0, atol=1e-12)
    b.update(advantage=-2.0)  # the hand value is ignored while the source is "group"
    assert w.effective_advantage == pytest.approx(1 / math.sqrt(3))
    w2 = TokenUpdate(seed=0, advantage_source="group")  # a wrong rollout: group (0, 1, 1, 0)
    assert w2.reward == 0.0 and w2.effective_advantage == pytest.approx(-1.0)


def test_new_rollout_is_deterministic_and_samples_the_policy(browser):
    w = TokenUpdate(seed=3)
    b = browser(w)
    first = w.chosen
    b.custom({"action": "new_rollout"})
    assert w.rollout_index == 1 and w.error == ""
    rng = np.random.default_rng([3, 1])
    assert w.chosen == tu.sample_tokens(tu.INITIAL_LOGITS, rng)
    assert b.state_sent()["chosen"] == w.chosen
    other = TokenUpdate(seed=3)
    other.new_rollout()
    assert other.chosen == w.chosen and other.response == w.response
    assert TokenUpdate(seed=3).chosen == first
    assert w.reward == float(w.response.endswith(" 96"))


def test_seed_change_redraws_the_rollout(browser):
    w = TokenUpdate()
    browser(w).update(seed=0)
    assert w.chosen == tu.sample_tokens(tu.INITIAL_LOGITS, np.random.default_rng([0, 0]))
    assert w.chosen == TokenUpdate(seed=0).chosen


def test_apply_update_commits_the_after_probabilities(browser):
    w = TokenUpdate(learning_rate=2.0, advantage_source="hand")
    b = browser(w)
    after, chosen = w.probabilities_after, w.chosen
    expected_logits = [
        hand_step(list(z), c, 1.0, 2.0) for z, c in zip(tu.INITIAL_LOGITS, chosen, strict=True)
    ]
    b.custom({"action": "apply_update"})
    assert w.updates_applied == 1 and w.chosen == chosen and w.error == ""
    np.testing.assert_allclose(w.probabilities_before, after, rtol=0, atol=1e-12)
    for pos, z in zip(w.positions, expected_logits, strict=True):
        assert pos["logits"] == pytest.approx(z)
    # repeated updates with A > 0 keep raising the sampled response
    p1 = w.response_probability_before
    w.apply_update()
    assert w.response_probability_before > p1


def test_reset_restores_the_start(browser):
    w = TokenUpdate()
    start = w.get_state()
    b = browser(w)
    b.custom({"action": "new_rollout"})
    b.custom({"action": "apply_update"})
    b.custom({"action": "new_rollout"})
    assert w.rollout_index == 2 and w.updates_applied == 1
    b.custom({"action": "reset"})
    assert w.get_state() == start


def test_same_seed_same_actions_same_state():
    def run():
        w = TokenUpdate(seed=11, learning_rate=3.0, advantage_source="group")
        for _ in range(4):
            w.new_rollout()
            w.apply_update()
        return model_state(w)

    assert run() == run()


def test_an_accepted_change_sends_derived_values_in_one_message(browser):
    w = TokenUpdate()
    b = browser(w)
    b.update(learning_rate=0.3)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"probabilities_after", "logits_after", "deltas_pp"} <= set(updates[0]["state"])
    # A slider leaves the rollout and the policy alone, so the per-position table is not resent.
    assert "positions" not in updates[0]["state"]
    b.clear()
    b.custom({"action": "new_rollout"})
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1 and "positions" in updates[0]["state"]


EXTRA_BAD = {
    "learning_rate": [0.0, 0.01, 5.5, -1, "1.0"],
    "advantage": [-2.5, 2.01, "1"],
    "advantage_source": ["Group", "", "both", 1],
    "seed": [-1, 2.5, MAX_SEED + 1],
}
CASES = [(name, v) for name, extra in EXTRA_BAD.items() for v in [*HOSTILE_VALUES, *extra]]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_hostile_values_are_refused_and_sent_back(browser, name, value):
    w = TokenUpdate()
    b = browser(w)
    assert_refused(w, b, name, value)
    b.update(learning_rate=0.5)  # and the kernel still serves
    assert w.learning_rate == 0.5 and w.error == ""


@pytest.mark.parametrize(
    "name",
    [
        "positions",
        "chosen",
        "reward",
        "probabilities_after",
        "effective_advantage",
        "update_note",
        "error",
    ],
)
def test_browser_cannot_set_derived_traits(browser, name):
    w = TokenUpdate()
    assert_derived_refused(w, browser(w), name, [1, 1])


@pytest.mark.parametrize(
    "content",
    [{"action": "step"}, {"action": "_draw"}, {"action": "new_rollout", "x": 1}, "reset", None],
)
def test_unknown_actions_are_refused(browser, content):
    w = TokenUpdate()
    before = w.get_state()
    browser(w).custom(content)
    assert w.error.startswith("refused")
    assert {k: v for k, v in w.get_state().items() if k != "error"} == {
        k: v for k, v in before.items() if k != "error"
    }


def test_state_round_trips():
    w = TokenUpdate(seed=40, learning_rate=2.5, advantage=-0.7, advantage_source="hand")
    state = {k: v for k, v in w.get_state().items() if k in TokenUpdate.input_names()}
    w2 = TokenUpdate(**state)
    assert model_state(w2) == model_state(w)
