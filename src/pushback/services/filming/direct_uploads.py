"""Uploads straight from the browser to the bucket, then "complete upload".

With ``PUSHBACK_STORAGE=s3`` a large video never passes through a web process:

1. :func:`begin_upload` checks the announced size and returns a presigned PUT URL
   for a fresh key ``uploads/<user id>/incoming/<upload id>`` (only that user's
   folder, only that key, valid :data:`~pushback.services.storage.PRESIGN_TTL_S`).
2. The browser (or a script) PUTs the file to that URL.
3. :func:`complete_upload` checks the stored file exactly as an upload through the
   web app is checked (size, container by content, ffprobe, what the job would
   refuse: ``uploads.check_stored``), moves it to its final key and queues the
   analysis in one unit of work. A refused file is deleted at once, with the
   reason naming the user's file. An upload never completed stays under
   ``incoming/``: the bucket's lifecycle rule deletes it (docs/deploy.md).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.jobs.queue import JobEntry, JobQueue
from pushback.services.filming import uploads
from pushback.services.filming._upload_checks import check_declared_size
from pushback.services.storage import FileStore
from pushback.services.unit import Work
from pushback.settings import Settings

__all__ = ["UploadChoices", "begin_upload", "complete_upload", "incoming_key"]

_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_TYPES = ("video/mp4", "video/quicktime", "video/webm", "video/x-msvideo")


@dataclass(frozen=True)
class UploadChoices:
    """What the user chose with the upload (as the upload form has it)."""

    filename: str
    exercise: str = "push-up"
    keep_video: bool = False
    set_id: int | None = None


def incoming_key(user_id: int, upload_id: str) -> str:
    """Where the browser puts upload ``upload_id`` of ``user_id``."""
    if not _UPLOAD_ID.match(upload_id):
        raise InvalidInput("upload_id", upload_id, msg("the id begin_upload returned"))
    return f"uploads/{user_id}/incoming/{upload_id}"


def begin_upload(
    settings: Settings,
    store: FileStore,
    *,
    user_id: int,
    size_bytes: int | None,
    content_type: str = "video/mp4",
) -> dict[str, Any]:
    """A presigned URL for one video of ``user_id``.

    Raises:
        InvalidInput: announced size over ``max_upload_mb``, or a content type
            that is not a video container we read.
        Conflict: the store is local (upload through ``POST /api/v1/videos``).
    """
    check_declared_size(settings, size_bytes)
    if content_type not in _TYPES:
        raise InvalidInput(
            "content_type",
            content_type,
            msg("one of %(choices)s", choices=", ".join(_TYPES)),
        )
    upload_id = uuid.uuid4().hex
    presigned = store.presign_put(incoming_key(user_id, upload_id), content_type)
    if presigned is None:
        raise Conflict(
            msg(
                "This server keeps videos on its own disk: upload the file with "
                "POST /api/v1/videos instead."
            )
        )
    return {"upload_id": upload_id, **presigned}


def complete_upload(  # noqa: PLR0913 - one use case's inputs, keyword-only
    work: Work,
    queue: JobQueue,
    store: FileStore,
    *,
    user_id: int,
    upload_id: str,
    choices: UploadChoices,
) -> JobEntry:
    """Check the uploaded file as every upload is checked, then queue its analysis.

    Raises:
        NotFound: nothing was uploaded under this id (or it was completed already).
        InvalidInput: the file is refused (deleted), or an unknown exercise or set.
    """
    key = incoming_key(user_id, upload_id)
    size = store.size(key)
    if size is None:
        raise NotFound(
            msg("No upload %(upload_id)s is waiting.", upload_id=upload_id),
            field="upload_id",
        )
    try:
        check_declared_size(work.settings, size)
        with store.local_copy(key) as copy:
            checked = uploads.check_stored(copy, choices.filename, size)
    except BaseException:
        store.delete(key)
        raise
    final = f"uploads/{user_id}/{uuid.uuid4().hex}.{checked['container']}"
    store.move(key, final)
    stored = uploads.StoredUpload(key=final, path=store.path(final), **checked)
    try:
        return uploads.submit_analysis(
            work,
            queue,
            user_id=user_id,
            upload=stored,
            exercise=choices.exercise,
            keep_video=choices.keep_video,
            set_id=choices.set_id,
        )
    except BaseException:
        store.delete(final)
        raise
