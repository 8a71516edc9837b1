"""Personal records from sets, written from what a lifter would call a record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.records import SetFacts, track_records

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def _set(n: int, **values: object) -> SetFacts:
    defaults: dict[str, object] = {"set_id": n, "session_id": n, "exercise": "push-up",
                                   "logged_at": T0 + timedelta(days=n)}  # fmt: skip
    return SetFacts(**{**defaults, **values})  # type: ignore[arg-type]


def test_a_record_is_beaten_only_by_more_and_only_by_clean_sets() -> None:
    records = track_records([
        _set(1, reps=10),
        _set(2, reps=10),  # a tie moves nothing
        _set(3, reps=14, clean=False),  # form broke or pain: not a record
        _set(4, reps=12),
    ])  # fmt: skip
    (best,) = records.standing()
    assert (best.kind, best.value, best.set_id) == ("reps", 12, 4)
    (beaten,) = records.breaks
    assert beaten.previous.value == 10 and beaten.record.session_id == 4
    assert records.in_session(4) == (beaten,) and records.in_session(2) == ()


def test_descents_count_by_their_median_and_holds_by_time() -> None:
    records = track_records([
        _set(1, reps=8, descent_times_s=(2.0, 2.2, 9.0)),  # one slow outlier
        _set(2, reps=8, descent_times_s=(2.8, 3.0, 3.1)),
        _set(3, exercise="plank", duration_s=45, timed=True),
        _set(4, exercise="plank", duration_s=60, timed=True),
    ])  # fmt: skip
    kinds = {(r.kind, r.exercise): r.value for r in records.standing()}
    assert kinds[("descent", "push-up")] == 3.0
    assert kinds[("hold", "plank")] == 60
    assert ("reps", "plank") not in kinds
    assert [b.record.kind for b in records.breaks] == ["descent", "hold"]


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=30))
def test_the_standing_record_is_the_best_clean_set(reps: list[int]) -> None:
    records = track_records([_set(i, reps=n) for i, n in enumerate(reps)])
    positive = [n for n in reps if n > 0]
    if not positive:
        assert records.standing() == []
        return
    (best,) = records.standing()
    assert best.value == max(positive)
    # every break raised the bar, in order
    values = [b.record.value for b in records.breaks]
    assert values == sorted(set(values))
