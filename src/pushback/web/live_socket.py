"""The live camera's WebSocket (``/live/ws``): keypoints in, coaching events out.

Who may connect: a browser with the session cookie *and* an ``Origin`` equal to
this site (a page elsewhere cannot ride on the cookie), or a script with a personal
API token (``?token=`` or ``Authorization: Bearer``). Everything else is accepted
and closed at once with a reason (a refusal before the handshake would carry none).

Limits (:class:`~.filming._live_input.Limits`): message size, frame rate
(token bucket), and at most :attr:`LiveStreams.max_streams` streams open in one
process; a full server closes with 1013 "try again later" and says so. A bad message
closes the stream with 1008 and the reason (:mod:`~.filming._live_input`);
nothing else is affected. Frames are analysed as they come, one at a time: nothing
is queued here (the browser drops a frame when its socket is still busy).

Sets outlive their connection for :data:`KEEP_S`, keyed by the browser's set id, so
a reload continues the same set (:meth:`~.filming.live.LiveSet.attach`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from pushback.domain.errors import CoachError
from pushback.services import accounts
from pushback.services.filming._live_input import Limits, LiveInputError, Message, Pace
from pushback.services.filming._live_input import parse_message as parse
from pushback.services.filming.live import LiveSet
from pushback.web.auth import SESSION_COOKIE, SessionSigner

__all__ = ["KEEP_S", "LiveStreams", "live_socket"]

#: How long a set waits for its browser to come back (reload, tab switch), s.
KEEP_S = 600.0
#: Close codes (RFC 6455): policy violation, not text, try again later.
POLICY, UNSUPPORTED, FULL = 1008, 1003, 1013


@dataclass
class _Kept:
    user_id: int
    live: LiveSet
    seen: float
    owner: int = 0


@dataclass
class LiveStreams:
    """The live sets of one process and how many streams are open."""

    max_streams: int = 16
    limits: Limits = field(default_factory=Limits)
    open_streams: int = 0
    sets: dict[str, _Kept] = field(default_factory=dict)
    _next_owner: int = 0

    def claim(self, set_id: str, user_id: int, message: Message) -> _Kept:
        """The set ``set_id`` of this user (new, or kept from a reload), now owned
        by the caller (an older connection to it stops)."""
        now = time.monotonic()
        for key in [k for k, v in self.sets.items() if now - v.seen > KEEP_S]:
            del self.sets[key]
        key = f"{user_id}:{set_id}"
        kept = self.sets.get(key)
        if kept is None:
            live = LiveSet(
                exercise=message.data["exercise"],
                width=message.data["width"],
                height=message.data["height"],
                limits=self.limits,
            )
            kept = _Kept(user_id, live, now)
            self.sets[key] = kept
        self._next_owner += 1
        kept.owner = self._next_owner
        kept.seen = now
        return kept

    def get(self, user_id: int, set_id: str) -> LiveSet | None:
        """The user's live set ``set_id``, if this process still has it."""
        kept = self.sets.get(f"{user_id}:{set_id}")
        return kept.live if kept is not None else None

    def forget(self, user_id: int, set_id: str) -> None:
        """Drop a saved set."""
        self.sets.pop(f"{user_id}:{set_id}", None)


def _same_origin(websocket: WebSocket) -> bool:
    origin = websocket.headers.get("origin")
    host = websocket.headers.get("host")
    return bool(origin and host and urlsplit(origin).netloc == host)


def _token(websocket: WebSocket) -> str | None:
    header = websocket.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return websocket.query_params.get("token") or None


def _user_id(websocket: WebSocket) -> tuple[int | None, str]:
    """The connecting account's id, or None and why not."""
    state = websocket.app.state.web
    token = _token(websocket)
    with state.journal.work() as work:
        if token is not None:
            account = accounts.account_for_token(work, token)
            return (account.id, "") if account else (None, "unknown or revoked token")
        if not _same_origin(websocket):
            return None, "the page must come from this site (Origin)"
        raw = websocket.cookies.get(SESSION_COOKIE)
        session = SessionSigner(state.settings.secret_key).loads(raw) if raw else None
        if session is None or session.login is None:
            return None, "log in first"
        account = accounts.account_for_login(work, session.login)
        return (account.id, "") if account else (None, "log in again")


async def _send(websocket: WebSocket, events: list[dict[str, Any]]) -> None:
    for event in events:
        await websocket.send_text(json.dumps(event))


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.application_state != WebSocketState.DISCONNECTED:
        await websocket.close(code=code, reason=reason[:120])


async def live_socket(websocket: WebSocket) -> None:
    """The ``/live/ws`` endpoint (see the module docstring)."""
    streams: LiveStreams = websocket.app.state.live
    await websocket.accept()
    user_id, why = _user_id(websocket)
    if user_id is None:
        await _close(websocket, POLICY, f"not allowed: {why}")
        return
    if streams.open_streams >= streams.max_streams:
        await _close(
            websocket,
            FULL,
            "The live coach is busy: too many sets at once. Try again soon.",
        )
        return
    streams.open_streams += 1
    try:
        await _serve(websocket, streams, user_id)
    except WebSocketDisconnect:
        pass
    except LiveInputError as error:
        await _close(websocket, error.close_code, error.reason)
    except CoachError as error:
        await _close(websocket, POLICY, str(error))
    finally:
        streams.open_streams -= 1


async def _receive(websocket: WebSocket) -> str:
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    text = message.get("text")
    if text is None:
        raise LiveInputError("message", "binary", "JSON text", code=UNSUPPORTED)
    return str(text)


async def _serve(websocket: WebSocket, streams: LiveStreams, user_id: int) -> None:
    limits = streams.limits
    first = parse(await _receive(websocket), limits)
    if first.kind != "start":
        raise LiveInputError("type", first.kind, "start as the first message")
    set_id = first.data["set"]
    kept = streams.claim(set_id, user_id, first)
    owner, live = kept.owner, kept.live
    await _send(websocket, live.attach(first))
    pace = Pace(limits)
    while True:
        message = parse(await _receive(websocket), limits)
        if kept.owner != owner:
            await _close(websocket, POLICY, "this set continues in another tab")
            return
        kept.seen = time.monotonic()
        if message.kind == "frame" and message.t_s is not None:
            pace.check(message.t_s)
            events = live.frame(message.t_s, message.points)
        elif message.kind == "pause":
            events = live.pause()
        elif message.kind == "resume":
            events = [live.status()]
        elif message.kind == "end":
            events = live.end()
            events.append({"type": "summary", **_summary(live)})
        else:
            raise LiveInputError("type", message.kind, "frame, pause, resume or end")
        await _send(websocket, events)


def _summary(live: LiveSet) -> dict[str, Any]:
    result = live.result
    if result is None:
        return {"count": 0, "reps": []}
    reps = [
        {
            "index": r.index,
            "descent_s": round(r.descent_s, 2),
            "bottom_pause_s": round(r.bottom_pause_s, 2),
            "ascent_s": None if r.ascent_s is None else round(r.ascent_s, 2),
            "faults": list(r.faults),
        }
        for r in result.reps
    ]
    stop = result.form.stop_at_rep if result.form is not None else None
    return {"count": result.rep_count, "reps": reps, "stop_at_rep": stop}
