"""Turning a slot's load into prescriptions, with their reasons; the retest item;
the warm-up and cool-down (private to :mod:`._planner`)."""

from __future__ import annotations

from dataclasses import replace

from pushback.domain._data_words import data_phrase
from pushback.domain._plan_base import PlanState
from pushback.domain._plan_slots import (
    Choice,
    Slot,
    blocker,
    estimate_of,
    slot_dose,
    test_target,
    window_of,
)
from pushback.domain._plan_text import (
    reason_for,
    test_reason,
)
from pushback.domain._plan_volume import (
    Load,
)
from pushback.domain.catalog import Exercise
from pushback.domain.phrases import exercise_phrase, msg
from pushback.domain.plans import (
    DEFAULT_TEMPO,
    Prescription,
)

__all__ = ["ItemWriting"]


class ItemWriting(PlanState):
    """Prescriptions and their words (a mixin of the planner)."""

    def _test_item(self) -> Prescription:
        main = self._main_exercise()
        conservative = self.ctx.person.conservative
        rules = self.ctx.rules
        target = test_target(main, self.ctx, self._rir(1, False))
        words = ""
        if main.gate is not None and main.harder is not None:
            words = msg(
                "%(reps)d clean reps move you on to the next step.", reps=target
            )
        name = exercise_phrase(main.slug, main.name)
        return Prescription(
            slug=main.slug,
            sets=1,
            reason=test_reason(name, conservative, words),
            reps=None if main.unit == "reps_per_side" else target,
            reps_per_side=target if main.unit == "reps_per_side" else None,
            rep_range=None,
            tempo=None,
            rest_s=main.rest_s,
            role="test",
            hard=True,
            category=main.category,
            name=msg("%(name)s (test)", name=name),
            rir=rules.conservative_rir if conservative else None,
            cues=main.cues,
            slot="test",
            step=self.step,
        )

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
        level_name = data_phrase(levels[level - 1]) if level else None
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
            return msg(
                "your first session tests it; until then stop each set 3 reps "
                "before your form would slip"
            )
        if dose.short_range:
            return msg(
                "over a shorter range (stand closer or lower halfway) until a full "
                "rep with reps to spare fits"
            )
        estimate = estimate_of(exercise, self.ctx)
        tested = self.ctx.catalog.get(test.slug)
        values = {
            "max": test.max_reps,
            "tested": exercise_phrase(tested.slug, tested.name.lower()),
            "rir": rir,
        }
        if estimate == test.max_reps:
            return msg(
                "reps from your test (%(max)d %(tested)ss), keeping %(rir)d in "
                "reserve, one more per set each week",
                **values,
            )
        return msg(
            "reps from your test (%(max)d %(tested)ss, about %(estimate)d here), "
            "keeping %(rir)d in reserve, one more per set each week",
            estimate=estimate,
            **values,
        )

    def _seed_words(self, choice: Choice, load: Load, number: int) -> str:
        seed = self._seed(choice.slot)
        if seed is None:
            return ""
        same = choice.exercise.slug == choice.slot.seed_slug
        if same and load.sets == seed.sets and load.low_reps == seed.reps:
            return msg("the article's own dose")
        person, rules = self.ctx.person, self.ctx.rules
        if person.conservative:
            why = msg("at most %(sets)d sets after a health yes", sets=2)
        elif person.novice and number <= rules.novice_weeks:
            why = msg("beginner limits for the first weeks")
        else:
            why = msg("building up to it at most %(pct)d%% a week", pct=20)
        values = {"sets": seed.sets, "reps": seed.reps, "why": why}
        if seed.per_side:
            return msg(
                "the article asks for %(sets)dx%(reps)d per side: %(why)s", **values
            )
        return msg("the article asks for %(sets)dx%(reps)d: %(why)s", **values)

    def _seed_text(self, slot: Slot) -> str | None:
        seed = self._seed(slot)
        if seed is None or slot.seed_slug is None:
            return None
        exercise = self.ctx.catalog.get(slot.seed_slug)
        values = {
            "name": exercise_phrase(exercise.slug, exercise.name),
            "sets": seed.sets,
            "reps": seed.reps,
            "day": seed.day,
        }
        if seed.per_side:
            return msg(
                "%(name)s %(sets)dx%(reps)d per side (the article's day %(day)d)",
                **values,
            )
        return msg("%(name)s %(sets)dx%(reps)d (the article's day %(day)d)", **values)

    def _prep(self, category: str) -> tuple[Prescription, ...]:
        """Timed warm-up (opening) or cool-down drills, the seed's fascia
        relaxation (the upper-back roll) first when the user can do it."""
        key = ("prep", category, self.step)
        if key not in self._cache:
            self._cache[key] = self._new_prep(category)
        return self._cache[key]  # type: ignore[return-value]

    def _new_prep(self, category: str) -> tuple[Prescription, ...]:
        why, role = {
            "warm-up": (msg("warm-up: moving stretches before the work"), "warm-up"),
            "mobility": (
                msg("cool-down: stretches that relax the muscles after the work"),
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
                reason=msg(
                    "%(why)s: %(name)s.", why=why, name=exercise_phrase(e.slug, e.name)
                ),
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
