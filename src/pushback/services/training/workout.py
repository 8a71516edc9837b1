"""The guided workout: today's session as steps, and sets logged exactly once.

:func:`workout_steps` turns today's scheduled session into the steps a phone walks
through: timed warm-up steps, then one step per work set (target, rep window, tempo,
RIR, rest, cues), then timed cool-down steps.

:func:`log_guided_set` stores one set under the client's idempotency key: the
browser keeps every set it has not seen confirmed and resends it (offline queue,
reload, closed tab), and a key already stored returns the stored set instead of a
second one. The set goes into today's open session, which is opened on the first
set (or resumed), in the same transaction as the set. :func:`finish_workout`
closes it once; the plan adapts in the same transaction, as after any logged
session.

The guided workout is read by the workout page: like the exercise names and cues
of its steps, the reasons it gives (what pain changed, the plan's changes after
the finish) are in the request's language. Change codes stay the stable key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pushback import i18n
from pushback.domain.errors import Conflict, InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.tempo import DEFAULT_TEMPO, parse_tempo
from pushback.domain.translations import localize_plan_words
from pushback.i18n.phrases import localize
from pushback.journal import repository as repo
from pushback.journal.records import SetEntry, UserRecord
from pushback.journal.repository import set_keys
from pushback.services.training import journal as journal_service
from pushback.services.training._workout_pain import after_pain
from pushback.services.training.journal import LogResult, TodayView, Work, parse_set

__all__ = [
    "DEFAULT_TEMPO",
    "MAX_SET_AGE",
    "GuidedSet",
    "finish_workout",
    "log_guided_set",
    "set_dict",
    "workout_steps",
]

#: A queued set older than this is refused rather than filed under today [design]:
#: a phone offline for a week should not rewrite last week's training.
MAX_SET_AGE = timedelta(days=2)
#: A set's clock may run this far ahead of the server's [design].
_CLOCK_SKEW = timedelta(minutes=10)
_WORK_KEYS = ("reps", "reps_per_side", "duration_s", "rep_range", "rir")


@dataclass(frozen=True)
class GuidedSet:
    """A set stored by the guided workout; ``created`` is False for a resend."""

    entry: SetEntry
    session_id: int
    created: bool
    #: After a set with pain: today's workout as it goes on (``workout_steps``).
    workout: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON for the browser: the stored set and its session (and the workout
        from here on, after pain)."""
        stored = set_dict(self.entry)
        out = {"session_id": self.session_id, "created": self.created, "set": stored}
        if self.workout is not None:
            out["workout"] = self.workout
        return out


def set_dict(entry: SetEntry) -> dict[str, Any]:
    """One set's JSON, as in ``session_dict``."""
    return {
        "id": entry.id,
        "exercise": entry.slug,
        "kind": entry.kind,
        "reps": entry.reps,
        "reps_per_side": entry.reps_per_side,
        "duration_s": entry.duration_s,
        "rir": entry.rir,
        "form_broke": entry.form_broke,
        "pain": entry.pain,
        "pain_location": entry.pain_location,
        "logged_at": entry.logged_at.isoformat(),
    }


def _words(item: dict[str, Any]) -> tuple[str, list[str]]:
    """The item's exercise name and cues in the current language."""
    name, cues = localize_plan_words(
        item.get("slug"),
        str(localize(item.get("name") or item.get("slug"))),
        tuple(item.get("cues") or ()),
        i18n.current_language(),
    )
    return name, list(cues)


def _timed_step(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    name, cues = _words(item)
    return {
        "kind": kind,
        "slug": item.get("slug"),
        "name": name,
        "duration_s": item.get("duration_s") or 30,
        "reps": item.get("reps"),
        "cues": cues,
    }


def _set_steps(item: dict[str, Any]) -> list[dict[str, Any]]:
    count = int(item.get("sets") or 1)
    base = {key: item.get(key) for key in _WORK_KEYS}
    timed = base["duration_s"] is not None and base["reps"] is None
    tempo = item.get("tempo") or (None if timed else DEFAULT_TEMPO)
    name, cues = _words(item)
    return [
        {
            "kind": "set",
            "slug": item.get("slug"),
            "name": name,
            "set_number": number,
            "sets": count,
            "tempo": tempo,
            # The metronome's phases: the page ticks them, it parses nothing.
            "phases": parse_tempo(tempo).metronome() if tempo else [],
            "rest_s": int(item.get("rest_s") or 0),
            "cues": cues,
            "timed": timed,
            **base,
        }
        for number in range(1, count + 1)
    ]


def workout_steps(work: Work, user: UserRecord) -> dict[str, Any]:
    """Use case: today's session as guided steps (``steps`` is empty on a rest
    day), after any pain logged today (the exercises it touched substituted or
    skipped, the reasons in ``pain_changes``). Reads only, unless the plan must
    adapt to the calendar first."""
    return steps_of(work, user, journal_service.today(work, user))


def _steps_for(item: dict[str, Any]) -> list[dict[str, Any]]:
    role = item.get("role")
    if role in ("warm-up", "cool-down"):
        return [_timed_step(str(role), item)]
    return _set_steps(item)


def steps_of(work: Work, user: UserRecord, view: TodayView) -> dict[str, Any]:
    """The guided steps of ``view`` (today's view of the journal)."""
    session = view.session if view.is_today else None
    steps: list[dict[str, Any]] = []
    reasons: tuple[str, ...] = ()
    if session is not None:
        changed = after_pain(work, user, session, view.date)
        reasons = changed.reasons
        for old, new in zip(session.exercises, changed.items, strict=True):
            if new is None:  # removed: its steps stay, skipped, so places hold
                steps += [s | {"skipped": True} for s in _steps_for(old)]
            elif new is old:
                steps += _steps_for(old)
            else:
                replaces = _words(old)[0]
                steps += [s | {"replaces": replaces} for s in _steps_for(new)]
    return {
        "date": view.date.isoformat(),
        "session_id": session.id if session else None,
        "title": session.title if session else "",
        "week": session.week if session else None,
        "day": session.day if session else None,
        "deload": session.deload if session else False,
        "message": view.message,
        "steps": steps,
        "pain_changes": [localize(reason) for reason in reasons],
    }


def _logged_at(work: Work, value: Any) -> datetime:
    now = work.clock()
    if value is None:
        return now
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    expected = msg("an ISO time with a zone from the last 2 days")
    if moment is None or moment.tzinfo is None:
        raise InvalidInput("logged_at", value, expected)
    if not now - MAX_SET_AGE <= moment <= now + _CLOCK_SKEW:
        raise InvalidInput("logged_at", value, expected)
    return moment


def log_guided_set(  # noqa: PLR0913 - keyword-only parts of one stored set
    work: Work,
    user: UserRecord,
    *,
    client_key: str,
    data: dict[str, Any],
    logged_at: str | None = None,
    on_stored: Callable[[GuidedSet], None] | None = None,
) -> GuidedSet:
    """Use case: store one set of today's workout under ``client_key`` (once,
    ever), opening today's session on the first set; committed together.

    ``data`` has the keys of ``journal.SET_KEYS``; targets come from today's plan.
    ``on_stored`` runs on a newly stored set before the commit, in the same unit of
    work (the live camera's analysis is stored with its set).

    Raises:
        InvalidInput: a bad field (named), or a key longer than 64 characters.
        Conflict: the key is another account's.
    """
    work.write()
    # The set is checked before the key is looked up: a resend of a stored key
    # returns the stored set, but a bad set is refused even then.
    parse_set(data, logged_at=work.clock(), scheduled=None)
    stored = set_keys.find_set_by_key(work.session, user_id=user.id, key=client_key)
    if stored is not None:
        after = (
            steps_of(work, user, journal_service.today_view(work, user))
            if stored.entry.pain
            else None
        )
        work.commit()  # the calendar may have moved the plan on the way
        return GuidedSet(stored.entry, stored.session_id, False, after)
    when = _logged_at(work, logged_at)
    opened = journal_service.open_today(work, user)
    assert opened.id is not None
    scheduled = (
        set_keys.scheduled_session(
            work.session, user_id=user.id, scheduled_id=opened.scheduled_session_id
        )
        if opened.scheduled_session_id is not None
        else None
    )
    entry = parse_set(data, logged_at=when, scheduled=scheduled)
    saved = set_keys.add_set_once(
        work.session, user_id=user.id, session_id=opened.id, key=client_key, entry=entry
    )
    # Pain changes the rest of the workout at once: the answer carries it.
    after = (
        steps_of(work, user, journal_service.today_view(work, user))
        if saved.entry.pain
        else None
    )
    stored_set = GuidedSet(saved.entry, saved.session_id, saved.created, after)
    if on_stored is not None and saved.created:
        on_stored(stored_set)
    work.commit()
    return stored_set


def finish_workout(
    work: Work, user: UserRecord, *, session_id: int | None = None
) -> dict[str, Any]:
    """Use case: close the workout's session (once); the plan adapts and says
    why, in the same transaction.

    Without ``session_id`` the open session is closed. A session already closed is
    returned as it is, so a resent "finish" changes nothing.

    Raises:
        Conflict: no open session (nothing was logged).
        NotFound: not the user's session.
    """
    work.write()
    if session_id is None:
        opened = repo.open_session(work.session, user_id=user.id)
        if opened is None or opened.id is None:
            raise Conflict(msg("No workout is open: log a set first."))
        session_id = opened.id
    current = repo.get_session(work.session, user_id=user.id, session_id=session_id)
    if current.ended_at is not None:
        return LogResult(current, ()).to_dict() | {"already_finished": True}
    result = journal_service.close_session(work, user, session_id=session_id)
    work.commit()
    return _said(result.to_dict()) | {"already_finished": False}


def _said(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the reasons of its plan changes in the current language."""
    changes = [c | {"reason": localize(c["reason"])} for c in data["changes"]]
    return data | {"changes": changes}
