"""``/api/v1/exercises``: the catalog, as ``pushback exercises --json`` prints it.

Public like the catalog pages: the catalog is reference material, not user data.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pushback.domain.errors import InvalidInput
from pushback.services import coach
from pushback.web.forms import FieldErrors, optional_whole_number

__all__ = ["router"]

router = APIRouter(tags=["exercises"])


@router.get("/exercises")
def list_exercises(
    category: Annotated[
        str | None, Query(description="push, pull, scapular, ...")
    ] = None,
    equipment: Annotated[
        list[str] | None, Query(description="Equipment you have (repeatable).")
    ] = None,
    step: Annotated[str | None, Query(description="Ladder step.")] = None,
) -> dict[str, Any]:
    """The catalog, filtered as ``pushback exercises`` filters it."""
    errors: FieldErrors = {}
    number = optional_whole_number({"step": step}, "step", errors)
    if errors:
        raise InvalidInput("step", step, "a whole number (a ladder step)")
    return coach.exercises_json(
        category=category,
        equipment=tuple(equipment) if equipment else None,
        step=number,
    )


@router.get("/exercises/{slug}")
def show_exercise(slug: str) -> dict[str, Any]:
    """One exercise with its citations, as ``pushback exercises show SLUG --json``."""
    return coach.exercise_json(slug)
