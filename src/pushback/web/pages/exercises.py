"""The exercise catalog: search and filters, the ladder drawn as a path, and one
page per exercise with its drawing, how to do it and the evidence behind it.

Public: the catalog is reference material, readable without an account; a logged-in
user sees their own ladder step highlighted. The list is a GET form: it works
without JavaScript, and with htmx the results follow the search as it is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pushback.domain.catalog import CATEGORIES, CONDITIONS, EQUIPMENT, Catalog, Exercise
from pushback.services.coaching import coach
from pushback.services.coaching import views as web_service
from pushback.web.deps import OptionalUser, WorkDep
from pushback.web.exercise_words import (
    CATEGORY_WORDS,
    CONDITION_WORDS,
    EQUIPMENT_WORDS,
    GRADE_WORDS,
    citation,
    matches,
    plain,
    tempo_words,
)
from pushback.web.templating import render

__all__ = ["LadderDrawing", "SafetyNote", "draw_ladder", "router", "safety_notes"]

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


@dataclass(frozen=True)
class SafetyNote:
    """What one condition changes about an exercise: not for you (``avoid``),
    what to do instead (another exercise, or words), how to keep it safe."""

    condition: str
    avoid: bool
    instead: Exercise | None
    instead_words: str
    note: str


def safety_notes(exercise: Exercise, catalog: Catalog) -> list[SafetyNote]:
    """One note per condition the catalog says something about, in the order of
    the conditions a user can declare."""
    said = (
        set(exercise.contraindications)
        | set(exercise.substitutions)
        | set(exercise.condition_notes)
    )
    notes = []
    for condition in (c for c in CONDITIONS if c in said):
        target = exercise.substitutions.get(condition, "")
        instead = catalog.exercises.get(target)
        notes.append(
            SafetyNote(
                condition=condition,
                avoid=condition in exercise.contraindications,
                instead=instead,
                instead_words="" if instead else plain(target, catalog),
                note=plain(exercise.condition_notes.get(condition), catalog),
            )
        )
    return notes


def _words_context(catalog: Catalog) -> dict[str, Any]:
    """What both catalog pages use to put the catalog into words."""
    return {
        "plain": partial(plain, catalog=catalog),
        "grades": GRADE_WORDS,
        "category_words": CATEGORY_WORDS,
        "equipment_words": EQUIPMENT_WORDS,
        "ladder_steps": len(catalog.ladder()),
    }


@router.get("/exercises")
def exercises_page(
    request: Request,
    work: WorkDep,
    user: OptionalUser,
    q: str = "",
    category: str = "",
    equipment: str = "",
) -> HTMLResponse:
    """The catalog: search, filters, every matching exercise grouped by category,
    then the ladder."""
    catalog = coach.catalog()
    exercises = coach.list_exercises(
        category=category or None, equipment=(equipment,) if equipment else None
    )
    muscles = {muscle_id: muscle.name for muscle_id, muscle in catalog.muscles.items()}
    found = [e for e in exercises if matches(e, q, muscles)]
    current_step = web_service.current_ladder_step(work, user) if user else None
    context = {
        **_words_context(catalog),
        "ladder": draw_ladder(catalog, current_step),
        "current_step": current_step,
        "groups": [
            (name, [e for e in found if e.category == name]) for name in CATEGORIES
        ],
        "found": len(found),
        "categories": CATEGORIES,
        "equipment_choices": EQUIPMENT,
        "q": q.strip(),
        "category": category,
        "equipment": equipment,
    }
    return render(request, "pages/exercises.html", context)


@router.get("/exercises/{slug}")
def exercise_page(request: Request, slug: str, user: OptionalUser) -> HTMLResponse:
    """One exercise: its drawing, how to do it, the dose, the muscles, safety, and
    why it is in the plan (evidence and sources one tap away)."""
    del user  # resolved so the navigation shows the logged-in state
    catalog = coach.catalog()
    exercise = catalog.get(slug)
    sources = [catalog.source(source_id) for source_id in exercise.source_ids()]
    muscles = {muscle_id: muscle.name for muscle_id, muscle in catalog.muscles.items()}
    context = {
        **_words_context(catalog),
        "exercise": exercise,
        "citations": [citation(source, catalog) for source in sources],
        "muscle_names": muscles,
        "condition_words": CONDITION_WORDS,
        "tempo": tempo_words(exercise.tempo),
        "easier": catalog.get(exercise.easier) if exercise.easier else None,
        "harder": catalog.get(exercise.harder) if exercise.harder else None,
        "safety": safety_notes(exercise, catalog),
    }
    return render(request, "pages/exercise.html", context)
