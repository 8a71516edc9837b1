"""``python -m bench form``: form faults on the labelled clips, and the analysis
core's speed with the form metrics (issue 5).

Prints, in one run:

1. per fault code, on the labelled reps (``tests/integration/_fault_labels.py``, our
   reading of ``labels.json``): hits / labelled faulty reps, and false alarms / reps
   labelled clean for that code (clean reps of a faulty clip, and every rep of the
   clips labelled "none obvious");
2. frames per second and the multiple of real time of the analysis core alone
   (segmentation) and with the form metrics (segmentation + ``assess_form``), on the
   same cached keypoints (target >= 100x real time).

Clips are read in place; keypoints come from the evaluation cache outside the
repository (``PUSHBACK_EVAL_CACHE`` or the user cache folder ``pushback-eval``).
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir
from tests.integration._fault_labels import (
    BODY_LINE_CLEAN,
    BODY_LINE_CODES,
    CLEAN_CLIPS,
    LABELLED,
    SCORED_CODES,
)

from pushback.analysis.analyser import analyse_series
from pushback.analysis.evaluation import match_by_bottom
from pushback.analysis.faults import FAULT_CODES
from pushback.services.filming.analysis import VideoAnalysis, analyse_video
from pushback.services.filming.form import judge_form
from pushback.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CLIPS = Path(
    os.environ.get("PUSHBACK_CLIPS_DIR", REPO.parent / "shared" / "data" / "clips")
)
SPEED_CLIPS = ("P04", "P05", "P11")
REPEATS = 5


def _analysed(labels: dict[str, Any]) -> dict[str, VideoAnalysis]:
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    settings = Settings(data_dir=Path(folder), database_url=None)
    wanted = {f.clip for f in LABELLED} | set(CLEAN_CLIPS) | set(SPEED_CLIPS)
    wanted |= set(BODY_LINE_CLEAN)
    return {
        c: analyse_video(CLIPS / labels[c]["file"], settings=settings)
        for c in sorted(wanted)
    }


def _by_label(done: VideoAnalysis, label: dict[str, Any]) -> dict[int, tuple[str, ...]]:
    labelled = [r for r in label["reps"] if r["complete"]]
    reps = done.result.reps
    pairs = match_by_bottom(
        [r.bottom_s for r in reps], [r["bottom_s"] for r in labelled]
    )
    return {labelled[j]["rep"]: reps[i].faults for i, j in pairs}


def _score(labels: dict[str, Any], done: dict[str, VideoAnalysis]) -> None:
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    alarms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fault in LABELLED:
        by_rep = _by_label(done[fault.clip], labels[fault.clip])
        for rep in fault.faulty:
            hits[fault.code][0] += fault.code in by_rep.get(rep, ())
            hits[fault.code][1] += 1
        for rep in fault.clean:
            alarms[fault.code][0] += fault.code in by_rep.get(rep, ())
            alarms[fault.code][1] += 1
    for clip in CLEAN_CLIPS:
        for faults in _by_label(done[clip], labels[clip]).values():
            for code in SCORED_CODES:
                alarms[code][0] += code in faults
                alarms[code][1] += 1
    print("  fault code              hits (labelled reps)   false alarms (clean reps)")
    for code in FAULT_CODES:
        h, a = hits.get(code, [0, 0]), alarms.get(code, [0, 0])
        hit = f"{h[0]:>3}/{h[1]:<3}" if h[1] else "   -   "
        alarm = f"{a[0]:>3}/{a[1]:<3}" if a[1] else "   -   "
        print(f"  {code:<24}{hit:>12}{alarm:>26}")
    print("  (- = no labelled rep; fast-descent is tempo against the prescription)")


def _body_line(labels: dict[str, Any], done: dict[str, VideoAnalysis]) -> None:
    """Hip sag or pike called on reps the labels say are straight (issue 16)."""
    side = [0, 0]
    every = [0, 0]
    for clip, wanted in BODY_LINE_CLEAN.items():
        by_rep = _by_label(done[clip], labels[clip])
        for rep in wanted or by_rep:
            alarm = any(c in BODY_LINE_CODES for c in by_rep.get(rep, ()))
            every[0] += alarm
            every[1] += 1
            if done[clip].result.view == "side":
                side[0] += alarm
                side[1] += 1
    print(
        f"  body line (hip sag or pike) false alarms: {side[0]}/{side[1]} clean "
        f"side-view reps ({side[0] / max(side[1], 1):.0%}), {every[0]}/{every[1]} "
        f"clean reps of every view ({every[0] / max(every[1], 1):.0%})"
    )


def _speed(done: dict[str, VideoAnalysis]) -> None:
    frames = sum(len(done[c].series) for c in SPEED_CLIPS)
    video_s = sum(done[c].series.duration_s for c in SPEED_CLIPS)
    core = form = 0.0
    for _ in range(REPEATS):
        for clip in SPEED_CLIPS:
            series = done[clip].series
            started = time.perf_counter()
            result = analyse_series(series)
            middle = time.perf_counter()
            judge_form(result, series, "push-up")
            ended = time.perf_counter()
            core += middle - started
            form += ended - middle
    core, form = core / REPEATS, form / REPEATS
    for name, took in (
        ("core (reps only)", core),
        ("core + form metrics", core + form),
    ):
        print(
            f"  {name:<22} {frames / took:8.0f} frames/s  "
            f"{video_s / took:6.0f}x real time  "
            f"({frames} frames, {video_s:.0f} s video)"
        )
    print(
        f"  form metrics add {form / core:.0%} to the core's time "
        "(target: core + form >= 100x real time)"
    )


def main() -> None:
    """Print the fault table and the speed figures."""
    labels: dict[str, Any] = json.loads((CLIPS / "labels.json").read_text())["clips"]
    done = _analysed(labels)
    print("Form faults on the labelled clips:")
    _score(labels, done)
    _body_line(labels, done)
    print("Analysis core speed on cached keypoints:")
    _speed(done)


if __name__ == "__main__":
    main()
