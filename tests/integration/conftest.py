"""Fixtures of the integration tests (those of every folder are in tests/conftest.py).

* ``journal``: the journal service opened on ``database_url`` (SQLite, then
  PostgreSQL) with a fresh data dir, closed after the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pushback.services.training import journal as service
from pushback.settings import Settings


@pytest.fixture
def journal(tmp_path: Path, database_url: str) -> Iterator[service.Journal]:
    """The journal service on a fresh database of each backend."""
    opened = service.open_journal(
        Settings(data_dir=tmp_path / "data", database_url=database_url)
    )
    yield opened
    opened.close()
