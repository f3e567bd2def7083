"""The shared widget base: static paths, validated inputs with snap-back, whitelisted actions.

Every chapter widget subclasses :class:`ChapterWidget`. Its traits come in three roles:

* ``Input(trait)``: what a person changes. The browser may set it; the value is validated
  first (finite numbers, bounds, lengths, enum members, text size) and refused otherwise.
* ``Derived(trait)``: computed in Python by ``_derived``; the browser may never set it.
* actions: names in ``_actions``, sent by the view as ``{"action": name}`` custom messages and
  dispatched to the method of the same name (also callable from Python).

A refused browser value is logged, described in the ``error`` trait that the view shows, and
the widget re-sends its current value so the view snaps back. The kernel keeps serving.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

STATIC = Path(__file__).parent / "static"
MAX_TEXT = 100_000  # characters: the largest text the browser may send

log = logging.getLogger("r1widgets")
if not log.handlers:
    # The process's own stderr: the Jupyter server's console, not the notebook page.
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("r1widgets %(levelname)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)


def _preview(value: Any, limit: int = 60) -> str:
    """A short, safe description of an untrusted value for a log line."""
    text = repr(value) if not isinstance(value, str) else repr(value[:limit])
    if isinstance(value, str) and len(value) > limit:
        return f"{text[:limit]}... ({len(value):,} characters)"
    return text if len(text) <= limit else f"{text[:limit]}..."


def _fingerprint(value: Any) -> str | None:
    """The exact text of a browser update (None if it has none), to tell a repeat of it."""
    try:
        return repr(value)
    except Exception:  # RecursionError, or a value whose repr fails: never taken for a repeat
        return None


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[:limit] + "..."


# --- trait types that refuse what traitlets lets through ------------------------------------


class FiniteFloat(traitlets.Float):
    """A float that refuses NaN, infinities and booleans, within optional bounds."""

    def validate(self, obj: Any, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(obj, value)
        value = float(value)
        if not math.isfinite(value):
            raise traitlets.TraitError(f"{self.name} must be a finite number, not {value}")
        return super().validate(obj, value)


class StrictInt(traitlets.Int):
    """An integer that refuses booleans and non-integral floats, within optional bounds."""

    def validate(self, obj: Any, value: Any) -> int:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise traitlets.TraitError(f"{self.name} must be an integer, not {_preview(value)}")
        return super().validate(obj, value)


class Text(traitlets.Unicode):
    """Unicode text of at most ``max_length`` characters."""

    def __init__(self, default_value: str = "", max_length: int = MAX_TEXT, **kwargs: Any):
        self.max_length = max_length
        super().__init__(default_value, **kwargs)

    def validate(self, obj: Any, value: Any) -> str:
        if not isinstance(value, str):
            raise traitlets.TraitError(f"{self.name} must be text, not {type(value).__name__}")
        if len(value) > self.max_length:
            raise traitlets.TraitError(
                f"{self.name} is {len(value):,} characters; at most {self.max_length:,} allowed"
            )
        try:  # JSON may carry a lone surrogate ("\\ud800"), which could never be sent back
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise traitlets.TraitError(
                f"{self.name} has a lone surrogate at character {exc.start}: not valid Unicode"
            ) from None
        return value


class StrictBool(traitlets.Bool):
    """True or False only: 0, 1, "true" and everything else are refused."""

    def validate(self, obj: Any, value: Any) -> bool:
        if not isinstance(value, bool):
            raise traitlets.TraitError(f"{self.name} must be true or false, not {_preview(value)}")
        return value


class FloatList(traitlets.List):
    """A list of min_len..max_len finite floats, each in [low, high]."""

    def __init__(
        self, low: float, high: float, min_len: int, max_len: int, default: Iterable[float]
    ):
        self.low, self.high = low, high
        super().__init__(default_value=list(default), minlen=min_len, maxlen=max_len)

    def validate(self, obj: Any, value: Any) -> list[float]:
        if not isinstance(value, list | tuple):
            raise traitlets.TraitError(f"{self.name} must be a list, not {type(value).__name__}")
        if not self._minlen <= len(value) <= self._maxlen:
            raise traitlets.TraitError(
                f"{self.name} needs {self._minlen} to {self._maxlen} numbers, got {len(value)}"
            )
        out = []
        for i, v in enumerate(value):
            bad = isinstance(v, bool) or not isinstance(v, int | float)
            if bad or not (math.isfinite(v) and self.low <= v <= self.high):
                raise traitlets.TraitError(
                    f"{self.name}[{i}] must be a number in [{self.low:g}, {self.high:g}], "
                    f"not {_preview(v)}"
                )
            out.append(float(v))
        return out


class IntList(traitlets.List):
    """A list of min_len..max_len integers, each in [low, high] (booleans refused)."""

    def __init__(self, low: int, high: int, min_len: int, max_len: int, default: Iterable[int]):
        self.low, self.high = low, high
        super().__init__(default_value=list(default), minlen=min_len, maxlen=max_len)

    def validate(self, obj: Any, value: Any) -> list[int]:
        if not isinstance(value, list | tuple):
            raise traitlets.TraitError(f"{self.name} must be a list, not {type(value).__name__}")
        if not self._minlen <= len(value) <= self._maxlen:
            raise traitlets.TraitError(
                f"{self.name} needs {self._minlen} to {self._maxlen} integers, got {len(value)}"
            )
        out = []
        for i, v in enumerate(value):
            if isinstance(v, float) and math.isfinite(v) and v.is_integer():
                v = int(v)
            if isinstance(v, bool) or not isinstance(v, int) or not self.low <= v <= self.high:
                raise traitlets.TraitError(
                    f"{self.name}[{i}] must be an integer in [{self.low}, {self.high}], "
                    f"not {_preview(v)}"
                )
            out.append(v)
        return out


class TextList(traitlets.List):
    """A list of min_len..max_len strings, each of 1..max_length characters of valid Unicode."""

    def __init__(self, min_len: int, max_len: int, max_length: int, default: Iterable[str]) -> None:
        self.max_length = max_length
        super().__init__(default_value=list(default), minlen=min_len, maxlen=max_len)

    def validate(self, obj: Any, value: Any) -> list[str]:
        if not isinstance(value, list | tuple):
            raise traitlets.TraitError(f"{self.name} must be a list, not {type(value).__name__}")
        if not self._minlen <= len(value) <= self._maxlen:
            raise traitlets.TraitError(
                f"{self.name} needs {self._minlen} to {self._maxlen} items, got {len(value)}"
            )
        for i, v in enumerate(value):
            if not isinstance(v, str) or not 1 <= len(v) <= self.max_length:
                raise traitlets.TraitError(
                    f"{self.name}[{i}] must be text of 1 to {self.max_length} characters, "
                    f"not {_preview(v)}"
                )
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise traitlets.TraitError(
                    f"{self.name}[{i}] has a lone surrogate: not valid Unicode"
                ) from None
        return list(value)


def Input(trait: traitlets.TraitType) -> traitlets.TraitType:
    """Mark a trait as an input: synced, settable by the browser after validation."""
    return trait.tag(sync=True, role="input")


def Derived(trait: traitlets.TraitType) -> traitlets.TraitType:
    """Mark a trait as derived: synced to the browser, computed only in Python."""
    return trait.tag(sync=True, role="derived")


# --- the base class ---------------------------------------------------------------------------


class ChapterWidget(anywidget.AnyWidget):
    """Base of every chapter widget. Subclasses set ``_esm`` and implement ``_derived``."""

    _css = STATIC / "theme.css"
    _actions: ClassVar[tuple[str, ...]] = ()
    _changes = 0  # trait changes so far: tells a replayed browser update from a new one
    _last_update: tuple[str, int] | None = None  # the last update (its repr), and _changes after

    error = Derived(traitlets.Unicode(""))
    """Why the last value sent by the browser was refused ("" when the last one was accepted)."""
    title = Derived(traitlets.Unicode(""))
    """The chapter's number and title, from the registry: one title per chapter everywhere."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from .registry import CHAPTERS  # here, not at import: the registry imports the chapters

        # anywidget builds a subclass per instance: find the chapter class along the MRO.
        mro = type(self).__mro__
        self.title = next((f"{c.number:02d} · {c.title}" for c in CHAPTERS if c.widget in mro), "")
        self._refresh(None)
        self.observe(self._on_input, names=self.input_names())
        self.on_msg(self._on_custom_msg)

    # -- roles --------------------------------------------------------------------------------
    @classmethod
    def input_names(cls) -> list[str]:
        return [n for n, t in cls.class_traits().items() if t.metadata.get("role") == "input"]

    @classmethod
    def derived_names(cls) -> list[str]:
        return [n for n, t in cls.class_traits().items() if t.metadata.get("role") == "derived"]

    # -- derived values -----------------------------------------------------------------------
    def _derived(self, changed: set[str] | None) -> Mapping[str, Any]:
        """Return the derived traits to update; ``changed`` is None on the first pass."""
        raise NotImplementedError

    def _refresh(self, changed: set[str] | None) -> None:
        values = self._derived(changed)
        with self.hold_sync():
            for name, value in values.items():
                # Most of a chapter's derived values stay put when one input moves: skip them
                # before traitlets validates every element of an unchanged list (the costly part).
                if type(value) is not type(current := getattr(self, name)) or value != current:
                    setattr(self, name, value)

    def _on_input(self, change: dict[str, Any]) -> None:
        self._refresh({change["name"]})

    def notify_change(self, change: Any) -> None:
        self._changes += 1
        super().notify_change(change)

    # -- the browser's writes -----------------------------------------------------------------
    def _refusal(self, name: str, raw: Any) -> str | None:
        """Why the browser may not set ``name`` to ``raw``, or None if it may."""
        if name not in self.keys:
            return f"unknown property {_preview(name)}"
        role = self.trait_metadata(name, "role")
        if role != "input":
            return f"{name} is computed by the kernel and cannot be set from the browser"
        trait = self.traits()[name]
        try:
            from_json = self.trait_metadata(name, "from_json", self._trait_from_json)
            trait._validate(self, from_json(raw, self))
        except Exception as exc:  # TraitError, TypeError, ValueError from hostile input
            return _short(f"{name} refused: {exc}")
        return None

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply a state update from the browser, refusing what does not validate."""
        if not isinstance(sync_data, dict):
            log.warning("%s: refused a state update that is not a mapping", type(self).__name__)
            return
        # repr, not ==: 1 == 1.0 == True, and only one of them may be the value a trait accepts
        update = _fingerprint(sync_data)
        if update is not None and self._last_update == (update, self._changes):
            # The same update again with nothing changed since: marimo applies every browser
            # update twice (the comm's message, then mo.ui.anywidget's value). Applied again, it
            # would log its refusals twice and could undo what observers made of it (GRPOLoss:
            # a knob and a published setting at once). Only re-send what the view must snap
            # back to, in case a view really sent the same refused value again.
            current = self.get_state([n for n in sync_data if n in self.keys])
            stale = [n for n, v in current.items() if _fingerprint(v) != _fingerprint(sync_data[n])]
            if stale:
                self.send_state(stale)
            return
        accepted: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, raw in sync_data.items():
            problem = self._refusal(name, raw)
            if problem is None:
                accepted[name] = raw
            else:
                problems[name] = problem
                log.warning("%s: %s (value %s)", type(self).__name__, problem, _preview(raw))
        with self.hold_sync():
            if accepted:
                try:
                    super().set_state(accepted)
                except Exception as exc:  # an observer failed: keep serving, report it
                    log.exception("%s: update %s failed", type(self).__name__, list(accepted))
                    problems.update({n: _short(f"{n} refused: {exc}") for n in accepted})
            self.error = "; ".join(problems.values())
            known = [n for n in problems if n in self.keys]
            if known:  # the view snaps back to the kernel's values, in the same message
                self._states_to_send.update(known)
        self._last_update = None if update is None else (update, self._changes)

    def _on_custom_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if not isinstance(content, dict) or set(content) != {"action"}:
            problem = f"refused a message that is not {{'action': name}}: {_preview(content)}"
        elif not isinstance(action, str) or action not in self._actions:
            problem = f"refused unknown action {_preview(action)}; allowed: {list(self._actions)}"
        else:
            try:
                getattr(self, action)()
                self.error = ""
            except Exception as exc:
                log.exception("%s: action %s failed", type(self).__name__, action)
                self.error = _short(f"{action} failed: {exc}")
            return
        log.warning("%s: %s", type(self).__name__, problem)
        self.error = problem
