"""Progression rules: pure functions, checked with numbers from the brief."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.errors import InvalidInput
from pushback.domain.plans import Prescription, Session, Week
from pushback.domain.progression import (
    Target,
    cap_week,
    deload_sets,
    is_deload_week,
    max_sets_per_exercise,
    max_weekly_sets,
    next_target,
    rir_for_week,
    starting_reps,
    twenty_percent_limit,
    weekly_hard_sets,
    working_reps,
)


def make_item(
    slug: str = "push-up", sets: int = 3, **overrides: object
) -> Prescription:
    values: dict[str, object] = {
        "slug": slug,
        "sets": sets,
        "reason": "test",
        "reps": 10,
        "category": "push",
        "rir": 1,
    }
    values.update(overrides)
    return Prescription(**values)  # type: ignore[arg-type]


def make_week(number: int, *items: Prescription, deload: bool = False) -> Week:
    return Week(week=number, deload=deload, sessions=(Session(day=1, exercises=items),))


@pytest.mark.parametrize(
    ("max_reps", "expected"), [(0, 0), (10, 7), (20, 13), (30, 20)]
)
def test_working_reps_are_about_65_percent_of_max(max_reps: int, expected: int) -> None:
    assert working_reps(max_reps) == expected


def test_starting_reps_stay_inside_the_window() -> None:
    assert starting_reps(3, (6, 15)) == 6
    assert starting_reps(40, (6, 15)) == 15
    assert starting_reps(14, (6, 15)) == 9


def test_deload_is_every_fourth_week_by_default() -> None:
    assert [w for w in range(1, 13) if is_deload_week(w)] == [4, 8, 12]


@pytest.mark.parametrize("every", [3, 9])
def test_deload_spacing_outside_4_to_8_weeks_is_rejected(every: int) -> None:
    with pytest.raises(InvalidInput, match="deload_every_weeks"):
        is_deload_week(1, every)


def test_no_set_to_failure_in_the_first_two_weeks() -> None:
    assert rir_for_week(1) >= 1 and rir_for_week(2) >= 1
    assert rir_for_week(3) == 1
    assert rir_for_week(5, deload=True) in (3, 4)
    assert rir_for_week(7, conservative=True) >= 3


def test_sets_per_exercise_cap_is_3_in_novice_weeks_then_the_seeds() -> None:
    assert max_sets_per_exercise(1, seed_sets=4) == 3
    assert max_sets_per_exercise(5, seed_sets=4) == 4
    assert max_sets_per_exercise(5, seed_sets=None) == 3
    assert max_sets_per_exercise(9, conservative=True, seed_sets=4) == 2


def test_twenty_percent_rule_rounds_down() -> None:
    assert twenty_percent_limit(5) == 6
    assert twenty_percent_limit(4) == 4
    assert twenty_percent_limit(10) == 12


def test_weekly_ceiling_combines_novice_cap_and_twenty_percent() -> None:
    assert max_weekly_sets(1, None) == 10
    assert max_weekly_sets(3, 9) == 10
    assert max_weekly_sets(5, 10) == 12
    assert max_weekly_sets(5, None) is None
    assert max_weekly_sets(2, 20, push=False) == 24


def test_deload_halves_the_sets_rounding_up() -> None:
    assert [deload_sets(n) for n in (1, 2, 7, 8)] == [1, 1, 4, 4]


def test_double_progression_adds_a_rep_inside_the_window() -> None:
    progress = next_target(Target("push-up", 3, 10, (6, 15), ladder_step=6))
    assert progress.action == "add-rep"
    assert progress.target.reps == 11


def test_top_of_window_moves_to_the_next_step_at_its_gate() -> None:
    harder = Target("close-push-up", 3, 6, (6, 12), ladder_step=7)
    progress = next_target(
        Target("push-up", 3, 15, (6, 15), ladder_step=6), harder=harder, gate_reps=15
    )
    assert progress.action == "next-step"
    assert progress.target == harder


def test_ladder_move_stops_at_the_max_step() -> None:
    harder = Target("close-push-up", 3, 6, (6, 12), ladder_step=7)
    progress = next_target(
        Target("push-up", 3, 15, (6, 15), ladder_step=6), harder=harder, max_step=6
    )
    assert progress.action == "hold"
    assert progress.target.slug == "push-up"
    assert "ready for the next level" in progress.reason


def test_weekly_hard_sets_count_only_hard_sets_of_the_categories() -> None:
    week = make_week(
        1,
        make_item("push-up", 3),
        make_item("trx-row", 2, category="pull"),
        make_item("arm-circles", 1, category="warm-up", hard=False),
    )
    assert weekly_hard_sets(week) == 5
    assert weekly_hard_sets(week, ("push",)) == 3
    assert weekly_hard_sets(week, ("pull",)) == 2


def test_cap_week_enforces_novice_caps_and_minimum_rir() -> None:
    items = [make_item(f"push-{i}", 4, rir=0) for i in range(4)]
    capped = cap_week(make_week(1, *items))
    sets = [p.sets for p in capped.sessions[0].exercises]
    assert max(sets) <= 3
    assert sum(sets) <= 10
    assert all(p.rir is not None and p.rir >= 1 for p in capped.sessions[0].exercises)


def test_cap_week_applies_twenty_percent_against_the_previous_week() -> None:
    previous = make_week(5, make_item("push-up", 5))
    week = make_week(6, make_item("push-up", 3), make_item("wide-push-up", 4))
    capped = cap_week(week, previous_week=previous)
    assert weekly_hard_sets(capped, ("push",)) == 6


@given(
    sets=st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=6),
    previous=st.integers(min_value=1, max_value=20),
    number=st.integers(min_value=1, max_value=12),
)
def test_cap_week_never_exceeds_its_caps_and_is_idempotent(
    sets: list[int], previous: int, number: int
) -> None:
    week = make_week(number, *(make_item(f"p{i}", n) for i, n in enumerate(sets)))
    prior = make_week(number, make_item("x", previous))
    capped = cap_week(week, previous_week=prior)
    push = weekly_hard_sets(capped, ("push",))
    assert push <= twenty_percent_limit(previous)
    if number <= 4:
        assert push <= 10
        assert all(p.sets <= 3 for s in capped.sessions for p in s.exercises)
    assert cap_week(capped, previous_week=prior) == capped
