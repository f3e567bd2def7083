"""Retake docs/walkthrough.png, the README's picture of the walkthrough app.

Run after `make build`: `.venv/bin/python scripts/readme_screenshot.py`. It serves the walkthrough
with Voila on 127.0.0.1, opens it in Debian's Chromium at 1280 x 1000 and saves the top of the
page: the title, the table of contents and the first chapter.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "e2e")]

from harness import (  # noqa: E402
    CHROME_ARGS,
    CHROMIUM,
    EXAMPLES,
    free_port,
    start_server,
    stop_server,
    venv_bin,
    wait_http,
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="r1w-shot-"))
    port = free_port()
    cmd = [
        venv_bin("voila"),
        str(EXAMPLES / "walkthrough.ipynb"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
    proc, log = start_server(cmd, home, "voila", EXAMPLES)
    try:
        wait_http(proc, f"http://127.0.0.1:{port}/", log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
            page.locator(".r1w-sft-vs-rl button").first.wait_for(timeout=180_000)
            page.wait_for_timeout(1000)
            out = ROOT / "docs" / "walkthrough.png"
            page.screenshot(path=str(out))
            print(f"wrote {out} ({out.stat().st_size:,} bytes)")
            page.goto("about:blank")
            browser.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
