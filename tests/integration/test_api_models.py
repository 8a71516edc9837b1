"""Every answer the catalog and the coach can give fits the API's response models.

The models are strict (an unknown key is a server error, never a key dropped
silently), so every exercise and a spread of profiles and plans are checked here,
in-process, where a failure names the key.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from pushback.domain.assessment import AssessmentAnswers
from pushback.services.coaching import coach
from pushback.settings import Settings
from pushback.web.api.schemas.catalog import ExerciseOut, ExercisesOut
from pushback.web.api.schemas.coach import AssessmentOut, PlanOut


def test_every_exercise_fits_its_model() -> None:
    ExercisesOut.model_validate(coach.exercises_json())
    for exercise in coach.catalog().exercises.values():
        ExerciseOut.model_validate(coach.exercise_json(exercise.slug))


@pytest.mark.parametrize(
    ("max_pushups", "age", "goal", "conditions", "equipment"),
    list(itertools.product([0, 12, 40], [25, 70], [None, "endurance", "posture"],
                           [(), ("shoulder",)], [(), ("trx", "dumbbells", "table")])),
)  # fmt: skip
def test_assessments_and_plans_fit_their_models(  # noqa: PLR0913
    tmp_path: Path,
    max_pushups: int,
    age: int,
    goal: str | None,
    conditions: tuple[str, ...],
    equipment: tuple[str, ...],
) -> None:
    answers = AssessmentAnswers(
        max_pushups=max_pushups, variant="push-up", age=age, sex="female",
        weight_kg=70, equipment=equipment, days_per_week=3, conditions=conditions,
        parq="nnnnnnn", goal=goal,
    )  # fmt: skip
    assessment = coach.preview_assessment(answers)
    AssessmentOut.model_validate(assessment.to_dict())
    if assessment.plan_allowed:
        plan = coach.make_plan(
            Settings(data_dir=tmp_path), answers=answers, weeks=12,
            start=date(2026, 3, 2),
        )  # fmt: skip
        PlanOut.model_validate(plan.to_dict())
