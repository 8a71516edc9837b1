"""The progress report: series for the progress summary and charts (pure data).

Built from the journal by :func:`pushback.services.training.journal.progress`;
drawn by :mod:`pushback.render.charts` and the web app's progress page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["ProgressReport"]


@dataclass(frozen=True)
class ProgressReport:
    """Series for the progress summary and charts (dates are local)."""

    user: str
    units: str
    since: date
    weekly_hard_sets: dict[date, dict[str, float]]
    best_clean_reps: dict[str, list[tuple[date, int]]]
    ladder_steps: list[tuple[date, int]]
    rir_trend: list[tuple[date, float]]
    body_weight_kg: list[tuple[date, float]]
    sessions: int
    sets: int
    streak_weeks: int
    #: Catalog names of the exercises in the series (slug -> name), for legends.
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``pushback progress --json``, ``GET /api/v1/progress``)."""
        return {
            "user": self.user,
            "units": self.units,
            "since": self.since.isoformat(),
            "sessions": self.sessions,
            "sets": self.sets,
            "streak_weeks": self.streak_weeks,
            "weekly_hard_sets": {
                week.isoformat(): groups
                for week, groups in self.weekly_hard_sets.items()
            },
            "best_clean_reps": {
                slug: [[day.isoformat(), reps] for day, reps in points]
                for slug, points in self.best_clean_reps.items()
            },
            "ladder_steps": [
                [day.isoformat(), step] for day, step in self.ladder_steps
            ],
            "rir_trend": [[day.isoformat(), rir] for day, rir in self.rir_trend],
            "body_weight_kg": [
                [day.isoformat(), kg] for day, kg in self.body_weight_kg
            ],
            "names": dict(self.names),
        }
