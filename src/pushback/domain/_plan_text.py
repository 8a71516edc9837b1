"""The words of a plan: each prescription's reason and the plan-wide notes
(private to the planner). Plain words for the user; sources named as authors."""

from __future__ import annotations

from pushback.domain._plan_slots import SCHEDULES, Choice, Context
from pushback.domain.assessment import ladder_step, parq_advice, safety_advice
from pushback.domain.catalog import EQUIPMENT
from pushback.domain.phrases import CLAUSES, ITEMS, exercise_phrase, joined, msg

__all__ = [
    "missing_pull_note",
    "plan_notes",
    "reason_for",
    "sentences",
    "test_reason",
]

#: What a missing piece of equipment would add, in the user's words.
_KIT_WORDS = {
    "bands": msg("a resistance band"),
    "table": msg("a sturdy table"),
    "towel": msg("a towel and a door you can anchor it to"),
    "trx": msg("a suspension trainer"),
    "dumbbells": msg("light dumbbells or water bottles"),
}


def reason_for(
    choice: Choice,
    *,
    dose_words: str,
    seed_words: str,
    level_name: str | None,
    hard: bool,
) -> str:
    """One line: why this exercise, how the dose was set, what differs from the seed."""
    exercise = choice.exercise
    name = exercise_phrase(exercise.slug, exercise.name)
    why = choice.slot.why
    parts: list[str] = [msg("%(why)s: %(name)s", why=why, name=name) if why else name]
    if choice.change:
        parts.append(choice.change)
    if dose_words:
        parts.append(dose_words)
    if seed_words:
        parts.append(seed_words)
    if level_name:
        parts.append(msg("setting: %(level)s", level=level_name))
    if exercise.category in ("pull", "scapular") and hard:
        parts.append(
            msg(
                "back work matched set for set with the push-ups: push-ups train "
                "the back mainly as stabilisers"
            )
        )
    if exercise.category == "push" and (exercise.tempo or "").startswith("3"):
        parts.append(
            msg(
                "%(down)d s down for control, not as a growth trick (Schoenfeld 2015)",
                down=3,
            )
        )
    if not hard:
        parts.append(msg("easy sets, not counted as hard sets"))
    return msg("%(reason)s.", reason=joined(CLAUSES, parts))


def test_reason(name: str, conservative: bool, gate_words: str) -> str:
    """The reason of a retest item (``name``: the exercise, a phrase;
    ``gate_words``: a sentence, or empty)."""
    if conservative:
        how = msg(
            "Retest on %(name)s: stop 3 reps before you would have to strain; your "
            "reps plus those 3 count.",
            name=name,
        )
    else:
        how = msg(
            "Retest on %(name)s: as many clean reps as you can, no set tempo; stop "
            "when you strain or your form slips on two reps in a row (the CSEP "
            "test).",
            name=name,
        )
    tail = msg(
        "Film it and the camera's count is used. Log it and the next block is set "
        "from it."
    )
    return sentences(how, gate_words, tail)


def sentences(*parts: str) -> str:
    """Sentences one after the other (a space between them in English, none in
    Chinese); empty parts are left out."""
    kept = [part for part in parts if part]
    if not kept:
        return ""
    text = kept[0]
    for part in kept[1:]:
        text = msg("%(first)s %(then)s", first=text, then=part)
    return text


def missing_pull_note(ctx: Context, days_without: list[int]) -> str:
    """A note when a hard session found no row or fly for this user: which of the
    things they do not have would add one (never something they own)."""
    if not days_without:
        return ""
    have = set(ctx.person.profile.equipment)
    missing = [_KIT_WORDS[k] for k in EQUIPMENT if k in _KIT_WORDS and k not in have]
    days = joined(ITEMS, [str(day) for day in days_without])
    if not missing:
        return msg(
            "Day(s) %(days)s: no row fits, so the back work is floor drills; your "
            "conditions rule out the rows your equipment allows, and rows are the "
            "direct back work push-ups cannot give.",
            days=days,
        )
    return msg(
        "Day(s) %(days)s: no row fits, so the back work is floor drills; %(kit)s "
        "would add rows.",
        days=days,
        kit=joined(msg(" or "), missing[:3]),
    )


def plan_notes(
    ctx: Context, *, step: int, deload_every_weeks: int, extra: list[str]
) -> tuple[str, ...]:
    """Plan-wide notes: PAR-Q+ advice first, then the person, safety, how it works."""
    profile = ctx.person.profile
    placed = ladder_step(profile, ctx.catalog)
    at = ctx.catalog.at_step(step)
    placed_at = ctx.catalog.get(placed.slug)
    values = {
        "step": placed.step,
        "name": exercise_phrase(placed_at.slug, placed_at.name),
        "reason": placed.reason,
    }
    if step != placed.step:
        where = msg(
            "Push-up level %(step)d (%(name)s): %(reason)s Your plan's main exercise "
            "is %(main)s (level %(main_step)d).",
            main=exercise_phrase(at.slug, at.name),
            main_step=step,
            **values,
        )
    else:
        where = msg("Push-up level %(step)d (%(name)s): %(reason)s", **values)
    days = joined(ITEMS, [str(d) for d, _ in SCHEDULES[profile.days_per_week]])
    notes = [
        *parq_advice(profile),
        where,
        *(rule.text for rule in ctx.person.rules),
        *safety_advice(profile),
        msg(
            "Tempo 3-1-1-0 (the article's 3 s on the way down) is for control and "
            "learning, not a growth trick (Schoenfeld 2015: reps of 0.5-8 s build "
            "muscle alike)."
        ),
        msg(
            "Each week one more rep per set up to the top of the window, then one "
            "more set; at the gate, the retest decides the next step. Every push "
            "slot follows the main exercise, so a step up or down moves them all."
        ),
        msg(
            "Every %(every)dth week is lighter (about half the sets, 3 reps in "
            "reserve) and ends with a retest session.",
            every=deload_every_weeks,
        ),
        msg(
            "Reps x sets of each movement, and of all push-ups together, rise by at "
            "most %(pct)d%% a week (our own rule: no study gives a number).",
            pct=20,
        ),
        msg(
            "Days %(days)s of each week, counted from the start date; hard days at "
            "least 48 h apart.",
            days=days,
        ),
        *extra,
    ]
    return tuple(note for note in notes if note)
