"""``pushback analyze`` end to end through the Typer app (CliRunner), one subprocess."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app
from tests.unit.synthetic_pushups import RepSpec, make_set

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def keypoints_file(tmp_path: Path) -> Path:
    path = tmp_path / "set.json"
    make_set(
        [RepSpec(descent_s=3.0, bottom_pause_s=1.0, ascent_s=1.0)] * 3
    ).series.save(path)
    return path


def test_saved_keypoints_are_analysed_as_json(keypoints_file: Path) -> None:
    out = runner.invoke(app, ["analyze", "--keypoints", str(keypoints_file), "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    assert payload["rep_count"] == 3
    assert payload["view"] == "side"
    assert payload["tempo"]["prescribed_descent_s"] == 3.0
    assert payload["tempo"]["source"] == "push-up catalog tempo 3-1-1-0"
    assert [r["index"] for r in payload["reps"]] == [1, 2, 3]


def test_table_output_lists_every_rep_and_one_filming_tip(keypoints_file: Path) -> None:
    out = runner.invoke(app, ["analyze", "--keypoints", str(keypoints_file)])
    assert out.exit_code == 0, out.output
    assert "3 complete reps" in out.stdout
    assert out.stdout.count("Tip: film from the side") == 1
    assert "against 3 s prescribed" in out.stdout


def test_unknown_exercise_is_a_usage_error(keypoints_file: Path) -> None:
    out = runner.invoke(
        app, ["analyze", "--keypoints", str(keypoints_file), "--exercise", "pushup"]
    )
    assert out.exit_code == 2
    assert "push-up" in out.output


def test_video_and_keypoints_together_are_refused(keypoints_file: Path) -> None:
    out = runner.invoke(
        app, ["analyze", str(keypoints_file), "--keypoints", str(keypoints_file)]
    )
    assert out.exit_code == 2
    assert "exactly one" in out.output


def test_no_input_at_all_is_refused() -> None:
    out = runner.invoke(app, ["analyze"])
    assert out.exit_code == 2


def test_broken_keypoints_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    out = runner.invoke(app, ["analyze", "--keypoints", str(bad)])
    assert out.exit_code == 2
    assert "Error: Invalid value for keypoints" in out.output


def test_unknown_model_is_a_usage_error(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * 100)
    out = runner.invoke(app, ["analyze", str(video), "--model", "giant"])
    assert out.exit_code == 2
    assert "lite, full, heavy" in out.output


def test_missing_vision_packages_say_how_to_install_them(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * 100)
    # Simulates a machine without the optional packages: third-party imports only.
    code = (
        "import sys; sys.modules['cv2'] = None; sys.modules['mediapipe'] = None; "
        "from pushback.cli.main import main; "
        f"sys.argv = ['pushback', 'analyze', {str(video)!r}]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "make vision" in done.stderr


def _timings(stdout: str) -> list[list[float]]:
    """Each rep's times from ``--json`` output (saved keypoints are rounded to 0.001
    px, so derived metrics may differ in their last digit; the timings may not)."""
    keys = ("start_s", "bottom_s", "end_s", "descent_s", "bottom_pause_s", "ascent_s")
    return [[rep[k] for k in keys] for rep in json.loads(stdout)["reps"]]


@pytest.mark.vision
@pytest.mark.clips
@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_video_keypoints_saved_then_reanalysed_give_the_same_result(
    clips_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("mediapipe")
    video = tmp_path / "three_reps.mp4"
    source = str(clips_dir / "P01.mp4")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-ss", "2.0", "-t", "5.6", "-i", source,
         "-an", "-c:v", "libx264", "-preset", "ultrafast", str(video)],
        check=True, timeout=120,
    )  # fmt: skip
    saved = tmp_path / "kp.json"
    first = runner.invoke(
        app, ["analyze", str(video), "--json", "--keypoints-out", str(saved)]
    )
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["analyze", "--keypoints", str(saved), "--json"])
    assert again.exit_code == 0, again.output
    assert (
        json.loads(first.stdout)["rep_count"] == 2
    )  # reps 1 and 2 of P01; rep 3 is cut mid-ascent
    assert _timings(again.stdout) == _timings(first.stdout)
    cached = runner.invoke(app, ["analyze", str(video), "--json"])  # from the cache now
    assert _timings(cached.stdout) == _timings(first.stdout)


@pytest.mark.vision
def test_not_a_video_is_a_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("mediapipe")
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video\n" * 100)
    out = runner.invoke(app, ["analyze", str(fake)])
    assert out.exit_code == 2
    assert "Error: Invalid value for video" in out.output


def test_a_fast_set_is_coached_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "fast.json"
    fast = RepSpec(descent_s=1.0, bottom_pause_s=0.5, ascent_s=1.0)
    make_set([fast] * 4).series.save(path)
    out = runner.invoke(app, ["--lang", "zh-CN", "analyze", "--keypoints", str(path)])
    assert out.exit_code == 0, out.output
    english = re.findall(r"[A-Za-z][A-Za-z'-]+", out.stdout)
    assert english == [], out.stdout
    assert "下放太快" in out.stdout  # the fault, by name, in the rep table and advice
    assert "标准俯卧撑" in out.stdout  # the exercise by its Chinese name
    assert "提示：从侧面拍摄" in out.stdout
    english_out = runner.invoke(app, ["analyze", "--keypoints", str(path)])
    assert "Descent too fast on every rep." in english_out.stdout
