"""Onboarding: the assessment form (with PAR-Q+), then the plan.

The form is checked in two passes: here, the *shape* of every field at once
(required answers present, numbers that parse), so all such problems show next to
their fields together; then the core checks the *meaning* (ranges, known variants,
the PAR-Q+ clearance rules) and its ``InvalidInput`` is shown next to the field it
names. Nothing is saved unless everything passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from pushback.domain.assessment import (
    AGE_RANGE,
    BODY_MASS_KG_RANGE,
    DAYS_RANGE,
    MAX_REPS_RANGE,
    AssessmentAnswers,
)
from pushback.domain.catalog import CONDITIONS, EQUIPMENT
from pushback.domain.errors import InvalidInput
from pushback.domain.profile import PARQ_QUESTIONS, ParQ
from pushback.domain.units import KG_PER_LB
from pushback.i18n import N_, gettext
from pushback.services.coaching import coach
from pushback.services.coaching import views as web_service
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.templating import render

__all__ = ["AssessmentForm", "parse_assessment_form", "router"]

router = APIRouter(include_in_schema=False)

#: The goals a user can pick, in their words.
_GOAL_CHOICES = (
    ("strength", N_("Strength: harder push-ups sooner, longer rests")),
    ("endurance", N_("Endurance: more reps, shorter rests")),
    ("posture", N_("Posture: extra shoulder-blade work")),
)
#: Core field names -> the form field that shows their message.
_FIELD_OF = {"weight_kg": "weight", "weight_lb": "weight", "days_per_week": "days"}


@dataclass
class AssessmentForm:
    """The submitted values (to fill the form again) and per-field messages."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    answers: AssessmentAnswers | None = None


def _whole_number(
    form: FormData, name: str, errors: dict[str, str], *, required: bool
) -> str:
    raw = str(form.get(name) or "").strip()
    if not raw:
        if required:
            errors[name] = gettext("Please fill this in.")
        return ""
    if not raw.lstrip("-").isdigit():
        errors[name] = gettext(
            "Enter a whole number (you typed “%(value)s”).", value=raw
        )
    return raw


def _parq(form: FormData, errors: dict[str, str]) -> ParQ:
    answers: dict[str, bool] = {}
    for name, _question in PARQ_QUESTIONS:
        value = form.get(f"parq_{name}")
        if value not in ("yes", "no"):
            errors[f"parq_{name}"] = gettext("Answer yes or no.")
        answers[name] = value == "yes"
    return ParQ(**answers)


def _outside(raw: str, low: float, high: float) -> bool:
    try:
        return not low <= float(raw) <= high
    except ValueError:
        return False  # its shape message is there already


def _check_ranges(errors: dict[str, str], **fields: str) -> None:
    """The ranges the assessment accepts, every field at once (first submit)."""
    checks = (
        (
            "max_pushups",
            MAX_REPS_RANGE,
            N_("Enter a number of push-ups from %(low)s to %(high)s."),
        ),
        ("age", AGE_RANGE, N_("pushback is made for ages %(low)s to %(high)s.")),
        ("days", DAYS_RANGE, N_("Choose %(low)s to %(high)s training days a week.")),
    )
    for name, (low, high), text in checks:
        if fields[name] and name not in errors and _outside(fields[name], low, high):
            errors[name] = gettext(text, low=low, high=high)
    low_kg, high_kg = BODY_MASS_KG_RANGE
    per_unit = {"kg": 1.0, "lb": 1 / KG_PER_LB}.get(fields["unit"], 1.0)
    low_w, high_w = round(low_kg * per_unit), round(high_kg * per_unit)
    if fields["weight"] and "weight" not in errors:
        if _outside(fields["weight"], low_w, high_w):
            errors["weight"] = gettext(
                "Enter a weight from %(low)s to %(high)s %(unit)s.",
                low=low_w,
                high=high_w,
                unit=fields["unit"],
            )


def parse_assessment_form(form: FormData) -> AssessmentForm:
    """Check the shape of every field; build the answers when all are well-formed."""
    values: dict[str, Any] = {key: form.get(key) for key in form}
    values["equipment"] = [str(v) for v in form.getlist("equipment")]
    values["condition"] = [str(v) for v in form.getlist("condition")]
    result = AssessmentForm(values=values)
    errors = result.errors
    max_pushups = _whole_number(form, "max_pushups", errors, required=True)
    age = _whole_number(form, "age", errors, required=False)
    days = _whole_number(form, "days", errors, required=True)
    weight = str(form.get("weight") or "").strip().replace(",", ".")
    unit = form.get("weight_unit") or "kg"
    if weight and not weight.replace(".", "", 1).isdigit():
        errors["weight"] = gettext(
            "Enter a number (you typed “%(value)s”).", value=weight
        )
    if unit not in ("kg", "lb"):
        errors["weight"] = gettext("Choose kg or lb.")
    sex = str(form.get("sex") or "") or None
    goal = str(form.get("goal") or "") or None
    parq = _parq(form, errors)
    _check_ranges(errors, max_pushups=max_pushups, age=age, days=days,
                  weight=weight, unit=str(unit))  # fmt: skip
    if errors:
        return result
    result.answers = AssessmentAnswers(
        max_pushups=max_pushups,
        variant=str(form.get("variant") or "push-up"),
        age=age or None,
        sex=sex,
        weight_kg=weight if weight and unit == "kg" else None,
        weight_lb=weight if weight and unit == "lb" else None,
        equipment=tuple(values["equipment"]),
        days_per_week=days,
        conditions=tuple(values["condition"]),
        parq=parq,
        cleared=form.get("cleared") == "yes",
        goal=goal,
    )
    return result


def _form_context(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "variants": coach.catalog().ladder(),
        "equipment_choices": EQUIPMENT,
        "condition_choices": CONDITIONS,
        "goal_choices": _GOAL_CHOICES,
        "parq_questions": PARQ_QUESTIONS,
        "ranges": {
            "max_pushups": MAX_REPS_RANGE,
            "age": AGE_RANGE,
            "days": DAYS_RANGE,
            "weight_kg": BODY_MASS_KG_RANGE,
        },
    }


@router.get("/onboarding")
def onboarding_form(request: Request, work: WorkDep, user: CurrentUser) -> HTMLResponse:
    """The assessment form, filled with the last answers when there are any."""
    values = web_service.assessment_form_values(work, user)
    return render(request, "pages/onboarding.html", _form_context(values, {}))


@router.post("/onboarding")
async def submit_assessment(
    request: Request, work: WorkDep, user: CurrentUser
) -> Response:
    """Check the answers, save the assessment and go to the plan."""
    parsed = parse_assessment_form(await request.form())
    if parsed.answers is not None:
        try:
            assessment = await run_in_threadpool(
                web_service.save_assessment, work, user, parsed.answers
            )
        except InvalidInput as error:
            name = _FIELD_OF.get(error.field or "", error.field or "form")
            parsed.errors[name] = error.hint
        else:
            session_of(request).set_flash(
                gettext("Test saved. Here is your plan.")
                if assessment.plan_allowed
                else gettext("Test saved. Your plan waits for a doctor’s go-ahead.")
            )
            return RedirectResponse("/plan" if assessment.plan_allowed else "/", 303)
    context = _form_context(parsed.values, parsed.errors)
    return render(request, "pages/onboarding.html", context, status_code=422)
