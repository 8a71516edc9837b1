"""Use case: log a set with the video it was filmed in (``pushback log --video``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.journal import repository as repo
from pushback.journal.records import UserRecord
from pushback.services.filming import analysis, uploads
from pushback.services.filming.form import is_form_broken
from pushback.services.training import journal as journal_service
from pushback.services.training._adapt import adapt_to_film
from pushback.services.training.journal import LogResult
from pushback.services.unit import Work

__all__ = ["log_filmed_set"]


def log_filmed_set(
    work: Work, user: UserRecord, *, data: dict[str, Any], video: Path
) -> list[LogResult]:
    """Log ``data`` (sessions as for ``journal.log_sessions``) whose LAST set was
    filmed in ``video``: that set gets the counted reps when its ``reps`` is None,
    ``form_broke`` when the form broke (:func:`is_form_broken`), and the analysis
    (descent times, faults, ``stop_at_rep``) in the journal's video columns.

    Use case: the sets, the plan's adaptation and the analysis are committed
    together (the video is analysed first, outside any transaction). Returns the
    journal's log results.

    Raises:
        InvalidInput: no set to attach the video to, or a bad video.
        AnalysisFailed: the video packages are missing.
    """
    # imported here: services.analysis imports this module (judge_form)

    sets = data.get("sets") if isinstance(data, dict) else None
    if not sets:
        raise InvalidInput(
            "video", str(video), msg("a set logged with it (--exercise)")
        )
    filmed = sets[-1]
    done = analysis.analyse_video(
        video, settings=work.settings, exercise=filmed.get("exercise", "push-up")
    )
    if filmed.get("reps") is None:
        filmed["reps"] = done.result.rep_count
    filmed["form_broke"] = bool(filmed.get("form_broke")) or is_form_broken(done.result)
    work.write()
    results = journal_service.store_sessions(work, user, data=data)
    stored = results[-1].session.sets[-1]
    repo.record_set_analysis(
        work.session,
        user_id=user.id,
        set_id=stored.id or 0,  # stored sets always have an id
        analysis=uploads.set_analysis(done.result.to_dict()),
    )
    # A filmed retest: the camera's clean-rep count is the test.
    last = results[-1]
    changes = adapt_to_film(work.session, work.clock(), user, last.session.id or 0)
    if changes:
        results[-1] = replace(last, changes=(*last.changes, *changes))
    work.commit()
    return results
