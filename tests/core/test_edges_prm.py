"""The toy reward model at its edges: a one-word text, the padding exploit's step numbers."""

import re

import pytest

from r1widgets.core import prm


def test_rates_per_hundred_words_of_a_one_word_text():
    # one word, and it is a confident one: 1 per 1 word = 100 per 100 words
    f = prm.reward_model_features("Clearly")
    assert f["confident_words"] == pytest.approx(100.0)
    f = prm.reward_model_features("not")
    assert f["negation"] == pytest.approx(100.0)
    # no words at all: rates are 0, not a division by zero
    f = prm.reward_model_features("")
    assert f["confident_words"] == 0.0 and f["negation"] == 0.0 and f["length"] == 0.0


def test_padding_steps_are_numbered_from_one():
    numbers = [int(re.match(r"Step (\d+): ", s).group(1)) for s in prm.PADDING_STEPS]
    assert numbers == list(range(1, len(prm.PADDING_STEPS) + 1))
