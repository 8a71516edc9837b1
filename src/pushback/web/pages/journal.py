"""Logging a session from a form, and the progress charts.

The log form lists today's work sets (from the plan) with the targets filled in;
the user types what they did. One POST logs the whole session through the same
service as ``pushback log --file`` and the API, then the dashboard shows the plan's
reaction.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from pushback.domain.errors import InvalidInput
from pushback.services import journal as journal_service
from pushback.services import web as web_service
from pushback.services.accounts import Account
from pushback.services.unit import Work
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.forms import FieldErrors, optional_whole_number
from pushback.web.templating import render

__all__ = ["router", "session_from_form"]

router = APIRouter(include_in_schema=False)


def _work_items(exercises: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    return [x for x in exercises if x.get("role") not in ("warm-up", "cool-down")]


def session_from_form(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    """The session JSON (``journal.SESSION_KEYS``) from the log form's fields.

    Each set row is ``set-N-exercise``, ``set-N-reps``, ``set-N-rir``,
    ``set-N-form_broke``, ``set-N-pain``; a row with no reps is skipped.
    """
    sets = []
    count = optional_whole_number(form, "set_count", errors) or 0
    for index in range(min(count, 200)):
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
        errors["form"] = "Enter the reps of at least one set."
    return data


def _log_context(work: Work, user: Account) -> dict[str, Any]:
    view = journal_service.today(work, user)
    session = view.session if view.is_today else None
    rows = []
    for exercise in _work_items(session.exercises if session else ()):
        for number in range(int(exercise.get("sets", 1))):
            rows.append({"exercise": exercise, "number": number + 1})
    return {"today": view, "rows": rows, "errors": {}, "values": {}}


@router.get("/log")
def log_form(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """Today's sets, ready to be filled in."""
    return render(request, "pages/log.html", _log_context(work, user))


@router.post("/log")
async def log_submit(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """Log the session; back to the dashboard with the plan's reaction."""
    form = await request.form()
    errors: FieldErrors = {}
    data = session_from_form(form, errors)
    if not errors:
        try:
            result = await run_in_threadpool(web_service.log_workout, work, user, data)
        except InvalidInput as error:
            errors["form"] = error.message
        else:
            reasons = " ".join(change.reason for change in result.changes)
            logged = len(result.session.sets)
            session_of(request).set_flash(f"Logged {logged} sets. {reasons}".strip())
            return RedirectResponse("/", status_code=303)
    context = await run_in_threadpool(_log_context, work, user)
    context.update(errors=errors, values=dict(form))
    return render(request, "pages/log.html", context, status_code=422)


@router.get("/progress")
def progress_page(
    request: Request, work: WorkDep, user: CurrentUser, weeks: int = 12
) -> Response:
    """Charts of the journal's series (Chart.js), with the numbers as tables."""
    report = journal_service.progress(work, user, weeks=weeks)
    return render(
        request, "pages/progress.html", {"report": report.to_dict(), "weeks": weeks}
    )
