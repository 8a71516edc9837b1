"""The week-to-week load of each slot placement (private to :mod:`._planner`):
the first week from the test, then double progression within the caps and the 20%
rule (:mod:`._plan_volume`), pulling matched set for set with the push work."""

from __future__ import annotations

import math

from pushback.domain._plan_base import Budget, PlanState
from pushback.domain._plan_slots import (
    Choice,
    estimate_of,
    slot_dose,
    window_of,
)
from pushback.domain._plan_volume import (
    Load,
    grow_pull,
    grow_push,
    volume_limit,
)
from pushback.domain.catalog import Exercise
from pushback.domain.dose import work_reps

__all__ = ["LoadPlanning"]


class LoadPlanning(PlanState):
    """The loads of a week's placements (a mixin of the planner)."""

    def _budget(self, number: int) -> Budget:
        rules, person = self.ctx.rules, self.ctx.person
        last = self.push_sets
        caps = [] if last is None else [math.floor(last * (1 + rules.weekly_increase))]
        if person.novice and number <= rules.novice_weeks:
            caps.append(rules.novice_max_push_sets)
        if not caps:
            return Budget(10**6)
        return Budget(max(0, min(caps) - (last or 0)))

    def _progresses(self) -> bool:
        every = self.ctx.person.progress_every_weeks
        return self.build_weeks % every == 0

    def _push_placements(  # noqa: PLR0913 - one session's push work this week
        self,
        day: int,
        template: str,
        number: int,
        rir: int,
        progress: bool,
        budget: Budget,
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
            if previous is None:  # new exercises (a new step): trim the biggest
                if not self._trim_biggest(push):
                    return
                continue
            choice, _ = push[day][index]
            push[day][index] = (choice, previous)

    def _cap_pull_sets(self, pull: dict[int, list[tuple[Choice, Load]]]) -> None:
        """The week's pulling sets at most 20% over the last normal week's: a set
        off the placement with the most (never its last one)."""
        last = sum(
            load.sets
            for (_, slot), (_, load) in self.loads.items()
            if not slot.startswith("push")
        )
        if not last:
            return
        cap = math.floor(last * (1 + self.ctx.rules.weekly_increase) + 1e-9)
        while sum(load.sets for items in pull.values() for _, load in items) > cap:
            found = [
                (load.sets, day, index)
                for day, items in pull.items()
                for index, (_, load) in enumerate(items)
                if load.sets > 1
            ]
            if not found:
                return
            _, day, index = max(found)
            choice, load = pull[day][index]
            sets = load.sets - 1
            pull[day][index] = (choice, Load(sets, sets * load.low_reps, load.level))

    def _trim_biggest(self, push: dict[int, list[tuple[Choice, Load]]]) -> bool:
        """One rep off the biggest placement, or one set when its reps are at the
        bottom of the window; False when nothing can go."""
        found = [
            (load.volume, day, index)
            for day, items in push.items()
            for index, (choice, load) in enumerate(items)
            if load.volume > 1
        ]
        if not found:
            return False
        _, day, index = max(found)
        choice, load = push[day][index]
        low = window_of(choice.exercise, self.ctx)[0]
        if load.low_reps > low or load.sets == 1:
            push[day][index] = (choice, Load(load.sets, load.volume - 1, load.level))
        else:
            sets = load.sets - 1
            push[day][index] = (choice, Load(sets, sets * load.low_reps, load.level))
        return True

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
        # A known max caps the reps even below the window (never above the test).
        reps = dose.reps if dose.known else low
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
        budget: Budget,
    ) -> Load:
        previous = self.loads.get((day, choice.slot.id))
        max_sets = self._max_sets(choice, number)
        if previous is None or previous[0] != choice.exercise.slug:
            sets = None if previous is None else min(previous[1].sets, max_sets)
            load = self._start_load(choice, number, rir, sets=sets)
            if previous is not None:
                cap = volume_limit(previous[1].volume, self.ctx.rules.weekly_increase)
                load = Load(load.sets, max(load.sets, min(load.volume, cap)))
            elif self.push_sets is not None:
                # A new slot in a running plan: its sets come out of the week's.
                load = self._from_budget(load, budget)
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

    def _from_budget(self, load: Load, budget: Budget) -> Load:
        """``load`` with no more sets than the week may still add (at least one)."""
        sets = max(1, min(load.sets, budget.remaining))
        budget.remaining = max(0, budget.remaining - sets)
        return Load(sets, sets * (load.volume // load.sets))

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


def _spread(total: int, caps: list[int]) -> list[int]:
    """``total`` sets over placements with these caps, as evenly as possible, at
    least one each."""
    if not caps:
        return []
    base, extra = divmod(max(total, len(caps)), len(caps))
    return [min(cap, base + (1 if i < extra else 0)) for i, cap in enumerate(caps)]
