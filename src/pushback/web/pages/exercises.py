"""The exercise catalog: the ladder drawn as a path, filters, and one page per entry.

Public: the catalog is reference material, readable without an account; a logged-in
user sees their own ladder step highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pushback.domain.catalog import CATEGORIES, EQUIPMENT, Catalog, Exercise
from pushback.services import coach
from pushback.services import web as web_service
from pushback.web.deps import OptionalUser, WorkDep
from pushback.web.templating import render

__all__ = ["LadderDrawing", "draw_ladder", "router"]

router = APIRouter(include_in_schema=False)

_ROW_PX = 70
_TOP_PX = 28
_LINE_X = 26


@dataclass(frozen=True)
class Rung:
    """One node of the drawn ladder."""

    exercise: Exercise
    x: int
    y: int
    side: tuple[Exercise, ...]
    current: bool


@dataclass(frozen=True)
class LadderDrawing:
    """Coordinates of the ladder SVG (easiest step at the top)."""

    rungs: tuple[Rung, ...]
    path: str
    height: int


def draw_ladder(catalog: Catalog, current_step: int | None = None) -> LadderDrawing:
    """Lay the main path out as a gently winding line with one node per step."""
    rungs = []
    for index, exercise in enumerate(catalog.ladder()):
        step = exercise.ladder_step or index + 1
        rungs.append(
            Rung(
                exercise=exercise,
                x=_LINE_X + (8 if index % 2 else 0),
                y=_TOP_PX + index * _ROW_PX,
                side=catalog.side_variants(step),
                current=step == current_step,
            )
        )
    path = ""
    for index, rung in enumerate(rungs):
        if index == 0:
            path = f"M {rung.x} {rung.y}"
            continue
        previous = rungs[index - 1]
        middle = (previous.y + rung.y) // 2
        path += f" C {previous.x} {middle}, {rung.x} {middle}, {rung.x} {rung.y}"
    height = _TOP_PX * 2 + max(len(rungs) - 1, 0) * _ROW_PX
    return LadderDrawing(rungs=tuple(rungs), path=path, height=height)


@router.get("/exercises")
def exercises_page(
    request: Request,
    work: WorkDep,
    user: OptionalUser,
    category: str = "",
    equipment: str = "",
) -> HTMLResponse:
    """The catalog: the ladder, then every exercise grouped by category."""
    catalog = coach.catalog()
    exercises = coach.list_exercises(
        category=category or None, equipment=(equipment,) if equipment else None
    )
    current_step = web_service.current_ladder_step(work, user) if user else None
    context = {
        "ladder": draw_ladder(catalog, current_step),
        "current_step": current_step,
        "groups": [
            (name, [e for e in exercises if e.category == name]) for name in CATEGORIES
        ],
        "categories": CATEGORIES,
        "equipment_choices": EQUIPMENT,
        "category": category,
        "equipment": equipment,
    }
    return render(request, "pages/exercises.html", context)


@router.get("/exercises/{slug}")
def exercise_page(request: Request, slug: str, user: OptionalUser) -> HTMLResponse:
    """One exercise: key points, cues, faults, evidence with its sources, neighbours."""
    del user  # resolved so the navigation shows the logged-in state
    catalog = coach.catalog()
    exercise = catalog.get(slug)
    sources = [catalog.source(source_id) for source_id in exercise.source_ids()]
    muscles = {muscle_id: muscle.name for muscle_id, muscle in catalog.muscles.items()}
    context = {
        "exercise": exercise,
        "sources": sources,
        "muscle_names": muscles,
        "easier": catalog.get(exercise.easier) if exercise.easier else None,
        "harder": catalog.get(exercise.harder) if exercise.harder else None,
        "substitutions": {
            condition: catalog.exercises.get(target)
            for condition, target in exercise.substitutions.items()
        },
    }
    return render(request, "pages/exercise.html", context)
