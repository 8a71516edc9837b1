"""Logging a workout from a form, and the progress charts.

The log form takes any day up to today (``?date=``): the sets the plan has for that
day, with their targets filled in, plus any catalog exercise added with "Add an
exercise" (any number of sets; on a rest day or a day without a plan, only those).
"Add an exercise" posts the form back without saving, so what was typed stays.
One POST logs the whole session through the same use case as ``pushback log
--file`` and the API (the plan adapts in the same commit), then the session's
summary shows the plan's reaction and any record beaten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from pushback.domain.errors import InvalidInput
from pushback.domain.units import kg_to_unit, to_kg
from pushback.i18n import N_, gettext, ngettext
from pushback.i18n.phrases import error_message
from pushback.services.accounts import Account
from pushback.services.coaching import coach
from pushback.services.training import journal as journal_service
from pushback.services.training import logbook
from pushback.services.unit import Work
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.forms import FieldErrors, optional_number, optional_whole_number
from pushback.web.templating import render

__all__ = ["router", "session_from_form"]

router = APIRouter(include_in_schema=False)
#: Most set rows one log form holds.
MAX_ROWS = 200


def _work_items(exercises: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    return [x for x in exercises if x.get("role") not in ("warm-up", "cool-down")]


def session_from_form(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    """The session JSON (``journal.SESSION_KEYS``) from the log form's fields.

    Each set row is ``set-N-exercise``, ``set-N-reps``, ``set-N-rir``,
    ``set-N-form_broke``, ``set-N-pain``; a row with no reps is skipped.
    """
    sets = []
    count = optional_whole_number(form, "set_count", errors) or 0
    for index in range(min(count, MAX_ROWS)):
        key = f"set-{index}"
        reps = optional_whole_number(form, f"{key}-reps", errors)
        if reps is None:
            continue
        item: dict[str, Any] = {"exercise": str(form.get(f"{key}-exercise") or "")}
        item["reps"] = reps
        rir = optional_whole_number(form, f"{key}-rir", errors)
        if rir is not None:
            item["rir"] = rir
        item["form_broke"] = form.get(f"{key}-form_broke") == "yes"
        item["pain"] = form.get(f"{key}-pain") == "yes"
        sets.append(item)
    data: dict[str, Any] = {"sets": sets}
    for name in ("sleep", "soreness"):
        value = optional_whole_number(form, name, errors)
        if value is not None:
            data[name] = value
    if form.get("notes"):
        data["notes"] = str(form.get("notes"))
    if not sets and not errors:
        errors["form"] = gettext("Enter the reps of at least one set.")
    return data


def _rows(planned: list[dict[str, Any]], added: list[str]) -> list[dict[str, Any]]:
    rows = []
    for exercise in planned:
        for number in range(int(exercise.get("sets", 1))):
            rows.append({"exercise": exercise, "number": number + 1})
    catalog = coach.catalog()
    for slug in added:
        found = catalog.exercises.get(slug)
        if found is not None:
            extra = {"slug": found.slug, "name": found.name, "sets": 1}
            rows.append({"exercise": extra, "number": 1, "added": True})
    return rows[:MAX_ROWS]


def _log_context(
    work: Work, user: Account, on: date, added: list[str]
) -> dict[str, Any]:
    planned = logbook.planned_on(work, user, on)
    today = journal_service.today_of(work, user)
    return {
        "on": on,
        "is_today": on == today,
        "today": today,
        "planned": planned,
        "rows": _rows(_work_items(planned.exercises if planned else ()), added),
        "added": added,
        "exercises": sorted(
            (e for e in coach.catalog().exercises.values() if e.category != "warm-up"),
            key=lambda e: e.name,
        ),
        "errors": {},
        "values": {},
    }


@router.get("/log")
def log_form(
    request: Request, work: WorkDep, user: CurrentUser, date: str | None = None
) -> Response:
    """The sets of a day (today by default), ready to be filled in."""
    on = logbook.check_day(date, journal_service.today_of(work, user))
    return render(request, "pages/log.html", _log_context(work, user, on, []))


def _added(form: FormData) -> list[str]:
    slugs = [str(v) for v in form.getlist("added")]
    new = str(form.get("add_exercise") or "")
    count = min(max(int(str(form.get("add_sets") or "1") or "1"), 1), 10)
    if form.get("add") is not None and new:
        slugs += [new] * count
    return slugs


@router.post("/log")
async def log_submit(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """Log the session (or, with "Add an exercise", show the form with more rows)."""
    form = await request.form()
    errors: FieldErrors = {}
    today = await run_in_threadpool(journal_service.today_of, work, user)
    try:
        on = logbook.check_day(str(form.get("date") or ""), today)
        added = _added(form)
    except (InvalidInput, ValueError):
        on, added = today, []
        errors["form"] = gettext("Choose a day and a number of sets from the form.")
    if form.get("add") is None and not errors:
        data = session_from_form(form, errors)
        if not errors:
            try:
                result = await run_in_threadpool(
                    lambda: logbook.log_day(work, user, on=on, data=data)
                )
            except InvalidInput as error:
                errors["form"] = error_message(error)
            else:
                logged = len(result.session.sets)
                session_of(request).set_flash(
                    ngettext("Logged %(num)d set.", "Logged %(num)d sets.", logged)
                )
                return RedirectResponse(
                    f"/history/{result.session.id}", status_code=303
                )
    context = await run_in_threadpool(_log_context, work, user, on, added)
    context.update(errors=errors, values=dict(form))
    status = 200 if form.get("add") is not None and not errors else 422
    return render(request, "pages/log.html", context, status_code=status)


#: The muscle groups of the weekly chart, in words for people.
GROUP_NAMES = {"back": N_("back"), "chest": N_("chest"), "shoulders": N_("shoulders"),
               "arms": N_("arms"), "core": N_("core")}  # fmt: skip


def _progress_context(work: Work, user: Account, weeks: int) -> dict[str, Any]:
    report = journal_service.progress(work, user, weeks=weeks)
    return {
        "report": report.to_dict(),
        "weeks": weeks,
        "errors": {},
        # kg -> the user's units, for the charts: the one factor of domain/units.py
        "unit_factor": kg_to_unit(1.0, user.units),
        "group_names": {key: gettext(name) for key, name in GROUP_NAMES.items()},
    }


@router.get("/progress")
def progress_page(
    request: Request, work: WorkDep, user: CurrentUser, weeks: int = 12
) -> Response:
    """Charts of the journal's series (Chart.js), with the numbers as tables."""
    return render(request, "pages/progress.html", _progress_context(work, user, weeks))


#: The body masses the journal keeps (20-400 kg), in each display unit.
_WEIGHT_RANGE = {"kg": (20, 400), "lb": (45, 880)}


@router.post("/progress/body-weight")
async def log_body_weight(
    request: Request, work: WorkDep, user: CurrentUser
) -> Response:
    """Record today's body weight, in the user's units."""
    form = await request.form()
    errors: FieldErrors = {}
    weight = optional_number(form, "body_weight", errors)
    low, high = _WEIGHT_RANGE[user.units]
    if weight is None and not errors:
        errors["body_weight"] = gettext("Enter your weight.")
    elif weight is not None and not low <= weight <= high:
        errors["body_weight"] = gettext(
            "Enter a weight between %(low)s and %(high)s %(units)s (got %(weight)s).",
            low=low,
            high=high,
            units=user.units,
            weight=format(weight, "g"),
        )
    if not errors and weight is not None:
        try:
            await run_in_threadpool(
                lambda: journal_service.log_body_weight(
                    work, user, body_mass_kg=to_kg(weight, user.units)
                )
            )
        except InvalidInput as error:
            errors["body_weight"] = error_message(error)
        else:
            session_of(request).set_flash(gettext("Body weight saved."))
            return RedirectResponse("/progress#body-weight", status_code=303)
    context = await run_in_threadpool(_progress_context, work, user, 12)
    context["errors"] = errors
    return render(request, "pages/progress.html", context, status_code=422)
