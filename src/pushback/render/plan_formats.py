"""Plan renderings for files: Markdown and iCalendar (RFC 5545).

ICS: one all-day ``VEVENT`` per session on its date (``start`` + (week-1)*7 +
(day-1) days), the session's content in ``DESCRIPTION``; text values escaped
(backslash, semicolon, comma, newline) and lines folded at 75 octets with CRLF +
space, never inside a UTF-8 character. UIDs depend only on the start date, week
and day, so re-importing a regenerated plan updates events instead of doubling them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pushback.domain.phrases import ITEMS, joined, msg
from pushback.domain.plans import Plan, Prescription, Session, Week

__all__ = [
    "describe",
    "escape_text",
    "fold_line",
    "prescription_words",
    "render_ics",
    "render_markdown",
    "session_date",
]

_MAX_OCTETS = 75


def session_date(start: date, week: Week, session: Session) -> date:
    """The calendar date of ``session`` in ``week`` for a plan starting on ``start``."""
    return start + timedelta(days=(week.week - 1) * 7 + session.day - 1)


def describe(item: Prescription) -> str:
    """One exercise as a short line: ``Wide push-up: 2 x 8 reps (6-15), tempo ...``."""
    return msg(
        "%(name)s: %(dose)s", name=item.name or item.slug, dose=prescription_words(item)
    )


def prescription_words(item: Prescription) -> str:
    """What to do of one exercise (a phrase): ``2 x 8 reps (window 6-15, ...)``."""
    if item.role == "test":
        return _test_words(item)
    if item.duration_s is not None:
        amount = msg("%(sets)d x %(time)d s", sets=item.sets, time=item.duration_s)
    elif item.reps_per_side is not None:
        amount = msg(
            "%(sets)d x %(reps)d reps per side", sets=item.sets, reps=item.reps_per_side
        )
    else:
        amount = msg("%(sets)d x %(reps)s reps", sets=item.sets, reps=item.reps)
    details = []
    if item.rep_range:
        details.append(
            msg(
                "window %(low)d-%(high)d", low=item.rep_range[0], high=item.rep_range[1]
            )
        )
    if item.tempo:
        details.append(msg("tempo %(tempo)s", tempo=item.tempo))
    if item.rir is not None:
        details.append(msg("%(rir)d reps in reserve", rir=item.rir))
    if item.hard and item.rest_s:
        details.append(msg("rest %(time)d s", time=item.rest_s))
    if item.short_range:
        details.append(msg("shorter range"))
    if not details:
        return amount
    return msg(
        "%(amount)s (%(details)s)", amount=amount, details=joined(ITEMS, details)
    )


def _test_words(item: Prescription) -> str:
    aim = item.reps if item.reps is not None else item.reps_per_side
    values = {"aim": aim, "rir": item.rir}
    if item.reps_per_side is not None:
        if item.rir is not None:
            return msg(
                "as many clean reps as you can (aim: %(aim)s per side, stop "
                "%(rir)d reps early)",
                **values,
            )
        return msg("as many clean reps as you can (aim: %(aim)s per side)", aim=aim)
    if item.rir is not None:
        return msg(
            "as many clean reps as you can (aim: %(aim)s, stop %(rir)d reps early)",
            **values,
        )
    return msg("as many clean reps as you can (aim: %(aim)s)", aim=aim)


def render_markdown(plan: Plan, start: date) -> str:
    """The plan as a Markdown document: notes, then one table per session."""
    count = len(plan.weeks)
    weeks = f"{count} week{'s' if count != 1 else ''}"
    lines = [f"# pushback plan ({weeks} from {start.isoformat()})", ""]
    lines += [f"- {note}" for note in plan.notes]
    for week in plan.weeks:
        title = f"## Week {week.week}" + (" (easy week)" if week.deload else "")
        lines += ["", title]
        if week.note:
            lines += ["", f"_{week.note}_"]
        for session in week.sessions:
            when = session_date(start, week, session).isoformat()
            lines += ["", f"### Day {session.day} ({when}): {session.title}", ""]
            lines += [
                "| Exercise | Prescription | In the article's plan | Why |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| {_cell(i.name or i.slug)} | {_cell(describe(i).split(': ', 1)[1])} "
                f"| {_cell(i.seed or '')} | {_cell(i.reason)} |"
                for i in session.exercises
            ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def escape_text(text: str) -> str:
    """Escape an RFC 5545 TEXT value (section 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 section 3.1), CRLF-joined."""
    parts: list[str] = []
    current = ""
    limit = _MAX_OCTETS
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
            limit = _MAX_OCTETS - 1  # continuation lines start with one space
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _event(
    plan_start: date, week: Week, session: Session, stamp: datetime
) -> list[str]:
    day = session_date(plan_start, week, session)
    summary = f"pushback week {week.week} day {session.day}: {session.title}"
    if week.deload:
        summary += " (deload)"
    body = [describe(item) for item in session.exercises]
    if week.note:
        body.append(week.note)
    return [
        "BEGIN:VEVENT",
        f"UID:pushback-{plan_start.isoformat()}-w{week.week}-d{session.day}@pushback",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(body))}",
        "END:VEVENT",
    ]


def render_ics(plan: Plan, start: date, stamp: datetime) -> str:
    """The plan as an iCalendar file (one event per session).

    ``stamp`` is the DTSTAMP (UTC creation time), passed in so output is reproducible.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pushback//plan//EN",
        "CALSCALE:GREGORIAN",
    ]
    for week in plan.weeks:
        for session in week.sessions:
            lines += _event(start, week, session, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
