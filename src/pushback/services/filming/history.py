"""The video side of progress: tempo compliance and form faults over time.

Built from the user's finished ``analyse-video`` jobs and the sets counted live by
the camera (``live-set``, :mod:`pushback.services.filming.live_log`), so
the dashboard can show the last report and the progress page how the descent and
the faults change from one filmed set to the next.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pushback.journal import Session
from pushback.journal.repository import jobs as job_store
from pushback.journal.repository.jobs import JobEntry
from pushback.services.filming.uploads import ANALYSE_VIDEO

#: The job kind of a set counted live (``services.live_log.LIVE_SET``; not imported
#: from there, which imports the workout use cases).
LIVE_SET = "live-set"

__all__ = ["HISTORY_LIMIT", "FilmedSet", "VideoHistory", "video_history"]

#: How many analysed videos the history looks back over.
HISTORY_LIMIT = 30


@dataclass(frozen=True)
class FilmedSet:
    """One analysed video, summarised."""

    job_id: int
    analysed_at: datetime
    exercise: str
    rep_count: int
    reps_timed: int
    reps_on_target: int
    prescribed_descent_s: float | None
    median_descent_s: float | None
    stop_at_rep: int | None
    faults: dict[str, int]

    @property
    def on_target_pct(self) -> int | None:
        """Share of timed descents on the target, in percent (None: none timed)."""
        if not self.reps_timed:
            return None
        return round(100 * self.reps_on_target / self.reps_timed)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (API and charts)."""
        return {
            "job_id": self.job_id,
            "analysed_at": self.analysed_at.isoformat(),
            "exercise": self.exercise,
            "rep_count": self.rep_count,
            "reps_timed": self.reps_timed,
            "reps_on_target": self.reps_on_target,
            "on_target_pct": self.on_target_pct,
            "prescribed_descent_s": self.prescribed_descent_s,
            "median_descent_s": self.median_descent_s,
            "stop_at_rep": self.stop_at_rep,
            "faults": dict(self.faults),
        }


@dataclass(frozen=True)
class VideoHistory:
    """Analysed videos oldest first, fault totals, and the newest one."""

    sets: tuple[FilmedSet, ...] = ()
    fault_totals: dict[str, int] = field(default_factory=dict)

    @property
    def last(self) -> FilmedSet | None:
        """The newest analysed video."""
        return self.sets[-1] if self.sets else None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "sets": [item.to_dict() for item in self.sets],
            "fault_totals": dict(self.fault_totals),
        }


def _filmed(job: JobEntry) -> FilmedSet | None:
    analysis = (job.result or {}).get("analysis")
    if job.status != "done" or not isinstance(analysis, dict):
        return None
    tempo = analysis.get("tempo") or {}
    faults = Counter(
        code for rep in analysis.get("reps") or [] for code in rep.get("faults") or []
    )
    return FilmedSet(
        job_id=job.id,
        analysed_at=job.finished_at or job.created_at,
        exercise=str((job.result or {}).get("exercise") or ""),
        rep_count=int(analysis.get("rep_count") or 0),
        reps_timed=int(tempo.get("reps_timed") or 0),
        reps_on_target=int(tempo.get("reps_on_target") or 0),
        prescribed_descent_s=tempo.get("prescribed_descent_s"),
        median_descent_s=tempo.get("median_descent_s"),
        stop_at_rep=analysis.get("stop_at_rep"),
        faults=dict(sorted(faults.items())),
    )


def video_history(
    session: Session, user_id: int, *, limit: int = HISTORY_LIMIT
) -> VideoHistory:
    """The user's analysed videos (newest ``limit``), oldest first."""
    jobs = sorted(
        (
            job
            for kind in (ANALYSE_VIDEO, LIVE_SET)
            for job in job_store.list_jobs(
                session, user_id=user_id, limit=limit, kind=kind
            )
        ),
        key=lambda job: (job.created_at, job.id),
        reverse=True,
    )[:limit]
    filmed = [item for job in reversed(jobs) if (item := _filmed(job)) is not None]
    totals: Counter[str] = Counter()
    for item in filmed:
        totals.update(item.faults)
    return VideoHistory(tuple(filmed), dict(totals.most_common()))
