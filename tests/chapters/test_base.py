"""The shared base: browser writes are validated, refused values snap back, actions are
whitelisted, and the kernel keeps serving. Exercised through GRPOLoss, the first chapter."""

import logging

import pytest
import traitlets
from helpers import HOSTILE_VALUES, assert_refused

from r1widgets import GRPOLoss
from r1widgets._base import MAX_TEXT, ChapterWidget, Input, Text


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("name", ["kl_beta", "group_size", "rewards", "std_mode", "preset_name"])
def test_hostile_values_are_refused_and_sent_back(browser, caplog, name, value):
    w = GRPOLoss()
    b = browser(w)
    with caplog.at_level(logging.WARNING, logger="r1widgets"):
        assert_refused(w, b, name, value)
    assert all(len(r.getMessage()) < 600 for r in caplog.records)
    # and the kernel still serves a valid change
    b.update(kl_beta=0.5)
    assert w.kl_beta == 0.5 and w.error == ""


@pytest.mark.parametrize("name", ["objective", "advantages", "error", "_esm", "layout", "nope"])
def test_browser_cannot_set_derived_or_private_traits(browser, name):
    w = GRPOLoss()
    before = w.get_state()
    b = browser(w)
    b.update(**{name: [9, 9, 9, 9]})
    assert w.get_state()["objective"] == before["objective"]
    assert w.get_state()["advantages"] == before["advantages"]
    assert w.error


def test_accepted_change_sends_derived_values_in_one_message(browser):
    w = GRPOLoss()
    b = browser(w)
    b.update(kl_beta=1.0)
    updates = [m for m in b.sent if m["method"] == "update"]
    assert len(updates) == 1
    assert {"objective", "kl_penalty"} <= set(updates[0]["state"])


def test_a_mixed_update_keeps_the_good_part(browser):
    w = GRPOLoss()
    b = browser(w)
    b.update(kl_beta=0.3, clip_epsilon=float("nan"))
    assert w.kl_beta == 0.3 and w.clip_epsilon == 0.2
    assert "clip_epsilon" in w.error and "kl_beta" not in w.error


@pytest.mark.parametrize(
    "content",
    [
        {"action": "__class__"},
        {"action": "preset"},
        {"action": 3},
        "step",
        None,
        {"x": 1},
        {"action": "x" * 1_000_000},
        {"action": "reset", "extra": 1},
    ],
)
def test_unknown_or_malformed_actions_are_refused(browser, content):
    w = GRPOLoss()
    before = w.get_state()
    b = browser(w)
    b.custom(content)
    assert w.error.startswith("refused")
    assert len(w.error) < 400
    assert {k: v for k, v in w.get_state().items() if k != "error"} == {
        k: v for k, v in before.items() if k != "error"
    }


def test_python_side_errors_raise_with_a_clear_message():
    w = GRPOLoss()
    with pytest.raises(traitlets.TraitError, match="finite"):
        w.kl_beta = float("nan")
    with pytest.raises(traitlets.TraitError, match="4 values"):
        w.rewards = [1, 0]
    with pytest.raises(ValueError, match="preset must be one of"):
        w.preset("ppo")


def test_text_traits_refuse_more_than_the_limit(browser):
    class Echo(ChapterWidget):
        _esm = "export default { render() {} }"
        text = Input(Text("hi"))

        def _derived(self, changed):
            return {}

    w = Echo()
    b = browser(w)
    b.update(text="y" * (MAX_TEXT + 1))
    assert w.text == "hi" and "at most" in w.error
    b.update(text="y" * MAX_TEXT)
    assert len(w.text) == MAX_TEXT and w.error == ""


def test_state_round_trips():
    w = GRPOLoss(group_size=5, kl_beta=0.2, std_mode="sample")
    state = {k: v for k, v in w.get_state().items() if k in GRPOLoss.input_names()}
    w2 = GRPOLoss(**state)
    assert w2.get_state()["objective"] == pytest.approx(w.objective)
    assert w2.rewards == w.rewards
