"""Filmed sets: upload a video, watch the analysis progress, read the report.

* ``GET /videos``: the upload form and the analyses so far.
* ``POST /videos``: store the upload and queue its analysis, then the job page. With
  ``X-Requested-With: fetch`` (the page's script) the answer is JSON
  ``{"redirect": url}`` or the error, so the form can show it in place.
* ``GET /videos/{job_id}``: while the job runs, a progress bar polled by htmx
  (``/status`` every second); then the report (``services.report_view``, shared with
  the HTML file): count, one verdict on the set, each rep's descent as a bar against
  the target and close bands, faults and what to do, the annotated video.
* ``GET /videos/last`` and ``/videos/history``: small htmx partials for the
  dashboard (the last report) and the progress page (tempo and faults over time).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.concurrency import run_in_threadpool

from pushback.analysis.faults import FAULTS
from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.i18n import gettext
from pushback.i18n.phrases import error_message
from pushback.jobs.queue import JobEntry
from pushback.render.report_view import report_view
from pushback.services.accounts import Account
from pushback.services.coaching import coach
from pushback.services.coaching import views as web_service
from pushback.services.filming import uploads
from pushback.services.filming.history import video_history
from pushback.services.storage import FileStore
from pushback.services.unit import Work
from pushback.settings import Settings
from pushback.web.deps import (
    CurrentUser,
    SettingsDep,
    StoreDep,
    UploadUser,
    UploadWork,
    WorkDep,
)
from pushback.web.errors import error_body
from pushback.web.jobs import JobsDep
from pushback.web.params import JobId
from pushback.web.templating import render
from pushback.web.video_upload import receive_upload

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _upload_context(
    work: Work, settings: Settings, user: Account, jobs: JobsDep
) -> dict[str, Any]:
    exercises = sorted(coach.list_exercises(category="push"), key=lambda e: e.name)
    recent = web_service.sets_json(work, user, limit=12)["sets"]
    return {
        "exercises": exercises,
        "recent_sets": recent,
        "jobs": jobs.list_for_user(work.session, user_id=user.id, limit=20),
        "max_upload_mb": settings.max_upload_mb,
        "direct_upload": settings.storage == "s3",
        "error": None,
        "values": {},
    }


@router.get("/videos")
def videos_page(
    request: Request,
    work: WorkDep,
    settings: SettingsDep,
    jobs: JobsDep,
    user: CurrentUser,
) -> Response:
    """The upload form and the list of analysed videos."""
    context = _upload_context(work, settings, user, jobs)
    return render(request, "pages/videos.html", context)


@router.post("/videos")
async def upload_page(
    request: Request,
    settings: SettingsDep,
    work: UploadWork,
    jobs: JobsDep,
    user: UploadUser,
) -> Response:
    """Store the video, queue the analysis, go to its page (or show the problem)."""
    by_script = request.headers.get("x-requested-with") == "fetch"
    try:
        job = await receive_upload(request, settings, jobs, work=work, user_id=user.id)
    except InvalidInput as error:
        if by_script:
            body = error_body(error.code, error_message(error), error.field)
            return JSONResponse(body, status_code=422)
        context = await run_in_threadpool(_upload_context, work, settings, user, jobs)
        form = await request.form()
        context.update(
            error=error_message(error), values={"exercise": form.get("exercise")}
        )
        return render(request, "pages/videos.html", context, status_code=422)
    url = f"/videos/{job.id}"
    if by_script:
        return JSONResponse({"redirect": url, "job_id": job.id}, status_code=202)
    return RedirectResponse(url, status_code=303)


def _history_context(work: Work, user_id: int) -> dict[str, Any]:
    history = video_history(work.session, user_id)
    chart = {
        "labels": [item.analysed_at.date().isoformat() for item in history.sets],
        "on_target_pct": [item.on_target_pct for item in history.sets],
        "reps": [item.rep_count for item in history.sets],
    }
    return {
        "history": history,
        "last": history.last,
        "chart": chart,
        "fault_names": {code: fault.title for code, fault in FAULTS.items()},
    }


@router.get("/videos/last")
def last_video_partial(request: Request, work: WorkDep, user: CurrentUser) -> Response:
    """The dashboard card: the newest analysed video (htmx partial)."""
    context = _history_context(work, user.id)
    return render(request, "partials/video_last.html", context)


@router.get("/videos/history")
def video_history_partial(
    request: Request, work: WorkDep, user: CurrentUser
) -> Response:
    """The progress section: tempo compliance and faults over time (htmx partial)."""
    context = _history_context(work, user.id)
    return render(request, "partials/video_history.html", context)


def _percent(job: JobEntry) -> int:
    return round(100 * job.progress)


def _status_context(work: Work, jobs: JobsDep, job: JobEntry) -> dict[str, Any]:
    position = (
        jobs.queue_position(work.session, job.id) if job.status == "queued" else 0
    )
    return {"job": job, "percent": _percent(job), "position": position}


@router.get("/videos/{job_id}")
def video_page(
    request: Request,
    job_id: JobId,
    work: WorkDep,
    store: StoreDep,
    jobs: JobsDep,
    user: CurrentUser,
) -> Response:
    """Progress while the analysis runs; the report once it is done."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    if job.status != "done":
        context = _status_context(work, jobs, job)
        return render(request, "pages/video_job.html", context)
    context = _report_context(store, job)
    context["recent_sets"] = web_service.sets_json(work, user, limit=12)["sets"]
    return render(request, "pages/video_report.html", context)


def _is_file(store: FileStore, key: object) -> bool:
    return isinstance(key, str) and store.exists(key)


def _report_context(store: FileStore, job: JobEntry) -> dict[str, Any]:
    result = job.result or {}
    analysis: dict[str, Any] = result.get("analysis") or {}
    annotated = result.get("annotated_video")
    report_html = result.get("report_html")
    return {
        "job": job,
        "result": result,
        "analysis": analysis,
        "view": report_view(analysis),
        "has_video": _is_file(store, annotated),
        "has_report": _is_file(store, report_html),
    }


@router.get("/videos/{job_id}/status")
def video_status(
    request: Request, job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> Response:
    """The progress bar (htmx polls it); a finished job sends the browser on."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    if job.is_final:
        headers = {"HX-Redirect": f"/videos/{job.id}"}
        return Response(status_code=200, headers=headers)
    context = _status_context(work, jobs, job)
    return render(request, "partials/job_status.html", context)


def _job_file(
    store: FileStore,
    job: JobEntry,
    key: str,
    media_type: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """A result file of the job: from disk (range requests work, so the player
    can seek) or streamed from the bucket through this origin."""
    stored = (job.result or {}).get(key)
    if not isinstance(stored, str) or not store.exists(stored):
        raise NotFound(
            gettext(
                "Job %(id)s has no %(replace)s.",
                id=job.id,
                replace=key.replace("_", " "),
            ),
            field=key,
        )
    path = store.path(stored)
    if path is not None:
        return FileResponse(path, media_type=media_type, headers=headers)
    body = store.open(stored)
    return StreamingResponse(
        iter(lambda: body.read(1 << 20), b""), media_type=media_type, headers=headers
    )


@router.get("/videos/{job_id}/annotated.mp4")
def annotated_video(
    job_id: JobId,
    work: WorkDep,
    store: StoreDep,
    jobs: JobsDep,
    user: CurrentUser,
) -> Response:
    """The annotated H.264 video (range requests work, so the player can seek)."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    return _job_file(store, job, "annotated_video", "video/mp4")


@router.get("/videos/{job_id}/report.html")
def report_file(
    job_id: JobId,
    work: WorkDep,
    store: StoreDep,
    jobs: JobsDep,
    user: CurrentUser,
) -> Response:
    """The one-page report with key frames, to keep or share (self-contained)."""
    job = jobs.get(work.session, user_id=user.id, job_id=job_id)
    name = f"pushback-report-{job.id}.html"
    return _job_file(
        store,
        job,
        "report_html",
        "text/html; charset=utf-8",
        {"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/videos/{job_id}/cancel")
def cancel_video(
    job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> Response:
    """Stop the analysis; the uploaded video is deleted (unless it was kept)."""
    jobs.cancel(work.session, user_id=user.id, job_id=job_id)
    return RedirectResponse(f"/videos/{job_id}", status_code=303)


@router.post("/videos/{job_id}/attach")
async def attach_video(
    request: Request, job_id: JobId, work: WorkDep, jobs: JobsDep, user: CurrentUser
) -> Response:
    """Attach the analysis to one of your logged sets (descents, faults, stop)."""
    await run_in_threadpool(
        lambda: jobs.get(work.session, user_id=user.id, job_id=job_id)
    )  # 404 first
    form = await request.form()
    raw = str(form.get("set_id") or "")
    if not raw.isdigit():
        raise InvalidInput("set_id", raw, msg("the id of one of your logged sets"))
    await run_in_threadpool(
        lambda: uploads.attach_to_set(
            work, user_id=user.id, job_id=job_id, set_id=int(raw)
        )
    )
    return RedirectResponse(f"/videos/{job_id}#attached", status_code=303)
