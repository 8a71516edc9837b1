"""The programming rules of ``data/programming.toml``: every number the plan
generator and the journal's adaptation use, each with its grade and source ids.

:func:`load_programming` reads and checks the shipped file once (cached); a broken
file raises :class:`CatalogError` naming the file and the key. Each table is also
kept as a :class:`Rule` (grade, sources, note) so a plan can say where a rule
comes from (:meth:`Programming.rule`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from pushback.domain._toml_reader import TableReader
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import CatalogError

__all__ = [
    "GOALS",
    "PROGRAMMING_FILE",
    "GoalRule",
    "Programming",
    "Rule",
    "load_programming",
    "parse_programming",
]

PROGRAMMING_FILE = "programming.toml"
#: The goals a user can choose (``--goal``); None means the seed's back-training mix.
GOALS: tuple[str, ...] = ("strength", "endurance", "posture")


@dataclass(frozen=True)
class Rule:
    """Where one table of rules comes from."""

    name: str
    grade: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class GoalRule:
    """What a goal changes: the top of the push-up rep window, the rest between
    push-up sets and extra shoulder-blade sets (None / 0: unchanged)."""

    goal: str
    rep_high: int | None
    rest_s: int | None
    extra_scapular_sets: int
    rule: Rule


@dataclass(frozen=True)
class Programming:
    """Every programming number (see ``data/programming.toml`` for each source)."""

    rep_window: tuple[int, int]
    working_fraction: float
    conversion_factor: float
    no_failure_weeks: int
    early_rir: int
    work_rir: int
    deload_rir: int
    conservative_rir: int
    novice_weeks: int
    novice_max_push_sets: int
    novice_max_sets_per_exercise: int
    novice_start_sets: int
    trained_max_sets_per_exercise: int
    weekly_increase: float
    pull_ratio: float
    conservative_max_sets: int
    deload_every_weeks: int
    deload_range: tuple[int, int]
    deload_fraction: float
    retest_rir_counted_up_to: int
    low_sleep: int
    high_soreness: int
    trigger_window_days: int
    trigger_min_sessions: int
    rir_drift: int
    cut_fraction: float
    re_entry_after_days: int
    retest_after_days: int
    older_from_age: int
    older_progress_every_weeks: int
    intermediate_months: int
    prep_max_items: int
    easy_sets: int
    reps_per_week: int
    goals: dict[str, GoalRule] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)

    def rule(self, name: str) -> Rule:
        """The grade, sources and note of table ``name`` (``goals.strength`` too)."""
        return self.rules[name]


def _rule(reader: TableReader, name: str, known: Collection[str]) -> Rule:
    return Rule(
        name=name,
        grade=reader.grade(),
        sources=reader.ids("sources", known),
        note=reader.text("note"),
    )


def _goal(reader: TableReader, goal: str, known: Collection[str]) -> GoalRule:
    table = reader.table
    return GoalRule(
        goal=goal,
        rep_high=reader.integer("rep_high", 3, 50) if "rep_high" in table else None,
        rest_s=reader.integer("rest_s", 0, 600) if "rest_s" in table else None,
        extra_scapular_sets=reader.integer("extra_scapular_sets", 0, 3)
        if "extra_scapular_sets" in table
        else 0,
        rule=_rule(reader, f"goals.{goal}", known),
    )


def parse_programming(raw: dict[str, Any], known: Collection[str]) -> Programming:
    """Check ``raw`` (the parsed file) against the source ids ``known``."""
    top = TableReader(PROGRAMMING_FILE, raw)
    names = [name for name in raw if name not in ("goals", "safety")]
    t = {name: top.sub(name) for name in names}
    rules = {name: _rule(t[name], name, known) for name in names}
    goals_table = top.sub("goals")
    goals = {goal: _goal(goals_table.sub(goal), goal, known) for goal in GOALS}
    rules |= {f"goals.{goal}": rule.rule for goal, rule in goals.items()}
    safety = top.sub("safety")
    rules |= {
        f"safety.{name}": _rule(safety.sub(name), f"safety.{name}", known)
        for name in safety.table
    }
    rep, rir, novice, deload = t["rep_window"], t["rir"], t["novice"], t["deload"]
    trig, older = t["triggers"], t["older_adults"]
    return Programming(
        rep_window=(rep.integer("low", 1, 50), rep.integer("high", 1, 50)),
        working_fraction=t["working_fraction"].number("value", 0.1, 1.0),
        conversion_factor=t["ladder_conversion"].number("factor_per_step", 1.0, 5.0),
        no_failure_weeks=rir.integer("no_failure_weeks", 0, 12),
        early_rir=rir.integer("early_rir", 0, 5),
        work_rir=rir.integer("work_rir", 0, 5),
        deload_rir=rir.integer("deload_rir", 0, 5),
        conservative_rir=rir.integer("conservative_rir", 0, 5),
        novice_weeks=novice.integer("weeks", 1, 12),
        novice_max_push_sets=novice.integer("max_push_sets_per_week", 1, 30),
        novice_max_sets_per_exercise=novice.integer("max_sets_per_exercise", 1, 10),
        novice_start_sets=novice.integer("start_sets_per_slot", 1, 5),
        trained_max_sets_per_exercise=t["trained"].integer(
            "max_sets_per_exercise", 1, 10
        ),
        weekly_increase=t["weekly_increase"].number("limit", 0.0, 1.0),
        pull_ratio=t["pulling"].number("ratio_to_push_sets", 0.0, 3.0),
        conservative_max_sets=t["conservative"].integer("max_sets_per_exercise", 1, 5),
        deload_every_weeks=deload.integer("every_weeks", 2, 12),
        deload_range=(
            deload.integer("every_weeks_low", 2, 12),
            deload.integer("every_weeks_high", 2, 12),
        ),
        deload_fraction=deload.number("sets_fraction", 0.1, 1.0),
        retest_rir_counted_up_to=t["retest"].integer("rir_counted_up_to", 0, 10),
        low_sleep=trig.integer("low_sleep", 1, 5),
        high_soreness=trig.integer("high_soreness", 1, 5),
        trigger_window_days=trig.integer("window_days", 1, 28),
        trigger_min_sessions=trig.integer("min_sessions", 1, 10),
        rir_drift=trig.integer("rir_drift", 1, 10),
        cut_fraction=t["failed_target"].number("cut_fraction", 0.0, 0.9),
        re_entry_after_days=t["calendar"].integer("re_entry_after_days", 1, 60),
        retest_after_days=t["calendar"].integer("retest_after_days", 1, 365),
        older_from_age=older.integer("from_age", 15, 100),
        older_progress_every_weeks=older.integer("progress_every_weeks", 1, 4),
        intermediate_months=t["training_age"].integer("intermediate_months", 1, 60),
        prep_max_items=t["prep"].integer("max_items", 1, 10),
        easy_sets=t["easy_days"].integer("sets", 1, 5),
        reps_per_week=t["progression"].integer("reps_per_week", 1, 5),
        goals=goals,
        rules=rules,
    )


@cache
def load_programming() -> Programming:
    """Read and check the shipped ``data/programming.toml`` (cached).

    Raises :class:`CatalogError` naming file and key when it is broken.
    """
    path = resources.files("pushback") / "data" / PROGRAMMING_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(PROGRAMMING_FILE, "(file)", str(error)) from None
    return parse_programming(raw, load_catalog().sources)
