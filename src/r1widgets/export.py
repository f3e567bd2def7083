"""A frozen, self-contained HTML snapshot of a widget or of a container of widgets.

``export_html(widget, path)`` writes one HTML file that opens from disk with no kernel, no server
and no network: it holds the full state of every widget model reachable from ``widget`` (a
chapter's ``_esm`` and ``_css`` included, which a default ipywidgets embed drops as defaults),
and the front end that shows them (``static/export.js``, built from ``js/export/`` by
``npm run build`` and shipped in the wheel: ipywidgets' widget manager and controls, and
anywidget's front end). The page says it is a snapshot; its controls are switched off, since
nothing in it can recompute.

Everything put into the page is escaped: text as HTML text, the state as JSON with ``<``, ``>``
and ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026``, so that no trait value can end
the ``<script>`` element that holds it. A Content-Security-Policy lets only the page's own
script run (by its hash; no inline event handler, whatever a value holds) and refuses every
request to the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets
from ipywidgets.embed import dependency_state

from ._base import STATIC

# The model modules the bundled front end can show; export.js loads nothing else.
SHOWN = ("@jupyter-widgets/base", "@jupyter-widgets/controls", "anywidget")

# What the export refuses, and why, by model module.
REFUSED = {
    "bqplot": (
        "bqplot's JavaScript (about 850 KB minified, as large again as the export's whole "
        "front end) is not bundled; export the chapter without its .figure() companion: the "
        "chapter's own view shows the same numbers"
    ),
    "@jupyter-widgets/output": (
        "an Output widget holds notebook output, which needs JupyterLab's renderers"
    ),
}

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"

# The page's own look: the snapshot line and the frame around the view (the chapters bring
# theme.css in their ``_css``, whose palette follows the inherited color-scheme through
# light-dark(), so the page follows the reader's light or dark preference). Colours at 4.5:1 or
# more: #1b1d21 on #fff4d6 is 15:1, #e8eaed on #2e2612 is 12.4:1, and the notes' #5b6270 on #fff
# is 6.1:1 and #a3aab5 on #111418 is 7.9:1. ipywidgets' stylesheet (in export.css) sets
# JupyterLab's light colours on :root, which theme.css reads before its own light-dark()
# fallbacks; in the dark scheme the page sets those few back to the guaranteed-invalid value
# (initial), so the fallbacks apply; the walkthrough's captions have light fallbacks only, so
# the page gives them the dark palette's text (#e8eaed) and link (#8ab4ff, 8.8:1) colours, as a
# dark JupyterLab would.
# The view's host clips what sticks out sideways (overflow-x: clip, no scroll container), being
# the containing block of what a view positions absolutely: a screen-reader-only table is
# absolutely positioned and 1 px wide on paper, yet a table never shrinks below its content, and
# it made the whole page scroll sideways at 420 px. Anything a view marks data-r1w-live-only (an
# instruction that needs the kernel) is hidden.
PAGE_CSS = """
:root { color-scheme: light dark; }
body { margin: 0; background: light-dark(#ffffff, #111418); color: light-dark(#1b1d21, #e8eaed);
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.r1w-export { box-sizing: border-box; max-width: 1280px; margin: 0 auto; padding: 12px; }
.r1w-snapshot { margin: 0 0 12px; padding: 8px 12px; border: 2px solid light-dark(#8a6100, #d9a521);
  border-radius: 6px; background: light-dark(#fff4d6, #2e2612); color: light-dark(#1b1d21, #e8eaed);
  line-height: 1.45; }
.r1w-snapshot strong { font-weight: 700; }
#r1w-export-status { margin: 12px 0; }
.r1w-export-view { position: relative; overflow-x: clip; overflow-clip-margin: 4px; }
.r1w-export-view .r1w::before { content: "Snapshot: nothing in this chapter recomputes; where it \
says to press, move or type something, that is for the live chapter in Jupyter.";
  display: block; margin: 0 0 4px; font-size: 0.85em; color: light-dark(#5b6270, #a3aab5); }
.r1w-export-view .widget-vbox > .r1w + .r1w { margin-top: 16px; }
.r1w-export-view [data-r1w-live-only] { display: none !important; }
.r1w-export-view [aria-disabled="true"] { cursor: not-allowed; }
@media (prefers-color-scheme: dark) {
  :root { --jp-layout-color0: initial; --jp-layout-color1: initial; --jp-ui-font-color0: initial;
    --jp-ui-font-color2: initial; --jp-border-color1: initial; --jp-border-color2: initial;
    --jp-content-font-color1: #e8eaed; --jp-content-link-color: #8ab4ff; }
}
"""


def export_html(
    widget: ipywidgets.DOMWidget,
    path: str | Path,
    *,
    title: str | None = None,
    redact_paths: bool = True,
) -> Path:
    """Write a frozen, self-contained HTML snapshot of ``widget`` to ``path``.

    Parameters
    ----------
    widget
        A chapter widget, the :class:`~r1widgets.Walkthrough`, or any ipywidgets container of
        them (``VBox``, ``HBox``, ``HTML`` and the other ipywidgets controls are fine).
    path
        The HTML file to write (overwritten if it exists).
    title
        The page's title; by default the chapter's title, or the titles of the chapters inside.
    redact_paths
        A page is made to be published, and a loaded run (``AhaTimeline.from_trl``) holds where
        it was read from, such as ``/home/<name>/runs/.../trainer_state.json``. By default every
        absolute path in a chapter's state under a ``path`` or ``*_dir`` key is cut to its last
        two parts (``…/my-run/trainer_state.json``), in the page's data and so on screen. Pass
        ``False`` to keep the full paths.

    Returns
    -------
    Path
        The file written. It opens from disk in a browser: no kernel, server or network.

    Raises
    ------
    TypeError
        If ``widget`` is not a widget that can be displayed, or ``title`` is not text.
    ValueError
        If something reachable from it cannot be exported (a bqplot figure, an Output widget,
        a closed widget, an anywidget that loads its code from the network), naming it.
    """
    if not isinstance(widget, ipywidgets.DOMWidget):
        raise TypeError(
            f"export_html needs a widget that can be displayed (a chapter, the Walkthrough or an "
            f"ipywidgets container), not {type(widget).__name__}"
        )
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be text, not {type(title).__name__}")
    if not isinstance(redact_paths, bool):
        raise TypeError(f"redact_paths must be True or False, not {type(redact_paths).__name__}")
    found = _reachable(widget, type(widget).__name__)
    for where, each in found:
        _check(each, where)
    state = dependency_state([widget], drop_defaults=False)
    if redact_paths:
        for model in state.values():
            model["state"] = {
                k: v if k in ("_esm", "_css") else _redacted(v) for k, v in model["state"].items()
            }
    page_title = title if title is not None else _title(widget, [w for _, w in found])
    out = Path(path)
    out.write_text(_page(state, widget.model_id, page_title, datetime.now(UTC)), encoding="utf-8")
    return out


# --- what goes in ------------------------------------------------------------------------------


def _children(value: Any) -> Iterator[tuple[str, ipywidgets.Widget]]:
    """Widgets held in a trait value, with where: directly, or in a list, tuple or dict."""
    if isinstance(value, ipywidgets.Widget):
        yield "", value
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from ((f"[{i}]{w}", x) for w, x in _children(item))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from ((f"[{key!r}]{w}", x) for w, x in _children(item))


def _reachable(root: ipywidgets.Widget, where: str) -> list[tuple[str, ipywidgets.Widget]]:
    """Every widget reachable from ``root`` through its synced traits, once each, in order,
    with where it was found (``VBox.children[2].layout``)."""
    found: dict[int, tuple[str, ipywidgets.Widget]] = {}
    stack = [(where, root)]
    while stack:
        where, widget = stack.pop(0)
        if id(widget) in found:
            continue
        found[id(widget)] = (where, widget)
        for name in widget.keys:
            for sub, child in _children(getattr(widget, name)):
                stack.append((f"{where}.{name}{sub}", child))
    return list(found.values())


def _check(widget: ipywidgets.Widget, where: str) -> None:
    """Refuse, with a clear message, what the snapshot's front end cannot show."""
    kind = f"{type(widget).__module__}.{type(widget).__name__}"
    if widget.comm is None:
        raise ValueError(f"cannot export {where} ({kind}): the widget is closed")
    module = widget._model_module
    if module in REFUSED:
        raise ValueError(f"cannot export {where} ({kind}): {REFUSED[module]}")
    if module not in SHOWN:
        raise ValueError(
            f"cannot export {where} ({kind}): its front end ({module!r}) is not in the export; "
            f"it can show {', '.join(SHOWN)}"
        )
    if module == "anywidget":
        for key in ("_esm", "_css"):
            code = str(getattr(widget, key, "") or "")
            if code.startswith(("http://", "https://", "//")):
                raise ValueError(
                    f"cannot export {where} ({kind}): its {key} is loaded from {code[:80]!r}, "
                    "and a snapshot makes no network request"
                )


def _is_local_path(text: str) -> bool:
    """An absolute path on this machine's or another's disk: /…, ~/…, C:\\… or \\\\server\\…"""
    return bool(re.match(r"(/|~[/\\]|[A-Za-z]:[/\\]|\\\\)[^\n]*$", text)) and len(text) > 1


def _redacted(value: Any, key: str = "") -> Any:
    """``value`` with every absolute path under a ``path`` or ``*_dir`` key cut to its last two
    parts behind "…/", at any depth of dicts and lists."""
    if isinstance(value, dict):
        return {k: _redacted(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, key) for v in value]
    if isinstance(value, str) and (key == "path" or key.endswith(("_path", "_dir"))):
        if _is_local_path(value):
            parts = [p for p in re.split(r"[/\\]", value) if p]
            return "…/" + "/".join(parts[-2:])
    return value


def _title(root: ipywidgets.Widget, widgets: list[ipywidgets.Widget]) -> str:
    """The chapter's title, or the walkthrough's, or the titles of the chapters inside."""
    from .walkthrough import Walkthrough

    if isinstance(root, Walkthrough):
        return "DeepSeek-R1, chapter by chapter (the r1widgets walkthrough)"
    titles = [w.title for w in widgets if isinstance(getattr(w, "title", None), str) and w.title]
    return "; ".join(titles) if titles else f"r1widgets: {type(root).__name__}"


# --- the page ----------------------------------------------------------------------------------


def _json_for_script(value: Any) -> str:
    """JSON that is safe as the text of a <script> element: no "<", ">" or "&" appear raw
    (they sit only inside JSON strings, where the \\u escapes mean the same characters)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_MARKUP_IN_SCRIPT = re.compile(r"<(!--|/?script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</style", re.IGNORECASE)


def _front_end() -> tuple[str, str]:
    """The bundled front end (static/export.js) and its stylesheet, checked safe to inline."""
    try:
        script = (STATIC / "export.js").read_text(encoding="utf-8")
        style = (STATIC / "export.css").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuntimeError(
            f"{exc.filename} is missing: this r1widgets was installed without its built front "
            "end (run `npm run build` in a clone, or reinstall the package)"
        ) from None
    if _MARKUP_IN_SCRIPT.search(script) or _STYLE_END.search(style):
        raise RuntimeError(
            "static/export.js or export.css holds markup: rebuild with npm run build"
        )
    return script, style


def _page(state: dict[str, Any], model_id: str, title: str, taken: datetime) -> str:
    script, style = _front_end()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}' blob:; "  # the page's script; anywidget imports _esm blobs
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    manager_state = {"version_major": 2, "version_minor": 0, "state": state}
    view = {"version_major": 2, "version_minor": 0, "model_id": model_id}
    when = f"{taken:%Y-%m-%d %H:%M} UTC"
    text = html.escape(title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'  # the reader's, as PAGE_CSS
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
        f"<title>Snapshot: {text}</title>\n"
        f"<style>{style}</style>\n<style>{PAGE_CSS}</style>\n"
        "</head>\n<body>\n"
        '<main class="r1w-export">\n'
        '<p class="r1w-snapshot" role="note">'
        f"<strong>Snapshot</strong> of “{text}”, taken "
        f'<time datetime="{taken:%Y-%m-%dT%H:%MZ}">{when}</time>: the values held then. '
        "Nothing here recomputes, so the controls are switched off, and where a chapter says "
        "to press, move or type something, that is for the live chapter. To change the "
        "values, run the chapter in Jupyter with the r1widgets package installed.</p>\n"
        '<p id="r1w-export-status" role="status">Loading the snapshot…</p>\n'
        f'<script type="{VIEW_MIME}">{_json_for_script(view)}</script>\n'
        "<noscript>This snapshot needs JavaScript to draw its widgets.</noscript>\n"
        "</main>\n"
        f'<script type="{STATE_MIME}">{_json_for_script(manager_state)}</script>\n'
        f'<script type="module">{script}</script>\n'
        "</body>\n</html>\n"
    )
