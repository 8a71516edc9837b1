"""``/api/v1/profile``, ``/api/v1/assessment`` and ``/api/v1/plan``.

Same JSON as the CLI: ``POST /assessment`` answers like ``pushback assess --json``
(without the CLI's ``saved_to`` file path: the web keeps profiles in the journal),
``GET /plan`` like ``pushback plan --json`` for the same profile and ``--start``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from pushback.domain.assessment import AssessmentAnswers
from pushback.domain.errors import NotFound
from pushback.domain.profile import ParQ
from pushback.services import journal as journal_service
from pushback.services import plan_formats
from pushback.services import web as web_service
from pushback.web.deps import CurrentUser, WorkDep

__all__ = ["AssessmentIn", "PreferencesIn", "router"]

router = APIRouter(tags=["coach"])
JsonObject = dict[str, Any]


class PreferencesIn(BaseModel):
    """Settings to change; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")
    units: Literal["kg", "lb"] | None = None
    time_zone: str | None = Field(default=None, examples=["Europe/Paris"])


class ParQIn(BaseModel):
    """The seven PAR-Q+ answers (true = yes)."""

    model_config = ConfigDict(extra="forbid")
    heart_condition: bool
    chest_pain: bool
    dizziness: bool
    chronic_condition: bool
    medication: bool
    bone_joint: bool
    supervised_only: bool


class AssessmentIn(BaseModel):
    """The assessment answers, as ``pushback assess`` takes them as flags.

    ``parq`` is the CLI's string (``nnnnnnn``, ``yes,no,...``) or an object of the
    seven answers; left out, all seven are taken as no (and the result says so).
    """

    model_config = ConfigDict(extra="forbid")
    max_pushups: int = Field(examples=[12])
    variant: str = "push-up"
    age: int | None = None
    sex: Literal["female", "male"] | None = None
    weight_kg: float | None = None
    weight_lb: float | None = None
    equipment: list[str] = Field(default_factory=list, examples=[["table"]])
    days: int = 3
    conditions: list[str] = Field(default_factory=list)
    parq: str | ParQIn | None = Field(default=None, examples=["nnnnnnn"])
    cleared: bool = False
    goal: Literal["strength", "endurance", "posture"] | None = None
    training_age: Literal["novice", "intermediate", "advanced"] | None = None

    def to_answers(self) -> AssessmentAnswers:
        """The core's answer object (checked there)."""
        parq = (
            ParQ(**self.parq.model_dump())
            if isinstance(self.parq, ParQIn)
            else self.parq
        )
        return AssessmentAnswers(
            max_pushups=self.max_pushups,
            variant=self.variant,
            age=self.age,
            sex=self.sex,
            weight_kg=self.weight_kg,
            weight_lb=self.weight_lb,
            equipment=tuple(self.equipment),
            days_per_week=self.days,
            conditions=tuple(self.conditions),
            parq=parq,
            cleared=self.cleared,
            goal=self.goal,
            training_age=self.training_age,
        )


@router.get("/profile")
def get_profile(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Your account settings and newest profile."""
    return web_service.profile_json(work, user)


@router.patch("/profile")
def patch_profile(body: PreferencesIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Change units or time zone."""
    updated = journal_service.set_preferences(
        work, user, units=body.units, time_zone=body.time_zone
    )
    return web_service.profile_json(work, updated)


@router.get("/assessment")
def get_assessment(work: WorkDep, user: CurrentUser) -> JsonObject:
    """The newest assessment (404 before the first one)."""
    assessment = web_service.latest_assessment(work, user)
    if assessment is None:
        raise NotFound("No assessment yet: POST /api/v1/assessment first.")
    return assessment.to_dict()


@router.post("/assessment", status_code=201)
def post_assessment(body: AssessmentIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Assess and save (a new plan starts): ladder step, norms, PAR-Q+, advice."""
    answers = body.to_answers()
    return web_service.save_assessment(work, user, answers).to_dict()


@router.get("/plan", responses={200: {"content": {"text/calendar": {}}}})
def get_plan(
    work: WorkDep,
    user: CurrentUser,
    weeks: Annotated[str, Query(description="Weeks to plan, 1-52.")] = "4",
    start: Annotated[
        str | None, Query(description="First day, ISO date (default: your plan's).")
    ] = None,
    format: Annotated[Literal["json", "ics"], Query()] = "json",
) -> Any:
    """Your plan, as ``pushback plan --json`` (or ``--format ics``) prints it.

    403 ``not_allowed`` while a PAR-Q+ answer needs clearance first.
    """
    first_day = web_service.parse_start(start)
    result = web_service.plan_json(work, user, weeks=weeks, start=first_day)
    if format == "ics":
        stamp = datetime.now(UTC).replace(microsecond=0)
        text = plan_formats.render_ics(result.plan, result.start, stamp)
        return Response(text, media_type="text/calendar; charset=utf-8")
    return result.to_dict()
