"""The closing quiz (registry number 17, after chapter 16): eight questions on the R1 paper,
options shuffled by seed, each answer checked in the kernel with an explanation and the
chapter to revisit. The first checked answer to a question is final until ``reset``."""

from __future__ import annotations

from typing import Any

import traitlets

from .._base import STATIC, ChapterWidget, Derived, Input, IntList, StrictInt
from ..core import quiz

MAX_SEED = 2**32 - 1  # numpy's default_rng takes any non-negative int; this keeps JSON exact


def _fact(fact: quiz.Fact) -> dict[str, Any]:
    """A published value as the view gets it: {value, source} exactly as paper.py holds it,
    with the label and the text the explanation writes."""
    return {
        "label": fact.label,
        "text": fact.text,
        "value": fact.sourced.value,
        "source": fact.sourced.source,
    }


def _revisit(number: int) -> dict[str, Any]:
    """The chapter to revisit: its number, its title from the registry, and its anchor in the
    walkthrough (the view links it only when that anchor is on the page)."""
    from ..registry import CHAPTERS  # here, not at import: the registry imports this module

    title = next((c.title for c in CHAPTERS if c.number == number), "")
    return {"number": number, "title": title, "anchor": f"r1w-ch{number:02d}"}


class Quiz(ChapterWidget):
    """Eight multiple-choice questions on the paper, checked in the kernel.

    ``answers[q]`` is the place, in the shown (shuffled) order, of the option chosen for
    question ``q``, or −1 while it is unanswered. The first answer is final: a question may go
    from −1 to a choice, but a different value for an answered question is refused (a
    ``TraitError`` from Python; from the browser it is logged and snaps back) until ``reset``
    clears every answer. So one wrong pick cannot be turned into a right one once the right
    option is revealed, and the score counts first answers. ``seed`` sets the shuffle; a new
    seed keeps each chosen option chosen (its place moves with it). ``questions`` holds the
    stems and the shown options, never which one is right; ``results`` says, for each answered
    question, whether it is right, the right option's place, the explanation (our words), the
    published values it relies on and the chapter to revisit.

    Examples
    --------
    >>> q = Quiz()
    >>> q.score, q.total
    (0, 8)
    >>> q.answers = [q.correct_places()[0]] + [-1] * 7
    >>> q.score, q.results[0]["correct"]
    (1, True)
    """

    _esm = STATIC / "quiz.js"
    _actions = ("reset", "shuffle")

    answers = Input(
        IntList(
            quiz.UNANSWERED,
            quiz.N_OPTIONS - 1,
            quiz.N_QUESTIONS,
            quiz.N_QUESTIONS,
            [quiz.UNANSWERED] * quiz.N_QUESTIONS,
        )
    )
    """Per question, the chosen option's place in the shown order (0 to 3), or −1; an answered
    question keeps its answer until ``reset`` (the first answer is final)."""
    seed = Input(StrictInt(0, min=0, max=MAX_SEED))
    """Shuffles every question's options; the same seed gives the same order."""

    questions = Derived(traitlets.List(traitlets.Dict()))
    """Per question: {"id", "number", "stem", "options"} with the options in the shown order."""
    results = Derived(traitlets.List(traitlets.Dict()))
    """Per question: {"answered", "correct", "chosen", "right_place", "explanation", "facts",
    "revisit"}; the last four are empty (None, "", [], None) until the question is answered."""
    score = Derived(traitlets.Int(0))
    """How many (first, final) answers are right."""
    answered = Derived(traitlets.Int(0))
    """How many questions have an answer."""
    total = Derived(traitlets.Int(quiz.N_QUESTIONS))
    sources = Derived(traitlets.List(traitlets.Dict()))
    """Every published value the explanations use, once each, with its source."""

    def __init__(self, **kwargs: Any) -> None:
        self._remapping = False  # True while the widget itself moves or clears the answers
        super().__init__(**kwargs)

    @traitlets.validate("answers")
    def _first_answer_is_final(self, proposal: dict[str, Any]) -> list[int]:
        new = proposal["value"]
        if self._remapping:
            return new
        for q, (old, answer) in enumerate(zip(self.answers, new, strict=True), 1):
            if old != quiz.UNANSWERED and answer != old:
                raise traitlets.TraitError(
                    f"Question {q} is already answered; use Clear all answers to try again"
                )
        return new

    def _on_input(self, change: dict[str, Any]) -> None:
        if change["name"] == "seed" and not self._remapping:
            old = quiz.shuffle_orders(change["old"])
            new = quiz.shuffle_orders(change["new"])
            moved = quiz.remap_answers(old, new, self.answers)
            if moved != self.answers:
                self._remapping = True
                try:
                    self.answers = moved  # its observer refreshes, with the new seed
                finally:
                    self._remapping = False
                return
        super()._on_input(change)

    def orders(self) -> list[list[int]]:
        """Each question's shown order: ``orders()[q][k]`` is the bank index in place ``k``."""
        return quiz.shuffle_orders(self.seed)

    def correct_places(self) -> list[int]:
        """Where each question's correct option is shown (for Python users and tests)."""
        return [quiz.correct_place(order) for order in self.orders()]

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        orders = self.orders()
        if changed is None:
            seen: dict[tuple[str, str], dict[str, Any]] = {}
            for question in quiz.QUESTIONS:
                for fact in question.facts:
                    seen.setdefault((fact.sourced.source, fact.label), _fact(fact))
            out["sources"] = list(seen.values())
            out["total"] = quiz.N_QUESTIONS
        # Recomputed on every pass (cheap): the base sends it only when the seed moved it.
        out["questions"] = [
            {
                "id": question.id,
                "number": n,
                "stem": question.stem,
                "options": quiz.shown_options(question, order),
            }
            for n, (question, order) in enumerate(zip(quiz.QUESTIONS, orders, strict=True), 1)
        ]
        results = []
        for question, order, answer in zip(quiz.QUESTIONS, orders, self.answers, strict=True):
            verdict = quiz.check(order, answer)
            done = verdict is not None
            results.append(
                {
                    "answered": done,
                    "correct": verdict,
                    "chosen": answer,
                    "right_place": quiz.correct_place(order) if done else None,
                    "explanation": question.explanation if done else "",
                    "facts": [_fact(f) for f in question.facts] if done else [],
                    "revisit": _revisit(question.revisit) if done else None,
                }
            )
        out["results"] = results
        out["score"] = quiz.score(orders, self.answers)
        out["answered"] = sum(a != quiz.UNANSWERED for a in self.answers)
        return out

    def reset(self) -> None:
        """Clear every answer (action): the one way to answer a question again."""
        self._remapping = True
        try:
            self.answers = [quiz.UNANSWERED] * quiz.N_QUESTIONS
        finally:
            self._remapping = False

    def shuffle(self) -> None:
        """Draw a new order of the options (action): the next seed, answers kept."""
        self.seed = 0 if self.seed >= MAX_SEED else self.seed + 1

    def answer(self, question: int, place: int) -> None:
        """Answer question ``question`` (1 to 8) with the option shown in ``place`` (0 to 3).

        Raises ``traitlets.TraitError`` if the question already has a different answer: the
        first answer is final until :meth:`reset`."""
        if not 1 <= question <= quiz.N_QUESTIONS:
            raise ValueError(f"question must be 1 to {quiz.N_QUESTIONS}, not {question}")
        if not 0 <= place < quiz.N_OPTIONS:
            raise ValueError(f"place must be 0 to {quiz.N_OPTIONS - 1}, not {place}")
        answers = list(self.answers)
        answers[question - 1] = place
        self.answers = answers
