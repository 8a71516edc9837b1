"""Live coaching of one set: keypoints from the browser -> events back, as they happen.

:class:`LiveSet` feeds the frames of a camera into the same incremental
:class:`~pushback.analysis.analyser.SetAnalyser` and form rules
(:func:`~pushback.services.filming.form.judge_form`) that ``pushback analyze`` uses, and
answers each frame with the events it completed (plain dicts, sent as JSON)::

    {"type": "status", "state": "framing"|"counting"|"paused"|"ended", "message"}
    {"type": "rep", "count", "descent_s", "target_s", "tempo": "fast"|"on target"|
     "slow", "say", "faults": [{"code", "title", "cue"}]}
    {"type": "stop", "rep", "message", "say"}       # form broke and stays broken
    {"type": "people", "message"}                   # someone else came into view
    {"type": "descent"}                             # a rep began (the metronome)
    {"type": "count", "count"}  {"type": "hint", "message"}   # on reconnect, paused

States: ``framing`` (the framing check of :mod:`._live_framing`; nothing counts
until the start position is held ~1 s), ``counting``, ``paused`` (tab hidden or
camera lost: the rep in progress is dropped, the count stays), ``ended``.

Times: each connection's browser clock is rebased onto the set's own clock, so a
reload (a new connection, a new browser clock) continues the same set after a gap:
the analyser closes the stretch there and nothing is counted twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.analyser import SetAnalyser
from pushback.analysis.faults import FAULTS, catalog_cue
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.reps import Rep, RepEvent
from pushback.analysis.result import AnalysisResult, summarise_tempo
from pushback.domain.catalog import load_catalog
from pushback.domain.tempo import descent_verdict
from pushback.i18n import N_, gettext
from pushback.i18n.phrases import localize
from pushback.services.filming._live_framing import (
    HOLD_S,
    MIN_VISIBILITY,
    Framing,
    is_upright,
)
from pushback.services.filming._live_input import Limits, Message
from pushback.services.filming.analysis import prescribed_descent
from pushback.services.filming.form import REFERENCE_EXERCISE, judge_form

__all__ = ["LiveSet", "live_result_dict"]

FloatArray = NDArray[np.float64]
Event = dict[str, Any]
PEOPLE = N_("Someone else came into view: following the one in the push-up position.")
#: The state in words (translated where shown).
STATE_WORDS = {
    "framing": N_("Checking the picture…"),
    "counting": N_("Counting."),
    "paused": N_("Paused: the count is kept. Get back into position to go on."),
    "ended": N_("Set ended."),
}


@dataclass
class _Clock:
    """Maps one connection's browser times onto the set's clock."""

    offset_s: float | None = None


class LiveSet:
    """One live set (see the module docstring); one stream at a time drives it."""

    def __init__(
        self,
        *,
        exercise: str,
        width: float,
        height: float,
        limits: Limits | None = None,
    ) -> None:
        catalog = load_catalog()
        self.exercise = catalog.get(exercise).slug
        self._entry = catalog.get(self.exercise)
        self._fallback = catalog.get(REFERENCE_EXERCISE)
        descent_s, source = prescribed_descent(self.exercise)
        self.analyser = SetAnalyser(
            prescribed_descent_s=descent_s, tempo_source=source, keep_signal=False
        )
        self.limits = limits or Limits()
        self.width, self.height = width, height
        self.framing = Framing(width, height)
        self.state = "framing"
        self._times: list[float] = []
        self._points: list[FloatArray] = []
        self._clock = _Clock()
        self._last_t = 0.0
        self._last_wall = time.monotonic()
        self._stop_said = False
        self._jumps_seen = 0
        self._followed: FloatArray | None = None
        self._other_seen = False
        self._hint = ""
        #: When the start position began (s, set clock): reps from then on count.
        self._armed_at: float | None = None
        self.result: AnalysisResult | None = None

    # -- connection ------------------------------------------------------------

    def attach(self, message: Message) -> list[Event]:
        """A (re)connected browser: a new clock; returns the current status."""
        self._clock = _Clock()
        size = (message.data["width"], message.data["height"])
        if size != (self.width, self.height):
            self.width, self.height = size
            self.framing = Framing(*size)
        if self.state == "counting":
            self.state = "paused"
        return [self.status(), self.count_event()]

    def status(self) -> Event:
        """The current state in words."""
        hint = self._hint if self.state == "framing" else ""
        words = hint or gettext(STATE_WORDS[self.state])
        return {"type": "status", "state": self.state, "message": words}

    def count_event(self) -> Event:
        """The count so far (sent on reconnect)."""
        return {"type": "count", "count": self._judged().rep_count}

    # -- messages ----------------------------------------------------------------

    def pause(self) -> list[Event]:
        """Tab hidden or camera lost: drop the rep in progress, keep the count."""
        if self.state in ("ended", "paused"):
            return []
        events = self._rep_events(self.analyser.finish()) if self._times else []
        self.state = "paused"
        self.framing.reset()
        return [*events, self.status()]

    def frame(self, t_browser_s: float, normalised: FloatArray | None) -> list[Event]:
        """One frame: browser time (s) and points (33, 4) normalised, or None."""
        if self.state == "ended":
            return []
        t_s = self._set_time(t_browser_s)
        points = None if normalised is None else self._to_pixels(normalised)
        if self.state in ("framing", "paused"):
            return self._framing(t_s, points)
        return self._count(t_s, points)

    def end(self) -> list[Event]:
        """End the set: the last events and the final result."""
        if self.state == "ended":
            return []
        events = self._rep_events(self.analyser.finish())
        self.state = "ended"
        self.result = self._judged()
        return [*events, self.status()]

    # -- internals ---------------------------------------------------------------

    def _set_time(self, t_browser_s: float) -> float:
        now = time.monotonic()
        if self._clock.offset_s is None:
            gap = max(now - self._last_wall, 0.0) if self._times else 0.0
            self._clock.offset_s = self._last_t + gap - t_browser_s
        self._last_wall = now
        # Browser times increase (checked by the socket); adding the offset may round
        # two close ones to the same value: keep the set's clock strictly increasing.
        t_s = max(t_browser_s + self._clock.offset_s, self._last_t + 1e-6)
        self._last_t = t_s
        return t_s

    def _to_pixels(self, normalised: FloatArray) -> FloatArray:
        points = np.array(normalised, dtype=np.float64, copy=True)
        points[:, 0] *= self.width
        points[:, 1] *= self.height
        points[:, 2] *= self.width
        return points

    def _framing(self, t_s: float, points: FloatArray | None) -> list[Event]:
        """Frames before the start hold (or after a pause) go to the analysis too,
        but reps that began before the first hold are never counted."""
        check = self.framing.check(t_s, points)
        events: list[Event] = []
        if check.armed:
            self.state = "counting"
            if self._armed_at is None:
                self._armed_at = t_s - HOLD_S
            events.append(self.status())
        elif check.hint != self._hint:
            self._hint = check.hint
            paused = self.state == "paused"
            events.append(
                {"type": "hint", "message": check.hint} if paused else self.status()
            )
        return events + self._count(t_s, points)

    def _count(self, t_s: float, points: FloatArray | None) -> list[Event]:
        if t_s - (self._times[0] if self._times else t_s) > self.limits.max_set_s:
            return self.end()
        events: list[Event] = []
        if points is not None and is_upright(points):
            # Standing up, or someone else: not the push-up. Far from the body
            # being followed, it is someone else: say so once per visit.
            if self._is_elsewhere(points) and not self._other_seen:
                events.append({"type": "people", "message": gettext(PEOPLE)})
            self._other_seen = True
            points = None
        elif points is not None:
            self._other_seen = False
            self._followed = _centre(points)
        self._times.append(t_s)
        self._points.append(points if points is not None else np.full((33, 4), np.nan))
        events += self._rep_events(self.analyser.push(t_s, points))
        jumps = sum("jumped" in w for w in self.analyser.warnings)
        if jumps > self._jumps_seen:
            self._jumps_seen = jumps
            events.append({"type": "people", "message": gettext(PEOPLE)})
        return events

    def _is_elsewhere(self, points: FloatArray) -> bool:
        """Whether a body is farther from the one followed than a quarter picture."""
        if self._followed is None:
            return False
        moved = np.hypot(*(_centre(points) - self._followed))
        return bool(np.isfinite(moved) and moved > 0.25 * max(self.width, self.height))

    def _rep_events(self, found: list[RepEvent]) -> list[Event]:
        events: list[Event] = []
        for event in found:
            if event.kind == "rep" and event.rep is not None:
                events += self._on_rep(event.rep)
            elif event.kind == "descent" and self.state == "counting":
                events.append({"type": "descent"})
        return events

    def _series(self) -> KeypointSeries:
        return KeypointSeries.create(
            t_s=self._times,
            points=np.asarray(self._points, dtype=np.float64).reshape(-1, 33, 4),
            width_px=max(int(self.width), 1),
            height_px=max(int(self.height), 1),
            frame_rate_hz=30.0,
            model="browser",
            source="live camera",
        )

    def _judged(self) -> AnalysisResult:
        result = self.analyser.result()
        armed = self._armed_at
        reps = [r for r in result.reps if armed is not None and r.start_s >= armed]
        if len(reps) != len(result.reps):
            reps = [replace(r, index=i) for i, r in enumerate(reps, start=1)]
            tempo = result.tempo
            result = replace(
                result,
                reps=tuple(reps),
                tempo=summarise_tempo(
                    reps,
                    prescribed_descent_s=tempo.prescribed_descent_s,
                    tolerance_s=tempo.tolerance_s,
                    source=tempo.source,
                ),
            )
        if not result.reps:
            return result
        return judge_form(result, self._series(), self.exercise)

    def _on_rep(self, rep: Rep) -> list[Event]:
        if self._armed_at is None or rep.start_s < self._armed_at:
            return []  # moving into position: not counted
        judged = self._judged()
        count = judged.rep_count
        last = judged.reps[-1] if judged.reps else rep
        tempo = judged.tempo
        descent = last.descent_s
        side = descent_verdict(
            descent,
            target_s=tempo.prescribed_descent_s,
            tolerance_s=tempo.tolerance_s,
            close_s=tempo.close_s,
        ).side
        verdict = "on target" if side == "on" else side  # the page's contract
        faults = [
            {
                "code": code,
                "title": gettext(FAULTS[code].title),
                "cue": localize(catalog_cue(code, self._entry, self._fallback)),
            }
            for code in last.faults
        ]
        # Spoken: the count, and "slower" after a fast descent.
        say = (
            gettext("%(count)s, slower", count=count)
            if verdict == "fast"
            else str(count)
        )
        events: list[Event] = [
            {
                "type": "rep",
                "count": count,
                "descent_s": round(descent, 2),
                "target_s": tempo.prescribed_descent_s,
                "tempo": verdict,
                "say": say,
                "faults": faults,
            }
        ]
        stop = judged.form.stop_at_rep if judged.form is not None else None
        if stop is not None and not self._stop_said:
            self._stop_said = True
            events.append(
                {
                    "type": "stop",
                    "rep": stop,
                    "message": _stop_words(stop),
                    "say": gettext("Stop here"),
                }
            )
        return events


def live_result_dict(live: LiveSet) -> dict[str, Any]:
    """The finished set's analysis in the JSON of ``pushback analyze --json``, marked
    as counted live by the camera (``"source": "camera"``)."""
    result = live.result if live.result is not None else live.analyser.result()
    out = result.to_dict()
    out["source"] = "camera"
    return out


def _stop_words(rep: int) -> str:
    """Why to stop, for the person: where the form broke and stayed broken."""
    if rep > 1:
        return gettext(
            "your form broke at rep %(rep)s and stayed broken. End the set after "
            "rep %(last)s.",
            rep=rep,
            last=rep - 1,
        )
    return gettext("your form was off from the first rep. End the set here.")


def _centre(points: FloatArray) -> FloatArray:
    """Middle of the seen shoulders and hips (px)."""
    torso = points[[11, 12, 23, 24]]
    seen = torso[torso[:, 3] >= MIN_VISIBILITY, :2]
    if not len(seen):
        return np.array([np.nan, np.nan])
    return np.asarray(seen.mean(axis=0), dtype=np.float64)
