"""The upload form with a bucket (``PUSHBACK_STORAGE=s3``): the browser sends the
video straight to the S3-compatible server (moto, started here) with a presigned
URL, "complete upload" checks it, the analysis runs and the report plays the
annotated video, streamed from the bucket. No request breaks the page's policy."""

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
from tests.e2e.test_browser import (
    REPO_ROOT,
    _free_port,
    _register,
    _wait_until_up,
    _watch,
)

pytestmark = [pytest.mark.e2e, pytest.mark.clips, pytest.mark.vision]

browser = shared.browser
BUCKET = "pushback-e2e"
_AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip


@pytest.fixture
def bucket_server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A pushback server whose videos live in a moto bucket; yields (url, s3)."""
    import boto3
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET)
    web_port = _free_port()
    url = f"http://127.0.0.1:{web_port}"
    s3.put_bucket_cors(
        Bucket=BUCKET,
        CORSConfiguration={"CORSRules": [{"AllowedOrigins": [url],
                           "AllowedMethods": ["PUT"], "AllowedHeaders": ["*"]}]},
    )  # fmt: skip
    env = {**os.environ, **_AWS, "PUSHBACK_DATA_DIR": str(tmp_path / "data"),
           "PUSHBACK_DATABASE_URL": "", "PUSHBACK_STORAGE": "s3",
           "PUSHBACK_S3_BUCKET": BUCKET,
           "PUSHBACK_S3_ENDPOINT_URL": endpoint}  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "pushback.web.app:app_from_environment",
               "--factory", "--host", "127.0.0.1", "--port", str(web_port)]  # fmt: skip
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=log)
    try:
        _wait_until_up(url, process)
        yield url, s3
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        moto.stop()


def test_the_upload_form_sends_the_video_straight_to_the_bucket(
    browser: Any, bucket_server: tuple[str, Any], clips_dir: Path, tmp_path: Path
) -> None:
    server, s3 = bucket_server
    clip = tmp_path / "my set.mp4"
    subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-y", "-ss", "1", "-t", "3", "-i",
         str(clips_dir / "P05.mp4"), "-vf", "scale=320:-2,fps=10", "-an",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         str(clip)],
        check=True,
    )  # fmt: skip
    context = browser.new_context()
    page = context.new_page()
    problems = _watch(page)
    bucket_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            bucket_requests.append(request.method)
            if f"/{BUCKET}/" in request.url
            else None
        ),
    )
    _register(page, server, "bucket-user")
    page.goto(server + "/videos")
    assert page.locator("#upload-form[data-direct-upload]").count() == 1
    page.set_input_files("#video", str(clip))
    page.click("#upload-button")
    page.wait_for_url(re.compile(r".*/videos/\d+$"), timeout=60000)
    page.wait_for_selector("#report", timeout=240000)
    assert "PUT" in bucket_requests  # the video went to the bucket, not through us
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert not [key for key in keys if key.startswith("uploads/")]  # deleted after
    assert any(key.endswith(".mp4") and key.startswith("videos/") for key in keys)
    width = page.evaluate(
        "new Promise(done => { const v = document.getElementById('annotated-video');"
        " if (v.readyState >= 1) done(v.videoWidth);"
        " else v.addEventListener('loadedmetadata', () => done(v.videoWidth)); })"
    )
    assert width > 0, "the annotated video streams from the bucket through the site"
    assert problems == []
    context.close()
