"""`r1widgets demo`: its options and errors, the notebook and kernel spec it writes, the Voila
command it builds, and its stop on Ctrl-C. No server runs here (a fake stands in for Voila's
process); tests/e2e/test_installed_wheel.py runs the real one from an installed wheel."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from r1widgets import CHAPTERS, cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def no_server(monkeypatch):
    """Fail the test if the command would start a process."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(cli.subprocess, "Popen", refuse)


def run(argv, capsys) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


# ---- options ---------------------------------------------------------------------------------


def test_defaults():
    args = cli.build_parser().parse_args(["demo"])
    assert (args.port, args.theme, args.chapter) == (8866, "light", None)


def test_help_names_the_options_and_every_chapter(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["demo", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("--port", "--theme {light,dark}", "--chapter N", "default 8866"):
        assert option in text
    for chapter in CHAPTERS:
        assert f"{chapter.number:2d}  {chapter.title}" in text
    assert 'pip install "r1widgets[demo]"' in text


def test_top_level_help_names_the_demo_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    assert "demo" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [[], ["demo", "--theme", "blue"], ["demo", "--port", "0"], ["demo", "--port", "http"]],
)
def test_malformed_options_exit_2(argv, capsys, no_server):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    assert "error:" in capsys.readouterr().err


# ---- the three errors a person can fix: one line, status 2, nothing started -------------------


def test_a_port_in_use_is_refused_before_voila_starts(capsys, no_server):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status, out, err = run(["demo", "--port", str(port)], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err == (
        f"r1widgets demo: error: port {port} on 127.0.0.1 is already in use; "
        "choose another with --port N\n"
    )


def test_a_free_port_passes_the_check():
    cli.check_port(free_port())  # no error


@pytest.mark.parametrize("number", [0, 19, 99, -1])
def test_an_unknown_chapter_lists_the_valid_numbers(number, capsys, no_server):
    status, out, err = run(["demo", "--chapter", str(number)], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"r1widgets demo: error: there is no chapter {number};")
    listed = [int(n) for n in err.split("the chapters are ")[1].split(", ")]
    assert listed == [c.number for c in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))


@pytest.mark.parametrize("missing", [{"voila"}, {"ipykernel"}, {"voila", "ipykernel"}])
def test_missing_voila_says_which_extra_to_install(missing, monkeypatch, capsys, no_server):
    real = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util, "find_spec", lambda name: None if name in missing else real(name)
    )
    status, out, err = run(["demo"], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.endswith('not installed; install with: pip install "r1widgets[demo]"\n')
    for name in missing:
        assert name in err


def test_the_real_command_prints_one_line_and_no_traceback():
    """`python -m r1widgets demo`, as a person runs it: the errors come out the same."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for argv, says in [
            (["--chapter", "42"], "there is no chapter 42"),
            (["--port", str(port)], f"port {port} on 127.0.0.1 is already in use"),
        ]:
            done = subprocess.run(
                [sys.executable, "-m", "r1widgets", "demo", *argv],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 2, done
            assert done.stdout == "" and done.stderr.count("\n") == 1, done
            assert says in done.stderr and "Traceback" not in done.stderr


# ---- what it writes and runs ------------------------------------------------------------------


def _cell(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert nb.metadata.kernelspec.name == cli.KERNEL_NAME
    return nb.cells[0].source


def _value_of(code: str):
    """Run a cell as a kernel would and return the value its last line displays."""
    *body, last = code.strip().splitlines()
    namespace: dict = {}
    exec("\n".join(body), namespace)  # noqa: S102 - our own generated cell
    return eval(last, namespace)  # noqa: S307


def test_the_walkthrough_notebook_holds_one_cell_and_nothing_else(tmp_path):
    path = cli.write_notebook(tmp_path, None)
    assert path == tmp_path / "walkthrough.ipynb"
    assert _cell(path) == "from r1widgets import Walkthrough\n\nWalkthrough()"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_a_chapter_notebook_shows_that_chapter_with_its_defaults(chapter, tmp_path):
    path = cli.write_notebook(tmp_path, cli.chapter_for(chapter.number))
    assert path.name == f"{chapter.slug}.ipynb"
    code = _cell(path)
    name = chapter.widget.__name__
    assert code == f"from r1widgets import {name}\n\n{name}()"  # sets nothing else
    widget = _value_of(code)
    try:
        assert isinstance(widget, chapter.widget)
    finally:
        widget.close()


def test_the_kernel_spec_runs_this_python(tmp_path):
    spec = json.loads(cli.write_kernelspec(tmp_path).read_text())
    assert spec["argv"] == [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert spec["language"] == "python"
    assert (tmp_path / "kernels" / cli.KERNEL_NAME / "kernel.json").is_file()


def test_the_voila_command_serves_like_make_demo(tmp_path):
    notebook = tmp_path / "walkthrough.ipynb"
    cmd = cli.voila_command(notebook, 8899, "dark")
    assert cmd[:2] == [sys.executable, "-c"] and cmd[3] == str(notebook)
    options = set(cmd[4:])
    assert options == {
        "--port=8899",
        "--theme=dark",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--preheat_kernel=True",
        "--pool_size=1",
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=120",
    }
    # the Makefile's own demo line passes the same server options
    makefile = (Path(__file__).parents[1] / "Makefile").read_text()
    demo_line = makefile.split("\ndemo:")[1].split("\n\n")[0]
    for option in options - {"--port=8899", "--theme=dark", "--Voila.port_retries=0"}:
        assert option in demo_line


def test_the_voila_bootstrap_runs_voila_without_rfc3987_syntax():
    code = cli.VOILA.replace("from voila.app import main; main()", "import jsonschema, voila.app")
    code += "; print(sorted(m for m in sys.modules if m.startswith('rfc3987')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['rfc3987_syntax']"  # only the blocked entry, never loaded
    from voila import __version__

    version = subprocess.run(
        [*cli.voila_command(Path("x.ipynb"), 1, "light")[:3], "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert version.returncode == 0 and version.stdout.strip() == __version__, version


class FakeVoila:
    """Stands in for Voila's process: records how it was started; wait() raises Ctrl-C once
    (or returns ``status``), as if the person pressed it while the server ran."""

    started: list[FakeVoila] = []

    def __init__(self, cmd, **kwargs):
        self.cmd, self.kwargs = cmd, kwargs
        self.folder = Path(kwargs["cwd"])
        self.files = sorted(str(p.relative_to(self.folder)) for p in self.folder.rglob("*.*"))
        self.signals: list[str] = []
        self.running = True
        FakeVoila.started.append(self)

    status: int | None = None

    def wait(self, timeout=None):
        if self.running and self.status is None:
            raise KeyboardInterrupt
        self.running = False
        return 0 if self.status is None else self.status

    def poll(self):
        return None if self.running else 0

    def terminate(self):
        self.signals.append("TERM")
        self.running = False

    def kill(self):
        self.signals.append("KILL")
        self.running = False


@pytest.fixture
def fake_voila(monkeypatch):
    FakeVoila.started = []
    FakeVoila.status = None
    monkeypatch.setattr(cli.subprocess, "Popen", FakeVoila)
    return FakeVoila


def test_ctrl_c_stops_voila_once_and_removes_the_folder(fake_voila, capsys):
    port = free_port()
    before = signal.getsignal(signal.SIGTERM)
    assert cli.demo(port, "dark", 17) == 0
    (voila,) = fake_voila.started
    lab = cli.chapter_for(17)
    assert voila.files == [
        "jupyter/kernels/r1widgets-demo/kernel.json",
        f"{lab.slug}.ipynb",
    ]
    assert voila.cmd == cli.voila_command(voila.folder / f"{lab.slug}.ipynb", port, "dark")
    assert voila.kwargs["start_new_session"] is True  # Ctrl-C reaches the command alone
    paths = voila.kwargs["env"]["JUPYTER_PATH"].split(":")
    assert paths[0] == str(voila.folder / "jupyter")
    assert voila.signals == ["TERM"]  # stopped once: Voila then shuts its kernels down
    assert not voila.folder.exists()
    assert signal.getsignal(signal.SIGTERM) is before
    out = capsys.readouterr().out
    assert out == (
        f"r1widgets demo: serving chapter 17 at http://127.0.0.1:{port}/ (Ctrl-C stops it)\n"
        "r1widgets demo: stopped\n"
    )


def test_the_walkthrough_is_served_by_default_and_voilas_status_returned(fake_voila, capsys):
    fake_voila.status = 1  # Voila exited on its own with an error
    port = free_port()
    assert cli.main(["demo", "--port", str(port)]) == 1
    (voila,) = fake_voila.started
    assert "walkthrough.ipynb" in voila.files
    assert "--theme=light" in voila.cmd
    assert voila.signals == [] and not voila.folder.exists()
    assert f"serving the walkthrough at http://127.0.0.1:{port}/" in capsys.readouterr().out
