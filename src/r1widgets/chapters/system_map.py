"""Chapter 08: the twelve components of the DeepSeek-R1 system and what depends on what.

The graph (nodes, edges, each edge's reason and source) lives in :mod:`r1widgets.core.graph`;
this widget picks a node and sends its details and its transitive upstream and downstream."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import traitlets

from .._base import STATIC, ChapterWidget, Derived, Input
from ..core import graph

DEFAULT_NODE = "r1_zero"  # upstream and downstream both non-empty, and R1-Zero feeds R1


class SystemMap(ChapterWidget):
    """The system as a dependency graph: choose a component, see what it is built from
    (``upstream``) and what is built from it (``downstream``), both transitive.

    Input: ``selected``, one of the twelve node ids (``graph.NODE_IDS``); anything else is
    refused. Derived: ``nodes`` ([{id, name, group, column, row}], in map order), ``edges``
    ([{source, target, why, cite}]: target is built using source), ``details`` (the selected
    node's name, group, summary and facts, each fact with its source and the published value it
    shows, if any), ``upstream`` and ``downstream`` (node ids in map order).

    Examples
    --------
    >>> m = SystemMap(selected="r1_zero")
    >>> m.upstream
    ['ground_truth', 'prompts', 'v3_base', 'rule_reward', 'grpo']
    >>> "cold_start" in m.downstream and "r1_distill" in m.downstream
    True
    """

    _esm = STATIC / "system_map.js"

    selected = Input(traitlets.Enum(list(graph.NODE_IDS), DEFAULT_NODE))

    nodes = Derived(traitlets.List())
    edges = Derived(traitlets.List())
    details = Derived(traitlets.Dict())
    upstream = Derived(traitlets.List())
    downstream = Derived(traitlets.List())

    def _derived(self, changed: set[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if changed is None:
            out["nodes"] = [
                {
                    "id": n.id,
                    "name": n.name,
                    "group": n.group,
                    "column": graph.GROUPS.index(n.group),
                    "row": n.row,
                }
                for n in graph.NODES
            ]
            out["edges"] = [asdict(e) for e in graph.EDGES]
        node = graph.BY_ID[self.selected]
        out["details"] = {
            "id": node.id,
            "name": node.name,
            "group": node.group,
            "summary": node.summary,
            "facts": [asdict(f) for f in node.facts],
        }
        out["upstream"] = graph.in_map_order(graph.upstream(node.id))
        out["downstream"] = graph.in_map_order(graph.downstream(node.id))
        return out

    def select(self, node: str) -> None:
        """Select a node by id (same as setting ``selected``); raises on an unknown id."""
        if node not in graph.NODE_IDS:
            raise ValueError(f"node must be one of {list(graph.NODE_IDS)}, not {node!r}")
        self.selected = node
