"""Web app II through the real app (TestClient): guided workout API, uploads, reports.

The job worker thread is not started here (no lifespan); tests run the queued jobs
with ``app.state.jobs.run_pending()`` at the point a worker would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pushback.services import accounts
from pushback.settings import Settings
from pushback.web import offline
from tests._units import in_unit, submit_job
from tests.integration._web_client import (
    ASSESSMENT,
    PASSWORD,
    TestClient,
    csrf_token,
    make_client,
    register,
    web_settings,
)


def _user(settings: Settings, name: str = "ann", client: Any = None) -> TestClient:
    client = client or make_client(settings)
    register(client, settings, name)
    response = client.post(
        "/api/v1/assessment", json=ASSESSMENT, headers=_csrf(client, settings)
    )
    assert response.status_code == 201, response.text
    return client


def _csrf(client: TestClient, settings: Settings) -> dict[str, str]:
    return {"X-CSRF-Token": csrf_token(client, settings)}


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return web_settings(tmp_path, database_url)


def _steps(client: TestClient) -> list[dict[str, Any]]:
    page = client.get("/workout")
    assert page.status_code == 200
    raw = page.text.split('id="workout-data">')[1].split("</script>")[0]
    steps: list[dict[str, Any]] = json.loads(raw)["steps"]
    assert steps == client.get("/api/v1/workout").json()["steps"]
    return steps


def test_the_workout_page_carries_todays_steps(settings: Settings):
    client = _user(settings)
    steps = _steps(client)
    assert steps[0]["kind"] == "warm-up" and steps[-1]["kind"] == "cool-down"
    work = [s for s in steps if s["kind"] == "set"]
    assert work and all(s["tempo"] for s in work if not s["timed"])
    assert "/static/workout.js" in client.get("/workout").text


def test_the_workout_page_sends_a_new_account_to_the_assessment(settings: Settings):
    client = make_client(settings)
    register(client, settings, "newbie")
    response = client.get("/workout")
    assert response.status_code == 303 and response.headers["location"] == "/onboarding"


def test_a_set_sent_twice_with_one_key_is_stored_once(settings: Settings):
    client = _user(settings)
    slug = next(s for s in _steps(client) if s["kind"] == "set")["slug"]
    body = {"client_key": "c0ffee-1", "exercise": slug, "reps": 8, "rir": 2}
    first = client.post(
        "/api/v1/workout/sets", json=body, headers=_csrf(client, settings)
    )
    again = client.post(
        "/api/v1/workout/sets", json=body, headers=_csrf(client, settings)
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["set"]["id"] == again.json()["set"]["id"]
    done = client.post(
        "/api/v1/workout/finish", json={}, headers=_csrf(client, settings)
    )
    assert done.status_code == 200 and done.json()["already_finished"] is False
    (session, *_) = client.get("/api/v1/sessions").json()["sessions"]
    assert [s["reps"] for s in session["sets"]] == [8]
    assert session["ended_at"] is not None


def test_a_bad_set_is_refused_with_the_field_named(settings: Settings):
    client = _user(settings)
    body = {"client_key": "k", "exercise": "push-up", "reps": 8, "rir": 42}
    response = client.post(
        "/api/v1/workout/sets", json=body, headers=_csrf(client, settings)
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "set.rir"


def _upload(
    client: TestClient,
    settings: Settings,
    content: bytes,
    *,
    name: str = "set.mp4",
    by_script: bool = False,
    **fields: str,
) -> Any:
    headers = _csrf(client, settings)
    if by_script:
        headers["X-Requested-With"] = "fetch"
    return client.post(
        "/videos",
        files={"video": (name, content, "video/mp4")},
        data=fields,
        headers=headers,
    )


def test_a_text_file_renamed_mp4_gets_a_clear_message(settings: Settings):
    client = _user(settings)
    page = _upload(client, settings, b"just some notes\n" * 50, name="notes.mp4")
    assert page.status_code == 422
    assert "not a video inside" in page.text and 'id="upload-form"' in page.text
    json_answer = _upload(client, settings, b"plain text\n", by_script=True)
    assert json_answer.status_code == 422
    assert json_answer.json()["error"]["field"] == "video"


def test_an_oversize_upload_is_refused_before_it_is_read(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data", database_url=None, max_upload_mb=1)
    client = _user(settings)
    response = _upload(client, settings, b"\x00" * (2 * 1024 * 1024), by_script=True)
    assert response.status_code == 422
    assert "limit is 1 MB" in response.json()["error"]["message"]
    assert not any((settings.data_dir / "uploads").rglob("*"))


def test_an_upload_with_an_unknown_exercise_is_refused(settings: Settings):
    client = _user(settings)
    response = _upload(client, settings, b"x", by_script=True, exercise="pushup")
    assert response.status_code == 422


@pytest.mark.clips
@pytest.mark.vision
def test_an_uploaded_clip_ends_on_its_report(
    settings: Settings, clips_dir: Path, clip_labels: dict[str, Any]
):
    pytest.importorskip("mediapipe")
    client = _user(settings)
    clip = (clips_dir / "P11.mp4").read_bytes()
    response = _upload(client, settings, clip, name="P11.mp4")
    assert response.status_code == 303
    url = response.headers["location"]
    job_id = int(url.rsplit("/", 1)[1])
    waiting = client.get(url)
    assert (
        'id="job-progress"' in waiting.text and 'hx-trigger="every 1s"' in waiting.text
    )
    assert client.get(f"/api/v1/jobs/{job_id}").json()["status"] == "queued"
    assert client.app.state.jobs.run_pending() == 1  # type: ignore[attr-defined]
    status = client.get(f"{url}/status", headers={"HX-Request": "true"})
    assert status.headers["HX-Redirect"] == url
    report = client.get(url)
    expected = clip_labels["P11"]["complete_reps"]
    assert f'id="rep-count">{expected}<' in report.text
    assert report.text.count("<tr") - 1 == expected  # per-rep table rows
    # every rep carries its verdict (computed on the server) and a tempo bar
    assert report.text.count('class="tempo-bar"') == expected
    assert report.text.count("data-verdict=") == expected
    assert 'id="feedback"' in report.text
    video = client.get(f"{url}/annotated.mp4", headers={"Range": "bytes=0-99"})
    assert video.status_code == 206 and video.headers["content-type"] == "video/mp4"
    assert client.get(f"{url}/report.html").text.startswith("<!")
    api = client.get(f"/api/v1/jobs/{job_id}").json()
    assert (
        api["status"] == "done" and api["result"]["analysis"]["rep_count"] == expected
    )
    assert str(job_id) in client.get("/videos/last").text
    assert "video-history-table" in client.get("/videos/history").text


def test_another_account_cannot_see_or_cancel_a_job(settings: Settings):
    owner = _user(settings, "ann")
    stranger = _user(settings, "bob")
    state = owner.app.state  # type: ignore[attr-defined]
    journal = state.web.journal
    ann_id = in_unit(journal, lambda w: accounts.authenticate(w, "ann", PASSWORD)).id
    payload = {"video": "/nonexistent.mp4", "exercise": "push-up", "set_id": None}
    job = submit_job(journal, state.jobs, user_id=ann_id, payload=payload)
    assert owner.get(f"/videos/{job.id}").status_code == 200
    for path in (f"/videos/{job.id}", f"/api/v1/jobs/{job.id}"):
        assert stranger.get(path).status_code == 404
    refused = stranger.post(
        f"/api/v1/jobs/{job.id}/cancel", headers=_csrf(stranger, settings)
    )
    assert refused.status_code == 404
    cancelled = owner.post(
        f"/api/v1/jobs/{job.id}/cancel", headers=_csrf(owner, settings)
    )
    assert cancelled.json()["status"] == "cancelled"


def _worker_build(source: str) -> dict[str, Any]:
    first, _, rest = source.partition("\n")
    assert first.startswith("var pushbackBuild = ") and "self.addEventListener" in rest
    build: dict[str, Any] = json.loads(first.removeprefix("var pushbackBuild = ")[:-1])
    return build


def test_the_service_worker_is_served_from_the_root_with_assets_that_exist(
    tmp_path: Path,
):
    client = make_client(web_settings(tmp_path))
    response = client.get("/sw.js")  # no session needed: it holds no private data
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    build = _worker_build(response.text)
    assert {"/static/workout.js", "/static/vendor/htmx.min.js"} <= set(build["assets"])
    assert "/static/sw.js" not in build["assets"]
    for url in build["assets"]:  # one missing file would fail the worker's install
        assert client.get(url).status_code == 200, url


def test_the_service_worker_version_follows_the_static_files(tmp_path: Path):
    static = Path(offline.__file__).parent / "static"
    copy = tmp_path / "static"
    copy.mkdir()
    (copy / "sw.js").write_text((static / "sw.js").read_text())
    (copy / "app.css").write_text("body { color: black; }")
    before = _worker_build(offline.service_worker_source(copy, {}))
    assert before["assets"] == ["/static/app.css"]
    assert _worker_build(offline.service_worker_source(copy, {})) == before
    (copy / "app.css").write_text("body { color: red; }")
    after = _worker_build(offline.service_worker_source(copy, {}))
    assert after["version"] != before["version"]  # a new worker drops the old caches


def _log(client: TestClient, settings: Settings, key: str, **fields: Any) -> Any:
    body = {"client_key": key, **fields}
    response = client.post(
        "/api/v1/workout/sets", json=body, headers=_csrf(client, settings)
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_pain_mid_workout_changes_the_rest_of_it_at_once(settings: Settings):
    client = _user(settings)
    before = _steps(client)
    first = next(s for s in before if s["kind"] == "set" and not s["timed"])
    plain = _log(client, settings, "k-1", exercise=first["slug"], reps=5, rir=2)
    assert "workout" not in plain  # no pain: nothing to change
    hurt = _log(
        client,
        settings,
        "k-2",
        exercise=first["slug"],
        reps=4,
        rir=2,
        pain=True,
        pain_location="wrist",
    )
    after = hurt["workout"]["steps"]
    assert len(after) == len(before)  # steps keep their places
    assert hurt["workout"]["pain_changes"], "the reason is given"
    assert "wrist" in hurt["workout"]["pain_changes"][0]
    touched = [
        (old, new)
        for old, new in zip(before, after, strict=True)
        if old["slug"] == first["slug"]
    ]
    assert touched and all(
        new.get("skipped") or new["slug"] != first["slug"] for _, new in touched
    ), "every set of the painful exercise is substituted or skipped"
    assert all(new["replaces"] for _, new in touched if not new.get("skipped")), (
        "a substitute says what it replaces"
    )
    # the page and the API give the same workout after a reload
    assert _steps(client) == after
    # a resend of the painful set answers with the same workout, changing nothing
    again = _log(
        client,
        settings,
        "k-2",
        exercise=first["slug"],
        reps=4,
        pain=True,
        pain_location="wrist",
    )
    assert again["workout"]["steps"] == after
