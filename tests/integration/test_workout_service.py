"""The guided workout's service: steps from today's plan, sets stored exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers
from pushback.domain.errors import Conflict, InvalidInput
from pushback.journal import repository as repo
from pushback.journal.records import ProfileEntry
from pushback.services.coaching import coach
from pushback.services.training import journal as journal_service
from pushback.services.training import workout
from pushback.services.training.journal import Journal
from pushback.settings import Settings
from tests._units import call, run


@pytest.fixture
def journal(tmp_path: Path, database_url: str) -> Any:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    opened = journal_service.open_journal(settings)
    yield opened
    opened.close()


def _assessed(journal: Journal, name: str = "ann") -> str:
    record = run(journal.db, repo.ensure_user, name=name)
    answers = AssessmentAnswers(
        max_pushups=12, age=34, sex="male", weight_kg=80, parq="nnnnnnn"
    )
    profile = coach.preview_assessment(answers).profile
    entry = ProfileEntry(
        taken_at=journal.clock(),
        kind="assessment",
        max_pushups=profile.max_pushups,
        variant=profile.variant,
        data=profile.to_dict(),
    )
    run(journal.db, repo.add_profile, user_id=record.id, entry=entry)
    return name


def _work_step(journal: Journal, user: str) -> dict[str, Any]:
    steps = call(journal, workout.workout_steps, user=user)["steps"]
    return next(s for s in steps if s["kind"] == "set")


def test_steps_run_warm_up_then_one_step_per_set_then_cool_down(journal: Journal):
    user = _assessed(journal)
    view = call(journal, workout.workout_steps, user=user)
    kinds = [step["kind"] for step in view["steps"]]
    assert kinds[0] == "warm-up" and kinds[-1] == "cool-down"
    assert kinds == sorted(kinds, key=["warm-up", "set", "cool-down"].index)
    planned = call(journal, journal_service.today, user=user).session
    assert planned is not None
    work = [
        x for x in planned.exercises if x.get("role") not in ("warm-up", "cool-down")
    ]
    assert kinds.count("set") == sum(int(x["sets"]) for x in work)
    for step in view["steps"]:
        if step["kind"] != "set":
            assert step["duration_s"] > 0  # every warm-up / cool-down step is timed
        elif not step["timed"]:
            assert step["tempo"] is not None and step["reps"] is not None
            assert step["rest_s"] >= 0 and step["cues"]


def _log(journal: Journal, user: str, key: str, reps: int = 8, **extra: Any) -> Any:
    data = {"exercise": _work_step(journal, user)["slug"], "reps": reps, **extra}
    return call(journal, workout.log_guided_set, user=user, client_key=key, data=data)


def test_a_resent_set_is_stored_once(journal: Journal):
    user = _assessed(journal)
    first = _log(journal, user, "key-1", rir=2)
    again = _log(journal, user, "key-1", rir=2)
    other = _log(journal, user, "key-2", reps=7)
    assert first.created and not again.created and other.created
    assert again.entry.id == first.entry.id
    assert first.session_id == other.session_id
    (session,) = run(journal.db, repo.list_sessions, user_id=_user_id(journal, user))
    assert [s.reps for s in session.sets] == [8, 7]
    assert session.sets[0].target_tempo is not None  # targets from today's plan


def _user_id(journal: Journal, name: str) -> int:
    return run(journal.db, repo.get_user, name=name).id


def test_two_requests_racing_with_one_key_store_one_set(journal: Journal):
    user = _assessed(journal)
    _log(journal, user, "warm")  # the session exists, so both race on the set only
    results: list[Any] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            results.append(_log(journal, user, "same-key", reps=9))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r.created for r in results) == 1
    assert len({r.entry.id for r in results}) == 1
    (session,) = run(journal.db, repo.list_sessions, user_id=_user_id(journal, user))
    assert [s.reps for s in session.sets] == [8, 9]


def test_a_key_of_another_account_is_refused(journal: Journal):
    ann, bob = _assessed(journal, "ann"), _assessed(journal, "bob")
    _log(journal, ann, "shared-key")
    with pytest.raises(Conflict, match="another account"):
        _log(journal, bob, "shared-key")


@pytest.mark.parametrize("key", ["", "x" * 65, "tab\tkey"])
def test_a_malformed_key_is_refused(journal: Journal, key: str):
    user = _assessed(journal)
    with pytest.raises(InvalidInput) as caught:
        _log(journal, user, key)
    assert caught.value.field == "client_key"


def test_a_set_keeps_the_time_it_was_entered_offline(journal: Journal):
    user = _assessed(journal)
    entered = journal.clock() - timedelta(minutes=40)
    data = {"exercise": _work_step(journal, user)["slug"], "reps": 8}
    stored = call(
        journal,
        workout.log_guided_set,
        user=user,
        client_key="k",
        data=data,
        logged_at=entered.isoformat(),
    )
    assert stored.entry.logged_at == entered


@pytest.mark.parametrize("age", [timedelta(days=3), -timedelta(hours=1)])
def test_a_set_from_too_long_ago_or_the_future_is_refused(
    journal: Journal, age: timedelta
):
    user = _assessed(journal)
    when = (journal.clock() - age).isoformat()
    data = {"exercise": "push-up", "reps": 8}
    with pytest.raises(InvalidInput) as caught:
        call(
            journal,
            workout.log_guided_set,
            user=user,
            client_key="k",
            data=data,
            logged_at=when,
        )
    assert caught.value.field == "logged_at"


def test_a_bad_set_field_is_named(journal: Journal):
    user = _assessed(journal)
    with pytest.raises(InvalidInput) as caught:
        _log(journal, user, "k", rir=11)
    assert caught.value.field == "set.rir"


def test_finishing_twice_closes_the_workout_once(journal: Journal):
    user = _assessed(journal)
    with pytest.raises(Conflict, match="log a set first"):
        call(journal, workout.finish_workout, user=user)
    logged = _log(journal, user, "k")
    first = call(journal, workout.finish_workout, user=user)
    again = call(
        journal, workout.finish_workout, user=user, session_id=logged.session_id
    )
    assert first["already_finished"] is False and again["already_finished"] is True
    assert first["session"]["ended_at"] == again["session"]["ended_at"]
    # a set resent after the end still lands once, in its own workout
    resent = call(
        journal,
        workout.log_guided_set,
        user=user,
        client_key="k",
        data={"exercise": "push-up", "reps": 8},
    )
    assert not resent.created and resent.session_id == logged.session_id
    assert (
        call(journal, workout.workout_steps, user=user)["steps"] == []
    )  # today is done
