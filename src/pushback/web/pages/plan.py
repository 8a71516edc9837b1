"""The plan: weeks as a calendar, exercise cards, and an ICS download.

Shows the journal's active plan: the sessions on their (possibly moved) dates,
done / planned, with the exercises as the plan adapted them, and the latest
changes with their reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pushback.domain.errors import NotAllowed, NotFound
from pushback.i18n import gettext
from pushback.i18n.phrases import error_message
from pushback.journal.records import ScheduledEntry
from pushback.services.accounts import Account
from pushback.services.coaching import views as web_service
from pushback.services.coaching.views import PlanView
from pushback.services.unit import Work
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.params import WeekNumber
from pushback.web.templating import render

__all__ = ["CalendarWeek", "calendar_weeks", "open_week", "router"]

router = APIRouter(include_in_schema=False)


@dataclass
class CalendarWeek:
    """One plan week laid out on seven dates."""

    week: int
    deload: bool
    current: bool
    days: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[ScheduledEntry] = field(default_factory=list)


def calendar_weeks(view: PlanView) -> list[CalendarWeek]:
    """Each plan week on the seven dates from ``start + 7 (week - 1)``."""
    start = view.plan.start_date
    by_date = {s.scheduled_on: s for s in view.sessions if s.status != "skipped"}
    weeks = []
    for number, deload, sessions in view.weeks:
        first = start + timedelta(days=7 * (number - 1))
        item = CalendarWeek(
            week=number,
            deload=deload,
            current=first <= view.today < first + timedelta(days=7),
            sessions=sessions,
        )
        for offset in range(7):
            day: date = first + timedelta(days=offset)
            item.days.append(
                {
                    "date": day,
                    "session": by_date.get(day),
                    "is_today": day == view.today,
                }
            )
        weeks.append(item)
    return weeks


def _view_or_redirect(request: Request, work: Work, user: Account) -> Any:
    try:
        return web_service.plan_view(work, user)
    except NotFound:
        return RedirectResponse("/onboarding", status_code=303)
    except NotAllowed as error:
        session_of(request).set_flash(error_message(error))
        return RedirectResponse("/", status_code=303)


@router.get("/plan")
def plan_page(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """The active plan; before the first assessment, the assessment form."""
    view = _view_or_redirect(request, work, user)
    if not isinstance(view, PlanView):
        return view  # type: ignore[no-any-return]
    return _full_page(request, view, None)


def _full_page(request: Request, view: PlanView, week: int | None) -> Response:
    weeks = calendar_weeks(view)
    context = {
        "view": view,
        "notes": view.plan.plan.get("notes", []),
        "weeks": weeks,
        "open_week": week or open_week(weeks),
    }
    return render(request, "pages/plan.html", context)


def open_week(weeks: list[CalendarWeek]) -> int | None:
    """The week shown in full: this week, else the first one."""
    current = [w.week for w in weeks if w.current]
    return current[0] if current else (weeks[0].week if weeks else None)


@router.get("/plan/weeks/{week}")
def plan_week(
    request: Request, week: WeekNumber, work: WorkDep, user: CurrentUser
) -> Response:
    """One week's sessions in full: the fragment the plan page loads on demand
    (htmx), or the whole plan page with that week open (a link opened directly)."""
    view = _view_or_redirect(request, work, user)
    if not isinstance(view, PlanView):
        return view  # type: ignore[no-any-return]
    found = [w for w in calendar_weeks(view) if w.week == week]
    if not found:
        raise NotFound(
            gettext("No week %(week)s in your plan.", week=week), field="week"
        )
    if not request.headers.get("hx-request"):
        return _full_page(request, view, week)
    return render(request, "partials/plan_week.html", {"week": found[0]})


@router.get("/plan.ics")
def plan_ics(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """The plan as an iCalendar file (one event per session)."""
    view = _view_or_redirect(request, work, user)
    if not isinstance(view, PlanView):
        return view  # type: ignore[no-any-return]
    return Response(
        web_service.plan_ics(view),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="pushback-plan.ics"'},
    )
