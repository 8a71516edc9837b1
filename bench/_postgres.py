"""A scratch PostgreSQL database for a benchmark run (created, then dropped)."""

from __future__ import annotations

import os
import uuid

ADMIN_URL = os.environ.get(
    "PUSHBACK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _admin() -> str:
    return ADMIN_URL.replace("postgresql+psycopg", "postgresql")


def create_database(prefix: str) -> tuple[str, str] | None:
    """A fresh database ``prefix_<random>``: its name and SQLAlchemy URL, or None
    when PostgreSQL is not reachable."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(_admin(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return name, f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"


def drop_database(name: str) -> None:
    """Drop the database :func:`create_database` made (its connections too)."""
    import psycopg

    with psycopg.connect(_admin(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
