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
from pushback.journal import repository as repo
from pushback.render import charts
from pushback.services import accounts
from pushback.services.coaching import coach
from pushback.services.training import journal as service
from pushback.settings import Settings
from tests._units import call, in_unit

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
        # At the top, the gate's three sets (a beginner's plan asks for two).
        times = max(3, item["sets"]) if reps == "top" else item["sets"]
        sets += [{"exercise": item["slug"], "reps": count, "rir": rir}] * times
    return {"sleep": 4, "soreness": 2, "sets": sets}


def test_the_first_today_migrates_the_profile_and_builds_a_plan(
    journal: service.Journal,
) -> None:
    view = call(journal, service.today, user="local")
    assert view.is_today and view.session is not None and view.session.week == 1
    assert [c.code for c in view.changes] == ["new-plan"]
    assert any(
        x["slug"] == "knee-push-up" and x.get("cues") for x in view.session.exercises
    )
    profile = call(journal, service.migrate_profile, user="local")
    assert (
        profile is not None and profile.kind == "migrated" and profile.max_pushups == 10
    )


def test_a_web_account_never_takes_the_cli_profile_file(
    journal: service.Journal,
) -> None:
    in_unit(journal, lambda w: accounts.register(w, "webuser", "long enough password"))
    assert call(journal, service.migrate_profile, user="webuser") is None
    with pytest.raises(NotFound):
        call(journal, service.today, user="webuser")
    assert call(journal, service.migrate_profile, user="local") is not None


def test_today_without_any_profile_says_to_assess_first(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "empty", database_url=None)
    opened = service.open_journal(settings)
    with pytest.raises(NotFound, match="pushback assess"):
        call(opened, service.today, user="local")
    opened.close()


def test_logging_fills_targets_and_the_plan_reacts_with_reasons(
    journal: service.Journal, clock: Clock
) -> None:
    first = call(journal, service.today, user="local")
    (result,) = call(
        journal, service.log_sessions, user="local", data=_work_sets(first, "top")
    )
    knee = [s for s in result.session.sets if s.slug == "knee-push-up"]
    assert knee and knee[0].target_reps is not None and knee[0].target_rep_high == 15
    clock.advance(days=2)
    second = call(journal, service.today, user="local")
    (result,) = call(
        journal, service.log_sessions, user="local", data=_work_sets(second, "top")
    )
    step = [c for c in result.changes if c.code == "progress-step"]
    assert step and step[0].slug == "knee-push-up" and step[0].reason
    clock.advance(days=2)
    third = call(journal, service.today, user="local")
    assert third.session is not None
    slugs = {x["slug"] for x in third.session.exercises}
    assert "eccentric-push-up" in slugs and "knee-push-up" not in slugs
    history = call(journal, service.history, user="local")
    assert len(history.sessions) == 2
    assert {c.code for c in history.changes} >= {"new-plan", "progress-step"}


def test_the_interactive_flow_commits_each_set_and_resumes_after_a_crash(
    journal: service.Journal,
) -> None:
    opened = call(journal, service.begin_session, user="local", sleep=3, soreness=2)
    assert opened.id is not None and opened.scheduled_session_id is not None
    call(
        journal,
        service.log_set,
        user="local",
        session_id=opened.id,
        data={"exercise": "knee-push-up", "reps": 9, "rir": 2},
    )
    resumed = call(
        journal, service.begin_session, user="local"
    )  # e.g. after the terminal died
    assert resumed.id == opened.id and len(resumed.sets) == 1
    done = call(
        journal, service.finish_session, user="local", session_id=opened.id, notes="ok"
    )
    assert done.session.ended_at is not None and done.session.notes == "ok"
    assert (
        call(journal, service.today, user="local").session
        != opened.scheduled_session_id
    )


def test_missed_sessions_shift_and_a_long_break_asks_for_a_retest(
    journal: service.Journal, clock: Clock
) -> None:
    view = call(journal, service.today, user="local")
    call(journal, service.log_sessions, user="local", data=_work_sets(view))
    clock.advance(days=9)
    later = call(journal, service.today, user="local")
    assert [c.code for c in later.new_changes] == ["shift", "re-entry"]
    assert later.is_today and later.session is not None and later.session.deload
    clock.advance(days=30)
    away = call(journal, service.today, user="local")
    assert away.retest_due and "retest" in away.message.lower()
    result = call(journal, service.retest, user="local", max_reps=14)
    assert result.previous_max == 10 and result.profile.kind == "retest"
    fresh = call(journal, service.today, user="local")
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
        call(journal, service.log_sessions, user="local", data=[_ok_session(), data])
    assert caught.value.field == field
    assert call(journal, service.history, user="local").sessions == ()


def _ok_session() -> dict[str, Any]:
    return {"sets": [{"exercise": "knee-push-up", "reps": 8, "rir": 2}]}


def test_an_unknown_exercise_is_not_found_with_suggestions(
    journal: service.Journal,
) -> None:
    with pytest.raises(NotFound, match="knee-push-up"):
        call(
            journal,
            service.log_sessions,
            user="local",
            data={"sets": [{"exercise": "knee-pushup", "reps": 3}]},
        )


def test_progress_series_and_charts_reflect_the_log(
    journal: service.Journal, clock: Clock, tmp_path: Path
) -> None:
    call(journal, service.log_body_weight, user="local", body_mass_kg=70.5)
    for _ in range(3):
        view = call(journal, service.today, user="local")
        call(journal, service.log_sessions, user="local", data=_work_sets(view))
        clock.advance(days=2)
    report = call(journal, service.progress, user="local", weeks=4)
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
    assert call(journal, service.today, user="local").date.isoformat() == "2026-03-02"
    call(
        journal,
        service.set_preferences,
        user="local",
        time_zone="Asia/Tokyo",
        units="lb",
    )
    assert call(journal, service.today, user="local").date.isoformat() == "2026-03-03"


def test_a_new_assessment_starts_a_new_plan(
    journal: service.Journal, clock: Clock
) -> None:
    first = call(journal, service.ensure_plan, user="local")
    assert call(journal, service.ensure_plan, user="local").uuid == first.uuid  # stable
    clock.advance(days=3)
    answers = AssessmentAnswers(
        max_pushups=16, variant="push-up", age=30, weight_kg=70, parq="nnnnnnn"
    )
    coach.assess_and_save(answers, journal.settings)
    view = call(journal, service.today, user="local")
    assert (
        view.changes[0].code == "new-plan"
        and "new assessment" in view.changes[0].reason
    )
    plan = call(journal, service.ensure_plan, user="local")
    assert plan.uuid != first.uuid and plan.inputs["profile"]["max_pushups"] == 16


def test_an_assessment_recorded_by_a_front_end_keeps_its_plan(
    journal: service.Journal,
) -> None:
    profile = coach.preview_assessment(
        AssessmentAnswers(max_pushups=20, variant="push-up", age=40, parq="nnnnnnn")
    ).profile
    stored, plan = call(
        journal, service.record_assessment, user="web-user", profile=profile
    )
    assert plan is not None and plan.inputs["profile_id"] == stored.id
    assert call(journal, service.ensure_plan, user="web-user").uuid == plan.uuid


def _push_sets(view: service.TodayView) -> int:
    assert view.session is not None
    return sum(
        x["sets"]
        for x in view.session.exercises
        if x.get("hard") and x.get("category") == "push" and x.get("role") != "test"
    )


def test_the_journal_rolls_into_the_next_block_from_the_logged_retest(
    journal: service.Journal, clock: Clock
) -> None:
    """Four weeks followed as planned: the retest is a session like the others, its
    result becomes the profile, and the next block carries the volume on."""
    first = call(journal, service.today, user="local")
    week_one = _push_sets(first)
    seen: list[service.TodayView] = []
    while len(seen) < 13:  # the 12 sessions of the first block, then one more
        view = call(journal, service.today, user="local")
        if view.is_today:
            seen.append(view)
            call(journal, service.log_sessions, user="local", data=_work_sets(view))
        clock.advance(days=1)
    tests = [
        v for v in seen if any(x.get("role") == "test" for x in v.session.exercises)
    ]  # type: ignore[union-attr]
    assert len(tests) == 1 and tests[0].session.week == 4  # type: ignore[union-attr]
    follow = seen[-1]
    assert follow.session is not None and follow.session.week == 5
    assert _push_sets(follow) >= week_one  # nothing reset
    codes = [
        c.code for c in call(journal, service.history, user="local", limit=200).changes
    ]
    assert "test-result" in codes and "next-block" in codes
    tested = [x for x in tests[0].session.exercises if x.get("role") == "test"]  # type: ignore[union-attr]
    profiles = in_unit(
        journal,
        lambda w: repo.list_profiles(
            w.session,
            user_id=repo.find_user(w.session, name="local").id,  # type: ignore[union-attr]
        ),
    )
    retests = [p for p in profiles if p.kind == "retest"]
    assert [p.max_pushups for p in retests] == [tested[0]["reps"]]
