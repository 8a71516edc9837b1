"""The coach's plan changes in Chinese: every adaptation decision's reason is a
phrase, shown whole in Chinese in zh_Hans_CN and unchanged in English."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from pushback.domain.adaptation import (
    Decision,
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_calendar,
    adapt_to_session,
    adapt_workout_to_pain,
)
from pushback.domain.catalog import load_catalog
from pushback.domain.phrases import Phrase, from_json, to_json
from pushback.domain.plans import Prescription, build_plan
from pushback.domain.profile import Profile
from pushback.domain.progression import Target, next_target
from pushback.i18n.phrases import localize

ZH = "zh_Hans_CN"
CATALOG = load_catalog()
START = date(2026, 3, 2)
PROFILE = Profile(max_pushups=12, age=30, parq_answered=True)
#: English that may stay in a Chinese reason: units, training abbreviations and
#: brand names the glossary keeps as written (docs/glossary-zh.md).
ALLOWED = {"rir", "rpe", "trx", "y-t-w", "kg", "s"}
CITATION = re.compile(r"\b[A-Z][A-Za-z'-]+(?: (?:&|and) [A-Z][A-Za-z'-]+)? \d{4}\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9.'-]*[A-Za-z0-9]|[A-Za-z]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english_words(text: str) -> set[str]:
    """Words of ``text`` in Latin letters outside the allow-list (code in
    backticks, a command the reader types, is left out)."""
    text = CITATION.sub(" ", re.sub(r"`[^`]*`", " ", text))
    return {w for w in WORD.findall(text) if w.casefold() not in ALLOWED}


def _schedule(profile: Profile = PROFILE) -> tuple[PlannedSession, ...]:
    plan = build_plan(profile, CATALOG, weeks=12)
    return tuple(
        PlannedSession(
            key=index,
            week=week.week,
            on=START + timedelta(days=7 * (week.week - 1) + session.day - 1),
            exercises=session.exercises,
            deload=week.deload,
            title=session.title,
            day=session.day,
        )
        for index, (week, session) in enumerate(
            (w, s) for w in plan.weeks for s in w.sessions
        )
    )


Make = Callable[[Prescription], list[SetLog]]


def _push(count: Callable[[Prescription], int], **extra: object) -> Make:
    def make(item: Prescription) -> list[SetLog]:
        if item.category != "push":
            return []
        values = {"rir": 1, **extra}
        return [
            SetLog(item.slug, count(item), target=item.count,
                   rep_range=item.rep_range, **values)  # type: ignore[arg-type]
            for _ in range(item.sets)
        ]  # fmt: skip

    return make


def _train(
    sessions: tuple[PlannedSession, ...],
    make: Make,
    history: tuple[SessionLog, ...] = (),
) -> tuple[tuple[PlannedSession, ...], tuple[Decision, ...], SessionLog]:
    due = next(s for s in sessions if not s.done)
    sets = tuple(s for item in due.exercises if item.hard for s in make(item))
    log = SessionLog(due.on, sets, planned_key=due.key)
    done = tuple(replace(s, done=True) if s.key == due.key else s for s in sessions)
    result = adapt_to_session(
        done, latest=log, history=list(history), rules=Rules(CATALOG, profile=PROFILE)
    )
    return result.sessions, result.decisions, log


def _miss(item: Prescription) -> int:
    return (item.rep_range or (8, 12))[0] - 2


def _decisions() -> dict[str, Decision]:
    """One decision of each kind, made by the rules on a real plan."""
    found: dict[str, Decision] = {}
    sessions = _schedule()
    after_one, decided, first = _train(sessions, _push(_miss))
    found["missed reps"] = decided[0]
    _, decided, _ = _train(after_one, _push(_miss), (first,))
    found["missed twice"] = decided[0]
    camera = _push(lambda item: item.count - 2, form_broke=True, filmed=True)
    found["form broke on camera"] = _train(sessions, camera)[1][0]
    pain = _push(lambda item: item.count, pain=True, pain_location="wrist")
    found["pain"] = _train(sessions, pain)[1][0]
    wall = Prescription("wall-push-up", 2, "", reps=10, rep_range=(6, 15),
                        category="push", step=1)  # fmt: skip
    dropped = adapt_to_session(
        (PlannedSession(0, 1, START, (wall,), done=True),
         PlannedSession(1, 1, START + timedelta(days=2), (wall,))),
        latest=SessionLog(START, (SetLog("wall-push-up", 5, target=10, pain=True,
                                         pain_location="elbow"),)),
        history=[], rules=Rules(CATALOG),
    )  # fmt: skip
    found["pain, nothing safer"] = dropped.decisions[0]
    drift = _push(lambda item: item.count, rir=0)
    history: tuple[SessionLog, ...] = ()
    for _ in range(2):
        sessions_now, decided, log = _train(sessions, drift, history)
        sessions, history = sessions_now, (log, *history)
    found["deload"] = next(d for d in decided if d.code == "deload")
    calendar = adapt_to_calendar(
        _schedule(), today=START + timedelta(days=12), last_trained=START - timedelta(1)
    )
    for decision in calendar.decisions:
        found[decision.code] = decision
    return found


DECISIONS = _decisions()


def test_the_rules_made_every_kind_asked_for() -> None:
    codes = {name: d.code for name, d in DECISIONS.items()}
    assert codes == {
        "missed reps": "repeat",
        "missed twice": "regress-step",
        "form broke on camera": "regress-step",
        "pain": "substitute",
        "pain, nothing safer": "drop",
        "deload": "deload",
        "shift": "shift",
        "re-entry": "re-entry",
    }


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_a_decision_reads_whole_in_chinese(name: str) -> None:
    reason = DECISIONS[name].reason
    assert isinstance(reason, Phrase)
    chinese = localize(reason, ZH)
    assert CHINESE.search(chinese), chinese
    assert english_words(chinese) == set(), chinese
    assert localize(reason, "en") == str(reason)  # English: the text as made


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_a_stored_reason_reads_back_in_chinese(name: str) -> None:
    reason = DECISIONS[name].reason
    back = from_json(json.loads(json.dumps(to_json(reason))))
    assert back == reason
    assert localize(back, ZH) == localize(reason, ZH)


def test_the_english_reasons_are_the_sentences_they_were() -> None:
    assert str(DECISIONS["pain, nothing safer"].reason) == (
        "Pain (elbow) during Wall push-up and no safer variant: removed from the "
        "plan. Pain, unlike muscle burn, is a stop signal; see a clinician if it "
        "persists."
    )
    assert str(DECISIONS["deload"].reason) == (
        "2 sessions in the last 7 days, each with a sign of fatigue (sets closer to "
        "failure than prescribed): the next 7 days are a deload, about half the "
        "sets at 3-4 reps in reserve."
    )
    assert str(DECISIONS["form broke on camera"].reason).startswith(
        "Form broke before the target on "
    )
    assert "(seen on camera): the whole push pattern steps down to step " in str(
        DECISIONS["form broke on camera"].reason
    )
    missed = sum(1 for s in _schedule() if s.on < START + timedelta(days=12))
    assert str(DECISIONS["shift"].reason) == (
        f"{missed} planned session(s) missed since 2026-03-02: the rest of the plan "
        "moves 12 day(s) later instead of piling up."
    )


def test_chinese_names_the_exercise_the_place_and_the_camera() -> None:
    broke = DECISIONS["form broke on camera"]
    step = CATALOG.get(broke.details["to"])
    chinese_name = localize_name(step.slug)
    said = localize(broke.reason, ZH)
    assert chinese_name in said and "相机" in said
    pain = localize(DECISIONS["pain"].reason, ZH)
    assert "手腕" in pain and "疼痛" in pain
    drop = localize(DECISIONS["pain, nothing safer"].reason, ZH)
    assert "手肘" in drop or "肘" in drop


def localize_name(slug: str) -> str:
    from pushback.domain.translations import localized_catalog

    return localized_catalog(ZH).exercises[slug].name


def test_a_place_typed_by_the_person_stays_as_typed() -> None:
    sessions = _schedule()
    typed = _push(lambda item: item.count, pain=True, pain_location="left wrist")
    (decision, *_) = _train(sessions, typed)[1]
    assert "（left wrist）" in localize(decision.reason, ZH)


def test_pain_in_the_middle_of_a_workout_reads_in_chinese() -> None:
    today = _schedule()[0]
    push = next(p for p in today.exercises if p.category == "push" and p.hard)
    change = adapt_workout_to_pain(
        today,
        pain=SetLog(push.slug, 5, pain=True, pain_location="shoulder"),
        rules=Rules(CATALOG, profile=PROFILE),
    )
    assert change is not None
    chinese = localize(change.reason, ZH)
    assert "肩" in chinese and english_words(chinese) == set()


def test_progression_reasons_read_in_chinese() -> None:
    knee = Target("knee-push-up", 3, 12, (8, 15), ladder_step=3)
    harder = Target("eccentric-push-up", 3, 5, (3, 8), ladder_step=4)
    for progress in (
        next_target(knee),
        next_target(replace(knee, reps=15)),
        next_target(replace(knee, reps=15), harder=harder),
        next_target(replace(knee, reps=15), harder=harder, max_step=3),
    ):
        chinese = localize(progress.reason, ZH)
        assert CHINESE.search(chinese) and english_words(chinese) == set(), chinese
    assert str(next_target(replace(knee, reps=15), harder=harder).reason) == (
        "ready for the next level (3x15 at the top of the range): next, the "
        "eccentric push-up"
    )


def test_a_lightened_session_title_reads_in_chinese() -> None:
    from pushback import i18n
    from pushback.domain.adaptation import lighter_title
    from pushback.i18n.titles import translated

    calendar = adapt_to_calendar(
        _schedule(), today=START + timedelta(days=12), last_trained=START - timedelta(1)
    )
    lightened = [s for s in calendar.sessions if s.title.startswith("Re-entry")]
    assert lightened
    planned = lighter_title(lightened[0].title)
    assert planned is not None and planned[0] == "Re-entry"
    with i18n.language(ZH):
        chinese = translated(lightened[0].title)
        assert chinese.startswith("恢复训练：")
        assert chinese.endswith(translated(planned[1]))
        assert translated("my own: title") == "my own: title"
    with i18n.language("en"):
        assert translated(lightened[0].title) == lightened[0].title
