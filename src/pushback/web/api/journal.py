"""The journal over HTTP: today, sessions, sets, progress, body weight, export.

Same JSON as the CLI: ``GET /sessions`` = ``pushback history --json``,
``GET /sessions/today`` = ``pushback today --json``, ``POST /sessions`` =
``pushback log --file`` (whole sessions), ``GET /progress`` =
``pushback progress --json``. A live session is ``POST /sessions/start``, then
``POST /sessions/{id}/sets`` per set (stored at once), then ``.../finish``.

Session ids in paths are digits (``{session_id:int}``): ``/sessions/start`` is
never read as a session id, so ``GET /sessions/start`` is a 405, not a 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import Field

from pushback.services.coaching import views as web_service
from pushback.services.training import journal as journal_service
from pushback.web.api.schemas.common import (
    AUTHENTICATED,
    LOGIN,
    WRITING,
    documented,
    text_response,
)
from pushback.web.api.schemas.journal import (
    BodyWeightIn,
    BodyWeightOut,
    ExportOut,
    FinishIn,
    HistoryOut,
    LogResultOut,
    ProgressOut,
    SessionIn,
    SessionOut,
    SetIn,
    SetsOut,
    StartIn,
    TodayOut,
)
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.params import SessionId

__all__ = ["router"]

router = APIRouter(tags=["journal"], dependencies=LOGIN)
JsonObject = dict[str, Any]
#: How many sessions or sets one read may return (``journal.history``).
Limit = Annotated[int, Query(ge=1, le=10_000, description="How many, 1-10000.")]
#: One session, or several logged together.
Sessions = SessionIn | Annotated[list[SessionIn], Field(min_length=1)]


@router.get("/sessions/today", **documented(TodayOut, *AUTHENTICATED, 403, 404))
def get_today(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Today's session (or the next), after the plan adapts to the calendar."""
    return journal_service.today(work, user).to_dict()


@router.get("/sessions", **documented(HistoryOut, *AUTHENTICATED, 422))
def list_sessions(work: WorkDep, user: CurrentUser, limit: Limit = 20) -> JsonObject:
    """Your latest sessions with their sets, and the plan's latest changes."""
    return journal_service.history(work, user, limit=limit).to_dict()


@router.post(
    "/sessions", status_code=201, **documented(list[LogResultOut], *WRITING, 404)
)
def log_sessions(body: Sessions, work: WorkDep, user: CurrentUser) -> list[JsonObject]:
    """Log whole sessions (checked before anything is stored); the plan adapts.

    404 for an exercise that is not in the catalog.
    """
    items = body if isinstance(body, list) else [body]
    data = [item.data() for item in items]
    results = journal_service.log_sessions(work, user, data=data)
    return [result.to_dict() for result in results]


@router.post(
    "/sessions/start", status_code=201, **documented(SessionOut, *WRITING, 404)
)
def start_session(body: StartIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Open today's session (or resume the one left open today)."""
    entry = journal_service.begin_session(
        work, user, sleep=body.sleep, soreness=body.soreness
    )
    return journal_service.session_dict(entry)


@router.get(
    "/sessions/{session_id:int}", **documented(SessionOut, *AUTHENTICATED, 404, 422)
)
def get_session(session_id: SessionId, work: WorkDep, user: CurrentUser) -> JsonObject:
    """One of your sessions with its sets (404 for anyone else's)."""
    return web_service.session_json(work, user, session_id)


@router.post(
    "/sessions/{session_id:int}/sets",
    status_code=201,
    **documented(SessionOut, *WRITING, 404, 409),
)
def log_set(
    session_id: SessionId, body: SetIn, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Log one set into an open session; stored when this answers (409 once the
    session is finished)."""
    journal_service.log_set(work, user, session_id=session_id, data=body.data())
    return web_service.session_json(work, user, session_id)


@router.post(
    "/sessions/{session_id:int}/finish",
    **documented(LogResultOut, *WRITING, 404, 409),
)
def finish_session(
    session_id: SessionId, body: FinishIn, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Close the session; the plan adapts and says why (409 if already closed)."""
    result = journal_service.finish_session(
        work, user, session_id=session_id, notes=body.notes
    )
    return result.to_dict()


@router.get("/sets", **documented(SetsOut, *AUTHENTICATED, 422))
def list_sets(work: WorkDep, user: CurrentUser, limit: Limit = 50) -> JsonObject:
    """Your latest sets, newest session first."""
    return web_service.sets_json(work, user, limit=limit)


@router.get("/progress", **documented(ProgressOut, *AUTHENTICATED, 422))
def get_progress(
    work: WorkDep,
    user: CurrentUser,
    weeks: Annotated[int, Query(ge=1, le=520, description="Weeks back.")] = 12,
) -> JsonObject:
    """Series: weekly hard sets per muscle group, best clean reps per variant,
    ladder step, RIR trend, body weight; and the week streak."""
    return journal_service.progress(work, user, weeks=weeks).to_dict()


@router.post("/body-weight", status_code=201, **documented(BodyWeightOut, *WRITING))
def log_body_weight(body: BodyWeightIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Record today's body weight (kg)."""
    entry = journal_service.log_body_weight(work, user, body_mass_kg=body.body_mass_kg)
    return {
        "measured_at": entry.measured_at.isoformat(),
        "body_mass_kg": entry.body_mass_kg,
    }


_CSV = text_response("text/csv", "The backup (every set as CSV with `format=csv`).")


@router.get(
    "/export",
    **documented(ExportOut, *AUTHENTICATED, 422, responses={200: _CSV}),
)
def export(
    work: WorkDep,
    user: CurrentUser,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Your full backup (``pushback export``), or every set as Strong-style CSV."""
    if format == "csv":
        text = journal_service.export_csv(work, user)
        return Response(text, media_type="text/csv; charset=utf-8")
    return journal_service.export_backup(work, user)
