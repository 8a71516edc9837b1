"""``python -m bench live``: the live coach's server cost, latency, accuracy (issue 13).

Prints, in one run:

1. **accuracy** on every ``count_eval`` clip, played as the browser sends it
   (``tests/_live_clips.play``: the start position held 3 s, the clip, the last frame
   held): live count against the label and against ``pushback analyze`` on the same
   keypoints (the Python pose model, the same full BlazePose model the browser runs),
   and the median |descent error| of both against the labels;
2. **latency** from the labelled bottom of each rep to its "rep counted" event, on
   the set's clock (the analysis delay: smoothing, then the arms must be back up),
   median and p95 over every matched rep;
3. **server CPU per frame per stream**, in process (message parsing, analysis, form
   rules on each rep, events) against the bare ``SetAnalyser`` on the same frames as
   the baseline of the same run, and through a real server: ``uvicorn`` with K
   streams at 30 frames/s over real WebSockets, CPU time of the server process per
   frame, and how many 30 frames/s streams one process sustains (one core).

The in-browser pose model is not timed here (no GPU on this machine: see
``tests/e2e/test_live.py``).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
from platformdirs import user_cache_dir
from tests._live_clips import Played, descent_errors, iter_counting, play

from pushback.analysis.analyser import SetAnalyser
from pushback.analysis.evaluation import match_by_bottom
from pushback.analysis.keypoints import KeypointSeries
from pushback.services.filming._live_input import Limits, Message, parse_message
from pushback.services.filming.analysis import VideoAnalysis, analyse_video
from pushback.services.filming.live import LiveSet
from pushback.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CLIPS = Path(os.environ.get("PUSHBACK_CLIPS_DIR") or REPO.parent / "shared/data/clips")
STREAM_SECONDS = 8.0


def _messages(played: Played) -> list[str]:
    return [
        json.dumps(
            {
                "type": "frame",
                "t": t + 1.0,
                "p": None if p is None else [round(v, 5) for v in p.reshape(-1)],
            }
        )
        for t, p in played.frames
    ]


def _live_run(series: KeypointSeries, messages: list[str]) -> tuple[LiveSet, list[Any]]:
    """Feed the messages; returns the set and (event, set time) pairs."""
    live = LiveSet(exercise="push-up", width=series.width_px, height=series.height_px)
    start = {"width": series.width_px, "height": series.height_px, "set": "bench-0001"}
    live.attach(Message("start", data=start))
    limits = Limits()
    timed: list[Any] = []
    for text in messages:
        message = parse_message(text, limits)
        assert message.t_s is not None
        for event in live.frame(message.t_s, message.points):
            timed.append((event, message.t_s - 1.0))
    live.end()
    return live, timed


def _accuracy(analysed: dict[str, VideoAnalysis], labels: dict[str, Any]) -> None:
    print("\n1-2. accuracy and latency, every counting clip (live vs pushback analyze)")
    print(f"{'clip':5} {'view':9} {'label':>5} {'live':>5} {'analyze':>7}")
    live_err: list[float] = []
    offline_err: list[float] = []
    latencies: list[float] = []
    exact = 0
    for clip_id, label in iter_counting(labels):
        done = analysed[clip_id]
        played = play(done.series, label)
        live, timed = _live_run(done.series, _messages(played))
        result = live.result
        assert result is not None
        live_err += descent_errors(result.reps, label, played.offset_s)
        offline_err += descent_errors(done.result.reps, label, 0.0)
        exact += result.rep_count == label["complete_reps"]
        counted = [t for e, t in timed if e["type"] == "rep"]
        bottoms = [
            r["bottom_s"] + played.offset_s for r in label["reps"] if r["complete"]
        ]
        found = [r.bottom_s for r in result.reps]
        for i, j in match_by_bottom(found, bottoms):
            if i < len(counted):  # the i-th "rep counted" event is the i-th rep
                latencies.append(counted[i] - bottoms[j])
        view = label["view"].split(" ")[0].strip(",")
        print(
            f"{clip_id:5} {view:9} {label['complete_reps']:5d} {result.rep_count:5d} "
            f"{done.result.rep_count:7d}"
        )
    total = sum(1 for _ in iter_counting(labels))
    print(f"live count exact on {exact} of {total} counting clips")
    print(
        f"median |descent error| vs labels: live {np.median(live_err):.3f} s "
        f"({len(live_err)} reps), analyze {np.median(offline_err):.3f} s "
        f"({len(offline_err)} reps)"
    )
    lat = np.asarray(latencies)
    print(
        "latency labelled bottom -> rep event (set clock): "
        f"median {np.median(lat):.2f} s, p95 {np.percentile(lat, 95):.2f} s "
        f"over {len(lat)} reps"
    )


def _in_process(series: KeypointSeries, played: Played) -> float:
    messages = _messages(played)
    started = time.process_time()
    analyser = SetAnalyser(keep_signal=False)
    scale = np.array([series.width_px, series.height_px, series.width_px, 1.0])
    for t, p in played.frames:
        analyser.push(t, None if p is None else p * scale)
    analyser.finish()
    baseline = (time.process_time() - started) / len(messages)
    started = time.process_time()
    _live_run(series, messages)
    live = (time.process_time() - started) / len(messages)
    print("\n3a. server CPU per frame, in process (clip P04: 14 reps, form on each)")
    print(f"bare SetAnalyser (baseline): {baseline * 1e6:8.0f} us/frame")
    print(
        f"live stream (parse + analysis + form + events): {live * 1e6:8.0f} us/frame "
        f"= {live / baseline:.1f}x the baseline; "
        f"{1 / (live * 30):.0f} streams at 30 frames/s per core"
    )
    return live


def _server(data_dir: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    from pushback.services import accounts
    from pushback.services.training.journal import open_journal

    settings = Settings(data_dir=data_dir, database_url=None)
    with open_journal(settings).work() as work:
        work.write()
        account = accounts.register(work, "bench", "correct horse battery")
        _, token = accounts.create_token(work, account.id, "bench")
        work.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {
        **os.environ,
        "PUSHBACK_DATA_DIR": str(data_dir),
        "PUSHBACK_DATABASE_URL": "",
    }
    command = [sys.executable, "-m", "uvicorn", "pushback.web.app:app_from_environment",
               "--factory", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=REPO)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    return process, port, token


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _streams(port: int, token: str, messages: list[str], count: int) -> int:
    import websockets

    async def one(n: int) -> int:
        url = f"ws://127.0.0.1:{port}/live/ws?token={token}"
        sent = 0
        async with websockets.connect(url) as ws:
            start = {"type": "start", "set": f"bench-set-{n:04d}", "width": 1280,
                     "height": 720}  # fmt: skip
            await ws.send(json.dumps(start))
            began = time.monotonic()
            for text in messages[: int(STREAM_SECONDS * 30)]:
                await ws.send(text)
                sent += 1
                await asyncio.sleep(max(0.0, began + sent / 30 - time.monotonic()))
            while True:  # drain the events until the server has caught up
                try:
                    await asyncio.wait_for(ws.recv(), timeout=0.5)
                except TimeoutError:
                    break
        return sent

    return sum(await asyncio.gather(*(one(n) for n in range(count))))


def _real_server(played: Played) -> None:
    messages = _messages(played)
    print("\n3b. through a real server (uvicorn, WebSockets, K streams at 30 frames/s)")
    with tempfile.TemporaryDirectory() as folder:
        process, port, token = _server(Path(folder))
        try:
            for count in (1, 4, 8):
                before = _cpu_s(process.pid)
                frames = asyncio.run(_streams(port, token, messages, count))
                used = _cpu_s(process.pid) - before
                per_frame = used / max(frames, 1)
                print(
                    f"{count} streams: {frames} frames, server CPU "
                    f"{per_frame * 1e6:6.0f} us/frame -> about "
                    f"{1 / (per_frame * 30):.0f} streams at 30 frames/s per process "
                    "(one core)"
                )
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    labels = json.loads((CLIPS / "labels.json").read_text())["clips"]
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    settings = Settings(data_dir=Path(folder), database_url=None)
    analysed = {
        clip_id: analyse_video(CLIPS / label["file"], settings=settings)
        for clip_id, label in iter_counting(labels)
    }
    _accuracy(analysed, labels)
    longest = analysed["P04"]
    played = play(longest.series, labels["P04"])
    _in_process(longest.series, played)
    _real_server(played)
