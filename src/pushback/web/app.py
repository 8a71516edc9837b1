"""The FastAPI application factory: ``create_app(settings)``.

Nothing is built at import time: each call makes its own journal connection pool,
rate limiter and templates from the ``Settings`` it is given, so tests run many
apps side by side. An SQLite journal is brought up to date on creation (the same
``ensure_current`` the CLI uses on first run); a PostgreSQL one must already be
current (``pushback db upgrade`` is the release step), or the app refuses to start.

Routes: pages (HTML, htmx) at ``/``, the REST API under ``/api/v1`` with OpenAPI docs
at ``/docs``, our CSS/JS at ``/static`` and the pinned vendor files (htmx, Chart.js
from the repo's ``node_modules``) at ``/static/vendor/NAME``, the offline service
worker at ``/sw.js`` (``web/offline.py``); ``/healthz`` answers
``{"status": "ok"}`` without touching the database (load-test baseline).
The app's lifespan runs the background job worker (``web/jobs.py``).
"""

from __future__ import annotations

import gc
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import WebSocketRoute

from pushback import __version__
from pushback.jobs.engine import check_external
from pushback.services.login_limits import LoginLimits
from pushback.services.storage import FileStore, make_store
from pushback.services.training import journal as journal_service
from pushback.settings import Settings
from pushback.web import api, pages
from pushback.web.api.docs import docs_context
from pushback.web.assets import find_vendor_files
from pushback.web.auth import (
    LoginRateLimiter,
    SessionMiddleware,
    SessionSigner,
    verify_csrf,
)
from pushback.web.deps import WebState
from pushback.web.errors import install_error_handlers
from pushback.web.jobs import jobs_lifespan, make_job_queue
from pushback.web.language import LanguageMiddleware
from pushback.web.live_socket import LiveStreams, live_socket
from pushback.web.offline import SERVICE_WORKER_URL, service_worker_route
from pushback.web.security import SecurityHeadersMiddleware
from pushback.web.templating import make_templates, render

__all__ = ["app_from_environment", "create_app"]

_STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Vendor files never change for a pinned version: let browsers keep them a day.
_VENDOR_CACHE = "public, max-age=86400"

_DESCRIPTION = """\
The pushback REST API. Every resource returns the same JSON as the matching
CLI `--json` output (e.g. `GET /api/v1/plan` = `pushback plan --json`).

Authenticate scripts with a personal token made on the Settings page:
`Authorization: Bearer pbk_...`. Errors always have the shape
`{"error": {"code", "message", "field"}}`.
"""


def create_app(settings: Settings) -> FastAPI:
    """Build the web app for ``settings`` (see the module docstring)."""
    vendor_files = find_vendor_files()
    check_external(settings)
    journal = journal_service.open_journal(settings, shared=True)
    store = make_store(settings)
    app = FastAPI(
        title="pushback",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,  # Swagger UI loads from a CDN; /docs is rendered here instead
        redoc_url=None,
        dependencies=[Depends(verify_csrf)],
        lifespan=jobs_lifespan,
    )
    app.state.web = WebState(
        settings=settings,
        journal=journal,
        rate_limiter=LoginRateLimiter(LoginLimits(journal.db)),
        store=store,
    )
    app.state.jobs = make_job_queue(settings, journal.db, store)
    app.state.templates = make_templates()
    app.state.live = LiveStreams()
    app.add_middleware(
        SessionMiddleware,
        signer=SessionSigner(settings.secret_key),
        secure=settings.environment == "production",
    )
    app.add_middleware(
        SecurityHeadersMiddleware,
        hsts=settings.environment == "production",
        upload_origin=_upload_origin(store),
    )
    # Outermost of ours: error pages and 401/403 answers speak the language too.
    app.add_middleware(LanguageMiddleware)
    install_error_handlers(app)
    _add_static(app, vendor_files)
    app.add_api_route("/healthz", _healthz, methods=["GET"], tags=["health"])
    app.add_api_route("/docs", _api_docs, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/manifest.webmanifest", _manifest, methods=["GET"], include_in_schema=False
    )
    app.include_router(api.router)
    app.include_router(pages.router)
    app.router.routes.append(WebSocketRoute("/live/ws", live_socket))
    return app


def _upload_origin(store: FileStore) -> str:
    """The origin browsers upload videos to, when it is not this site (a bucket):
    read off a presigned URL (made locally, no request)."""
    presigned = store.presign_put("uploads/0/incoming/origin", "video/mp4")
    if presigned is None:
        return ""
    url = urlsplit(presigned["url"])
    return f"{url.scheme}://{url.netloc}"


async def _healthz() -> dict[str, str]:
    """Liveness: the process answers (no database round trip)."""
    return {"status": "ok"}


async def _manifest() -> FileResponse:
    """The web app manifest (install to the home screen)."""
    return FileResponse(
        _STATIC_DIR / "manifest.webmanifest", media_type="application/manifest+json"
    )


def _api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema without CDN assets."""
    return render(request, "api_docs.html", docs_context(request.app.openapi()))


def _add_static(app: FastAPI, vendor_files: dict[str, Path]) -> None:
    def vendor_file(name: str) -> FileResponse:
        path = vendor_files.get(name)
        if path is None:
            raise HTTPException(
                status_code=404, detail=f"No vendor file named {name!r}."
            )
        return FileResponse(path, headers={"Cache-Control": _VENDOR_CACHE})

    app.add_api_route(
        "/static/vendor/{name}", vendor_file, methods=["GET"], include_in_schema=False
    )
    app.add_api_route(
        SERVICE_WORKER_URL,
        service_worker_route(_STATIC_DIR, vendor_files),
        methods=["GET"],
        include_in_schema=False,
    )
    app.mount("/static", StaticFiles(directory=_STATIC_DIR), name="static")


def app_from_environment() -> FastAPI:
    """``create_app(Settings())``: the factory ``pushback serve`` hands to uvicorn.

    The objects made so far (modules, the app, templates: about 180,000) are then
    moved out of the garbage collector's sight (``gc.freeze``): they live as long as
    the process, and a full collection that walks them took 86 ms, stalling every
    request in flight. In ``bench web`` (PostgreSQL, one process, four 15 s
    windows each way) the median p95 went from 75 to 56 ms for the dashboard, 59 to
    47 for the plan page and 69 to 54 for set logging.
    """
    app = create_app(Settings())
    gc.collect()
    gc.freeze()
    return app
