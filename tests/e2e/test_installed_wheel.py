"""The installed package serves itself, as a person meets it: the wheel built from this checkout
without Node, installed with [demo] into a fresh virtual environment from the package registry,
`r1widgets demo` run from that environment with no Node on its PATH, the page used in Chromium
(the walkthrough, one chapter alone, the dark theme), and each server stopped by Ctrl-C, which
must leave no process, kernel or temporary folder behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import (
    FIRST_RENDER_MS,
    ROOT,
    ROUND_TRIP_MS,
    fill_range,
    free_port,
    screenshot,
    wait_http,
)
from playwright.sync_api import expect

from r1widgets import CHAPTERS, SFTvsRL

# What pip prints when it cannot reach the registry (the one reason to skip, not fail).
OFFLINE = re.compile(
    r"NewConnectionError|Max retries exceeded|Temporary failure in name resolution|"
    r"Network is unreachable|Name or service not known|ProxyError|ConnectTimeout"
)
LUMINANCE = """el => {
  const c = getComputedStyle(el.querySelector('.r1w-box')).backgroundColor.match(/[\\d.]+/g);
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}"""


def _pip(python: str, args: list[str], path: str) -> None:
    done = subprocess.run(
        [python, "-m", "pip", *args],
        env=dict(os.environ, PATH=path),  # the pip settings (index, certificates) are kept
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode:
        output = done.stdout + done.stderr
        offline = [line for line in output.splitlines() if OFFLINE.search(line)]
        if offline:
            pytest.skip(f"the package registry is unreachable: {offline[0][:300]}")
        raise AssertionError(f"pip {' '.join(args)} failed:\n{output[-4000:]}")


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel built from this checkout, with [demo]."""
    work = tmp_path_factory.mktemp("installed-wheel")
    # The build runs with only this venv's bin on PATH: the JS is already in
    # src/r1widgets/static (npm run build), and the builder hook must skip npm then.
    build_path = str(Path(sys.executable).parent)
    assert shutil.which("node", path=build_path) is None
    assert shutil.which("npm", path=build_path) is None
    _pip(sys.executable, ["wheel", "--no-deps", "-w", str(work / "dist"), str(ROOT)], build_path)
    (wheel,) = (work / "dist").glob("r1widgets-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"r1widgets/static/{c.slug}.js" for c in CHAPTERS} <= names
    assert "r1widgets/static/theme.css" in names

    env_dir = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=600)
    bin_dir = str(env_dir / "bin")
    _pip(str(env_dir / "bin" / "python"), ["install", "-q", f"{wheel}[demo]"], bin_dir)
    where = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import r1widgets; print(r1widgets.__file__)"],
        env={"PATH": bin_dir},
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), f"r1widgets imported from {where}, not the wheel"
    return env_dir


@dataclass
class Demo:
    url: str
    proc: subprocess.Popen
    log: Path
    tmp: Path
    venv: Path
    status: int | None = None
    left: tuple[str, ...] = ()  # processes still running after the stop

    def processes(self) -> list[str]:
        """Live processes run by the venv's Python (the server and its kernels)."""
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(self.venv) in cmd:
                found.append(f"{pid}: {cmd}")
        return found

    def assert_stopped_cleanly(self) -> None:
        log = self.log.read_text()
        assert self.status == 0, f"exit status {self.status}:\n{log[-3000:]}"
        assert log.rstrip().endswith("r1widgets demo: stopped"), log[-3000:]
        assert "Kernel shutdown" in log  # Voila shut its kernels down itself
        assert not self.left, self.left
        assert sorted(p.name for p in self.tmp.iterdir()) == []  # its folder and Voila's are gone
        with socket.socket() as s:  # the port is free again
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(self.url.rsplit(":", 1)[1].strip("/"))))


def _ctrl_c(demo: Demo) -> None:
    """Press Ctrl-C: the terminal sends SIGINT to the command's process group."""
    os.killpg(demo.proc.pid, signal.SIGINT)
    try:
        demo.status = demo.proc.wait(120)
    except subprocess.TimeoutExpired:
        demo.proc.kill()
        demo.status = demo.proc.wait()
    finally:
        left = demo.processes()
        for _ in range(50):  # a generous wait for kernels to exit, not a timing check
            if not left:
                break
            time.sleep(0.2)
            left = demo.processes()
        demo.left = tuple(left)
        for line in left:  # never leave a server of ours running
            os.kill(int(line.split(":")[0]), signal.SIGKILL)


@contextmanager
def demo(venv: Path, tmp_path: Path, page, *args: str) -> Iterator[Demo]:
    """`<venv>/bin/r1widgets demo --port <free> *args`, with only the venv's bin on PATH; the
    page leaves the server before it stops, as a closed tab does."""
    path = str(venv / "bin")
    assert shutil.which("node", path=path) is None and shutil.which("npm", path=path) is None
    run = tmp_path / f"demo{len(list(tmp_path.glob('demo*')))}"
    (run / "home").mkdir(parents=True)
    (run / "tmp").mkdir()
    env = {
        "PATH": path,
        "HOME": str(run / "home"),
        "TMPDIR": str(run / "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
    }
    port = free_port()
    log = run / "demo.log"
    proc = subprocess.Popen(
        [str(venv / "bin" / "r1widgets"), "demo", "--port", str(port), *args],
        cwd=run,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a job in a terminal
    )
    server = Demo(f"http://127.0.0.1:{port}/", proc, log, run / "tmp", venv)
    try:
        # a static file: the server answers without starting a kernel for the request
        wait_http(proc, f"{server.url}voila/static/voila.js", log)
        assert log.read_text().startswith("r1widgets demo: serving ")
        assert f" at {server.url} (Ctrl-C stops it)\n" in log.read_text()
        yield server
    finally:
        try:
            page.goto("about:blank")
        finally:
            _ctrl_c(server)


def _open(page, url: str, root: str):
    """Open the served page; reload once if the widget manager lost a model (harness P7)."""
    page.goto(url, wait_until="commit")
    found = page.locator(f"{root}, :text('Error displaying widget')").first
    found.wait_for(timeout=FIRST_RENDER_MS)
    if page.locator(":text('Error displaying widget')").count():
        page.reload(wait_until="commit")
    widget = page.locator(root).first
    expect(widget).to_be_visible(timeout=FIRST_RENDER_MS)
    return widget


def test_the_installed_command_serves_the_walkthrough(venv, page, tmp_path):
    with demo(venv, tmp_path, page) as server:
        widget = _open(page, server.url, ".r1w-sft-vs-rl")
        expect(page.locator("h1")).to_have_text("DeepSeek-R1, chapter by chapter")
        titles = page.locator(".r1w-caption h2")
        expect(titles).to_have_count(len(CHAPTERS), timeout=FIRST_RENDER_MS)
        assert titles.all_text_contents() == [f"{c.number:02d} · {c.title}" for c in CHAPTERS]
        assert widget.evaluate(LUMINANCE) > 0.8
        # the first chapter answers a slider: the kernel recomputes the step for η = 2
        summary = widget.locator(".r1w-sft-vs-rl-summary")
        expected = SFTvsRL(learning_rate=2.0).step_summary
        expect(summary).to_have_text(SFTvsRL().step_summary, timeout=ROUND_TRIP_MS)
        fill_range(widget.locator('input[data-name="learning_rate"]'), "2")
        expect(summary).to_have_text(expected, timeout=ROUND_TRIP_MS)
        screenshot(widget, "installed-wheel-walkthrough-sft_vs_rl")
        # what the stop must clear is there now: the server and a kernel, the command's folder
        assert len(server.processes()) >= 2, server.processes()
        assert [p.name[:15] for p in server.tmp.glob("r1widgets-demo-*")] == ["r1widgets-demo-"]
    server.assert_stopped_cleanly()


def test_the_installed_command_serves_the_lab_alone(venv, page, tmp_path):
    lab = next(c for c in CHAPTERS if c.number == 17)
    with demo(venv, tmp_path, page, "--chapter", "17") as server:
        assert f"serving chapter 17 at {server.url}" in server.log.read_text()
        widget = _open(page, server.url, f".r1w-{lab.slug.replace('_', '-')}")
        expect(widget.locator(".r1w-title")).to_have_text(f"{lab.number:02d} · {lab.title}")
        assert page.locator(".r1w").count() == 1  # that chapter and no other
        assert page.locator(".r1w-walkthrough, .r1w-caption").count() == 0
        screenshot(widget, f"installed-wheel-{lab.slug}")
    server.assert_stopped_cleanly()


def test_the_installed_command_serves_the_dark_theme(venv, page, tmp_path):
    with demo(venv, tmp_path, page, "--theme", "dark") as server:
        widget = _open(page, server.url, ".r1w-sft-vs-rl")
        page.locator("body[data-jp-theme-light='false']").wait_for(state="attached")
        assert widget.evaluate(LUMINANCE) < 0.35
        expect(page.locator(".r1w-caption h2")).to_have_count(len(CHAPTERS))
        screenshot(widget, "installed-wheel-dark-sft_vs_rl")
    server.assert_stopped_cleanly()
