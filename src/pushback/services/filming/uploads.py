"""Video uploads: check, store, analyse in the background, keep or delete, attach.

The pipeline of the web app's "analyse a filmed set":

1. :func:`check_declared_size` refuses a request whose announced size is over
   ``Settings.max_upload_mb`` before anything is read;
   :func:`store_upload` copies the stream to ``Settings.data_dir/uploads/<user id>/``
   counting bytes (over the limit: stop, delete, refuse), then checks the *content*
   (:mod:`._upload_checks`): the container's magic bytes (MP4/MOV ``ftyp``,
   Matroska/WebM ``1A45DFA3``, AVI ``RIFF....AVI``), ``ffprobe`` (a video stream,
   a duration) and what the job would refuse (OpenCV cannot open it, a picture
   over 8K, longer than ``MAX_VIDEO_S``). The file name is never trusted: a text
   file renamed ``.mp4`` is refused. Every message names the user's file name.
   The checked file is published in the file store (:mod:`.storage`: the data
   folder or a bucket) as ``uploads/<user id>/<random>.<container>``. A browser
   may also upload straight to a bucket (:mod:`.direct_uploads`), checked the
   same way by :func:`check_stored`.
2. :func:`submit_analysis` queues an ``analyse-video`` job (:mod:`.jobs`).
3. The job (:func:`video_job_kind`) runs ``services.analysis.analyse_video`` with
   progress (on a local copy of the stored video), draws the annotated H.264 video
   and writes the one-page HTML report (``services.report``), published in the
   store as ``videos/<user id>/<job id>.mp4`` and ``.html`` and, when the video was
   filmed for a logged set, stores the descent times, faults and ``stop_at_rep``
   on that set (the journal's video columns), so the plan sees "form broke".
4. When the job is final (done, failed or cancelled) the uploaded video is deleted
   unless the user ticked "keep my video". A failed job's message names the
   user's file, never the stored one (``JobKind.explain``).

Deleting the account deletes both folders (``accounts.delete_account``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from pushback import i18n
from pushback.domain.errors import AnalysisFailed, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.i18n import N_
from pushback.jobs.queue import JobContext, JobEntry, JobKind, JobQueue
from pushback.journal import Database, Session
from pushback.journal.records import SetAnalysis
from pushback.journal.repository import jobs as job_store
from pushback.journal.repository import training as training_store
from pushback.render import report as report_service
from pushback.services.filming import analysis as analysis_service
from pushback.services.filming._upload_checks import (
    CONTAINERS,
    EXPECTED,
    FFPROBE,
    MAX_VIDEO_S,
    check_analysable,
    check_declared_size,
    copy_limited,
    detect_container,
    probe,
    user_words,
)
from pushback.services.filming.analysis import VideoAnalysis
from pushback.services.storage import FileStore, make_store
from pushback.services.unit import Work
from pushback.settings import Settings

__all__ = [
    "ANALYSE_VIDEO",
    "CONTAINERS",
    "FFPROBE",
    "MAX_VIDEO_S",
    "StoredUpload",
    "annotated_path",
    "attach_to_set",
    "check_declared_size",
    "check_stored",
    "detect_container",
    "publish",
    "report_path",
    "set_analysis",
    "store_upload",
    "submit_analysis",
    "upload_dir",
    "video_job_kind",
    "video_key",
    "videos_dir",
]

#: The job kind that analyses an uploaded video.
ANALYSE_VIDEO = "analyse-video"


@dataclass(frozen=True)
class StoredUpload:
    """An accepted upload in the file store: its key (and file when the store
    is local), how big, what container, how long."""

    key: str
    path: Path | None
    filename: str
    size_bytes: int
    container: str
    duration_s: float | None
    width_px: int | None
    height_px: int | None


def upload_dir(settings: Settings, user_id: int) -> Path:
    """Where a user's uploaded videos wait for analysis."""
    return settings.data_dir / "uploads" / str(user_id)


def videos_dir(settings: Settings, user_id: int) -> Path:
    """Where a user's annotated videos are kept."""
    return settings.data_dir / "videos" / str(user_id)


def annotated_path(settings: Settings, user_id: int, job_id: int) -> Path:
    """The annotated video of one job."""
    return videos_dir(settings, user_id) / f"{job_id}.mp4"


def _float_or_none(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def store_upload(
    settings: Settings,
    *,
    user_id: int,
    source: IO[bytes],
    filename: str,
    store: FileStore | None = None,
) -> StoredUpload:
    """Copy an uploaded video into the user's upload folder after checking it
    (:mod:`._upload_checks`: whatever the analysis job would refuse is refused
    here, naming ``filename``), then publish it in ``store`` (default: the store
    of ``settings``).

    Raises:
        InvalidInput: over ``max_upload_mb``, empty, not a video by its content,
            a picture over 8K or longer than ``MAX_VIDEO_S`` (the stored bytes
            are deleted).
        AnalysisFailed: the video packages are not installed (``make vision``).
    """
    folder = upload_dir(settings, user_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{uuid.uuid4().hex}.part"
    try:
        size = copy_limited(settings, source, partial, filename)
        checked = check_stored(partial, filename, size)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return publish(settings, store, user_id, partial, checked)


def check_stored(path: Path, filename: str, size: int) -> dict[str, Any]:
    """Check a received file as every upload is checked (content, ffprobe, what
    the job would refuse); returns the container and what ffprobe read."""
    with path.open("rb") as handle:
        container = detect_container(handle.read(64))
    if size == 0 or container is None:
        got = f"{filename} (empty)" if size == 0 else f"{filename} (not a video inside)"
        raise InvalidInput(
            "video",
            got,
            EXPECTED,
            message=msg(
                "Invalid value for video: %(got)s; expected %(expected)s.",
                got=got,
                expected=EXPECTED,
            ),
        )
    probed = probe(path, filename)
    duration_s = _float_or_none(probed.get("format", {}).get("duration"))
    check_analysable(path, filename, duration_s)
    stream = probed.get("stream", {})
    return {
        "filename": filename,
        "size_bytes": size,
        "container": container,
        "duration_s": duration_s,
        "width_px": stream.get("width"),
        "height_px": stream.get("height"),
    }


def publish(
    settings: Settings,
    store: FileStore | None,
    user_id: int,
    checked_file: Path,
    checked: dict[str, Any],
) -> StoredUpload:
    """Move a checked upload to its key in the store (the local file goes)."""
    store = store or make_store(settings)
    key = f"uploads/{user_id}/{uuid.uuid4().hex}.{checked['container']}"
    try:
        store.put(key, checked_file)
    finally:
        checked_file.unlink(missing_ok=True)
    return StoredUpload(key=key, path=store.path(key), **checked)


def _check_choices(
    session: Session, user_id: int, exercise: str, set_id: int | None
) -> None:
    try:
        analysis_service.prescribed_descent(exercise)
    except NotFound as error:
        raise InvalidInput(
            "exercise", exercise, msg("a catalog exercise"), message=error.message
        ) from None
    if set_id is not None and job_store.set_owner(session, set_id=set_id) != user_id:
        raise InvalidInput("set_id", set_id, msg("the id of one of your logged sets"))


def submit_analysis(  # noqa: PLR0913 - keyword-only options of one use case
    work: Work,
    queue: JobQueue,
    *,
    user_id: int,
    upload: StoredUpload,
    exercise: str = "push-up",
    keep_video: bool = False,
    set_id: int | None = None,
) -> JobEntry:
    """Use case: queue the analysis of a stored upload; returns the queued job.

    Raises:
        InvalidInput: unknown exercise, or ``set_id`` is not one of the user's sets.
    """
    work.write()
    _check_choices(work.session, user_id, exercise, set_id)
    payload = {
        "video": str(upload.path or upload.key),
        "video_key": upload.key,
        "filename": upload.filename,
        "size_bytes": upload.size_bytes,
        "duration_s": upload.duration_s,
        "exercise": exercise,
        "keep_video": keep_video,
        "set_id": set_id,
        # The annotated video and the report speak the language of the upload.
        "language": i18n.current_language(),
    }
    job = queue.submit(
        work.session, user_id=user_id, kind=ANALYSE_VIDEO, payload=payload
    )
    work.commit()
    queue.wake()
    return job


def set_analysis(result: dict[str, Any]) -> SetAnalysis:
    """The journal's per-set record of an analysis result (``to_dict`` JSON)."""
    reps = result.get("reps") or []
    faults = sorted({code for rep in reps for code in rep.get("faults") or []})
    return SetAnalysis(
        descent_times_s=tuple(
            min(60.0, float(r["descent_s"])) for r in reps if r.get("descent_s")
        ),
        faults=tuple(faults),
        stop_at_rep=result.get("stop_at_rep"),
    )


def attach_to_set(work: Work, *, user_id: int, job_id: int, set_id: int) -> JobEntry:
    """Use case: attach a finished analysis to one of the user's logged sets.

    Raises:
        NotFound: not the user's job or set.
        InvalidInput: the job has no analysis (not done yet, or failed).
    """
    work.write()
    attached = _attach(work.session, user_id=user_id, job_id=job_id, set_id=set_id)
    work.commit()
    return attached


def _attach(session: Session, *, user_id: int, job_id: int, set_id: int) -> JobEntry:
    job = job_store.get_job(session, user_id=user_id, job_id=job_id)
    analysis = (job.result or {}).get("analysis")
    if job.status != "done" or not isinstance(analysis, dict):
        raise InvalidInput("job", job_id, msg("a finished video analysis"))
    training_store.record_set_analysis(
        session, user_id=user_id, set_id=set_id, analysis=set_analysis(analysis)
    )
    return job_store.attach_job_to_set(
        session, user_id=user_id, job_id=job_id, set_id=set_id
    )


def report_path(settings: Settings, user_id: int, job_id: int) -> Path:
    """The self-contained HTML report of one job (``services.report``)."""
    return videos_dir(settings, user_id) / f"{job_id}.html"


def _drawn(  # noqa: PLR0913 - one job's inputs and outputs
    settings: Settings,
    store: FileStore,
    job: JobEntry,
    got: VideoAnalysis,
    video: Path,
    context: JobContext,
) -> tuple[dict[str, str | None], list[str]]:
    """Write the annotated video and the HTML report, then publish them in the
    store; returns their keys (paths relative to data_dir on a local store).

    Either may fail (no ffmpeg, undecodable frames) without failing the analysis:
    the failure becomes a warning of the result. A retried job writes the same
    keys again, so each result is stored once.
    """
    keys = {
        "annotated_video": f"videos/{job.user_id}/{job.id}.mp4",
        "report_html": f"videos/{job.user_id}/{job.id}.html",
    }
    written: dict[str, str | None] = {}
    warnings: list[str] = []
    scratch = settings.data_dir / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    for name, key in keys.items():
        context.report(0.82 if name == "annotated_video" else 0.93, _STAGES[name])
        out = scratch / f"{uuid.uuid4().hex}{Path(key).suffix}"
        try:
            with i18n.language(str(job.payload.get("language") or "en")):
                if name == "annotated_video":
                    report_service.write_annotated_video(got, video, out)
                else:
                    report_service.write_report(got, out, video=video)
            store.put(key, out)
        except (AnalysisFailed, InvalidInput) as error:
            written[name] = None
            warnings.append(f"no {name.replace('_', ' ')}: {error.message}")
        else:
            written[name] = key
        finally:
            out.unlink(missing_ok=True)
    return written, warnings


_STAGES = {
    "annotated_video": N_("drawing the annotated video"),
    "report_html": N_("writing the report"),
}


def video_key(settings: Settings, job: JobEntry) -> str:
    """The store key of a job's uploaded video (jobs queued before keys existed
    carry an absolute path under data_dir)."""
    key = job.payload.get("video_key")
    if isinstance(key, str):
        return key
    stored = Path(job.payload["video"])
    if not stored.is_relative_to(settings.data_dir):
        filename = str(job.payload.get("filename") or "video")
        raise InvalidInput("video", filename, msg("a stored upload"))
    return str(stored.relative_to(settings.data_dir))


def _run_analysis(
    settings: Settings,
    db: Database,
    store: FileStore,
    job: JobEntry,
    context: JobContext,
) -> dict[str, Any]:
    key = video_key(settings, job)
    filename = str(job.payload.get("filename") or Path(key).name)
    if not store.exists(key):
        raise InvalidInput("video", filename, msg("a stored upload"))

    def progress(done: int, total: int) -> None:
        share = done / total if total > 0 else 0.0
        context.report(0.05 + 0.75 * min(1.0, share), f"finding the body: frame {done}")

    context.report(0.02, N_("reading the video"))
    with store.local_copy(key) as video:
        check_analysable(video, filename, job.payload.get("duration_s"))
        got = analysis_service.analyse_video(
            video,
            settings=settings,
            exercise=job.payload["exercise"],
            progress=progress,
        )
        # The report and the result name the user's file, not the stored one.
        got = replace(got, series=replace(got.series, source=filename))
        drawn, warnings = _drawn(settings, store, job, got, video, context)
    analysis = got.result.to_dict()
    analysis["warnings"] = [*analysis.get("warnings", []), *warnings]
    set_id = job.payload.get("set_id")
    if isinstance(set_id, int):
        context.report(0.97, N_("saving to your journal"))
        with db.session(write=True) as session:
            training_store.record_set_analysis(
                session,
                user_id=job.user_id,
                set_id=set_id,
                analysis=set_analysis(analysis),
            )
            job_store.attach_job_to_set(
                session, user_id=job.user_id, job_id=job.id, set_id=set_id
            )
            session.commit()
    return {
        "analysis": analysis,
        "exercise": got.exercise,
        **drawn,
        "video_kept": bool(job.payload.get("keep_video")),
        "filename": job.payload.get("filename"),
    }


def _explain(job: JobEntry, message: str) -> str:
    """A job's message as its user reads it: their file name, not the stored one."""
    stored = Path(job.payload["video"])
    return user_words(message, stored, str(job.payload.get("filename") or "video"))


def video_job_kind(
    settings: Settings, db: Database, store: FileStore | None = None
) -> JobKind:
    """The ``analyse-video`` job kind for a job queue (files in ``store``,
    default: the store of ``settings``)."""
    files = store or make_store(settings)

    def run(job: JobEntry, context: JobContext) -> dict[str, Any]:
        return _run_analysis(settings, db, files, job, context)

    def delete_upload(job: JobEntry) -> None:
        if not job.payload.get("keep_video") and job.payload.get("video"):
            try:
                key = video_key(settings, job)
            except InvalidInput:
                return  # nothing of ours to delete
            files.delete(key)

    return JobKind(
        name=ANALYSE_VIDEO,
        run=run,
        cleanup=delete_upload,
        explain=_explain,
        queue="analysis",
    )
