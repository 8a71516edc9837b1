"""The journal's storage on real SQLite and real PostgreSQL (``database_url``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from pushback.domain.errors import Conflict, InvalidInput, NotFound, StorageError
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.journal.migrate import current_revision, head_revision
from pushback.journal.models import TrainingSession
from pushback.journal.records import (
    BodyWeightEntry,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetAnalysis,
)
from tests._units import run
from tests.integration._journal_builders import T0, make_session, make_set


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = open_url(database_url)
    yield database
    database.dispose()


def _plan(start: date, *, sessions: int = 3) -> tuple[PlanEntry, list[ScheduledEntry]]:
    entry = PlanEntry(
        uuid=str(uuid.uuid4()),
        start_date=start,
        generator_version="test-1",
        inputs={"weeks": 1},
        plan={"weeks": []},
        created_at=datetime.now(UTC),
        reason="first plan",
    )
    items = [
        ScheduledEntry(
            position=i,
            week=1,
            day=1 + 2 * i,
            scheduled_on=start + timedelta(days=2 * i),
            exercises=(
                {"slug": "push-up", "sets": 3, "reps": 10, "rep_range": [8, 12]},
            ),
        )
        for i in range(sessions)
    ]
    return entry, items


def test_first_use_creates_the_schema_at_the_newest_revision(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()


def test_ensure_user_is_idempotent_and_names_are_unique(db: Database) -> None:
    first = run(db, repo.ensure_user, name="local")
    again = run(db, repo.ensure_user, name=" local ")
    assert first == again
    assert first.units == "kg" and first.time_zone == "UTC" and not first.has_password
    assert [u.name for u in run(db, repo.list_users)] == ["local"]


def test_unknown_user_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="nobody"):
        run(db, repo.get_user, name="nobody")


@pytest.mark.parametrize(
    ("units", "time_zone", "field"),
    [("stone", None, "units"), (None, "Mars/Olympus", "time_zone")],
)
def test_bad_user_settings_are_rejected(
    db: Database, units: str | None, time_zone: str | None, field: str
) -> None:
    user = run(db, repo.ensure_user, name="local")
    with pytest.raises(InvalidInput) as caught:
        run(
            db,
            repo.update_user_settings,
            user_id=user.id,
            units=units,
            time_zone=time_zone,
        )
    assert caught.value.field == field


def test_user_settings_are_saved(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    run(
        db,
        repo.update_user_settings,
        user_id=user.id,
        units="lb",
        time_zone="Europe/Paris",
    )
    assert run(db, repo.get_user, name="local").units == "lb"
    assert run(db, repo.get_user, name="local").time_zone == "Europe/Paris"


def test_a_session_with_every_set_field_reads_back_unchanged(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    odd_set = make_set(
        slug=None,
        exercise_name="Archer Push Up (custom)",
        kind="failure",
        target_reps=None,
        target_reps_per_side=5,
        reps=None,
        reps_per_side=4,
        rir=None,
        rpe=9.5,
        load_kg=2.5,
        form_broke=True,
        pain=True,
        pain_location="left wrist",
        notes="ouch, stopped",
        descent_times_s=(3.1, 2.9),
        faults=("hip-sag",),
        stop_at_rep=3,
    )
    entry = make_session(sets=2, notes="felt heavy")
    entry = replace(entry, sets=(*entry.sets, odd_set))
    stored = run(db, repo.log_session, user_id=user.id, entry=entry)
    (read,) = run(db, repo.list_sessions, user_id=user.id)
    assert read == stored
    assert replace(read, id=None, sets=()) == replace(entry, sets=())
    assert [replace(s, id=None, position=None) for s in read.sets] == list(entry.sets)
    assert [s.position for s in read.sets] == [0, 1, 2]


def test_timestamps_come_back_as_aware_utc(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    paris = timezone(timedelta(hours=1))
    start = datetime(2026, 3, 2, 19, 0, 0, 123456, tzinfo=paris)
    run(db, repo.log_session, user_id=user.id, entry=make_session(start=start))
    (read,) = run(db, repo.list_sessions, user_id=user.id)
    assert read.started_at == start
    assert read.started_at.utcoffset() == timedelta(0)


def test_sets_are_committed_one_by_one_and_finishing_marks_the_plan_done(
    db: Database,
) -> None:
    user = run(db, repo.ensure_user, name="local")
    plan, items = _plan(date(2026, 3, 2))
    saved = run(db, repo.save_plan, user_id=user.id, entry=plan, sessions=items)
    first = run(db, repo.list_scheduled, plan_id=saved.id or 0)[0]
    opened = run(
        db,
        repo.start_session,
        user_id=user.id,
        entry=make_session(sets=0, ended_at=None, scheduled_session_id=first.id),
        day=T0.date(),
    )
    assert opened.id is not None
    for reps in (10, 9):
        run(
            db,
            repo.add_set,
            user_id=user.id,
            session_id=opened.id,
            entry=make_set(reps=reps),
        )
    still_open = run(db, repo.open_session, user_id=user.id)
    assert still_open is not None and [s.reps for s in still_open.sets] == [10, 9]
    done = run(
        db,
        repo.finish_session,
        user_id=user.id,
        session_id=opened.id,
        ended_at=T0 + timedelta(minutes=20),
    )
    assert done.ended_at is not None
    assert run(db, repo.open_session, user_id=user.id) is None
    assert run(db, repo.list_scheduled, plan_id=saved.id or 0)[0].status == "done"
    with pytest.raises(Conflict, match="already finished"):
        run(db, repo.add_set, user_id=user.id, session_id=opened.id, entry=make_set())


def test_a_session_for_an_unknown_scheduled_session_is_refused(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    with pytest.raises(NotFound, match="987654"):
        run(
            db,
            repo.log_session,
            user_id=user.id,
            entry=make_session(scheduled_session_id=987654),
        )
    assert run(db, repo.list_sessions, user_id=user.id) == []


def test_a_write_failing_half_way_leaves_nothing_behind(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    entry = make_session(sets=3)
    # Slip a value past the record checks so the database itself refuses the
    # third set, after the session and two sets were already sent.
    object.__setattr__(entry.sets[2], "reps", -5)
    with pytest.raises(StorageError, match="refused"):
        run(db, repo.log_session, user_id=user.id, entry=entry)
    assert run(db, repo.list_sessions, user_id=user.id) == []
    with db.session() as session:
        assert session.execute(text("SELECT COUNT(*) FROM training_sets")).scalar() == 0


def test_the_same_session_cannot_be_logged_twice(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    entry = make_session()
    run(db, repo.log_session, user_id=user.id, entry=entry)
    with pytest.raises(Conflict):
        run(db, repo.log_session, user_id=user.id, entry=entry)
    assert len(run(db, repo.list_sessions, user_id=user.id)) == 1


def test_users_cannot_reach_each_others_sessions(db: Database) -> None:
    alice = run(db, repo.ensure_user, name="alice")
    bob = run(db, repo.ensure_user, name="bob")
    stored = run(
        db, repo.log_session, user_id=alice.id, entry=make_session(ended_at=None)
    )
    assert stored.id is not None
    with pytest.raises(NotFound):
        run(db, repo.get_session, user_id=bob.id, session_id=stored.id)
    with pytest.raises(NotFound):
        run(db, repo.add_set, user_id=bob.id, session_id=stored.id, entry=make_set())
    assert run(db, repo.list_sessions, user_id=bob.id) == []


def test_sessions_are_listed_newest_first_within_a_period(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    for day in range(5):
        run(
            db,
            repo.log_session,
            user_id=user.id,
            entry=make_session(start=T0 + timedelta(days=day)),
        )
    listed = run(
        db,
        repo.list_sessions,
        user_id=user.id,
        since=T0 + timedelta(days=1),
        until=T0 + timedelta(days=4),
    )
    assert [s.started_at.day for s in listed] == [5, 4, 3]
    assert run(db, repo.last_session_start, user_id=user.id) == T0 + timedelta(days=4)


def test_a_new_plan_supersedes_the_old_one_and_skips_its_open_sessions(
    db: Database,
) -> None:
    user = run(db, repo.ensure_user, name="local")
    old, old_items = _plan(date(2026, 3, 2))
    old_saved = run(db, repo.save_plan, user_id=user.id, entry=old, sessions=old_items)
    new, new_items = _plan(date(2026, 3, 9), sessions=2)
    change = PlanChangeEntry(
        effective_on=date(2026, 3, 9), code="retest", reason="retested"
    )
    run(
        db,
        repo.save_plan,
        user_id=user.id,
        entry=new,
        sessions=new_items,
        change=change,
    )
    active = run(db, repo.active_plan, user_id=user.id)
    assert active is not None and active.uuid == new.uuid
    old_status = {
        s.status for s in run(db, repo.list_scheduled, plan_id=old_saved.id or 0)
    }
    assert old_status == {"skipped"}
    (logged,) = run(db, repo.list_plan_changes, user_id=user.id)
    assert (logged.code, logged.reason, logged.plan_id) == (
        "retest",
        "retested",
        active.id,
    )


def test_schedule_changes_are_stored_with_their_reasons(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    plan, items = _plan(date(2026, 3, 2))
    saved = run(db, repo.save_plan, user_id=user.id, entry=plan, sessions=items)
    current = run(db, repo.list_scheduled, plan_id=saved.id or 0)
    shifted = [
        replace(s, scheduled_on=s.scheduled_on + timedelta(days=2)) for s in current
    ]
    change = PlanChangeEntry(
        effective_on=date(2026, 3, 4),
        code="shift",
        reason="missed Monday",
        details={"days": 2},
    )
    run(
        db,
        repo.apply_schedule_changes,
        user_id=user.id,
        plan_id=saved.id or 0,
        updates=shifted,
        changes=[change],
    )
    assert run(db, repo.list_scheduled, plan_id=saved.id or 0) == shifted
    (stored,) = run(db, repo.list_plan_changes, user_id=user.id)
    assert stored.details == {"days": 2} and stored.reason == "missed Monday"


def test_the_calendar_schedule_matches_the_full_sessions(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    plan, items = _plan(date(2026, 3, 2))
    saved = run(db, repo.save_plan, user_id=user.id, entry=plan, sessions=items)
    full = run(db, repo.list_scheduled, plan_id=saved.id or 0)
    moved = replace(full[0], scheduled_on=date(2026, 3, 5), status="skipped")
    run(
        db,
        repo.apply_schedule_changes,
        user_id=user.id,
        plan_id=saved.id or 0,
        updates=[moved],
        changes=[],
    )
    full = run(db, repo.list_scheduled, plan_id=saved.id or 0)
    slots = run(db, repo.list_schedule, plan_id=saved.id or 0)
    assert [
        (s.id, s.position, s.week, s.day, s.scheduled_on, s.deload, s.title, s.status)
        for s in slots
    ] == [
        (f.id, f.position, f.week, f.day, f.scheduled_on, f.deload, f.title, f.status)
        for f in full
    ]
    assert slots[0].scheduled_on == date(2026, 3, 5) and slots[0].status == "skipped"


def test_profiles_and_body_weight_are_kept_over_time(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    for week, reps in enumerate((8, 11)):
        run(
            db,
            repo.add_profile,
            user_id=user.id,
            entry=ProfileEntry(
                taken_at=T0 + timedelta(weeks=week),
                kind="assessment" if week == 0 else "retest",
                max_pushups=reps,
                variant="push-up",
                body_mass_kg=80.0 - week,
                data={"max_pushups": reps},
            ),
        )
    run(
        db,
        repo.add_body_weight,
        user_id=user.id,
        entry=BodyWeightEntry(measured_at=T0 + timedelta(days=3), body_mass_kg=79.5),
    )
    latest = run(db, repo.latest_profile, user_id=user.id)
    assert latest is not None and latest.max_pushups == 11 and latest.kind == "retest"
    assert [p.max_pushups for p in run(db, repo.list_profiles, user_id=user.id)] == [
        8,
        11,
    ]
    weights = run(db, repo.list_body_weights, user_id=user.id)
    assert [w.body_mass_kg for w in weights] == [80.0, 79.5, 79.0]


def test_video_analysis_results_attach_to_a_set(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    stored = run(db, repo.log_session, user_id=user.id, entry=make_session(sets=1))
    set_id = stored.sets[0].id or 0
    analysis = SetAnalysis(
        descent_times_s=(3.0, 2.5), faults=("hip-sag",), stop_at_rep=7
    )
    updated = run(
        db, repo.record_set_analysis, user_id=user.id, set_id=set_id, analysis=analysis
    )
    assert (updated.descent_times_s, updated.faults, updated.stop_at_rep) == (
        (3.0, 2.5),
        ("hip-sag",),
        7,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reps": -1}, "reps"),
        ({"rir": 11}, "rir"),
        ({"rpe": 9.3}, "rpe"),
        ({"tempo": "slow"}, "tempo"),
        ({"slug": None}, "exercise"),
        ({"kind": "superset"}, "kind"),
        ({"logged_at": datetime(2026, 1, 1)}, "logged_at"),
        ({"pain_location": "wrist"}, "pain_location"),
    ],
)
def test_bad_set_values_are_refused_before_storage(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_set(**overrides)
    assert caught.value.field == field


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    database = open_url(f"sqlite:///{tmp_path}/j.sqlite3")
    with database.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    database.dispose()


def test_an_unreachable_server_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="could not be used"):
        open_url("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")


def test_an_unsupported_database_is_refused() -> None:
    with pytest.raises(StorageError, match="Unsupported"):
        open_url("mysql://localhost/x")


def _open(db: Database, user_id: int, day: date) -> SessionEntry:
    entry = make_session(sets=0, ended_at=None)
    return run(db, repo.start_session, user_id=user_id, entry=entry, day=day)


def test_a_day_has_one_open_session_and_finishing_frees_the_day(db: Database) -> None:
    user = run(db, repo.ensure_user, name="local")
    day = T0.date()
    first = _open(db, user.id, day)
    again = _open(db, user.id, day)
    assert again.id == first.id and again.uuid == first.uuid
    other_day = _open(db, user.id, day + timedelta(days=1))
    assert other_day.id != first.id
    run(
        db,
        repo.finish_session,
        user_id=user.id,
        session_id=first.id or 0,
        ended_at=T0 + timedelta(minutes=30),
    )
    reopened = _open(db, user.id, day)
    assert reopened.id not in (first.id, other_day.id)


def test_the_database_refuses_a_second_open_session_of_a_day(db: Database) -> None:
    """The rule holds below the repository too: a raw insert of a second open
    session for the same user and day fails on both backends."""
    user = run(db, repo.ensure_user, name="local")
    _open(db, user.id, T0.date())
    with pytest.raises(StorageError), db.session(write=True) as session:
        session.add(
            TrainingSession(
                uuid=str(uuid.uuid4()),
                user_id=user.id,
                started_at=T0,
                open_on=T0.date(),
            )
        )
        session.flush()
