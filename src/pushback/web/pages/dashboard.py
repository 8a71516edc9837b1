"""The dashboard ("Today"): today's session, the week, streak, next deload, changes.
Visitors who are not logged in see the landing page at the same address."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pushback.services.coaching import views as web_service
from pushback.web.deps import OptionalUser, WorkDep
from pushback.web.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard_page(request: Request, work: WorkDep, user: OptionalUser) -> Response:
    """Today; before the first assessment, the assessment form; for visitors,
    what pushback is."""
    if user is None:
        return render(request, "pages/landing.html")
    view = web_service.dashboard(work, user)
    if view is None:
        return RedirectResponse("/onboarding", status_code=303)
    return render(request, "pages/dashboard.html", {"view": view})
