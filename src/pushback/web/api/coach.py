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

from pushback.domain.assessment import AssessmentAnswers
from pushback.domain.errors import NotFound
from pushback.domain.plans import WEEKS_RANGE
from pushback.domain.profile import ParQ
from pushback.i18n import gettext
from pushback.render import plan_formats
from pushback.services.coaching import views as web_service
from pushback.services.training import journal as journal_service
from pushback.web.api.schemas.coach import (
    AccountOut,
    AssessmentIn,
    AssessmentOut,
    ParQIn,
    PlanOut,
    PreferencesIn,
)
from pushback.web.api.schemas.common import (
    AUTHENTICATED,
    LOGIN,
    WRITING,
    documented,
    text_response,
)
from pushback.web.deps import CurrentUser, WorkDep

__all__ = ["router"]

router = APIRouter(tags=["coach"], dependencies=LOGIN)
JsonObject = dict[str, Any]


def _answers(body: AssessmentIn) -> AssessmentAnswers:
    """The core's answer object (checked there)."""
    parq = (
        ParQ(**body.parq.model_dump()) if isinstance(body.parq, ParQIn) else body.parq
    )
    return AssessmentAnswers(
        max_pushups=body.max_pushups,
        variant=body.variant,
        age=body.age,
        sex=body.sex,
        weight_kg=body.weight_kg,
        weight_lb=body.weight_lb,
        equipment=tuple(body.equipment),
        days_per_week=body.days,
        conditions=tuple(body.conditions),
        parq=parq,
        cleared=body.cleared,
        goal=body.goal,
        training_age=body.training_age,
    )


@router.get("/profile", **documented(AccountOut, *AUTHENTICATED))
def get_profile(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Your account settings and newest profile."""
    return web_service.profile_json(work, user)


@router.patch("/profile", **documented(AccountOut, *WRITING))
def patch_profile(body: PreferencesIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Change units or time zone."""
    updated = journal_service.set_preferences(
        work, user, units=body.units, time_zone=body.time_zone
    )
    return web_service.profile_json(work, updated)


@router.get("/assessment", **documented(AssessmentOut, *AUTHENTICATED, 404))
def get_assessment(work: WorkDep, user: CurrentUser) -> JsonObject:
    """The newest assessment (404 before the first one)."""
    assessment = web_service.latest_assessment(work, user)
    if assessment is None:
        raise NotFound(gettext("No assessment yet: POST /api/v1/assessment first."))
    return assessment.to_dict()


@router.post("/assessment", status_code=201, **documented(AssessmentOut, *WRITING))
def post_assessment(body: AssessmentIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Assess and save (a new plan starts): ladder step, norms, PAR-Q+, advice."""
    return web_service.save_assessment(work, user, _answers(body)).to_dict()


_ICS = text_response("text/calendar", "The plan (as iCalendar with `format=ics`).")


@router.get(
    "/plan",
    **documented(PlanOut, *AUTHENTICATED, 403, 404, 422, responses={200: _ICS}),
)
def get_plan(
    work: WorkDep,
    user: CurrentUser,
    weeks: Annotated[
        int, Query(ge=WEEKS_RANGE[0], le=WEEKS_RANGE[1], description="Weeks to plan.")
    ] = 4,
    start: Annotated[
        str | None,
        Query(
            description="First day, an ISO date (default: your plan's).",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
    format: Annotated[Literal["json", "ics"], Query()] = "json",
) -> Any:
    """Your plan, as ``pushback plan --json`` (or ``--format ics``) prints it.

    403 ``not_allowed`` while a PAR-Q+ answer needs clearance first; 404 before
    the first assessment.
    """
    first_day = web_service.parse_start(start)
    result = web_service.plan_json(work, user, weeks=weeks, start=first_day)
    if format == "ics":
        stamp = datetime.now(UTC).replace(microsecond=0)
        text = plan_formats.render_ics(result.plan, result.start, stamp)
        return Response(text, media_type="text/calendar; charset=utf-8")
    return result.to_dict()
