"""r1widgets.export_html: one self-contained HTML file holding the full state of every model
reachable from the widget (a chapter's `_esm` and `_css`, its derived values), no reference to
the network, every value escaped, and a clear refusal of what the snapshot cannot show. The
page itself is opened in Chromium by tests/e2e/test_export_html.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import anywidget
import bqplot
import ipywidgets
import pytest
import traitlets
from hypothesis import given
from hypothesis import strategies as st

import r1widgets
from r1widgets import CHAPTERS, AhaTimeline, GRPOLoss, RewardChecker, Walkthrough, export_html
from r1widgets import export as export_module

STATIC = Path(r1widgets.__file__).parent / "static"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
HOSTILE = "</script><img src=x onerror=\"document.title='pwned'\"><!--<script>"
REF = re.compile(r"^IPY_MODEL_(.+)$")


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>, <style> and <p>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.paragraphs: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "p"):
            self._open.append((tag, dict(attrs), []))

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, attrs, parts = self._open.pop()
            text = "".join(parts)
            if tag == "script":
                self.scripts.append((attrs, text))
            elif tag == "style":
                self.styles.append(text)
            else:
                self.paragraphs.append(text)

    def script(self, mime: str) -> str:
        found = [text for attrs, text in self.scripts if attrs.get("type") == mime]
        assert len(found) == 1, f"expected one {mime} script, found {len(found)}"
        return found[0]

    def state(self) -> dict:
        return json.loads(self.script(STATE_MIME))["state"]

    def view_id(self) -> str:
        return json.loads(self.script(VIEW_MIME))["model_id"]


def exported(widget, tmp_path: Path, **kwargs) -> tuple[str, Page]:
    path = export_html(widget, tmp_path / "snapshot.html", **kwargs)
    assert path == tmp_path / "snapshot.html"
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


def refs(value) -> list[str]:
    """Model ids referenced anywhere in a JSON value."""
    if isinstance(value, str):
        m = REF.match(value)
        return [m.group(1)] if m else []
    if isinstance(value, list):
        return [r for v in value for r in refs(v)]
    if isinstance(value, dict):
        return [r for v in value.values() for r in refs(v)]
    return []


def assert_closed_under_refs(state: dict) -> None:
    """Every model that any model refers to (children, layout, style) is in the page."""
    for model_id, model in state.items():
        for ref in refs(model["state"]):
            assert ref in state, f"{model_id} refers to {ref}, which is not exported"


def chapter_file(slug: str) -> str:
    return (STATIC / f"{slug}.js").read_text(encoding="utf-8")


# --- a chapter ---------------------------------------------------------------------------------


def test_a_chapter_carries_its_code_styles_inputs_and_derived_values(tmp_path):
    loss = GRPOLoss(kl_beta=1.5)
    default = GRPOLoss()
    assert loss.objective != default.objective  # the export must show the changed value
    _, page = exported(loss, tmp_path)
    state = page.state()
    assert page.view_id() == loss.model_id
    model = state[loss.model_id]
    assert (model["model_module"], model["model_name"]) == ("anywidget", "AnyModel")
    own = model["state"]
    # anywidget's code and styles, which a default embed drops as trait defaults
    assert own["_esm"] == chapter_file("grpo_loss")
    assert own["_css"] == (STATIC / "theme.css").read_text(encoding="utf-8")
    # the input and what the kernel derived from it, exactly
    assert own["kl_beta"] == 1.5
    assert own["objective"] == loss.objective
    assert own["advantages"] == loss.advantages
    assert own["title"] == loss.title
    # every synced trait, not only those that differ from their defaults
    assert set(own) == set(loss.get_state())
    assert_closed_under_refs(state)


def test_the_page_has_no_network_reference(tmp_path):
    text, page = exported(GRPOLoss(), tmp_path)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data", "srcset"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {name}={value}>"
    assert not [attrs for tag, attrs in page.tags if tag == "link"]
    assert all(not attrs.get("src") for attrs, _ in page.scripts)
    for css in page.styles:
        assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:|//)", css, re.IGNORECASE)
    # and the browser is told to refuse any request all the same
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy
    assert "connect-src" not in policy  # falls back to default-src: 'none'


def test_the_page_runs_only_the_bundled_front_end_by_its_hash(tmp_path):
    _, page = exported(GRPOLoss(), tmp_path)
    modules = [text for attrs, text in page.scripts if attrs.get("type") == "module"]
    assert modules == [(STATIC / "export.js").read_text(encoding="utf-8")]
    digest = base64.b64encode(hashlib.sha256(modules[0].encode()).digest()).decode()
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert f"script-src 'sha256-{digest}' blob:;" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    # three scripts in all: the view, the state, the front end
    assert len(page.scripts) == 3


def test_the_page_says_it_is_a_snapshot_and_when(tmp_path):
    loss = GRPOLoss()
    text, page = exported(loss, tmp_path)
    line = next(p for p in page.paragraphs if p.startswith("Snapshot of"))
    assert f"“{loss.title}”" in line
    assert re.search(r"taken \d{4}-\d\d-\d\d \d\d:\d\d UTC: the values held then\.", line)
    assert "Nothing here recomputes" in line
    # the page's instructions are the live chapter's, and the reader may have no notebook
    assert "where a chapter says to press, move or type something, that is for the live" in line
    assert "run the chapter in Jupyter with the r1widgets package installed" in line
    assert f"<title>Snapshot: {loss.title}</title>" in text


def test_the_page_follows_the_readers_colour_scheme(tmp_path):
    # theme.css picks its palette with light-dark() from the inherited color-scheme
    text, page = exported(GRPOLoss(), tmp_path)
    assert ("meta", {"name": "color-scheme", "content": "light dark"}) in page.tags
    assert ":root { color-scheme: light dark; }" in text
    assert "light-dark(" in export_module.PAGE_CSS


def test_the_page_style_clips_sideways_overflow_spaces_chapters_and_hides_live_only(tmp_path):
    # what the browser does with these is checked in tests/e2e/test_export_html.py
    css = export_module.PAGE_CSS
    assert re.search(r"\.r1w-export-view \{[^}]*position: relative;[^}]*overflow-x: clip", css)
    assert re.search(r"\.widget-vbox > \.r1w \+ \.r1w \{ margin-top: 16px", css)
    assert re.search(r"\[data-r1w-live-only\] \{ display: none", css)
    assert re.search(r"\.r1w::before \{ content: \"Snapshot: nothing in this chapter", css)


# --- escaping ----------------------------------------------------------------------------------


def test_a_hostile_text_stays_text(tmp_path):
    checker = RewardChecker(response=HOSTILE)
    text, page = exported(checker, tmp_path, title=HOSTILE)
    # the parser sees exactly the page's own elements: nothing ended a script early
    assert len(page.scripts) == 3
    assert not [tag for tag, _ in page.tags if tag == "img"]
    assert HOSTILE not in text
    # the value arrives whole, as data
    assert page.state()[checker.model_id]["state"]["response"] == HOSTILE
    line = next(p for p in page.paragraphs if p.startswith("Snapshot of"))
    assert f"“{HOSTILE}”" in line
    assert page.scripts[0][0].get("type") == VIEW_MIME


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_in_a_script_never_holds_markup_characters_and_reads_back(value):
    text = export_module._json_for_script(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_json_in_a_script_escapes_the_ways_out():
    for way_out in ("</script>", "</SCRIPT >", "<!--", "<script>", "]]>", "&lt;"):
        text = export_module._json_for_script({"v": way_out})
        assert way_out not in text
        assert json.loads(text) == {"v": way_out}


# --- containers --------------------------------------------------------------------------------


def test_a_container_of_two_chapters(tmp_path):
    loss, checker = GRPOLoss(kl_beta=1.5), RewardChecker(response="<answer>391</answer>")
    box = ipywidgets.VBox(
        [ipywidgets.HTML("<b>two chapters</b>"), ipywidgets.HBox([loss, checker])]
    )
    _, page = exported(box, tmp_path)
    state = page.state()
    assert page.view_id() == box.model_id
    assert state[box.model_id]["model_name"] == "VBoxModel"
    assert state[loss.model_id]["state"]["_esm"] == chapter_file("grpo_loss")
    assert state[checker.model_id]["state"]["_esm"] == chapter_file("reward_checker")
    assert state[checker.model_id]["state"]["response"] == "<answer>391</answer>"
    assert state[checker.model_id]["state"]["total_reward"] == checker.total_reward
    assert state[loss.model_id]["state"]["objective"] == loss.objective
    assert_closed_under_refs(state)
    line = next(p for p in page.paragraphs if p.startswith("Snapshot of"))
    assert loss.title in line and checker.title in line


def test_the_walkthrough(tmp_path):
    walk = Walkthrough()
    walk.widgets["grpo_loss"].kl_beta = 1.5
    _, page = exported(walk, tmp_path)
    state = page.state()
    assert page.view_id() == walk.model_id
    for chapter in CHAPTERS:
        widget = walk.widgets[chapter.slug]
        assert state[widget.model_id]["state"]["_esm"] == chapter_file(chapter.slug)
        assert state[widget.model_id]["state"]["title"] == widget.title
    assert state[walk.widgets["grpo_loss"].model_id]["state"]["kl_beta"] == 1.5
    captions = [m for m in state.values() if m["model_name"] == "HTMLModel"]
    assert len(captions) == len(CHAPTERS) + 1  # a caption per chapter, and the header
    assert_closed_under_refs(state)


# --- local paths ---------------------------------------------------------------------------


def write_run(folder: Path) -> Path:
    """A two-entry TRL trainer_state.json with a completions file beside it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True)
    log = [
        {"reward": 0.1, "completions/mean_length": 120.0, "step": 10},
        {"reward": 0.4, "completions/mean_length": 180.0, "step": 20},
    ]
    (folder / "trainer_state.json").write_text(json.dumps({"log_history": log}))
    (folder / "completions").mkdir()
    table = {
        "step": [10],
        "prompt": ["q"],
        "completion": ["wait, check"],
        "advantage": [0.0],
    }
    pq.write_table(pa.table(table), folder / "completions" / "completions_00010.parquet")
    return folder / "trainer_state.json"


def test_a_runs_local_paths_are_cut_to_their_last_two_parts(tmp_path):
    file = write_run(tmp_path / "home" / "someone" / "my-run")
    aha = AhaTimeline.from_trl(file)
    assert aha.user_run["path"] == str(file) and "completions_dir" in aha.user_run
    text, page = exported(aha, tmp_path)
    run = page.state()[aha.model_id]["state"]["user_run"]
    assert run["path"] == "…/my-run/trainer_state.json"
    assert run["completions_dir"] == "…/my-run/completions"
    assert run["steps"] == aha.user_run["steps"] and run["reward"] == aha.user_run["reward"]
    assert str(tmp_path) not in text and "someone" not in text
    assert aha.user_run["path"] == str(file)  # the widget itself keeps its path


def test_paths_are_kept_when_asked(tmp_path):
    file = write_run(tmp_path / "my-run")
    aha = AhaTimeline.from_trl(file)
    _, page = exported(aha, tmp_path, redact_paths=False)
    assert page.state()[aha.model_id]["state"]["user_run"]["path"] == str(file)
    with pytest.raises(TypeError, match="redact_paths"):
        export_html(aha, tmp_path / "x.html", redact_paths="no")


def test_only_absolute_paths_under_path_keys_are_cut():
    cut = export_module._redacted
    assert cut({"path": "/a/b/c/d.json"}) == {"path": "…/c/d.json"}
    assert cut({"run": [{"log_dir": "C:\\Users\\me\\run"}]}) == {"run": [{"log_dir": "…/me/run"}]}
    assert cut({"out_path": "~/x/y/z"}) == {"out_path": "…/y/z"}
    # not a path key, not absolute, or not text: untouched
    assert cut({"text": "/a/b/c"}) == {"text": "/a/b/c"}
    assert cut({"path": "runs/a/b.json"}) == {"path": "runs/a/b.json"}
    assert cut({"path": 3, "paths": ["/a/b/c"]}) == {"path": 3, "paths": ["/a/b/c"]}
    assert cut({"path": "/"}) == {"path": "/"}


# --- refusals ----------------------------------------------------------------------------------


def refused(widget, tmp_path: Path, error: type[Exception], *words: str) -> None:
    path = tmp_path / "refused.html"
    with pytest.raises(error) as info:
        export_html(widget, path)
    for word in words:
        assert word in str(info.value), str(info.value)
    assert not path.exists()  # nothing half-written


def test_a_bqplot_figure_is_refused_by_name(tmp_path):
    figure = bqplot.Figure(marks=[], axes=[])
    refused(figure, tmp_path, ValueError, "bqplot", ".figure()")
    box = ipywidgets.VBox([GRPOLoss(), figure])
    refused(box, tmp_path, ValueError, "VBox.children[1]", "bqplot.figure.Figure")


def test_an_output_widget_is_refused(tmp_path):
    refused(ipywidgets.VBox([ipywidgets.Output()]), tmp_path, ValueError, "Output widget")


def test_a_closed_widget_is_refused(tmp_path):
    loss = GRPOLoss()
    loss.close()
    refused(loss, tmp_path, ValueError, "GRPOLoss", "closed")
    inner = RewardChecker()
    box = ipywidgets.VBox([inner])
    inner.close()
    refused(box, tmp_path, ValueError, "VBox.children[0]", "closed")


def test_an_anywidget_that_loads_its_code_from_the_network_is_refused(tmp_path):
    class Remote(anywidget.AnyWidget):
        _esm = "https://example.invalid/widget.js"
        value = traitlets.Int(0).tag(sync=True)

    refused(Remote(), tmp_path, ValueError, "_esm", "network")


def test_other_front_ends_are_refused(tmp_path):
    class Elsewhere(ipywidgets.DOMWidget):
        _model_module = traitlets.Unicode("some-extension").tag(sync=True)
        _view_module = traitlets.Unicode("some-extension").tag(sync=True)

    refused(Elsewhere(), tmp_path, ValueError, "'some-extension'", "anywidget")


def test_what_is_not_a_displayable_widget_is_refused(tmp_path):
    refused(ipywidgets.Layout(), tmp_path, TypeError, "Layout")
    refused("<p>hello</p>", tmp_path, TypeError, "str")
    with pytest.raises(TypeError, match="title must be text"):
        export_html(GRPOLoss(), tmp_path / "titled.html", title=42)


def test_a_missing_front_end_bundle_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "STATIC", tmp_path / "static")
    refused(GRPOLoss(), tmp_path, RuntimeError, "export.js", "npm run build")
