"""Test helpers: a fake browser that talks to a widget the way the front end does, and the
hostile values every input is tested with."""

from __future__ import annotations

from typing import Any


class FakeBrowser:
    """Sends comm messages to a widget as the browser would and records what comes back."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self.sent: list[dict[str, Any]] = []
        widget.comm.send = self._record

    def _record(self, data=None, metadata=None, buffers=None) -> None:
        self.sent.append(data)

    def update(self, **state: Any) -> None:
        self.widget._handle_msg(
            {"content": {"data": {"method": "update", "state": state}}, "buffers": []}
        )

    def custom(self, content: Any) -> None:
        self.widget._handle_msg(
            {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
        )

    def state_sent(self) -> dict[str, Any]:
        """Every trait value the kernel sent back as a plain update, merged in order."""
        merged: dict[str, Any] = {}
        for msg in self.sent:
            if msg.get("method") == "update":
                merged.update(msg["state"])
        return merged

    def clear(self) -> None:
        self.sent.clear()


HOSTILE_VALUES = [
    float("nan"),
    float("inf"),
    float("-inf"),
    "x" * 200_000,
    None,
    True,
    {"a": 1},
    [1, 2, 3],
    -1e308,
    1e308,
]


def assert_refused(widget, browser, name: str, value) -> None:
    """Send ``{name: value}`` as the browser would and check the base's contract: nothing
    changes but ``error``, the error names the input, a warning is logged, and the last valid
    value is sent back so the view snaps back."""
    import logging

    before = widget.get_state()
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    log = logging.getLogger("r1widgets")
    log.addHandler(handler)
    try:
        browser.update(**{name: value})
    finally:
        log.removeHandler(handler)
    assert widget.get_state() == {**before, "error": widget.error}
    assert widget.error.startswith(f"{name} refused") and len(widget.error) < 400
    assert any(name in r.getMessage() and r.levelno >= logging.WARNING for r in records)
    assert browser.state_sent()[name] == before[name]  # the snap-back


def assert_derived_refused(widget, browser, name: str, value) -> None:
    """Send ``{name: value}`` for a trait the kernel computes and check that the browser's write
    is refused: nothing changes but ``error``, which says the value is the kernel's to compute."""
    before = widget.get_state()
    browser.update(**{name: value})
    after = widget.get_state()
    assert {k: v for k, v in after.items() if k != "error"} == {
        k: v for k, v in before.items() if k != "error"
    }
    assert "computed by the kernel" in widget.error
