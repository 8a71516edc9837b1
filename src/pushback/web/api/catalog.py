"""``/api/v1/exercises``: the catalog, as ``pushback exercises --json`` prints it.

Public like the catalog pages: the catalog is reference material, not user data.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pushback.domain.catalog import Category
from pushback.services.coaching import coach
from pushback.web.api.schemas.catalog import ExerciseOut, ExercisesOut
from pushback.web.api.schemas.coach import EquipmentName
from pushback.web.api.schemas.common import documented

__all__ = ["router"]

router = APIRouter(tags=["exercises"])


@router.get("/exercises", **documented(ExercisesOut, 422))
def list_exercises(
    category: Annotated[Category | None, Query()] = None,
    equipment: Annotated[
        list[EquipmentName] | None,
        Query(description="Equipment you have (repeatable)."),
    ] = None,
    step: Annotated[int | None, Query(ge=1, description="Ladder step.")] = None,
) -> dict[str, Any]:
    """The catalog, filtered as ``pushback exercises`` filters it (an unknown
    ladder step is a 422)."""
    return coach.exercises_json(
        category=category,
        equipment=tuple(equipment) if equipment else None,
        step=step,
    )


@router.get("/exercises/{slug}", **documented(ExerciseOut, 404, 422))
def show_exercise(slug: str) -> dict[str, Any]:
    """One exercise with its citations, as ``pushback exercises show SLUG --json``."""
    return coach.exercise_json(slug)
