"""Uploads straight to the bucket (``PUSHBACK_STORAGE=s3``) over HTTP (``/api/v1``).

* ``POST /uploads``: a presigned PUT URL for one video (409 when the server keeps
  videos on its own disk: use ``POST /videos``).
* ``POST /uploads/{upload_id}/complete``: after the PUT, check the stored file as
  every upload is checked and queue its analysis (202 with the job, like
  ``POST /videos``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from pushback.jobs.queue import job_dict
from pushback.services.filming import direct_uploads
from pushback.web.api.schemas.common import LOGIN, WRITING, documented
from pushback.web.api.schemas.uploads import (
    UploadBeginIn,
    UploadBeginOut,
    UploadCompleteIn,
)
from pushback.web.api.schemas.workout import JobOut
from pushback.web.deps import (
    CurrentUser,
    SettingsDep,
    StoreDep,
    UploadUser,
    UploadWork,
)
from pushback.web.jobs import JobsDep

__all__ = ["router"]

router = APIRouter(tags=["workout"], dependencies=LOGIN)
JsonObject = dict[str, Any]


@router.post("/uploads", status_code=201, **documented(UploadBeginOut, *WRITING, 409))
def begin_upload(
    body: UploadBeginIn,
    settings: SettingsDep,
    store: StoreDep,
    user: CurrentUser,
) -> JsonObject:
    """A presigned URL to PUT one video to (then call ``complete``)."""
    return direct_uploads.begin_upload(
        settings,
        store,
        user_id=user.id,
        size_bytes=body.size_bytes,
        content_type=body.content_type,
    )


@router.post(
    "/uploads/{upload_id}/complete",
    status_code=202,
    **documented(JobOut, *WRITING, 404),
)
async def complete_upload(
    upload_id: str,
    body: UploadCompleteIn,
    store: StoreDep,
    work: UploadWork,
    jobs: JobsDep,
    user: UploadUser,
) -> JsonObject:
    """Check the uploaded video and queue its analysis; poll ``GET /jobs/{id}``.

    422 when the file is too large, empty or not a video (it is deleted), or names
    an unknown exercise or set; 404 when nothing was uploaded under this id.
    """
    choices = direct_uploads.UploadChoices(
        filename=body.filename,
        exercise=body.exercise,
        keep_video=body.keep_video,
        set_id=body.set_id,
    )
    job = await run_in_threadpool(
        lambda: direct_uploads.complete_upload(
            work, jobs, store, user_id=user.id, upload_id=upload_id, choices=choices
        )
    )
    return job_dict(job)
