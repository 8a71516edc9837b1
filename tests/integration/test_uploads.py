"""Video uploads: checked by content and size, analysed by a job, then deleted.

Real clips are read in place from the ``clips_dir`` fixture; the upload service
copies them into a temporary data dir, as a browser upload would.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.errors import InvalidInput
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.services import uploads
from pushback.services.jobs import InProcessJobQueue
from pushback.services.unit import Journal
from pushback.settings import Settings
from tests._units import run
from tests.integration._journal_builders import make_session

FFPROBE = "/usr/bin/ffprobe"


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=None, **overrides)


def _leftovers(settings: Settings, user_id: int) -> list[Path]:
    folder = uploads.upload_dir(settings, user_id)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("head", "container"),
    [
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mov"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00", "mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "webm"),
        (b"RIFF\x24\x00\x00\x00AVI LIST", "avi"),
        (b"hello, I am a text file\n", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", None),
        (b"", None),
    ],
)
def test_the_container_is_named_by_the_first_bytes(
    head: bytes, container: str | None
) -> None:
    assert uploads.detect_container(head) == container


@given(st.binary(max_size=64))
def test_bytes_without_a_video_signature_are_never_taken_for_a_video(
    head: bytes,
) -> None:
    signed = (
        head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")
        or head[:4] == b"\x1a\x45\xdf\xa3"
        or (head[:4] == b"RIFF" and head[8:12] == b"AVI ")
    )
    if not signed:
        assert uploads.detect_container(head) is None


def test_a_text_file_named_mp4_is_refused_and_nothing_is_kept(tmp_path: Path):
    settings = _settings(tmp_path)
    source = io.BytesIO(b"this is not a video, whatever its name says\n" * 100)
    with pytest.raises(InvalidInput, match="not a video inside") as caught:
        uploads.store_upload(settings, user_id=1, source=source, filename="set.mp4")
    assert caught.value.field == "video"
    assert "MP4, MOV, WebM or AVI" in caught.value.message
    assert _leftovers(settings, 1) == []


def test_an_empty_upload_is_refused(tmp_path: Path):
    settings = _settings(tmp_path)
    with pytest.raises(InvalidInput, match="empty file"):
        uploads.store_upload(
            settings, user_id=1, source=io.BytesIO(b""), filename="e.mp4"
        )


def test_a_file_with_a_video_signature_but_no_stream_is_refused(tmp_path: Path):
    settings = _settings(tmp_path)
    fake = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 4000
    with pytest.raises(InvalidInput, match="no video stream"):
        uploads.store_upload(
            settings, user_id=1, source=io.BytesIO(fake), filename="fake.mp4"
        )
    assert _leftovers(settings, 1) == []


def test_an_announced_size_over_the_limit_is_refused_before_reading(tmp_path: Path):
    settings = _settings(tmp_path, max_upload_mb=2)
    uploads.check_declared_size(settings, 2 * 1024 * 1024)  # exactly the limit: ok
    with pytest.raises(InvalidInput, match="limit is 2 MB"):
        uploads.check_declared_size(settings, 2 * 1024 * 1024 + 1)


@pytest.mark.clips
def test_an_upload_growing_over_the_limit_is_stopped_and_deleted(
    tmp_path: Path, clips_dir: Path
):
    settings = _settings(tmp_path, max_upload_mb=1)
    with (clips_dir / "P02.mp4").open("rb") as source:  # 2.9 MB
        with pytest.raises(InvalidInput, match="too large") as caught:
            uploads.store_upload(settings, user_id=1, source=source, filename="P02.mp4")
    assert "limit is 1 MB" in caught.value.message
    assert _leftovers(settings, 1) == []


@pytest.mark.clips
def test_a_real_clip_is_stored_under_the_user_with_its_probe(
    tmp_path: Path, clips_dir: Path
):
    settings = _settings(tmp_path)
    with (clips_dir / "P01.mp4").open("rb") as source:
        stored = uploads.store_upload(
            settings, user_id=7, source=source, filename="P01.mp4"
        )
    assert stored.path.parent == settings.data_dir / "uploads" / "7"
    assert stored.size_bytes == (clips_dir / "P01.mp4").stat().st_size
    assert stored.container == "mp4" and stored.width_px == 640
    assert stored.duration_s is not None and 15 < stored.duration_s < 17


def _codec(path: Path) -> str:
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name", "-of", "json", str(path)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return str(json.loads(out)["streams"][0]["codec_name"])


def _analyse(
    settings: Settings, db: Database, clip: Path, user_id: int, **options: Any
) -> Any:
    queue = InProcessJobQueue(db, [uploads.video_job_kind(settings, db)])
    with clip.open("rb") as source:
        stored = uploads.store_upload(
            settings, user_id=user_id, source=source, filename=clip.name
        )
    journal = Journal(settings, db)
    with journal.work() as work:
        job = uploads.submit_analysis(
            work, queue, user_id=user_id, upload=stored, **options
        )
    assert queue.run_pending() == 1
    return stored, run(db, queue.get, user_id=user_id, job_id=job.id)


@pytest.mark.clips
@pytest.mark.vision
def test_an_uploaded_clip_is_analysed_then_the_upload_is_deleted(
    tmp_path: Path, database_url: str, clips_dir: Path, clip_labels: dict[str, Any]
):
    pytest.importorskip("mediapipe")
    settings = _settings(tmp_path)
    db = open_url(database_url)
    user = run(db, repo.ensure_user, name="ann").id
    stored, job = _analyse(settings, db, clips_dir / "P11.mp4", user)
    assert job.status == "done", job.error
    analysis = job.result["analysis"]
    assert analysis["rep_count"] == clip_labels["P11"]["complete_reps"]
    assert len(analysis["reps"]) == analysis["rep_count"]
    assert not stored.path.exists()  # deleted after the analysis
    assert _leftovers(settings, user) == []
    annotated = settings.data_dir / job.result["annotated_video"]
    assert annotated == uploads.annotated_path(settings, user, job.id)
    assert _codec(annotated) == "h264"  # browsers play it
    assert job.result["video_kept"] is False
    report = settings.data_dir / job.result["report_html"]
    assert report == uploads.report_path(settings, user, job.id)
    assert "<svg" in report.read_text() and "<script" not in report.read_text()


@pytest.mark.clips
@pytest.mark.vision
def test_a_kept_video_stays_and_its_analysis_lands_on_the_logged_set(
    tmp_path: Path, clips_dir: Path
):
    pytest.importorskip("mediapipe")
    settings = _settings(tmp_path)
    db = open_url(settings.resolved_database_url())
    user = run(db, repo.ensure_user, name="ann").id
    logged = run(db, repo.log_session, user_id=user, entry=make_session(sets=1))
    set_id = logged.sets[0].id
    stored, job = _analyse(
        settings, db, clips_dir / "P11.mp4", user, keep_video=True, set_id=set_id
    )
    assert job.status == "done" and stored.path.exists()
    assert job.training_set_id == set_id
    (session,) = run(db, repo.list_sessions, user_id=user)
    analysed = session.sets[0]
    reps = job.result["analysis"]["reps"]
    assert analysed.descent_times_s == tuple(r["descent_s"] for r in reps)
    assert set(analysed.faults or ()) == {f for r in reps for f in r["faults"]}


@pytest.mark.clips
@pytest.mark.vision
def test_a_video_without_a_person_fails_with_a_clear_message_and_is_deleted(
    tmp_path: Path,
):
    settings = _settings(tmp_path)
    black = tmp_path / "black.mp4"
    subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         "color=c=black:s=320x240:d=1", "-pix_fmt", "yuv420p", str(black)],
        check=True,
    )  # fmt: skip
    db = open_url(settings.resolved_database_url())
    user = run(db, repo.ensure_user, name="ann").id
    stored, job = _analyse(settings, db, black, user)
    assert job.status == "failed" and job.attempts == 1
    assert "too dark" in (job.error or "") or "no person" in (job.error or "")
    assert not stored.path.exists()
