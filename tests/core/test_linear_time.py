"""The rule checker and the toy reward model take time linear in the text, adversarial or not.

Ten times the text should take about ten times the work; a quadratic scan takes a hundred times.
The check sits between them: the growth from 100 KB to 1 MB must stay under 35x. To hold on a
loaded machine (other test runs sharing the cores), the work is measured as this process's CPU
time (time spent waiting for a core is not counted), small and large runs alternate so both
see the same conditions, each size keeps its best of three, and a growth over the limit is
measured again up to twice: noise rarely repeats, a quadratic scan fails every time
(``test_the_check_flags_a_quadratic_scan`` shows that it does).
"""

import gc
import time

import pytest

from r1widgets.core import prm
from r1widgets.core import rewards as rw

LIMIT = 35  # linear: about 10x; quadratic: about 100x
SMALL, LARGE = 100_000, 1_000_000


def _cpu_seconds(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def growth(small, large, rounds: int = 3) -> float:
    """CPU time of ``large()`` over ``small()``, each the best of ``rounds``, interleaved."""
    t_small, t_large = [], []
    enabled = gc.isenabled()
    gc.disable()  # a collection would land in one run and not the other
    try:
        for _ in range(rounds):
            t_small.append(_cpu_seconds(small))
            t_large.append(_cpu_seconds(large))
    finally:
        if enabled:
            gc.enable()
    return min(t_large) / max(min(t_small), 1e-4)


def assert_linear(small, large, what: str, attempts: int = 3) -> None:
    """Fail when 10x the input takes LIMIT times the work in every one of ``attempts``."""
    seen = []
    for _ in range(attempts):
        seen.append(growth(small, large))
        if seen[-1] < LIMIT:
            return
    raise AssertionError(f"{what}: 10x the text took {min(seen):.0f}x the time ({seen})")


def _sized(piece: str, n: int) -> str:
    return (piece * (n // len(piece) + 1))[:n]


# --- the check itself: it must flag a quadratic scan and pass a linear one ------------------


def _quadratic_scan(text: str) -> None:
    # from every 32nd position, look for a character that is not there: n/32 scans of O(n)
    for i in range(0, len(text), 32):
        text.find("\x00", i)


def _linear_scan(text: str) -> None:
    # the same loop, each search bounded to its own 32 characters
    for i in range(0, len(text), 32):
        text.find("\x00", i, i + 32)


def test_the_check_flags_a_quadratic_scan():
    small, large = "a" * SMALL, "a" * LARGE
    with pytest.raises(AssertionError, match="10x the text took"):
        assert_linear(lambda: _quadratic_scan(small), lambda: _quadratic_scan(large), "scan")


def test_the_check_passes_a_linear_scan():
    small, large = "a" * SMALL, "a" * LARGE
    assert_linear(lambda: _linear_scan(small), lambda: _linear_scan(large), "scan")


# --- the rule checker (rewards.py) ------------------------------------------------------------

ADVERSARIAL = {
    "think tags": "<think>",
    "strict head": "<think>\n",
    "boxes": "\\boxed{",
    "open braces": "{",
    "close braces": "}",
    "digits": "1",
    "x equals": "x = ",
    "answer is": "answer is ",
    "fractions": "\\frac{1}{",
    "answer blocks": "<answer>\\boxed{",
    "mixed": "<think>\\boxed{x = 1{}</answer><answer>answer is $5 \n</think>",
    "cjk and marks": "答案e\u0301𠀀",
    "spaces": " \n",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_linear_time_on_adversarial_text(name):
    piece = ADVERSARIAL[name]
    small, large = _sized(piece, SMALL), _sized(piece, LARGE)
    for prefix in ("", "<answer>"):  # also as one huge extracted answer
        s, big = prefix + small, prefix + large
        rw.score_response(s[:100], "5")  # warm caches (the script table)
        for strict in (False, True):
            assert_linear(
                lambda s=s, strict=strict: rw.score_response(s, s[:1000], "en", strict),
                lambda big=big, strict=strict: rw.score_response(big, big[:1000], "en", strict),
                f"{name!r} (prefix {prefix!r}, strict {strict})",
            )


# --- the toy reward model (prm.py) -----------------------------------------------------------

PRM_ADVERSARIAL = {
    "digits after step": lambda n: "Step " + "1" * (n - 5),
    "step without colon": lambda n: _sized("step 123456789", n),
    "near-miss words": lambda n: _sized("clearl obviousl certainl verif mayb ", n),
    "all markers": lambda n: _sized("Step 1: clearly ✓ verified maybe not. ", n),
    "no spaces": lambda n: "a" * n,
}


@pytest.mark.parametrize("name", list(PRM_ADVERSARIAL))
def test_prm_linear_time_on_adversarial_text(name):
    small, large = PRM_ADVERSARIAL[name](SMALL), PRM_ADVERSARIAL[name](LARGE)
    assert_linear(
        lambda: prm.reward_model_score(small), lambda: prm.reward_model_score(large), repr(name)
    )
