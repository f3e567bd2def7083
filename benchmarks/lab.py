"""The lab's speed: GRPO steps per second, alone and live in Voila, and the time to pass@1 0.9.

- Vectorised rollouts against a baseline in the same run: the same batch (64 prompts × 8)
  sampled one rollout at a time in plain Python (the core tests' reference reading).
- Training alone (``train`` in this process) against training live: Voila in Chromium, the
  Train button pressed, the kernel training in 10-step chunks and redrawing after each. A
  label in the same cell, updated by the kernel after each chunk, reports the step and
  pass@1 to the page; the clock runs from the click to the label's report.

Run alone: ``python benchmarks/lab.py``; ``make bench`` runs it as section (g).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "core"), str(ROOT / "tests" / "e2e")]

import numpy as np  # noqa: E402
from harness import CHROME_ARGS, CHROMIUM, stop_server, write_notebook  # noqa: E402
from startup import start_voila  # noqa: E402

from r1widgets import TinyR1Zero  # noqa: E402
from r1widgets.core import tiny_r1zero as lab  # noqa: E402

GOAL_S = 5.0  # the goal: pass@1 0.9 from reset, live, in under 5 s
STEPS = 400
CELL = """
import ipywidgets
from r1widgets import TinyR1Zero
lab = TinyR1Zero(seed=0)
report = ipywidgets.Label("step 0 pass 0.0", layout={"width": "20em"})
report.add_class("bench-report")
lab.observe(lambda c: setattr(report, "value", f"step {lab.step_count} pass {lab.pass_at_1}"),
            names="history")
ipywidgets.VBox([lab, report])
"""


def rollouts_per_second(repeats: int = 5) -> tuple[float, float]:
    """Rollouts sampled per second: vectorised over the batch, and one at a time (baseline)."""
    from test_tiny_r1zero_core import reference_rollout

    rng = np.random.default_rng(0)
    z = lab.prior_logits(True)
    prompts = lab.make_prompts(rng, lab.PROMPTS_PER_STEP * 8)
    u = rng.random((prompts.k.size, lab.MAX_TOKENS + 1))
    n = prompts.k.size
    fast, slow = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        lab.rollout(z, prompts, u)
        fast.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for i in range(n):
            reference_rollout(
                z, list(prompts.digits[i]), int(prompts.k[i]), int(prompts.answer[i]), u[i]
            )
        slow.append(time.perf_counter() - t0)
    return n / min(fast), n / min(slow)


def offline(seed: int = 0) -> tuple[float, float]:
    """In this process: steps per second of ``train`` and the time to pass@1 0.9, chunked as
    Play chunks (10 steps, then an evaluation), without a view or a kernel."""
    w = TinyR1Zero(seed=seed)
    t0 = time.perf_counter()
    w.train(STEPS)
    rate = STEPS / (time.perf_counter() - t0)
    w = TinyR1Zero(seed=seed)
    t0 = time.perf_counter()
    while w.pass_at_1 < 0.9:
        w.train(10)
    return rate, time.perf_counter() - t0


def live(loads: int = 3) -> tuple[list[float], list[float]]:
    """Voila + Chromium: per load, steps per second to step 400 and seconds to pass@1 0.9."""
    from playwright.sync_api import sync_playwright

    rates, to_target = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_notebook(work / "lab.ipynb", [CELL])
        proc, port = start_voila(work)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
                for _ in range(loads):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.set_default_timeout(180_000)
                    page.goto(f"http://127.0.0.1:{port}/voila/render/lab.ipynb")
                    report = page.locator(".bench-report")
                    report.wait_for()
                    train = page.locator(".r1w-tiny-r1zero").get_by_role("button", name="Train")
                    train.wait_for()
                    page.evaluate(WATCH)
                    train.click()
                    page.wait_for_function("() => window.__labDone", timeout=180_000, polling=20)
                    t = page.evaluate("() => window.__lab")
                    rates.append(STEPS / ((t["steps400"] - t["click"]) / 1e3))
                    to_target.append((t["pass90"] - t["click"]) / 1e3)
                    page.goto("about:blank")
                    page.close()
                browser.close()
        finally:
            stop_server(proc)
    return rates, to_target


# Records, in the page, the click and the first report of pass@1 ≥ 0.9 and of step ≥ 400.
WATCH = """
() => {
  const t = (window.__lab = {});
  document.addEventListener("click", () => { t.click ??= performance.now(); }, true);
  const label = document.querySelector(".bench-report");
  new MutationObserver(() => {
    const m = /step (\\d+) pass ([\\d.]+)/.exec(label.textContent);
    if (!m) return;
    const now = performance.now();
    if (parseFloat(m[2]) >= 0.9) t.pass90 ??= now;
    if (parseInt(m[1]) >= 400) t.steps400 ??= now;
    window.__labDone = t.pass90 !== undefined && t.steps400 !== undefined;
  }).observe(label, { childList: true, subtree: true, characterData: true });
}
"""


def report(loads: int = 3) -> tuple[list[str], bool]:
    fast, slow = rollouts_per_second()
    rate, off_target = offline()
    rates, targets = live(loads)
    live_rate, live_target = statistics.median(rates), statistics.median(targets)
    ok = live_target < GOAL_S
    lines = [
        "| measure | alone (baseline) | live in Voila | live ÷ alone |",
        "|---|---|---|---|",
        f"| GRPO steps per second, to step {STEPS} | {rate:.0f} | {live_rate:.0f} "
        f"| {live_rate / rate:.2f} |",
        f"| seconds from reset to pass@1 ≥ 0.9 (goal live < {GOAL_S:g} s) | {off_target:.2f} "
        f"| {live_target:.2f} {'✓' if ok else '✗'} | {live_target / off_target:.2f} |",
        "",
        f"Rollouts sampled per second, one batch of {lab.PROMPTS_PER_STEP * 8}: vectorised "
        f"{fast:,.0f}, one at a time in Python (baseline) {slow:,.0f}: **{fast / slow:.0f}×**.",
        f"Live: median of {loads} page loads (seed 0, defaults); each load's steps/s "
        + ", ".join(f"{r:.0f}" for r in rates)
        + "; seconds to 0.9 "
        + ", ".join(f"{x:.2f}" for x in targets)
        + ".",
    ]
    return lines, ok


if __name__ == "__main__":
    text, _ = report(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
    print("\n".join(text))
