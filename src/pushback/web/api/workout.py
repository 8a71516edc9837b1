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

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from pushback.jobs.queue import job_dict
from pushback.services.training import workout
from pushback.web.api.schemas.common import AUTHENTICATED, LOGIN, WRITING, documented
from pushback.web.api.schemas.workout import (
    UPLOAD_BODY,
    GuidedSetIn,
    GuidedSetOut,
    JobOut,
    JobsOut,
    WorkoutFinishIn,
    WorkoutFinishOut,
    WorkoutOut,
)
from pushback.web.deps import (
    CurrentUser,
    SettingsDep,
    UploadUser,
    UploadWork,
    WorkDep,
)
from pushback.web.jobs import JobsDep
from pushback.web.params import JobId
from pushback.web.video_upload import receive_upload

__all__ = ["router"]

router = APIRouter(tags=["workout"], dependencies=LOGIN)
JsonObject = dict[str, Any]
_RESENT = {200: {"model": GuidedSetOut, "description": "The key was stored before: "
                 "the stored set, nothing new."}}  # fmt: skip


@router.get("/workout", **documented(WorkoutOut, *AUTHENTICATED, 403, 404))
def get_workout(work: WorkDep, user: CurrentUser) -> JsonObject:
    """Today's session as guided steps: warm-up, one step per set, cool-down."""
    return workout.workout_steps(work, user)


@router.post(
    "/workout/sets",
    status_code=201,
    **documented(GuidedSetOut, *WRITING, 404, 409, responses=_RESENT),
)
async def log_guided_set(
    body: GuidedSetIn, response: Response, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Store one set under its ``client_key``; a resent key returns the stored set.

    404 for an exercise not in the catalog; 409 for a key another account used.
    """
    # The busiest write (bench web): the use case runs in the thread pool and its
    # small answer is checked on the event loop, one thread hop instead of two (a
    # plain ``def`` route has its answer checked in the pool as well).
    log = partial(
        workout.log_guided_set,
        work,
        user,
        client_key=body.client_key,
        data=body.data(),
        logged_at=body.logged_at,
    )
    stored = await run_in_threadpool(log)
    response.status_code = 201 if stored.created else 200
    return stored.to_dict()


@router.post("/workout/finish", **documented(WorkoutFinishOut, *WRITING, 404, 409))
def finish_workout(
    body: WorkoutFinishIn, work: WorkDep, user: CurrentUser
) -> JsonObject:
    """Close the workout once (a resent finish changes nothing); the plan adapts.

    409 when no workout is open.
    """
    return workout.finish_workout(work, user, session_id=body.session_id)


@router.get("/jobs", **documented(JobsOut, *AUTHENTICATED, 422))
def list_jobs(
    work: WorkDep,
    jobs: JobsDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200, description="How many, 1-200.")] = 20,
) -> JsonObject:
    """Your background jobs (video analyses), newest first."""
    found = jobs.list_for_user(work.session, user_id=user.id, limit=limit)
    return {"jobs": [job_dict(job) for job in found]}


@router.get("/jobs/{job_id:int}", **documented(JobOut, *AUTHENTICATED, 404, 422))
def get_job(
    job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> JsonObject:
    """One of your jobs: status, progress and, when done, the analysis."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    position = (
        jobs.queue_position(work.session, job.id) if job.status == "queued" else None
    )
    return job_dict(job, position=position)


@router.post(
    "/jobs/{job_id:int}/cancel",
    **documented(JobOut, *AUTHENTICATED, 403, 404, 409, 422),
)
def cancel_job(
    job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> JsonObject:
    """Cancel a queued or running job (409 once it has finished)."""
    return job_dict(jobs.cancel(work.session, user_id=user.id, job_id=job_id))


@router.post(
    "/videos",
    status_code=202,
    openapi_extra={"requestBody": UPLOAD_BODY},
    **documented(JobOut, *WRITING),
)
async def upload_video(
    request: Request,
    settings: SettingsDep,
    work: UploadWork,
    jobs: JobsDep,
    user: UploadUser,
) -> JsonObject:
    """Upload a video (multipart ``video``; optional ``exercise``, ``keep_video``,
    ``set_id``) and queue its analysis; poll ``GET /jobs/{id}``.

    422 when the file is too large, empty or not a video, or names an unknown
    exercise or set.
    """
    job = await receive_upload(request, settings, jobs, work=work, user_id=user.id)
    return job_dict(job)
