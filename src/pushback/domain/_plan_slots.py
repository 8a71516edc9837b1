"""Session templates, movement slots and exercise choice (private to the planner).

The seed's week (Day 1 / 3 / 5: push work, here paired with pulling) is a set of
templates; each template lists **movement slots**. A slot is one movement that
progresses and regresses as a unit:

* ``push-main``: the horizontal push on the main ladder, at the user's step;
* ``push-wide``, ``push-arched``, ``push-power``: the seed's variation slots. They
  hang off the main ladder: a variation is used only when the main step allows it;
  otherwise the slot takes the main ladder at or below the step. So when the main
  step moves, every push slot moves with it (no wide push-ups from the toes while
  the main push-up is on the knees);
* ``pull-row``, ``pull-fly``: horizontal pulling (rows, flyes), with row and
  shoulder-blade fallbacks so every session with push work has back work;
* ``scapular``: shoulder-blade drills (band pull-apart, prone Y-T-W, push-up plus);
* ``test``: the retest of the main exercise in the last session of a deload week.

:func:`choose` picks, for one slot at one main step, the first candidate that is
allowed (step, entry standard, declared conditions, the person's exclusions,
equipment) and, for push slots, whose dose from the test fits its rep window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pushback.domain._words import N_
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.dose import Dose, dose_for, estimated_max
from pushback.domain.person import Person
from pushback.domain.phrases import ITEMS, exercise_phrase, joined, msg
from pushback.domain.programming import Programming

__all__ = [
    "DELOAD_TITLES",
    "POSTURE_SLOT",
    "PUSH_SLOTS",
    "SCHEDULES",
    "TEMPLATES",
    "Choice",
    "Context",
    "Slot",
    "Test",
    "allowed_step",
    "blocker",
    "choose",
    "estimate_of",
    "slot_dose",
    "test_target",
    "window_of",
]

SlotKind = Literal["push", "pull", "easy", "test"]


@dataclass(frozen=True)
class Slot:
    """One movement slot of a template: what the seed asks for and what may stand in."""

    id: str
    kind: SlotKind
    preferred: tuple[str, ...]
    seed_slug: str | None = None
    why: str = ""


#: Equipment fallbacks: no TRX -> table or towel row -> band or prone drills; the
#: push-up plus needs nothing and has no contraindication, so every list ends with it.
_ROWS = (
    "trx-row",
    "table-row",
    "towel-row",
    "band-pull-apart",
    "prone-ytw",
    "scapular-push-up",
)
_FLY = ("dumbbell-reverse-fly", *_ROWS)
_SCAPULAR = ("band-pull-apart", "prone-ytw", "scapular-push-up", "towel-row")
_ADDED = msg("added: push-ups train the back mainly as stabilisers")
_DAY_1 = msg("the article's day 1")
_DAY_3 = msg("the article's day 3")
_DAY_5 = msg("the article's day 5")

TEMPLATES: dict[str, tuple[str, tuple[Slot, ...]]] = {
    "A": (
        N_("Wide and arched push-ups, with rows"),
        (
            Slot(
                "push-wide",
                "push",
                ("wide-push-up",),
                "wide-push-up",
                _DAY_1,
            ),
            Slot(
                "push-arched",
                "push",
                ("arched-push-up",),
                "arched-push-up",
                _DAY_1,
            ),
            Slot("pull-row", "pull", _ROWS, None, _ADDED),
            Slot("scapular", "pull", _SCAPULAR, None, _ADDED),
        ),
    ),
    "B": (
        N_("One-arm push-up (easier version) and rows"),
        (
            Slot(
                "push-main",
                "push",
                (),
                "incline-one-arm-push-up",
                _DAY_3,
            ),
            Slot("pull-row", "pull", _ROWS, "trx-row", _DAY_3),
        ),
    ),
    "C": (
        N_("Explosive push-ups and reverse flies"),
        (
            Slot(
                "push-power",
                "push",
                ("explosive-push-up", "suspension-push-up"),
                "explosive-push-up",
                _DAY_5,
            ),
            Slot("pull-fly", "pull", _FLY, "dumbbell-reverse-fly", _DAY_5),
        ),
    ),
    "R": (
        N_("Shoulder-blade control and mobility (easy)"),
        (
            Slot(
                "easy-plus",
                "easy",
                ("scapular-push-up",),
                None,
                msg("an easy shoulder-blade day"),
            ),
            Slot(
                "easy-drill",
                "easy",
                ("prone-ytw", "band-pull-apart"),
                None,
                msg("an easy day"),
            ),
        ),
    ),
    "T": (
        N_("Retest: your max on the main exercise, then rows"),
        (
            Slot("test", "test", (), None, msg("retest")),
            Slot("pull-row", "pull", _ROWS, None, _ADDED),
        ),
    ),
}
#: The titles of a deload week's lighter sessions (stored as English, translated
#: where they are shown).
DELOAD_TITLES: dict[str, str] = {
    "A": N_("Deload: Wide and arched push-ups, with rows"),
    "B": N_("Deload: One-arm push-up (easier version) and rows"),
    "C": N_("Deload: Explosive push-ups and reverse flies"),
}
#: Posture goal: one more shoulder-blade slot in every hard session.
POSTURE_SLOT = Slot("scapular-extra", "pull", ("scapular-push-up", "prone-ytw"), None)
PUSH_SLOTS: tuple[str, ...] = ("push-main", "push-wide", "push-arched", "push-power")

#: [design] Days in the week for each sessions-per-week choice. Hard sessions keep
#: ~48 h apart (brief section 4; two or more sessions a week per muscle beat one,
#: Schoenfeld 2016); the 4th and 5th sessions are easy shoulder-blade days (R).
SCHEDULES: dict[int, tuple[tuple[int, str], ...]] = {
    2: ((1, "A"), (4, "B")),
    3: ((1, "A"), (3, "B"), (5, "C")),
    4: ((1, "A"), (3, "B"), (5, "C"), (6, "R")),
    5: ((1, "A"), (2, "R"), (3, "B"), (5, "C"), (6, "R")),
}


@dataclass(frozen=True)
class Test:
    """The max a dose is carried from: ``max_reps`` clean reps on ``slug``."""

    slug: str
    max_reps: int


@dataclass(frozen=True)
class Context:
    """What exercise choice needs: the person, the catalog, the rules, the test."""

    person: Person
    catalog: Catalog
    rules: Programming
    test: Test


@dataclass(frozen=True)
class Choice:
    """The exercise a slot uses at one step, and why it differs from the seed."""

    slot: Slot
    exercise: Exercise
    change: str


def window_of(exercise: Exercise, ctx: Context) -> tuple[int, int]:
    """The rep window of ``exercise`` for this person (the goal may change it)."""
    low, high = exercise.rep_range or ctx.rules.rep_window
    goal = ctx.person.goal
    if goal is None or goal.rep_high is None or exercise.category != "push":
        return low, high
    if goal.rep_high < high:
        return low, max(low, goal.rep_high)
    if high >= ctx.rules.rep_window[1]:  # only the wide windows stretch
        return low, goal.rep_high
    return low, high


#: Declared conditions in words (catalog.CONDITIONS).
_CONDITION_WORDS = {
    "wrist": msg("sore wrists"),
    "shoulder": msg("sore shoulders"),
    "lower-back": msg("low-back pain"),
    "pregnancy": msg("pregnancy"),
}
#: Equipment in words (catalog.EQUIPMENT).
_EQUIPMENT_WORDS = {
    "none": msg("nothing"),
    "table": msg("a sturdy table"),
    "towel": msg("a towel"),
    "trx": msg("a suspension trainer"),
    "dumbbells": msg("dumbbells"),
    "bands": msg("a resistance band"),
}


def _named(exercise: Exercise) -> str:
    return exercise_phrase(exercise.slug, exercise.name)


def blocker(exercise: Exercise, step: int, ctx: Context) -> str | None:
    """Why ``exercise`` may not be prescribed at main ``step``, or None."""
    for condition in ctx.person.profile.conditions:
        if condition in exercise.contraindications:
            words = _CONDITION_WORDS.get(condition, condition)
            return msg(
                "%(name)s is not advised with %(condition)s",
                name=_named(exercise),
                condition=words,
            )
    if exercise.ladder_step is not None and exercise.ladder_step > step:
        return msg(
            "%(name)s needs push-up level %(step)d",
            name=_named(exercise),
            step=exercise.ladder_step,
        )
    excluded = ctx.person.excluded(exercise)
    if excluded:
        return excluded
    if exercise.requires is not None:
        if ctx.person.conservative:
            return msg(
                "%(name)s is left out under conservative settings",
                name=_named(exercise),
            )
        if exercise.ladder_step is not None and step <= exercise.ladder_step:
            gate = exercise.requires
            return msg(
                "%(name)s needs %(sets)dx%(reps)d first",
                name=_named(exercise),
                sets=gate.sets,
                reps=gate.reps,
            )
    if not exercise.is_doable_with(ctx.person.profile.equipment):
        kit = [_EQUIPMENT_WORDS.get(item, item) for item in exercise.equipment]
        return msg(
            "%(name)s needs %(kit)s", name=_named(exercise), kit=joined(ITEMS, kit)
        )
    return None


def allowed_step(step: int, ctx: Context) -> int:
    """The highest main step at or below ``step`` this person may use."""
    for exercise in reversed(ctx.catalog.ladder()):
        if (exercise.ladder_step or 0) <= step and blocker(exercise, step, ctx) is None:
            return exercise.ladder_step or 1
    return 1


def estimate_of(exercise: Exercise, ctx: Context) -> int | None:
    """The max of ``exercise`` carried from the test (None: unknown or off-ladder)."""
    return estimated_max(
        exercise,
        tested=ctx.catalog.get(ctx.test.slug),
        max_reps=ctx.test.max_reps,
        programming=ctx.rules,
    )


def slot_dose(exercise: Exercise, ctx: Context, rir: int) -> Dose:
    """The week-1 dose of ``exercise`` from the test (push exercises only fit-test)."""
    return dose_for(
        estimate_of(exercise, ctx),
        window=window_of(exercise, ctx),
        rir=rir,
        programming=ctx.rules,
        floor_step=exercise.ladder_step == 1 and exercise.branch == "main",
    )


def test_target(exercise: Exercise, ctx: Context, rir: int) -> int:
    """The reps a retest of ``exercise`` aims at: the max whose work sets reach its
    gate (the next step opens), or, at the top of the ladder, the max that keeps
    its window with ``rir`` reps in reserve."""
    working = ctx.rules.working_fraction
    if exercise.gate is not None and exercise.harder is not None:
        return math.ceil(exercise.gate.reps / working)
    low = window_of(exercise, ctx)[0]
    return max(low + rir, math.ceil(low / working))


def _candidates(slot: Slot, step: int, ctx: Context) -> list[str]:
    """Preferred slugs, their condition substitutions, then (push) the ladder down."""
    order = list(slot.preferred)
    for slug in slot.preferred:
        exercise = ctx.catalog.get(slug)
        order += [
            exercise.substitutions[c]
            for c in ctx.person.profile.conditions
            if c in exercise.substitutions
        ]
    if slot.kind in ("push", "test"):
        top = allowed_step(step, ctx)
        order += [
            e.slug
            for e in reversed(ctx.catalog.ladder())
            if (e.ladder_step or 0) <= top
        ]
    return list(dict.fromkeys(order))


def _fits(exercise: Exercise, slot: Slot, ctx: Context, rir: int) -> bool:
    """Push variations must be doable at their window from the test."""
    if slot.id in ("push-main", "test") or exercise.category != "push":
        return True
    return slot_dose(exercise, ctx, rir).fits


def choose(
    slot: Slot, step: int, ctx: Context, *, used: set[str], rir: int
) -> Choice | None:
    """The first allowed, unused candidate for ``slot`` at main ``step``."""
    first_reason = ""
    for slug in _candidates(slot, step, ctx):
        exercise = ctx.catalog.get(slug)
        reason = blocker(exercise, step, ctx)
        if reason is None and not _fits(exercise, slot, ctx, rir):
            reason = msg("%(name)s is beyond your test for now", name=_named(exercise))
        if reason is None and slug not in used:
            return Choice(
                slot, exercise, _change(slot, exercise, step, ctx, first_reason)
            )
        first_reason = first_reason or reason or ""
    return None


def _change(
    slot: Slot, exercise: Exercise, step: int, ctx: Context, first_reason: str
) -> str:
    """Why the slot holds ``exercise`` and not what the seed (or the slot) asks."""
    wanted = slot.preferred[0] if slot.preferred else slot.seed_slug
    if wanted is None or exercise.slug == wanted or slot.kind == "test":
        return ""
    if not first_reason:
        first_reason = blocker(ctx.catalog.get(wanted), step, ctx) or ""
    if not first_reason:
        return ""
    return msg("%(why)s: %(name)s instead", why=first_reason, name=_named(exercise))
