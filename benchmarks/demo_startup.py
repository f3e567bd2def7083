"""`r1widgets demo` beside `make demo`: from the start command to the first chapter usable.

Each run starts a fresh server and times, on one clock, from launching the command to the first
chapter usable in Chromium: its first control on screen and a change answered by the kernel
(startup.py's RECORDER and first-change check). The two commands run in alternation, each
stopped by Ctrl-C before the next starts; the median of ``runs`` each gives the ratio (goal
≤ 1.2). `make demo`'s command is read from the Makefile's demo recipe, so this measures what
the Makefile runs, minus its `build` step. Both use this Python's environment unless another
Python (e.g. a venv with the wheel installed) is named for `r1widgets demo`.

Run alone: ``python benchmarks/demo_startup.py [runs] [python for r1widgets demo]``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e"), str(ROOT / "benchmarks")]

from harness import CHROME_ARGS, CHROMIUM, free_port, wait_http  # noqa: E402
from startup import RECORDER, _first_answer  # noqa: E402

from r1widgets import CHAPTERS  # noqa: E402

GOAL = 1.2


def make_demo_command(port: int) -> list[str]:
    """The voila command of the Makefile's demo recipe, for this venv and ``port``."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(r"^demo:.*\n\t(.*voila.*)$", text, re.MULTILINE)
    if not match:
        raise RuntimeError("no voila command found in the Makefile's demo recipe")
    venv = str(Path(sys.executable).parent.parent)
    line = match.group(1).replace("$(VENV)", venv).replace("$(PORT)", str(port))
    if "$(" in line:
        raise RuntimeError(f"unexpanded make variable in: {line}")
    return shlex.split(line)


def r1widgets_demo_command(port: int, python: str = sys.executable) -> list[str]:
    return [python, "-m", "r1widgets", "demo", f"--port={port}"]


def time_once(browser, command, work: Path) -> float:
    """Seconds from launching ``command`` (which serves the walkthrough at its root URL) to the
    first chapter answering a change in a fresh browser context."""
    port = int(re.search(r"--port[= ](\d+)", " ".join(command)).group(1))
    url = f"http://127.0.0.1:{port}/"
    first = CHAPTERS[0].slug
    log = work / f"server-{port}.log"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.add_init_script(RECORDER.replace("SLUGS", json.dumps([first])))
    t0 = time.monotonic()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, HOME=str(work / "home")),
        start_new_session=True,
    )
    try:
        # a static file, so the poll takes no kernel from the pool (a page request would)
        wait_http(proc, f"{url}voila/static/voila.js", log)
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => '{first}' in window.__r1wSeen", polling=50)
        _first_answer(page, first)
        elapsed = time.monotonic() - t0
        page.goto("about:blank")
    finally:
        context.close()
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as a person stops either command
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return elapsed


def measure(runs: int = 3, python: str = sys.executable, progress=print) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="r1w-demo-startup-"))
    (work / "home").mkdir()
    times: dict[str, list[float]] = {"r1widgets demo": [], "make demo": []}
    commands = {
        "r1widgets demo": lambda: r1widgets_demo_command(free_port(), python),
        "make demo": lambda: make_demo_command(free_port()),
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            # one unmeasured run of each: the first start reads every file from disk
            for name in commands:
                time_once(browser, commands[name](), work)
            for i in range(runs):
                order = list(commands) if i % 2 == 0 else list(commands)[::-1]
                for name in order:
                    times[name].append(time_once(browser, commands[name](), work))
                progress(f"    run {i + 1}/{runs}")
        finally:
            browser.close()
    return times


def report(runs: int = 3, python: str = sys.executable, progress=print):
    times = measure(runs, python, progress)
    med = {name: statistics.median(t) for name, t in times.items()}
    ratio = med["r1widgets demo"] / med["make demo"]
    ok = ratio <= GOAL
    lines = [
        "| command | first chapter usable, s (median) | runs, s |",
        "|---|---|---|",
        *(
            f"| `{name}` | {med[name]:.2f} | {', '.join(f'{t:.2f}' for t in times[name])} |"
            for name in times
        ),
        "",
        f"- `r1widgets demo` ÷ `make demo` = **{ratio:.2f}** (goal ≤ {GOAL}) {'✓' if ok else '✗'}",
        "- from the start command to the first chapter answering a change in Chromium, a fresh "
        f"server per run, the two alternating; `r1widgets demo` run by {python}",
    ]
    return lines, ok


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    py = sys.argv[2] if len(sys.argv) > 2 else sys.executable
    print("\n".join(report(n, py)[0]))
