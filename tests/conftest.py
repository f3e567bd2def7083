"""Shared fixtures, and hypothesis settings for a noisy two-core machine."""

import pytest
from helpers import FakeBrowser
from hypothesis import settings

# Timing is not what property tests check: on a loaded machine (CI, or two test runs sharing
# two cores) one example can exceed hypothesis's 200 ms deadline and fail a correct test.
# Speed targets live in benchmarks/; the linear-time tests measure growth, not deadlines.
settings.register_profile("r1widgets", deadline=None)
settings.load_profile("r1widgets")


@pytest.fixture
def browser():
    """``browser(widget)`` wraps a widget in a FakeBrowser."""
    return FakeBrowser
