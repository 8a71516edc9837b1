"""Web app II in a real browser (Debian's Chromium) on a phone-sized screen.

* A whole guided workout: timed warm-up, metronome, quick logs, rest, cool-down,
  with a reload in the middle, an offline spell (``context.set_offline``) and a
  response lost on the way back: every set is stored exactly once.
* A reload while offline: the service worker (``/sw.js``) serves the cached
  workout page, the queued sets are still there and are sent once when back
  online; logging out empties the worker's private cache.
* A real clip (read in place from the clips folder) uploaded, analysed by the
  background worker and shown as a report with the labelled rep count and the
  annotated video playing.
* Bad uploads (a text file renamed .mp4, a file over ``max_upload_mb``) end on a
  clear message.

The server is a real uvicorn process (its lifespan runs the job worker), started
with ``PUSHBACK_MAX_UPLOAD_MB=1`` so the oversize case needs no huge file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_browser as shared
from tests.e2e._pages import wait_js
from tests.e2e.test_browser import (
    PHONE,
    REPO_ROOT,
    _assess,
    _free_port,
    _no_sideways_scroll,
    _register,
    _shot,
    _wait_until_up,
)

pytestmark = pytest.mark.e2e
#: The web I tests' Chromium fixture (Debian's chromium with the closed-network flags).
browser = shared.browser
#: The upload limit of this server (MB): the P05 clip (0.8 MB) fits, P02 (2.9 MB) not.
UPLOAD_LIMIT_MB = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app in a uvicorn subprocess with a 1 MB upload limit."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("e2e-workout")
    env = {
        **os.environ,
        "PUSHBACK_DATA_DIR": str(data_dir),
        "PUSHBACK_DATABASE_URL": "",
        "PUSHBACK_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB),
    }
    command = [sys.executable, "-m", "uvicorn", "pushback.web.app:app_from_environment",
               "--factory", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _phone(browser: Any, server: str, name: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    _register(page, server, name)
    _assess(page)
    return context, page


def _stage(page: Any) -> dict[str, str]:
    return page.evaluate(
        "({step: document.getElementById('stage').dataset.step,"
        " phase: document.getElementById('stage').dataset.phase})"
    )


def _wait_step(page: Any, index: int) -> None:
    wait_js(page, f"document.getElementById('stage').dataset.step === '{index}'")


def _warm_up(page: Any) -> None:
    """Start the first timed step and watch its countdown run."""
    before = page.locator("#timer").inner_text()
    page.click("#start-timer")
    wait_js(
        page,
        f"document.getElementById('timer').textContent !== '{before}'",
        timeout_s=5,
    )
    page.click("#next-step")


def _metronome(page: Any) -> None:
    """Count down, then run the descent metronome into the bottom phase."""
    assert page.locator("#sync-status").inner_text() == ""  # nothing saved yet
    page.click("#start-set")
    assert page.locator("#timer").inner_text() in ("5", "4")  # get ready first
    assert "get ready" in page.locator("#stage").inner_text().lower()
    assert page.evaluate("window.pushbackWorkout.phase") is None  # no beat yet
    wait_js(page, "window.pushbackWorkout.phase === 'Down'")
    spoken = page.evaluate("window.pushbackWorkout.spoken")
    assert spoken[:1] == ["Get ready"] and spoken[-4:] == ["3", "2", "1", "Go"]
    wait_js(page, "window.pushbackWorkout.phase === 'Bottom'", timeout_s=6)
    assert page.evaluate("window.pushbackWorkout.beeps") >= 4  # start + 3 s of ticks
    assert page.locator("#metronome-phase").inner_text().startswith("Bottom")
    _shot(page, "workout-metronome-phone")
    page.click("#done-set")


def _pending(page: Any) -> int:
    return int(page.locator("#sync-status").get_attribute("data-pending") or "0")


class AnswerLost:
    """A route handler: the set reaches the server, its answer never comes back."""

    def __init__(self) -> None:
        self.requests = 0

    def __call__(self, route: Any) -> None:
        route.fetch()
        route.abort()
        self.requests += 1

    def wait(self, page: Any) -> None:
        for _ in range(200):
            if self.requests:
                return
            page.wait_for_timeout(50)
        raise AssertionError("the set was never sent")


def _log_set(page: Any, reps: int, *, form_broke: bool, pain: str | None) -> None:
    _shot(page, "workout-log-phone")
    target = page.locator("#stage .target").inner_text()
    prefilled = page.locator("#log-amount").input_value()
    assert f"{prefilled} reps" in target or f"{prefilled} per side" in target
    page.fill("#log-amount", str(reps))
    page.fill("#log-rir", "2")
    if form_broke:
        page.check("#log-form-broke")
    if pain:
        page.check("#log-pain")
        page.select_option("#pain-location", pain)
    page.click("#save-set")


def _work_set(page: Any, context: Any, number: int, reps: int, *, last: bool) -> None:
    if number == 0:
        _metronome(page)
    else:
        page.click("#done-set")
    lost = AnswerLost()
    if number == 1:  # the answer is lost: the browser must resend the same key
        page.route("**/api/v1/workout/sets", lost)
    if number == 2:
        context.set_offline(True)
    _log_set(page, reps, form_broke=number == 1, pain="wrist" if number == 3 else None)
    if number == 1:
        lost.wait(page)
        assert _pending(page) == 1  # stored on the server, not yet confirmed here
        page.unroute("**/api/v1/workout/sets")
    if number == 2:
        wait_js(
            page, "document.getElementById('sync-status').dataset.state === 'offline'"
        )
        assert _pending(page) == 1
        context.set_offline(False)
    wait_js(page, "window.pushbackWorkout.queue().length === 0", timeout_s=15)
    if number == 1:  # reload in the middle: the workout resumes where it was
        where = _stage(page)
        page.reload()
        assert _stage(page) == where
    if not last and page.locator("#skip-rest").count():
        assert page.locator("#timer").is_visible()
        _shot(page, "workout-rest-phone")
        page.click("#skip-rest")


def test_a_guided_workout_survives_a_reload_and_an_offline_spell(
    browser: Any, server: str
):
    context, page = _phone(browser, server, "gym-user")
    page.goto(server + "/workout")
    steps = page.evaluate(
        "JSON.parse(document.getElementById('workout-data').textContent).steps"
    )
    work = [i for i, step in enumerate(steps) if step["kind"] == "set"]
    assert len(work) >= 4, "day 1 has at least four work sets"
    assert steps[0]["kind"] == "warm-up" and steps[-1]["kind"] == "cool-down"
    _shot(page, "workout-phone")
    expected = []
    for index, step in enumerate(steps):
        _wait_step(page, index)
        if step["kind"] != "set":
            if index == 0:
                _warm_up(page)
            else:
                page.click("#next-step")
            continue
        assert step["tempo"] in page.locator("#target").inner_text()
        number = work.index(index)
        reps = 6 + number
        expected.append(reps)
        _work_set(page, context, number, reps, last=index == work[-1])
    _no_sideways_scroll(page)
    page.click("#finish-workout")
    wait_js(
        page,
        "document.getElementById('finished-title').textContent === 'Workout saved'",
        timeout_s=15,
    )
    sessions = page.request.get(server + "/api/v1/sessions").json()["sessions"]
    logged = sessions[0]
    assert logged["ended_at"] is not None
    assert [s.get("reps") or s.get("reps_per_side") for s in logged["sets"]] == expected
    assert [s.get("form_broke", False) for s in logged["sets"]][:2] == [False, True]
    assert logged["sets"][3]["pain_location"] == "wrist"
    assert len(sessions) == 1  # one workout, one session
    page.goto(server + "/workout")  # today is done now
    assert page.locator("#no-workout").is_visible()
    context.close()


def _to_first_work_set(page: Any, steps: list[dict[str, Any]]) -> int:
    """Skip the warm-up steps; the index of the first work set."""
    first = next(i for i, step in enumerate(steps) if step["kind"] == "set")
    for index in range(first):
        _wait_step(page, index)
        page.click("#next-step")
    _wait_step(page, first)
    return first


def _offline_log(page: Any, reps: int) -> None:
    page.click("#done-set")
    _log_set(page, reps, form_broke=False, pain=None)
    wait_js(page, "document.getElementById('sync-status').dataset.state === 'offline'")


def _private_cache_keys(page: Any) -> list[str]:
    return list(
        page.evaluate(
            "caches.keys().then(names => Promise.all(names"
            ".filter(name => name.startsWith('pushback-private-'))"
            ".map(name => caches.open(name).then(c => c.keys()))))"
            ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
        )
    )


def test_a_reload_while_offline_opens_the_workout_and_loses_no_set(
    browser: Any, server: str
):
    context, page = _phone(browser, server, "offline-user")
    page.goto(server + "/workout")
    # the service worker is installed and holds this page before the network goes
    wait_js(page, "window.pushbackWorkout.offline === 'ready'", timeout_s=15)
    assert "/workout" in _private_cache_keys(page)
    steps = page.evaluate(
        "JSON.parse(document.getElementById('workout-data').textContent).steps"
    )
    first = _to_first_work_set(page, steps)
    context.set_offline(True)
    _offline_log(page, 7)
    assert _pending(page) == 1
    where = _stage(page)
    page.reload()  # offline: only the service worker's cache can answer
    worker = context.service_workers[0]
    probe = "fetch('/healthz').then(() => 'online', () => 'offline')"
    assert worker.evaluate(probe) == "offline", "the worker's fetches are offline too"
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert _stage(page) == where  # resumed at the rest after the first set
    assert _pending(page) == 1  # the queued set is still there, still waiting
    wait_js(page, "document.getElementById('sync-status').dataset.state === 'offline'")
    assert "1 waiting" in page.locator("#sync-status").inner_text()
    if page.locator("#skip-rest").count():
        page.click("#skip-rest")
    _wait_step(page, first + 1)
    _offline_log(page, 8)
    assert _pending(page) == 2
    context.set_offline(False)
    wait_js(page, "window.pushbackWorkout.queue().length === 0", timeout_s=15)
    sessions = page.request.get(server + "/api/v1/sessions").json()["sessions"]
    assert len(sessions) == 1
    assert [s.get("reps") or s.get("reps_per_side") for s in sessions[0]["sets"]] == [
        7,
        8,
    ], "each set stored exactly once"
    # a shared phone: the private copy goes with the session
    page.click(".tabbar .more summary")  # on a phone, "Log out" is under "More"
    page.click(".more-menu button")
    page.wait_for_url("**/login")
    assert _private_cache_keys(page) == []
    context.close()


def _wait_for_report(page: Any) -> None:
    page.wait_for_url(re.compile(r".*/videos/\d+$"), timeout=60000)
    page.wait_for_selector("#report", timeout=240000)


def test_an_uploaded_clip_ends_on_a_report_with_the_labelled_count(
    browser: Any, server: str, clips_dir: Path, clip_labels: dict[str, Any]
):
    pytest.importorskip("mediapipe")
    context, page = _phone(browser, server, "film-user")
    page.goto(server + "/videos")
    page.set_input_files("#video", str(clips_dir / "P05.mp4"))  # read in place
    page.click("#upload-button")
    page.wait_for_url(re.compile(r".*/videos/\d+$"), timeout=60000)
    assert page.locator("#job-progress").count() == 1  # the progress bar while it runs
    _shot(page, "video-progress-phone")
    _wait_for_report(page)
    expected = clip_labels["P05"]["complete_reps"]
    assert page.locator("#rep-count").inner_text() == str(expected)
    assert page.locator("#reps-table tbody tr").count() == expected
    assert page.locator("#stop-at-rep").is_visible()
    # the server sends each rep's verdict; the page only draws the tempo bars
    assert page.locator("#reps-table .tempo-bar").count() == expected
    verdicts = page.locator("#reps-table tr[data-verdict]").count()
    assert verdicts == expected
    wait_js(
        page,
        "document.getElementById('annotated-video').readyState >= 1",
        timeout_s=20,
    )
    width = page.evaluate("document.getElementById('annotated-video').videoWidth")
    assert width > 0, "the annotated H.264 video plays in the page"
    _no_sideways_scroll(page)
    # No screenshot here: the page shows frames of the shared clip, which carries
    # no licence and must never be copied into the repository.
    page.goto(server + "/progress")
    page.wait_for_selector("#video-history-table", state="attached")
    wait_js(page, "window.pushbackCharts && window.pushbackCharts.filmed")
    page.goto(server + "/")
    page.wait_for_selector("#last-video")
    assert f"{expected} reps" in page.locator("#last-video").inner_text()
    context.close()


def test_bad_uploads_end_on_a_clear_message(
    browser: Any, server: str, clips_dir: Path, tmp_path: Path
):
    context, page = _phone(browser, server, "bad-upload-user")
    page.goto(server + "/videos")
    text = tmp_path / "holiday.mp4"
    text.write_text("This is a shopping list, not a video.\n" * 20)
    page.set_input_files("#video", str(text))
    page.click("#upload-button")
    page.wait_for_selector("#upload-error:not([hidden])")
    assert "not a video inside" in page.locator("#upload-error").inner_text()
    # too large: the page says so before sending anything...
    page.set_input_files("#video", str(clips_dir / "P02.mp4"))  # 2.9 MB > 1 MB
    page.click("#upload-button")
    wait_js(
        page,
        "document.getElementById('upload-error').textContent.includes('too large')",
    )
    # ...and the server refuses it too when the page's check is bypassed
    page.evaluate("document.getElementById('upload-form').dataset.maxMb = '1000'")
    page.evaluate("document.getElementById('upload-error').textContent = ''")
    page.click("#upload-button")
    wait_js(
        page,
        "document.getElementById('upload-error').textContent.includes('limit is 1 MB')",
    )
    assert page.url.endswith("/videos")
    context.close()


def test_pain_mid_workout_swaps_the_rest_of_the_exercise_at_once(
    browser: Any, server: str
):
    context, page = _phone(browser, server, "sore-wrist")
    page.goto(server + "/workout")
    steps = page.evaluate(
        "JSON.parse(document.getElementById('workout-data').textContent).steps"
    )
    first = _to_first_work_set(page, steps)
    name = steps[first]["name"]
    assert steps[first + 1]["name"] == name  # its second set comes next
    page.click("#done-set")
    page.fill("#log-amount", "4")
    page.check("#log-pain")
    page.select_option("#pain-location", "wrist")
    page.click("#save-set")
    wait_js(page, "window.pushbackWorkout.queue().length === 0", timeout_s=15)
    wait_js(page, "window.pushbackWorkout.painChanges.length > 0", timeout_s=15)
    if page.locator("#skip-rest").count():
        page.click("#skip-rest")
    _wait_step(page, first + 1)
    stage = page.locator("#stage").inner_text()
    assert name not in page.locator(".step-name").inner_text()  # swapped at once
    assert page.locator("#replaces").inner_text() == f"Instead of {name}."
    assert "wrist" in page.locator("#pain-changes").inner_text()
    assert "set 2 of" in stage.lower()
    page.reload()  # the server derives the same workout from the journal
    _wait_step(page, first + 1)
    assert page.locator("#replaces").is_visible()
    _no_sideways_scroll(page)
    context.close()
