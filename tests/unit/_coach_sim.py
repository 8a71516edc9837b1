"""A user following a plan through the journal's rules, in memory (no database).

What the journal service does, step by step: the calendar adapts the schedule, the
day's session is logged with a given behaviour, the plan adapts to it, a logged
retest becomes the new profile, and when the schedule runs out the next block is
built from what was trained (``build_plan(history=...)``). The same functions run in
``services/training/_adapt.py`` and ``services/training/_core.py`` around a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from pushback.domain.adaptation import (
    Decision,
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_calendar,
    adapt_to_session,
)
from pushback.domain.catalog import Catalog
from pushback.domain.plans import (
    Plan,
    Prescription,
    Session,
    Week,
    build_plan,
    history_of,
)
from pushback.domain.profile import Profile

START = date(2026, 1, 5)  # a Monday
BLOCK_WEEKS = 4

#: What the user does with one prescription: the logged sets.
Behaviour = Callable[[Prescription, int], list[SetLog]]


def adherent(item: Prescription, week: int) -> list[SetLog]:
    """Every set at the target, stopping at the prescribed reps in reserve."""
    del week
    count = item.count
    if item.role == "test":
        return [SetLog(item.slug, count, target=count, rir=item.rir)]
    return [
        SetLog(item.slug, count, target=count, rep_range=item.rep_range,
               rir=max(1, item.rir or 1), target_rir=item.rir)
        for _ in range(item.sets)
    ]  # fmt: skip


def failing(item: Prescription, week: int) -> list[SetLog]:
    """Every set short of the bottom of the window, at failure."""
    del week
    low = item.rep_range[0] if item.rep_range else item.count
    count = max(0, low - 2) if item.role != "test" else item.count // 2
    return [
        SetLog(item.slug, count, target=item.count, rep_range=item.rep_range, rir=0,
               target_rir=item.rir)
        for _ in range(item.sets)
    ]  # fmt: skip


def pained(item: Prescription, week: int) -> list[SetLog]:
    """Wrist pain on the first push set of week 3; adherent otherwise."""
    sets = adherent(item, week)
    if week == 3 and item.category == "push" and item.role != "test":
        sets[0] = replace(sets[0], pain=True, pain_location="left wrist")
    return sets


@dataclass
class Simulation:
    """One user, their schedule and everything the coach decided."""

    profile: Profile
    catalog: Catalog
    behaviour: Behaviour = adherent
    skip_weeks: frozenset[int] = frozenset()
    sessions: tuple[PlannedSession, ...] = ()
    history: list[SessionLog] = field(default_factory=list)
    decisions: list[tuple[date, Decision]] = field(default_factory=list)
    blocks: list[Plan] = field(default_factory=list)
    tested_step: int | None = None

    def __post_init__(self) -> None:
        self._add_block(
            build_plan(self.profile, self.catalog, weeks=BLOCK_WEEKS), START
        )

    # ------------------------------------------------------------ schedule

    def _add_block(self, plan: Plan, first_day: date) -> None:
        self.blocks.append(plan)
        first_week = plan.weeks[0].week
        added = []
        for week in plan.weeks:
            for session in week.sessions:
                added.append(
                    PlannedSession(
                        key=len(self.sessions) + len(added),
                        week=week.week,
                        on=first_day
                        + timedelta(
                            days=7 * (week.week - first_week) + session.day - 1
                        ),
                        exercises=session.exercises,
                        deload=week.deload,
                        title=session.title,
                        day=session.day,
                    )
                )
        self.sessions = self.sessions + tuple(added)

    def weeks(self) -> list[Week]:
        """The schedule as plan weeks (adapted prescriptions)."""
        grouped: dict[int, list[PlannedSession]] = {}
        for s in self.sessions:
            grouped.setdefault(s.week, []).append(s)
        return [
            Week(
                week=number,
                deload=any(s.deload for s in items),
                sessions=tuple(
                    Session(day=s.day, exercises=s.exercises) for s in items
                ),
            )
            for number, items in sorted(grouped.items())
        ]

    def _extend(self, today: date) -> None:
        history = history_of(self.weeks())
        if self.tested_step is not None:  # a retest placed the next block
            history = replace(history, step=self.tested_step)
            self.tested_step = None
        plan = build_plan(
            self.profile, self.catalog, weeks=BLOCK_WEEKS, history=history
        )
        self._add_block(plan, today)

    # ----------------------------------------------------------- training

    @property
    def rules(self) -> Rules:
        return Rules(
            self.catalog,
            conservative=bool(self.profile.parq.yes_answers())
            or "pregnancy" in self.profile.conditions,
            profile=self.profile,
        )

    def run(self, weeks: int) -> None:
        """Train (or skip) every planned day for ``weeks`` calendar weeks."""
        day = START
        end = START + timedelta(days=7 * weeks)
        while day < end:
            if not any(not s.done for s in self.sessions):
                self._extend(day)
            self._calendar(day)
            calendar_week = (day - START).days // 7 + 1
            due = next((s for s in self.sessions if not s.done and s.on == day), None)
            if due is not None and calendar_week not in self.skip_weeks:
                self._train(due, calendar_week)
            day += timedelta(days=1)

    def _calendar(self, day: date) -> None:
        last = self.history[0].on if self.history else None
        recent = {d.code for on, d in self.decisions if last is None or on >= last}
        result = adapt_to_calendar(
            self.sessions, today=day, last_trained=last, recent_codes=recent
        )
        self.sessions = result.sessions
        self.decisions += [(day, d) for d in result.decisions]

    def _train(self, due: PlannedSession, calendar_week: int) -> None:
        sets = [
            s
            for item in due.exercises
            if item.hard
            for s in self.behaviour(item, calendar_week)
        ]
        log = SessionLog(on=due.on, sets=tuple(sets), sleep_score=4,
                         soreness_score=2, planned_key=due.key)  # fmt: skip
        self.sessions = tuple(
            replace(s, done=True) if s.key == due.key else s for s in self.sessions
        )
        recent = {d.code for on, d in self.decisions if (due.on - on).days < 7}
        result = adapt_to_session(
            self.sessions, latest=log, history=self.history, rules=self.rules,
            recent_codes=recent,
        )  # fmt: skip
        self.history.insert(0, log)
        self.sessions = result.sessions
        self.decisions += [(due.on, d) for d in result.decisions]
        for decision in result.decisions:
            if decision.code == "test-result":
                self.profile = replace(
                    self.profile,
                    variant=decision.details["slug"],
                    max_pushups=decision.details["max_reps"],
                )
                self.tested_step = decision.details["step"]

    # ------------------------------------------------------------ reading

    def codes(self) -> list[str]:
        return [d.code for _, d in self.decisions]

    def done(self) -> list[PlannedSession]:
        return [s for s in self.sessions if s.done]
