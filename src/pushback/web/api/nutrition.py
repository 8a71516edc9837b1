"""``/api/v1/nutrition``: targets as ``pushback nutrition --json`` prints them.

Without a weight, body mass, age and sex come from your newest assessment (the CLI
reads its saved profile the same way).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from pushback.services import web as web_service
from pushback.services.nutrition import NutritionQuery
from pushback.web.deps import CurrentUser, WorkDep

__all__ = ["router"]

router = APIRouter(tags=["nutrition"])


@router.get("/nutrition")
def get_nutrition(
    work: WorkDep,
    user: CurrentUser,
    weight_kg: float | None = None,
    weight_lb: float | None = None,
    age: int | None = None,
    sex: str | None = None,
    meals: int | None = None,
    height_cm: float | None = None,
    activity: str | None = None,
    exclude: Annotated[
        list[str] | None, Query(description="Food slugs to leave out.")
    ] = None,
) -> dict[str, Any]:
    """Protein and vitamin D targets and a day of foods reaching the protein target."""
    query = NutritionQuery(
        weight_kg=weight_kg,
        weight_lb=weight_lb,
        age=age,
        sex=sex,
        meals=meals,
        height_cm=height_cm,
        activity=activity,
        exclude=tuple(exclude or ()),
    )
    return web_service.nutrition_json(work, user, query)
