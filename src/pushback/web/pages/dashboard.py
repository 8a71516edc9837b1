"""The dashboard ("Today"): today's session, the week, streak, next deload, changes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pushback.services import web as web_service
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard_page(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """Today; before the first assessment, the assessment form."""
    view = web_service.dashboard(work, user)
    if view is None:
        return RedirectResponse("/onboarding", status_code=303)
    return render(request, "pages/dashboard.html", {"view": view})
