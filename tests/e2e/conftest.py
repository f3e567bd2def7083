"""Fixtures for the real-browser tests; the harness they use is in harness.py."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cases import all_cases
from harness import (
    CHROME_ARGS,
    CHROMIUM,
    EXAMPLES,
    PageErrors,
    free_port,
    start_server,
    stop_server,
    venv_bin,
    wait_http,
    write_notebook,
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def e2e_home(tmp_path_factory) -> Path:
    """A throwaway HOME so servers and Chromium write nothing to the real one."""
    home = tmp_path_factory.mktemp("home")
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return home


@pytest.fixture(scope="session")
def notebooks(tmp_path_factory) -> Path:
    """A folder of notebooks for the servers: one per chapter showing it with its defaults,
    and the walkthrough app exactly as shipped in examples/."""
    folder = tmp_path_factory.mktemp("notebooks")
    for case in all_cases():
        write_notebook(folder / f"{case.slug}.ipynb", [case.cell])
    shutil.copy(EXAMPLES / "walkthrough.ipynb", folder / "walkthrough.ipynb")
    return folder


@pytest.fixture(scope="session")
def voila_url(e2e_home: Path, notebooks: Path) -> Iterator[str]:
    port = free_port()
    proc, log = start_server(
        [
            venv_bin("voila"),
            str(notebooks),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
            "--Voila.tornado_settings={'disable_check_xsrf': True}",  # tests only (P4)
        ],
        e2e_home,
        "voila",
        notebooks,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(proc, url + "/", log)
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def lab_url(e2e_home: Path, notebooks: Path) -> Iterator[str]:
    port = free_port()
    proc, log = start_server(
        [
            venv_bin("jupyter-lab"),
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--IdentityProvider.token=",  # tests only
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",  # tests only (P5)
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.expose_app_in_browser=True",
        ],
        e2e_home,
        "lab",
        notebooks,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(proc, url + "/lab", log)
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    ctx = chromium.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    errors = PageErrors()
    pg.on("console", errors.console)
    pg.on("pageerror", errors.page_error)
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    try:
        pg.goto("about:blank")  # lets Voila's shutdown beacon free the kernel
    finally:
        ctx.close()
    assert not errors.errors, "\n".join(errors.errors)
