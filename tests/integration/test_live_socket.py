"""The live coach's WebSocket (issue 13): who may connect, what closes a stream, limits.

Every refused stream is closed with a reason, and a good stream opened afterwards on
the same app still works: one bad client never affects the others.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from pushback.services.filming._live_input import FLAT_LENGTH, Limits
from tests.integration._web_client import (
    TestClient,
    make_client,
    register,
    web_settings,
)

ORIGIN = {"origin": "http://testserver"}
START = {"type": "start", "set": "set-00000001", "width": 640, "height": 480}
#: A person in a side-view plank, normalised (enough for the framing check to run).
POINTS = [0.5, 0.5, 0.0, 0.9] * 33


def _closed(ws: Any) -> tuple[int, str]:
    """Read until the server closes; the close code and reason."""
    while True:
        try:
            ws.receive_text()
        except WebSocketDisconnect as closed:
            return closed.code, closed.reason


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "live")
    return client


def _good_stream_works(client: TestClient) -> None:
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_text(json.dumps(START | {"set": "set-good-0001"}))
        first = json.loads(ws.receive_text())
        assert first["type"] == "status" and first["state"] == "framing"


def test_a_stream_needs_a_login(tmp_path: Path) -> None:
    client = make_client(web_settings(tmp_path))
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        code, reason = _closed(ws)
    assert code == 1008 and "log in" in reason


def test_a_stream_from_another_site_is_refused(client: TestClient) -> None:
    with client.websocket_connect(
        "/live/ws", headers={"origin": "https://evil.example"}
    ) as ws:
        code, reason = _closed(ws)
    assert code == 1008 and "Origin" in reason
    _good_stream_works(client)


def test_a_bad_token_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/live/ws?token=pbk_nothing") as ws:
        code, reason = _closed(ws)
    assert code == 1008 and "token" in reason


def _frame(t: Any, points: Any = POINTS) -> str:
    return json.dumps({"type": "frame", "t": t, "p": points})


BAD_MESSAGES = {
    "not JSON": ("{frame", 1008, "JSON"),
    "a list": ("[1, 2]", 1008, "JSON object"),
    "unknown type": (json.dumps({"type": "jump"}), 1008, "type"),
    "short array": (_frame(1.0, [0.5] * 10), 1008, f"{FLAT_LENGTH} numbers"),
    "strings": (_frame(1.0, ["a"] * FLAT_LENGTH), 1008, "numbers"),
    "NaN point": (_frame(1.0, [math.nan] * FLAT_LENGTH), 1008, "finite"),
    "infinite time": (_frame(math.inf), 1008, "finite"),
    "time as text": (_frame("soon"), 1008, "number"),
    "far-off point": (_frame(1.0, [50.0] * FLAT_LENGTH), 1008, "coordinates"),
    "huge array": (_frame(1.0, [0.5] * 100_000), 1009, "at most"),
}


@pytest.mark.parametrize("case", sorted(BAD_MESSAGES))
def test_malformed_input_closes_the_stream_with_a_reason(
    client: TestClient, case: str
) -> None:
    text, expected_code, words = BAD_MESSAGES[case]
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_text(json.dumps(START))
        ws.send_text(_frame(0.5))
        ws.send_text(text)
        code, reason = _closed(ws)
    assert code == expected_code, reason
    assert words in reason
    _good_stream_works(client)


def test_out_of_order_times_close_the_stream(client: TestClient) -> None:
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_text(json.dumps(START))
        ws.send_text(_frame(2.0))
        ws.send_text(_frame(1.0))
        code, reason = _closed(ws)
    assert code == 1008 and "a time after 2.000 s" in reason


def test_binary_and_a_missing_start_are_refused(client: TestClient) -> None:
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_bytes(b"\x00\x01")
        code, reason = _closed(ws)
    assert code == 1003 and "JSON text" in reason
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_text(_frame(1.0))
        code, reason = _closed(ws)
    assert code == 1008 and "start as the first message" in reason


def test_a_flood_of_frames_closes_the_stream(client: TestClient) -> None:
    client.app.state.live.limits = Limits(max_rate_hz=30, burst=20)
    with client.websocket_connect("/live/ws", headers=ORIGIN) as ws:
        ws.send_text(json.dumps(START))
        for i in range(200):
            ws.send_text(_frame(i / 1000))
        code, reason = _closed(ws)
    assert code == 1008 and "at most 30 a second" in reason
    _good_stream_works(client)


def test_a_full_server_says_so(client: TestClient) -> None:
    client.app.state.live.max_streams = 1
    with client.websocket_connect("/live/ws", headers=ORIGIN) as first:
        first.send_text(json.dumps(START))
        assert json.loads(first.receive_text())["type"] == "status"
        with client.websocket_connect("/live/ws", headers=ORIGIN) as second:
            code, reason = _closed(second)
        assert code == 1013 and "too many sets at once" in reason
    _good_stream_works(client)
