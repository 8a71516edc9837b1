"""Fixtures shared by every test folder.

* ``settings``: a :class:`Settings` whose data dir is a fresh temporary folder.
* ``database_url``: parametrized over a fresh SQLite file and a fresh PostgreSQL
  schema-less database on 127.0.0.1:5432 (created and dropped per test).
* ``clips_dir`` / ``clip_labels``: the labelled real clips in ../shared/data/clips.

In CI (``PUSHBACK_REQUIRE_POSTGRES=1`` / ``PUSHBACK_REQUIRE_CLIPS=1``, set by
``.ci/run``) a missing server or clip folder fails the run instead of skipping.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pushback.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
CLIPS_DIR = Path(
    os.environ.get("PUSHBACK_CLIPS_DIR", REPO_ROOT.parent / "shared" / "data" / "clips")
)
POSTGRES_ADMIN_URL = os.environ.get(
    "PUSHBACK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _require(flag: str) -> bool:
    return os.environ.get(flag, "") == "1"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty temporary data dir (SQLite journal inside)."""
    return Settings(data_dir=tmp_path / "data", database_url=None)


def _postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            POSTGRES_ADMIN_URL.replace("postgresql+psycopg", "postgresql"),
            connect_timeout=3,
        ):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped after the test."""
    import psycopg

    if not _postgres_available():
        if _require("PUSHBACK_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI but is down")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not running")
    name = f"pushback_test_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_ADMIN_URL.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh journal database URL: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """The folder of labelled real clips (never copied into the repo)."""
    if not (CLIPS_DIR / "labels.json").is_file():
        if _require("PUSHBACK_REQUIRE_CLIPS"):
            pytest.fail(f"labelled clips are required in CI but {CLIPS_DIR} has none")
        pytest.skip(f"labelled clips not found in {CLIPS_DIR}")
    return CLIPS_DIR


@pytest.fixture(scope="session")
def clip_labels(clips_dir: Path) -> dict[str, Any]:
    """``labels.json`` of the clip folder, keyed by clip id."""
    data: dict[str, Any] = json.loads((clips_dir / "labels.json").read_text())
    return data["clips"]  # type: ignore[no-any-return]
