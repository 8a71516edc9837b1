"""Journal use cases on real SQLite and PostgreSQL: today, log, history, retest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers
from pushback.domain.errors import InvalidInput, NotFound
from pushback.services import accounts, charts, coach
from pushback.services import journal as service
from pushback.settings import Settings

MONDAY = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


class Clock:
    """An injectable clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def journal(
    tmp_path: Path, database_url: str, clock: Clock
) -> Iterator[service.Journal]:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    answers = AssessmentAnswers(
        max_pushups=10, variant="knee-push-up", age=30, weight_kg=70, parq="nnnnnnn"
    )
    coach.assess_and_save(answers, settings)
    opened = service.open_journal(settings, clock=clock)
    yield opened
    opened.close()


def _work_sets(
    view: service.TodayView, reps: str = "target", rir: int = 2
) -> dict[str, Any]:
    assert view.session is not None
    sets = []
    for item in view.session.exercises:
        if not item.get("hard"):
            continue
        count = item["rep_range"][1] if reps == "top" else item.get("reps")
        sets += [{"exercise": item["slug"], "reps": count, "rir": rir}] * item["sets"]
    return {"sleep": 4, "soreness": 2, "sets": sets}


def test_the_first_today_migrates_the_profile_and_builds_a_plan(
    journal: service.Journal,
) -> None:
    view = service.today(journal, user="local")
    assert view.is_today and view.session is not None and view.session.week == 1
    assert [c.code for c in view.changes] == ["new-plan"]
    assert any(
        x["slug"] == "knee-push-up" and x.get("cues") for x in view.session.exercises
    )
    profile = service.migrate_profile(journal, user="local")
    assert (
        profile is not None and profile.kind == "migrated" and profile.max_pushups == 10
    )


def test_a_web_account_never_takes_the_cli_profile_file(
    journal: service.Journal,
) -> None:
    accounts.register(journal.db, "webuser", "long enough password")
    assert service.migrate_profile(journal, user="webuser") is None
    with pytest.raises(NotFound):
        service.today(journal, user="webuser")
    assert service.migrate_profile(journal, user="local") is not None


def test_today_without_any_profile_says_to_assess_first(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "empty", database_url=None)
    opened = service.open_journal(settings)
    with pytest.raises(NotFound, match="pushback assess"):
        service.today(opened, user="local")
    opened.close()


def test_logging_fills_targets_and_the_plan_reacts_with_reasons(
    journal: service.Journal, clock: Clock
) -> None:
    first = service.today(journal, user="local")
    (result,) = service.log_sessions(
        journal, user="local", data=_work_sets(first, "top")
    )
    knee = [s for s in result.session.sets if s.slug == "knee-push-up"]
    assert knee and knee[0].target_reps is not None and knee[0].target_rep_high == 15
    clock.advance(days=2)
    second = service.today(journal, user="local")
    (result,) = service.log_sessions(
        journal, user="local", data=_work_sets(second, "top")
    )
    step = [c for c in result.changes if c.code == "progress-step"]
    assert step and step[0].slug == "knee-push-up" and step[0].reason
    clock.advance(days=2)
    third = service.today(journal, user="local")
    assert third.session is not None
    slugs = {x["slug"] for x in third.session.exercises}
    assert "eccentric-push-up" in slugs and "knee-push-up" not in slugs
    history = service.history(journal, user="local")
    assert len(history.sessions) == 2
    assert {c.code for c in history.changes} >= {"new-plan", "progress-step"}


def test_the_interactive_flow_commits_each_set_and_resumes_after_a_crash(
    journal: service.Journal,
) -> None:
    opened = service.begin_session(journal, user="local", sleep=3, soreness=2)
    assert opened.id is not None and opened.scheduled_session_id is not None
    service.log_set(
        journal,
        user="local",
        session_id=opened.id,
        data={"exercise": "knee-push-up", "reps": 9, "rir": 2},
    )
    resumed = service.begin_session(
        journal, user="local"
    )  # e.g. after the terminal died
    assert resumed.id == opened.id and len(resumed.sets) == 1
    done = service.finish_session(
        journal, user="local", session_id=opened.id, notes="ok"
    )
    assert done.session.ended_at is not None and done.session.notes == "ok"
    assert service.today(journal, user="local").session != opened.scheduled_session_id


def test_missed_sessions_shift_and_a_long_break_asks_for_a_retest(
    journal: service.Journal, clock: Clock
) -> None:
    view = service.today(journal, user="local")
    service.log_sessions(journal, user="local", data=_work_sets(view))
    clock.advance(days=9)
    later = service.today(journal, user="local")
    assert [c.code for c in later.new_changes] == ["shift", "re-entry"]
    assert later.is_today and later.session is not None and later.session.deload
    clock.advance(days=30)
    away = service.today(journal, user="local")
    assert away.retest_due and "retest" in away.message.lower()
    result = service.retest(journal, user="local", max_reps=14)
    assert result.previous_max == 10 and result.profile.kind == "retest"
    fresh = service.today(journal, user="local")
    assert (
        not fresh.retest_due and fresh.session is not None and fresh.session.week == 1
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"sets": [{"exercise": "knee-push-up", "reps": "ten"}]},
            "sessions[1].sets[0].reps",
        ),
        (
            {"sets": [{"exercise": "knee-push-up", "reps": 5, "rpe": 12}]},
            "sessions[1].sets[0].rpe",
        ),
        (
            {"sets": [{"exercise": "knee-push-up", "weight": 5}]},
            "sessions[1].sets[0].weight",
        ),
        ({"sets": []}, "sessions[1].sets"),
        (
            {"sleep": 9, "sets": [{"exercise": "knee-push-up", "reps": 5}]},
            "sessions[1].sleep",
        ),
        (
            {"started_at": "yesterday", "sets": [{"exercise": "push-up"}]},
            "sessions[1].started_at",
        ),
    ],
)
def test_bad_log_input_names_the_field_and_stores_nothing(
    journal: service.Journal, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        service.log_sessions(journal, user="local", data=[_ok_session(), data])
    assert caught.value.field == field
    assert service.history(journal, user="local").sessions == ()


def _ok_session() -> dict[str, Any]:
    return {"sets": [{"exercise": "knee-push-up", "reps": 8, "rir": 2}]}


def test_an_unknown_exercise_is_not_found_with_suggestions(
    journal: service.Journal,
) -> None:
    with pytest.raises(NotFound, match="knee-push-up"):
        service.log_sessions(
            journal,
            user="local",
            data={"sets": [{"exercise": "knee-pushup", "reps": 3}]},
        )


def test_progress_series_and_charts_reflect_the_log(
    journal: service.Journal, clock: Clock, tmp_path: Path
) -> None:
    service.log_body_weight(journal, user="local", body_mass_kg=70.5)
    for _ in range(3):
        view = service.today(journal, user="local")
        service.log_sessions(journal, user="local", data=_work_sets(view))
        clock.advance(days=2)
    report = service.progress(journal, user="local", weeks=4)
    assert report.sessions == 3 and report.streak_weeks == 1
    (week,) = report.weekly_hard_sets.values()
    assert week["chest"] > 0 and week["back"] > 0
    assert report.ladder_steps[-1][1] == 4  # knee push-up
    assert 70.5 in [kg for _, kg in report.body_weight_kg]
    assert json.loads(json.dumps(report.to_dict()))["sessions"] == 3
    paths = charts.render_charts(report, tmp_path / "charts", fmt="svg")
    assert [p.name for p in paths] == [f"{n}.svg" for n in charts.CHARTS]
    again = charts.render_charts(report, tmp_path / "again", fmt="svg")
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    png = charts.render_charts(report, tmp_path / "png")
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in png)


def test_user_preferences_change_the_local_day(
    journal: service.Journal, clock: Clock
) -> None:
    clock.now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert service.today(journal, user="local").date.isoformat() == "2026-03-02"
    service.set_preferences(journal, user="local", time_zone="Asia/Tokyo", units="lb")
    assert service.today(journal, user="local").date.isoformat() == "2026-03-03"


def test_a_new_assessment_starts_a_new_plan(
    journal: service.Journal, clock: Clock
) -> None:
    first = service.ensure_plan(journal, user="local")
    assert service.ensure_plan(journal, user="local").uuid == first.uuid  # stable
    clock.advance(days=3)
    answers = AssessmentAnswers(
        max_pushups=16, variant="push-up", age=30, weight_kg=70, parq="nnnnnnn"
    )
    coach.assess_and_save(answers, journal.settings)
    view = service.today(journal, user="local")
    assert (
        view.changes[0].code == "new-plan"
        and "new assessment" in view.changes[0].reason
    )
    plan = service.ensure_plan(journal, user="local")
    assert plan.uuid != first.uuid and plan.inputs["profile"]["max_pushups"] == 16


def test_an_assessment_recorded_by_a_front_end_keeps_its_plan(
    journal: service.Journal,
) -> None:
    profile = coach.preview_assessment(
        AssessmentAnswers(max_pushups=20, variant="push-up", age=40, parq="nnnnnnn")
    ).profile
    stored, plan = service.record_assessment(journal, user="web-user", profile=profile)
    assert plan is not None and plan.inputs["profile_id"] == stored.id
    assert service.ensure_plan(journal, user="web-user").uuid == plan.uuid
