"""The chapters in marimo, without a browser: a browser update that marimo applies twice changes
nothing the second time, the theme's light-dark() pairs are the two palettes, the walkthrough's
marimo layout, and the example app runs.

marimo 0.25 applies each browser update twice: its kernel hands the model message to the comm
(ipywidgets' ``_handle_msg``, then ``set_state``), then gives the same state to the
``mo.ui.anywidget`` wrapper as its new value, whose ``_convert_value`` calls ``set_state``
again (marimo/_runtime/kernel_request_handlers.py, ``_handle_receive_model_message``). The
tests below do the same: the FakeBrowser's update, then marimo's own ``_convert_value``.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
import traitlets
from helpers import FakeBrowser

from r1widgets import CHAPTERS, GRPOLoss, GRPOSimulator
from r1widgets._base import ChapterWidget, Input, StrictBool

mo = pytest.importorskip("marimo")

ROOT = Path(__file__).resolve().parents[1]


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _twice(widget, state: dict) -> FakeBrowser:
    """Send ``state`` as marimo does: the comm's update, then the wrapper's value."""
    browser = FakeBrowser(widget)
    element = mo.ui.anywidget(widget)
    browser.update(**state)
    element._convert_value(dict(state))
    return browser


def test_a_refusal_applied_twice_is_logged_once_and_changes_nothing(caplog):
    w = GRPOLoss()
    before = w.get_state()
    with caplog.at_level(logging.WARNING, logger="r1widgets"):
        b = _twice(w, {"group_size": 40})
    assert len([m for m in _warnings(caplog) if "group_size refused" in m]) == 1
    assert w.get_state() == {**before, "error": w.error}
    assert w.error.startswith("group_size refused")
    assert b.state_sent()["group_size"] == 4  # the view snaps back


def test_an_update_applied_twice_ends_as_applied_once():
    """Applied again, this update (a knob and a published setting at once) would re-apply the
    setting's β over the one the first application kept: the state the second application
    leaves must be the state the first one left. It sends nothing new: at most the kernel's
    values of what the update named, which the view already has."""
    state = {"kl_beta": 0.5, "preset_name": "deepseek-r1"}
    once = GRPOLoss()
    FakeBrowser(once).update(**state)
    w = GRPOLoss()
    browser = FakeBrowser(w)
    element = mo.ui.anywidget(w)
    browser.update(**state)
    sent = len(browser.sent)
    element._convert_value(dict(state))
    names = w.input_names() + w.derived_names()
    assert w.get_state(names) == once.get_state(names)
    for msg in browser.sent[sent:]:
        assert msg["method"] == "update" and set(msg["state"]) <= set(state)
        assert msg["state"] == w.get_state(list(msg["state"]))


def test_the_same_update_from_the_browser_twice_logs_once_and_snaps_back_twice(caplog):
    """A view that really sends a refused value again (a tampered control) still gets the
    kernel's value back; the refusal, unchanged, is not logged again."""
    w = GRPOLoss()
    b = FakeBrowser(w)
    with caplog.at_level(logging.WARNING, logger="r1widgets"):
        b.update(group_size=40)
        b.clear()
        b.update(group_size=40)
    assert len([m for m in _warnings(caplog) if "group_size refused" in m]) == 1
    assert b.state_sent() == {"group_size": 4}


def test_a_repeat_after_a_change_is_applied_again():
    """The same values are a new update once anything has changed since: Python's write here."""
    w = GRPOLoss()
    b = FakeBrowser(w)
    b.update(kl_beta=0.5)
    w.kl_beta = 1.0
    b.update(kl_beta=0.5)
    assert w.kl_beta == 0.5


def test_a_repeat_after_an_action_is_applied_again():
    w = GRPOSimulator()
    b = FakeBrowser(w)
    b.update(learning_rate=0.5)
    b.custom({"action": "step"})
    w.learning_rate = 1.0
    b.custom({"action": "reset"})
    b.update(learning_rate=0.5)
    assert w.learning_rate == 0.5 and w.step_count == 0


class Flag(ChapterWidget):
    flag = Input(StrictBool(False))
    count = Input(traitlets.Int(0))

    def _derived(self, changed):
        return {}


def test_a_repeat_is_the_same_value_of_the_same_type():
    """1 == True in Python: after 1 is refused, true is a new update, and is accepted."""
    w = Flag()
    b = FakeBrowser(w)
    b.update(flag=1)
    assert "flag refused" in w.error
    b.update(flag=True)
    assert w.flag is True and w.error == ""


# --- the theme ---------------------------------------------------------------------------------

THEME = (ROOT / "js" / "lib" / "theme.css").read_text()


def _block(selector_start: str) -> str:
    start = THEME.index(selector_start)
    return THEME[THEME.index("{", start) + 1 : THEME.index("}", start)]


def _palette(block: str) -> dict[str, str]:
    return {m[1]: m[2].strip() for m in re.finditer(r"(--r1w-[\w-]+):\s*([^;]+);", block)}


def test_the_light_dark_pairs_are_the_light_and_the_dark_palettes():
    """marimo's dark theme reaches the views only through light-dark(): each pair must be the
    light palette's value and the JupyterLab/VS Code dark palette's, so the three never drift."""
    light = _palette(_block(".r1w {"))
    dark = _palette(_block('[data-jp-theme-light="false"] .r1w,'))
    pairs = _palette(_block("@supports (color: light-dark(#000, #fff)) {\n  .r1w {"))
    colours = {n for n in light if n not in ("--r1w-font", "--r1w-mono")}
    assert set(pairs) == colours == set(dark)
    for name, value in pairs.items():
        m = re.fullmatch(r"(var\(--jp-[\w-]+, )?light-dark\((#\w+), (#\w+)\)(\))?", value)
        assert m, f"{name}: {value}"
        jp, lo, hi = m[1] or "", m[2], m[3]
        tail = ")" if jp else ""
        assert light[name] == f"{jp}{lo}{tail}", name
        assert dark[name] == f"{jp}{hi}{tail}", name
    assert "color-scheme: dark" in _block('[data-jp-theme-light="false"] .r1w,')


# --- the walkthrough in marimo -----------------------------------------------------------------


def test_walkthrough_lays_out_every_chapter_under_its_caption():
    from r1widgets.marimo import walkthrough

    page = walkthrough().text
    assert page.count("<h1>") == 1
    headings = re.findall(r'<h2 id="r1w-ch(\d\d)">', page)
    assert headings == [f"{c.number:02d}" for c in CHAPTERS]
    assert page.count("<marimo-anywidget") == len(CHAPTERS)
    # each chapter's widget follows its own caption: caption i comes before widget i
    spots = [m.start() for m in re.finditer(r'<h2 id="r1w-ch|<marimo-anywidget', page)]
    kinds = ["h2" if page.startswith("<h2", i) else "w" for i in spots]
    assert kinds == ["h2", "w"] * len(CHAPTERS)


def test_walkthrough_uses_given_chapters_and_hides_their_own_titles():
    from r1widgets.marimo import walkthrough

    loss = GRPOLoss()
    sim = mo.ui.anywidget(GRPOSimulator())
    assert loss.title and sim.widget.title
    page = walkthrough({"grpo_loss": loss, "grpo_simulator": sim}).text
    assert loss.title == "" and sim.widget.title == ""
    assert sim._id in page and loss._model_id in page


def test_walkthrough_captions_are_text(monkeypatch):
    import dataclasses

    from r1widgets import marimo as r1_marimo

    hostile = "<img src=x onerror=alert(1)> & *stars*"
    chapters = tuple(dataclasses.replace(c, title=hostile, caption=hostile) for c in CHAPTERS)
    monkeypatch.setattr(r1_marimo, "CHAPTERS", chapters)
    page = r1_marimo.walkthrough().text
    assert "<img" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt; &amp; *stars*") == 3 * len(CHAPTERS)


def test_walkthrough_refuses_unknown_chapters_and_wrong_widgets():
    from r1widgets.marimo import walkthrough

    with pytest.raises(ValueError, match="unknown chapters \\['nope'\\]"):
        walkthrough({"nope": GRPOLoss()})
    with pytest.raises(TypeError, match="must be a GRPOLoss"):
        walkthrough({"grpo_loss": GRPOSimulator()})


# --- the example app ---------------------------------------------------------------------------

APP = ROOT / "examples" / "marimo_app.py"


def test_example_app_passes_marimo_check():
    marimo = Path(sys.executable).parent / "marimo"
    done = subprocess.run([str(marimo), "check", str(APP)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_app_runs():
    import runpy

    app = runpy.run_path(str(APP))["app"]
    _outputs, defs = app.run()
    assert {"loss", "sim", "get_objective", "get_steps", "grpo"} <= set(defs)
    # the mo.state pattern follows a Python-side write, as the app says
    defs["grpo"].preset("deepseek-r1")
    assert defs["get_objective"]() == defs["grpo"].objective
