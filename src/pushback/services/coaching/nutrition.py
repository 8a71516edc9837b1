"""Nutrition use case: targets from explicit values or the saved profile.

Front ends (``pushback nutrition``, the web app) call :func:`nutrition_targets` once
and render :meth:`NutritionTargets.to_dict` or its fields. With no weight in the
query, body mass, age and sex come from the profile ``pushback assess`` saved at
``Settings.profile_path`` (JSON of ``Profile.to_dict``); an age or sex given in the
query still wins. With a weight, the profile is not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pushback import i18n
from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.nutrition import (
    BODY_MASS_RANGE_KG,
    NutritionRequest,
    NutritionTargets,
    body_mass_kg_from,
    build_targets,
)
from pushback.domain.profile import Profile
from pushback.domain.translations import localize_food, localize_nutrition
from pushback.i18n.phrases import localize
from pushback.services.coaching import coach
from pushback.settings import Settings

__all__ = ["NutritionQuery", "nutrition_targets", "targets_dict"]

_PROFILE_EXPECTED = "a profile saved by `pushback assess` (run it again to replace it)"


@dataclass(frozen=True)
class NutritionQuery:
    """What a front end received; None means "not given" (use the profile)."""

    weight_kg: float | None = None
    weight_lb: float | None = None
    age: int | None = None
    sex: str | None = None
    meals: int | None = None
    height_cm: float | None = None
    activity: str | None = None
    exclude: tuple[str, ...] = ()


def _saved_profile(settings: Settings) -> Profile | None:
    """The saved, re-checked profile, or None when there is none.

    A broken profile file raises InvalidInput naming the file (``coach.load_profile``).
    """
    try:
        return coach.load_profile(settings)
    except NotFound:
        return None


def _missing_weight(profile_path: Path, has_profile: bool) -> InvalidInput:
    low, high = BODY_MASS_RANGE_KG
    where = "has no weight" if has_profile else "does not exist"
    return InvalidInput(
        "weight_kg",
        None,
        f"given ({low:g}-{high:g} kg, or weight_lb) or saved by `pushback assess` "
        f"(the profile {profile_path} {where})",
    )


def nutrition_targets(settings: Settings, query: NutritionQuery) -> NutritionTargets:
    """Compute the nutrition targets for ``query`` (or the saved profile, no weight).

    Raises InvalidInput for a bad value, for no weight anywhere, or for a broken
    profile file.
    """
    body_mass_kg = body_mass_kg_from(query.weight_kg, query.weight_lb)
    age, sex, from_profile = query.age, query.sex, []
    if body_mass_kg is None:
        profile = _saved_profile(settings)
        if profile is None or profile.body_mass_kg is None:
            raise _missing_weight(settings.profile_path, profile is not None)
        body_mass_kg, from_profile = profile.body_mass_kg, ["weight_kg"]
        if age is None and profile.age is not None:
            age = profile.age
            from_profile.append("age")
        if sex is None and profile.sex is not None:
            sex = profile.sex
            from_profile.append("sex")
    request = NutritionRequest(
        body_mass_kg=body_mass_kg,
        age_y=age,
        sex=sex,
        meals=query.meals,
        height_cm=query.height_cm,
        activity=query.activity,
        excluded_foods=query.exclude,
        from_profile=tuple(from_profile),
    )
    try:
        return _foods_in_language(build_targets(request))
    except InvalidInput as error:
        if error.field not in from_profile:
            raise
        # The user did not type this value: point at the profile, not at a flag.
        raise InvalidInput(
            "profile",
            str(settings.profile_path),
            _PROFILE_EXPECTED,
            message=f"Invalid value for profile: {settings.profile_path} holds "
            f"{error.field} = {error.value!r}, which must be {error.expected}; "
            "run `pushback assess` again to replace it.",
        ) from None


def _foods_in_language(targets: NutritionTargets) -> NutritionTargets:
    """``targets`` with the day's foods and the figures' words (labels, groups,
    notes of ``data/nutrition.toml``) in the current language."""
    language = i18n.current_language()
    items = tuple(
        replace(item, food=localize_food(item.food, language))
        for item in targets.day.items
    )
    reference = localize_nutrition(targets.reference, language)
    band = next(
        item
        for item in reference.vitamin_d_bands
        if item.from_months == targets.vitamin_d.from_months
    )
    return replace(
        targets,
        day=replace(targets.day, items=items),
        reference=reference,
        vitamin_d=band,
    )


def targets_dict(targets: NutritionTargets) -> dict[str, Any]:
    """:meth:`NutritionTargets.to_dict` with the evidence notes written in the
    current language (the figures' words already are)."""
    data = targets.to_dict()
    for note in data["notes"]:
        note["text"] = localize(note["text"])
    return data
