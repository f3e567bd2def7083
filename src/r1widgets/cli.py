"""The ``r1widgets`` command: ``r1widgets demo`` serves the walkthrough from the installed package.

``demo`` writes a one-cell notebook (the walkthrough, or one chapter) to a temporary folder and
serves it with Voila on 127.0.0.1, run by this very Python, so the server and its kernel are
those of the environment that holds r1widgets: no clone, no Node.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
THEMES = ("light", "dark")
KERNEL_NAME = "r1widgets-demo"
STOP_SECONDS = 30  # how long Voila may take to shut its kernels down before it is killed
INSTALL_HINT = 'pip install "r1widgets[demo]"'
# The server options of `make demo`: a kernel pre-heated for the first visitor, and kernels of
# closed tabs shut down after 15 idle minutes (a demo may run for hours).
SERVER_OPTIONS = (
    "--no-browser",
    f"--Voila.ip={HOST}",
    "--Voila.port_retries=0",  # the port asked for, or an error: never a silent other port
    "--preheat_kernel=True",
    "--pool_size=1",
    "--MappingKernelManager.cull_idle_timeout=900",
    "--MappingKernelManager.cull_interval=120",
)


class DemoError(Exception):
    """A problem the person running the command can fix; shown as one line, exit status 2."""


def _chapters():
    from .registry import CHAPTERS

    return CHAPTERS


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="r1widgets",
        description="Widgets that teach the DeepSeek-R1 paper chapter by chapter.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chapters = "\n".join(f"  {c.number:2d}  {c.title}" for c in _chapters())
    demo = commands.add_parser(
        "demo",
        help="serve the walkthrough in the browser (needs the demo extra)",
        description=(
            f"Serve the walkthrough with Voila on {HOST}, from the installed package. "
            "Ctrl-C stops the server."
        ),
        epilog=f"chapters:\n{chapters}\n\nneeds Voila and ipykernel: {INSTALL_HINT}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to serve on (default {DEFAULT_PORT})",
    )
    demo.add_argument("--theme", choices=THEMES, default="light", help="page theme (default light)")
    demo.add_argument(
        "--chapter", type=int, metavar="N", help="serve chapter N alone (numbers below)"
    )
    return parser


def chapter_for(number: int | None):
    """The registry's chapter ``number`` (None: the whole walkthrough)."""
    if number is None:
        return None
    chapters = _chapters()
    for chapter in chapters:
        if chapter.number == number:
            return chapter
    valid = ", ".join(str(c.number) for c in chapters)
    raise DemoError(f"there is no chapter {number}; the chapters are {valid}")


def check_voila() -> None:
    missing = [name for name in ("voila", "ipykernel") if importlib.util.find_spec(name) is None]
    if missing:
        names = " and ".join(missing) + (" is" if len(missing) == 1 else " are")
        raise DemoError(f"{names} not installed; install with: {INSTALL_HINT}")


def check_port(port: int) -> None:
    """Fail now, with a clear line, if Voila could not listen on ``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as Tornado binds (SO_REUSEADDR), so a port in TIME_WAIT is not taken for busy
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DemoError(
                    f"port {port} on {HOST} is already in use; choose another with --port N"
                ) from None
            raise DemoError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None


def notebook_cell(chapter) -> str:
    """The notebook's only code cell: the walkthrough or the chapter's widget, with defaults."""
    name = "Walkthrough" if chapter is None else chapter.widget.__name__
    return f"from r1widgets import {name}\n\n{name}()"


def write_notebook(folder: Path, chapter) -> Path:
    """Write the notebook Voila serves; its kernel is this Python (see write_kernelspec)."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": notebook_cell(chapter),
            }
        ],
        "metadata": {
            "kernelspec": {"name": KERNEL_NAME, "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    path = folder / ("walkthrough.ipynb" if chapter is None else f"{chapter.slug}.ipynb")
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


def write_kernelspec(data_dir: Path) -> Path:
    """A kernel spec that runs ipykernel in this Python, found first on JUPYTER_PATH: the
    kernel imports the r1widgets installed here even if the user's own "python3" spec points
    at another Python."""
    spec = data_dir / "kernels" / KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}),
        encoding="utf-8",
    )
    return spec


# `python -m voila`, minus one import: jsonschema compiles rfc3987-syntax's parsers when Jupyter
# starts (a second or more here) for a URL format no Jupyter schema uses, and skips that checker
# when the import fails. `make` uninstalls the package from its venv for the same reason.
VOILA = "import sys; sys.modules['rfc3987_syntax'] = None; from voila.app import main; main()"


def voila_command(notebook: Path, port: int, theme: str) -> list[str]:
    """Voila run by this Python (so its server and kernel are this environment's)."""
    return [
        sys.executable,
        "-c",
        VOILA,
        str(notebook),
        f"--port={port}",
        f"--theme={theme}",
        *SERVER_OPTIONS,
    ]


def _stop_request(signum, frame):
    raise KeyboardInterrupt


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM makes Voila shut its kernels down and exit; kill it if that hangs."""
    try:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(STOP_SECONDS)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        proc.kill()
        proc.wait()


def demo(port: int = DEFAULT_PORT, theme: str = "light", chapter_number: int | None = None) -> int:
    """Serve the walkthrough (or chapter ``chapter_number``) until Ctrl-C; return the status."""
    chapter = chapter_for(chapter_number)
    check_voila()
    check_port(port)
    folder = Path(tempfile.mkdtemp(prefix="r1widgets-demo-"))
    # Voila runs in its own session: Ctrl-C reaches this process only, which then stops Voila
    # once (a second signal while Voila shuts its kernels down would leave them running).
    # SIGINT is handled explicitly too, since a process started in the background ignores it.
    handlers = {}
    proc = None
    try:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                handlers[name] = signal.signal(getattr(signal, name), _stop_request)
        notebook = write_notebook(folder, chapter)
        write_kernelspec(folder / "jupyter")
        paths = [str(folder / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
        env = dict(os.environ, JUPYTER_PATH=os.pathsep.join(filter(None, paths)))
        what = "the walkthrough" if chapter is None else f"chapter {chapter.number}"
        url = f"http://{HOST}:{port}/"
        print(f"r1widgets demo: serving {what} at {url} (Ctrl-C stops it)", flush=True)
        proc = subprocess.Popen(
            voila_command(notebook, port, theme),
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return proc.wait()
    except KeyboardInterrupt:
        if proc is not None:
            _stop(proc)
        print("r1widgets demo: stopped", flush=True)
        return 0
    finally:
        for name, handler in handlers.items():
            signal.signal(getattr(signal, name), handler)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return demo(args.port, args.theme, args.chapter)
    except DemoError as exc:
        print(f"r1widgets {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C before Voila started: nothing to stop
        return 130


if __name__ == "__main__":
    sys.exit(main())
