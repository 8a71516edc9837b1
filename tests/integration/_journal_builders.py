"""Builders for journal test data: ``make_set(reps=12, **overrides)`` style."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pushback.journal.records import SessionEntry, SetEntry

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def make_set(**overrides: Any) -> SetEntry:
    """A clean work set of push-ups at the top of an 8-12 window, 2 RIR."""
    values: dict[str, Any] = {
        "logged_at": T0,
        "slug": "push-up",
        "target_reps": 10,
        "target_rep_low": 8,
        "target_rep_high": 12,
        "target_tempo": "3-1-1-0",
        "target_rir": 2,
        "reps": 10,
        "tempo": "3-1-1-0",
        "rir": 2,
    }
    values.update(overrides)
    return SetEntry(**values)


def make_session(
    *, sets: int = 3, start: datetime = T0, **overrides: Any
) -> SessionEntry:
    """A finished 30-minute session of ``sets`` identical sets."""
    values: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "started_at": start,
        "ended_at": start + timedelta(minutes=30),
        "sleep_score": 4,
        "soreness_score": 2,
        "sets": tuple(
            make_set(logged_at=start + timedelta(minutes=3 * i)) for i in range(sets)
        ),
    }
    values.update(overrides)
    return SessionEntry(**values)
