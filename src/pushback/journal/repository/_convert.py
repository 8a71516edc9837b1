"""Copying between ORM rows and the plain records of ``journal.records``."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from pushback.domain._data_words import stored_phrase
from pushback.domain.phrases import WORDS_KEY, Phrase, from_json, read_words, to_json
from pushback.journal.models import (
    BodyWeight,
    PlanChange,
    PlanRecord,
    ProfileRecord,
    ScheduledSession,
    TrainingSession,
    TrainingSet,
    User,
)
from pushback.journal.records import (
    BodyWeightEntry,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)

__all__ = [
    "body_weight_entry",
    "change_details",
    "change_entry",
    "plan_entry",
    "plan_row",
    "profile_entry",
    "scheduled_entry",
    "session_entry",
    "session_row",
    "set_entry",
    "set_row_values",
    "user_record",
]

_SET_FIELDS = tuple(
    f.name for f in fields(SetEntry) if f.name not in ("id", "position")
)


def user_record(row: User) -> UserRecord:
    """The record of a user row."""
    return UserRecord(
        id=row.id,
        name=row.name,
        units=row.units,
        time_zone=row.time_zone,
        created_at=row.created_at,
        has_password=row.password_hash is not None,
        language=row.language,
    )


def profile_entry(row: ProfileRecord) -> ProfileEntry:
    """The record of a profile row."""
    return ProfileEntry(
        id=row.id,
        taken_at=row.taken_at,
        kind=row.kind,
        max_pushups=row.max_pushups,
        variant=row.variant,
        ladder_step=row.ladder_step,
        body_mass_kg=row.body_mass_kg,
        data=dict(row.data),
    )


def body_weight_entry(row: BodyWeight) -> BodyWeightEntry:
    """The record of a body-weight row."""
    return BodyWeightEntry(
        id=row.id, measured_at=row.measured_at, body_mass_kg=row.body_mass_kg
    )


def plan_entry(row: PlanRecord) -> PlanEntry:
    """The record of a plan row (its reason a phrase again where the inputs kept
    the recipe, see :func:`plan_inputs`)."""
    inputs = dict(row.inputs)
    words = inputs.pop(WORDS_KEY, None)
    recipe = words.get("reason") if isinstance(words, dict) else None
    return PlanEntry(
        id=row.id,
        uuid=row.uuid,
        start_date=row.start_date,
        generator_version=row.generator_version,
        inputs=inputs,
        plan=read_words(dict(row.plan)),
        created_at=row.created_at,
        reason=(from_json(recipe) or row.reason)
        if recipe is not None
        else stored_phrase(row.reason),
        superseded_at=row.superseded_at,
    )


def change_details(entry: PlanChangeEntry) -> dict[str, Any] | None:
    """The ``details`` column of a change: its details, and the recipe of its reason
    when the reason is a phrase (so it can be shown in another language)."""
    if not isinstance(entry.reason, Phrase):
        return entry.details
    return {**(entry.details or {}), WORDS_KEY: to_json(entry.reason)}


def plan_inputs(entry: PlanEntry) -> dict[str, Any]:
    """The ``inputs`` column of a plan: its inputs, and the recipe of its reason
    when the reason is a phrase (the ``reason`` column keeps the English)."""
    if not isinstance(entry.reason, Phrase):
        return entry.inputs
    return {**entry.inputs, WORDS_KEY: {"reason": to_json(entry.reason)}}


def plan_row(entry: PlanEntry, user_id: int) -> PlanRecord:
    """A new ``plans`` row for ``entry`` (its id is left to the database)."""
    return PlanRecord(
        uuid=entry.uuid,
        user_id=user_id,
        created_at=entry.created_at,
        start_date=entry.start_date,
        generator_version=entry.generator_version,
        inputs=plan_inputs(entry),
        plan=entry.plan,
        reason=entry.reason,
        superseded_at=entry.superseded_at,
    )


def session_row(
    entry: SessionEntry, user_id: int, scheduled_session_id: int | None
) -> TrainingSession:
    """A new ``training_sessions`` row for ``entry`` (sets are added separately)."""
    return TrainingSession(
        uuid=entry.uuid,
        user_id=user_id,
        scheduled_session_id=scheduled_session_id,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        sleep_score=entry.sleep_score,
        soreness_score=entry.soreness_score,
        title=entry.title,
        notes=entry.notes,
        source=entry.source,
    )


def scheduled_entry(row: ScheduledSession) -> ScheduledEntry:
    """The record of a scheduled-session row."""
    return ScheduledEntry(
        id=row.id,
        plan_id=row.plan_id,
        position=row.position,
        week=row.week,
        day=row.day,
        scheduled_on=row.scheduled_on,
        exercises=tuple(read_words(dict(item)) for item in row.exercises),
        deload=row.deload,
        title=stored_phrase(row.title),
        status=row.status,
    )


def change_entry(row: PlanChange) -> PlanChangeEntry:
    """The record of a plan-change row (its reason a phrase again where the row
    kept the recipe, see :func:`change_details`)."""
    details = dict(row.details) if row.details is not None else {}
    recipe = details.pop(WORDS_KEY, None)
    reason = from_json(recipe) if recipe is not None else row.reason
    return PlanChangeEntry(
        id=row.id,
        plan_id=row.plan_id,
        training_session_id=row.training_session_id,
        created_at=row.created_at,
        effective_on=row.effective_on,
        code=row.code,
        reason=reason,
        slug=row.slug,
        details=details
        if details or (recipe is None and row.details is not None)
        else None,
    )


def set_row_values(entry: SetEntry) -> dict[str, Any]:
    """Column values of a set row (lists for the JSON columns)."""
    values = {name: getattr(entry, name) for name in _SET_FIELDS}
    for name in ("descent_times_s", "faults"):
        if values[name] is not None:
            values[name] = list(values[name])
    return values


def set_entry(row: TrainingSet) -> SetEntry:
    """The record of a set row."""
    values: dict[str, Any] = {name: getattr(row, name) for name in _SET_FIELDS}
    for name in ("descent_times_s", "faults"):
        if values[name] is not None:
            values[name] = tuple(values[name])
    return SetEntry(id=row.id, position=row.position, **values)


def session_entry(row: TrainingSession, sets: list[TrainingSet]) -> SessionEntry:
    """The record of a session row with its set rows (in position order)."""
    return SessionEntry(
        id=row.id,
        uuid=row.uuid,
        started_at=row.started_at,
        ended_at=row.ended_at,
        sleep_score=row.sleep_score,
        soreness_score=row.soreness_score,
        title=row.title,
        notes=row.notes,
        source=row.source,
        scheduled_session_id=row.scheduled_session_id,
        sets=tuple(set_entry(s) for s in sorted(sets, key=lambda s: s.position)),
    )
