"""What a deployment refuses, and the file store and "complete upload" step on a
real S3-compatible server (moto, started here)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pushback.domain.errors import InvalidInput, NotFound, StorageError
from pushback.jobs import engine as external_jobs
from pushback.jobs.queue import InProcessJobQueue
from pushback.journal import open_url
from pushback.services.filming import direct_uploads
from pushback.services.filming.uploads import video_job_kind
from pushback.services.storage import LocalStore, S3Store
from pushback.services.training import journal as journal_service
from pushback.services.unit import Journal
from pushback.settings import Settings
from tests.integration._server import PUSHBACK, free_port

BUCKET = "pushback-unit"


def test_the_external_queue_needs_postgresql(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, job_queue="external")
    with pytest.raises(InvalidInput, match="needs the journal on PostgreSQL"):
        external_jobs.check_external(settings)
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(tmp_path),
           "PUSHBACK_JOB_QUEUE": "external", "PUSHBACK_DATABASE_URL": ""}  # fmt: skip
    done = subprocess.run(
        [PUSHBACK, "worker"], env=env, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "PUSHBACK_JOB_QUEUE=external needs the journal on PostgreSQL" in (
        done.stderr.decode()
    )


def test_production_refuses_the_default_secret(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PUSHBACK_SECRET_KEY must be set"):
        Settings(data_dir=tmp_path, environment="production")
    assert Settings(data_dir=tmp_path).environment == "development"  # still works
    Settings(data_dir=tmp_path, environment="production", secret_key="x" * 40)


@pytest.mark.postgres
def test_a_postgresql_journal_behind_the_code_is_refused_until_the_release_step(
    tmp_path: Path, postgres_url: str
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    with pytest.raises(StorageError, match="run `pushback db upgrade` once"):
        journal_service.open_journal(settings, shared=True)
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(tmp_path),
           "PUSHBACK_DATABASE_URL": postgres_url}  # fmt: skip
    for command in (["serve", "--port", str(free_port())], ["worker"]):
        done = subprocess.run([PUSHBACK, *command], env=env, capture_output=True,
                              timeout=60, check=False)  # fmt: skip
        assert done.returncode != 0
        assert "run `pushback db upgrade` once" in done.stderr.decode()
    journal_service.upgrade_database(settings)
    journal_service.open_journal(settings, shared=True).close()
    external = settings.model_copy(update={"job_queue": "external"})
    from pushback.services.job_queues import make_job_queue

    db = open_url(postgres_url)
    with pytest.raises(StorageError, match="job engine's tables are missing"):
        make_job_queue(external, db)
    journal_service.upgrade_database(external)  # creates them
    assert external_jobs.has_engine_schema(external)
    make_job_queue(external, db)
    db.dispose()


def test_an_sqlite_journal_still_upgrades_itself(tmp_path: Path) -> None:
    journal_service.open_journal(Settings(data_dir=tmp_path)).close()
    assert (tmp_path / "pushback.sqlite3").is_file()


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Store]:
    from moto.server import ThreadedMotoServer

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):  # fmt: skip
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    store = S3Store(BUCKET, endpoint_url=f"http://{host}:{port}")
    store._client.create_bucket(Bucket=BUCKET)
    try:
        yield store
    finally:
        server.stop()


def test_the_s3_store_puts_moves_reads_and_deletes(s3: S3Store, tmp_path: Path):
    source = tmp_path / "a.bin"
    source.write_bytes(b"x" * 1000)
    s3.put("videos/1/a.bin", source)
    assert not source.exists() and s3.size("videos/1/a.bin") == 1000
    s3.move("videos/1/a.bin", "videos/1/b.bin")
    assert not s3.exists("videos/1/a.bin")
    with s3.local_copy("videos/1/b.bin") as copy:
        assert copy.read_bytes() == b"x" * 1000
    assert s3.open("videos/1/b.bin").read() == b"x" * 1000
    s3.delete_prefix("videos/1")
    assert s3.size("videos/1/b.bin") is None
    with pytest.raises(InvalidInput):
        s3.put("../escape", tmp_path)
    assert LocalStore(tmp_path).presign_put("uploads/1/x", "video/mp4") is None


def test_complete_upload_checks_the_stored_file_like_any_upload(
    s3: S3Store, tmp_path: Path
) -> None:
    import httpx

    settings = Settings(data_dir=tmp_path, storage="s3", s3_bucket=BUCKET)
    journal = journal_service.open_journal(settings)
    with journal.work(write=True) as work:
        user = journal_service.resolve_user(work, "ann")
    queue = InProcessJobQueue(journal.db, [video_job_kind(settings, journal.db, s3)])
    begun = direct_uploads.begin_upload(
        settings, s3, user_id=user.id, size_bytes=30, content_type="video/mp4"
    )
    assert f"uploads/{user.id}/incoming/" in begun["url"]
    sent = httpx.put(begun["url"], content=b"not a video at all, only text",
                     headers=begun["headers"])  # fmt: skip
    assert sent.status_code == 200
    choices = direct_uploads.UploadChoices(filename="my set.mp4")
    with (
        Journal(settings, journal.db).work() as work,
        pytest.raises(InvalidInput, match="my set.mp4"),
    ):
        direct_uploads.complete_upload(
            work, queue, s3, user_id=user.id, upload_id=begun["upload_id"],
            choices=choices,
        )  # fmt: skip
    key = direct_uploads.incoming_key(user.id, begun["upload_id"])
    assert not s3.exists(key)  # a refused file is deleted at once
    with Journal(settings, journal.db).work() as work, pytest.raises(NotFound):
        direct_uploads.complete_upload(
            work, queue, s3, user_id=user.id, upload_id=begun["upload_id"],
            choices=choices,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="too large"):
        direct_uploads.begin_upload(settings, s3, user_id=user.id,
                                    size_bytes=10**12)  # fmt: skip
    journal.close()
