"""Helpers shared by the browser tests."""

from __future__ import annotations

import time
from typing import Any


def wait_js(page: Any, expression: str, timeout_s: float = 30.0) -> Any:
    """Wait until ``expression`` is truthy in the page; returns its value.

    ``page.wait_for_function`` polls with ``eval``, which the pages'
    Content-Security-Policy refuses (no ``unsafe-eval``); ``page.evaluate`` runs
    through the DevTools protocol, outside the page's policy.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)
