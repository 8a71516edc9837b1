"""The live coach in a real browser (Debian's Chromium) with its fake camera.

The fake camera plays a .y4m made at test time with ffmpeg from a labelled clip
(``tests/_live_clips.fake_camera_video``: small, 15 frames/s, the start position held
first and the last frame held at the end), written to a temporary folder and never
committed. The pose model is the real one, loaded from this server.

What runs here: the page's contract (``data-live-start``, ``data-live-count``,
``data-live-status``) and its privacy sentence; the camera's frames turned into
keypoints in the page and sent over the WebSocket, with no request leaving the
origin; a reload in the middle of a set continuing the same set; two people side by
side (ffmpeg ``hstack``); and the offline case, where the metronome and manual
logging still work and the set is sent once the connection is back.

What does not: counting a whole clip in the browser. Chromium here has no GPU, so
the pose model runs on software WebGL at about one frame every 1-2 s on this shared
2-core machine, too slow to see a rep (a phone runs it at 20-30 frames/s). The count
on the labelled clips is checked through the same socket with the same model's
keypoints in ``tests/integration/test_live_clips.py`` and over every counting clip in
``python -m bench live``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._live_clips import REPRESENTATIVE, fake_camera_video, start_s
from tests.e2e._pages import wait_js
from tests.e2e.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    _assess,
    _register,
    _watch,
    server,
)

pytestmark = pytest.mark.e2e
__all__ = ["server"]

FAKE_CAMERA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


def _browser(video: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                *FAKE_CAMERA,
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def side_video(
    tmp_path_factory: pytest.TempPathFactory,
    clips_dir: Path,
    clip_labels: dict[str, Any],
) -> Path:
    """The side-view clip as a fake camera file (made once for the module)."""
    clip_id = REPRESENTATIVE["side"]
    label = clip_labels[clip_id]
    out = tmp_path_factory.mktemp("live-camera") / f"{clip_id}.y4m"
    return fake_camera_video(clips_dir / label["file"], out, start=start_s(label))


@pytest.fixture
def camera(side_video: Path) -> Iterator[Any]:
    """A browser whose camera films the side-view clip (the camera file is a launch
    flag, so each test that films another clip starts its own browser)."""
    yield from _browser(side_video)


def _outside(page: Any, server: str) -> list[str]:
    """Every request of the page to another origin (filled as the page runs)."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((server, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    return outside


def _live_page(browser: Any, server: str, name: str, assess: bool = False) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    _register(page, server, name)
    if assess:
        _assess(page, f"live-{name}")
    return page


def test_the_camera_streams_keypoints_and_nothing_leaves_the_origin(
    camera: Any, server: str
) -> None:
    page = _live_page(camera, server, "livecam")
    outside = _outside(page, server)
    problems = _watch(page)
    models: list[str] = []
    page.on("request", lambda r: models.append(r.url) if ".tflite" in r.url else None)
    page.goto(server + "/live")
    assert page.locator("[data-live-count]").inner_text() == "0"
    assert "Press start" in page.locator("[data-live-status]").inner_text()
    assert "only the positions of 33 body points" in page.inner_text("#live-privacy")
    page.click("[data-live-start]")
    wait_js(page, "window.pushbackLive.sent >= 3", timeout_s=150)
    status = page.locator("[data-live-status]").inner_text()
    assert status and "Press start" not in status
    assert page.evaluate("window.pushbackLive.events.some(e => e.type === 'status')")
    assert models == [server + "/static/vendor/pose_landmark_full.tflite"]
    assert outside == []
    assert problems == []
    page.context.close()


def test_a_reload_mid_set_continues_the_same_set(camera: Any, server: str) -> None:
    page = _live_page(camera, server, "livereload")
    page.goto(server + "/live")
    page.click("[data-live-start]")
    wait_js(page, "window.pushbackLive.sent >= 2", timeout_s=150)
    key = "pushback.live.set.livereload"
    before = page.evaluate(f"JSON.parse(sessionStorage.getItem('{key}')).id")
    page.reload()
    # The page starts again by itself and the server answers with the kept count.
    wait_js(page, "window.pushbackLive.events.some(e => e.type === 'count')", 150)
    after = page.evaluate(f"JSON.parse(sessionStorage.getItem('{key}')).id")
    assert after == before
    assert page.evaluate("window.pushbackLive.state") in (
        "paused",
        "framing",
        "counting",
    )
    page.context.close()


def test_offline_the_metronome_and_manual_logging_still_work(
    camera: Any, server: str
) -> None:
    page = _live_page(camera, server, "liveoffline", assess=True)
    page.goto(server + "/live")
    page.context.set_offline(True)
    page.click("[data-live-start]")
    assert "needs the connection" in page.inner_text("#live-offline")
    assert page.locator("#live-metronome").is_visible()
    page.fill("#live-reps", "9")
    page.click("#live-save")
    # The save fails over the network first, then queues the set: wait for it.
    page.locator("#live-saved", has_text="sent when you are back online").wait_for(
        timeout=15_000
    )
    page.context.set_offline(False)
    page.goto(server + "/workout")  # the workout's queue sends the set
    wait_js(
        page, "window.pushbackWorkout && window.pushbackWorkout.queue().length === 0"
    )
    sessions = page.evaluate("fetch('/api/v1/sessions').then(r => r.json())")[
        "sessions"
    ]
    assert [s["reps"] for s in sessions[0]["sets"]] == [9]
    page.context.close()


def test_two_people_side_by_side_still_stream(
    tmp_path: Path, server: str, clips_dir: Path, clip_labels: dict[str, Any]
) -> None:
    side, front = REPRESENTATIVE["side"], REPRESENTATIVE["front"]
    out = tmp_path / "two.y4m"
    fake_camera_video(
        clips_dir / clip_labels[side]["file"],
        out,
        start=start_s(clip_labels[side]),
        second=clips_dir / clip_labels[front]["file"],
    )
    for browser in _browser(out):
        page = _live_page(browser, server, "livetwo")
        outside = _outside(page, server)
        page.goto(server + "/live")
        page.click("[data-live-start]")
        wait_js(page, "window.pushbackLive.sent >= 3", timeout_s=150)
        assert page.locator("[data-live-status]").inner_text()
        assert outside == []
        page.context.close()


def test_a_workout_set_filmed_live_counts_as_that_set(camera: Any, server: str) -> None:
    page = _live_page(camera, server, "liveworkout", assess=True)
    page.goto(server + "/workout")
    for _ in range(12):  # past the warm-up to the first set with reps
        if page.locator("#film-live").count():
            break
        page.click("#next-step")
    step = page.evaluate("window.pushbackWorkout.state().step")
    link = page.locator("#film-live")
    assert link.inner_text() == "Film this set live"
    assert f"&step={step}" in link.get_attribute("href")
    link.click()
    page.wait_for_url("**/live?*")
    assert "set of today's workout" in page.inner_text("#live").lower()
    assert page.inner_text("#live-target").startswith("Target: ")
    assert not page.locator("#live-end").is_visible()  # until the camera runs
    # Offline here, so the set is logged by hand and sent later: no camera needed.
    page.context.set_offline(True)
    page.click("[data-live-start]")
    page.fill("#live-reps", "7")
    page.click("#live-save")
    page.context.set_offline(False)
    page.goto(server + "/workout")
    wait_js(page, "window.pushbackWorkout.queue().length === 0")
    state = page.evaluate("window.pushbackWorkout.state()")
    assert [(e["step"], e["amount"]) for e in state["entries"]] == [(step, 7)]
    assert state["phase"] == "rest" or state["step"] == step + 1
    page.context.close()
