"""The base's validating trait types at their edges, on a small widget of their own: integers
sent as floats or text, a list of valid length with one bad element, lists of exactly the
shortest and longest length, and log lines that stay short whatever the browser sends."""

import logging
import math
import sys

import pytest
import traitlets
from helpers import assert_refused

from r1widgets._base import (
    ChapterWidget,
    FiniteFloat,
    FloatList,
    Input,
    StrictBool,
    StrictInt,
    Text,
    _preview,
    _short,
    log,
)


class Probe(ChapterWidget):
    _esm = "export default { render() {} }"
    _actions = ("bump", "fail")

    count = Input(StrictInt(3, min=0, max=10))
    xs = Input(FloatList(-1.0, 2.0, 2, 4, [0.5, 0.5]))
    rate = Input(FiniteFloat(0.5, min=0.0, max=1.0))
    flag = Input(StrictBool(False))
    note = Input(Text("hi", max_length=50))
    essay = Input(Text(""))  # the default limit
    total = traitlets.Float(0.0).tag(sync=True, role="derived")

    def _derived(self, changed):
        return {"total": sum(self.xs) + self.count}

    def bump(self):
        self.count = min(10, self.count + 1)

    def fail(self):
        raise RuntimeError("x" * 1000)


def test_an_integral_float_is_taken_as_the_integer(browser):
    w = Probe()
    b = browser(w)
    b.update(count=4.0)
    assert w.count == 4 and type(w.count) is int and w.error == ""
    assert w.total == 5.0  # derived values follow
    w.count = 7.0
    assert w.count == 7 and type(w.count) is int


@pytest.mark.parametrize(
    "value", [4.5, "5", "4.0", 5 + 0j, True, False, None, [5], float("nan"), float("inf"), 11.0]
)
def test_strict_int_refuses_what_is_not_an_integer_in_range(browser, value):
    w = Probe()
    assert_refused(w, browser(w), "count", value)
    with pytest.raises(traitlets.TraitError):
        w.count = value
    assert w.count == 3


@pytest.mark.parametrize("value", [0, 10])
def test_strict_int_bounds_are_inclusive(browser, value):
    w = Probe()
    browser(w).update(count=value)
    assert w.count == value and w.error == ""


@pytest.mark.parametrize("xs", [[-1.0, 2.0], [0, 1, 2, -1], (0.25, 0.75), [1e-300, -1e-300, 0.0]])
def test_lists_of_the_shortest_and_longest_length_and_the_bounds_are_accepted(browser, xs):
    w = Probe()
    browser(w).update(xs=list(xs))
    assert w.xs == [float(x) for x in xs] and all(type(x) is float for x in w.xs)
    assert w.error == ""
    w.xs = xs  # a tuple from Python too
    assert w.xs == [float(x) for x in xs]


@pytest.mark.parametrize("length", [0, 1, 5, 100_000])
def test_lists_one_too_short_or_too_long_are_refused(browser, length):
    w = Probe()
    assert_refused(w, browser(w), "xs", [0.5] * length)
    assert f"got {length}" in w.error


BAD_ELEMENTS = [
    float("nan"),
    float("inf"),
    float("-inf"),
    True,
    False,
    "0.5",
    None,
    [0.5],
    {"v": 0.5},
    2.0000001,
    -1.0000001,
    1e308,
]


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize("bad", BAD_ELEMENTS, ids=repr)
def test_one_bad_element_in_a_list_of_valid_length_is_refused(browser, bad, position):
    w = Probe()
    xs = [0.5, 0.5, 0.5]
    xs[position] = bad
    assert_refused(w, browser(w), "xs", xs)
    assert f"xs[{position}]" in w.error
    with pytest.raises(traitlets.TraitError):
        w.xs = xs
    assert w.xs == [0.5, 0.5]


@pytest.mark.parametrize("value", [float("nan"), float("-inf"), True, "0.5", -0.01, 1.01])
def test_finite_float_refuses(browser, value):
    w = Probe()
    assert_refused(w, browser(w), "rate", value)


@pytest.mark.parametrize("value", [0, 1, "true", None, 1.0])
def test_strict_bool_refuses_everything_but_true_and_false(browser, value):
    w = Probe()
    assert_refused(w, browser(w), "flag", value)
    browser(w).update(flag=True)
    assert w.flag is True


def test_text_up_to_its_limit_and_no_further(browser):
    w = Probe()
    b = browser(w)
    b.update(note="é" * 50)
    assert w.note == "é" * 50 and w.error == ""
    assert_refused(w, b, "note", "é" * 51)
    assert_refused(w, b, "note", 51)
    assert_refused(w, b, "note", "a\ud800b")
    assert "surrogate" in w.error


def test_the_default_text_limit_is_one_hundred_thousand_characters(browser):
    w = Probe()
    b = browser(w)
    b.update(essay="y" * 100_000)
    assert len(w.essay) == 100_000 and w.error == ""
    assert_refused(w, b, "essay", "z" * 100_001)


# --- what reaches the log and the error line --------------------------------------------------


def test_preview_quotes_small_values_whole():
    assert _preview("x" * 58) == repr("x" * 58)  # exactly 60 characters quoted: whole
    assert _preview(5) == "5"
    assert _preview(None) == "None"
    assert _preview("ab") == "'ab'"
    assert _preview([1, 2]) == "[1, 2]"
    assert _preview("x" * 60) == repr("x" * 60)[:60] + "..."  # 62 characters quoted
    assert "characters" not in _preview("x" * 60)


@pytest.mark.parametrize(
    "value",
    [
        list(range(100_000)),
        {i: i for i in range(100_000)},
        tuple([1.5] * 100_000),
        "x" * 1_000_000,
        b"y" * 1_000_000,
        [["z" * 1000] * 100] * 100,
    ],
    ids=["list", "dict", "tuple", "str", "bytes", "nested"],
)
def test_preview_of_a_huge_value_stays_short(value):
    text = _preview(value)
    assert len(text) <= 100
    assert text.startswith(repr(value)[:10])


def test_preview_of_a_long_string_says_how_long_it_was():
    assert _preview("x" * 61).endswith("... (61 characters)")
    assert _preview("x" * 1_000_000).endswith("... (1,000,000 characters)")
    assert _preview("x" * 1_000_000).startswith("'xxxx")


def test_short_cuts_at_its_limit():
    assert _short("m" * 200) == "m" * 200
    assert _short("m" * 201) == "m" * 200 + "..."
    assert _short("m" * 10, limit=5) == "mmmmm..."


def _records(fn):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    log.addHandler(handler)
    try:
        fn()
    finally:
        log.removeHandler(handler)
    return records


@pytest.mark.parametrize(
    "state",
    [
        {"xs": list(range(100_000))},
        {"xs": [0.5, "y" * 1_000_000]},
        {"note": "n" * 1_000_000},
        {"n" * 100_000: 1},
        {"count": list(range(100_000))},
    ],
    ids=["long list", "long element", "long text", "long name", "list for an int"],
)
def test_refusals_of_huge_values_log_short_lines(browser, state):
    w = Probe()
    b = browser(w)
    records = _records(lambda: b.update(**state))
    assert records and all(len(r.getMessage()) < 600 for r in records)
    assert w.error and len(w.error) <= 203


def test_a_failing_action_reports_a_short_error(browser):
    w = Probe()
    b = browser(w)
    records = _records(lambda: b.custom({"action": "fail"}))
    assert w.error.startswith("fail failed: ") and len(w.error) == 203
    assert any(r.levelno == logging.ERROR for r in records)
    b.custom({"action": "bump"})
    assert w.count == 4 and w.error == ""


def test_a_state_update_that_is_not_a_mapping_is_refused():
    w = Probe()
    before = w.get_state()
    records = _records(lambda: w.set_state([("count", 5)]))
    assert w.get_state() == before
    assert any("not a mapping" in r.getMessage() for r in records)


def test_refusals_go_to_the_server_console_with_the_package_name():
    # the kernel's own stderr (the server console), not the notebook page, at INFO and above
    assert log.level == logging.INFO
    ours = [h for h in log.handlers if getattr(h, "stream", None) is sys.__stderr__]
    assert len(ours) == 1
    record = logging.LogRecord("r1widgets", logging.WARNING, "f", 1, "refused %s", ("x",), None)
    assert ours[0].format(record) == "r1widgets WARNING: refused x"


def test_nan_never_reaches_a_derived_value(browser):
    w = Probe()
    b = browser(w)
    b.update(xs=[float("nan"), 0.5], count=2)
    assert w.count == 2 and w.xs == [0.5, 0.5] and math.isfinite(w.total)
    assert "xs[0]" in w.error and "count" not in w.error


@pytest.mark.parametrize("value", [5, ["a"], {"a": 1}, b"ab"])
def test_text_from_python_must_be_text(value):
    with pytest.raises(traitlets.TraitError, match="must be text"):
        Probe().note = value


@pytest.mark.parametrize("value", ["ab", {"a": 1, "b": 2}, 0.5, None])
def test_a_float_list_must_be_a_list(browser, value):
    w = Probe()
    assert_refused(w, browser(w), "xs", value)
    assert "must be a list" in w.error
    if not isinstance(value, str):  # (traitlets itself wraps a Python str in a list)
        with pytest.raises(traitlets.TraitError, match="must be a list"):
            w.xs = value


def test_a_chapter_must_say_how_it_derives_its_values():
    class Unfinished(ChapterWidget):
        _esm = "export default { render() {} }"

    with pytest.raises(NotImplementedError):
        Unfinished()


class Flip(ChapterWidget):
    """A derived value that keeps its number but changes its type (1 → 1.0)."""

    _esm = "export default { render() {} }"
    as_float = Input(StrictBool(False))
    shown = traitlets.Any(0).tag(sync=True, role="derived")

    def _derived(self, changed):
        return {"shown": 1.0 if self.as_float else 1}


def test_a_derived_value_that_changes_only_its_type_is_updated(browser):
    w = Flip()
    assert w.shown == 1 and type(w.shown) is int
    browser(w).update(as_float=True)
    assert type(w.shown) is float


class Fragile(Probe):
    def _derived(self, changed):
        if self.count == 9:
            raise ValueError("nine is not allowed")
        return super()._derived(changed)


def test_a_failing_update_is_reported_and_the_kernel_keeps_serving(browser):
    w = Fragile()
    b = browser(w)
    records = _records(lambda: b.update(count=9))
    assert w.error == "count refused: nine is not allowed"
    assert any(r.levelno == logging.ERROR and "failed" in r.getMessage() for r in records)
    b.update(count=2)
    assert w.count == 2 and w.total == 3.0 and w.error == ""


def test_a_refused_action_is_logged():
    w = Probe()
    records = _records(lambda: w._on_custom_msg(w, {"action": "nope"}, []))
    assert w.error.startswith("refused unknown action")
    assert any(r.levelno == logging.WARNING and "nope" in r.getMessage() for r in records)
