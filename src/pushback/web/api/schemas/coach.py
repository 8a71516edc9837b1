"""Schemas of ``/api/v1/profile``, ``/api/v1/assessment`` and ``/api/v1/plan``.

The answers' limits are the core's (``domain.assessment``), so a value the schema
accepts reaches the same checks as ``pushback assess`` and one it refuses is a 422
naming the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field

from pushback.domain.assessment import (
    AGE_RANGE,
    BODY_MASS_KG_RANGE,
    BODY_MASS_LB_RANGE,
    DAYS_RANGE,
    MAX_REPS_RANGE,
)
from pushback.domain.catalog import CONDITIONS, EQUIPMENT
from pushback.web.api.schemas.common import (
    InModel,
    IsoDate,
    Number,
    OpenModel,
    OutModel,
)

__all__ = [
    "AccountOut",
    "AssessmentIn",
    "AssessmentOut",
    "ParQIn",
    "PlanOut",
    "PreferencesIn",
    "PrescriptionOut",
    "ProfileOut",
]

Sex = Literal["female", "male"]
if TYPE_CHECKING:
    EquipmentName = str
    ConditionName = str
else:  # the catalog's tuples, as enums the schema lists
    EquipmentName = Literal[EQUIPMENT]
    ConditionName = Literal[CONDITIONS]


class PreferencesIn(InModel):
    """Settings to change; omitted fields stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"units": "kg", "time_zone": "Europe/Paris"}]}
    )

    units: Literal["kg", "lb"] | None = None
    time_zone: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="An IANA time zone name.",
        examples=["Europe/Paris"],
    )


class ParQIn(InModel):
    """The seven PAR-Q+ answers (true = yes), as sent and as stored."""

    heart_condition: bool
    chest_pain: bool
    dizziness: bool
    chronic_condition: bool
    medication: bool
    bone_joint: bool
    supervised_only: bool


Goal = Literal["strength", "endurance", "posture"]
TrainingAge = Literal["novice", "intermediate", "advanced"]


class AssessmentIn(InModel):
    """The assessment answers, as ``pushback assess`` takes them as flags.

    ``parq`` is the CLI's string (``nnnnnnn``, ``yes,no,...``) or an object of the
    seven answers; left out, all seven are taken as no (and the result says so).
    Give the weight once, in kg or in lb.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "max_pushups": 12,
                    "variant": "push-up",
                    "age": 34,
                    "sex": "female",
                    "weight_kg": 62.5,
                    "equipment": ["table"],
                    "days": 3,
                    "parq": "nnnnnnn",
                }
            ]
        }
    )

    max_pushups: int = Field(
        ge=MAX_REPS_RANGE[0],
        le=MAX_REPS_RANGE[1],
        description="Consecutive clean reps of `variant` in one set.",
        examples=[12],
    )
    variant: str = Field(
        default="push-up",
        max_length=64,
        description="The ladder variant you tested (a catalog slug).",
    )
    age: int | None = Field(default=None, ge=AGE_RANGE[0], le=AGE_RANGE[1])
    sex: Sex | None = None
    weight_kg: float | None = Field(
        default=None, ge=BODY_MASS_KG_RANGE[0], le=BODY_MASS_KG_RANGE[1]
    )
    weight_lb: float | None = Field(
        default=None, ge=BODY_MASS_LB_RANGE[0], le=BODY_MASS_LB_RANGE[1]
    )
    equipment: list[EquipmentName] = Field(
        default_factory=list,
        description="What you have (`none`: floor and a wall only).",
        examples=[["table"]],
    )
    days: int = Field(
        default=3,
        ge=DAYS_RANGE[0],
        le=DAYS_RANGE[1],
        description="Training days a week.",
    )
    conditions: list[ConditionName] = Field(
        default_factory=list, description="Conditions the plan must work around."
    )
    parq: str | ParQIn | None = Field(default=None, examples=["nnnnnnn"])
    cleared: bool = Field(
        default=False,
        description="A doctor or exercise professional cleared you after a PAR-Q+ yes.",
    )
    goal: Goal | None = Field(
        default=None, description="What the plan aims at (default: strength)."
    )
    training_age: TrainingAge | None = Field(
        default=None,
        description="How long you have trained regularly (default: from the test).",
    )


class ProfileOut(OutModel):
    """The checked assessment answers the plans are built from."""

    max_pushups: int
    variant: str
    age: int | None
    sex: Sex | None
    body_mass_kg: Number | None
    equipment: list[str]
    days_per_week: int
    conditions: list[str]
    parq: ParQIn
    parq_answered: bool
    cleared: bool
    goal: Goal | None = None
    training_age: TrainingAge | None = None


class AccountOut(OutModel):
    """Your account settings and newest profile (null before the first one)."""

    name: str
    units: Literal["kg", "lb"]
    time_zone: str
    profile: ProfileOut | None


class NormOut(OutModel):
    """Where the result sits in the CSEP/ACSM push-up norms, when they apply."""

    applies: bool
    category: str | None
    note: str


class AssessmentOut(OutModel):
    """Ladder step, norms, PAR-Q+ and safety advice (``pushback assess --json``)."""

    profile: ProfileOut
    ladder_step: int
    ladder_variant: str
    ladder_reason: str
    norm: NormOut
    parq_advice: list[str]
    safety_advice: list[str]
    plan_allowed: bool
    conservative: bool
    goal: Goal | None
    training_age: TrainingAge | None


class PersonNoteOut(OutModel):
    """How the person (age, training, health, goal) shaped the plan, with sources."""

    text: str
    sources: list[str]


class PrescriptionOut(OpenModel):
    """One exercise of a session: what to do and why (keys with no value left out)."""

    slug: str
    sets: int | None = None
    reps: int | None = None
    reps_per_side: int | None = None
    duration_s: int | None = None
    rep_range: list[int] | None = None
    tempo: str | None = None
    rest_s: int | None = None
    reason: str | None = None
    name: str | None = None
    category: str | None = None
    role: str | None = None
    hard: bool | None = None
    rir: int | None = None
    seed: str | None = None
    cues: list[str] | None = None


class PlanSessionOut(OutModel):
    """One training day of a plan week."""

    day: int
    title: str
    exercises: list[PrescriptionOut]
    kind: str = Field(
        default="train",
        description="`train`, or `test` for a scheduled retest (other kinds may come).",
    )


class PlanWeekOut(OutModel):
    """One week of the plan."""

    week: int
    deload: bool
    note: str
    sessions: list[PlanSessionOut]
    retest: bool = Field(default=False, description="The week ends with a retest.")


class PlanOut(OutModel):
    """The plan (``pushback plan --json``), its start, ladder step and profile."""

    start: IsoDate
    ladder_step: int
    ladder_variant: str
    profile: ProfileOut
    generator_version: str
    notes: list[str]
    weeks: list[PlanWeekOut]
    goal: Goal | None
    training_age: TrainingAge | None
    person: list[PersonNoteOut]
