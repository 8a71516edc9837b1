"""Journal benchmark: log and read back 100k sets for 1,000 users (SQLite, PostgreSQL).

Per backend it reports, each beside a baseline measured in the same run on the
same database (the machine is shared and noisy, so ratios are what to compare):

* **bulk inserts/s**: sets stored through ``repository.log_sessions`` (one
  transaction per user, the import path) vs a bare DBAPI ``executemany`` INSERT
  loop of the same number of rows and transactions into a scratch table;
* **logged sets/s**: one set per transaction through ``repository.add_set``
  (the interactive ``pushback log`` path) vs a bare one-row-per-commit loop;
* **p95 of "today"** (``services.journal.today``: plan, schedule, adaptation
  check, changes) and **"progress"** (``services.journal.progress``, 12 weeks)
  over random users, vs the p95 of a bare primary-key SELECT;
* **table sizes** (rows and bytes).

PostgreSQL uses a scratch database on ``PUSHBACK_BENCH_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), dropped afterwards; it is
skipped with a message when the server is down. ``BENCH_JOURNAL_USERS`` and
``BENCH_JOURNAL_SETS`` shrink the run (defaults 1000 and 100 per user).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from pushback.domain.catalog import load_catalog
from pushback.domain.plans import build_plan
from pushback.domain.profile import Profile
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.journal.records import (
    PlanEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)
from pushback.services.training import journal as service
from pushback.services.unit import Journal, Work
from pushback.settings import Settings

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SETS_PER_SESSION = 5
QUERY_SAMPLES = 200
ADMIN_URL = os.environ.get(
    "PUSHBACK_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TABLES = ("users", "plans", "scheduled_sessions", "training_sessions", "training_sets")


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _sessions(user_index: int, sets_per_user: int) -> list[SessionEntry]:
    rng = random.Random(user_index)
    count = max(1, sets_per_user // SETS_PER_SESSION)
    sessions = []
    for number in range(count):
        start = NOW - timedelta(days=6) + timedelta(minutes=number * 7)
        sets = tuple(
            SetEntry(
                logged_at=start + timedelta(minutes=i),
                slug=rng.choice(("push-up", "knee-push-up", "table-row", "prone-ytw")),
                target_reps=10,
                target_rep_low=8,
                target_rep_high=12,
                reps=rng.randint(6, 14),
                rir=rng.randint(0, 4),
            )
            for i in range(SETS_PER_SESSION)
        )
        sessions.append(
            SessionEntry(
                uuid=str(uuid.uuid4()),
                started_at=start,
                ended_at=start + timedelta(minutes=30),
                sets=sets,
            )
        )
    return sessions


def _plan_rows() -> tuple[dict[str, object], list[ScheduledEntry]]:
    profile = Profile(max_pushups=12, variant="push-up", age=30, parq_answered=True)
    plan = build_plan(profile, load_catalog(), weeks=4).to_dict()
    start = NOW.date()
    rows = [
        ScheduledEntry(
            position=index,
            week=week["week"],
            day=session["day"],
            scheduled_on=start
            + timedelta(days=7 * (week["week"] - 1) + session["day"] - 1),
            exercises=tuple(session["exercises"]),
            deload=week["deload"],
        )
        for index, (week, session) in enumerate(
            (w, s) for w in plan["weeks"] for s in w["sessions"]
        )
    ]
    return {"profile": profile.to_dict()}, rows


def _load(db: Database, users: int, sets_per_user: int) -> tuple[float, int]:
    """Users, plans and sessions; returns (seconds spent logging sets, sets).
    Each user is one write transaction, as an import is."""
    inputs, rows = _plan_rows()
    logging_s = 0.0
    total = 0
    for index in range(users):
        with db.session(write=True) as session:
            user = repo.ensure_user(session, name=f"user{index:05d}")
            entry = PlanEntry(
                uuid=str(uuid.uuid4()), start_date=NOW.date(),
                generator_version="bench", inputs=inputs, plan={"weeks": []},
                created_at=NOW - timedelta(days=7),
            )  # fmt: skip
            repo.save_plan(session, user_id=user.id, entry=entry, sessions=rows)
            session.commit()
        sessions = _sessions(index, sets_per_user)
        started = time.perf_counter()
        with db.session(write=True) as session:
            repo.log_sessions(session, user_id=user.id, entries=sessions)
            session.commit()
        logging_s += time.perf_counter() - started
        total += sum(len(s.sets) for s in sessions)
    return logging_s, total


def _set_by_set(db: Database, count: int) -> float:
    """``count`` sets, each in its own write transaction (``pushback log``)."""
    with db.session(write=True) as session:
        user = repo.ensure_user(session, name="interactive")
        opened = repo.start_session(
            session,
            user_id=user.id,
            entry=SessionEntry(uuid=str(uuid.uuid4()), started_at=NOW),
            day=NOW.date(),
        )
        session.commit()
    entry = SetEntry(logged_at=NOW, slug="push-up", reps=10, rir=2)

    def one_set() -> None:
        with db.session(write=True) as session:
            repo.add_set(
                session, user_id=user.id, session_id=opened.id or 0, entry=entry
            )
            session.commit()

    def all_sets() -> None:
        for _ in range(count):
            one_set()

    return _timed(all_sets)


@contextmanager
def _raw(db: Database) -> Iterator[object]:
    connection = db.engine.raw_connection()
    try:
        yield connection
    finally:
        connection.close()


def _baseline_inserts(db: Database, rows: int, transactions: int, marker: str) -> float:
    """A bare DBAPI INSERT loop: ``rows`` rows in ``transactions`` commits."""
    placeholder = "?" if db.dialect == "sqlite" else "%s"
    columns = (
        "(session_id INTEGER, position INTEGER, slug TEXT, reps INTEGER, "
        "rir INTEGER, logged_at TEXT)"
    )
    table = f"bench_{marker}"
    with _raw(db) as connection:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(f"CREATE TABLE {table} {columns}")
        connection.commit()  # type: ignore[attr-defined]
        per = max(1, rows // transactions)
        values = [(1, i, "push-up", 10, 2, NOW.isoformat()) for i in range(per)]
        started = time.perf_counter()
        for _ in range(transactions):
            if db.dialect == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(
                f"INSERT INTO {table} VALUES ({', '.join([placeholder] * 6)})", values
            )
            connection.commit()  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {table}")
        connection.commit()  # type: ignore[attr-defined]
    return elapsed


def _baseline_select(db: Database) -> list[float]:
    placeholder = "?" if db.dialect == "sqlite" else "%s"
    samples = []
    with _raw(db) as connection:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        for _ in range(QUERY_SAMPLES):
            started = time.perf_counter()
            cursor.execute(
                f"SELECT * FROM users WHERE id = {placeholder}",
                (random.randint(1, 1000),),
            )
            cursor.fetchall()
            samples.append(time.perf_counter() - started)
        connection.rollback()  # type: ignore[attr-defined]
    return samples


def _query_samples(
    journal: Journal, users: int, query: Callable[[Work, UserRecord], object]
) -> list[float]:
    """Each sample: one request's unit of work (find the user, run the use case)."""
    rng = random.Random(7)

    def one(name: str) -> None:
        with journal.work() as work:
            query(work, repo.get_user(work.session, name=name))

    return [
        _timed(lambda: one(f"user{rng.randrange(users):05d}"))
        for _ in range(QUERY_SAMPLES)
    ]


def _sizes(db: Database) -> dict[str, tuple[int, int | None]]:
    sizes: dict[str, tuple[int, int | None]] = {}
    with _raw(db) as connection:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            count = cursor.fetchone()[0]
            size = None
            if db.dialect == "postgresql":
                cursor.execute("SELECT pg_total_relation_size(%s)", (table,))
                size = cursor.fetchone()[0]
            sizes[table] = (count, size)
        connection.rollback()  # type: ignore[attr-defined]
    return sizes


def _run(label: str, url: str, users: int, sets_per_user: int) -> None:
    db = open_url(url)
    journal = Journal(
        Settings(data_dir=Path(tempfile.gettempdir()), database_url=url),
        db,
        lambda: NOW,
    )
    logging_s, total = _load(db, users, sets_per_user)
    bulk_base = _baseline_inserts(db, total, users, "bulk")
    one_by_one = min(2000, total)
    per_set_s = _set_by_set(db, one_by_one)
    per_set_base = _baseline_inserts(db, one_by_one, one_by_one, "single")
    today = _query_samples(journal, users, service.today)
    progress = _query_samples(
        journal, users, lambda work, user: service.progress(work, user, weeks=12)
    )
    select = _p95(_baseline_select(db))
    print(f"\n{label}: {users} users, {total} sets")
    rates = (
        ("bulk inserts/s", total, logging_s, bulk_base),
        ("logged sets/s (1/txn)", one_by_one, per_set_s, per_set_base),
    )
    for name, count, ours, base in rates:
        print(
            f"  {name:<22}{count / ours:10.0f}  baseline {count / base:10.0f}"
            f"  ratio {base / ours:6.3f}"
        )
    for name, samples in (("today", today), ("progress", progress)):
        value = _p95(samples)
        print(
            f"  p95 {name:<18} {value * 1000:8.2f} ms  bare SELECT "
            f"{select * 1000:6.3f} ms  ratio {value / select:8.1f}"
        )
    for table, (count, size) in _sizes(db).items():
        extra = f"{size / 1e6:8.2f} MB" if size is not None else ""
        print(f"  {table:<22} {count:>9} rows {extra}")
    db.dispose()


def _postgres_database() -> Iterator[str] | None:
    admin = ADMIN_URL.replace("postgresql+psycopg", "postgresql")
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.OperationalError:
        return None

    @contextmanager
    def scratch() -> Iterator[str]:
        name = f"pushback_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return scratch()  # type: ignore[return-value]


def main() -> None:
    """Run the journal benchmark on SQLite, then PostgreSQL when it is up."""
    users = int(os.environ.get("BENCH_JOURNAL_USERS", "1000"))
    sets_per_user = int(os.environ.get("BENCH_JOURNAL_SETS", "100"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        _run(
            "SQLite (WAL, synchronous=FULL)", f"sqlite:///{path}", users, sets_per_user
        )
        print(f"  file size              {path.stat().st_size / 1e6:8.2f} MB")
    postgres = _postgres_database()
    if postgres is None:
        print("\nPostgreSQL at 127.0.0.1:5432 is down: skipped.")
        return
    with postgres as url:  # type: ignore[attr-defined]
        _run("PostgreSQL", url, users, sets_per_user)


if __name__ == "__main__":
    main()
