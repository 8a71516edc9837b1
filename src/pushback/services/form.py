"""Use case: judge the form of an analysed set against its catalog exercise.

Called by :mod:`pushback.services.analysis` right after the reps are segmented, so
``pushback analyze``, the web app and ``pushback log --video`` all get the same
faults, feedback and ``stop_at_rep``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pushback.analysis.faults import DEFAULT_FORM_CONFIG, FormConfig
from pushback.analysis.feedback import assess_form
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.result import AnalysisResult
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from pushback.journal import repository as repo
from pushback.services._journal_adapt import adapt_to_film

if TYPE_CHECKING:  # services.analysis imports this module
    from pushback.journal.records import UserRecord
    from pushback.services.journal import LogResult, Work

__all__ = ["REFERENCE_EXERCISE", "is_form_broken", "judge_form", "log_filmed_set"]

#: The catalog entry whose cues back up an exercise that lacks one for a fault.
REFERENCE_EXERCISE = "push-up"


def judge_form(
    result: AnalysisResult,
    series: KeypointSeries,
    exercise: str,
    config: FormConfig = DEFAULT_FORM_CONFIG,
) -> AnalysisResult:
    """``result`` with every rep's faults, the feedback and ``stop_at_rep`` filled.

    Raises:
        NotFound: unknown exercise slug.
    """
    catalog = load_catalog()
    return assess_form(
        result,
        series,
        exercise=catalog.get(exercise),
        fallback=catalog.get(REFERENCE_EXERCISE),
        config=config,
    )


def is_form_broken(result: AnalysisResult) -> bool:
    """A set whose ``stop_at_rep`` comes before its last rep counts as "form broke"."""
    stop = result.form.stop_at_rep if result.form is not None else None
    return stop is not None and stop < result.rep_count


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
    from pushback.services import analysis, uploads
    from pushback.services import journal as journal_service

    sets = data.get("sets") if isinstance(data, dict) else None
    if not sets:
        raise InvalidInput("video", str(video), "a set logged with it (--exercise)")
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
