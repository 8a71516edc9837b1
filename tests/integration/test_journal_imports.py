"""Importing other apps' CSV exports, every layout by its header, on both databases.

The files in ``tests/data/imports`` are written by hand in each layout with
invented workouts. What each must import as is written out below from reading
the file (pounds converted by hand: 135 lb = 61.235 kg, 45 lb = 20.412 kg,
50 lb = 22.680 kg; 2.5 mi = 4023.36 m, 1.5 mi = 2414.016 m), not taken from
the code under test. Nothing may be lost silently: a column that would lose data
is refused, naming it, and a refused file changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pushback.domain.errors import InvalidInput
from pushback.services.training import journal as service
from tests._units import call

IMPORTS = Path(__file__).resolve().parents[1] / "data" / "imports"

# (exercise, kind, reps, load_kg, distance_m, duration_s, rpe, notes) per set;
# exercise is the catalog slug when the name is matched, else the name.
Set = tuple[
    str, str, int | None, float | None, float | None, int | None, float | None, str
]
# (local start, minutes, title, workout notes, sets)
Expected = tuple[str, int, str, str, list[Set]]

EXPECTED: dict[str, tuple[str, list[Expected]]] = {
    "strong_2019.csv": ("strong", [
        ("2019-03-04 07:15", 0, "Morning Push", "Quick one before work", [
            ("push-up", "work", 15, None, None, None, None, ""),
            ("push-up", "work", 12, None, None, None, 8.0, ""),
            ("Bench Press (Barbell)", "work", 8, 61.235, None, None, None,
             "Felt heavy"),
            ("Running", "work", None, None, 4023.36, 900, None, ""),
        ]),
        ("2019-03-06 07:00", 0, "Stretch", "", [
            ("Plank", "work", 0, None, None, 60, None, ""),
        ]),
        ("2019-03-06 18:40", 0, "Evening Pull", "", [
            ("table-row", "warm-up", 8, None, None, None, None, ""),
            ("table-row", "work", 10, None, None, None, None, ""),
            ("Dumbbell Row", "work", 10, 22.5, None, None, None, ""),
        ]),
    ]),
    "strong_2025_units.csv": ("strong", [
        ("2025-02-03 18:05", 45, "Push A", "Gym closed; did it at home", [
            ("push-up", "work", 14, None, None, None, None, ""),
            ("push-up", "work", 12, None, None, None, 8.5, ""),
            ("Weighted Push Up", "work", 8, 12.9, None, None, 9.0, "Plate on my back"),
        ]),
        ("2025-02-05 07:30", 30, "Row Day", "", [
            ("table-row", "warm-up", 6, None, None, None, None, ""),
            ("table-row", "work", 11, None, None, None, None, ""),
            ("Farmer's Walk", "work", None, 32.5, 40.0, None, None, ""),
        ]),
    ]),
    "strong_2025_comma.csv": ("strong", [
        ("2025-04-07 12:10", 35, "Lunch Push", "", [
            ("push-up", "work", 13, None, None, None, None, ""),
            ("push-up", "work", 11, None, None, None, 8.0, ""),
            ("Dumbbell Bench Press", "work", 10, 20.0, None, None, None, ""),
            ("Plank", "work", 0, None, None, 45, None, ""),
        ]),
        ("2025-04-09 06:45", 62, "Early Rows", "", [
            ("table-row", "work", 9, None, None, None, 9.0, ""),
        ]),
    ]),
    "hevy_kg.csv": ("hevy", [
        ("2025-03-12 17:02", 46, "Oberkörper ✓", "Müde, aber gut.\nZweite Zeile.", [
            ("push-up", "warm-up", 8, None, None, None, None,
             "Ellbogen eng am Körper\n— langsam runter"),
            ("push-up", "work", 15, None, None, None, 8.0,
             "Ellbogen eng am Körper\n— langsam runter"),
            ("dumbbell-reverse-fly", "failure", 12, 4.5, None, None, None, ""),
            ("Treadmill", "work", None, None, 1200.0, 420, None, ""),
        ]),
        ("2025-03-14 06:30", 35, "Rücken", "", [
            ("table-row", "work", 10, None, None, None, 9.0, ""),
            ("table-row", "drop", 6, None, None, None, None, ""),
        ]),
    ]),
    "hevy_lbs.csv": ("hevy", [
        ("2025-06-02 19:15", 46, "Treino de peito", "Flexões até à falha.", [
            ("push-up", "work", 20, None, None, None, 9.5,
             "Mãos à largura dos ombros,\ncotovelos a 45°"),
            ("Bench Press (Dumbbell)", "work", 10, 22.680, None, None, None, ""),
            ("Running", "work", None, None, 2414.016, 780, None, ""),
        ]),
    ]),
    "fitnotes_lbs.csv": ("fitnotes", [
        ("2024-10-01 00:00", 0, "", "", [
            ("push-up", "work", 20, None, None, None, None, ""),
            ("push-up", "work", 18, None, None, None, None, ""),
            ("Dumbbell Row", "work", 10, 20.412, None, None, None, ""),
            ("Plank", "work", 0, None, None, 90, None, ""),
        ]),
        ("2024-10-03 00:00", 0, "", "", [
            ("Cycling", "work", 0, None, 5000.0, 900, None, ""),
        ]),
    ]),
    "fitnotes_kgs.csv": ("fitnotes", [
        ("2024-11-12 00:00", 0, "", "", [
            ("push-up", "work", 16, None, None, None, None, ""),
            ("Dumbbell Row", "work", 12, 17.5, None, None, None, ""),
            ("Farmer's Walk", "work", 0, 24.0, 60.0, None, None, ""),
        ]),
    ]),
}  # fmt: skip

#: What the result must say was not kept or assumed, per file (and nothing else).
NOTES: dict[str, list[str]] = {
    "strong_2025_comma.csv": ["Weight: the file does not give its unit; read as kg"],
    "hevy_lbs.csv": ["superset_id: not kept"],
    "fitnotes_lbs.csv": ["Category: not kept"],
    "fitnotes_kgs.csv": ["Category: not kept"],
}


def _import(journal: service.Journal, path: Path) -> Any:
    return call(journal, service.import_file, user="local", path=path)


def _sessions(journal: service.Journal) -> list[Any]:
    view = call(journal, service.history, user="local", limit=100)
    return sorted(view.sessions, key=lambda s: s.started_at)


def _as_set(item: Any) -> Set:
    return (
        item.slug or item.exercise_name,
        item.kind,
        item.reps,
        None if item.load_kg is None else round(item.load_kg, 3),
        None if item.distance_m is None else round(item.distance_m, 3),
        item.duration_s,
        item.rpe,
        item.notes,
    )


def _as_expected(session: Any) -> Expected:
    start = session.started_at.astimezone(UTC)  # the user's zone is UTC
    assert session.ended_at is not None, "an imported session is finished"
    minutes = round((session.ended_at - session.started_at).total_seconds() / 60)
    return (
        start.strftime("%Y-%m-%d %H:%M"),
        minutes,
        session.title,
        session.notes,
        [_as_set(item) for item in session.sets],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_layout_imports_every_value_it_carries(
    journal: service.Journal, name: str
) -> None:
    app, expected = EXPECTED[name]
    result = _import(journal, IMPORTS / name)
    sets = sum(len(session[4]) for session in expected)
    assert (result.kind, result.counts) == (
        app,
        {"sessions": len(expected), "sets": sets},
    )
    stored = _sessions(journal)
    assert {s.source for s in stored} == {app}
    assert [_as_expected(s) for s in stored] == expected
    wanted = NOTES.get(name, [])
    assert len(result.notes) == len(wanted)
    for note, start in zip(result.notes, wanted, strict=True):
        assert note.startswith(start)
    again = _import(journal, IMPORTS / name)
    assert again.counts["sessions"] == 0 and again.skipped_sessions == len(expected)


def test_the_strong_2025_weight_in_kg_is_not_ignored(
    journal: service.Journal,
) -> None:
    _import(journal, IMPORTS / "strong_2025_units.csv")
    loads = [s.load_kg for session in _sessions(journal) for s in session.sets]
    assert [load for load in loads if load is not None] == [12.9, 32.5]


def test_two_workouts_of_one_day_without_a_duration_both_import(
    journal: service.Journal,
) -> None:
    # Strong 2019 gives no duration: both sessions of 2019-03-06 must be stored,
    # finished, not left open (one open session per day is allowed).
    _import(journal, IMPORTS / "strong_2019.csv")
    days = [s.started_at.date().isoformat() for s in _sessions(journal)]
    assert days == ["2019-03-04", "2019-03-06", "2019-03-06"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


STRONG_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)
STRONG_ROW = (
    '"1";"2025-02-03 18:05:12";"Push A";"600";"Push Up";"1";"";"14";"";"";"";"";""'
)

REFUSED: dict[str, tuple[str, str]] = {
    "a filled column nobody knows": (
        STRONG_HEADER + ';"Heart Rate"\n' + STRONG_ROW + ';""\n'
        + STRONG_ROW.replace('"14"', '"15"') + ';"142"\n',
        "'Heart Rate'",
    ),
    "an unknown weight unit": (
        STRONG_HEADER.replace("(kg)", "(stone)") + "\n" + STRONG_ROW + "\n",
        "'Weight (stone)'",
    ),
    "two columns for one weight": (
        STRONG_HEADER + ';"Weight"\n' + STRONG_ROW + ';"20"\n',
        "'Weight (kg)' and 'Weight'",
    ),
    "a column twice": (
        "Date,Workout Name,Exercise Name,Set Order,Reps,Notes,Notes\n"
        "2024-05-01 18:00:00,Push,Push Up,1,10,slow,fast\n",
        "'Notes' appears more than once",
    ),
    "a weight unit column with a unit nobody knows": (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n"
        "2019-03-04 07:15:00;Push;Bench Press;1;10;stone;8\n",
        "line 2: Weight Unit",
    ),
    "more values than the header has columns": (
        "Date,Workout Name,Exercise Name,Set Order,Reps\n"
        "2024-05-01 18:00:00,Push,Push Up,1,10,80kg\n",
        "line 2",
    ),
    "a set without an exercise": (
        "Date,Workout Name,Exercise Name,Set Order,Reps\n"
        "2024-05-01 18:00:00,Push,,1,10\n",
        "line 2: Exercise Name",
    ),
    "a duration nobody can read": (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Reps\n"
        "2024-05-01 18:00:00,Push,about an hour,Push Up,1,10\n",
        "line 2: Duration",
    ),
    "half a rep": (
        "Date,Exercise,Category,Weight (kgs),Reps\n2024-10-01,Push Up,Chest,0,7.5\n",
        "line 2: Reps",
    ),
    "a layout without its marker columns": (
        "Datum,Übung,Gewicht,Wiederholungen\n2024-10-01,Liegestütz,0,12\n",
        "Datum",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_file_that_would_lose_data_is_refused_naming_the_column(
    journal: service.Journal, tmp_path: Path, case: str
) -> None:
    _import(journal, IMPORTS / "hevy_kg.csv")
    before = [_as_expected(s) for s in _sessions(journal)]
    text, named = REFUSED[case]
    with pytest.raises(InvalidInput) as caught:
        _import(journal, _write(tmp_path, "export.csv", text))
    assert named in caught.value.message
    assert "\n" not in caught.value.message
    assert [_as_expected(s) for s in _sessions(journal)] == before


def test_an_unknown_column_left_empty_loses_nothing_and_is_accepted(
    journal: service.Journal, tmp_path: Path
) -> None:
    text = STRONG_HEADER + ';"Heart Rate"\n' + STRONG_ROW + ';""\n'
    result = _import(journal, _write(tmp_path, "export.csv", text))
    assert result.counts == {"sessions": 1, "sets": 1}


def test_our_csv_export_in_pounds_reads_back_in_kg(
    journal: service.Journal, tmp_path: Path
) -> None:
    _import(journal, IMPORTS / "hevy_lbs.csv")
    call(journal, service.set_preferences, units="lb")
    exported = call(journal, service.export_csv)
    assert '"Weight (lbs)"' in exported.splitlines()[0]
    assert '"50"' in exported  # the dumbbell press, in the user's pounds
    path = _write(tmp_path, "ours.csv", exported)
    copy = call(journal, service.import_file, user="copy", path=path)
    assert copy.counts == {"sessions": 1, "sets": 3} and copy.notes == ()
    view = call(journal, service.history, user="copy")
    loads = [s.load_kg for s in view.sessions[0].sets if s.load_kg is not None]
    assert loads == [pytest.approx(22.6796185)]


def test_sessions_keep_their_local_start(
    journal: service.Journal, tmp_path: Path
) -> None:
    call(journal, service.set_preferences, user="local", time_zone="Europe/Berlin")
    _import(journal, IMPORTS / "fitnotes_kgs.csv")
    (session,) = _sessions(journal)
    assert session.started_at.astimezone(UTC) == datetime(
        2024, 11, 11, 23, 0, tzinfo=UTC
    ) and session.ended_at - session.started_at == timedelta(0)
