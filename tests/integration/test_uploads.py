"""Video uploads: checked by content and size, analysed by a job, then deleted.

Real clips are read in place from the ``clips_dir`` fixture; the upload service
copies them into a temporary data dir, as a browser upload would. Videos the job
would refuse (over 8K, too long, no video stream) are made with ffmpeg at test
time; an upload is refused at once for them, and every message names the file as
the user called it, never the stored name.
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
from pushback.jobs.queue import InProcessJobQueue
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.services.filming import uploads
from pushback.services.unit import Journal
from pushback.settings import Settings
from tests._units import run
from tests.integration._journal_builders import make_session

FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=None, **overrides)


def _leftovers(settings: Settings, user_id: int) -> list[Path]:
    folder = uploads.upload_dir(settings, user_id)
    return sorted(folder.iterdir()) if folder.exists() else []


def _make_video(out: Path, *, size: str, seconds: float, rate: int = 5) -> Path:
    """A grey H.264 video made by ffmpeg (``size`` like ``320x240``)."""
    subprocess.run(
        [FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i",
         f"color=c=gray:s={size}:d={seconds}:r={rate}", "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
        check=True,
    )  # fmt: skip
    return out


def _store(settings: Settings, path: Path, filename: str) -> uploads.StoredUpload:
    with path.open("rb") as source:
        return uploads.store_upload(
            settings, user_id=1, source=source, filename=filename
        )


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
    with pytest.raises(InvalidInput, match=r"e\.mp4 \(empty\)"):
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


def test_a_picture_over_8k_is_refused_at_upload_naming_the_file(tmp_path: Path):
    settings = _settings(tmp_path)
    big = _make_video(tmp_path / "big.mp4", size="8192x8192", seconds=0.2)
    with pytest.raises(InvalidInput) as caught:
        _store(settings, big, "Mein Satz (8K).mp4")
    message = caught.value.message
    assert "Mein Satz (8K).mp4 is 8192x8192" in message and "8K" in message
    assert ".part" not in message and caught.value.field == "video"
    assert _leftovers(settings, 1) == []


def test_a_video_longer_than_the_analysis_takes_is_refused_at_upload(tmp_path: Path):
    settings = _settings(tmp_path)
    seconds = uploads.MAX_VIDEO_S + 5
    long = _make_video(tmp_path / "long.mp4", size="64x48", seconds=seconds, rate=1)
    with pytest.raises(InvalidInput) as caught:
        _store(settings, long, "whole workout.mp4")
    assert "whole workout.mp4 lasts 10 min 5 s" in caught.value.message
    assert "at most 10 min" in caught.value.message
    assert _leftovers(settings, 1) == []
    short = _make_video(tmp_path / "short.mp4", size="64x48", seconds=3, rate=5)
    stored = _store(settings, short, "one set.mp4")  # within the limits: kept
    assert stored.path.is_file() and stored.filename == "one set.mp4"


def test_a_sound_only_file_is_refused_as_having_no_video_stream(tmp_path: Path):
    settings = _settings(tmp_path)
    sound = tmp_path / "sound.mp4"
    subprocess.run(
        [FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
         "-c:a", "aac", str(sound)],
        check=True,
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="Voice memo.mp4 has no video stream"):
        _store(settings, sound, "Voice memo.mp4")
    assert _leftovers(settings, 1) == []


def test_an_upload_over_the_size_limit_names_the_file(tmp_path: Path):
    settings = _settings(tmp_path, max_upload_mb=1)
    with pytest.raises(InvalidInput, match="big set.mp4 is too large"):
        uploads.store_upload(
            settings,
            user_id=1,
            source=io.BytesIO(b"\x00" * (1024 * 1024 + 1)),
            filename="big set.mp4",
        )
    with pytest.raises(InvalidInput, match="nothing.mp4 \\(empty\\)"):
        uploads.store_upload(
            settings, user_id=1, source=io.BytesIO(b""), filename="nothing.mp4"
        )


def test_a_job_refuses_an_8k_video_naming_the_users_file(
    tmp_path: Path, database_url: str
):
    # A video stored before the upload checked the picture size (an older
    # version queued it): the job refuses it by the same rule, naming the
    # user's file, and deletes it.
    settings = _settings(tmp_path)
    db = open_url(database_url)
    user = run(db, repo.ensure_user, name="ann").id
    folder = uploads.upload_dir(settings, user)
    folder.mkdir(parents=True)
    stored_path = _make_video(folder / "5f2c.mp4", size="8192x8192", seconds=0.2)
    upload = uploads.StoredUpload(
        f"uploads/{user}/5f2c.mp4", stored_path, "Holiday 8K.mp4", 1, "mp4", 0.2,
        None, None,
    )  # fmt: skip
    queue = InProcessJobQueue(db, [uploads.video_job_kind(settings, db)])
    with Journal(settings, db).work() as work:
        job = uploads.submit_analysis(work, queue, user_id=user, upload=upload)
    assert queue.run_pending() == 1
    failed = run(db, queue.get, user_id=user, job_id=job.id)
    assert failed.status == "failed" and failed.attempts == 1
    assert "Holiday 8K.mp4 is 8192x8192" in (failed.error or "")
    assert "5f2c" not in (failed.error or "")
    assert not stored_path.exists()


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
    """Upload ``clip`` as the user's "My set <name>", queue it and run the job."""
    queue = InProcessJobQueue(db, [uploads.video_job_kind(settings, db)])
    with clip.open("rb") as source:
        stored = uploads.store_upload(
            settings, user_id=user_id, source=source, filename=f"My set {clip.name}"
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
    assert "My set P11.mp4" in report.read_text()  # the user's name for the file
    assert stored.path.name not in report.read_text()


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
    assert "in My set black.mp4" in (job.error or "")  # not the stored name
    assert stored.path.name not in (job.error or "")
    assert not stored.path.exists()
