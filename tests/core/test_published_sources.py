"""Every value the chapters of issue 9 (04 to 08) show as published is in ``paper.py``, with
the same value and a non-empty source.

The convention every chapter follows: a published value travels to the view inside a derived
trait as a dict with the keys ``"value"`` and ``"source"`` (other keys may sit beside them:
``label``, ``text``, ``id`` ...), at any depth (a list of bars, a dict of facts, a nested gap).
``source`` is the exact ``source`` of a :class:`r1widgets.paper.Sourced`, and ``value`` equals
that Sourced's value (tuples compare as lists, numbers to 1e-12). A dict whose ``value`` is
None carries no published value and is skipped; so is a dict without a ``value`` key (a graph
edge's ``source`` is a node, not a citation).

The walk sets every combination of the chapter's enum inputs and of its integer inputs with at
most 16 values, and visits every derived trait. A chapter that exposes no published value at
all fails: its numbers could not be traced. A chapter not built yet is skipped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import pytest
import traitlets

import r1widgets
from r1widgets import paper

CHAPTER_CLASSES = (
    "AhaTimeline",
    "R1Pipeline",
    "DistillAblation",
    "FailedApproaches",
    "SystemMap",
    "LanguageConsistency",
    "R1vsR1Zero",
    "MoERouter",
    "InferenceScaling",
    "TinyR1Zero",
    "Quiz",
)
MAX_SETTINGS = 400


def paper_index() -> dict[str, list[Any]]:
    """source -> the values published under it, from every Sourced reachable in paper.py."""
    index: dict[str, list[Any]] = {}
    seen: set[int] = set()

    def walk(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, paper.Sourced):
            index.setdefault(obj.source, []).append(obj.value)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list | tuple):
            for v in obj:
                walk(v)

    for name, obj in vars(paper).items():
        if not name.startswith("__"):
            walk(obj)
    return index


def published_items(obj: Any) -> Iterator[dict[str, Any]]:
    """Every dict with a non-None "value" and a "source" key inside ``obj``, at any depth."""
    if isinstance(obj, dict):
        if "source" in obj and obj.get("value") is not None:
            yield obj
        for v in obj.values():
            yield from published_items(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from published_items(v)


def same(a: Any, b: Any) -> bool:
    """Equal as published: tuples and lists alike, numbers to 1e-12, bools never equal numbers."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return type(a) is type(b) and a == b


def problem(item: dict[str, Any], index: dict[str, list[Any]]) -> str | None:
    """Why ``item`` is not a traceable published value, or None when it is."""
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        return f"empty source for {item.get('value')!r}"
    if source not in index:
        return f"source not in paper.py: {source!r}"
    if not any(same(item["value"], v) for v in index[source]):
        return f"{item['value']!r} is not the value paper.py publishes under {source!r}"
    return None


def settings(cls: type) -> list[dict[str, Any]]:
    """Every combination of the enum inputs and the small integer inputs (defaults first)."""
    axes: list[list[tuple[str, Any]]] = []
    for name in cls.input_names():
        trait = cls.class_traits()[name]
        if isinstance(trait, traitlets.Enum):
            axes.append([(name, v) for v in trait.values])
        elif isinstance(trait, traitlets.Int) and trait.min is not None and trait.max is not None:
            if trait.max - trait.min < 16:
                axes.append([(name, v) for v in range(trait.min, trait.max + 1)])
    combos = [dict(c) for c in itertools.product(*axes)]
    if len(combos) > MAX_SETTINGS:  # too many: each axis on its own
        combos = [dict([pair]) for axis in axes for pair in axis]
    return [{}, *combos]


def chapter_class(name: str) -> type:
    cls = getattr(r1widgets, name, None)
    if cls is None:
        pytest.skip(f"{name} is not exported by r1widgets yet")
    return cls


@pytest.mark.parametrize("name", CHAPTER_CLASSES)
def test_every_published_value_is_in_paper_with_its_source(name):
    cls = chapter_class(name)
    index = paper_index()
    found, problems = 0, set()
    for kwargs in settings(cls):
        widget = cls(**kwargs)
        for trait in cls.derived_names():
            for item in published_items(getattr(widget, trait)):
                found += 1
                if (why := problem(item, index)) is not None:
                    problems.add(f"{trait} at {kwargs}: {why}")
    assert found, (
        f"{name} exposes no published value as a {{'value': ..., 'source': ...}} dict in any "
        "derived trait: its published numbers cannot be traced to paper.py"
    )
    assert not problems, "\n".join(sorted(problems)[:20])


# --- the walk itself can fail ----------------------------------------------------------------

T6 = paper.DISTILL_TABLE_6["qwen_32b"]["aime_pass_at_1"]


def test_the_check_accepts_a_published_value_and_refuses_a_changed_one():
    index = paper_index()
    good = {"label": "x", "value": T6.value, "source": T6.source}
    assert problem(good, index) is None
    assert "not the value" in problem({**good, "value": T6.value + 0.1}, index)
    assert "not in paper.py" in problem({**good, "source": T6.source + " (typo)"}, index)
    assert "empty source" in problem({**good, "source": " "}, index)


def test_the_walk_finds_nested_items_and_skips_edges_and_empty_values():
    tree = {
        "bars": [{"value": 1, "source": "a"}, {"value": None, "source": "b", "text": "t"}],
        "gap": {"minuend": {"value": 2, "source": "c"}},
        "edges": [{"source": "v3_base", "target": "r1"}],
        "pair": ({"value": [3, 4], "source": "d"},),
    }
    assert [i["source"] for i in published_items(tree)] == ["a", "c", "d"]


def test_values_compare_as_published():
    assert same((200, 0.156), [200, 0.156]) and same(72.6, 72.6 + 1e-15)
    assert not same(72.6, 72.7) and not same(True, 1) and not same("2", 2)
    assert not same([1, 2], [1, 2, 3])


def test_settings_cover_every_enum_value_and_small_int():
    from r1widgets.chapters.r1_pipeline import R1Pipeline

    combos = settings(R1Pipeline)
    assert {c.get("stage") for c in combos} >= {0, 1, 2, 3, 4}
    assert {c.get("benchmark") for c in combos} >= set(paper.NATURE_TABLE_2)
