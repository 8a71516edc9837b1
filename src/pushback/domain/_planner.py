"""The plan generator (private; call :func:`pushback.domain.plans.build_plan`).

A plan is a rolling sequence of blocks. Each week, every session template of the
user's schedule is filled slot by slot (:mod:`._plan_slots`) at the current main
ladder step, and each slot placement (a slot on a day) carries its load from week
to week (:mod:`._plan_volume`):

* **Week 1** (or the first week after a new test): push reps from the test
  (:mod:`pushback.domain.dose`), never more than the max allows with the reps in
  reserve kept; beginners start at 2 sets per exercise, trained users at the seed's
  own sets and reps where the test supports them.
* **Normal weeks**: double progression (reps, then sets) within the caps (beginner
  caps in weeks 1-4, conservative caps, the seed's sets) and the 20% rule on reps x
  sets per placement, hence per movement and in total; pulling matched set for set.
* **Every Nth week** (deload): about half the sets at 3 reps in reserve, and the
  last hard session becomes the retest. When the main exercise reached its gate,
  the next block moves one step up (the retest confirms it; the journal rebuilds
  the block from the real result).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from pushback.domain._plan_slots import (
    POSTURE_SLOT,
    SCHEDULES,
    TEMPLATES,
    Choice,
    Context,
    Slot,
    Test,
    allowed_step,
    blocker,
    choose,
    estimate_of,
    slot_dose,
    test_target,
    window_of,
)
from pushback.domain._plan_text import (
    missing_pull_note,
    plan_notes,
    reason_for,
    test_reason,
)
from pushback.domain._plan_volume import (
    Load,
    deload,
    grow_pull,
    grow_push,
    volume_limit,
)
from pushback.domain.assessment import ladder_step, require_plan_allowed
from pushback.domain.catalog import Catalog, Exercise, SeedPrescription
from pushback.domain.dose import work_reps
from pushback.domain.errors import InvalidInput
from pushback.domain.person import person_of
from pushback.domain.plans import (
    DEFAULT_TEMPO,
    GENERATOR_VERSION,
    WEEKS_RANGE,
    Plan,
    PlanHistory,
    Prescription,
    Session,
    Week,
)
from pushback.domain.profile import Profile
from pushback.domain.programming import load_programming

__all__ = ["plan_for"]

Key = tuple[int, str]


@dataclass
class _Budget:
    """Push sets the week may still add (beginner cap, sets rising at most 20%)."""

    remaining: int

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


@dataclass
class _Planner:
    ctx: Context
    step: int
    deload_every: int
    loads: dict[Key, tuple[str, Load]] = field(default_factory=dict)
    push_sets: int | None = None
    entry_test: bool = False
    pull_gaps: set[int] = field(default_factory=set)
    build_weeks: int = 0
    _cache: dict[object, object] = field(default_factory=dict)

    def _choose(self, slot: Slot, *, used: set[str], rir: int) -> Choice | None:
        """:func:`choose` at the current step, remembered (plans repeat it weekly)."""
        key = ("choose", slot.id, self.step, frozenset(used), rir, self.ctx.test)
        if key not in self._cache:
            self._cache[key] = choose(slot, self.step, self.ctx, used=used, rir=rir)
        return self._cache[key]  # type: ignore[return-value]

    # ------------------------------------------------------------------ weeks

    def week(self, number: int, first: bool) -> Week:
        if number % self.deload_every == 0:
            return self._deload_week(number)
        week = self._build_week(number, first)
        self.build_weeks += 1
        return week

    def _rir(self, number: int, deload_week: bool) -> int:
        rules = self.ctx.rules
        if deload_week:
            return rules.deload_rir
        if self.ctx.person.conservative:
            return rules.conservative_rir
        return rules.early_rir if number <= rules.no_failure_weeks else rules.work_rir

    def _budget(self, number: int) -> _Budget:
        rules, person = self.ctx.rules, self.ctx.person
        last = self.push_sets
        caps = [] if last is None else [math.floor(last * (1 + rules.weekly_increase))]
        if person.novice and number <= rules.novice_weeks:
            caps.append(rules.novice_max_push_sets)
        if not caps:
            return _Budget(10**6)
        return _Budget(max(0, min(caps) - (last or 0)))

    def _progresses(self) -> bool:
        every = self.ctx.person.progress_every_weeks
        return self.build_weeks % every == 0

    def _build_week(self, number: int, first: bool) -> Week:
        rir = self._rir(number, False)
        budget = self._budget(number)
        progress = self._progresses()
        layout = SCHEDULES[self._days]
        push = {
            day: self._push_placements(day, template, number, rir, progress, budget)
            for day, template in layout
            if template != "R"
        }
        self._cap_push_total(push)
        new: dict[Key, tuple[str, Load]] = {}
        sessions = []
        for index, (day, template) in enumerate(layout):
            if template == "R":
                sessions.append(self._easy_session(day, rir))
                continue
            test_first = first and self.entry_test and index == 0
            sessions.append(
                self._hard_session(
                    day, template, number, rir=rir, progress=progress,
                    push=push[day], new=new, test_first=test_first,
                )
            )  # fmt: skip
        self.loads |= new
        self.push_sets = sum(
            load.sets for (_, slot), (_, load) in new.items() if slot.startswith("push")
        )
        return Week(week=number, deload=False, sessions=tuple(sessions),
                    note=self._gate_note())  # fmt: skip

    def _push_placements(  # noqa: PLR0913 - one session's push work this week
        self,
        day: int,
        template: str,
        number: int,
        rir: int,
        progress: bool,
        budget: _Budget,
    ) -> list[tuple[Choice, Load]]:
        used: set[str] = set()
        push: list[tuple[Choice, Load]] = []
        for slot in self._slots(template):
            if slot.kind != "push":
                continue
            choice = self._choose(slot, used=used, rir=rir)
            if choice is None:
                continue
            used.add(choice.exercise.slug)
            load = self._push_load(day, choice, number, rir, progress, budget)
            push.append((choice, load))
        return push

    def _cap_push_total(self, push: dict[int, list[tuple[Choice, Load]]]) -> None:
        """The week's push reps x sets within 20% of the last normal week's: the
        biggest rises go back to last week's load first."""
        last = sum(
            load.volume
            for (_, slot), (_, load) in self.loads.items()
            if slot.startswith("push")
        )
        if not last:
            return
        cap = volume_limit(last, self.ctx.rules.weekly_increase)
        while sum(load.volume for items in push.values() for _, load in items) > cap:
            day, index, previous = self._biggest_rise(push)
            if previous is None:
                return
            choice, _ = push[day][index]
            push[day][index] = (choice, previous)

    def _biggest_rise(
        self, push: dict[int, list[tuple[Choice, Load]]]
    ) -> tuple[int, int, Load | None]:
        best: tuple[int, int, int, Load | None] = (0, 0, 0, None)
        for day, items in push.items():
            for index, (choice, load) in enumerate(items):
                old = self.loads.get((day, choice.slot.id))
                if old is None or old[0] != choice.exercise.slug:
                    continue
                rise = load.volume - old[1].volume
                if rise > best[0]:
                    best = (rise, day, index, old[1])
        return best[1], best[2], best[3]

    def _deload_week(self, number: int) -> Week:
        rir = self._rir(number, True)
        layout = list(SCHEDULES[self._days])
        last_hard = max(i for i, (_, t) in enumerate(layout) if t != "R")
        sessions = []
        for index, (day, template) in enumerate(layout):
            if template == "R":
                sessions.append(self._easy_session(day, rir))
            elif index == last_hard:
                sessions.append(self._test_session(day, rir))
            else:
                sessions.append(self._light_session(day, template, number, rir))
        test_day = layout[last_hard][0]
        note = (
            "Lighter week: about half the sets at 3 reps in reserve, then your "
            f"retest on day {test_day}."
        )
        week = Week(number, True, tuple(sessions), note=note, retest=True)
        self._project_retest()
        return week

    @property
    def _days(self) -> int:
        return self.ctx.person.profile.days_per_week

    # --------------------------------------------------------------- sessions

    def _slots(self, template: str) -> tuple[Slot, ...]:
        slots = TEMPLATES[template][1]
        goal = self.ctx.person.goal
        if goal is not None and goal.extra_scapular_sets and template in "ABC":
            slots = (*slots, POSTURE_SLOT)
        return slots

    def _hard_session(  # noqa: PLR0913 - one week's shared state
        self,
        day: int,
        template: str,
        number: int,
        *,
        rir: int,
        progress: bool,
        push: list[tuple[Choice, Load]],
        new: dict[Key, tuple[str, Load]],
        test_first: bool,
    ) -> Session:
        new |= {(day, c.slot.id): (c.exercise.slug, load) for c, load in push}
        used = {choice.exercise.slug for choice, _ in push}
        pull = self._pull_loads(day, template, number, push, used, progress)
        new |= {(day, c.slot.id): (c.exercise.slug, load) for c, load in pull}
        items = [self._test_item()] if test_first else []
        for choice, load in push:
            items += self._items(choice, load, number=number, rir=rir)
        for choice, load in pull:
            items += self._items(choice, load, number=number, rir=rir)
        return self._session(day, TEMPLATES[template][0], items, "train")

    def _light_session(self, day: int, template: str, number: int, rir: int) -> Session:
        used: set[str] = set()
        items: list[Prescription] = []
        for slot in self._slots(template):
            choice = self._choose(slot, used=used, rir=rir)
            if choice is None:
                continue
            used.add(choice.exercise.slug)
            previous = self.loads.get((day, slot.id))
            load = self._start_load(choice, number, rir, sets=None)
            if previous is not None and previous[0] == choice.exercise.slug:
                load = previous[1]
            load = deload(load, self.ctx.rules.deload_fraction)
            items += self._items(choice, load, number=number, rir=rir)
        return self._session(day, f"Deload: {TEMPLATES[template][0]}", items, "train")

    def _test_session(self, day: int, rir: int) -> Session:
        used: set[str] = set()
        items = [self._test_item()]
        used.add(items[0].slug)
        sets = min(self.ctx.rules.easy_sets, self._pull_cap())
        for slot in self._slots("T"):
            if slot.kind != "pull":
                continue
            choice = self._choose(slot, used=used, rir=rir)
            if choice is None:
                continue
            used.add(choice.exercise.slug)
            low = window_of(choice.exercise, self.ctx)[0]
            items += self._items(choice, Load(sets, sets * low), number=0, rir=rir)
        return self._session(day, TEMPLATES["T"][0], items, "test")

    def _easy_session(self, day: int, rir: int) -> Session:
        used: set[str] = set()
        items: list[Prescription] = []
        sets = self.ctx.rules.easy_sets
        for slot in self._slots("R"):
            choice = self._choose(slot, used=used, rir=rir)
            if choice is None:
                continue
            used.add(choice.exercise.slug)
            low = window_of(choice.exercise, self.ctx)[0]
            load = Load(sets, sets * low)
            items += self._items(choice, load, number=0, rir=rir, hard=False)
        return self._session(day, TEMPLATES["R"][0], items, "easy")

    def _session(
        self, day: int, title: str, items: list[Prescription], kind: str
    ) -> Session:
        warm_up = self._prep("warm-up")
        cool_down = self._prep("mobility")
        return Session(day, (*warm_up, *items, *cool_down), title=title, kind=kind)

    # ------------------------------------------------------------------ loads

    def _max_sets(self, choice: Choice, number: int) -> int:
        rules, person = self.ctx.rules, self.ctx.person
        if person.conservative:
            return rules.conservative_max_sets
        base = rules.novice_max_sets_per_exercise
        if person.novice and number <= rules.novice_weeks:
            return base
        seed = self._seed(choice.slot)
        wanted = seed.sets if seed is not None else base
        return max(base, min(wanted, rules.trained_max_sets_per_exercise))

    def _pull_cap(self) -> int:
        rules = self.ctx.rules
        if self.ctx.person.conservative:
            return rules.conservative_max_sets
        return rules.trained_max_sets_per_exercise

    def _seed(self, slot: Slot) -> SeedPrescription | None:
        if slot.seed_slug is None:
            return None
        return self.ctx.catalog.get(slot.seed_slug).seed_prescription

    def _start_load(
        self, choice: Choice, number: int, rir: int, *, sets: int | None
    ) -> Load:
        """The first week of a placement (or of a new exercise in it)."""
        exercise, person, rules = choice.exercise, self.ctx.person, self.ctx.rules
        low, high = window_of(exercise, self.ctx)
        seed = self._seed(choice.slot)
        use_seed = (
            seed is not None
            and not person.novice
            and exercise.slug == choice.slot.seed_slug
            and self._seed_fits(exercise, seed.reps, rir)
        )
        if sets is None:
            if person.novice:
                sets = rules.novice_start_sets
            elif use_seed and seed is not None:
                sets = seed.sets
            else:
                sets = rules.novice_max_sets_per_exercise
            sets = min(sets, self._max_sets(choice, number))
        if use_seed and seed is not None:
            return Load(sets, sets * min(seed.reps, high))
        if exercise.category != "push":
            return Load(sets, sets * low)
        dose = slot_dose(exercise, self.ctx, rir)
        reps = dose.reps if dose.fits or not dose.known else low
        return Load(sets, sets * reps)

    def _seed_fits(self, exercise: Exercise, reps: int, rir: int) -> bool:
        if exercise.category != "push":
            return True
        estimate = estimate_of(exercise, self.ctx)
        if estimate is None:
            return False
        return work_reps(estimate, self.ctx.rules) >= reps and reps + rir <= estimate

    def _push_load(  # noqa: PLR0913 - one placement's week
        self,
        day: int,
        choice: Choice,
        number: int,
        rir: int,
        progress: bool,
        budget: _Budget,
    ) -> Load:
        previous = self.loads.get((day, choice.slot.id))
        max_sets = self._max_sets(choice, number)
        if previous is None or previous[0] != choice.exercise.slug:
            sets = None if previous is None else min(previous[1].sets, max_sets)
            load = self._start_load(choice, number, rir, sets=sets)
            if previous is not None:
                cap = volume_limit(previous[1].volume, self.ctx.rules.weekly_increase)
                load = Load(load.sets, max(load.sets, min(load.volume, cap)))
            return load
        load = previous[1]
        if not progress:
            return load
        grown = grow_push(
            load,
            window=window_of(choice.exercise, self.ctx),
            max_sets=max_sets,
            allow_set=budget.remaining > 0,
            increase=self.ctx.rules.weekly_increase,
            reps=self.ctx.rules.reps_per_week,
        )
        if grown.sets > load.sets:
            budget.take()
        return grown

    def _pull_loads(  # noqa: PLR0913 - one session's pulling
        self,
        day: int,
        template: str,
        number: int,
        push: list[tuple[Choice, Load]],
        used: set[str],
        progress: bool,
    ) -> list[tuple[Choice, Load]]:
        slots = [s for s in self._slots(template) if s.kind == "pull"]
        choices = []
        for slot in slots:
            choice = self._choose(slot, used=used, rir=0)
            if choice is not None:
                used.add(choice.exercise.slug)
                choices.append(choice)
        self._note_pull_gap(day, choices)
        goal = self.ctx.person.goal
        extra = goal.extra_scapular_sets if goal is not None else 0
        paired = sum(load.sets for _, load in push) * self.ctx.rules.pull_ratio
        total = math.ceil(paired) + extra
        shares = _spread(total, [self._max_sets(c, number) for c in choices])
        found = []
        for choice, sets in zip(choices, shares, strict=True):
            if sets <= 0:
                continue
            found.append((choice, self._pull_load(day, choice, sets, number, progress)))
        return found

    def _pull_load(
        self, day: int, choice: Choice, sets: int, number: int, progress: bool
    ) -> Load:
        previous = self.loads.get((day, choice.slot.id))
        if previous is None or previous[0] != choice.exercise.slug:
            start = self._start_load(choice, number, 0, sets=sets)
            if previous is None:
                return start
            cap = volume_limit(previous[1].volume, self.ctx.rules.weekly_increase)
            low = window_of(choice.exercise, self.ctx)[0]
            sets = max(1, min(sets, cap // low))
            return Load(sets, min(sets * (start.volume // start.sets), cap))
        return grow_pull(
            previous[1],
            sets=sets,
            window=window_of(choice.exercise, self.ctx),
            levels=max(1, len(choice.exercise.levels)),
            increase=self.ctx.rules.weekly_increase,
            progress=progress,
        )

    def _note_pull_gap(self, day: int, choices: list[Choice]) -> None:
        real = [c for c in choices if c.exercise.category == "pull"]
        if not real:
            self.pull_gaps.add(day)

    # ----------------------------------------------------------------- retest

    def _main_exercise(self) -> Exercise:
        return self.ctx.catalog.at_step(self.step)

    def _test_item(self) -> Prescription:
        main = self._main_exercise()
        conservative = self.ctx.person.conservative
        rules = self.ctx.rules
        target = test_target(main, self.ctx, self._rir(1, False))
        words = ""
        if main.gate is not None and main.harder is not None:
            words = f"{target} clean reps move you on to the next step."
        return Prescription(
            slug=main.slug,
            sets=1,
            reason=test_reason(main.name, conservative, words),
            reps=None if main.unit == "reps_per_side" else target,
            reps_per_side=target if main.unit == "reps_per_side" else None,
            rep_range=None,
            tempo=None,
            rest_s=main.rest_s,
            role="test",
            hard=True,
            category=main.category,
            name=f"{main.name} (test)",
            rir=rules.conservative_rir if conservative else None,
            cues=main.cues,
            slot="test",
            step=self.step,
        )

    def _at_gate(self) -> bool:
        """Every main-slot placement at the gate's reps, in the gate's sets (or the
        most this person may do)."""
        main = self._main_exercise()
        gate = main.gate
        loads = [
            load for (_, slot), (_, load) in self.loads.items() if slot == "push-main"
        ]
        if gate is None or not loads:
            return False
        sets = gate.sets
        if self.ctx.person.conservative:
            sets = min(sets, self.ctx.rules.conservative_max_sets)
        return all(load.low_reps >= gate.reps and load.sets >= sets for load in loads)

    def _project_retest(self) -> None:
        """After a retest week: one step up when the main slot reached its gate."""
        main = self._main_exercise()
        gate = main.gate
        if gate is None or main.harder is None or not self._at_gate():
            return
        harder = self.ctx.catalog.get(main.harder)
        next_step = harder.ladder_step or self.step
        if allowed_step(next_step, self.ctx) != next_step:
            return
        projected = math.ceil(gate.reps / self.ctx.rules.working_fraction)
        self.ctx = replace(self.ctx, test=Test(main.slug, projected))
        self.step = next_step

    def _gate_note(self) -> str:
        main = self._main_exercise()
        gate = main.gate
        if gate is None or not self._at_gate():
            return ""
        harder = self.ctx.catalog.get(main.harder) if main.harder else None
        if harder is None or allowed_step(self.step + 1, self.ctx) <= self.step:
            why = (
                blocker(harder, self.step + 1, self.ctx) if harder else None
            ) or "the top of the ladder"
            return (
                f"{main.name}: the {gate.sets}x{gate.reps} gate is reached, but the "
                f"plan holds here ({why}); more reps and sets come first. Ask your "
                "doctor or physiotherapist before going further."
            )
        return (
            f"{main.name}: the {gate.sets}x{gate.reps} gate is reached; the "
            "retest at the end of this block decides the next step."
        )

    # ------------------------------------------------------------------ items

    def _items(
        self,
        choice: Choice,
        load: Load,
        *,
        number: int,
        rir: int,
        hard: bool = True,
    ) -> list[Prescription]:
        exercise = choice.exercise
        window = window_of(exercise, self.ctx)
        levels = exercise.levels
        level = min(load.level, len(levels)) if levels else None
        level_name = levels[level - 1] if level else None
        short = (
            exercise.category == "push"
            and slot_dose(exercise, self.ctx, rir).short_range
        )
        reason = reason_for(
            choice,
            dose_words=self._dose_words(choice, rir),
            seed_words=self._seed_words(choice, load, number),
            level_name=level_name,
            hard=hard,
        )
        base = Prescription(
            slug=exercise.slug,
            sets=0,
            reason=reason,
            rep_range=window,
            tempo=exercise.tempo or DEFAULT_TEMPO,
            rest_s=self._rest(exercise),
            role="main" if choice.slot.kind == "push" else "accessory",
            seed=self._seed_text(choice.slot),
            hard=hard,
            category=exercise.category,
            name=exercise.name,
            rir=rir if hard else max(rir, self.ctx.rules.deload_rir),
            cues=exercise.cues,
            slot=choice.slot.id,
            step=self.step if exercise.category == "push" else None,
            level=level,
            level_name=level_name,
            short_range=short and load.top_reps <= 1,
        )
        per_side = exercise.unit == "reps_per_side"
        return [
            replace(
                base,
                sets=sets,
                reps=None if per_side else reps,
                reps_per_side=reps if per_side else None,
            )
            for sets, reps in load.split()
        ]

    def _rest(self, exercise: Exercise) -> int:
        goal = self.ctx.person.goal
        if exercise.category == "push" and goal is not None and goal.rest_s:
            return goal.rest_s
        return exercise.rest_s

    def _dose_words(self, choice: Choice, rir: int) -> str:
        exercise = choice.exercise
        if exercise.category != "push":
            return ""
        dose = slot_dose(exercise, self.ctx, rir)
        test = self.ctx.test
        if not dose.known:
            return (
                "your first session tests it; until then stop each set 3 reps "
                "before your form would slip"
            )
        if dose.short_range:
            return (
                "over a shorter range (stand closer or lower halfway) until a full "
                "rep with reps to spare fits"
            )
        estimate = estimate_of(exercise, self.ctx)
        tested = self.ctx.catalog.get(test.slug).name.lower()
        carried = "" if estimate == test.max_reps else f", about {estimate} here"
        return (
            f"reps from your test ({test.max_reps} {tested}s{carried}), keeping "
            f"{rir} in reserve, one more per set each week"
        )

    def _seed_words(self, choice: Choice, load: Load, number: int) -> str:
        seed = self._seed(choice.slot)
        if seed is None:
            return ""
        same = choice.exercise.slug == choice.slot.seed_slug
        if same and load.sets == seed.sets and load.low_reps == seed.reps:
            return "the seed's own dose"
        person, rules = self.ctx.person, self.ctx.rules
        if person.conservative:
            why = "at most 2 sets after a health yes"
        elif person.novice and number <= rules.novice_weeks:
            why = "beginner limits for the first weeks"
        else:
            why = "building up to it at most 20% a week"
        side = " per side" if seed.per_side else ""
        return f"the seed asks {seed.sets}x{seed.reps}{side}: {why}"

    def _seed_text(self, slot: Slot) -> str | None:
        seed = self._seed(slot)
        if seed is None or slot.seed_slug is None:
            return None
        exercise = self.ctx.catalog.get(slot.seed_slug)
        side = " per side" if seed.per_side else ""
        return f"{exercise.name} {seed.sets}x{seed.reps}{side} (seed day {seed.day})"

    def _prep(self, category: str) -> tuple[Prescription, ...]:
        """Timed warm-up (opening) or cool-down drills, the seed's fascia
        relaxation (the upper-back roll) first when the user can do it."""
        key = ("prep", category, self.step)
        if key not in self._cache:
            self._cache[key] = self._new_prep(category)
        return self._cache[key]  # type: ignore[return-value]

    def _new_prep(self, category: str) -> tuple[Prescription, ...]:
        why, role = {
            "warm-up": ("seed summary: dynamic stretching before the work", "warm-up"),
            "mobility": (
                "seed summary: stretching and fascia relaxation after the work",
                "cool-down",
            ),
        }[category]
        items = [
            e
            for e in self.ctx.catalog.filter(category=category)
            if blocker(e, self.step, self.ctx) is None
        ]
        items.sort(key=lambda e: e.slug != "foam-roll-upper-back")
        return tuple(
            Prescription(
                slug=e.slug,
                sets=1,
                reason=f"{why}: {e.name}.",
                duration_s=e.duration_s,
                rest_s=0,
                role=role,
                hard=False,
                category=e.category,
                name=e.name,
                cues=e.cues,
            )
            for e in items[: self.ctx.rules.prep_max_items]
        )


def _spread(total: int, caps: list[int]) -> list[int]:
    """``total`` sets over placements with these caps, as evenly as possible, at
    least one each."""
    if not caps:
        return []
    base, extra = divmod(max(total, len(caps)), len(caps))
    return [min(cap, base + (1 if i < extra else 0)) for i, cap in enumerate(caps)]


def _check_weeks(weeks: object, every: object, rules_range: tuple[int, int]) -> None:
    low, high = WEEKS_RANGE
    _whole_between("weeks", weeks, low, high, "a whole number between")
    first, last = rules_range
    _whole_between("deload_every_weeks", every, first, last, "between")


def _whole_between(field: str, value: object, low: int, high: int, words: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, value, f"{words} {low} and {high}")
    if not low <= value <= high:
        raise InvalidInput(field, value, f"{words} {low} and {high}")


def plan_for(
    profile: Profile,
    catalog: Catalog,
    *,
    weeks: int,
    deload_every_weeks: int | None,
    history: PlanHistory | None,
) -> Plan:
    """See :func:`pushback.domain.plans.build_plan`."""
    rules = load_programming()
    every = deload_every_weeks or rules.deload_every_weeks
    _check_weeks(weeks, every, rules.deload_range)
    require_plan_allowed(profile)
    person = person_of(profile, catalog, rules)
    ctx = Context(person, catalog, rules, Test(profile.variant, profile.max_pushups))
    placed = ladder_step(profile, catalog).step
    wanted = history.step if history is not None and history.step else placed
    planner = _Planner(ctx, allowed_step(wanted, ctx), every)
    if history is not None:
        planner.loads = dict(history.loads)
        planner.push_sets = history.push_sets
    start = history.weeks_done + 1 if history is not None else 1
    first_step = planner.step
    main_dose = slot_dose(planner._main_exercise(), ctx, planner._rir(start, False))
    planner.entry_test = history is None and not main_dose.known
    built = [planner.week(n, n == start) for n in range(start, start + weeks)]
    extra = [missing_pull_note(ctx, sorted(planner.pull_gaps))]
    return Plan(
        weeks=tuple(built),
        generator_version=GENERATOR_VERSION,
        notes=plan_notes(ctx, step=first_step, deload_every_weeks=every, extra=extra),
        goal=profile.goal,
        training_age=person.training_age,
        person=person.rules,
    )
