"""The journal over HTTP: today, sessions, sets, progress, body weight, export.

Same JSON as the CLI: ``GET /sessions`` = ``pushback history --json``,
``GET /sessions/today`` = ``pushback today --json``, ``POST /sessions`` =
``pushback log --file`` (whole sessions), ``GET /progress`` =
``pushback progress --json``. A live session is ``POST /sessions/start``, then
``POST /sessions/{id}/sets`` per set (stored at once), then ``.../finish``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from pushback.services import journal as journal_service
from pushback.services import web as web_service
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.params import SessionId

__all__ = ["SessionIn", "SetIn", "router"]

router = APIRouter(tags=["journal"])
JsonObject = dict[str, Any]


class SetIn(BaseModel):
    """One set as done; targets are filled in from today's plan."""

    model_config = ConfigDict(extra="forbid")
    exercise: str = Field(examples=["push-up"])
    kind: Literal["warm-up", "work", "failure", "drop"] | None = None
    reps: int | None = Field(default=None, examples=[10])
    reps_per_side: int | None = None
    duration_s: int | None = None
    tempo: str | None = Field(default=None, examples=["3-1-1-0"])
    rir: int | None = Field(default=None, examples=[2])
    rpe: float | None = None
    load_kg: float | None = None
    form_broke: bool | None = None
    pain: bool | None = None
    pain_location: str | None = None
    notes: str | None = None

    def data(self) -> JsonObject:
        """The fields that were sent, for the journal service."""
        return self.model_dump(exclude_none=True)


class SessionIn(BaseModel):
    """A whole session; times without a zone are in your time zone."""

    model_config = ConfigDict(extra="forbid")
    started_at: str | None = Field(default=None, examples=["2026-03-02T18:00"])
    ended_at: str | None = None
    sleep: int | None = Field(default=None, description="1 very poor - 5 very good")
    soreness: int | None = Field(default=None, description="1 none - 5 very sore")
    notes: str | None = None
    title: str | None = None
    sets: list[SetIn]

    def data(self) -> JsonObject:
        """The fields that were sent, for the journal service."""
        data = self.model_dump(exclude_none=True)
        data["sets"] = [item.data() for item in self.sets]
        return data


class StartIn(BaseModel):
    """Readiness when starting a live session."""

    model_config = ConfigDict(extra="forbid")
    sleep: int | None = None
    soreness: int | None = None


class FinishIn(BaseModel):
    """Notes when finishing a live session."""

    model_config = ConfigDict(extra="forbid")
    notes: str | None = None


class BodyWeightIn(BaseModel):
    """A body-weight reading in kilograms."""

    model_config = ConfigDict(extra="forbid")
    body_mass_kg: float = Field(examples=[78.5])


@router.get("/sessions/today")
def get_today(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Today's session (or the next), after the plan adapts to the calendar."""
    return journal_service.today(work, user).to_dict()


@router.get("/sessions")
def list_sessions(
    work: WorkDep,
    user: CurrentUser,
    limit: Annotated[int, Query(description="How many sessions, 1-10000.")] = 20,
) -> JsonObject:
    """Your latest sessions with their sets, and the plan's latest changes."""
    return journal_service.history(work, user, limit=limit).to_dict()


@router.post("/sessions", status_code=201)
def log_sessions(
    body: SessionIn | list[SessionIn], work: WorkDep, user: CurrentUser
) -> list[JsonObject]:
    """Log whole sessions (checked before anything is stored); the plan adapts."""
    items = body if isinstance(body, list) else [body]
    data = [item.data() for item in items]
    results = journal_service.log_sessions(work, user, data=data)
    return [result.to_dict() for result in results]


@router.post("/sessions/start", status_code=201)
def start_session(body: StartIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Open today's session (or resume the one left open today)."""
    entry = journal_service.begin_session(
        work, user, sleep=body.sleep, soreness=body.soreness
    )
    return journal_service.session_dict(entry)


@router.get("/sessions/{session_id}")
def get_session(session_id: SessionId, work: WorkDep, user: CurrentUser) -> JsonObject:
    """One of your sessions with its sets (404 for anyone else's)."""
    return web_service.session_json(work, user, session_id)


@router.post("/sessions/{session_id}/sets", status_code=201)
def log_set(
    session_id: SessionId, body: SetIn, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Log one set into an open session; stored when this answers."""
    journal_service.log_set(work, user, session_id=session_id, data=body.data())
    return web_service.session_json(work, user, session_id)


@router.post("/sessions/{session_id}/finish")
def finish_session(
    session_id: SessionId, body: FinishIn, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Close the session; the plan adapts and says why."""
    result = journal_service.finish_session(
        work, user, session_id=session_id, notes=body.notes
    )
    return result.to_dict()


@router.get("/sets")
def list_sets(
    work: WorkDep,
    user: CurrentUser,
    limit: Annotated[int, Query(description="How many sets, 1-10000.")] = 50,
) -> JsonObject:
    """Your latest sets, newest session first."""
    return web_service.sets_json(work, user, limit=limit)


@router.get("/progress")
def get_progress(
    work: WorkDep,
    user: CurrentUser,
    weeks: Annotated[int, Query(description="Weeks back, 1-520.")] = 12,
) -> JsonObject:
    """Series: weekly hard sets per muscle group, best clean reps per variant,
    ladder step, RIR trend, body weight; and the week streak."""
    return journal_service.progress(work, user, weeks=weeks).to_dict()


@router.post("/body-weight", status_code=201)
def log_body_weight(body: BodyWeightIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Record today's body weight (kg)."""
    entry = journal_service.log_body_weight(work, user, body_mass_kg=body.body_mass_kg)
    return {
        "measured_at": entry.measured_at.isoformat(),
        "body_mass_kg": entry.body_mass_kg,
    }


@router.get("/export", responses={200: {"content": {"text/csv": {}}}})
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
