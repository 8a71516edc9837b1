"""Decoding and pose extraction on real and deliberately bad video files.

Every file is made with ffmpeg at test time in ``tmp_path`` (real footage comes from a
1.5 s cut of a labelled clip, read in place). Needs mediapipe, opencv and ffmpeg.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("cv2")
pytest.importorskip("mediapipe")

from pushback.domain.errors import InvalidInput  # noqa: E402
from pushback.video.decode import iter_frames, probe_video  # noqa: E402
from pushback.video.pose import extract_keypoints  # noqa: E402

pytestmark = [
    pytest.mark.vision,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"
    ),
]

X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def segment(clips_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1.5 s of a side-view push-up (a person in every frame), as H.264 mp4."""
    out = tmp_path_factory.mktemp("video") / "segment.mp4"
    ffmpeg(
        "-ss",
        "2.4",
        "-t",
        "1.5",
        "-i",
        str(clips_dir / "P03.mp4"),
        "-an",
        *X264,
        str(out),
    )
    return out


@pytest.fixture(scope="module")
def segment_keypoints(segment: Path) -> np.ndarray:
    return extract_keypoints(segment).series.points


def test_text_file_named_mp4_is_refused_as_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("these are my push-up notes, not a video\n" * 50)
    with pytest.raises(InvalidInput, match="readable video file"):
        extract_keypoints(fake)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="existing video file"):
        probe_video(tmp_path / "nowhere.mp4")


def test_video_without_frames_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    ffmpeg(
        "-f", "lavfi", "-i", "color=size=320x240:rate=30", "-frames:v", "0", str(empty)
    )
    with pytest.raises(InvalidInput, match="video"):
        extract_keypoints(empty)


def test_truncated_video_with_index_up_front_is_analysed_with_a_warning(
    segment: Path, tmp_path: Path
) -> None:
    whole = tmp_path / "faststart.mp4"
    ffmpeg("-i", str(segment), "-c", "copy", "-movflags", "+faststart", str(whole))
    cut = tmp_path / "cut.mp4"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    extraction = extract_keypoints(cut)
    assert 0 < len(extraction.series) < 45
    assert any("ended early" in w for w in extraction.warnings)


def test_truncated_video_missing_its_index_is_refused(
    segment: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.mp4"
    data = segment.read_bytes()  # ffmpeg writes the index (moov) at the end by default
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidInput, match="video"):
        extract_keypoints(cut)


def test_black_video_is_refused_as_too_dark(tmp_path: Path) -> None:
    dark = tmp_path / "dark.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=black:size=320x240:rate=30",
        "-t",
        "1",
        *X264,
        str(dark),
    )
    with pytest.raises(InvalidInput, match="too dark"):
        extract_keypoints(dark)


def test_video_without_a_person_is_refused(tmp_path: Path) -> None:
    pattern = tmp_path / "pattern.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=320x240:rate=30",
        "-t",
        "1",
        *X264,
        str(pattern),
    )
    with pytest.raises(InvalidInput, match="no person"):
        extract_keypoints(pattern)


def test_huge_resolution_is_downscaled_and_keypoints_keep_full_size_pixels(
    segment: Path, segment_keypoints: np.ndarray, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.mp4"
    ffmpeg("-i", str(segment), "-t", "0.5", "-vf", "scale=4000:2248", *X264, str(huge))
    frame = next(iter_frames(huge))
    assert max(frame.rgb.shape[:2]) == 1280
    extraction = extract_keypoints(huge)
    assert extraction.series.width_px == 4000
    assert any("downscaled" in w for w in extraction.warnings)
    shoulder_x = np.nanmedian(extraction.series.points[:, 12, 0]) / 4.0
    assert shoulder_x == pytest.approx(
        np.nanmedian(segment_keypoints[:15, 12, 0]), rel=0.1
    )


@pytest.mark.parametrize("rotation", [90, 270])
def test_rotated_phone_video_is_decoded_upright(
    segment: Path, tmp_path: Path, rotation: int
) -> None:
    sideways = tmp_path / "sideways.mp4"
    turn = "transpose=1" if rotation == 90 else "transpose=2"
    ffmpeg("-i", str(segment), "-t", "0.3", "-vf", turn, *X264, str(sideways))
    tagged = tmp_path / f"phone{rotation}.mp4"
    ffmpeg(
        "-i",
        str(sideways),
        "-c",
        "copy",
        "-metadata:s:v:0",
        f"rotate={rotation}",
        str(tagged),
    )
    upright = next(iter_frames(segment)).rgb.astype(int)
    decoded = next(iter_frames(tagged)).rgb.astype(int)
    assert decoded.shape == upright.shape
    assert np.abs(decoded - upright).mean() < 5.0
    assert probe_video(tagged).width_px == probe_video(segment).width_px


@pytest.mark.parametrize(
    ("suffix", "codec"),
    [
        (".mov", X264),
        (".webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"]),
        (".avi", ["-c:v", "mpeg4", "-q:v", "5"]),
    ],
)
def test_mov_webm_and_avi_give_the_same_keypoints(
    segment: Path,
    segment_keypoints: np.ndarray,
    tmp_path: Path,
    suffix: str,
    codec: list[str],
) -> None:
    other = tmp_path / f"segment{suffix}"
    ffmpeg("-i", str(segment), *codec, str(other))
    points = extract_keypoints(other).series.points
    assert points.shape == segment_keypoints.shape
    shoulder_drop = np.nanmax(points[:, 12, 1]) - np.nanmin(points[:, 12, 1])
    expected = np.nanmax(segment_keypoints[:, 12, 1]) - np.nanmin(
        segment_keypoints[:, 12, 1]
    )
    assert shoulder_drop == pytest.approx(expected, rel=0.15)


def test_variable_frame_rate_video_keeps_real_timestamps(
    segment: Path, tmp_path: Path
) -> None:
    vfr = tmp_path / "vfr.mp4"
    ffmpeg(
        "-i", str(segment), "-fps_mode", "vfr",
        "-vf", "setpts='if(lt(N,20),N/30,20/30+(N-20)/15)/TB'", *X264, str(vfr),
    )  # fmt: skip
    extraction = extract_keypoints(vfr, infer_rate_hz=30.0)  # every frame
    steps = np.diff(extraction.series.t_s)
    assert steps[:15] == pytest.approx(1 / 30, abs=0.002)
    assert steps[-10:] == pytest.approx(1 / 15, abs=0.002)
    assert any("variable frame rate" in w for w in extraction.warnings)


def test_progress_is_reported_while_extracting(segment: Path) -> None:
    calls: list[tuple[int, int]] = []
    record: Callable[[int, int], None] = lambda done, total: calls.append((done, total))  # noqa: E731
    extract_keypoints(segment, model="full", progress=record)
    assert calls and calls[-1] == (30, 30)  # 45 frames at 30 fps, 20 per second used


def test_the_model_sees_20_frames_per_second_of_a_30_fps_video(segment: Path) -> None:
    extraction = extract_keypoints(segment)
    steps = np.diff(extraction.series.t_s)
    assert len(extraction.series) == 30
    assert float(np.mean(steps)) == pytest.approx(1 / 20, abs=0.003)
    assert steps.max() <= 2 / 30 + 0.002  # every skipped frame is a single one
    assert not any("variable frame rate" in w for w in extraction.warnings)


@pytest.mark.parametrize("model", ["lite", "heavy"])
def test_lite_and_heavy_models_run(segment: Path, tmp_path: Path, model: str) -> None:
    short = tmp_path / "short.mp4"
    ffmpeg("-i", str(segment), "-t", "0.4", *X264, str(short))
    series = extract_keypoints(short, model=model).series
    assert series.model == model
    assert series.has_person.all()


def test_unknown_model_is_refused(segment: Path) -> None:
    with pytest.raises(InvalidInput, match="lite, full, heavy"):
        extract_keypoints(segment, model="giant")
