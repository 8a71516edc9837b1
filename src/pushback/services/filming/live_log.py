"""Use case: log a set counted live by the camera, with its per-rep analysis.

The set goes in as a guided-workout set
(:func:`pushback.services.training.workout.log_guided_set`, under the browser's
idempotency key, so a resent save stores it once) with the count the person confirmed or
corrected. In the same transaction its analysis (descent of
every rep, faults, ``stop_at_rep``) fills the journal's video columns, as an uploaded
video's does, and a finished ``live-set`` job keeps the whole analysis (marked
``"source": "camera"``) for the progress page and the dashboard
(:mod:`pushback.services.filming.history`). A filmed retest becomes the test
(:func:`~pushback.services.training._adapt.adapt_to_film`), as for uploads.
"""

from __future__ import annotations

from typing import Any

from pushback.journal.records import UserRecord
from pushback.journal.repository import jobs as job_store
from pushback.journal.repository import training as training_store
from pushback.services.filming.history import LIVE_SET
from pushback.services.filming.uploads import set_analysis
from pushback.services.training._adapt import adapt_to_film
from pushback.services.training.workout import GuidedSet, log_guided_set
from pushback.services.unit import Work

__all__ = ["LIVE_SET", "log_live_set"]


def log_live_set(  # noqa: PLR0913 - keyword-only parts of one saved set
    work: Work,
    user: UserRecord,
    *,
    client_key: str,
    data: dict[str, Any],
    analysis: dict[str, Any] | None,
    logged_at: str | None = None,
) -> GuidedSet:
    """Store the set ``data`` (journal set keys; ``reps`` is the confirmed count) and,
    when the live analysis is still known, its analysis; committed together.

    Raises:
        InvalidInput: a bad field (named).
        Conflict: the key is another account's.
    """
    notes = "counted live by the camera"
    if analysis is not None:
        camera = int(analysis.get("rep_count") or 0)
        if data.get("reps") is not None and data["reps"] != camera:
            notes += f" ({camera} counted, corrected to {data['reps']})"
        stop = analysis.get("stop_at_rep")
        if stop is not None and stop <= int(data.get("reps") or 0):
            data["form_broke"] = True
        data["notes"] = notes

    def store_analysis(stored: GuidedSet) -> None:
        if analysis is None or stored.entry.id is None:
            return
        training_store.record_set_analysis(
            work.session,
            user_id=user.id,
            set_id=stored.entry.id,
            analysis=set_analysis(analysis),
        )
        job_store.add_finished_job(
            work.session,
            user_id=user.id,
            kind=LIVE_SET,
            result={"analysis": analysis, "exercise": data.get("exercise")},
            now=work.clock(),
            set_id=stored.entry.id,
        )
        adapt_to_film(work.session, work.clock(), user, stored.session_id)

    return log_guided_set(
        work,
        user,
        client_key=client_key,
        data=data,
        logged_at=logged_at,
        on_stored=store_analysis,
    )
