"""Plan value objects and the plan generator.

The JSON form (:meth:`Plan.to_dict`) is a public contract (issue 2):
top-level ``weeks``; each week ``week`` (from 1), ``deload`` (bool), ``sessions``;
each session ``day`` (1-7, counted from the plan start) and ``exercises``; each
exercise ``slug``, ``sets``, one of ``reps`` / ``reps_per_side`` / ``duration_s``,
``rep_range`` ([low, high], rep work only), ``tempo`` ("3-1-1-0", rep work only),
``rest_s`` and ``reason``. Extra keys may be added, never removed or renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pushback.domain._plan_slots import (
    SCHEDULES,
    TEMPLATES,
    Choice,
    Context,
    Slot,
    blocker,
    choose_session,
    distribute,
    plan_notes,
    slot_cap,
)
from pushback.domain.assessment import (
    is_conservative,
    ladder_step,
    require_plan_allowed,
)
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.errors import InvalidInput
from pushback.domain.profile import Profile
from pushback.domain.progression import (
    DEFAULT_DELOAD_EVERY_WEEKS,
    DEFAULT_REP_WINDOW,
    NOVICE_WEEKS,
    PULL_CATEGORIES,
    PUSH_CATEGORIES,
    Progress,
    Target,
    cap_week,
    deload_sets,
    is_deload_week,
    max_weekly_sets,
    next_target,
    rir_for_week,
    starting_reps,
    twenty_percent_limit,
    weekly_hard_sets,
)

__all__ = [
    "DEFAULT_TEMPO",
    "GENERATOR_VERSION",
    "SCHEDULES",
    "WEEKS_RANGE",
    "Plan",
    "Prescription",
    "Session",
    "Week",
    "build_plan",
]


@dataclass(frozen=True)
class Prescription:
    """One exercise in a session: what to do and why."""

    slug: str
    sets: int
    reason: str
    reps: int | None = None
    reps_per_side: int | None = None
    duration_s: int | None = None
    rep_range: tuple[int, int] | None = None
    tempo: str | None = None
    rest_s: int = 60
    role: str = "main"  # "warm-up", "main", "accessory", "cool-down"
    seed: str | None = None  # the seed article's prescription where ours differs
    hard: bool = True  # counts towards weekly hard sets
    category: str = ""  # the catalog category (push, pull, scapular, ...)
    name: str = ""
    rir: int | None = None  # reps in reserve to stop at (rep work only)
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract; keys with no value are left out."""
        data: dict[str, Any] = {"slug": self.slug, "sets": self.sets}
        for key in ("reps", "reps_per_side", "duration_s"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.rep_range is not None:
            data["rep_range"] = list(self.rep_range)
        if self.tempo is not None:
            data["tempo"] = self.tempo
        data["rest_s"] = self.rest_s
        data["reason"] = self.reason
        extras: dict[str, Any] = {
            "name": self.name or None,
            "category": self.category or None,
            "role": self.role,
            "hard": self.hard,
            "rir": self.rir,
            "seed": self.seed,
            "cues": list(self.cues) or None,
        }
        data.update({k: v for k, v in extras.items() if v is not None})
        return data


@dataclass(frozen=True)
class Session:
    """One training day."""

    day: int
    exercises: tuple[Prescription, ...]
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``day``, ``title`` and ``exercises``."""
        return {
            "day": self.day,
            "title": self.title,
            "exercises": [item.to_dict() for item in self.exercises],
        }


@dataclass(frozen=True)
class Week:
    """One week of a plan."""

    week: int
    deload: bool
    sessions: tuple[Session, ...]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``week``, ``deload``, ``note`` and ``sessions``."""
        return {
            "week": self.week,
            "deload": self.deload,
            "note": self.note,
            "sessions": [session.to_dict() for session in self.sessions],
        }


@dataclass(frozen=True)
class Plan:
    """A multi-week plan. ``generator_version`` changes when the rules change."""

    weeks: tuple[Week, ...]
    generator_version: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract (see the module docstring)."""
        return {
            "generator_version": self.generator_version,
            "notes": list(self.notes),
            "weeks": [week.to_dict() for week in self.weeks],
        }


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------

GENERATOR_VERSION = "pushback-plan-1"
#: Seed: "slow descent (3 seconds)"; bottom pause and 1 s up are brief section 4's
#: notation example. A control tool, not a hypertrophy multiplier (Schoenfeld 2015).
DEFAULT_TEMPO = "3-1-1-0"
WEEKS_RANGE = (1, 12)
#: [design] week-1 push-up sets: 2 per hard session, and at least 5 so the 20% rule
#: still lets volume grow by one set a week (floor(4 x 1.2) = 4 would freeze it).
MIN_START_SETS = 5
#: Most warm-up and cool-down entries per session [design: keeps them short].
MAX_PREP_ITEMS = 3


def _window(exercise: Exercise) -> tuple[int, int]:
    return exercise.rep_range or DEFAULT_REP_WINDOW


def _start_reps(exercise: Exercise, ctx: Context) -> int:
    """Week-1 reps: from the test for variants no harder than the tested one
    (an easier variant at the same reps only leaves more in reserve), else the
    bottom of the window [design]."""
    window = _window(exercise)
    tested = ctx.catalog.get(ctx.profile.variant).ladder_step or 0
    from_test = (
        exercise.category in PUSH_CATEGORIES
        and exercise.unit == "reps"
        and exercise.requires is None
        and exercise.ladder_step is not None
        and exercise.ladder_step <= tested
    )
    return starting_reps(ctx.profile.max_pushups, window) if from_test else window[0]


def _target(exercise: Exercise, ctx: Context) -> Target:
    return Target(
        slug=exercise.slug,
        sets=1,
        reps=_start_reps(exercise, ctx),
        rep_range=_window(exercise),
        ladder_step=exercise.ladder_step if exercise.branch == "main" else None,
        per_side=exercise.unit == "reps_per_side",
    )


def _advance(target: Target, sets: int, ctx: Context) -> Progress:
    """One week of double progression; the ladder move stops at the user's step."""
    exercise = ctx.catalog.get(target.slug)
    harder = None
    if exercise.branch == "main" and exercise.harder:
        harder = _target(ctx.catalog.get(exercise.harder), ctx)
    gate = exercise.gate.reps if exercise.gate else None
    return next_target(
        replace(target, sets=max(1, sets)),
        harder=harder,
        gate_reps=gate,
        max_step=ctx.step,
    )


def _seed_text(slot: Slot, ctx: Context) -> str | None:
    if slot.seed_slug is None:
        return None
    exercise = ctx.catalog.get(slot.seed_slug)
    seed = exercise.seed_prescription
    if seed is None:
        return None
    side = " per side" if seed.per_side else ""
    return f"{exercise.name} {seed.sets}x{seed.reps}{side} (seed day {seed.day})"


def _volume_cause(week: Week, ctx: Context) -> str:
    if week.deload:
        return "deload week: about half the sets at 3-4 RIR (brief section 4)"
    if ctx.conservative:
        return "conservative settings after a PAR-Q+ yes or pregnancy"
    if week.week <= NOVICE_WEEKS:
        return (
            "novice caps: <=3 sets per exercise, <=10 hard push-up sets a week "
            "(brief 4)"
        )
    return "weekly hard sets rise at most 20% (brief 4)"


def _reason(choice: Choice, item: Prescription, week: Week, ctx: Context) -> str:
    """One line: why this exercise, and every change from the seed's prescription."""
    exercise = choice.exercise
    parts = [f"{choice.slot.why}: {exercise.name}"]
    if choice.change:
        parts.append(choice.change)
    seed_slug = choice.slot.seed_slug
    seed = ctx.catalog.get(seed_slug).seed_prescription if seed_slug else None
    if seed is not None and item.hard and item.sets < seed.sets:
        plural = "s" if item.sets != 1 else ""
        parts.append(
            f"{item.sets} set{plural}, not {seed.sets}: {_volume_cause(week, ctx)}"
        )
    if item.category in PULL_CATEGORIES:
        parts.append(
            "pulling matched 1:1 with push-up sets: push-ups mostly train the "
            "shoulder-blade stabilisers (brief key caveat)"
        )
    elif item.reps is not None and exercise.ladder_step is not None and item.hard:
        parts.append("reps from your test (~65% of max) rising by double progression")
    if item.tempo == DEFAULT_TEMPO and item.category in PUSH_CATEGORIES:
        parts.append(
            "3 s down for control, not as a growth multiplier (Schoenfeld 2015)"
        )
    if not item.hard and item.category in PUSH_CATEGORIES + PULL_CATEGORIES:
        parts.append("easy sets, not counted as hard sets")
    return "; ".join(parts) + "."


def _prescribe(
    choice: Choice, sets: int, target: Target, week: Week, ctx: Context
) -> Prescription:
    exercise = choice.exercise
    hard = choice.slot.kind != "easy"
    reps = target.reps
    count: dict[str, int | None] = {
        "reps": None,
        "reps_per_side": None,
        "duration_s": None,
    }
    if exercise.unit == "duration_s":
        count["duration_s"] = exercise.duration_s
    else:
        count[exercise.unit] = reps
    rep_work = exercise.unit != "duration_s"
    item = Prescription(
        slug=exercise.slug,
        sets=sets,
        reason="",
        rep_range=_window(exercise) if rep_work else None,
        tempo=(exercise.tempo or DEFAULT_TEMPO) if rep_work else None,
        rest_s=exercise.rest_s,
        role="main" if choice.slot.kind == "push" else "accessory",
        seed=_seed_text(choice.slot, ctx),
        hard=hard,
        category=exercise.category,
        name=exercise.name,
        rir=rir_for_week(
            week.week, deload=week.deload, conservative=ctx.conservative or not hard
        )
        if rep_work
        else None,
        cues=exercise.cues,
        **count,
    )
    return replace(item, reason=_reason(choice, item, week, ctx))


def _prep(ctx: Context, category: str, role: str) -> tuple[Prescription, ...]:
    """Timed warm-up (opening) or stretching/fascia work (closing), from the catalog."""
    why = {
        "warm-up": "seed summary: dynamic stretching before the work",
        "mobility": "seed summary: stretching and fascia relaxation after the work",
    }[category]
    items = [
        e for e in ctx.catalog.filter(category=category) if blocker(e, ctx) is None
    ]
    return tuple(
        Prescription(
            slug=e.slug,
            sets=1,
            reason=f"{why}: {e.name}.",
            reps=None if e.unit == "duration_s" else (_window(e)[0]),
            duration_s=e.duration_s if e.unit == "duration_s" else None,
            rest_s=0,
            role=role,
            hard=False,
            category=e.category,
            name=e.name,
            cues=e.cues,
        )
        for e in items[:MAX_PREP_ITEMS]
    )


@dataclass
class _State:
    """What carries from week to week while the plan is generated."""

    targets: dict[str, Target]
    start: dict[str, Target]
    last_build: Week | None = None
    last_build_push: int | None = None


def _push_budget(week: int, deload: bool, state: _State, capacity: int) -> int:
    """Hard push-up sets for ``week``: start, grow within the caps, halve on deloads."""
    if deload:
        return deload_sets(state.last_build_push or MIN_START_SETS)
    if state.last_build_push is None:
        wanted = MIN_START_SETS
    else:
        wanted = twenty_percent_limit(state.last_build_push)
    ceiling = max_weekly_sets(week, state.last_build_push, push=True)
    return min(capacity, wanted, ceiling if ceiling is not None else wanted)


def _week(
    number: int,
    deload: bool,
    layout: list[tuple[int, str, tuple[Choice, ...]]],
    state: _State,
    ctx: Context,
) -> Week:
    push = [[c for c in choices if c.slot.kind == "push"] for _, _, choices in layout]
    pull = [[c for c in choices if c.slot.kind == "pull"] for _, _, choices in layout]
    push_caps = [[slot_cap(c, number, ctx) for c in s] for s in push]
    capacity = sum(map(sum, push_caps))
    budget = _push_budget(number, deload, state, capacity)
    push_sets = distribute(budget, push, push_caps)
    skeleton = Week(week=number, deload=deload, sessions=())
    warm_up = _prep(ctx, "warm-up", "warm-up")
    cool_down = _prep(ctx, "mobility", "cool-down")
    targets = state.start if deload else state.targets
    sessions: list[Session] = []
    for s, (day, template, choices) in enumerate(layout):
        pull_caps = [slot_cap(c, number, ctx) for c in pull[s]]
        pull_sets = distribute(sum(push_sets[s]), [pull[s]], [pull_caps])[0]
        sets = dict(zip((c.exercise.slug for c in push[s]), push_sets[s], strict=True))
        sets |= dict(zip((c.exercise.slug for c in pull[s]), pull_sets, strict=True))
        main = [
            _prescribe(
                c, sets.get(c.exercise.slug, 2), targets[c.exercise.slug], skeleton, ctx
            )
            for c in choices
        ]
        main = [p for p in main if p.sets > 0]
        title = TEMPLATES[template][0]
        sessions.append(
            Session(day=day, exercises=(*warm_up, *main, *cool_down), title=title)
        )
    return replace(skeleton, sessions=tuple(sessions))


def _advance_all(week: Week, state: _State, ctx: Context) -> str:
    """Move every rep target one week on; returns a note for gates reached."""
    sets: dict[str, int] = {}
    for session in week.sessions:
        for item in session.exercises:
            if item.hard:
                sets[item.slug] = max(sets.get(item.slug, 0), item.sets)
    notes = []
    for slug, target in sorted(state.targets.items()):
        progress = _advance(target, sets.get(slug, target.sets), ctx)
        if progress.action == "add-rep":
            state.targets[slug] = progress.target
        elif progress.action == "next-step" or "gate" in progress.reason:
            notes.append(f"{slug}: gate reached, retest (pushback assess) to move on")
    return "; ".join(notes)


def build_plan(
    profile: Profile,
    catalog: Catalog,
    *,
    weeks: int = 4,
    deload_every_weeks: int = DEFAULT_DELOAD_EVERY_WEEKS,
) -> Plan:
    """Build the ``weeks``-week plan for a checked profile (pure, deterministic).

    Raises :class:`InvalidInput` for ``weeks`` outside 1-12 and
    :class:`NotAllowed` when a PAR-Q+ answer or pregnancy needs confirmed clearance.
    """
    low, high = WEEKS_RANGE
    if (
        isinstance(weeks, bool)
        or not isinstance(weeks, int)
        or not low <= weeks <= high
    ):
        raise InvalidInput("weeks", weeks, f"a whole number between {low} and {high}")
    require_plan_allowed(profile)
    ctx = Context(
        profile, catalog, ladder_step(profile, catalog).step, is_conservative(profile)
    )
    layout = [
        (day, t, choose_session(t, ctx)) for day, t in SCHEDULES[profile.days_per_week]
    ]
    exercises = {c.exercise.slug: c.exercise for _, _, cs in layout for c in cs}
    start = {slug: _target(e, ctx) for slug, e in sorted(exercises.items())}
    state = _State(targets=dict(start), start=start)
    built: list[Week] = []
    for number in range(1, weeks + 1):
        deload = is_deload_week(number, deload_every_weeks)
        week = _week(number, deload, layout, state, ctx)
        week = cap_week(
            week, previous_week=state.last_build, conservative=ctx.conservative
        )
        if not deload:
            note = _advance_all(week, state, ctx)
            state.last_build = week
            state.last_build_push = weekly_hard_sets(week, PUSH_CATEGORIES)
            week = replace(week, note=note)
        else:
            week = replace(week, note=_volume_cause(week, ctx))
        built.append(week)
    return Plan(
        weeks=tuple(built),
        generator_version=GENERATOR_VERSION,
        notes=plan_notes(ctx, layout, deload_every_weeks),
    )
