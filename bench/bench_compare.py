"""``python -m bench compare``: per labelled clip, our count, the classic counter's
count and the label, side by side (issue 16 item 7).

The classic counter is the elbow-angle rule most open-source trackers use (below 90
deg, then above 160 deg, on the better-seen arm; :func:`count_reps_classic`), run on
the same keypoints as ours. Clips whose labels say they are not for counting
(``count_eval`` false: a tutorial, an overhead view, a moving camera) are listed
too, marked, without a label. Keypoints come from the evaluation cache
(``PUSHBACK_EVAL_CACHE`` or the user cache folder ``pushback-eval``): this compares
counts only, it measures no speed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from pushback.analysis.evaluation import count_reps_classic
from pushback.services.filming.analysis import analyse_video
from pushback.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CLIPS = Path(
    os.environ.get("PUSHBACK_CLIPS_DIR", REPO.parent / "shared" / "data" / "clips")
)


def main() -> None:
    """Print the table and each counter's number of exact counts."""
    if not (CLIPS / "labels.json").is_file():
        print(f"labelled clips not found in {CLIPS}: comparison skipped")
        return
    labels: dict[str, Any] = json.loads((CLIPS / "labels.json").read_text())["clips"]
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    settings = Settings(data_dir=Path(folder), database_url=None)
    print(f"{'clip':<6}{'view':<10}{'label':>6}{'pushback':>10}{'classic':>9}")
    exact = {"pushback": 0, "classic": 0}
    counted = 0
    for clip, label in labels.items():
        done = analyse_video(CLIPS / label["file"], settings=settings)
        ours, classic = done.result.rep_count, count_reps_classic(done.series)
        truth = label["complete_reps"] if label["count_eval"] else None
        shown = "-" if truth is None else str(truth)
        note = "" if truth is not None else "  (not for counting)"
        print(f"{clip:<6}{done.result.view:<10}{shown:>6}{ours:>10}{classic:>9}{note}")
        if truth is not None:
            counted += 1
            exact["pushback"] += ours == truth
            exact["classic"] += classic == truth
    print(
        f"exact counts on {counted} counting clips: pushback {exact['pushback']}, "
        f"classic elbow-angle counter {exact['classic']}"
    )


if __name__ == "__main__":
    main()
