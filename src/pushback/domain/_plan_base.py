"""The planner's state and the small questions every part of it asks (private to
:mod:`._planner`): the exercise a slot takes at the current step, the reps in
reserve of a week, the most sets an exercise may get."""

from __future__ import annotations

from dataclasses import dataclass, field

from pushback.domain._plan_slots import (
    POSTURE_SLOT,
    TEMPLATES,
    Choice,
    Context,
    Slot,
    choose,
)
from pushback.domain._plan_volume import (
    Load,
)
from pushback.domain.catalog import Exercise, SeedPrescription

__all__ = ["Budget", "Key", "PlanState"]

Key = tuple[int, str]


@dataclass
class Budget:
    """Push sets the week may still add (beginner cap, sets rising at most 20%)."""

    remaining: int

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


@dataclass
class PlanState:
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

    def _rir(self, number: int, deload_week: bool) -> int:
        rules = self.ctx.rules
        if deload_week:
            return rules.deload_rir
        if self.ctx.person.conservative:
            return rules.conservative_rir
        return rules.early_rir if number <= rules.no_failure_weeks else rules.work_rir

    @property
    def _days(self) -> int:
        return self.ctx.person.profile.days_per_week

    def _slots(self, template: str) -> tuple[Slot, ...]:
        slots = TEMPLATES[template][1]
        goal = self.ctx.person.goal
        if goal is not None and goal.extra_scapular_sets and template in "ABC":
            slots = (*slots, POSTURE_SLOT)
        return slots

    def _main_exercise(self) -> Exercise:
        return self.ctx.catalog.at_step(self.step)

    def _seed(self, slot: Slot) -> SeedPrescription | None:
        if slot.seed_slug is None:
            return None
        return self.ctx.catalog.get(slot.seed_slug).seed_prescription

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
