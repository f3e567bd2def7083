"""Real-browser harness: Voila and JupyterLab started on 127.0.0.1, driven in Debian's Chromium.

Facts these follow are in shared/browser-testing.md: Playwright drives /usr/bin/chromium (its
own browser download is unreachable offline); every test ends on about:blank so Voila's
shutdown beacon frees the kernel; JupyterLab needs --allow-root as root; a "no console errors"
check must ignore the offline noise of Voila's own template (a CDN font request, webpack
version warnings, ajv strict-mode warnings).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
FIRST_RENDER_MS = 120_000
ROUND_TRIP_MS = 20_000

# Console noise that Voila's or JupyterLab's own code makes offline; nothing of ours matches.
NOISE = [
    re.compile(p)
    for p in (
        r"ERR_NAME_NOT_RESOLVED",
        r"ERR_INTERNET_DISCONNECTED",
        r"Unsatisfied version",
        r"strict mode",
        r"font-?awesome",
        r"Failed to load resource: the server responded with a status of 404",
    )
]


def page_script(name: str) -> str:
    """A function expression from tests/e2e/page/, for page.evaluate or locator.evaluate."""
    text = (Path(__file__).parent / "page" / name).read_text()
    code = "\n".join(line for line in text.splitlines() if not line.startswith("//")).strip()
    return code.removesuffix(";")  # the formatter ends the file's expression with one


def fill_range(control, value: str) -> None:
    """Set a range input to ``value``. A log-scaled slider (the kit's ladder) holds an index
    into its ``data-values``: fill the index of that value, which must be on the ladder."""
    ladder = control.get_attribute("data-values")
    if ladder:
        values = [float(v) for v in ladder.split(",")]
        if float(value) not in values:
            raise ValueError(f"{value} is not on the slider's ladder {values}")
        value = str(values.index(float(value)))
    control.fill(value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def venv_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def wait_http(proc: subprocess.Popen, url: str, log: Path, timeout: float = 180) -> None:
    t0 = time.monotonic()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} server exited:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=3)
            return
        except Exception as exc:
            if time.monotonic() - t0 > timeout:
                tail = log.read_text()[-3000:]
                raise RuntimeError(f"{url} did not answer in {timeout}s:\n{tail}") from exc
            time.sleep(0.2)


class PageErrors:
    """Console errors and uncaught exceptions on a page, minus the known offline noise."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def console(self, msg) -> None:
        if msg.type == "error" and not any(n.search(msg.text) for n in NOISE):
            self.errors.append(f"console: {msg.text}")

    def page_error(self, exc) -> None:
        self.errors.append(f"pageerror: {exc}")


def screenshot(locator, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # Voila and Lab scroll inside their own panels, which clips a tall widget to the viewport:
    # grow the viewport to fit the widget for the shot, then put it back.
    page = locator.page
    size = page.viewport_size or {"width": 1100, "height": 900}
    try:
        height = size["height"]
        for _ in range(4):  # Lab's own bars take part of the viewport: grow until it all shows
            locator.evaluate("el => el.scrollIntoView({block: 'start'})")
            bottom = locator.evaluate("el => el.getBoundingClientRect().top + el.scrollHeight")
            # Lab's status bar sits at the bottom of the page: keep the widget above it.
            need = min(6000, int(bottom) + 60)
            if need <= height:
                break
            height = need
            page.set_viewport_size({"width": size["width"], "height": height})
        locator.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


WIDTHS = (1280, 420)  # a desktop notebook, and a phone or a notebook beside a terminal

# What sticks out of a chapter's box: any element (outside a scroll area, which may scroll by
# design) whose right edge passes the box's inner right edge, or the box itself overflowing.
OVERFLOW = page_script("overflow.js")


def shots_at_widths(locator, name: str, check: bool = True) -> list[str]:
    """Screenshot a chapter at each width in WIDTHS; assert nothing sticks out of its box (or,
    with check=False, return what does, for the caller to assert after its other checks)."""
    page = locator.page
    size = page.viewport_size or {"width": 1100, "height": 900}
    problems = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            page.wait_for_timeout(150)  # layout and resize observers settle
            locator.scroll_into_view_if_needed()
            problems += [f"{width}px: {p}" for p in locator.evaluate(OVERFLOW)]
            screenshot(locator, f"{name}-{width}")
    finally:
        page.set_viewport_size(size)
    problems = [f"{name} {p}" for p in problems]
    assert not (check and problems), "content clipped or overflowing:\n" + "\n".join(problems)
    return problems


def open_voila(page, base: str, notebook: str, theme: str = "light") -> None:
    """Open a notebook in Voila; reload once if the widget manager lost a model (P7)."""
    page.goto(f"{base}/voila/render/{notebook}?theme={theme}", wait_until="commit")
    found = page.locator(".r1w, :text('Error displaying widget')").first
    found.wait_for(timeout=FIRST_RENDER_MS)
    if page.locator(":text('Error displaying widget')").count():
        page.reload(wait_until="commit")
        page.locator(".r1w").first.wait_for(timeout=FIRST_RENDER_MS)


def write_notebook(path: Path, cells: list[str]) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)


def start_server(cmd: list[str], home: Path, name: str, cwd: Path) -> tuple[subprocess.Popen, Path]:
    log = home / f"{name}.log"
    env = dict(os.environ, HOME=str(home), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    return proc, log


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
