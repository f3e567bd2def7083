"""r1widgets benchmarks: `make bench`. Prints a table and writes benchmarks/results.md.

Every figure is measured beside a baseline in the same run, so the machine's noise (2 cores,
slow and shared) mostly cancels; the ratios are what to read.

(a) Round trip in Voila in Chromium: from the input event to the kernel-computed value on
    screen, timed inside the page, 50 changes per chapter, interleaved round by round with the
    two baselines: an echo anywidget (the transport floor) and ipywidgets.interact redrawing a
    matplotlib figure (the classic lesson).
(b) Python compute per input change, through the same code path as a browser update, beside
    the echo widget's cost for the same path.
(c) Size of each built chapter bundle (minified, and gzipped for reference).
(d) `import r1widgets` time beside `import anywidget, numpy` (what it cannot avoid).
(e) Named workloads: GRPOSimulator.sweep of 1,000 runs x 50 steps; RewardChecker on 1 MB.
(f) The walkthrough's start-up in Voila: first chapter usable and every chapter rendered, beside
    a page with one chapter, the kernel's memory with everything live, and what Voila's
    pre-heated kernel changes (benchmarks/startup.py).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e"), str(ROOT / "benchmarks")]

from harness import (  # noqa: E402
    CHROME_ARGS,
    CHROMIUM,
    fill_range,
    stop_server,
    write_notebook,
)
from helpers import FakeBrowser  # noqa: E402
from startup import start_voila  # noqa: E402

ROUNDS = int(os.environ.get("R1W_BENCH_ROUNDS", "50"))
MPL_ROUNDS = int(os.environ.get("R1W_BENCH_MPL_ROUNDS", "20"))
BUNDLE_LIMIT = 25 * 1024
COMPUTE_LIMIT_MS = 2.0


@dataclass
class Target:
    """One thing to time in the page: a control to change and where its result shows."""

    name: str
    root: str
    control: str
    values: tuple[str, str]  # alternated, so every change changes the result
    result: str
    how: str = "fill"  # fill | select | click | press | readout
    times: list[float] = field(default_factory=list)


def chapter_targets() -> list[tuple[str, str, Target]]:
    """(import line, display expression, target) for every chapter in the registry."""
    from bench_cases import BENCH

    only = os.environ.get("R1W_BENCH_ONLY")  # e.g. "11,12": a quick look at some chapters
    if only:
        keep = tuple(only.split(","))
        return [b for b in BENCH if b[2]["name"].startswith(keep)]
    return BENCH


RECORDER = """
() => {
  if (window.__bench) return;
  const b = (window.__bench = { t0: null, t1: null, root: null, result: null, before: null });
  const start = () => { if (b.root && b.t0 === null) b.t0 = performance.now(); };
  document.addEventListener("input", start, true);
  document.addEventListener("click", start, true);
  document.addEventListener("pointerdown", () => { if (b.pointer) start(); }, true);
  document.addEventListener("keydown", (e) => { if (e.key === "Enter") start(); }, true);
  b.read = () => {
    const r = b.root.querySelector(b.result);
    if (!r) return null;
    return r.tagName === "IMG" ? r.getAttribute("src") : r.textContent;
  };
  b.arm = (root, result, pointer) => {  // pointer: the view acts on pointerdown (a drag)
    b.root = document.querySelector(root); b.result = result; b.t0 = null; b.t1 = null;
    b.pointer = pointer;
    b.before = b.read();
    if (b.mo) b.mo.disconnect();
    b.mo = new MutationObserver(() => {
      const now = b.read();  // a cleared output (null) is not the new result yet
      const changed = now !== null && now !== b.before;
      if (b.t0 !== null && b.t1 === null && changed) b.t1 = performance.now();
    });
    b.mo.observe(b.root, { childList: true, subtree: true, characterData: true, attributes: true });
  };
}
"""


def _act(page, t: Target, value: str) -> None:
    loc = page.locator(f"{t.root} {t.control}").first
    if t.how == "fill":
        fill_range(loc, value)  # a log-scaled slider takes the index of the value
    elif t.how == "select":
        loc.select_option(value)
    elif t.how == "click":  # a value, if given, names which button of the chapter to click
        (page.locator(f"{t.root} {value}").first if value else loc).click()
    elif t.how == "press":  # a pointer press at (fx, fy) of the control's box: a drag's start
        loc.scroll_into_view_if_needed()
        box = loc.bounding_box()
        fx, fy = (float(v) for v in value.split(","))
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.mouse.down()  # released after the result shows (see measure_once)
    elif t.how == "readout":  # ipywidgets' slider readout: type a value and press Enter
        loc.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    else:
        raise ValueError(t.how)


def measure_once(page, t: Target, value: str) -> float:
    armed = [t.root, t.result, t.how == "press"]
    page.evaluate("([r, s, p]) => window.__bench.arm(r, s, p)", armed)
    _act(page, t, value)
    try:
        page.wait_for_function("() => window.__bench.t1 !== null", timeout=30_000)
    except Exception as exc:
        raise RuntimeError(f"{t.name}: no result on screen 30 s after setting {value!r}") from exc
    finally:
        if t.how == "press":
            # Release, then move away as a hand leaves the plot for the next control: input
            # events sent while the result is on its way would be timed as the widget's cost.
            page.mouse.up()
            page.mouse.move(0, 0)
    return page.evaluate("() => window.__bench.t1 - window.__bench.t0")


def round_trips(targets: list[Target], baseline_mpl: Target, cells: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="r1w-bench-"))
    (work / "echo_widget.py").write_text((ROOT / "benchmarks" / "echo_widget.py").read_text())
    write_notebook(work / "bench.ipynb", cells)
    proc, port = start_voila(work)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{port}/voila/render/bench.ipynb", wait_until="commit")
            for t in [*targets, baseline_mpl]:
                page.locator(f"{t.root} {t.control}").first.wait_for(timeout=180_000)
            page.evaluate(RECORDER)
            for t in [*targets, baseline_mpl]:  # warm-up, not counted
                measure_once(page, t, t.values[0])
            for i in range(ROUNDS):
                # A fresh order each round: the first change after a pause costs more (the page
                # wakes up), and that cost must not fall on the same widget every time.
                order = list(targets)
                random.Random(i).shuffle(order)
                for t in order:
                    t.times.append(measure_once(page, t, t.values[(i + 1) % 2]))
                    page.wait_for_timeout(20)
                if i < MPL_ROUNDS:
                    v = baseline_mpl.values[(i + 1) % 2]
                    baseline_mpl.times.append(measure_once(page, baseline_mpl, v))
                    page.wait_for_timeout(300)  # let the kernel finish before the next round
                if (i + 1) % 10 == 0 or i + 1 == ROUNDS:
                    progress(f"    round {i + 1}/{ROUNDS}")
            page.goto("about:blank")
            browser.close()
    finally:
        stop_server(proc)


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def compute_times() -> list[tuple[str, float, float]]:
    """Median microseconds per browser-style input change, per chapter and for the echo."""
    from bench_cases import COMPUTE
    from echo_widget import Echo

    def timed(widget, name, values, n=300):
        b = FakeBrowser(widget)
        samples = []
        for i in range(n):
            t0 = time.perf_counter_ns()
            b.update(**{name: values[i % 2]})
            samples.append((time.perf_counter_ns() - t0) / 1e3)
            b.clear()
        return statistics.median(samples)

    rows = []
    for _ in range(1):
        echo = timed(Echo(), "value", [1.0, 2.0])
        for label, make, name, values in COMPUTE:
            rows.append((label, timed(make(), name, values), echo))
    return rows


def bundle_sizes() -> list[tuple[str, int, int]]:
    static = ROOT / "src" / "r1widgets" / "static"
    out = []
    for f in sorted(static.glob("*.js")):
        if f.name == "export.js":  # not a view: the snapshot page's front end (issue 12)
            continue
        data = f.read_bytes()
        out.append((f.name, len(data), len(gzip.compress(data, 9))))
    return out


def import_times(n: int = 7) -> tuple[float, float]:
    def t(code: str) -> float:
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples)

    base = t("import anywidget, numpy")
    ours = t("import r1widgets")
    return ours, base


def workloads() -> list[tuple[str, float, float]]:
    from bench_cases import WORKLOADS

    rows = []
    for label, fn, goal in WORKLOADS:
        samples = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        rows.append((label, min(samples) * 1e3, goal))
    return rows


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> int:
    from bench_cases import mpl_baseline

    lines: list[str] = ["# r1widgets benchmark results", ""]
    lines.append(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}. ")
    lines.append(f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")
    ok = True

    imports, displays, targets = zip(*chapter_targets(), strict=True)
    targets = [Target(**t) for t in targets]
    mpl_cells, mpl = mpl_baseline()
    cells = [
        "import sys; sys.path.insert(0, '.')\nfrom echo_widget import Echo\nEcho()",
        *[f"{imp}\n{disp}" for imp, disp in zip(imports, displays, strict=True)],
        *mpl_cells,
    ]
    # One floor per way of driving a widget: Chromium handles a pointer press, a click or a
    # select on its own path (hit-testing, focus, pointer capture), so each chapter is divided
    # by the echo driven the same way. The slider floor is the one the issue names.
    echo = Target("echo (transport floor)", ".r1w-echo", "input", ("2", "3"), ".r1w-echo-out")
    echo_select = Target(
        "echo, by select", ".r1w-echo", ".r1w-echo-select", ("4", "5"), ".r1w-echo-out", "select"
    )
    echo_click = Target(
        "echo, by click", ".r1w-echo", ".r1w-echo-button", ("", ""), ".r1w-echo-out", "click"
    )
    echo_press = Target(
        "echo, by pointer press",
        ".r1w-echo",
        ".r1w-echo-pad",
        ("0.5,0.5", "0.5,0.5"),
        ".r1w-echo-out",
        "press",
    )
    floors = [echo, echo_select, echo_click, echo_press]
    all_targets = [*floors, *targets]
    progress(f"(a) round trips in Voila: {len(all_targets)} widgets x {ROUNDS} changes ...")
    round_trips(all_targets, mpl, cells)
    floor_of = {f.how: statistics.median(f.times) for f in floors}
    floor = floor_of["fill"]
    mpl_med = statistics.median(mpl.times)
    lines += [
        "",
        f"## (a) Round trip in Voila, Chromium ({ROUNDS} changes each, in a shuffled "
        f"order each round; interact + matplotlib {len(mpl.times)} changes)",
        "",
        "| widget | driven by | median ms | p95 ms | ÷ slider echo | ÷ echo driven alike "
        "(goal ≤ 1.2) | ms over echo driven alike | matplotlib ÷ this (goal ≥ 5) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in [*all_targets, mpl]:
        med = statistics.median(t.times)
        alike_ms = floor_of.get(t.how, floor)
        alike = med / alike_ms
        speed = mpl_med / med
        flag = ""
        if t in targets and (alike > 1.2 or speed < 5):
            flag, ok = " ✗", False
        lines.append(
            f"| {t.name} | {t.how} | {med:.1f} | {pct(t.times, 0.95):.1f} | {med / floor:.2f} "
            f"| {alike:.2f}{flag} | {med - alike_ms:+.1f} | {speed:.1f} |"
        )

    progress("(b) Python compute per input change ...")
    lines += ["", "## (b) Python compute per input change (median of 300)", ""]
    lines += ["| chapter | µs | ÷ echo widget | goal < 2 ms |", "|---|---|---|---|"]
    for label, us, echo_us in compute_times():
        good = us / 1e3 < COMPUTE_LIMIT_MS
        ok &= good
        lines.append(f"| {label} | {us:.0f} | {us / echo_us:.1f} | {'✓' if good else '✗'} |")

    progress("(c) bundle sizes, (d) import time ...")
    lines += ["", "## (c) Bundle sizes", "", "| bundle | bytes | gzip | ÷ 25 KB limit |"]
    lines.append("|---|---|---|---|")
    for name, size, gz in bundle_sizes():
        ok &= size < BUNDLE_LIMIT
        lines.append(f"| {name} | {size:,} | {gz:,} | {size / BUNDLE_LIMIT:.2f} |")

    ours, base = import_times()
    lines += ["", "## (d) Import time (median of 7 fresh interpreters)", ""]
    lines += [
        "| import | s | ratio |",
        "|---|---|---|",
        f"| anywidget, numpy (baseline) | {base:.2f} | 1.00 |",
        f"| r1widgets | {ours:.2f} | {ours / base:.2f} |",
    ]

    progress("(e) workloads ...")
    lines += ["", "## (e) Workloads (best of 3)", "", "| workload | ms | goal (ms) | met |"]
    lines.append("|---|---|---|---|")
    for label, ms, goal in workloads():
        ok &= ms < goal
        lines.append(f"| {label} | {ms:.1f} | < {goal:g} | {'✓' if ms < goal else '✗'} |")

    import startup

    loads = int(os.environ.get("R1W_BENCH_LOADS", "5"))
    progress(f"(f) walkthrough start-up: {loads} loads of each page, then pre-heated ...")
    one, walk = startup.pages()
    startup.measure([one, walk], loads, progress)
    hot = startup.Page("walkthrough", walk.cells, walk.slugs)
    startup.measure([hot], loads, progress, server_args=startup.PREHEAT, pause_s=12.0)
    start_lines, start_ok = startup.report(one, walk, hot)
    ok &= start_ok
    lines += ["", f"## (f) Walkthrough start-up in Voila, Chromium (median of {loads} loads)", ""]
    lines += start_lines

    import lab

    progress("(g) the lab: GRPO steps per second alone and live in Voila ...")
    lab_lines, lab_ok = lab.report(int(os.environ.get("R1W_BENCH_LAB_LOADS", "3")))
    ok &= lab_ok
    lines += ["", "## (g) The lab (chapter 17): training alone and live in Voila", ""]
    lines += lab_lines

    import demo_startup

    progress("(h) r1widgets demo beside make demo ...")
    runs = int(os.environ.get("R1W_BENCH_DEMO_RUNS", "3"))
    demo_lines, demo_ok = demo_startup.report(runs, progress=progress)
    ok &= demo_ok
    lines += [
        "",
        "## (h) `r1widgets demo` beside `make demo`: start command to first chapter usable",
        "",
    ]
    lines += demo_lines

    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "results.md").write_text(text)
    (ROOT / "benchmarks" / "raw.json").write_text(
        json.dumps({t.name: t.times for t in [*all_targets, mpl]}, indent=1)
    )
    # A missed goal is a finding, marked ✗ in the table, not a failure to run: the exit status
    # is non-zero only when something raised (a server that did not start, a page that broke).
    progress("done: " + ("every goal met" if ok else "some goals missed (✗ in the table)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
