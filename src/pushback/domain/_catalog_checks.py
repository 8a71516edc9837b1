"""Cross-file checks of the loaded catalog (private to ``catalog``).

References resolve, every number is sourced, conditions have safe substitutions and
the push-up ladder is one connected path (see the ``catalog`` module docstring).
"""

from __future__ import annotations

from collections.abc import Mapping

from pushback.domain.catalog import NUMBER_FIELDS, Catalog, Exercise, _unknown
from pushback.domain.errors import CatalogError

__all__ = ["check_catalog"]


def check_catalog(catalog: Catalog) -> None:
    """Cross-file checks: references resolve, numbers are sourced, one ladder path."""
    for exercise in catalog.exercises.values():
        _check_references(catalog, exercise)
        _check_units(exercise)
        _check_number_sources(exercise)
        _check_conditions(catalog, exercise)
    _check_ladder(catalog)


def _fail(slug: str, name: str, problem: str) -> CatalogError:
    return CatalogError("exercises.toml", f"exercise.{slug}.{name}", problem)


def _check_references(catalog: Catalog, exercise: Exercise) -> None:
    slug = exercise.slug
    for name in ("easier", "harder"):
        target = getattr(exercise, name)
        if target is not None and target not in catalog.exercises:
            raise _fail(slug, name, _unknown("exercise", target, catalog.exercises))
        if target == slug:
            raise _fail(slug, name, "an exercise cannot be its own neighbour")
    for role in exercise.primary_muscles + exercise.secondary_muscles:
        if role.muscle not in catalog.muscles:
            problem = _unknown("muscle", role.muscle, catalog.muscles)
            raise _fail(slug, "primary_muscles/secondary_muscles", problem)
    for source_id in exercise.source_ids():
        if source_id not in catalog.sources:
            raise _fail(
                slug, "sources", _unknown("source id", source_id, catalog.sources)
            )


def _check_units(exercise: Exercise) -> None:
    slug = exercise.slug
    if exercise.unit == "duration_s":
        if exercise.duration_s is None:
            raise _fail(slug, "duration_s", "required when unit is duration_s")
        if exercise.rep_range is not None:
            raise _fail(
                slug, "rep_range", "timed exercises take duration_s, not rep_range"
            )
    else:
        for name in ("rep_range", "tempo"):
            if getattr(exercise, name) is None:
                raise _fail(slug, name, f"required when unit is {exercise.unit}")
    per_side = exercise.unit == "reps_per_side"
    for name in ("gate", "requires"):
        gate = getattr(exercise, name)
        if gate and name == "gate" and gate.per_side != per_side:
            raise _fail(
                slug,
                f"{name}.per_side",
                f"must be {str(per_side).lower()} for unit {exercise.unit}",
            )
    if (
        exercise.gate
        and exercise.rep_range
        and exercise.gate.reps > exercise.rep_range[1]
    ):
        raise _fail(
            slug, "gate.reps", "gate lies above the rep_range window: unreachable"
        )


def _check_number_sources(exercise: Exercise) -> None:
    for name in NUMBER_FIELDS:
        is_set = getattr(exercise, name) is not None
        if is_set and not exercise.number_sources.get(name):
            raise _fail(
                exercise.slug, f"number_sources.{name}", "every number needs source ids"
            )
        if not is_set and name in exercise.number_sources:
            raise _fail(exercise.slug, f"number_sources.{name}", f"{name} is not set")


def _check_conditions(catalog: Catalog, exercise: Exercise) -> None:
    slug = exercise.slug
    for condition in exercise.contraindications:
        if condition not in exercise.substitutions:
            raise _fail(
                slug,
                f"substitutions.{condition}",
                "a contraindication needs a substitution",
            )
    for condition, target in exercise.substitutions.items():
        key = f"substitutions.{condition}"
        if target not in catalog.exercises:
            raise _fail(slug, key, _unknown("exercise", target, catalog.exercises))
        other = catalog.exercises[target]
        if target == slug or condition in other.contraindications:
            raise _fail(
                slug, key, f"{target!r} is itself contraindicated for {condition}"
            )
        if other.category != exercise.category:
            raise _fail(
                slug,
                key,
                f"{target!r} is a {other.category} exercise, not {exercise.category}",
            )


def _check_ladder(catalog: Catalog) -> None:
    """Main path: steps 1..N, one each, linked both ways; side entries hang off it."""
    ladder = catalog.ladder()
    for index, exercise in enumerate(ladder, start=1):
        _check_main_step(exercise, index, ladder)
    by_step = {e.ladder_step: e for e in ladder}
    for exercise in catalog.exercises.values():
        if exercise.branch == "side":
            _check_side(exercise, by_step)
        elif exercise.branch is None and exercise.ladder_step is not None:
            raise _fail(
                exercise.slug, "branch", "a ladder_step needs branch = main or side"
            )
        elif exercise.branch is None and exercise.gate is not None:
            raise _fail(exercise.slug, "gate", "only main-path exercises have a gate")


def _check_main_step(
    exercise: Exercise, index: int, ladder: tuple[Exercise, ...]
) -> None:
    slug = exercise.slug
    if exercise.ladder_step != index:
        problem = f"main path must run 1..{len(ladder)} without gaps or repeats"
        raise _fail(
            slug,
            "ladder_step",
            f"{problem} (got {exercise.ladder_step}, expected {index})",
        )
    below = ladder[index - 2].slug if index > 1 else None
    above = ladder[index].slug if index < len(ladder) else None
    if exercise.easier != below:
        raise _fail(
            slug,
            "easier",
            f"must be {below!r}, the step below (got {exercise.easier!r})",
        )
    if exercise.harder != above:
        raise _fail(
            slug,
            "harder",
            f"must be {above!r}, the step above (got {exercise.harder!r})",
        )
    if above is not None and exercise.gate is None:
        raise _fail(slug, "gate", "every main step below the top needs a gate")


def _check_side(exercise: Exercise, by_step: Mapping[int | None, Exercise]) -> None:
    slug = exercise.slug
    if exercise.ladder_step not in by_step:
        raise _fail(
            slug, "ladder_step", "a side variant needs the main step it requires"
        )
    if exercise.harder is not None or exercise.gate is not None:
        raise _fail(
            slug, "harder", "side variants are not on the main path: no harder/gate"
        )
    entry = by_step[exercise.ladder_step].slug
    if exercise.easier is not None and exercise.easier != entry:
        problem = f"must be {entry!r}, the main exercise at step {exercise.ladder_step}"
        raise _fail(slug, "easier", f"{problem} (got {exercise.easier!r})")
