"""Chapter 12: five ways to fool a toy outcome reward model (hand-set weights, standing in for a
learned one), and a rule that is not fooled."""

from __future__ import annotations

from typing import Any

import traitlets

from .._base import STATIC, ChapterWidget, Derived, Input, Text
from ..core import prm, rewards


class ExploitList(traitlets.List):
    """Names from :data:`prm.EXPLOITS`, each at most once; kept in the whitelist's order."""

    def __init__(self) -> None:
        super().__init__(default_value=[])

    def validate(self, obj: Any, value: Any) -> list[str]:
        if not isinstance(value, list | tuple):
            raise traitlets.TraitError(f"{self.name} must be a list, not {type(value).__name__}")
        if len(value) > len(prm.EXPLOITS):
            raise traitlets.TraitError(
                f"{self.name} holds at most {len(prm.EXPLOITS)} names, got {len(value)}"
            )
        for item in value:
            if not isinstance(item, str) or item not in prm.EXPLOITS:
                shown = repr(item)[:40]
                raise traitlets.TraitError(
                    f"{self.name}: {shown} is not one of {list(prm.EXPLOITS)}"
                )
        if len(set(value)) != len(value):
            raise traitlets.TraitError(f"{self.name} lists a name twice")
        return [name for name in prm.EXPLOITS if name in value]


class RewardHacking(ChapterWidget):
    """A toy outcome reward model and R1's rule-based checker, scoring the same response.

    The toy outcome reward model (hand-set weights, standing in for a learned one; see
    :mod:`r1widgets.core.prm`) scores the whole text once from surface features: an outcome
    reward model, not a process reward model, which would score each step. The rules are chapter
    03's: the accuracy reward (rule-based) and, beside it, the format reward.

    The response is composed from ``base`` and ``exploits``: changing either rewrites it. It
    can also be set directly (typed in the view or assigned in Python); it is then scored as
    written and ``edited`` turns True. The switches then no longer describe the text, so the
    kernel clears ``exploits``, and while the text is edited it refuses ``base`` and
    ``exploits`` from the browser (the view locks those controls): a switch never throws away
    a person's text. :meth:`recompose` (the view's "Back to the composed answer" button, an
    action) discards the edit and composes the text again. Python code may still assign
    ``base`` or ``exploits`` while the text is edited: that recomposes the text, on purpose.

    The traits were renamed from ``prm_*`` and ``rule_reward`` (the model is no PRM; "rule
    reward" meant the accuracy reward alone here): ``reward_model_score``,
    ``reward_model_logit``, ``reward_model_weights``, ``reward_model_bias``,
    ``reward_model_contributions`` and ``accuracy_reward``.

    Examples
    --------
    >>> w = RewardHacking()
    >>> w.accuracy_reward, round(w.reward_model_score, 2)
    (0.0, 0.14)
    >>> w.exploits = ["padding_steps", "fake_verification"]
    >>> w.accuracy_reward, w.reward_model_score > 0.8
    (0.0, True)
    """

    _esm = STATIC / "reward_hacking.js"
    _actions = ("recompose",)

    exploits = Input(ExploitList())
    """Exploits switched on: any of padding_steps, confident_filler, fake_verification,
    restate_question, hedge_both."""
    base = Input(traitlets.Enum(list(prm.BASES), "wrong"))
    """The honest answer the exploits decorate: "wrong" (says 7919 is not prime) or "correct"."""
    response = Input(Text(""))
    """The scored text: base + exploits, unless set directly."""

    question = Derived(traitlets.Unicode(prm.QUESTION))
    ground_truth = Derived(traitlets.Unicode(prm.GROUND_TRUTH))
    edited = Derived(traitlets.Bool(False))
    """True when ``response`` differs from the text that base + exploits compose: the person's
    own text. ``exploits`` is then empty and the browser may not set ``base`` or ``exploits``
    until :meth:`recompose`."""
    feature_names = Derived(traitlets.List(traitlets.Unicode()))
    feature_labels = Derived(traitlets.Dict())
    """Feature name -> the short word the chart and the table both show."""
    feature_meanings = Derived(traitlets.Dict())
    features = Derived(traitlets.Dict())
    """Feature name -> value, computed from ``response``."""
    reward_model_weights = Derived(traitlets.Dict())
    reward_model_bias = Derived(traitlets.Float(0.0))
    reward_model_contributions = Derived(traitlets.Dict())
    """Feature name -> weight · value."""
    reward_model_logit = Derived(traitlets.Float(0.0))
    reward_model_score = Derived(traitlets.Float(0.0))
    """logistic(bias + Σ contributions), in (0, 1): the toy outcome reward model's belief that
    the whole response is good (one score for the whole text, no step scored on its own)."""
    accuracy_reward = Derived(traitlets.Float(0.0))
    """Chapter 03's accuracy reward (rule-based) against "yes": 1 when the <answer> says 7919
    is prime and offers no other answer, else 0."""
    format_reward = Derived(traitlets.Float(0.0))
    """Chapter 03's format reward (rule-based): 1 when the tags follow the template."""
    extracted_answer = Derived(traitlets.Unicode(""))
    rule_reasons = Derived(traitlets.Dict())
    """One line each for "accuracy" and "format"."""

    def __init__(self, **kwargs: Any) -> None:
        self._compose_first = "response" not in kwargs
        self._clearing = False
        super().__init__(**kwargs)

    def composed(self) -> str:
        """The response that ``base`` and ``exploits`` describe."""
        return prm.compose_response(self.base, self.exploits)

    def _clear_exploits_if_edited(self) -> None:
        """An edited text is not what the switches compose: switch them all off."""
        if self.exploits and self.response != self.composed():
            self._clearing = True
            try:
                self.exploits = []
            finally:
                self._clearing = False

    def _on_input(self, change: dict[str, Any]) -> None:
        name = change["name"]
        if name in ("base", "exploits"):
            if self._clearing:
                return  # the response's observer rescores once, after the clear
            text = self.composed()
            if text != self.response:
                self.response = text  # its observer rescores
                return
        elif name == "response":
            self._clear_exploits_if_edited()
        super()._on_input(change)

    def _refusal(self, name: str, raw: Any) -> str | None:
        problem = super()._refusal(name, raw)
        if problem is None and name in ("base", "exploits") and self.edited:
            value = self.traits()[name].validate(self, raw)
            if value != getattr(self, name):
                return (
                    f"{name} refused: the response is your own text (edited), which this "
                    "change would replace; press 'Back to the composed answer' first"
                )
        return problem

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            if self._compose_first:
                self.response = self.composed()  # observers are not attached yet
            else:
                self._clear_exploits_if_edited()
            out.update(
                feature_names=list(prm.FEATURES),
                feature_labels=dict(prm.FEATURE_LABELS),
                feature_meanings=dict(prm.FEATURE_MEANINGS),
                reward_model_weights=dict(prm.REWARD_MODEL_WEIGHTS),
                reward_model_bias=prm.REWARD_MODEL_BIAS,
            )
        model = prm.reward_model_score(self.response, prm.QUESTION)
        rules = rewards.score_response(self.response, prm.GROUND_TRUTH)
        out.update(
            edited=self.response != self.composed(),
            features=dict(model.features),
            reward_model_contributions=dict(model.contributions),
            reward_model_logit=model.logit,
            reward_model_score=model.score,
            accuracy_reward=rules.accuracy_reward,
            format_reward=rules.format_reward,
            extracted_answer=rules.extracted_answer,
            rule_reasons={
                "accuracy": rules.reasons["accuracy"],
                "format": rules.reasons["format"],
            },
        )
        return out

    def recompose(self) -> None:
        """Discard a hand edit: the response becomes base + exploits again (action)."""
        self.response = self.composed()

    def toggle(self, exploit: str, on: bool | None = None) -> None:
        """Switch one exploit on or off (flip it when ``on`` is None). From Python this also
        replaces an edited response with the composed one."""
        if exploit not in prm.EXPLOITS:
            raise ValueError(f"exploit must be one of {list(prm.EXPLOITS)}, not {exploit!r}")
        now = exploit in self.exploits
        want = (not now) if on is None else bool(on)
        if want != now:
            names = set(self.exploits) ^ {exploit}
            self.exploits = [n for n in prm.EXPLOITS if n in names]
