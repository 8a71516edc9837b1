"""The training log: history, one session's summary, records, corrections.

* ``GET /history``: sessions newest first (a page at a time, ``?before=``), each
  with its sets, notes and analysed videos, and the standing personal records.
* ``GET /history/{id}``: one session's summary (also the end-of-workout screen):
  duration, sets and reps, records beaten, descents against the tempo, what the
  plan changed because of it; with forms to add, correct and delete sets.
* ``POST /history/{id}/sets``, ``POST /history/sets/{id}``,
  ``POST /history/sets/{id}/delete``, ``POST /history/{id}/delete``: the
  corrections (post/redirect/get, with a notice).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from pushback.domain.errors import CoachError, InvalidInput
from pushback.domain.phrases import msg
from pushback.i18n import gettext, ngettext
from pushback.i18n.phrases import error_message
from pushback.services.accounts import Account
from pushback.services.coaching import coach
from pushback.services.training import logbook
from pushback.services.unit import Work
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.forms import FieldErrors, optional_whole_number
from pushback.web.params import SessionId, SetId
from pushback.web.templating import render

__all__ = ["router", "set_from_form"]

router = APIRouter(include_in_schema=False)


def _back(request: Request, notice: str, target: str) -> RedirectResponse:
    session_of(request).set_flash(notice)
    return RedirectResponse(target, status_code=303)


def _before(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "before", text, msg("a date and time from the page")
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput("before", text, msg("a date and time with its zone"))
    return moment


@router.get("/history")
def history_page(
    request: Request, work: WorkDep, user: CurrentUser, before: str | None = None
) -> Response:
    """Sessions newest first, with the standing records."""
    page = logbook.history_page(work, user, before=_before(before))
    records = logbook.personal_records(work, user)
    context = {"page": page, "records": records.standing(), "names": _names()}
    return render(request, "pages/history.html", context)


def _names() -> dict[str, str]:
    return {e.slug: e.name for e in coach.catalog().exercises.values()}


def _summary_context(work: Work, user: Account, session_id: int) -> dict[str, Any]:
    return {
        "summary": logbook.session_summary(work, user, session_id),
        "names": _names(),
        "exercises": _loggable(),
        "errors": {},
        "values": {},
    }


def _loggable() -> list[Any]:
    return sorted(
        (e for e in coach.catalog().exercises.values() if e.category != "warm-up"),
        key=lambda e: e.name,
    )


@router.get("/history/{session_id}")
def session_page(
    request: Request, session_id: SessionId, work: WorkDep, user: CurrentUser
) -> Response:
    """One session's summary, with its sets to correct."""
    context = _summary_context(work, user, session_id)
    return render(request, "pages/session.html", context)


def set_from_form(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    """One set from a form's ``exercise``, ``reps``, ``rir`` and the two flags."""
    data: dict[str, Any] = {}
    if "exercise" in form:
        data["exercise"] = str(form.get("exercise") or "")
    reps = optional_whole_number(form, "reps", errors)
    if reps is None and "reps" not in errors:
        errors["reps"] = gettext("Enter how many reps (or seconds) you did.")
    rir = optional_whole_number(form, "rir", errors)
    data["reps"] = reps
    data["rir"] = rir
    data["form_broke"] = form.get("form_broke") == "yes"
    data["pain"] = form.get("pain") == "yes"
    return data


@router.post("/history/{session_id}/sets")
async def add_set(
    request: Request, session_id: SessionId, work: WorkDep, user: CurrentUser
) -> Response:
    """Add a set to a session (a set forgotten on the day)."""
    form = await request.form()
    errors: FieldErrors = {}
    data = set_from_form(form, errors)
    count = optional_whole_number(form, "count", errors) or 1
    if not errors:
        try:
            repeated = [{k: v for k, v in data.items() if v is not None}] * min(
                count, 20
            )
            logbook.add_sets(work, user, session_id=session_id, sets=repeated)
        except CoachError as error:
            errors[_field(error)] = error_message(error)
    if errors:
        context = _summary_context(work, user, session_id)
        context.update(errors=errors, values=dict(form))
        return render(request, "pages/session.html", context, status_code=422)
    added = ngettext("Set added.", "%(num)d sets added.", count)
    return _back(request, added, f"/history/{session_id}#sets")


def _field(error: CoachError) -> str:
    name = (error.field or "form").rsplit(".", 1)[-1]
    return name if name in ("exercise", "reps", "rir", "count") else "form"


@router.post("/history/sets/{set_id}")
async def edit_set(
    request: Request, set_id: SetId, work: WorkDep, user: CurrentUser
) -> Response:
    """Correct one set: reps (or seconds), reps left, form and pain."""
    form = await request.form()
    errors: FieldErrors = {}
    data = set_from_form(form, errors)
    session_id = logbook.session_of_set(work, user, set_id=set_id)
    if not errors:
        try:
            logbook.edit_set(work, user, set_id=set_id, changes=data)
        except CoachError as error:
            errors[_field(error)] = error_message(error)
    if errors:
        notice = " ".join(errors.values())
        return _back(
            request,
            gettext("Not saved: %(notice)s", notice=notice),
            f"/history/{session_id}#set-{set_id}",
        )
    return _back(
        request, gettext("Set corrected."), f"/history/{session_id}#set-{set_id}"
    )


@router.post("/history/sets/{set_id}/delete")
def delete_set(
    request: Request, set_id: SetId, work: WorkDep, user: CurrentUser
) -> Response:
    """Delete one set."""
    session_id = logbook.delete_set(work, user, set_id=set_id)
    return _back(request, gettext("Set deleted."), f"/history/{session_id}#sets")


@router.post("/history/{session_id}/delete")
def delete_session(
    request: Request,
    session_id: SessionId,
    work: WorkDep,
    user: CurrentUser,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Delete a whole session (the form asks first)."""
    logbook.delete_session(
        work, user, session_id=session_id, confirmed=confirm == "yes"
    )
    return _back(request, gettext("Session deleted."), "/history")
