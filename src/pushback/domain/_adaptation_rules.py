"""What the per-session rules of :mod:`pushback.domain.adaptation` share, the
pulling rules, and the schedule edits (private: import from ``adaptation``).

Push work adapts as one pattern (:mod:`._adaptation_push`); pulling and
shoulder-blade drills adapt exercise by exercise (here). Each rule returns a
:class:`Change`: a decision code, the reason shown to the user and a function
rewriting the sessions still ahead. A change that leaves the sessions as they were
is neither made nor reported (the caller checks).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pushback.domain._plan_slots import Context
from pushback.domain._words import N_
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.errors import NotFound
from pushback.domain.phrases import ITEMS, exercise_phrase, joined, msg
from pushback.domain.plans import Prescription
from pushback.domain.progression import DEFAULT_REP_WINDOW

if TYPE_CHECKING:
    from pushback.domain._adaptation_types import PlannedSession, SetLog

__all__ = [
    "CUT_FRACTION",
    "PAIN_PLACES",
    "WARNING",
    "Change",
    "Sessions",
    "count_of",
    "pull_rule",
    "with_count",
]

#: The brief's failed-target rule: "keep the variant and cut sets ~30%"
#: (``data/programming.toml`` [failed_target]).
CUT_FRACTION = 0.30
#: Words in a pain location and the catalog condition they point to.
_PAIN_CONDITIONS: tuple[tuple[str, str], ...] = (
    ("wrist", "wrist"),
    ("shoulder", "shoulder"),
    ("back", "lower-back"),
    ("lumbar", "lower-back"),
)
WARNING = msg(
    "Pain, unlike muscle burn, is a stop signal; see a clinician if it persists."
)
#: The places a person picks when logging pain (the guided workout's quick log,
#: the CLI's default); wrist, shoulder and back are words :data:`_PAIN_CONDITIONS`
#: looks for. Shown in the reader's language in a reason; any other text is the
#: person's own and stays as typed.
PAIN_PLACES: tuple[str, ...] = (
    N_("unspecified"),
    N_("wrist"),
    N_("elbow"),
    N_("shoulder"),
    N_("neck"),
    N_("upper back"),
    N_("lower back"),
    N_("chest"),
    N_("other"),
)
#: What the catalog's substitution for a condition is called in a reason.
_CATALOG_CHOICE = {
    "wrist": N_("the catalog's choice for wrist problems"),
    "shoulder": N_("the catalog's choice for shoulder problems"),
    "lower-back": N_("the catalog's choice for lower-back problems"),
}

Sessions = tuple["PlannedSession", ...]
Transform = Callable[[Sessions], Sessions]


@dataclass(frozen=True)
class Change:
    """What one rule decided."""

    code: str
    reason: str
    slug: str | None
    transform: Transform
    details: dict[str, Any] = field(default_factory=dict)


def _exercise(catalog: Catalog, slug: str | None) -> Exercise | None:
    if slug is None:
        return None
    try:
        return catalog.get(slug)
    except NotFound:
        return None


def _window(item: SetLog, catalog: Catalog) -> tuple[int, int]:
    if item.rep_range is not None:
        return item.rep_range
    exercise = _exercise(catalog, item.slug)
    return (exercise.rep_range if exercise else None) or DEFAULT_REP_WINDOW


def _floor(item: SetLog, catalog: Catalog) -> int:
    """The fewest reps that count as done: the bottom of the window, or the target
    when the plan asked for fewer (a shorter first step, a trimmed week)."""
    low = _window(item, catalog)[0]
    return min(low, item.target) if item.target is not None else low


def _missed(sets: Sequence[SetLog], catalog: Catalog) -> bool:
    return any((s.count or 0) < _floor(s, catalog) for s in sets)


def _broke(sets: Sequence[SetLog], catalog: Catalog) -> bool:
    return any(
        s.form_broke and (s.count or 0) < (s.target or _window(s, catalog)[1])
        for s in sets
    )


def _on_camera(sets: Sequence[SetLog]) -> bool:
    return any(s.filmed and s.form_broke for s in sets)


def form_broke_on(names: str, sets: Sequence[SetLog]) -> str:
    """Why an exercise gets easier: its form broke before the target."""
    if _on_camera(sets):
        return msg(
            "Form broke before the target on %(names)s (seen on camera)", names=names
        )
    return msg("Form broke before the target on %(names)s", names=names)


def missed_twice_on(names: str) -> str:
    """Why an exercise gets easier: its window missed in two sessions running."""
    return msg(
        "Bottom of the window missed in two sessions running on %(names)s",
        names=names,
    )


def pain_place(location: str | None) -> str:
    """Where it hurt, for a reason: a place from the quick log in the reader's
    language, else the person's own words (or "unspecified place")."""
    if not location:
        return msg("unspecified place")
    return msg(location) if location in PAIN_PLACES else location


def catalog_choice(condition: str | None) -> str:
    """Why a substitute was chosen: the catalog's choice for the condition."""
    text = _CATALOG_CHOICE.get(condition or "")
    if text is None:  # a condition the pain words never give
        return msg(
            "the catalog's choice for %(condition)s problems", condition=condition
        )
    return msg(text)


# ------------------------------------------------------------------- shared


def _beyond(sets: Sequence[SetLog], catalog: Catalog) -> Change | None:
    """Every set of an exercise beyond its target with reps in reserve: the sessions
    ahead ask at least what was done (inside the window). Hitting the target exactly
    changes nothing: the plan already adds reps week by week."""
    done: dict[str, int] = {}
    for slug in dict.fromkeys(s.slug for s in sets if s.slug):
        mine = [s for s in sets if s.slug == slug]
        ahead = all(
            s.target is not None and (s.count or 0) > s.target and (s.rir or 0) >= 1
            for s in mine
        )
        if ahead:
            top = _window(mine[0], catalog)[1]
            done[slug] = min(min(s.count or 0 for s in mine), top)
    if not done:
        return None

    def edit(item: Prescription) -> Prescription:
        reps = done.get(item.slug)
        if reps is None or item.role == "test":
            return item
        return with_count(item, max(count_of(item), reps))

    names = _names([s for s in sets if s.slug in done], catalog)
    return Change(
        "progress-reps",
        msg(
            "Every set of %(names)s went past its target with reps in reserve: the "
            "sessions ahead ask at least as many (double progression).",
            names=names,
        ),
        next(iter(done)),
        lambda s: _edit_all(s, edit, skip_deload=True),
        {"reps": dict(sorted(done.items()))},
    )


def _names(sets: Sequence[SetLog], catalog: Catalog) -> str:
    names: dict[str, str] = {}
    for item in sets:
        exercise = _exercise(catalog, item.slug)
        name = exercise_phrase(exercise.slug, exercise.name) if exercise else None
        names.setdefault(str(name or item.slug or "?"), name or item.slug or "?")
    return joined(ITEMS, names.values())


def _name(exercise: Exercise) -> str:
    return exercise_phrase(exercise.slug, exercise.name)


def _cut(sets: int) -> int:
    return max(1, math.floor(sets * (1 - CUT_FRACTION) + 0.5))


def _condition_for(location: str | None) -> str | None:
    text = (location or "").lower()
    return next(
        (condition for word, condition in _PAIN_CONDITIONS if word in text), None
    )


def _drop(slug: str, name: str, location: str | None, condition: str | None) -> Change:
    where = pain_place(location)
    return Change(
        "drop",
        msg(
            "Pain (%(where)s) during %(name)s and no safer variant: removed from the "
            "plan. %(warning)s",
            where=where,
            name=name,
            warning=WARNING,
        ),
        slug,
        lambda sessions: _remove(sessions, slug),
        {"location": str(where), "condition": condition},
    )


# ------------------------------------------------------------------- pull


def pull_rule(
    slug: str,
    sets: tuple[SetLog, ...],
    before: tuple[SetLog, ...] | None,
    ctx: Context,
) -> Change | None:
    """The change for one pulling or shoulder-blade exercise, or None."""
    catalog = ctx.catalog
    exercise = _exercise(catalog, slug)
    if exercise is None or exercise.unit == "duration_s":
        return None
    pained = [s for s in sets if s.pain]
    if pained:
        return _pull_pain(exercise, pained[0].pain_location, ctx)
    window = _window(sets[0], catalog)
    broke = _broke(sets, catalog)
    missed = _missed(sets, catalog)
    if broke or (missed and before is not None and _missed(before, catalog)):
        return _easier_pull(exercise, broke, sets)
    if missed:
        target = max((s.target or window[0]) for s in sets)
        return Change(
            "repeat",
            msg(
                "Bottom of the %(low)d-%(high)d window missed once on %(name)s: "
                "repeat %(reps)d reps next time before adding more.",
                low=window[0],
                high=window[1],
                name=_name(exercise),
                reps=target,
            ),
            slug,
            lambda s: _edit_slug(
                s, slug, lambda p: with_count(p, min(count_of(p), target))
            ),
            {"reps": target},
        )
    return _beyond(sets, catalog)


def _easier_pull(exercise: Exercise, broke: bool, sets: tuple[SetLog, ...]) -> Change:
    name = _name(exercise)
    cause = form_broke_on(name, sets) if broke else missed_twice_on(name)

    def easier(item: Prescription) -> Prescription:
        if item.level is not None and item.level > 1 and exercise.levels:
            level = item.level - 1
            return replace(item, level=level, level_name=exercise.levels[level - 1])
        return replace(item, sets=_cut(item.sets))

    return Change(
        "cut-sets",
        msg(
            "%(cause)s: an easier setting, or about %(pct)d%% fewer sets "
            "(failed-target rule).",
            cause=cause,
            pct=round(CUT_FRACTION * 100),
        ),
        exercise.slug,
        lambda s: _edit_slug(s, exercise.slug, easier),
        {"form_broke": broke},
    )


def _pull_pain(exercise: Exercise, location: str | None, ctx: Context) -> Change:
    """The catalog's substitution for the condition the pain points to; else the
    next back exercise the person can do that is not advised against for it, so
    no push session is left without back work; else drop it."""
    condition = _condition_for(location)
    new = _exercise(ctx.catalog, exercise.substitutions.get(condition or ""))
    why = catalog_choice(condition) if new is not None else ""
    if new is None:
        new = _other_back_exercise(exercise, condition, ctx)
        why = msg("another back exercise you can do")
    if new is None:
        return _drop(exercise.slug, _name(exercise), location, condition)
    replacement = new
    return Change(
        "substitute",
        msg(
            "Pain (%(where)s) during %(name)s: replaced by %(new)s, %(why)s. "
            "%(warning)s",
            where=pain_place(location),
            name=_name(exercise),
            new=_name(new),
            why=why,
            warning=WARNING,
        ),
        exercise.slug,
        lambda s: _edit_slug(s, exercise.slug, lambda p: _swap(p, replacement)),
        {"location": location, "condition": condition, "to": new.slug},
    )


#: Back exercises to fall back on after pain, most direct back work first.
_BACK_FALLBACKS = (
    "trx-row", "table-row", "towel-row", "band-pull-apart", "prone-ytw",
    "scapular-push-up",
)  # fmt: skip


def _other_back_exercise(
    exercise: Exercise, condition: str | None, ctx: Context
) -> Exercise | None:
    profile = ctx.person.profile
    for slug in _BACK_FALLBACKS:
        other = ctx.catalog.get(slug)
        blocked = set(other.contraindications) & {*profile.conditions, condition}
        if (
            slug != exercise.slug
            and not blocked
            and other.is_doable_with(profile.equipment)
        ):
            return other
    return None


def _swap(item: Prescription, new: Exercise) -> Prescription:
    window = new.rep_range or (8, 12)
    reps = min(window[1], max(window[0], count_of(item)))
    return replace(
        item,
        slug=new.slug,
        name=new.name,
        category=new.category,
        reps=reps,
        reps_per_side=None,
        rep_range=window,
        tempo=new.tempo or item.tempo,
        rest_s=new.rest_s,
        cues=new.cues,
        level=1 if new.levels else None,
        level_name=new.levels[0] if new.levels else None,
        reason=msg(
            "Adapted from %(name)s (see the plan changes).",
            name=exercise_phrase(item.slug, item.name) if item.name else item.slug,
        ),
    )


# ------------------------------------------------------------------ edits


def count_of(item: Prescription) -> int:
    """Reps (or reps per side) of ``item``."""
    return item.count


def with_count(item: Prescription, count: int) -> Prescription:
    """``item`` with ``count`` reps (or reps per side)."""
    if item.reps_per_side is not None:
        return replace(item, reps_per_side=count)
    if item.reps is not None:
        return replace(item, reps=count)
    return item


def _edit_all(
    sessions: Sessions,
    change: Callable[[Prescription], Prescription],
    *,
    skip_deload: bool = False,
) -> Sessions:
    return tuple(
        s
        if s.done or (skip_deload and s.deload)
        else replace(s, exercises=tuple(change(p) for p in s.exercises))
        for s in sessions
    )


def _edit_slug(
    sessions: Sessions, slug: str, change: Callable[[Prescription], Prescription]
) -> Sessions:
    """Apply ``change`` to ``slug`` in the sessions ahead that are not deloads."""
    return _edit_all(
        sessions, lambda p: change(p) if p.slug == slug else p, skip_deload=True
    )


def _remove(sessions: Sessions, slug: str) -> Sessions:
    return tuple(
        s
        if s.done
        else replace(
            s,
            exercises=tuple(
                p for p in s.exercises if p.slug != slug or p.role == "test"
            ),
        )
        for s in sessions
    )
