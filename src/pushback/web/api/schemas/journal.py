"""Schemas of the journal routes: sessions, sets, progress, body weight, export.

Limits are the journal's own (``journal.records``), so the schema and the check
that stores a set cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from pushback.journal.records import (
    MAX_DURATION_S,
    MAX_LOAD_KG,
    MAX_REPS,
    TEMPO_PATTERN,
)
from pushback.web.api.schemas.coach import PrescriptionOut
from pushback.web.api.schemas.common import (
    InModel,
    IsoDate,
    IsoDateTime,
    Number,
    OpenModel,
    OutModel,
    checked,
)

__all__ = [
    "BodyWeightIn",
    "BodyWeightOut",
    "ChangeOut",
    "ExportOut",
    "FinishIn",
    "HistoryOut",
    "LogResultOut",
    "ProgressOut",
    "SessionIn",
    "SessionOut",
    "SetIn",
    "SetOut",
    "SetsOut",
    "StartIn",
    "TodayOut",
]

SetKind = Literal["warm-up", "work", "failure", "drop"]
Score = Annotated[int, Field(ge=1, le=5)]
#: Body mass a reading may hold (``journal.records.BodyWeightEntry``).
BODY_MASS_KG = (20.0, 400.0)
#: What the journal accepts in a set (``journal.records.SetEntry``).
_REPS = {"minimum": 0, "maximum": MAX_REPS}
_LONGEST_NAME = 64


class SetFieldsIn(InModel):
    """What was done in one set; targets are filled in from today's plan."""

    exercise: str = checked(
        ...,
        minLength=1,
        maxLength=_LONGEST_NAME,
        description="A catalog slug (404 for an unknown one).",
        examples=["push-up"],
    )
    kind: SetKind | None = Field(default=None, description="Default: work.")
    reps: int | None = checked(**_REPS, examples=[10])
    reps_per_side: int | None = checked(**_REPS)
    duration_s: int | None = checked(minimum=0, maximum=MAX_DURATION_S)
    tempo: str | None = checked(
        pattern=TEMPO_PATTERN,
        description="Down-bottom-up-top seconds, X = explosive.",
        examples=["3-1-1-0"],
    )
    rir: int | None = checked(
        minimum=0, maximum=10, description="Reps in reserve.", examples=[2]
    )
    rpe: float | None = checked(
        minimum=1, maximum=10, multipleOf=0.5, description="RIR-based RPE."
    )
    form_broke: bool | None = None
    pain: bool | None = None
    pain_location: str | None = checked(
        maxLength=_LONGEST_NAME, description="Only with `pain: true`."
    )
    notes: str | None = None

    def data(self) -> dict[str, Any]:
        """The fields that were sent, for the journal service."""
        return self.model_dump(exclude_none=True)


class SetIn(SetFieldsIn):
    """One set as done; targets are filled in from today's plan."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"exercise": "push-up", "reps": 10, "tempo": "3-1-1-0", "rir": 2}
            ]
        }
    )

    load_kg: float | None = checked(minimum=0, maximum=MAX_LOAD_KG)


class SessionIn(InModel):
    """A whole session; times without a zone are in your time zone."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "started_at": "2026-03-02T18:00",
                    "sleep": 4,
                    "sets": [
                        {"exercise": "push-up", "reps": 10, "rir": 2},
                        {"exercise": "push-up", "reps": 9, "rir": 1},
                    ],
                }
            ]
        }
    )

    started_at: str | None = checked(
        description="ISO date and time (default: now).",
        examples=["2026-03-02T18:00"],
    )
    ended_at: str | None = checked(
        description="ISO date and time, at or after `started_at`."
    )
    sleep: int | None = checked(
        minimum=1, maximum=5, description="1 very poor - 5 very good"
    )
    soreness: int | None = checked(
        minimum=1, maximum=5, description="1 none - 5 very sore"
    )
    notes: str | None = None
    title: str | None = checked(maxLength=200)
    sets: list[SetIn] = checked(..., minItems=1)

    def data(self) -> dict[str, Any]:
        """The fields that were sent, for the journal service."""
        data = self.model_dump(exclude_none=True)
        data["sets"] = [item.data() for item in self.sets]
        return data


class StartIn(InModel):
    """Readiness when starting a live session."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"sleep": 4, "soreness": 2}]}
    )

    sleep: Score | None = Field(default=None, description="1 very poor - 5 very good")
    soreness: Score | None = Field(default=None, description="1 none - 5 very sore")


class FinishIn(InModel):
    """Notes when finishing a live session."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"notes": "Felt strong."}]}
    )

    notes: str | None = None


class BodyWeightIn(InModel):
    """A body-weight reading in kilograms."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"body_mass_kg": 78.5}]})

    body_mass_kg: float = Field(ge=BODY_MASS_KG[0], le=BODY_MASS_KG[1], examples=[78.5])


class SetOut(OutModel):
    """A logged set: target beside actual; keys with no value, 0 or false are left
    out."""

    logged_at: IsoDateTime
    slug: str | None = None
    exercise_name: str | None = None
    kind: SetKind
    target_reps: int | None = None
    target_reps_per_side: int | None = None
    target_duration_s: int | None = None
    target_rep_low: int | None = None
    target_rep_high: int | None = None
    target_tempo: str | None = None
    target_rir: int | None = None
    reps: int | None = None
    reps_per_side: int | None = None
    duration_s: int | None = None
    tempo: str | None = None
    rir: int | None = None
    rpe: Number | None = None
    load_kg: Number | None = None
    distance_m: Number | None = None
    form_broke: bool | None = None
    pain: bool | None = None
    pain_location: str | None = None
    notes: str | None = None
    descent_times_s: list[Number] | None = None
    faults: list[str] | None = None
    stop_at_rep: int | None = None
    position: int | None = None
    id: int | None = None


class SessionOut(OutModel):
    """A logged session with its sets in order."""

    id: int
    uuid: str
    started_at: IsoDateTime
    ended_at: IsoDateTime | None
    sleep: int | None
    soreness: int | None
    title: str
    notes: str
    source: str
    sets: list[SetOut]


class ChangeOut(OutModel):
    """A change the coach made to the plan, and why."""

    date: IsoDate
    code: str
    reason: str
    slug: str | None


class HistoryOut(OutModel):
    """Your latest sessions (newest first) and the plan's latest changes."""

    user: str
    sessions: list[SessionOut]
    changes: list[ChangeOut]


class LogResultOut(OutModel):
    """A logged (or finished) session and the plan changes it caused."""

    session: SessionOut
    changes: list[ChangeOut]


class _SessionIdOut(OutModel):
    session_id: int


class SetRowOut(SetOut, _SessionIdOut):
    """A logged set with its session's id."""


class SetsOut(OutModel):
    """Your latest sets, newest session first."""

    user: str
    sets: list[SetRowOut]


class ScheduledOut(OutModel):
    """The plan's session of a day."""

    id: int | None
    date: IsoDate
    week: int
    day: int
    deload: bool
    title: str
    exercises: list[PrescriptionOut]


class TodayOut(OutModel):
    """Today's session (or the next), after the plan adapts to the calendar."""

    user: str
    date: IsoDate
    is_today: bool
    retest_due: bool
    message: str
    session: ScheduledOut | None
    open_session_id: int | None
    changes: list[ChangeOut]


#: ``[date, value]`` points of a series.
DatedInt = Annotated[
    list[IsoDate | int],
    Field(min_length=2, max_length=2, description="[date, value]"),
]
DatedNumber = Annotated[
    list[IsoDate | Number],
    Field(min_length=2, max_length=2, description="[date, value]"),
]


class ProgressOut(OutModel):
    """Series for charts (dates are local; weeks start on Monday)."""

    user: str
    units: Literal["kg", "lb"]
    since: IsoDate
    sessions: int
    sets: int
    streak_weeks: int
    weekly_hard_sets: dict[str, dict[str, Number]] = Field(
        description="Hard sets per muscle group, by the Monday of each week."
    )
    best_clean_reps: dict[str, list[DatedInt]] = Field(
        description="Best reps in one clean set, per exercise slug."
    )
    ladder_steps: list[DatedInt]
    rir_trend: list[DatedNumber]
    body_weight_kg: list[DatedNumber]
    names: dict[str, str] = Field(description="Catalog name of each exercise slug.")


class BodyWeightOut(OutModel):
    """The stored reading."""

    measured_at: IsoDateTime
    body_mass_kg: Number


class ExportOut(OpenModel):
    """Your full backup (``pushback export``); ``pushback import`` reads it back."""

    format: Literal["pushback-journal"]
    version: int
    schema_revision: str
    exported_at: IsoDateTime
    user: dict[str, Any]
    profiles: list[dict[str, Any]]
    body_weights: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    plan_changes: list[dict[str, Any]]
