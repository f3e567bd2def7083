"""Every Python example in the README runs as written, and says what it shows."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_its_examples():
    assert len(blocks()) >= 3


def test_every_python_example_runs():
    for code in blocks():
        namespace: dict = {}
        exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 - our own README


def test_the_lesson_example_links_two_chapters():
    code = next(b for b in blocks() if "traitlets.link" in b)
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)  # noqa: S102
    pipeline, side = namespace["pipeline"], namespace["side"]
    assert side.benchmark == "cnmo_2024"
    side.benchmark = "gpqa_diamond"  # the link runs both ways
    assert pipeline.benchmark == "gpqa_diamond"
    # the comment in the README shows the value the code gives
    side.benchmark = "cnmo_2024"
    assert f"# {side.scores['verdict']!r}" in code


def test_the_lab_example_shows_what_its_comments_say():
    code = next(b for b in blocks() if "TinyR1Zero(seed=0)" in b)
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)  # noqa: S102
    lab = namespace["lab"]
    assert "about 0.99 and 6.0 tokens" in code and "≈ K + 2 tokens" in code
    assert round(lab.pass_at_1, 2) == 0.99 and round(lab.mean_length, 1) == 6.0
    assert all(abs(n - (k + 2)) < 0.35 for n, k in zip(lab.length_by_k, range(2, 7), strict=True))
    fresh = type(lab)(seed=0)
    assert round(fresh.pass_at_1, 2) == 0.10 and round(fresh.mean_length, 1) == 3.1
