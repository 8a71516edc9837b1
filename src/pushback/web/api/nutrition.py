"""``/api/v1/nutrition``: targets as ``pushback nutrition --json`` prints them.

Without a weight, body mass, age and sex come from your newest assessment (the CLI
reads its saved profile the same way). Limits that live in the nutrition data
(meals a day, height, activity levels, food slugs) are checked there: a value out
of them is a 422 naming the parameter.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from pushback.domain.assessment import AGE_RANGE, BODY_MASS_KG_RANGE, BODY_MASS_LB_RANGE
from pushback.services.coaching import views as web_service
from pushback.services.coaching.nutrition import NutritionQuery
from pushback.web.api.schemas.common import AUTHENTICATED, LOGIN, documented
from pushback.web.api.schemas.nutrition import NutritionOut
from pushback.web.deps import CurrentUser, WorkDep

__all__ = ["router"]

router = APIRouter(tags=["nutrition"], dependencies=LOGIN)

WeightKg = Annotated[
    float | None, Query(ge=BODY_MASS_KG_RANGE[0], le=BODY_MASS_KG_RANGE[1])
]
WeightLb = Annotated[
    float | None,
    Query(
        ge=BODY_MASS_LB_RANGE[0],
        le=BODY_MASS_LB_RANGE[1],
        description="Instead of weight_kg.",
    ),
]
Age = Annotated[int | None, Query(ge=AGE_RANGE[0], le=AGE_RANGE[1])]
Meals = Annotated[int | None, Query(ge=1, description="Meals a day (default 4).")]
HeightCm = Annotated[
    float | None,
    Query(gt=0, description="With age and sex, adds an energy estimate."),
]
Activity = Annotated[
    str | None,
    Query(description="Activity level for the energy estimate (needs height_cm)."),
]


@router.get("/nutrition", **documented(NutritionOut, *AUTHENTICATED, 422))
def get_nutrition(
    work: WorkDep,
    user: CurrentUser,
    weight_kg: WeightKg = None,
    weight_lb: WeightLb = None,
    age: Age = None,
    sex: Annotated[Literal["female", "male"] | None, Query()] = None,
    meals: Meals = None,
    height_cm: HeightCm = None,
    activity: Activity = None,
    exclude: Annotated[
        list[str] | None, Query(description="Food slugs to leave out.")
    ] = None,
) -> dict[str, Any]:
    """Protein and vitamin D targets and a day of foods reaching the protein target.

    422 (``weight_kg``) when no weight is given and your assessment has none.
    """
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
