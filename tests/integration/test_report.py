"""``pushback analyze --report/--annotated``: a self-contained HTML page and an H.264
video a browser plays (checked with ffprobe and a full ffmpeg decode)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from platformdirs import user_cache_dir
from typer.testing import CliRunner

from pushback.cli.main import app
from tests.unit.synthetic_pushups import RepSpec, make_set

runner = CliRunner()
FFPROBE = "/usr/bin/ffprobe"


def _assert_self_contained(html: str) -> None:
    urls = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
    assert not urls, urls
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html


@pytest.fixture
def keypoints_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "set.json"
    reps = [RepSpec(descent_s=3.0, bottom_pause_s=0.5)] * 2 + [RepSpec(descent_s=1.0)]
    make_set(reps).series.save(path)
    return path


def test_report_from_keypoints_is_one_self_contained_page(
    keypoints_file: Path, tmp_path: Path
) -> None:
    out_html = tmp_path / "out" / "report.html"
    done = runner.invoke(
        app, ["analyze", "--keypoints", str(keypoints_file), "--report", str(out_html)]
    )
    assert done.exit_code == 0, done.output
    html = out_html.read_text(encoding="utf-8")
    _assert_self_contained(html)
    assert "Push-up: 3 reps" in html
    assert re.findall(r'data-rep="(\d+)"', html) == ["1", "2", "3"]
    # one verdict per rep, from the one rule: the 1 s descent is too fast
    verdicts = re.findall(r'data-verdict="([a-z ]+)"', html)
    assert verdicts == ["on tempo", "on tempo", "too fast"]
    assert html.count("<svg") == 2  # descent chart and body-line chart
    assert "aim 3 s" in html
    assert 'data-code="fast-descent"' in html  # flagged and explained...
    assert "Descent too fast" in html  # ...by its name, not its code


def test_annotated_video_needs_a_video(keypoints_file: Path, tmp_path: Path) -> None:
    done = runner.invoke(
        app,
        [
            "analyze",
            "--keypoints",
            str(keypoints_file),
            "--annotated",
            str(tmp_path / "a.mp4"),
        ],
    )
    assert done.exit_code == 2
    assert "annotated" in done.output


def _probe(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-count_frames", "-show_streams", "-show_format",
         "-of", "json", str(path)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.stdout)
    return data


@pytest.mark.clips
@pytest.mark.vision
def test_real_clip_report_has_key_frames_and_the_video_is_browser_h264(
    clips_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("cv2")
    pytest.importorskip("mediapipe")
    cache = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    monkeypatch.setenv("PUSHBACK_DATA_DIR", cache)
    video = clips_dir / "P11.mp4"
    html_path, mp4 = tmp_path / "r.html", tmp_path / "a.mp4"
    args = ["analyze", str(video), "--report", str(html_path), "--annotated", str(mp4)]
    done = runner.invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    payload = json.loads(done.stdout)
    html = html_path.read_text(encoding="utf-8")
    _assert_self_contained(html)
    assert f"Push-up: {payload['rep_count']} reps" in html
    assert len(re.findall(r'src="data:image/jpeg;base64,', html)) >= 2
    assert 'data-code="elbow-flare"' in html
    (stream,) = _probe(mp4)["streams"]
    assert stream["codec_name"] == "h264" and stream["pix_fmt"] == "yuv420p"
    source = _probe(video)["streams"]
    (video_stream,) = [s for s in source if s["codec_type"] == "video"]
    source_frames = int(video_stream["nb_read_frames"])
    assert abs(int(stream["nb_read_frames"]) - source_frames) <= 2
    decode = subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-i", str(mp4), "-f", "null", "-"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert decode.returncode == 0 and not decode.stderr.strip()
    with mp4.open("rb") as handle:  # faststart: the index (moov) precedes the data
        head = handle.read(64 * 1024)
    assert head.find(b"moov") != -1 and (
        head.find(b"mdat") == -1 or head.find(b"moov") < head.find(b"mdat")
    )
