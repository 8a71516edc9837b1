"""Data in and out: the JSON backup round-trips exactly; Strong and Hevy CSV import;
bad or foreign files are refused with a clear message and change nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pushback.domain.errors import Conflict, InvalidInput
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.journal.backup import export_user, parse_backup, restore_user
from pushback.journal.records import (
    BodyWeightEntry,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
)
from pushback.services.training import journal as service
from tests._units import call, run


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = open_url(database_url)
    yield database
    database.dispose()


moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 1, 1),
    timezones=st.just(UTC),
)
small = st.none() | st.integers(min_value=0, max_value=60)
text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20
)
sets = st.builds(
    SetEntry,
    logged_at=moments,
    slug=st.sampled_from(["push-up", "knee-push-up", "table-row"]),
    kind=st.sampled_from(["warm-up", "work", "failure", "drop"]),
    target_reps=small,
    target_rep_low=small,
    target_rep_high=small,
    target_tempo=st.none() | st.just("3-1-1-0"),
    reps=small,
    reps_per_side=small,
    duration_s=small,
    rir=st.none() | st.integers(min_value=0, max_value=10),
    rpe=st.none() | st.integers(min_value=2, max_value=20).map(lambda x: x / 2),
    load_kg=st.none() | st.floats(min_value=0, max_value=200, allow_nan=False),
    form_broke=st.booleans(),
    notes=text,
    descent_times_s=st.none()
    | st.lists(st.floats(0, 10, allow_nan=False), max_size=3).map(tuple),
    faults=st.none()
    | st.lists(st.sampled_from(["hip-sag", "depth"]), max_size=2).map(tuple),
    stop_at_rep=small,
)
sessions = st.builds(
    SessionEntry,
    uuid=st.just("replaced-in-fill"),
    started_at=moments,
    sleep_score=st.none() | st.integers(1, 5),
    soreness_score=st.none() | st.integers(1, 5),
    title=text,
    notes=text,
    source=st.sampled_from(["pushback", "strong", "hevy"]),
    sets=st.lists(sets, max_size=4).map(tuple),
)


def _fill(
    db: Database, user_id: int, logged: list[SessionEntry], weights: list[float]
) -> None:
    start = date(2026, 1, 5)
    plan = PlanEntry(
        uuid=str(uuid.uuid4()),
        start_date=start,
        generator_version="v",
        inputs={"weeks": 1, "nested": {"a": [1, 2.5, None]}},
        plan={"weeks": [{"week": 1}]},
        created_at=datetime(2026, 1, 5, 8, 0, 0, 1, tzinfo=UTC),
        reason="first",
    )
    scheduled = [
        ScheduledEntry(
            position=i,
            week=1,
            day=i + 1,
            scheduled_on=start + timedelta(days=i),
            exercises=({"slug": "push-up", "sets": 2},),
        )
        for i in range(2)
    ]
    saved = run(db, repo.save_plan, user_id=user_id, entry=plan, sessions=scheduled)
    slot = run(db, repo.list_scheduled, plan_id=saved.id or 0)[0]
    for index, entry in enumerate(logged):
        link = slot.id if index == 0 else None
        stored = run(
            db,
            repo.log_session,
            user_id=user_id,
            entry=SessionEntry(
                **{
                    **entry.__dict__,
                    "uuid": str(uuid.uuid4()),
                    "scheduled_session_id": link,
                }
            ),
        )
        if index == 0:
            change = PlanChangeEntry(
                effective_on=start,
                code="repeat",
                reason="why",
                training_session_id=stored.id,
                details={"reps": 8},
            )
            run(
                db,
                repo.apply_schedule_changes,
                user_id=user_id,
                plan_id=saved.id or 0,
                updates=[],
                changes=[change],
            )
    for kg in weights:
        run(
            db,
            repo.add_body_weight,
            user_id=user_id,
            entry=BodyWeightEntry(
                measured_at=datetime(2026, 2, 1, tzinfo=UTC), body_mass_kg=kg
            ),
        )
    run(
        db,
        repo.add_profile,
        user_id=user_id,
        entry=ProfileEntry(
            taken_at=datetime(2026, 1, 1, tzinfo=UTC),
            kind="assessment",
            max_pushups=9,
            variant="push-up",
            data={"max_pushups": 9},
        ),
    )


def _without_time(backup: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in backup.items() if k != "exported_at"}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    logged=st.lists(sessions, max_size=4, unique_by=lambda s: s.uuid),
    weights=st.lists(st.floats(30, 200), max_size=3),
)
def test_export_then_import_gives_the_same_data(
    db: Database, logged: list[SessionEntry], weights: list[float]
) -> None:
    user = run(db, repo.ensure_user, name=f"u-{uuid.uuid4().hex[:8]}")
    _fill(db, user.id, logged, weights)
    first = run(db, export_user, user_id=user.id)
    text_form = json.loads(json.dumps(first))
    run(
        db,
        restore_user,
        backup=parse_backup(text_form),
        user_name=user.name,
        replace_data=True,
    )
    assert _without_time(run(db, export_user, user_id=user.id)) == _without_time(first)


def test_a_backup_restores_exactly_into_another_database(
    db: Database, tmp_path: Path
) -> None:
    source = open_url(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    user = run(source, repo.ensure_user, name="local")
    _fill(
        source,
        user.id,
        [
            SessionEntry(
                uuid=str(uuid.uuid4()),
                started_at=datetime(2026, 1, 5, 18, tzinfo=UTC),
                sets=(
                    SetEntry(
                        logged_at=datetime(2026, 1, 5, 18, tzinfo=UTC),
                        slug="push-up",
                        reps=9,
                    ),
                ),
            )
        ],
        [70.25],
    )
    backup = run(source, export_user, user_id=user.id)
    source.dispose()
    counts = run(db, restore_user, backup=parse_backup(backup))
    assert counts["sessions"] == 1 and counts["sets"] == 1
    restored = run(db, repo.get_user, name="local")
    assert _without_time(run(db, export_user, user_id=restored.id)) == _without_time(
        backup
    )
    with pytest.raises(Conflict, match="already has journal data"):
        run(db, restore_user, backup=parse_backup(backup))


def _snapshot(journal: service.Journal) -> dict[str, Any]:
    return _without_time(call(journal, service.export_backup, user="local"))


def _valid_backup(journal: service.Journal) -> dict[str, Any]:
    return call(journal, service.export_backup, user="local")


BAD_FILES: dict[str, Any] = {
    "empty.csv": "",
    "notes.txt": "just some text\nwith lines\n",
    "array.json": "[1, 2, 3]",
    "other-app.json": json.dumps({"workouts": [{"name": "Push"}]}),
    "broken.json": '{"format": "pushback-journal", "version": 1, ',
    "future.json": lambda b: {**b, "version": 99},
    "bad-reps.json": lambda b: {
        **b,
        "sessions": [
            {
                **b["sessions"][0],
                "sets": [{**b["sessions"][0]["sets"][0], "reps": "ten"}],
            }
        ],
    },
    "dangling.json": lambda b: {
        **b,
        "plan_changes": [
            {
                "effective_on": "2026-01-01",
                "code": "x",
                "reason": "y",
                "slug": None,
                "details": None,
                "created_at": None,
                "plan": "nope",
                "session": None,
            }
        ],
    },
    "other.csv": "Name,Calories\nEgg,70\n",
    "strong-bad.csv": '"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds","Notes","Workout Notes","RPE"\n'  # noqa: E501
    '"2024-05-01 18:00:00","Push","30m","Push Up","1","0","10","0","0","","",""\n'
    '"2024-05-01 18:00:00","Push","30m","Push Up","2","0","many","0","0","","",""\n',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_or_foreign_file_is_refused_and_changes_nothing(
    journal: service.Journal, tmp_path: Path, name: str
) -> None:
    call(
        journal,
        service.log_sessions,
        user="local",
        data={
            "started_at": "2026-01-05T18:00:00+00:00",
            "sets": [{"exercise": "push-up", "reps": 9}],
        },
    )
    before = _snapshot(journal)
    content = BAD_FILES[name]
    if callable(content):
        content = json.dumps(content(_valid_backup(journal)))
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        call(journal, service.import_file, user="local", path=path, replace_data=True)
    message = caught.value.message
    assert message.startswith("Invalid value for ") and "got" in message
    assert _snapshot(journal) == before


STRONG = (
    '"Date","Workout Name","Duration","Exercise Name","Set Order","Weight","Reps","Distance","Seconds","Notes","Workout Notes","RPE"\n'  # noqa: E501
    '"2024-05-01 18:00:00","Push","1h 5m","Push Up","W","0","5","0","0","","felt good",""\n'  # noqa: E501
    '"2024-05-01 18:00:00","Push","1h 5m","Push Up","1","0","12","0","0","","felt good","8"\n'  # noqa: E501
    '"2024-05-01 18:00:00","Push","1h 5m","Push Up","2","0","10","0","0","last rep slow","felt good","9.5"\n'  # noqa: E501
    '"2024-05-01 18:00:00","Push","1h 5m","Bench Press (Barbell)","1","60","8","0","0","","felt good",""\n'  # noqa: E501
    '"2024-05-03 07:30:00","Pull","40m","Inverted Row","1","0","10","0","0","","",""\n'
    '"2024-05-03 07:30:00","Pull","40m","Plank","1","0","0","0","60","","",""\n'
)
STRONG_OLD = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"  # noqa: E501
    "2019-01-11 12:31:54;Leg;Deadlift (Barbell);1;135;lbs;5;;;;0;;;\n"
)
HEVY = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'  # noqa: E501
    '"Upper","26 Jul 2025, 07:06","26 Jul 2025, 08:11","","Push Up",,"",0,"warmup",,8,,,\n'  # noqa: E501
    '"Upper","26 Jul 2025, 07:06","26 Jul 2025, 08:11","","Push Up",,"",1,"normal",,15,,,8\n'  # noqa: E501
    '"Upper","26 Jul 2025, 07:06","26 Jul 2025, 08:11","","Reverse Fly (Dumbbell)",,"",0,"failure",4,12,,,\n'  # noqa: E501
)


def test_a_strong_export_imports_once_with_exercises_matched(
    journal: service.Journal, tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(STRONG, encoding="utf-8")
    result = call(journal, service.import_file, user="local", path=path)
    assert (result.kind, result.counts) == ("strong", {"sessions": 2, "sets": 6})
    assert result.unmatched_exercises == ("Bench Press (Barbell)", "Plank")
    push, pull = sorted(
        call(journal, service.history, user="local").sessions,
        key=lambda s: s.started_at,
    )
    assert push.ended_at is not None and push.ended_at - push.started_at == timedelta(
        hours=1, minutes=5
    )
    assert [(s.slug, s.kind, s.reps, s.rpe) for s in push.sets[:3]] == [
        ("push-up", "warm-up", 5, None),
        ("push-up", "work", 12, 8.0),
        ("push-up", "work", 10, 9.5),
    ]
    assert (
        push.sets[3].load_kg == 60.0
        and push.notes == "felt good"
        and push.source == "strong"
    )
    assert pull.sets[0].slug == "table-row" and pull.sets[1].duration_s == 60
    again = call(journal, service.import_file, user="local", path=path)
    assert again.counts["sessions"] == 0 and again.skipped_sessions == 2


def test_an_old_semicolon_strong_export_converts_pounds(
    journal: service.Journal, tmp_path: Path
) -> None:
    path = tmp_path / "strong_old.csv"
    path.write_text(STRONG_OLD, encoding="utf-8")
    call(journal, service.import_file, user="local", path=path)
    (session,) = call(journal, service.history, user="local").sessions
    assert session.sets[0].load_kg == pytest.approx(61.235, abs=0.001)


def test_a_hevy_export_imports_with_set_types(
    journal: service.Journal, tmp_path: Path
) -> None:
    path = tmp_path / "workouts.csv"
    path.write_text(HEVY, encoding="utf-8")
    result = call(journal, service.import_file, user="local", path=path)
    assert (result.kind, result.counts) == ("hevy", {"sessions": 1, "sets": 3})
    (session,) = call(journal, service.history, user="local").sessions
    assert [(s.slug, s.kind, s.reps) for s in session.sets] == [
        ("push-up", "warm-up", 8),
        ("push-up", "work", 15),
        ("dumbbell-reverse-fly", "failure", 12),
    ]
    assert session.sets[2].load_kg == 4.0 and session.ended_at is not None


def test_our_strong_csv_export_reads_back_as_a_strong_import(
    journal: service.Journal, tmp_path: Path
) -> None:
    call(
        journal,
        service.log_sessions,
        user="local",
        data={
            "started_at": "2026-01-05T18:00:00+00:00",
            "ended_at": "2026-01-05T18:40:00+00:00",
            "sets": [
                {"exercise": "push-up", "reps": 9, "rir": 2},
                {"exercise": "archer-push-up", "reps_per_side": 4},
            ],
        },
    )
    path = tmp_path / "out.csv"
    path.write_text(call(journal, service.export_csv, user="local"), encoding="utf-8")
    result = call(journal, service.import_file, user="copy", path=path)
    assert (
        result.counts == {"sessions": 1, "sets": 2} and result.unmatched_exercises == ()
    )
    (copy,) = call(journal, service.history, user="copy").sessions
    assert [(s.slug, s.reps, s.rpe) for s in copy.sets] == [
        ("push-up", 9, 8.0),
        ("archer-push-up", 4, None),
    ]
