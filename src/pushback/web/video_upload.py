"""Receiving a video upload (page form and API alike).

The announced size (``Content-Length``) is checked before the body is read, so an
oversize upload is refused at once; the upload service counts the bytes again
while copying (bodies sent without a length). Fields of the multipart form:
``video`` (the file), ``exercise`` (catalog slug, default ``push-up``),
``keep_video`` (yes/no, default no), ``set_id`` (a logged set to attach it to).
"""

from __future__ import annotations

from functools import partial

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.jobs.queue import JobEntry, JobQueue
from pushback.services.filming import uploads
from pushback.services.storage import FileStore
from pushback.services.unit import Work
from pushback.settings import Settings

__all__ = ["FORM_OVERHEAD_BYTES", "receive_upload"]

#: Room for the multipart headers and the small fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
_YES = ("yes", "true", "on", "1")


def _declared_file_bytes(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None or not raw.isdigit():
        return None
    return max(0, int(raw) - FORM_OVERHEAD_BYTES)


def _set_id(value: object) -> int | None:
    text = str(value).strip() if isinstance(value, str) else ""
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput("set_id", text, msg("the id of one of your logged sets"))
    return int(text)


async def receive_upload(
    request: Request,
    settings: Settings,
    jobs: JobQueue,
    *,
    work: Work,
    user_id: int,
) -> JobEntry:
    """Store the request's video and queue its analysis; returns the job.

    The unit's connection goes back to the pool while the body arrives (it was
    used to check the login) and is taken again to queue the job.

    Raises:
        InvalidInput: too large, no file, not a video, unknown exercise or set.
    """
    store: FileStore = request.app.state.web.store
    uploads.check_declared_size(settings, _declared_file_bytes(request))
    await run_in_threadpool(work.release)
    form = await request.form(max_files=1, max_fields=20)
    video = form.get("video")
    if not isinstance(video, UploadFile) or not video.filename:
        raise InvalidInput("video", None, msg("a video file chosen in the form"))
    exercise = str(form.get("exercise") or "push-up")
    keep = str(form.get("keep_video") or "").lower() in _YES
    set_id = _set_id(form.get("set_id"))
    stored = await run_in_threadpool(
        partial(
            uploads.store_upload,
            settings,
            user_id=user_id,
            source=video.file,
            filename=video.filename,
            store=store,
        )
    )
    submit = partial(
        uploads.submit_analysis,
        work,
        jobs,
        user_id=user_id,
        upload=stored,
        exercise=exercise,
        keep_video=keep,
        set_id=set_id,
    )
    try:
        return await run_in_threadpool(submit)
    except BaseException:
        await run_in_threadpool(store.delete, stored.key)
        raise
