"""``python -m bench analysis``: accuracy and speed of the video analysis (issue 4).

Prints, in one run:

1. accuracy on the ``count_eval`` clips of the labelled folder: exact-count rate,
   off-by-one rate, mean absolute count error, median |timing error| of
   ``bottom_s - start_s`` against the labels' ``bottom_s - top_before_s`` (reps matched
   by bottom time), and the same count figures for the classic baseline (elbow below
   90 deg then above 160 deg on the better-seen arm) on the same keypoints;
2. the analysis core's speed (frames/s and multiple of real time) on cached keypoints;
3. cold end-to-end ``pushback analyze FILE --json`` per model (a new process, an
   empty data folder so no keypoint cache, start-up included): video frames/s and
   multiple of real time; the model alone on the same frames in the same run
   (frames/s) and the overhead ratio (end-to-end wall time / model time);
4. memory over a 10-minute video made by looping a clip with ffmpeg into a temporary
   folder (RSS sampled as it runs; peak at the end).

Clips are read in place (``PUSHBACK_CLIPS_DIR`` or ../shared/data/clips); keypoints are
cached outside the repository (``PUSHBACK_EVAL_CACHE`` or the user cache folder
``pushback-eval``). ``PUSHBACK_BENCH_QUICK=1`` makes the long video 2 minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from platformdirs import user_cache_dir

from pushback.analysis.analyser import analyse_series
from pushback.analysis.evaluation import count_reps_classic, match_by_bottom
from pushback.services.filming.analysis import VideoAnalysis, analyse_video
from pushback.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CLIPS = Path(
    os.environ.get("PUSHBACK_CLIPS_DIR", REPO.parent / "shared" / "data" / "clips")
)
#: Phone-like clips for speed: 1280x720 30 fps, 960x540 25 fps, 640x480 30 fps.
SPEED_CLIPS = ("P05", "P09", "P01")
LOOP_CLIP = "P04"  # 1280x720, 46.8 s, looped into the long video


def _eval_settings() -> Settings:
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    return Settings(data_dir=Path(folder), database_url=None)


def _labels() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CLIPS / "labels.json").read_text())
    return data["clips"]  # type: ignore[no-any-return]


def _timing_errors(done: VideoAnalysis, label: dict[str, Any]) -> list[float]:
    labelled = [
        r for r in label["reps"] if r["complete"] and r["top_before_s"] is not None
    ]
    reps = done.result.reps
    pairs = match_by_bottom(
        [r.bottom_s for r in reps], [r["bottom_s"] for r in labelled]
    )
    return [
        (reps[i].bottom_s - reps[i].start_s)
        - (labelled[j]["bottom_s"] - labelled[j]["top_before_s"])
        for i, j in pairs
    ]


def _count_figures(name: str, errors: list[int]) -> None:
    e = np.abs(np.asarray(errors))
    exact, one, more = np.mean(e == 0), np.mean(e == 1), np.mean(e > 1)
    print(
        f"  {name:<24} exact {exact:5.0%}  off by one {one:5.0%}  "
        f"off by more {more:4.0%}  mean |count error| {np.mean(e):.2f}"
    )


def accuracy(labels: dict[str, Any]) -> dict[str, VideoAnalysis]:
    """Section 1; returns every clip's analysis for the speed section."""
    settings = _eval_settings()
    print(f"\n1. Accuracy on the count_eval clips ({CLIPS})")
    head = f"{'clip':<5}{'view':<9}{'truth':>6}{'ours':>6}{'classic':>8}{'partial':>8}"
    print(f"   {head}{'|timing err| med':>18}")
    done: dict[str, VideoAnalysis] = {}
    ours, classic, timing = [], [], []
    for clip_id, label in labels.items():
        done[clip_id] = analyse_video(CLIPS / label["file"], settings=settings)
        if not label["count_eval"]:
            continue
        truth = label["complete_reps"]
        found = done[clip_id].result.rep_count
        base = count_reps_classic(done[clip_id].series)
        errors = _timing_errors(done[clip_id], label)
        ours.append(found - truth)
        classic.append(base - truth)
        timing += errors
        med = np.median(np.abs(errors)) if errors else float("nan")
        result = done[clip_id].result
        row = f"{clip_id:<5}{result.view:<9}{truth:>6}{found:>6}{base:>8}"
        print(f"   {row}{result.partial_reps:>8}{med:>16.2f} s")
    _count_figures("pushback", ours)
    _count_figures("classic 90/160 baseline", classic)
    gap = np.mean(np.asarray(ours) == 0) - np.mean(np.asarray(classic) == 0)
    t = np.abs(np.asarray(timing))
    print(
        f"  exact-count rate above the baseline: {gap * 100:+.0f} points (target +20)"
    )
    print(
        f"  timing |(bottom - start) - label| over {t.size} matched reps: "
        f"median {np.median(t):.3f} s (target <= 0.25), "
        f"p90 {np.percentile(t, 90):.2f} s, bias {np.median(timing):+.3f} s"
    )
    return done


def core_speed(done: dict[str, VideoAnalysis]) -> None:
    """Section 2: the analysis core alone, on keypoints already in memory."""
    frames = sum(len(d.series) for d in done.values())
    video_s = sum(d.series.duration_s for d in done.values())
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for d in done.values():
            analyse_series(d.series)
        best = min(best, time.perf_counter() - started)
    print("\n2. Analysis core (keypoints -> reps), best of 3 passes over every clip")
    print(
        f"  {frames} frames ({video_s:.0f} s of video) in {best:.2f} s: "
        f"{frames / best:,.0f} frames/s = {video_s / best:,.0f}x real time "
        "(target >= 100x)"
    )


_CLI = (
    "import sys; from pushback.cli.main import main; "
    "sys.argv = ['pushback'] + sys.argv[1:]; main()"
)


def _cold_analyze(video: Path, model: str) -> float:
    """Wall seconds of ``pushback analyze VIDEO --json --model M`` in a new process
    with an empty data folder: start-up included, no keypoint cache to reuse."""
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "PUSHBACK_DATA_DIR": data_dir}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _CLI, "analyze", str(video), "--json",
             "--model", model],
            check=True, capture_output=True, env=env, timeout=1800,
        )  # fmt: skip
        return time.perf_counter() - started


def _model_alone(video: Path, model: str) -> tuple[int, float]:
    """Frames given to the model and the seconds it took on them alone (decoding
    and everything else excluded), the way ``analyze`` feeds it."""
    from pushback.video.decode import iter_frames, probe_video
    from pushback.video.pose import INFER_RATE_HZ, MAX_SIDE_PX, PoseEstimator

    info = probe_video(video)
    frames, took = 0, 0.0
    with PoseEstimator(model) as estimator:
        for frame in iter_frames(
            video, max_side_px=MAX_SIDE_PX, min_interval_s=1.0 / INFER_RATE_HZ
        ):
            started = time.perf_counter()
            estimator.estimate(frame.rgb, info.width_px, info.height_px)
            took += time.perf_counter() - started
            frames += 1
    return frames, took


def end_to_end(labels: dict[str, Any]) -> None:
    """Section 3: cold ``pushback analyze --json`` against the model alone, one run."""
    from pushback.video.pose import INFER_RATE_HZ

    print(
        f"\n3. Cold end to end: `pushback analyze FILE --json` in a new process, empty "
        f"data folder (no keypoint cache), start-up included; the model sees "
        f"{INFER_RATE_HZ:g} frames per second of video; clips {', '.join(SPEED_CLIPS)}"
    )
    videos = [CLIPS / labels[c]["file"] for c in SPEED_CLIPS]
    video_s = sum(labels[c]["duration_s"] for c in SPEED_CLIPS)
    source_frames = sum(
        round(labels[c]["duration_s"] * labels[c]["fps"]) for c in SPEED_CLIPS
    )
    for model in ("lite", "full"):
        wall = sum(_cold_analyze(v, model) for v in videos)
        alone = [_model_alone(v, model) for v in videos]
        frames, model_s = sum(a[0] for a in alone), sum(a[1] for a in alone)
        print(
            f"  {model:<5} end to end {source_frames / wall:6.1f} video frames/s = "
            f"{video_s / wall:4.2f}x real time (target >= 2x); model alone "
            f"{frames / model_s:6.1f} frames/s; overhead ratio (end-to-end wall / "
            f"model time) {wall / model_s:4.2f}"
        )


_MEMORY_PROBE = """
import resource, sys, time
from pathlib import Path
from pushback.services.filming.analysis import analyse_video
samples = []
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
def progress(done, total):
    if done in (10, 100) or done % 1500 == 0:
        samples.append((done, rss_mb()))
started = time.perf_counter()
result = analyse_video(Path(sys.argv[1]), progress=progress).result
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(repr((samples, peak, elapsed, result.rep_count)))
"""


def memory(labels: dict[str, Any]) -> None:
    """Section 4: RSS over a long video made by looping a clip."""
    if shutil.which("ffmpeg") is None:
        print("\n4. Memory: skipped (ffmpeg is not installed)")
        return
    minutes = 2 if os.environ.get("PUSHBACK_BENCH_QUICK") == "1" else 10
    with tempfile.TemporaryDirectory() as folder:
        long_video = Path(folder) / "long.mp4"
        clip = CLIPS / labels[LOOP_CLIP]["file"]
        loops = int(minutes * 60 / labels[LOOP_CLIP]["duration_s"]) + 1
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-stream_loop", str(loops), "-i", str(clip),
             "-t", str(minutes * 60), "-c", "copy", str(long_video)],
            check=True, timeout=600,
        )  # fmt: skip
        print(
            f"\n4. Memory on a {minutes}-minute 1280x720 video ({LOOP_CLIP} looped), "
            "full model"
        )
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROBE, str(long_video)],
            capture_output=True, text=True, check=True, timeout=3600,
        )  # fmt: skip
    samples, peak, elapsed, reps = eval(out.stdout.strip().splitlines()[-1])  # noqa: S307
    shown = ", ".join(f"{n} fr: {mb:.0f} MB" for n, mb in samples)
    print(f"  RSS while running: {shown}")
    growth = samples[-1][1] - samples[0][1] if len(samples) > 1 else 0.0
    print(
        f"  peak RSS {peak:.0f} MB; growth from the first to the last sample "
        f"{growth:+.0f} MB (keypoints are kept: 1 KB per frame); {elapsed:.0f} s, "
        f"{reps} reps"
    )


def main() -> None:
    """Run every section (see the module docstring)."""
    if not (CLIPS / "labels.json").is_file():
        print(f"labelled clips not found in {CLIPS}: analysis bench skipped")
        return
    try:
        import cv2  # noqa: F401
        import mediapipe  # noqa: F401
    except ImportError:
        print(
            "mediapipe/opencv are not installed (make vision): analysis bench skipped"
        )
        return
    labels = _labels()
    done = accuracy(labels)
    core_speed(done)
    end_to_end(labels)
    memory(labels)


if __name__ == "__main__":
    main()
