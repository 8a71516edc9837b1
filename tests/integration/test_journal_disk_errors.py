"""A full disk and a read-only journal, for real, on SQLite and PostgreSQL.

Each says what is wrong in one line naming the database (the SQLite file, or the
PostgreSQL database and server), instead of blaming the database URL, and loses
nothing: what was logged before is intact, and once the disk has room again (or
is writable again) logging works.

* SQLite: the data dir is a tmpfs of a few MB, filled by a file until ENOSPC, or
  remounted read-only.
* PostgreSQL: the journal's tables are moved to a tablespace on such a tmpfs
  (the server runs on this machine), or the database is made read-only with
  ``default_transaction_read_only``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from typer.testing import CliRunner

from pushback.cli.main import app
from tests.conftest import POSTGRES_ADMIN_URL
from tests.integration._disks import fill, read_only, tmpfs

Cli = Callable[..., Any]
FULL = "is full: its disk has no room left, so nothing was saved."
READ_ONLY = "is read-only, so pushback cannot use it; nothing was saved."


def _cli(data_dir: Path, database_url: str = "") -> Cli:
    runner = CliRunner()
    env = {"PUSHBACK_DATA_DIR": str(data_dir), "PUSHBACK_DATABASE_URL": database_url}

    def invoke(*args: str) -> Any:
        return runner.invoke(app, list(args), env=env)

    return invoke


def _log(cli: Cli, reps: int) -> Any:
    return cli("log", "--exercise", "push-up", "--reps", str(reps))


def _logged_reps(cli: Cli) -> list[list[int]]:
    history = json.loads(cli("history", "--json").output)
    return [[s["reps"] for s in session["sets"]] for session in history["sessions"]]


def _one_line_error(result: Any, database: str, problem: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: The journal database {database} {problem}")
    assert result.output.count("\n") == 1 and "DATABASE_URL" not in result.output


def test_a_full_disk_under_sqlite_says_so_naming_the_file(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        cli = _cli(disk)
        assert _log(cli, 10).exit_code == 0
        filler = fill(disk)
        _one_line_error(_log(cli, 12), str(disk / "pushback.sqlite3"), FULL)
        filler.unlink()
        assert _logged_reps(cli) == [[10]]  # the refused session left nothing
        assert _log(cli, 12).exit_code == 0
        assert _logged_reps(cli) == [[12], [10]]


def test_a_read_only_sqlite_journal_says_so_naming_the_file(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        cli = _cli(disk)
        assert _log(cli, 10).exit_code == 0
        with read_only(disk):
            _one_line_error(_log(cli, 12), str(disk / "pushback.sqlite3"), READ_ONLY)
            for command in (("history",), ("db", "upgrade")):
                refused = cli(*command)
                _one_line_error(refused, str(disk / "pushback.sqlite3"), READ_ONLY)
        assert _logged_reps(cli) == [[10]]
        assert _log(cli, 12).exit_code == 0


def _admin(sql: str, database: str | None = None) -> None:
    url = POSTGRES_ADMIN_URL.replace("postgresql+psycopg", "postgresql")
    if database is not None:
        url = url.rsplit("/", 1)[0] + "/" + database
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def _name(database_url: str) -> str:
    return database_url.rsplit("/", 1)[1]


def _tables(database: str) -> list[str]:
    url = POSTGRES_ADMIN_URL.replace("postgresql+psycopg", "postgresql")
    url = url.rsplit("/", 1)[0] + "/" + database
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return [row[0] for row in rows]


@contextmanager
def _server_disk(size: str) -> Iterator[Path]:
    """A tmpfs the PostgreSQL server (user postgres) can reach and write."""
    base = Path(tempfile.mkdtemp(prefix="pushback-pg-"))
    base.chmod(0o755)  # pytest's own tmp folders are private to root
    try:
        with tmpfs(base / "disk", size=size, owner="postgres") as disk:
            yield disk
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def _tables_on(database: str, folder: Path) -> Iterator[None]:
    """Every journal table of ``database`` in a tablespace at ``folder``."""
    space = f"tiny_{uuid.uuid4().hex[:8]}"
    _admin(f"CREATE TABLESPACE {space} LOCATION '{folder}'")
    tables = _tables(database)
    try:
        for table in tables:
            _admin(f'ALTER TABLE "{table}" SET TABLESPACE {space}', database)
        yield
    finally:
        for table in tables:
            _admin(f'ALTER TABLE "{table}" SET TABLESPACE pg_default', database)
        _admin(f"DROP TABLESPACE {space}")


def test_a_full_disk_under_postgresql_says_so_naming_the_database(
    tmp_path: Path, postgres_url: str
) -> None:
    database = _name(postgres_url)
    cli = _cli(tmp_path / "data", postgres_url)
    assert cli("db", "upgrade").exit_code == 0
    with _server_disk("2m") as disk, _tables_on(database, disk):
        filler = fill(disk)
        _one_line_error(_log(cli, 12), f"{database} on 127.0.0.1:5432", FULL)
        filler.unlink()
        assert _logged_reps(cli) == []  # the refused session left nothing
        assert _log(cli, 12).exit_code == 0
        assert _logged_reps(cli) == [[12]]


def test_a_read_only_postgresql_database_says_so_naming_it(
    tmp_path: Path, postgres_url: str
) -> None:
    database = _name(postgres_url)
    cli = _cli(tmp_path / "data", postgres_url)
    assert _log(cli, 10).exit_code == 0
    _admin(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    try:
        _one_line_error(_log(cli, 12), f"{database} on 127.0.0.1:5432", READ_ONLY)
    finally:
        _admin(f'ALTER DATABASE "{database}" RESET default_transaction_read_only')
    assert _logged_reps(cli) == [[10]]
    assert _log(cli, 12).exit_code == 0
