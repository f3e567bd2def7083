"""Shared fixtures."""

import pytest
from helpers import FakeBrowser


@pytest.fixture
def browser():
    """``browser(widget)`` wraps a widget in a FakeBrowser."""
    return FakeBrowser
