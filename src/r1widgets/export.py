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
# theme.css in their ``_css``). Colours at 4.5:1 or more: #1b1d21 on #fff4d6 is 15:1.
PAGE_CSS = """
body { margin: 0; background: #ffffff; color: #1b1d21;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.r1w-export { box-sizing: border-box; max-width: 1280px; margin: 0 auto; padding: 12px; }
.r1w-snapshot { margin: 0 0 12px; padding: 8px 12px; border: 2px solid #8a6100;
  border-radius: 6px; background: #fff4d6; color: #1b1d21; line-height: 1.45; }
.r1w-snapshot strong { font-weight: 700; }
#r1w-export-status { margin: 12px 0; }
"""


def export_html(
    widget: ipywidgets.DOMWidget, path: str | Path, *, title: str | None = None
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
    found = _reachable(widget, type(widget).__name__)
    for where, each in found:
        _check(each, where)
    state = dependency_state([widget], drop_defaults=False)
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
        '<meta name="color-scheme" content="light">\n'  # the page's own colours are light
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
        f"<title>Snapshot: {text}</title>\n"
        f"<style>{style}</style>\n<style>{PAGE_CSS}</style>\n"
        "</head>\n<body>\n"
        '<main class="r1w-export">\n'
        '<p class="r1w-snapshot" role="note">'
        f"<strong>Snapshot</strong> of “{text}”, taken "
        f'<time datetime="{taken:%Y-%m-%dT%H:%MZ}">{when}</time>: the values held then. '
        "Nothing here recomputes, so the controls are switched off; open the notebook, with "
        "its kernel running, to change them.</p>\n"
        '<p id="r1w-export-status" role="status">Loading the snapshot…</p>\n'
        f'<script type="{VIEW_MIME}">{_json_for_script(view)}</script>\n'
        "<noscript>This snapshot needs JavaScript to draw its widgets.</noscript>\n"
        "</main>\n"
        f'<script type="{STATE_MIME}">{_json_for_script(manager_state)}</script>\n'
        f'<script type="module">{script}</script>\n'
        "</body>\n</html>\n"
    )
