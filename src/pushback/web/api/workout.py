"""The guided workout and video analyses over HTTP (``/api/v1``).

* ``GET /workout``: today's session as guided steps.
* ``POST /workout/sets``: one set with the client's idempotency key ``client_key``;
  201 when stored, 200 when that key was stored before (the same set returned).
* ``POST /workout/finish``: close the workout (once); the plan adapts.
* ``GET /jobs``, ``GET /jobs/{job_id}``, ``POST /jobs/{job_id}/cancel``: background
  jobs (video analyses) with their progress and results.
* ``POST /videos``: upload a video (multipart field ``video``) to analyse.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from pushback.services import workout
from pushback.services.jobs import job_dict
from pushback.web.deps import (
    CurrentUser,
    SettingsDep,
    UploadUser,
    UploadWork,
    WorkDep,
)
from pushback.web.jobs import JobsDep
from pushback.web.params import MAX_ID, JobId
from pushback.web.video_upload import receive_upload

__all__ = ["FinishIn", "GuidedSetIn", "router"]

router = APIRouter(tags=["workout"])
JsonObject = dict[str, Any]


class GuidedSetIn(BaseModel):
    """One set of the guided workout, with the key that makes resending safe."""

    model_config = ConfigDict(extra="forbid")
    client_key: str = Field(
        description="A random id made when the set was entered (1-64 characters).",
        examples=["6f1c2b9e-3d4a-4c1e-9b7a-2f0e8d5c1a34"],
    )
    logged_at: str | None = Field(
        default=None,
        description="When the set was entered (ISO time with zone); default: now.",
        examples=["2026-03-02T18:05:00+01:00"],
    )
    exercise: str = Field(examples=["push-up"])
    kind: Literal["warm-up", "work", "failure", "drop"] | None = None
    reps: int | None = Field(default=None, examples=[8])
    reps_per_side: int | None = None
    duration_s: int | None = None
    tempo: str | None = None
    rir: int | None = Field(default=None, examples=[2])
    rpe: float | None = None
    form_broke: bool | None = None
    pain: bool | None = None
    pain_location: str | None = None
    notes: str | None = None

    def data(self) -> JsonObject:
        """The set's fields for the journal (key and time left out)."""
        return self.model_dump(exclude_none=True, exclude={"client_key", "logged_at"})


class FinishIn(BaseModel):
    """Which workout to close (default: the open one)."""

    model_config = ConfigDict(extra="forbid")
    session_id: int | None = Field(default=None, ge=1, le=MAX_ID)


@router.get("/workout")
def get_workout(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Today's session as guided steps: warm-up, one step per set, cool-down."""
    return workout.workout_steps(work, user)


@router.post("/workout/sets", status_code=201)
def log_guided_set(body: GuidedSetIn, work: WorkDep, user: CurrentUser) -> JSONResponse:
    """Store one set under its ``client_key``; a resent key returns the stored set."""
    stored = workout.log_guided_set(
        work,
        user,
        client_key=body.client_key,
        data=body.data(),
        logged_at=body.logged_at,
    )
    return JSONResponse(stored.to_dict(), status_code=201 if stored.created else 200)


@router.post("/workout/finish")
def finish_workout(body: FinishIn, work: WorkDep, user: CurrentUser) -> JsonObject:
    """Close the workout once (a resent finish changes nothing); the plan adapts."""
    return workout.finish_workout(work, user, session_id=body.session_id)


@router.get("/jobs")
def list_jobs(
    work: WorkDep,
    jobs: JobsDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200, description="How many, 1-200.")] = 20,
) -> JsonObject:
    """Your background jobs (video analyses), newest first."""
    found = jobs.list_for_user(work.session, user_id=user.id, limit=limit)
    return {"jobs": [job_dict(job) for job in found]}


@router.get("/jobs/{job_id}")
def get_job(
    job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> JsonObject:
    """One of your jobs: status, progress and, when done, the analysis."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    position = (
        jobs.queue_position(work.session, job.id) if job.status == "queued" else None
    )
    return job_dict(job, position=position)


@router.post("/jobs/{job_id}/cancel")
def cancel_job(
    job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> JsonObject:
    """Cancel a queued or running job (409 once it has finished)."""
    return job_dict(jobs.cancel(work.session, user_id=user.id, job_id=job_id))


@router.post("/videos", status_code=202)
async def upload_video(
    request: Request,
    settings: SettingsDep,
    work: UploadWork,
    jobs: JobsDep,
    user: UploadUser,
) -> JsonObject:
    """Upload a video (multipart ``video``; optional ``exercise``, ``keep_video``,
    ``set_id``) and queue its analysis; poll ``GET /jobs/{id}``."""
    job = await receive_upload(request, settings, jobs, work=work, user_id=user.id)
    return job_dict(job)
