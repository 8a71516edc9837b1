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
from dataclasses import dataclass, replace

from pushback.domain._data_words import stored_phrase
from pushback.domain._plan_items import ItemWriting
from pushback.domain._plan_loads import LoadPlanning
from pushback.domain._plan_slots import (
    DELOAD_TITLES,
    SCHEDULES,
    TEMPLATES,
    Context,
    Test,
    allowed_step,
    blocker,
    slot_dose,
    window_of,
)
from pushback.domain._plan_text import (
    missing_pull_note,
    plan_notes,
)
from pushback.domain._plan_volume import (
    Load,
    deload,
)
from pushback.domain.assessment import ladder_step, require_plan_allowed
from pushback.domain.catalog import Catalog
from pushback.domain.errors import InvalidInput
from pushback.domain.person import person_of
from pushback.domain.phrases import exercise_phrase, msg
from pushback.domain.plans import (
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


@dataclass
class _Planner(LoadPlanning, ItemWriting):
    """One plan being built, week after week."""

    def week(self, number: int, first: bool) -> Week:
        if number % self.deload_every == 0:
            return self._deload_week(number)
        week = self._build_week(number, first)
        self.build_weeks += 1
        return week

    def _build_week(self, number: int, first: bool) -> Week:
        rir = self._rir(number, False)
        budget = self._budget(number)
        progress = self._progresses()
        hard = [(d, t) for d, t in SCHEDULES[self._days] if t != "R"]
        push = {
            day: self._push_placements(day, template, number, rir, progress, budget)
            for day, template in hard
        }
        self._cap_push_total(push)
        pull = {
            day: self._pull_loads(
                day,
                template,
                number,
                push[day],
                {c.exercise.slug for c, _ in push[day]},
                progress,
            )  # fmt: skip
            for day, template in hard
        }
        self._cap_pull_sets(pull)
        new = {
            (day, c.slot.id): (c.exercise.slug, load)
            for placements in (push, pull)
            for day, items in placements.items()
            for c, load in items
        }
        sessions = []
        for index, (day, template) in enumerate(SCHEDULES[self._days]):
            if template == "R":
                sessions.append(self._easy_session(day, rir))
                continue
            items = (
                [self._test_item()] if first and self.entry_test and index == 0 else []
            )
            for choice, load in push[day] + pull[day]:
                items += self._items(choice, load, number=number, rir=rir)
            sessions.append(self._session(day, TEMPLATES[template][0], items, "train"))
        self.loads |= new
        self.push_sets = sum(
            load.sets for (_, slot), (_, load) in new.items() if slot.startswith("push")
        )
        return Week(week=number, deload=False, sessions=tuple(sessions),
                    note=self._gate_note())  # fmt: skip

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
        note = msg(
            "Lighter week: about half the sets at 3 reps in reserve, then your "
            "retest on day %(day)d.",
            day=test_day,
        )
        week = Week(number, True, tuple(sessions), note=note, retest=True)
        self._project_retest()
        return week

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
        return self._session(day, DELOAD_TITLES[template], items, "train")

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
        return Session(
            day, (*warm_up, *items, *cool_down), title=stored_phrase(title), kind=kind
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
            why = (blocker(harder, self.step + 1, self.ctx) if harder else None) or msg(
                "the top of the ladder"
            )
            return msg(
                "%(name)s: the %(sets)dx%(reps)d gate is reached, but the plan holds "
                "here (%(why)s); more reps and sets come first. Ask your doctor or "
                "physiotherapist before going further.",
                name=exercise_phrase(main.slug, main.name),
                sets=gate.sets,
                reps=gate.reps,
                why=why,
            )
        return msg(
            "%(name)s: the %(sets)dx%(reps)d gate is reached; the retest at the end "
            "of this block decides the next step.",
            name=exercise_phrase(main.slug, main.name),
            sets=gate.sets,
            reps=gate.reps,
        )


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
