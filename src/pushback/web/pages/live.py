"""Live camera coaching (``/live``): the phone counts and coaches the set as it happens.

The page runs the pose model in the browser (``static/live.js`` with the
``@mediapipe/pose`` files served from ``/static/vendor/``: nothing comes from
elsewhere, the video never leaves the phone) and sends only keypoints to the
WebSocket ``/live/ws`` (:mod:`pushback.web.live_socket`). Its Content-Security-Policy
allows WebAssembly (``allow_wasm``), nothing more.

``POST /live/sets`` saves the set with the count the person confirmed or corrected,
and the live analysis when this process still has it
(:func:`pushback.services.filming.live_log.log_live_set`).

Contract (kept stable, tests and other tools rely on it): a start button with
``data-live-start``, ``data-live-count`` whose text is the integer count, and
``data-live-status`` describing the state in words.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool

from pushback import i18n
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.translations import localized_catalog
from pushback.services.filming import live_log
from pushback.services.filming.analysis import prescribed_descent
from pushback.services.filming.live import live_result_dict
from pushback.web.api.schemas.workout import GuidedSetIn
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.live_socket import LiveStreams
from pushback.web.security import allow_wasm
from pushback.web.templating import render

__all__ = ["LiveSetIn", "router"]

router = APIRouter(include_in_schema=False)


class LiveSetIn(GuidedSetIn):
    """A set counted live: the guided set's fields plus the live set's id."""

    live_set: str | None = Field(default=None, min_length=8, max_length=64)

    def data(self) -> dict[str, Any]:
        """The set's fields for the journal."""
        return self.model_dump(
            exclude_none=True, exclude={"client_key", "logged_at", "live_set"}
        )


def _choices() -> list[dict[str, Any]]:
    """Every catalog exercise, named in the page's language (in the English
    alphabetical order, which keeps the variations of one exercise together)."""
    english = load_catalog()
    local = localized_catalog(i18n.current_language()).exercises
    return [
        {"slug": e.slug, "name": local[e.slug].name, "tempo": e.tempo or "3-1-1-0"}
        for e in sorted(english.exercises.values(), key=lambda e: e.name.lower())
    ]


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) <= 4 else None


@router.get("/live")
def live_page(request: Request, user: CurrentUser) -> Response:
    """The live coach: a free set of any catalog exercise (push-up by default), or
    one set of the guided workout (``?exercise=&reps=&step=``)."""
    choices = _choices()
    slugs = {c["slug"] for c in choices}
    wanted = request.query_params.get("exercise", "push-up")
    exercise = wanted if wanted in slugs else "push-up"
    descent_s, _ = prescribed_descent(exercise)
    allow_wasm(request)
    context = {
        "choices": choices,
        "exercise": exercise,
        "target_reps": _int_param(request, "reps"),
        "step": _int_param(request, "step"),
        "descent_s": descent_s,
        "user_name": user.name,
    }
    return render(request, "pages/live.html", context)


async def _body(request: Request) -> LiveSetIn:
    """The JSON body, checked; a refusal names the field, never echoes the input."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith("application/json"):
        raise InvalidInput(
            "body", kind or "none", msg("a JSON body (application/json)")
        )
    try:
        return LiveSetIn.model_validate_json(await request.body())
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidInput(where, "this value", str(first["msg"]).lower()) from None


@router.post("/live/sets", status_code=201)
async def save_live_set(
    request: Request, response: Response, work: WorkDep, user: CurrentUser
) -> dict[str, Any]:
    """Log the set (once per ``client_key``) with its live analysis when known."""
    body = await _body(request)
    streams: LiveStreams = request.app.state.live
    live = streams.get(user.id, body.live_set) if body.live_set else None
    analysis = None
    if live is not None:
        if live.state != "ended":
            live.end()
        analysis = live_result_dict(live)

    def save() -> Any:
        return live_log.log_live_set(
            work,
            user,
            client_key=body.client_key,
            data=body.data(),
            analysis=analysis,
            logged_at=body.logged_at,
        )

    stored = await run_in_threadpool(save)
    if body.live_set:
        streams.forget(user.id, body.live_set)
    response.status_code = 201 if stored.created else 200
    out: dict[str, Any] = stored.to_dict()
    out["camera_counted"] = analysis is not None
    return out
