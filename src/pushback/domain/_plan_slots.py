"""Seed session templates and exercise choice for the plan generator (private).

The seed's week (Day 1 / 3 / 5, push work paired with pull work) as slots; each slot
lists what the seed asks for and what may stand in, and :func:`choose_session`
picks, for one user, the first exercise that is allowed: at or below their ladder
step, not contraindicated by a declared condition, doable with their equipment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pushback.domain.assessment import ladder_step, parq_advice, safety_advice
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.profile import Profile
from pushback.domain.progression import max_sets_per_exercise

__all__ = [
    "SCHEDULES",
    "TEMPLATES",
    "Choice",
    "Context",
    "Slot",
    "blocker",
    "choose_session",
    "distribute",
    "plan_notes",
    "slot_cap",
]

SlotKind = Literal["push", "pull", "easy"]


@dataclass(frozen=True)
class Slot:
    """One place in a session template: what the seed asks for and what may stand in."""

    kind: SlotKind
    preferred: tuple[str, ...]
    seed_slug: str | None = None
    why: str = ""


#: Equipment fallbacks from issue 2 (no TRX: table or towel row; no dumbbells:
#: prone Y-T-W); prone Y-T-W needs nothing, so every pull slot ends with it.
_ROWS = ("trx-row", "table-row", "towel-row", "band-pull-apart", "prone-ytw")
_FLY = ("dumbbell-reverse-fly", "prone-ytw", "band-pull-apart")
_PULL_APART = ("band-pull-apart", "prone-ytw", "table-row", "towel-row")

TEMPLATES: dict[str, tuple[str, tuple[Slot, ...]]] = {
    "A": (
        "Seed day 1: wide + arched push-ups, with pulling",
        (
            Slot("push", ("wide-push-up",), "wide-push-up", "seed day 1"),
            Slot(
                "push",
                ("arched-push-up",),
                "arched-push-up",
                "seed day 1",
            ),
            Slot("pull", _ROWS, None, "added: the seed has no pulling on day 1"),
            Slot("pull", _PULL_APART, None, "added: the seed has no pulling on day 1"),
        ),
    ),
    "B": (
        "Seed day 3: one-arm push-up (reduced) + row",
        (
            Slot(
                "push",
                ("incline-one-arm-push-up", "archer-push-up"),
                "incline-one-arm-push-up",
                "seed day 3",
            ),
            Slot("pull", _ROWS, "trx-row", "seed day 3"),
        ),
    ),
    "C": (
        "Seed day 5: explosive push-up + reverse fly",
        (
            Slot("push", ("explosive-push-up",), "explosive-push-up", "seed day 5"),
            Slot("pull", _FLY, "dumbbell-reverse-fly", "seed day 5"),
        ),
    ),
    "R": (
        "Shoulder-blade control and mobility (easy)",
        (
            Slot("easy", ("scapular-push-up",), None, "easy scapular control"),
            Slot(
                "easy", ("prone-ytw", "band-pull-apart"), None, "easy scapular control"
            ),
        ),
    ),
}

#: [design] Days in the week for each sessions-per-week choice. Hard sessions keep
#: ~48 h apart (brief section 4); the 4th and 5th sessions are easy scapular and
#: mobility days (R) that add no hard sets.
SCHEDULES: dict[int, tuple[tuple[int, str], ...]] = {
    2: ((1, "A"), (4, "B")),
    3: ((1, "A"), (3, "B"), (5, "C")),
    4: ((1, "A"), (3, "B"), (5, "C"), (6, "R")),
    5: ((1, "A"), (2, "R"), (3, "B"), (5, "C"), (6, "R")),
}


@dataclass(frozen=True)
class Context:
    profile: Profile
    catalog: Catalog
    step: int
    conservative: bool


@dataclass(frozen=True)
class Choice:
    """The exercise a slot uses for the whole plan, and why it differs from the seed."""

    slot: Slot
    exercise: Exercise
    change: str


def blocker(exercise: Exercise, ctx: Context) -> str | None:
    """Why ``exercise`` may not be prescribed to this user, or None."""
    for condition in ctx.profile.conditions:
        if condition in exercise.contraindications:
            return f"{exercise.name} is not advised with {condition}"
    if exercise.ladder_step is not None and exercise.ladder_step > ctx.step:
        return (
            f"{exercise.name} needs ladder step {exercise.ladder_step}, "
            f"you are at {ctx.step}"
        )
    if exercise.requires is not None:
        if ctx.conservative:
            return f"{exercise.name} is left out under conservative settings"
        if exercise.ladder_step is not None and ctx.step <= exercise.ladder_step:
            gate = exercise.requires
            return f"{exercise.name} needs {gate.sets}x{gate.reps} first"
    if not exercise.is_doable_with(ctx.profile.equipment):
        return f"{exercise.name} needs {', '.join(exercise.equipment)}"
    return None


def _candidates(slot: Slot, ctx: Context) -> list[str]:
    """Slot's preferred slugs, their condition substitutions, then the ladder down."""
    order = list(slot.preferred)
    for slug in slot.preferred:
        exercise = ctx.catalog.get(slug)
        order += [
            exercise.substitutions[c]
            for c in ctx.profile.conditions
            if c in exercise.substitutions
        ]
    if slot.kind == "push":
        order += [
            e.slug
            for e in reversed(ctx.catalog.ladder())
            if (e.ladder_step or 0) <= ctx.step
        ]
    return list(dict.fromkeys(order))


def _choose(slot: Slot, ctx: Context, used: set[str]) -> Choice | None:
    """The first allowed, unused candidate for ``slot`` (None if nothing fits)."""
    first_reason = ""
    for slug in _candidates(slot, ctx):
        exercise = ctx.catalog.get(slug)
        reason = blocker(exercise, ctx)
        if reason is None and slug not in used:
            change = (
                ""
                if slug == slot.preferred[0]
                else f"{first_reason}: {exercise.name} instead"
            )
            return Choice(slot, exercise, change)
        first_reason = first_reason or reason or ""
    return None


def choose_session(template: str, ctx: Context) -> tuple[Choice, ...]:
    """The exercises of one session template for this user, in slot order."""
    used: set[str] = set()
    chosen: list[Choice] = []
    for slot in TEMPLATES[template][1]:
        choice = _choose(slot, ctx, used)
        if choice is not None:
            used.add(choice.exercise.slug)
            chosen.append(choice)
    return tuple(chosen)


def _seed_sets(choice: Choice, ctx: Context) -> int | None:
    if choice.slot.seed_slug is None:
        return None
    seed = ctx.catalog.get(choice.slot.seed_slug).seed_prescription
    return seed.sets if seed else None


def slot_cap(choice: Choice, week: int, ctx: Context) -> int:
    return max_sets_per_exercise(
        week, conservative=ctx.conservative, seed_sets=_seed_sets(choice, ctx)
    )


def distribute(
    budget: int, sessions: list[list[Choice]], caps: list[list[int]]
) -> list[list[int]]:
    """Spread ``budget`` sets session by session, then slot by slot, within caps."""
    sets = [[0] * len(slots) for slots in sessions]
    placed = 0
    while placed < budget:
        progress = False
        for s, _ in enumerate(sessions):
            open_slots = [i for i, cap in enumerate(caps[s]) if sets[s][i] < cap]
            if placed == budget or not open_slots:
                continue
            slot = min(open_slots, key=lambda i: (sets[s][i], i))
            sets[s][slot] += 1
            placed += 1
            progress = True
        if not progress:
            break
    return sets


def _missing_pull_note(layout: list[tuple[int, str, tuple[Choice, ...]]]) -> str:
    """A note when some hard session found no pulling exercise the user can do."""
    days = [
        str(day)
        for day, template, choices in layout
        if template != "R" and not any(c.slot.kind == "pull" for c in choices)
    ]
    if not days:
        return ""
    return (
        f"No pulling exercise fits your equipment and conditions on day(s) "
        f"{', '.join(days)}: a band, a sturdy table or a towel anchor would add the "
        "direct back work push-ups cannot give."
    )


def plan_notes(
    ctx: Context,
    layout: list[tuple[int, str, tuple[Choice, ...]]],
    deload_every_weeks: int,
) -> tuple[str, ...]:
    """Plan-wide notes: PAR-Q+ advice first, then safety, then how the plan works."""
    step = ladder_step(ctx.profile, ctx.catalog)
    notes = (
        *parq_advice(ctx.profile),
        f"Ladder step {step.step} ({step.slug}): {step.reason} "
        "The plan never goes past it.",
        *safety_advice(ctx.profile),
        "Tempo 3-1-1-0 (the seed's 3 s descent) is for control and learning; tempo "
        "is not a hypertrophy multiplier (Schoenfeld 2015: 0.5-8 s reps build "
        "muscle alike).",
        "Double progression [design]: one more rep per set each week up to the top "
        "of the window; at the gate, retest (pushback assess) to unlock the next "
        "ladder step.",
        f"Deload [design]: every {deload_every_weeks}th week, about half the sets "
        "at 3-4 RIR (brief: every 4-8 weeks).",
        "No set to failure in weeks 1-2 (2 RIR); at most 10 hard push-up sets a "
        "week and 3 sets per exercise in weeks 1-4; weekly hard sets rise at most "
        "20% (brief 4).",
        "Days "
        + ", ".join(str(d) for d, _ in SCHEDULES[ctx.profile.days_per_week])
        + " of each week, counted from the start date; hard days at least 48 h apart.",
        _missing_pull_note(layout),
    )
    return tuple(note for note in notes if note)
