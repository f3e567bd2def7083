"""The base's list traits for integers and short texts, set the way the browser sets them."""

import pytest
from helpers import assert_refused

from r1widgets._base import ChapterWidget, Input, IntList, TextList


class ListProbe(ChapterWidget):
    _esm = "export default { render() {} }"

    picks = Input(IntList(-1, 3, 2, 3, [-1, -1]))
    words = Input(TextList(1, 4, 5, ["a"]))

    def _derived(self, changed):
        return {}


def test_valid_lists_are_taken(browser):
    w = ListProbe()
    b = browser(w)
    b.update(picks=[0, 3.0, -1], words=["hello", "日本", "x"])
    assert w.picks == [0, 3, -1] and type(w.picks[1]) is int
    assert w.words == ["hello", "日本", "x"] and w.error == ""


@pytest.mark.parametrize(
    "value",
    [[4, 0], [-2, 0], [0], [0, 0, 0, 0], [True, 0], [0.5, 0], ["1", 0], [None, 0], "0,1", 7],
)
def test_bad_integer_lists_are_refused_and_snap_back(browser, value):
    w = ListProbe()
    assert_refused(w, browser(w), "picks", value)
    assert w.picks == [-1, -1]


@pytest.mark.parametrize(
    "value",
    [[], ["a"] * 5, ["toolong"], [""], [1], [None], ["\ud800"], "abc", {"a": 1}],
)
def test_bad_text_lists_are_refused_and_snap_back(browser, value):
    w = ListProbe()
    assert_refused(w, browser(w), "words", value)
    assert w.words == ["a"]
