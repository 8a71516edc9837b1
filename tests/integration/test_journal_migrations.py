"""Migrations: every earlier revision upgrades with its data; models match them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pushback.domain.errors import StorageError
from pushback.journal import make_engine_for_url, open_url
from pushback.journal import repository as repo
from pushback.journal.migrate import (
    current_revision,
    ensure_current,
    head_revision,
    revisions,
    target_metadata,
    upgrade,
)
from tests._units import run

T = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def _insert(connection: sa.Connection, table: str, **values: Any) -> None:
    def kind(value: Any) -> sa.types.TypeEngine[Any]:
        if isinstance(value, datetime):
            return sa.DateTime(timezone=True)
        if isinstance(value, dict | list):
            return sa.JSON()
        if isinstance(value, date):
            return sa.Date()
        return sa.types.NullType()

    columns = [sa.column(name, kind(value)) for name, value in values.items()]
    connection.execute(sa.insert(sa.table(table, *columns)).values(**values))


def _seed_core(connection: sa.Connection) -> None:
    """Rows of every table as revision 0001 defines them."""
    _insert(
        connection, "users", id=1, name="old", units="lb", time_zone="UTC", created_at=T
    )
    _insert(
        connection, "body_weights", id=1, user_id=1, measured_at=T, body_mass_kg=81.5
    )
    _insert(
        connection,
        "profiles",
        id=1,
        user_id=1,
        taken_at=T,
        kind="assessment",
        max_pushups=12,
        variant="push-up",
        ladder_step=6,
        body_mass_kg=81.5,
        data={"max_pushups": 12},
    )
    _insert(
        connection,
        "plans",
        id=1,
        uuid="00000000-0000-0000-0000-00000000000a",
        user_id=1,
        created_at=T,
        start_date=date(2026, 3, 2),
        generator_version="old",
        inputs={},
        plan={"weeks": []},
        reason="first",
    )
    _insert(
        connection,
        "scheduled_sessions",
        id=1,
        plan_id=1,
        user_id=1,
        position=0,
        week=1,
        day=1,
        scheduled_on=date(2026, 3, 2),
        deload=False,
        title="Day 1",
        exercises=[{"slug": "push-up", "sets": 3, "reps": 10}],
        status="done",
    )
    _insert(
        connection,
        "training_sessions",
        id=1,
        uuid="00000000-0000-0000-0000-00000000000b",
        user_id=1,
        scheduled_session_id=1,
        started_at=T,
        title="Day 1",
        notes="",
        source="pushback",
    )
    _insert(
        connection,
        "training_sets",
        id=1,
        session_id=1,
        position=0,
        logged_at=T,
        slug="push-up",
        kind="work",
        reps=11,
        rir=2,
        form_broke=False,
        pain=False,
        notes="",
    )
    _insert(
        connection,
        "plan_changes",
        id=1,
        user_id=1,
        plan_id=1,
        training_session_id=1,
        created_at=T,
        effective_on=date(2026, 3, 4),
        code="repeat",
        reason="missed once",
    )


#: How to fill a database left at each revision. A new revision needs an entry.
SEEDS: dict[str, Callable[[sa.Connection], None]] = {
    "0001": _seed_core,
    "0002": _seed_core,
    "0003": _seed_core,  # adds api_tokens (web accounts): no journal change
    "0004": _seed_core,  # adds jobs and training_sets.client_key (web app II)
    "0005": _seed_core,  # adds training_sessions.open_on (one open session a day)
    "0006": _seed_core,  # adds web_sessions (logins kept on the server)
    "0007": _seed_core,  # adds users.language (the language picked for pages)
    "0008": _seed_core,  # adds login_failures (one login limit for all processes)
}


def test_two_open_sessions_of_one_day_are_merged_by_the_upgrade(
    database_url: str,
) -> None:
    """Before revision 0005 two first sets sent at once could open two sessions of
    one day: the upgrade keeps the earlier one, with every set of both in order."""
    engine = make_engine_for_url(database_url)
    upgrade(engine, "0004")
    later = T.replace(minute=5)
    with engine.begin() as connection:
        _seed_core(connection)  # session 1: open, started at T, one set (11 reps)
        _insert(connection, "training_sessions", id=2, user_id=1, started_at=later,
                uuid="00000000-0000-0000-0000-00000000000c", title="", notes="",
                source="pushback")  # fmt: skip
        for set_id, position, minute, reps in ((2, 0, 6, 9), (3, 1, 1, 10)):
            _insert(connection, "training_sets", id=set_id, session_id=2,
                    position=position, logged_at=T.replace(minute=minute),
                    slug="push-up", kind="work", reps=reps, form_broke=False,
                    pain=False, notes="")  # fmt: skip
    ensure_current(engine)
    engine.dispose()
    db = open_url(database_url)
    user = run(db, repo.get_user, name="old")
    (session,) = run(db, repo.list_sessions, user_id=user.id)
    assert session.started_at == T and session.ended_at is None
    assert [item.reps for item in session.sets] == [11, 10, 9]  # by logged time
    opened = run(db, repo.open_session_on, user_id=user.id, day=T.date())
    assert opened is not None and opened.id == session.id
    db.dispose()


def test_every_revision_has_a_seed_for_the_upgrade_test() -> None:
    assert list(SEEDS) == revisions()


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_a_database_made_by_an_earlier_revision_upgrades_with_its_data(
    database_url: str, revision: str
) -> None:
    engine = make_engine_for_url(database_url)
    upgrade(engine, revision)
    with engine.begin() as connection:
        SEEDS[revision](connection)
    ensure_current(engine)
    engine.dispose()
    assert current_revision(make_engine_for_url(database_url)) == head_revision()
    db = open_url(database_url)
    user = run(db, repo.get_user, name="old")
    (session,) = run(db, repo.list_sessions, user_id=user.id)
    assert session.started_at == T and session.sets[0].reps == 11
    assert session.sets[0].descent_times_s is None  # new column, empty
    assert run(db, repo.list_plan_changes, user_id=user.id)[0].reason == "missed once"
    assert run(db, repo.latest_profile, user_id=user.id).data == {"max_pushups": 12}  # type: ignore[union-attr]
    db.dispose()


def test_the_models_and_the_migrations_define_the_same_schema(
    database_url: str,
) -> None:
    db = open_url(database_url)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, target_metadata()) == []
    db.dispose()


def test_a_database_from_a_newer_pushback_is_refused(database_url: str) -> None:
    db = open_url(database_url)
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(StorageError, match="9999"):
        open_url(database_url)


def test_upgrading_a_current_database_changes_nothing(database_url: str) -> None:
    db = open_url(database_url)
    run(db, repo.ensure_user, name="local")
    assert upgrade(db.engine) == head_revision()
    assert [u.name for u in run(db, repo.list_users)] == ["local"]
    db.dispose()
