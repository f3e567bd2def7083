"""The walkthrough's start-up, measured in Voila in Chromium beside a page with one chapter.

For each page load (a fresh browser context, so no cached assets favour either page, and a fresh
kernel, as every Voila visitor gets): the time from the request to the first chapter usable (its
first control on screen and answering: a change comes back from the kernel), to every chapter
rendered, and the kernel's resident memory (VmRSS of the kernel process Voila started) once
everything is live. The two pages load in alternation so the machine's drift falls on both.

Run alone: ``python benchmarks/startup.py [loads]``; ``make bench`` runs it as section (f).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

from harness import (  # noqa: E402
    CHROME_ARGS,
    CHROMIUM,
    free_port,
    start_server,
    stop_server,
    venv_bin,
    wait_http,
    write_notebook,
)

# Records, inside the page, when each chapter root first holds a control, relative to the
# navigation's start (performance.now() counts from the time origin: the request).
RECORDER = """
((slugs) => {
  const seen = (window.__r1wSeen = {});
  const look = () => {
    for (const slug of slugs) {
      if (slug in seen) continue;
      const el = document.querySelector(`.r1w-${slug.replaceAll("_", "-")}`);
      if (el && el.querySelector("input, button, select, textarea")) seen[slug] = performance.now();
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})(SLUGS);
"""


def _root(slug: str) -> str:
    return f".r1w-{slug.replace('_', '-')}"


@dataclass
class Page:
    """One kind of page: its notebook cells and the chapters it must show."""

    name: str
    cells: list[str]
    slugs: list[str]
    first: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    everything: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def _kernel_rss_mb(server_pid: int) -> float:
    """Resident memory of the (single) kernel that the server started, in MB."""
    kernels = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == server_pid and b"ipykernel" in cmd:
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:")
            kernels.append(kb / 1024)
    if len(kernels) != 1:
        raise RuntimeError(f"expected one live kernel under the server, found {len(kernels)}")
    return kernels[0]


def _first_answer(page, slug: str) -> None:
    """Change the first chapter's first range or button and wait for the kernel's echo."""
    root = page.locator(_root(slug)).first
    before = root.inner_text()
    ranges = root.locator('input[type="range"]:visible')
    control = ranges.first if ranges.count() else root.locator("button:visible").last
    if ranges.count():
        lo, hi, v = (control.get_attribute(a) for a in ("min", "max", "value"))
        control.fill(hi if v != hi else lo)
    else:
        control.click()
    page.wait_for_function(
        "([s, b]) => document.querySelector(s).innerText !== b",
        arg=[_root(slug), before],
        timeout=120_000,
    )


def load_once(browser, url: str, spec: Page, server_pid: int | None, poll) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.add_init_script(RECORDER.replace("SLUGS", json.dumps(spec.slugs)))
    page.goto(url, wait_until="commit")
    first = spec.slugs[0]
    page.wait_for_function(f"() => '{first}' in window.__r1wSeen", timeout=180_000, polling=50)
    spec.first.append(page.evaluate(f"() => window.__r1wSeen['{first}']"))
    _first_answer(page, first)
    spec.answered.append(page.evaluate("() => performance.now()"))
    want = repr(spec.slugs)
    page.wait_for_function(
        f"() => {want}.every(s => s in window.__r1wSeen)", timeout=300_000, polling=100
    )
    spec.everything.append(
        page.evaluate(f"() => Math.max(...{want}.map(s => window.__r1wSeen[s]))")
    )
    poll(page)  # let the kernel settle, then read its memory with everything live
    if server_pid is not None:
        spec.rss_mb.append(_kernel_rss_mb(server_pid))
    page.goto("about:blank")  # Voila's shutdown beacon frees the kernel
    context.close()


def start_voila(work: Path, extra: tuple[str, ...] = ()):
    """Voila serving the notebooks in ``work`` on 127.0.0.1 (the test flags of
    browser-testing.md: no XSRF check, so the shutdown beacon frees each page's kernel).
    Returns the process and its port once it answers."""
    home = work / "home"
    home.mkdir(exist_ok=True)
    port = free_port()
    proc, log = start_server(
        [
            venv_bin("voila"),
            str(work),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.tornado_settings={'disable_check_xsrf': True}",
            *extra,
        ],
        home,
        "voila",
        work,
    )
    try:
        wait_http(proc, f"http://127.0.0.1:{port}/", log)
    except BaseException:
        stop_server(proc)
        raise
    return proc, port


def measure(
    pages: list[Page],
    loads: int,
    progress=print,
    server_args: tuple[str, ...] = (),
    pause_s: float = 1.0,
) -> None:
    """Load each page ``loads`` times in alternation, after one warm-up load of each.

    ``server_args`` are extra Voila options (the pre-heated kernel pool); ``pause_s`` is the
    wait between loads (a pool needs time to heat its next kernel, as between two visitors).
    With a pool the server holds a spare kernel, so kernel memory is not read then."""
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="r1w-startup-"))
    for spec in pages:
        write_notebook(work / f"{spec.name}.ipynb", spec.cells)
    proc, port = start_voila(work, server_args)
    try:
        pid = None if server_args else proc.pid
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)

            def settle(page) -> None:
                page.wait_for_timeout(1500)

            time.sleep(pause_s)

            # one warm-up load of each page (the server's first render compiles its templates)
            for spec in pages:
                scratch = Page(spec.name, spec.cells, spec.slugs)
                url = f"http://127.0.0.1:{port}/voila/render/{spec.name}.ipynb"
                load_once(browser, url, scratch, pid, settle)
                time.sleep(pause_s)
            for i in range(loads):
                order = pages if i % 2 == 0 else pages[::-1]
                for spec in order:
                    url = f"http://127.0.0.1:{port}/voila/render/{spec.name}.ipynb"
                    load_once(browser, url, spec, pid, settle)
                    time.sleep(pause_s)
                progress(f"    load {i + 1}/{loads}")
            browser.close()
    finally:
        stop_server(proc)


def pages() -> tuple[Page, Page]:
    from r1widgets import CHAPTERS

    first = CHAPTERS[0]
    one = Page(
        "one_chapter",
        [f"from r1widgets import {first.widget.__name__}\n{first.widget.__name__}()"],
        [first.slug],
    )
    walk = Page(
        "walkthrough",
        ["from r1widgets import Walkthrough\nWalkthrough()"],
        [c.slug for c in CHAPTERS],
    )
    return one, walk


PREHEAT = ("--preheat_kernel=True", "--pool_size=1")


def report(one: Page, walk: Page, hot: Page | None = None) -> tuple[list[str], bool]:
    med = statistics.median
    ratio_first = med(walk.first) / med(one.first)
    ratio_all = med(walk.everything) / med(one.everything)
    rss = med(walk.rss_mb)
    ok = ratio_first <= 1.5 and ratio_all <= 3 and rss < 150
    mark = {True: "✓", False: "✗"}
    lines = [
        "| page | first chapter usable, s | first change answered, s | all chapters "
        "rendered, s | kernel RSS, MB |",
        "|---|---|---|---|---|",
    ]
    for p, label in ((one, "one chapter"), (walk, "walkthrough"), (hot, "walkthrough, pre-heated")):
        if p is None:
            continue
        rss_text = f"{med(p.rss_mb):.0f}" if p.rss_mb else "not read (a spare kernel waits)"
        lines.append(
            f"| {label} ({len(p.slugs)} chapters) | {med(p.first) / 1e3:.2f} "
            f"| {med(p.answered) / 1e3:.2f} | {med(p.everything) / 1e3:.2f} | {rss_text} |"
        )
    lines += [
        "",
        f"- first chapter usable: walkthrough ÷ one chapter = **{ratio_first:.2f}** "
        f"(goal ≤ 1.5) {mark[ratio_first <= 1.5]}",
        f"- all chapters rendered: walkthrough ÷ one chapter = **{ratio_all:.2f}** "
        f"(goal ≤ 3) {mark[ratio_all <= 3]}",
        f"- kernel resident memory with every chapter live: **{rss:.0f} MB** (goal < 150 MB; "
        f"the one-chapter kernel: {med(one.rss_mb):.0f} MB) {mark[rss < 150]}",
        f"- spread over {len(walk.first)} loads each (min–max, s): walkthrough first "
        f"{min(walk.first) / 1e3:.2f}–{max(walk.first) / 1e3:.2f}, all "
        f"{min(walk.everything) / 1e3:.2f}–{max(walk.everything) / 1e3:.2f}; one chapter "
        f"{min(one.first) / 1e3:.2f}–{max(one.first) / 1e3:.2f}",
    ]
    if hot is not None:
        lines.append(
            f"- `make demo` pre-heats a kernel (Voila's `preheat_kernel`, `pool_size=1`): the "
            f"walkthrough's first chapter is usable after **{med(hot.first) / 1e3:.2f} s** instead "
            f"of {med(walk.first) / 1e3:.2f} s ({med(hot.first) / med(walk.first):.2f}×), at the "
            f"cost of one spare kernel kept running"
        )
    return lines, ok


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    one, walk = pages()
    measure([one, walk], n)
    hot = Page("walkthrough", walk.cells, walk.slugs)
    measure([hot], n, server_args=PREHEAT, pause_s=12.0)
    print("\n".join(report(one, walk, hot)[0]))
