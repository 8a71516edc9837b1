"""Nutrition: protein and vitamin D targets and a day of foods, from the core.

The query string can override what the saved assessment gives (weight, age, sex)
and add the optional energy inputs; problems show next to their fields.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pushback.domain.errors import InvalidInput
from pushback.domain.nutrition import SEXES, load_foods, load_nutrition_reference
from pushback.domain.translations import localize_food
from pushback.i18n import current_language
from pushback.services.coaching import nutrition
from pushback.services.coaching import views as web_service
from pushback.services.coaching.nutrition import NutritionQuery
from pushback.web.deps import CurrentUser, SettingsDep, WorkDep
from pushback.web.forms import FieldErrors, optional_number, optional_whole_number
from pushback.web.templating import render

__all__ = ["nutrition_query", "router"]

router = APIRouter(include_in_schema=False)


def nutrition_query(
    params: dict[str, Any], defaults: dict[str, Any], errors: FieldErrors
) -> NutritionQuery:
    """A query from the form's fields, falling back to the profile's values."""
    weight = optional_number(params, "weight", errors)
    unit = params.get("weight_unit") or "kg"
    if weight is None:
        weight, unit = defaults.get("weight_kg"), "kg"
    age = optional_whole_number(params, "age", errors)
    sex = params.get("sex") or defaults.get("sex")
    return NutritionQuery(
        weight_kg=weight if unit == "kg" else None,
        weight_lb=weight if unit == "lb" else None,
        age=age if age is not None else defaults.get("age"),
        sex=str(sex) if sex else None,
        meals=optional_whole_number(params, "meals", errors),
        height_cm=optional_number(params, "height_cm", errors),
        activity=str(params.get("activity") or "") or None,
        exclude=tuple(str(v) for v in params.get("exclude", ())),
    )


@router.get("/nutrition")
def nutrition_page(
    request: Request, work: WorkDep, settings: SettingsDep, user: CurrentUser
) -> HTMLResponse:
    """Targets for the user's weight (from the assessment, or typed in)."""
    params: dict[str, Any] = dict(request.query_params)
    params["exclude"] = request.query_params.getlist("exclude")
    profile = web_service.latest_profile(work, user)
    defaults = {
        "weight_kg": profile.body_mass_kg if profile else None,
        "age": profile.age if profile else None,
        "sex": profile.sex if profile else None,
    }
    errors: FieldErrors = {}
    query = nutrition_query(params, defaults, errors)
    targets = None
    if not errors and (query.weight_kg is not None or query.weight_lb is not None):
        try:
            targets = nutrition.targets_dict(
                nutrition.nutrition_targets(settings, query)
            )
        except InvalidInput as error:
            errors[_FORM_FIELD.get(error.field or "", error.field or "form")] = (
                error.message
            )
    context = {
        "targets": targets,
        "errors": errors,
        "params": params,
        "defaults": defaults,
        "sexes": SEXES,
        "foods": [localize_food(food, current_language()) for food in load_foods()],
        "activities": tuple(load_nutrition_reference().energy.activity_factors),
    }
    return render(
        request, "pages/nutrition.html", context, status_code=422 if errors else 200
    )


_FORM_FIELD = {"weight_kg": "weight", "weight_lb": "weight"}
