"""What the video report shows: one verdict, tempo bars with a close band."""

from __future__ import annotations

from typing import Any

from pushback.render.report_view import report_view


def _analysis(descents: list[float], stop_at_rep: int | None) -> dict[str, Any]:
    return {
        "rep_count": len(descents),
        "reps": [
            {"index": i, "descent_s": d, "faults": ["hip-sag"] if i > 3 else []}
            for i, d in enumerate(descents, start=1)
        ],
        "tempo": {"prescribed_descent_s": 3.0, "tolerance_s": 0.5},
        "stop_at_rep": stop_at_rep,
        "feedback": [{"code": "hip-sag", "message": "Hips sag.", "reps": [4]}],
    }


def test_one_verdict_names_the_last_good_rep_once() -> None:
    view = report_view(_analysis([3.0] * 10, stop_at_rep=10))
    assert view.verdict.tone == "stop"
    assert view.verdict.stop_after_rep == 9
    assert view.verdict.title == "Stop after rep 9 next time."
    assert "rep 10" in view.verdict.detail
    assert [r.after_stop for r in view.reps] == [False] * 9 + [True]


def test_a_held_set_is_good_news() -> None:
    view = report_view(_analysis([3.0, 3.1], stop_at_rep=None))
    assert view.verdict.tone == "good"
    assert view.verdict.stop_after_rep is None


def test_a_rep_just_under_the_band_reads_close_not_too_fast() -> None:
    view = report_view(_analysis([2.3, 1.2, 3.0], stop_at_rep=None))
    close, fast, on = view.reps
    assert (close.kind, close.words) == ("close", "close: 0.2 s fast")
    assert (fast.kind, fast.words) == ("too fast", "too fast by 1.3 s")
    assert (on.kind, on.words) == ("on tempo", "on tempo")
    assert view.tempo_line == (
        "1 of 3 reps lowered on tempo (aim: 3 s down), 1 close, 1 too fast."
    )


def test_tempo_bar_geometry_places_the_bands_and_the_rep() -> None:
    view = report_view(_analysis([3.0, 6.6], stop_at_rep=None))
    assert view.scale_s == 7.3  # the longest descent plus 10%
    low, width = view.on_band
    assert low < view.target_pct < low + width
    close_low, close_width = view.close_band
    assert close_low < low and close_low + close_width > low + width
    assert 0 < view.reps[0].bar_pct < view.reps[1].bar_pct <= 100


def test_fault_codes_become_names() -> None:
    view = report_view(_analysis([3.0] * 4, stop_at_rep=None))
    assert view.reps[3].faults == ("Hips sagging",)
    assert "-" not in view.feedback[0]["name"]
