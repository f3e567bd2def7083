"""Chapter 07: what did not work. The paper's two unsuccessful attempts (a process reward model
and Monte Carlo tree search), the article's third (a learned value model, marked as the
article's), and a calculator for the size of the search tree that MCTS faces over tokens."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import traitlets

from .. import paper
from .._base import STATIC, ChapterWidget, Derived, Input, StrictInt
from ..core import search

APPROACHES = ("prm", "mcts", "value_model")
DEFAULT_BRANCHING = search.MAX_BRANCHING  # token level: any of V3's vocabulary can come next
DEFAULT_DEPTH = 10  # illustrative: ten tokens, a short phrase
DEFAULT_CAP = 4  # illustrative: the paper sets a per-node cap but does not give its value
CHAPTER_12 = 12  # the chapter that shows reward hacking, linked from the PRM card


def _item(sourced: paper.Sourced) -> dict[str, str]:
    """A paper point as the view gets it: {value, source}, exactly as paper.py holds it."""
    return {"value": str(sourced.value), "source": sourced.source}


def _chapter_link(number: int) -> dict[str, str]:
    from ..registry import CHAPTERS  # here: the registry imports this module

    title = next((c.title for c in CHAPTERS if c.number == number), "")
    return {"href": f"#r1w-ch{number:02d}", "text": f"Chapter {number:02d} · {title}".strip()}


def _cards() -> dict[str, dict[str, Any]]:
    """Each approach: its name, whose it is, what it is (our words) and the paper's points."""
    in_paper = "In the paper: one of its two unsuccessful attempts (v1 §4.2)."
    return {
        "prm": {
            "name": "Process reward model (PRM)",
            "origin": "paper",
            "origin_text": in_paper,
            "what": "A PRM is a learned model that scores each intermediate step of a "
            "solution, not only the final answer, so RL could reward good steps along the way.",
            "limitations": [_item(s) for s in paper.PRM_LIMITATIONS],
            "conclusion": _item(paper.PRM_CONCLUSION),
            "conclusion_label": "The paper's verdict on PRMs:",
            "link": _chapter_link(CHAPTER_12),
            "link_text": "Reward hacking, the third point, is played out with a toy reward "
            "model in",
        },
        "mcts": {
            "name": "Monte Carlo tree search (MCTS)",
            "origin": "paper",
            "origin_text": in_paper,
            "what": "MCTS builds a tree of partial answers and spends its simulations on the "
            "branches that look most promising. It judges a branch by rollouts (playing a "
            "partial answer out to the end and scoring the result) or by a value model (a "
            "network that estimates the reward a partial answer will end up earning). It is the "
            "search behind AlphaGo and AlphaZero, which inspired the attempt.",
            "method": _item(paper.MCTS_METHOD),
            "limitations": [_item(s) for s in paper.MCTS_CHALLENGES],
            "conclusion": _item(paper.MCTS_CONCLUSION),
            "conclusion_label": "The paper's verdict on MCTS:",
        },
        "value_model": {
            "name": "Learned value model",
            "origin": "article",
            "origin_text": "The article's addition, not the paper's: the paper lists two "
            "unsuccessful attempts (PRM and MCTS). A learned value model appears in the paper "
            "only as part of the MCTS attempt, and its point about it is the one below.",
            "what": "A value model is a network that estimates how good a partial answer is: "
            "the reward the finished answer is expected to earn from that point on. GRPO needs "
            "none: it compares each answer with the rest of its group instead (chapter 02).",
            "limitations": [_item(paper.MCTS_CHALLENGES[1])],
            "conclusion": _item(paper.MCTS_CONCLUSION),
            "conclusion_label": "The paper's verdict on MCTS:",
        },
    }


def _count_to_json(value: int, _widget: Any) -> dict[str, object]:
    """An exact count travels as text: a JSON number is a float in the browser (exact only up
    to 2**53), and Python refuses to write an int of more than 4,300 digits as a string."""
    return search.describe_count(value).as_json()


def Count() -> traitlets.Int:
    """An exact integer count, sent to the browser as text (the browser never sets it)."""
    return traitlets.Int(1).tag(to_json=_count_to_json)


class FailedApproaches(ChapterWidget):
    """The paper's unsuccessful attempts as cards, and the size of the tree MCTS must search.

    Inputs: ``approach`` ("prm", "mcts" or "value_model": the last is the article's addition,
    marked so in ``card``), ``branching`` (children per node, 1 to 129,280: DeepSeek-V3's
    vocabulary), ``depth`` (levels below the root, 1 to 32,768: R1's maximum response length in
    tokens) and ``expansion_cap`` (the most children a node may expand, 1 to 129,280; a cap of
    zero is refused).

    Derived: ``card`` and ``limitations`` (the paper's points in our words, each with its
    source) for the chosen approach; ``search_space`` and ``nodes_explored``, exact Python
    integers: the nodes of the full tree, sum of branching**d for d = 0..depth, and of the
    tree a search capped at ``expansion_cap`` children per node can reach at most, sum of
    min(cap, branching)**d (see :mod:`r1widgets.core.search`); ``share_searched``, their ratio
    as text in scientific notation or percent (the exact ratio is :meth:`share_fraction`).
    The browser gets the counts as text, never as JSON numbers.

    Examples
    --------
    >>> w = FailedApproaches(branching=2, depth=3, expansion_cap=1)
    >>> w.search_space, w.nodes_explored, w.share_searched["text"]
    (15, 4, '26.67%')
    """

    _esm = STATIC / "failed_approaches.js"

    approach = Input(traitlets.Enum(list(APPROACHES), "mcts"))
    branching = Input(StrictInt(DEFAULT_BRANCHING, min=1, max=search.MAX_BRANCHING))
    depth = Input(StrictInt(DEFAULT_DEPTH, min=1, max=search.MAX_DEPTH))
    expansion_cap = Input(StrictInt(DEFAULT_CAP, min=1, max=search.MAX_BRANCHING))

    approaches = Derived(traitlets.List())
    """[{id, name, origin}] for the three cards, in order; origin "paper" or "article"."""
    card = Derived(traitlets.Dict())
    """The chosen approach: name, origin, origin_text, what it is, conclusion (with its label:
    the value-model card shows the paper's verdict on MCTS), link."""
    limitations = Derived(traitlets.List())
    """[{value, source}]: the paper's points against the chosen approach, in our words, each
    value exactly as paper.py holds it."""
    caveat = Derived(traitlets.Dict())
    limits = Derived(traitlets.Dict())
    """The published values that bound the sliders: {name: {value, source}}."""
    search_space = Derived(Count())
    nodes_explored = Derived(Count())
    share_searched = Derived(traitlets.Dict())
    """nodes_explored / search_space: {mantissa, exponent, percent, whole, scientific, text}."""
    effective_cap = Derived(traitlets.Int(DEFAULT_CAP))
    """min(expansion_cap, branching): a cap above the branching factor changes nothing."""

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        cards = _cards()
        if changed is None:
            out.update(
                approaches=[
                    {"id": k, "name": cards[k]["name"], "origin": cards[k]["origin"]}
                    for k in APPROACHES
                ],
                caveat=_item(paper.UNSUCCESSFUL_CAVEAT),
                limits={
                    "branching": {
                        "value": paper.V3_VOCABULARY_SIZE.value,
                        "source": paper.V3_VOCABULARY_SIZE.source,
                    },
                    "depth": {
                        "value": paper.R1_FIRST_RL_STAGE["max_length"].value,
                        "source": paper.R1_FIRST_RL_STAGE["max_length"].source,
                    },
                },
            )
        if changed is None or "approach" in changed:
            card = dict(cards[self.approach])
            out["limitations"] = card.pop("limitations")
            out["card"] = {"id": self.approach, **card}
        if changed is None or changed & {"branching", "depth", "expansion_cap"}:
            counts = search.search_counts(self.branching, self.depth, self.expansion_cap)
            out.update(
                search_space=counts.search_space,
                nodes_explored=counts.nodes_explored,
                share_searched=counts.share.as_json(),
                effective_cap=min(self.expansion_cap, self.branching),
            )
        return out

    def share_fraction(self) -> Fraction:
        """nodes_explored / search_space as an exact fraction (slow at the largest trees: the
        reduction runs a gcd over integers of up to ~170,000 digits)."""
        return Fraction(self.nodes_explored, self.search_space)

    def __repr__(self) -> str:  # the default repr writes every trait, and a huge int raises
        return (
            f"FailedApproaches(approach={self.approach!r}, branching={self.branching}, "
            f"depth={self.depth}, expansion_cap={self.expansion_cap})"
        )
