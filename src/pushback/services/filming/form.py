"""Use case: judge the form of an analysed set against its catalog exercise.

Called by :mod:`pushback.services.filming.analysis` right after the reps are
segmented, so ``pushback analyze``, the web app and ``pushback log --video`` all
get the same faults, feedback and ``stop_at_rep``.
"""

from __future__ import annotations

from pushback.analysis.faults import DEFAULT_FORM_CONFIG, FormConfig
from pushback.analysis.feedback import assess_form
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.result import AnalysisResult
from pushback.domain.catalog import load_catalog

__all__ = ["REFERENCE_EXERCISE", "is_form_broken", "judge_form"]

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
