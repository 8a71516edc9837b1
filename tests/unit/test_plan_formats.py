"""Markdown and iCalendar renderings of a plan (RFC 5545 escaping and folding)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pushback.domain.plans import Plan, Prescription, Session, Week
from pushback.render.plan_formats import (
    escape_text,
    fold_line,
    render_ics,
    render_markdown,
)

STAMP = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
START = date(2025, 3, 3)


def small_plan() -> Plan:
    push = Prescription(
        slug="push-up",
        sets=2,
        reps=8,
        rep_range=(6, 15),
        tempo="3-1-1-0",
        rest_s=120,
        rir=2,
        name="Push-up",
        reason="seed day 1; blades back, down; no shrug | test",
        seed="Wide push-up 4x12 (seed day 1)",
    )
    stretch = Prescription(
        slug="doorway-stretch",
        sets=1,
        duration_s=30,
        hard=False,
        name="Doorway stretch ü",
        reason="cool-down",
    )
    sessions = (Session(day=1, exercises=(push, stretch), title="Day one"),)
    later = (Session(day=3, exercises=(push,), title="Day three"),)
    return Plan(
        weeks=(
            Week(week=1, deload=False, sessions=sessions),
            Week(week=2, deload=True, sessions=later, note="deload"),
        ),
        generator_version="test",
        notes=("A note.",),
    )


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_escaping_follows_rfc_5545() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original() -> None:
    line = "DESCRIPTION:" + "ü" * 100 + "x" * 50
    folded = fold_line(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_ics_has_one_event_per_session_on_its_date() -> None:
    text = render_ics(small_plan(), START, STAMP)
    lines = unfold(text)
    assert text.endswith("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20250303" in lines
    assert "DTSTART;VALUE=DATE:20250312" in lines  # week 2, day 3
    assert "UID:pushback-2025-03-03-w1-d1@pushback" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Push-up: 2 x 8 reps" in description
    assert "\\n" in description


def test_ics_is_the_same_for_the_same_plan_and_stamp() -> None:
    assert render_ics(small_plan(), START, STAMP) == render_ics(
        small_plan(), START, STAMP
    )


def test_markdown_shows_seed_beside_ours_and_escapes_pipes() -> None:
    text = render_markdown(small_plan(), START)
    assert "## Week 2 (easy week)" in text
    assert "### Day 3 (2025-03-12): Day three" in text
    assert "Wide push-up 4x12 (seed day 1)" in text
    assert "no shrug \\| test" in text
    assert "1 x 30 s" in text
