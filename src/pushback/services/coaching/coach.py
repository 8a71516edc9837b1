"""Coach use cases: assess and save the profile, load it, build the plan.

The profile lives in ``settings.profile_path`` (``PUSHBACK_DATA_DIR/profile.json``)
until the journal takes over. Writes are atomic (temporary file + ``os.replace``),
so a crash never leaves half a profile; a broken file raises :class:`InvalidInput`
naming the file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pushback import i18n
from pushback.domain.assessment import (
    Assessment,
    AssessmentAnswers,
    answers_of,
    assess,
    build_profile,
)
from pushback.domain.catalog import CATEGORIES, Catalog, Exercise, load_catalog
from pushback.domain.errors import InvalidInput, NotFound, StorageError
from pushback.domain.phrases import msg, read_words
from pushback.domain.plans import WEEKS_RANGE, Plan, build_plan
from pushback.domain.profile import Profile
from pushback.domain.translations import localized_catalog
from pushback.settings import Settings

__all__ = [
    "EXERCISE_ROW_KEYS",
    "PlanResult",
    "assess_and_save",
    "catalog",
    "exercise_json",
    "exercises_json",
    "list_exercises",
    "load_profile",
    "make_plan",
    "parse_date",
    "preview_assessment",
    "save_profile",
]


def catalog() -> Catalog:
    """The shipped exercise catalog, its text in the current language
    (:mod:`pushback.domain.translations`; cached, checked on first load)."""
    return localized_catalog(i18n.current_language())


def list_exercises(
    *,
    category: str | None = None,
    equipment: tuple[str, ...] | None = None,
    step: int | None = None,
) -> tuple[Exercise, ...]:
    """Catalog entries filtered by category, equipment the user has, ladder step,
    in catalog order: category, main path before side variants, ladder step."""
    found = catalog().filter(category=category, equipment=equipment, step=step)
    return tuple(sorted(found, key=_catalog_order))


def _catalog_order(exercise: Exercise) -> tuple[int, int, int]:
    side = 0 if exercise.branch == "main" else 1
    return CATEGORIES.index(exercise.category), side, exercise.ladder_step or 0


#: The keys of one row of ``pushback exercises --json`` (plus ``evidence_grade``).
EXERCISE_ROW_KEYS: tuple[str, ...] = (
    "slug", "name", "category", "branch", "ladder_step", "equipment", "unit",
    "rep_range", "duration_s", "tempo", "rest_s", "back_stars",
)  # fmt: skip


def exercises_json(
    *,
    category: str | None = None,
    equipment: tuple[str, ...] | None = None,
    step: int | None = None,
) -> dict[str, Any]:
    """``pushback exercises --json`` and ``GET /api/v1/exercises``:
    ``{"exercises": [rows]}`` in catalog order."""
    rows = []
    for exercise in list_exercises(category=category, equipment=equipment, step=step):
        data = exercise.to_dict()
        row = {key: data[key] for key in EXERCISE_ROW_KEYS}
        row["evidence_grade"] = exercise.evidence.grade
        rows.append(row)
    return {"exercises": rows}


def exercise_json(slug: str) -> dict[str, Any]:
    """``pushback exercises show SLUG --json``: every field plus ``citations`` and
    ``muscle_names``, text in the current language. Raises NotFound for an
    unknown slug."""
    found = catalog()
    exercise = found.get(slug)
    data = exercise.to_dict()
    data["citations"] = [
        {"id": s.id, "citation": s.citation, "url": s.url, "kind": s.kind}
        for s in (found.source(i) for i in exercise.source_ids())
    ]
    roles = exercise.primary_muscles + exercise.secondary_muscles
    data["muscle_names"] = {r.muscle: found.muscle(r.muscle).name for r in roles}
    return data


def save_profile(profile: Profile, settings: Settings) -> Path:
    """Write the profile as JSON atomically; returns the path written.

    Raises :class:`StorageError` when the data dir cannot be written.
    """
    path = settings.profile_path
    text = json.dumps(profile.to_dict(), indent=2, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=".profile-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise StorageError(
            msg(
                "Cannot write the profile to %(path)s: %(strerror)s",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    return path


def load_profile(settings: Settings) -> Profile:
    """Read and re-check the saved profile.

    Raises :class:`NotFound` when there is none (run ``pushback assess``) and
    :class:`InvalidInput` naming the file when it is broken.
    """
    path = settings.profile_path
    if not path.is_file():
        raise NotFound(
            msg("No saved profile at %(path)s: run `pushback assess` first.", path=path)
        )
    expected = msg("a profile saved by `pushback assess` (run it again to replace it)")
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        profile = Profile.from_dict(data)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        raise InvalidInput(str(path), _short(error), expected) from None
    try:
        checked = build_profile(answers_of(profile), load_catalog())
    except InvalidInput as error:
        raise InvalidInput(str(path), error.message, expected) from None
    return replace(checked, parq_answered=profile.parq_answered)


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:120]


def preview_assessment(answers: AssessmentAnswers) -> Assessment:
    """Check the answers and assess them without saving anything."""
    cat = load_catalog()
    return assess(build_profile(answers, cat), cat)


def assess_and_save(
    answers: AssessmentAnswers, settings: Settings
) -> tuple[Assessment, Path]:
    """Check the answers, assess them and save the profile (only if all is valid)."""
    assessment = preview_assessment(answers)
    return assessment, save_profile(assessment.profile, settings)


@dataclass(frozen=True)
class PlanResult:
    """A plan with the assessment it was built from and its start date."""

    assessment: Assessment
    plan: Plan
    start: date

    def to_dict(self) -> dict[str, Any]:
        """The plan JSON contract plus ``start``, ``ladder_step`` and the profile."""
        return {
            "start": self.start.isoformat(),
            "ladder_step": self.assessment.step.step,
            "ladder_variant": self.assessment.step.slug,
            "profile": self.assessment.profile.to_dict(),
            # The JSON contract is English text: the phrases' recipes ("words",
            # kept for storage) are left out.
            **read_words(self.plan.to_dict()),
        }


def parse_date(text: str | None, today: date, field: str = "start") -> date:
    """Parse an ISO date (``2025-01-31``); None gives ``today``.

    Raises :class:`InvalidInput` naming ``field``.
    """
    if text is None:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, text, msg("an ISO date like 2025-01-31")) from None


def make_plan(
    settings: Settings,
    *,
    answers: AssessmentAnswers | None,
    weeks: object = 4,
    start: date,
) -> PlanResult:
    """Build the plan from ``answers`` if given (nothing saved), else the saved profile.

    Raises :class:`InvalidInput` for bad answers or weeks, :class:`NotFound` when
    no profile is saved, :class:`NotAllowed` when clearance must come first.
    """
    cat = load_catalog()
    profile = build_profile(answers, cat) if answers else load_profile(settings)
    number = _weeks(weeks)
    assessment = assess(profile, cat)
    return PlanResult(assessment, build_plan(profile, cat, weeks=number), start)


def _weeks(value: object) -> int:
    low, high = WEEKS_RANGE
    expected = msg("a whole number between %(low)s and %(high)s", low=low, high=high)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput("weeks", value, expected)
    try:
        return int(value)
    except ValueError:
        raise InvalidInput("weeks", value, expected) from None
