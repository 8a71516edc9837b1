"""The guided workout page (``/workout``), made for a phone beside the mat.

The page carries today's steps as JSON; ``static/workout.js`` walks through them
(timed warm-up, one set at a time with a descent metronome, quick log, rest
countdown, timed cool-down) and sends each set to ``POST /api/v1/workout/sets``
with its own idempotency key, queued in the browser while offline.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pushback.domain.errors import NotFound
from pushback.i18n import N_
from pushback.services.training import workout
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.templating import render

__all__ = ["PAIN_LOCATIONS", "router"]

router = APIRouter(include_in_schema=False)

#: Where it hurts, as offered by the quick log. "wrist", "shoulder" and "back" are
#: the words the plan's pain rule maps to catalog conditions (domain adaptation).
PAIN_LOCATIONS: tuple[str, ...] = (
    N_("wrist"),
    N_("elbow"),
    N_("shoulder"),
    N_("neck"),
    N_("upper back"),
    N_("lower back"),
    N_("chest"),
    N_("other"),
)


@router.get("/workout")
def workout_page(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """Today's session, one step at a time; before an assessment, the assessment."""
    try:
        view = workout.workout_steps(work, user)
    except NotFound:
        return RedirectResponse("/onboarding", status_code=303)
    context = {"view": view, "pain_locations": PAIN_LOCATIONS}
    return render(request, "pages/workout.html", context)
